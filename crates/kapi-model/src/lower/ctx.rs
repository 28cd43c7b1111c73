//! The lowering context: the file text, the comment being lowered, and the diagnostics sink,
//! with the small text helpers every block lowerer needs (line numbers for messages, the cleaned
//! lines an attribute spans, and the comment prefix used when a fix inserts a new line).

use crate::diagnostic::{Code, Diagnostic, Severity};
use kapi_syntax::{Attr, KapiDoc, LineIndex, TextRange};

/// Shared state while lowering one comment.
pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub doc: &'a KapiDoc,
    pub diags: Vec<Diagnostic>,
    /// While set, value diagnostics starting inside this range are dropped: the range is an
    /// attribute whose value absorbed a misplaced key line, already reported as `unknown-key`,
    /// and what upstream then makes of the joined value is noise.
    pub mute: Option<TextRange>,
}

impl<'a> Ctx<'a> {
    /// Reports a diagnostic with the code's default severity.
    pub fn report(&mut self, code: Code, range: TextRange, message: impl Into<String>) {
        self.push(Diagnostic::new(code, range, message));
    }

    /// Reports a diagnostic with one mechanical fix replacing `fix_range`.
    pub fn report_fix(
        &mut self,
        code: Code,
        range: TextRange,
        message: impl Into<String>,
        title: impl Into<String>,
        fix_range: TextRange,
        new_text: impl Into<String>,
    ) {
        self.push(Diagnostic::new(code, range, message).with_fix(title, fix_range, new_text));
    }

    /// Reports a diagnostic with an explicit severity.
    pub fn report_sev(
        &mut self,
        code: Code,
        severity: Severity,
        range: TextRange,
        message: impl Into<String>,
    ) {
        self.push(Diagnostic::new(code, range, message).with_severity(severity));
    }

    pub fn push(&mut self, diag: Diagnostic) {
        let muted = self.mute.is_some_and(|m| {
            diag.code != Code::UnknownKey && m.start <= diag.range.start && diag.range.start < m.end
        });
        if !muted {
            self.diags.push(diag);
        }
    }

    /// The 1-based line number of an offset, for messages ("first on line 12").
    pub fn line_no(&self, offset: usize) -> u32 {
        self.index.line_of(offset) + 1
    }

    /// The index in `doc.lines` of the cleaned line that contains `offset`.
    pub fn line_at(&self, offset: usize) -> Option<usize> {
        let lines = &self.doc.lines;
        let i = lines.partition_point(|r| r.start <= offset);
        (i > 0 && lines[i - 1].end >= offset).then(|| i - 1)
    }

    /// The cleaned lines an attribute covers: its first line, then its absorbed continuations.
    pub fn attr_lines(&self, attr: &Attr) -> &'a [TextRange] {
        let lines: &'a [TextRange] = &self.doc.lines;
        let Some(first) = self.line_at(attr.range.start) else {
            return &[];
        };
        let end = lines
            .partition_point(|r| r.start < attr.range.end)
            .max(first + 1);
        &lines[first..end]
    }

    /// The logical line upstream hands to a block handler: the attribute's first line trimmed,
    /// then each non-blank continuation line trimmed, joined by single spaces.
    pub fn logical_line(&self, attr: &Attr) -> String {
        let lines = self.attr_lines(attr);
        let mut out = String::new();
        for (i, r) in lines.iter().enumerate() {
            let piece = if i == 0 {
                let end = r.end.max(attr.range.start);
                &self.text[attr.range.start..end]
            } else {
                r.slice(self.text)
            };
            let piece = piece.trim();
            if piece.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(piece);
        }
        out
    }

    /// The leading white space of the cleaned line at `range` (its indentation).
    pub fn indent_of(&self, line: TextRange) -> &'a str {
        let raw = line.slice(self.text);
        &raw[..raw.len() - raw.trim_start().len()]
    }

    /// The range of the indentation of the cleaned line that contains `offset`.
    pub fn indent_range(&self, offset: usize) -> Option<TextRange> {
        let line = self.doc.lines[self.line_at(offset)?];
        Some(TextRange::new(
            line.start,
            line.start + self.indent_of(line).len(),
        ))
    }

    /// What a fix must write to start a new comment line after the line holding `offset`: the
    /// line break the file uses, then the comment prefix of that line (` * `).
    pub fn new_line_prefix(&self, offset: usize) -> String {
        let line_start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let clean_start = self
            .line_at(offset)
            .map_or(line_start, |i| self.doc.lines[i].start)
            .max(line_start);
        let eol = if self.text[..line_start].ends_with("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        format!("{eol}{}", &self.text[line_start..clean_start])
    }
}

/// Upstream's indentation rule: two spaces or a tab.
pub(crate) fn is_indented(line: &str) -> bool {
    line.starts_with("  ") || line.starts_with('\t')
}

/// The `word` of a line that starts with a lower-case `word:` (letters, digits, `-`, `_`),
/// with the word's byte length. Kernel-doc prose (`Note:`), `@name:` lines and sentences with a
/// colon later on do not match.
pub(crate) fn key_shape(trimmed: &str) -> Option<&str> {
    let end = trimmed
        .bytes()
        .position(|b| !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_'))?;
    let word = &trimmed[..end];
    let ok = !word.is_empty()
        && word.as_bytes()[0].is_ascii_lowercase()
        && trimmed[end..].starts_with(':');
    ok.then_some(word)
}
