//! What is at a cursor offset: the identifier under it, whether it sits in C code, a comment or
//! a string literal, and the physical line around it. Shared by hover and completion, which both
//! receive raw byte offsets from the server that may be stale, past the end of the text, or
//! inside a multi-byte character.

use kapi_syntax::text::floor_char_boundary;
use kapi_syntax::TextRange;

/// The offset as a character boundary of `text`, or `None` when it lies past the end (a stale
/// request for a text that has since shrunk: answering it would point at the wrong thing).
pub(crate) fn clamp(text: &str, offset: usize) -> Option<usize> {
    (offset <= text.len()).then(|| floor_char_boundary(text, offset))
}

pub(crate) fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The C identifier (or number) touching `offset`: the cursor may be inside it or right after
/// it. An identifier starting at the cursor wins over one ending there (`a|b` can't happen, but
/// `x(|y` should pick `y`).
pub(crate) fn word_at(text: &str, offset: usize) -> Option<TextRange> {
    let bytes = text.as_bytes();
    let on_word = bytes.get(offset).is_some_and(|&b| is_ident_byte(b));
    let after_word = offset > 0 && bytes.get(offset - 1).is_some_and(|&b| is_ident_byte(b));
    if !on_word && !after_word {
        return None;
    }
    let start = bytes[..offset]
        .iter()
        .rposition(|&b| !is_ident_byte(b))
        .map_or(0, |i| i + 1);
    let end = offset
        + bytes[offset..]
            .iter()
            .position(|&b| !is_ident_byte(b))
            .unwrap_or(bytes.len() - offset);
    Some(TextRange::new(start, end))
}

/// The run of bytes accepted by `part` that ends at `offset` (the partial word a completion
/// replaces); empty at the cursor when nothing is typed.
pub(crate) fn word_before(text: &str, offset: usize, part: impl Fn(u8) -> bool) -> TextRange {
    let bytes = text.as_bytes();
    let start = bytes[..offset]
        .iter()
        .rposition(|&b| !part(b))
        .map_or(0, |i| i + 1);
    TextRange::new(start, offset)
}

/// The physical line containing `offset`, without its line break.
pub(crate) fn line_at(text: &str, offset: usize) -> TextRange {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let end = if end > start && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    };
    TextRange::new(start, end.max(offset))
}

/// Where an offset sits lexically in C text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lexical {
    Code,
    Comment,
    String,
}

/// Lexes `text` from the start up to `offset` (comments, string and character literals, with
/// backslash escapes and line splices). Scanning from the start is the only way to know whether
/// a line is inside a multi-line `/* ... */` comment; it is linear and runs once per request.
pub(crate) fn lexical_at(text: &str, offset: usize) -> Lexical {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < offset {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                // A line comment runs to the end of the line, unless the line is spliced.
                let mut j = i + 2;
                while j < bytes.len() && !(bytes[j] == b'\n' && bytes[j - 1] != b'\\') {
                    j += 1;
                }
                if offset <= j {
                    return Lexical::Comment;
                }
                i = j;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |k| i + 2 + k + 2);
                // The cursor right after the closing `*/` is back in code.
                if offset < end {
                    return Lexical::Comment;
                }
                i = end;
            }
            quote @ (b'"' | b'\'') => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != quote && bytes[j] != b'\n' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                if offset <= j.min(bytes.len()) {
                    return Lexical::String;
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    Lexical::Code
}

/// Test fixtures: files of inline C text, one of which holds a `$0` cursor marker.
#[cfg(test)]
pub(crate) fn fixture(files: &[(&str, &str)]) -> (crate::Analysis, crate::FileId, usize) {
    let mut host = crate::AnalysisHost::new();
    let mut cursor = None;
    for (path, text) in files {
        let offset = text.find("$0");
        let id = host.set_file_text(std::path::Path::new(path), text.replace("$0", "").into());
        if let Some(offset) = offset {
            assert!(cursor.is_none(), "more than one $0");
            cursor = Some((id, offset));
        }
    }
    let (id, offset) = cursor.expect("a $0 marker");
    (host.analysis(), id, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(fixture: &str) -> Lexical {
        let offset = fixture.find("$0").unwrap();
        let text = fixture.replace("$0", "");
        lexical_at(&text, offset)
    }

    #[test]
    fn lexical_states() {
        assert_eq!(lex("int x = f$0(1);"), Lexical::Code);
        assert_eq!(lex("// f$0(1)\nint x;"), Lexical::Comment);
        assert_eq!(lex("// a\nint x = f$0(1);"), Lexical::Code);
        assert_eq!(lex("/* a\n * f$0(1)\n */"), Lexical::Comment);
        assert_eq!(lex("/* a */ f$0(1)"), Lexical::Code);
        assert_eq!(lex("/* a */$0"), Lexical::Code);
        assert_eq!(lex("s = \"f$0(1)\";"), Lexical::String);
        assert_eq!(lex("s = \"a\\\"f$0(1)\";"), Lexical::String);
        assert_eq!(lex("s = \"a\"; f$0(1);"), Lexical::Code);
        assert_eq!(lex("c = '\"'; f$0(1);"), Lexical::Code);
        assert_eq!(lex("s = \"// x\"; f$0(1);"), Lexical::Code);
        assert_eq!(lex("s = \"/* x\"; f$0(1);"), Lexical::Code);
    }

    #[test]
    fn words_and_clamping() {
        let text = "a foo_1(é) b";
        assert_eq!(word_at(text, 2).map(|r| r.slice(text)), Some("foo_1"));
        assert_eq!(word_at(text, 7).map(|r| r.slice(text)), Some("foo_1"));
        assert_eq!(word_at(text, 1).map(|r| r.slice(text)), Some("a"));
        assert_eq!(word_at(text, 8), None);
        assert_eq!(clamp(text, 9), Some(8));
        assert_eq!(clamp(text, text.len()), Some(text.len()));
        assert_eq!(clamp(text, text.len() + 1), None);
        assert_eq!(word_before(text, 5, is_ident_byte).slice(text), "foo");
        assert_eq!(line_at("a\r\nbc\n", 4).slice("a\r\nbc\n"), "bc");
        assert_eq!(line_at("a\r\nbc", 1).slice("a\r\nbc"), "a");
    }
}
