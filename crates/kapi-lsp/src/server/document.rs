//! An open document: its text in a rope, its version, and its incrementally maintained C tree.
//!
//! Changes are applied here synchronously, in the order the client sent them; the caller holds
//! the state lock for the whole application, so no other handler can observe a half-applied
//! change.

use super::convert::Encoding;
use kapi_syntax::ctree::CTree;
use ropey::{Rope, RopeSlice};
use std::sync::Arc;
use tower_lsp_server::ls_types as lsp;

#[derive(Debug)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    /// The current text, shared with the analysis.
    pub text: Arc<str>,
    /// The C tree; edited with every change and re-parsed off the keystroke path.
    pub ctree: CTree,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Document {
        Document {
            rope: Rope::from_str(text),
            version,
            text: Arc::from(text),
            ctree: CTree::parse(text),
        }
    }

    /// Applies the changes of one `didChange` in order.
    pub fn apply_changes(
        &mut self,
        changes: &[lsp::TextDocumentContentChangeEvent],
        version: i32,
        enc: Encoding,
    ) {
        for change in changes {
            match change.range {
                None => {
                    self.rope = Rope::from_str(&change.text);
                    self.text = Arc::from(change.text.as_str());
                    self.ctree = CTree::parse(&change.text);
                }
                Some(range) => {
                    let start = char_index(&self.rope, range.start, enc);
                    let end = char_index(&self.rope, range.end, enc).max(start);
                    let start_byte = self.rope.char_to_byte(start);
                    let end_byte = self.rope.char_to_byte(end);
                    self.rope.remove(start..end);
                    self.rope.insert(start, &change.text);
                    self.ctree
                        .edit(&self.text, start_byte, end_byte, &change.text);
                    self.text = Arc::from(self.rope.to_string());
                }
            }
        }
        self.version = version;
    }
}

/// The char index of an LSP position in the rope. Lines past the end clamp to the end of the
/// text, columns past the end of a line to the end of that line (before its line break).
pub fn char_index(rope: &Rope, pos: lsp::Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let line_start = rope.line_to_char(line);
    let slice = without_line_break(rope.line(line));
    let col = pos.character as usize;
    let within = match enc {
        Encoding::Utf16 => slice.utf16_cu_to_char(col.min(slice.len_utf16_cu())),
        Encoding::Utf8 => slice.byte_to_char(col.min(slice.len_bytes())),
    };
    line_start + within
}

fn without_line_break(line: RopeSlice<'_>) -> RopeSlice<'_> {
    let mut end = line.len_chars();
    if end > 0 && line.char(end - 1) == '\n' {
        end -= 1;
    }
    if end > 0 && line.char(end - 1) == '\r' {
        end -= 1;
    }
    line.slice(..end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kapi_ide::{analyze_text, AnalysisHost};
    use kapi_syntax::{ColumnUnit, LineIndex};
    use proptest::prelude::*;
    use std::path::Path;

    fn change(
        text: &str,
        start: (u32, u32),
        end: (u32, u32),
    ) -> lsp::TextDocumentContentChangeEvent {
        lsp::TextDocumentContentChangeEvent {
            range: Some(lsp::Range {
                start: lsp::Position {
                    line: start.0,
                    character: start.1,
                },
                end: lsp::Position {
                    line: end.0,
                    character: end.1,
                },
            }),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn utf16_and_utf8_edits_on_non_ascii_lines() {
        let mut d = Document::new("é中😀x\r\nline\n", 1);
        // After 😀 is UTF-16 column 4 (é=1, 中=1, 😀=2).
        d.apply_changes(&[change("Y", (0, 4), (0, 5))], 2, Encoding::Utf16);
        assert_eq!(&*d.text, "é中😀Y\r\nline\n");
        // The same column in UTF-8 bytes is 2+3+4 = 9.
        d.apply_changes(&[change("Z", (0, 9), (0, 10))], 3, Encoding::Utf8);
        assert_eq!(&*d.text, "é中😀Z\r\nline\n");
        // Past the end of a line clamps before the CRLF; past the last line clamps to the end.
        d.apply_changes(
            &[change("!", (0, 99), (0, 99)), change("?", (9, 0), (9, 0))],
            4,
            Encoding::Utf16,
        );
        assert_eq!(&*d.text, "é中😀Z!\r\nline\n?");
        assert_eq!(d.version, 4);
    }

    const PIECES: &[&str] = &[
        "a",
        " ",
        "é",
        "中",
        "😀",
        "\n",
        "\r\n",
        " * ",
        "/**\n",
        " */\n",
        "contexts: process\n",
        "param: x\n",
        "  type: int\n",
        "SYSCALL_DEFINE1(x, int, x)\n{\n}\n",
        "return -EINVAL;",
    ];

    fn lsp_position(text: &str, offset: usize, enc: Encoding) -> lsp::Position {
        let unit = match enc {
            Encoding::Utf16 => ColumnUnit::Utf16,
            Encoding::Utf8 => ColumnUnit::Utf8,
        };
        let lc = LineIndex::new(text).line_col(text, offset, unit);
        lsp::Position {
            line: lc.line,
            character: lc.col,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Any sequence of edits leaves the document, its C tree and its analysis exactly as a
        /// fresh open of the final text would.
        #[test]
        fn edits_equal_a_fresh_parse(
            initial in proptest::collection::vec(0..PIECES.len(), 0..40),
            edits in proptest::collection::vec((0usize..2000, 0usize..30, proptest::collection::vec(0..PIECES.len(), 0..4), any::<bool>()), 1..10),
        ) {
            let mut expected: String = initial.iter().map(|&i| PIECES[i]).collect();
            let mut doc = Document::new(&expected, 0);
            for (n, (at, del, ins, utf8)) in edits.into_iter().enumerate() {
                let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
                let mut start = kapi_syntax::text::floor_char_boundary(&expected, at % (expected.len() + 1));
                let mut end = kapi_syntax::text::floor_char_boundary(&expected, (start + del).min(expected.len()));
                // Positions inside a CRLF pair do not exist in LSP; keep edits off them.
                if expected[..start].ends_with('\r') && expected[start..].starts_with('\n') { start -= 1; }
                if expected[..end].ends_with('\r') && expected[end..].starts_with('\n') { end += 1; }
                let inserted: String = ins.iter().map(|&i| PIECES[i]).collect();
                let c = lsp::TextDocumentContentChangeEvent {
                    range: Some(lsp::Range { start: lsp_position(&expected, start, enc), end: lsp_position(&expected, end, enc) }),
                    range_length: None,
                    text: inserted.clone(),
                };
                expected.replace_range(start..end, &inserted);
                doc.apply_changes(&[c], n as i32 + 1, enc);
                prop_assert_eq!(&*doc.text, expected.as_str());
            }
            prop_assert_eq!(doc.rope.to_string(), expected.clone());
            doc.ctree.reparse(&doc.text);
            let fresh = Document::new(&expected, 0);
            prop_assert_eq!(doc.ctree.tree().root_node().to_sexp(), fresh.ctree.tree().root_node().to_sexp());
            let mut host = AnalysisHost::new();
            host.set_file_text(Path::new("/a.c"), doc.text.clone());
            let analysis = host.analysis();
            let id = analysis.file_id(Path::new("/a.c")).unwrap();
            let incremental = &analysis.file(id).unwrap().analysis;
            let scratch = analyze_text(&expected);
            prop_assert_eq!(&incremental.diagnostics, &scratch.diagnostics);
            prop_assert_eq!(&incremental.specs, &scratch.specs);
        }
    }
}
