//! Byte ranges into a file's text and the line index that turns them into lines and columns.

use std::fmt;

/// A half-open byte range `start..end` into a file's text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> TextRange {
        debug_assert!(start <= end, "inverted range {start}..{end}");
        TextRange { start, end }
    }

    pub fn empty(at: usize) -> TextRange {
        TextRange { start: at, end: at }
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// True when `offset` lies inside the range or touches its end (a cursor right after a token).
    pub fn touches(self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest range covering both.
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The range moved by `delta` bytes (used when text before it changes length).
    pub fn shifted(self, delta: isize) -> TextRange {
        TextRange::new(
            (self.start as isize + delta) as usize,
            (self.end as isize + delta) as usize,
        )
    }

    pub fn slice(self, text: &str) -> &str {
        &text[self.start..self.end]
    }
}

impl fmt::Debug for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Line starts of a text. Lines break at `\n`, `\r\n` and a lone `\r`, as in LSP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    len: usize,
}

/// A zero-based line and a zero-based column counted in the unit the caller asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnUnit {
    Utf8,
    Utf16,
    Char,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut line_starts = Vec::with_capacity(bytes.len() / 32 + 1);
        line_starts.push(0);
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // `\r\n` is one break: the `\r` ends the line only when no `\n` follows.
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                line_starts.push(i + 1);
            }
        }
        LineIndex {
            line_starts,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset of the start of `line`, if the line exists.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.line_starts.get(line as usize).copied()
    }

    /// Byte range of `line` without its line break.
    pub fn line_range(&self, text: &str, line: u32) -> Option<TextRange> {
        let start = self.line_start(line)?;
        let mut end = self
            .line_starts
            .get(line as usize + 1)
            .copied()
            .unwrap_or(self.len);
        let bytes = text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        Some(TextRange::new(start, end))
    }

    /// Zero-based line of a byte offset (offsets past the end map to the last line).
    pub fn line_of(&self, offset: usize) -> u32 {
        (self.line_starts.partition_point(|&s| s <= offset) - 1) as u32
    }

    /// Line and column of a byte offset, with the column counted in `unit`.
    pub fn line_col(&self, text: &str, offset: usize, unit: ColumnUnit) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_starts[line as usize];
        let prefix = &text[start..offset];
        let col = match unit {
            ColumnUnit::Utf8 => prefix.len(),
            ColumnUnit::Utf16 => prefix.chars().map(char::len_utf16).sum(),
            ColumnUnit::Char => prefix.chars().count(),
        };
        LineCol {
            line,
            col: col as u32,
        }
    }

    /// Byte offset of a line and column counted in `unit`. `None` when the line does not exist;
    /// a column past the end of the line, or inside a character, is clamped to a character
    /// boundary of that line.
    pub fn offset(&self, text: &str, pos: LineCol, unit: ColumnUnit) -> Option<usize> {
        let range = self.line_range(text, pos.line)?;
        let line_text = &text[range.start..range.end];
        let mut counted = 0usize;
        for (i, c) in line_text.char_indices() {
            if counted >= pos.col as usize {
                return Some(range.start + i);
            }
            counted += match unit {
                ColumnUnit::Utf8 => c.len_utf8(),
                ColumnUnit::Utf16 => c.len_utf16(),
                ColumnUnit::Char => 1,
            };
            if counted > pos.col as usize {
                // The column points inside this character: clamp to its start.
                return Some(range.start + i);
            }
        }
        Some(range.end)
    }
}

/// The largest character boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_each_unit_on_non_ascii_and_crlf() {
        let text = "ab\r\né中😀x\rz";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        let x = text.find('x').unwrap();
        assert_eq!(
            index.line_col(text, x, ColumnUnit::Utf8),
            LineCol { line: 1, col: 9 }
        );
        assert_eq!(
            index.line_col(text, x, ColumnUnit::Utf16),
            LineCol { line: 1, col: 4 }
        );
        assert_eq!(
            index.line_col(text, x, ColumnUnit::Char),
            LineCol { line: 1, col: 3 }
        );
        for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Char] {
            let pos = index.line_col(text, x, unit);
            assert_eq!(index.offset(text, pos, unit), Some(x));
        }
        let z = text.find('z').unwrap();
        assert_eq!(
            index.line_col(text, z, ColumnUnit::Utf16),
            LineCol { line: 2, col: 0 }
        );
        assert_eq!(index.line_range(text, 0).unwrap().slice(text), "ab");
        assert_eq!(index.line_range(text, 1).unwrap().slice(text), "é中😀x");
    }

    #[test]
    fn out_of_range_positions_are_clamped_or_rejected() {
        let text = "é\n";
        let index = LineIndex::new(text);
        // Column inside the two UTF-8 bytes of é clamps to its start; past the end clamps to the end.
        assert_eq!(
            index.offset(text, LineCol { line: 0, col: 1 }, ColumnUnit::Utf8),
            Some(0)
        );
        assert_eq!(
            index.offset(text, LineCol { line: 0, col: 99 }, ColumnUnit::Utf16),
            Some(2)
        );
        assert_eq!(
            index.offset(text, LineCol { line: 1, col: 0 }, ColumnUnit::Utf16),
            Some(3)
        );
        assert_eq!(
            index.offset(text, LineCol { line: 5, col: 0 }, ColumnUnit::Utf16),
            None
        );
        assert_eq!(
            index.line_col(text, 1, ColumnUnit::Utf8),
            LineCol { line: 0, col: 0 }
        );
    }
}
