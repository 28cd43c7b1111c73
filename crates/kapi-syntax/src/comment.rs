//! Finds `/** ... */` kerneldoc comments and cleans their lines exactly as the upstream tools do.
//!
//! A comment starts at a line whose left-trimmed text begins with `/**` (the rest of that line is
//! dropped) and ends at the first later line containing `*/` (dropped whole). A second `/**`
//! before the end restarts the comment. Each body line is left-trimmed, and a leading `*` plus at
//! most one space is removed; the cleaned text keeps its byte range in the file.

use crate::text::TextRange;

/// One kerneldoc comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocComment {
    /// From the `/**` to the end of the `*/`.
    pub range: TextRange,
    /// The cleaned body lines, one per physical line between the opening and closing lines.
    pub lines: Vec<TextRange>,
    /// Byte offset where the line after the closing `*/` line starts (the declaration search
    /// begins here).
    pub after: usize,
    /// True when the text ends before the comment is closed: no tool reads such a comment.
    pub unterminated: bool,
}

/// A physical line of the file: its range without the line break, and where the next one starts.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawLine {
    pub range: TextRange,
    pub next: usize,
}

/// Splits text into lines the way Rust's `str::lines` does (at `\n`, dropping a `\r` before it).
pub(crate) fn raw_lines(text: &str, from: usize) -> impl Iterator<Item = RawLine> + '_ {
    let bytes = text.as_bytes();
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let (mut end, next) = match memchr_newline(&bytes[start..]) {
            Some(i) => (start + i, start + i + 1),
            None => (bytes.len(), bytes.len()),
        };
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        pos = next;
        Some(RawLine {
            range: TextRange::new(start, end),
            next,
        })
    })
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', bytes)
}

/// Every kerneldoc comment in `text`, in order.
pub fn doc_comments(text: &str) -> Vec<DocComment> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let finder = memchr::memmem::Finder::new(b"/**");
    let mut search = 0;
    // The line holding the last `/**` found, and where its leading white space ends. Matches
    // only move forward, so each stretch of text is scanned for line breaks and white space
    // once: looking back to the start of the line for every match would be quadratic on a long
    // line with many `/**` after code.
    let mut line_start = 0;
    let mut indent_end = text.len() - text.trim_start().len();
    let mut scanned = 0;
    // Jump from one `/**` to the next: most of a C file holds no kerneldoc at all, so only the
    // lines of comments themselves are looked at one by one.
    while let Some(found) = finder.find(&bytes[search..]) {
        let at = search + found;
        if let Some(i) = memchr::memrchr(b'\n', &bytes[scanned..at]) {
            line_start = scanned + i + 1;
            let rest = &text[line_start..];
            indent_end = line_start + (rest.len() - rest.trim_start().len());
        }
        scanned = at;
        if indent_end != at {
            // `/**` after code on the same line does not open a kerneldoc comment.
            search = at + 3;
            continue;
        }
        search = match comment_from(text, line_start, &mut out) {
            Some(next) => next,
            None => break,
        };
    }
    out
}

/// Collects the comment whose `/**` line starts at `line_start`; returns where to search for
/// the next one (`None` at the end of the text).
fn comment_from(text: &str, line_start: usize, out: &mut Vec<DocComment>) -> Option<usize> {
    let mut open: Option<(usize, Vec<TextRange>)> = None;
    for line in raw_lines(text, line_start) {
        let raw = line.range.slice(text);
        let trimmed = raw.trim_start();
        let lead = raw.len() - trimmed.len();
        if let Some(after_open) = trimmed.strip_prefix("/**") {
            let start = line.range.start + lead;
            // `/** one line */` is a complete comment with no body.
            if let Some(close) = after_open.find("*/") {
                out.push(DocComment {
                    range: TextRange::new(start, start + 3 + close + 2),
                    lines: Vec::new(),
                    after: line.next,
                    unterminated: false,
                });
                return Some(line.next);
            }
            open = Some((start, Vec::new()));
            continue;
        }
        let (start, lines) = open.as_mut()?;
        if let Some(close) = raw.find("*/") {
            out.push(DocComment {
                range: TextRange::new(*start, line.range.start + close + 2),
                lines: std::mem::take(lines),
                after: line.next,
                unterminated: false,
            });
            return Some(line.next);
        }
        let mut clean_start = line.range.start + lead;
        if let Some(rest) = trimmed.strip_prefix('*') {
            clean_start += 1;
            if rest.starts_with(' ') {
                clean_start += 1;
            }
        }
        lines.push(TextRange::new(clean_start, line.range.end));
    }
    // The text ended inside the comment: keep it, marked, so that a spec in it can be reported
    // instead of silently vanishing.
    if let Some((start, lines)) = open {
        out.push(DocComment {
            range: TextRange::new(start, text.len()),
            lines,
            after: text.len(),
            unterminated: true,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(text: &str) -> Vec<Vec<&str>> {
        doc_comments(text)
            .iter()
            .map(|c| c.lines.iter().map(|r| r.slice(text)).collect())
            .collect()
    }

    #[test]
    fn cleans_star_and_one_space_keeping_indentation() {
        let text = "/** dropped\n * title\n *   type: fd\n *\ttab\n no star\n *\n */\nint x;\n";
        assert_eq!(
            cleaned(text),
            vec![vec!["title", "  type: fd", "\ttab", "no star", ""]]
        );
        let c = &doc_comments(text)[0];
        assert_eq!(&text[c.after..], "int x;\n");
        assert_eq!(c.range.slice(text).lines().last(), Some(" */"));
    }

    #[test]
    fn second_opening_restarts_and_close_line_is_dropped() {
        let text = "/**\n * a\n/**\n * b\n * c */\n";
        assert_eq!(cleaned(text), vec![vec!["b"]]);
    }

    #[test]
    fn crlf_lines_and_single_line_comments() {
        let text = "/** x */\r\n/**\r\n * y\r\n */\r\n";
        assert_eq!(cleaned(text), vec![vec![], vec!["y"]]);
    }

    #[test]
    fn ordinary_comments_are_not_kerneldoc() {
        assert!(doc_comments("/* a */\n/*\n * b\n */\n// c\n").is_empty());
    }
}
