//! The lossless KAPI comment parser: cleaned kerneldoc lines in, a tree of fields, blocks and
//! sections out, every key and value with its byte range in the file.
//!
//! The line model is the upstream Rust extractor's (language reference §2), so the tree groups
//! lines exactly as `kapi` reads them: blank lines never close a block; an indented line while a
//! block is open is a block attribute, and one that starts a known sub-key absorbs the indented
//! lines after it; any other line closes the block and is matched against the top-level keys in
//! upstream order. Nothing here fails: lines that match nothing are kept as [`Item::Other`].

use crate::text::TextRange;
use std::ops::Range;

/// The parsed KAPI content of one kerneldoc comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KapiDoc {
    /// The cleaned comment lines, as byte ranges into the file.
    pub lines: Vec<TextRange>,
    /// The first line (`name - summary`).
    pub title: Option<Title>,
    pub items: Vec<Item>,
    /// What the upstream spec detection (reference §1.2) sees in this comment.
    pub detection: Detection,
}

/// The comment's first line, split at the first ` - `.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Title {
    pub range: TextRange,
    /// The text before ` - ` (e.g. `sys_frob` or `widget_alloc()`), if there is a ` - `.
    pub name: Option<Token>,
    /// The text after the first ` - `, trimmed.
    pub summary: Option<Token>,
}

/// Which detection lines a comment has (reference §1.2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Detection {
    /// Some line starts with `contexts:` or `context-flags:`.
    pub has_context_line: bool,
    /// Some line starts with one of the section keys that make a spec.
    pub has_section_line: bool,
}

impl Detection {
    /// True when every upstream tool treats the comment as a KAPI spec.
    pub fn is_spec(self) -> bool {
        self.has_context_line && self.has_section_line
    }
}

/// The section keys of condition 2 in reference §1.2.
pub const SPEC_SECTION_KEYS: &[&str] = &[
    "api-type:",
    "param:",
    "error:",
    "capability:",
    "signal:",
    "lock:",
    "state-trans:",
    "constraint:",
    "side-effect:",
    "long-desc:",
];

/// A piece of text with its range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub range: TextRange,
}

/// A value made of one or more line pieces joined by single spaces, as upstream joins a logical
/// line. Offsets into `text` map back to file ranges.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Value {
    pub text: String,
    /// `(offset in text, offset in file, length)` for each piece.
    spans: Vec<(usize, usize, usize)>,
    /// Where the value starts in the file even when it is empty (right after the colon).
    anchor: usize,
}

impl Value {
    /// An empty value anchored at `at`.
    pub fn empty(at: usize) -> Value {
        Value {
            text: String::new(),
            spans: Vec::new(),
            anchor: at,
        }
    }

    /// A value from one piece of file text; the piece is trimmed.
    pub fn from_piece(src: &str, range: TextRange) -> Value {
        let mut v = Value::empty(range.start);
        v.push_piece(src, range);
        if v.spans.is_empty() {
            v.anchor = range.end;
        }
        v
    }

    /// Appends a piece (trimmed); empty pieces are skipped, others are joined with one space.
    pub fn push_piece(&mut self, src: &str, range: TextRange) {
        let raw = range.slice(src);
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return;
        }
        let lead = raw.len() - raw.trim_start().len();
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.spans
            .push((self.text.len(), range.start + lead, trimmed.len()));
        self.text.push_str(trimmed);
    }

    /// Moves the value's file offsets by `delta` bytes (see [`crate::shift`]).
    pub(crate) fn shift_file_offsets(&mut self, delta: isize) {
        let moved = |o: usize| (o as isize + delta) as usize;
        for span in &mut self.spans {
            span.1 = moved(span.1);
        }
        self.anchor = moved(self.anchor);
    }

    /// The whole value as one token.
    pub fn into_token(self) -> Token {
        Token {
            range: self.range(),
            text: self.text,
        }
    }

    /// The file range covered by the whole value (empty at the anchor when the value is empty).
    pub fn range(&self) -> TextRange {
        self.range_of(0..self.text.len())
    }

    /// Maps a byte range of `text` to the file. A range spanning pieces covers them all.
    pub fn range_of(&self, sub: Range<usize>) -> TextRange {
        if self.spans.is_empty() {
            return TextRange::empty(self.anchor);
        }
        let start = self.map_start(sub.start);
        let end = if sub.end == sub.start {
            start
        } else {
            self.map_end(sub.end).max(start)
        };
        TextRange::new(start, end)
    }

    fn map_start(&self, off: usize) -> usize {
        for &(t, f, len) in &self.spans {
            if off < t + len {
                // An offset on the joining space before a piece maps to that piece's start.
                return f + off.saturating_sub(t);
            }
        }
        let &(_, f, len) = self.spans.last().expect("non-empty");
        f + len
    }

    fn map_end(&self, off: usize) -> usize {
        for &(t, f, len) in self.spans.iter().rev() {
            if t < off {
                return f + (off - t).min(len);
            }
        }
        self.spans[0].1
    }

    /// A trimmed token for a byte range of `text`.
    pub fn token(&self, sub: Range<usize>) -> Token {
        let (start, end) = self.trim_sub(sub);
        Token {
            text: self.text[start..end].to_string(),
            range: self.range_of(start..end),
        }
    }

    fn trim_sub(&self, sub: Range<usize>) -> (usize, usize) {
        let raw = &self.text[sub.clone()];
        let start = sub.start + (raw.len() - raw.trim_start().len());
        (start, start + raw.trim().len())
    }

    /// Splits at every `sep`, trimming each part; empty parts are kept.
    pub fn split(&self, sep: char) -> Vec<Token> {
        self.splitn(usize::MAX, sep)
    }

    /// Splits at the first `n - 1` occurrences of `sep`, like `str::splitn`.
    pub fn splitn(&self, n: usize, sep: char) -> Vec<Token> {
        self.split_ranges(n, sep)
            .into_iter()
            .map(|r| self.token(r))
            .collect()
    }

    /// Like [`Value::splitn`], but each part is a [`Value`] that keeps its own line pieces.
    pub fn splitn_values(&self, n: usize, sep: char) -> Vec<Value> {
        self.split_ranges(n, sep)
            .into_iter()
            .map(|r| self.slice(r))
            .collect()
    }

    fn split_ranges(&self, n: usize, sep: char) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in self.text.char_indices() {
            if out.len() + 1 >= n {
                break;
            }
            if c == sep {
                out.push(start..i);
                start = i + c.len_utf8();
            }
        }
        out.push(start..self.text.len());
        out
    }

    /// The trimmed sub-value for a byte range of `text`.
    pub fn slice(&self, sub: Range<usize>) -> Value {
        let (s, e) = self.trim_sub(sub);
        let mut v = Value::empty(self.range_of(s..s).start);
        v.text = self.text[s..e].to_string();
        for &(t, f, len) in &self.spans {
            let lo = t.max(s);
            let hi = (t + len).min(e);
            if lo < hi {
                v.spans.push((lo - s, f + (lo - t), hi - lo));
            }
        }
        v
    }
}

/// One top-level element of a KAPI comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// `@name: text`
    ParamDoc(ParamDoc),
    /// A one-line top-level key: `contexts:`, `context-flags:`, `param-count:`, `api-type:`, or a
    /// `return:` with text after it (which upstream ignores).
    Field(Field),
    /// A block key and its indented attributes.
    Block(Block),
    /// A free-text section: `long-desc:`, `notes:`, `examples:`.
    Section(Section),
    /// Any other top-level line: the title, prose, kernel-doc sections, LEGACY or misspelt keys.
    Other(Token),
}

impl Item {
    pub fn range(&self) -> TextRange {
        match self {
            Item::ParamDoc(p) => p.range,
            Item::Field(f) => f.range,
            Item::Block(b) => b.range,
            Item::Section(s) => s.range,
            Item::Other(t) => t.range,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamDoc {
    pub range: TextRange,
    pub name: Token,
    pub text: Value,
}

/// `key: value`. `key` is the key text without the colon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub range: TextRange,
    pub key: Token,
    pub value: Value,
}

/// The kinds of block a top-level key opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockKind {
    Param,
    Error,
    Signal,
    Capability,
    SideEffect,
    StateTrans,
    Constraint,
    Lock,
    Return,
}

impl BlockKind {
    pub const ALL: [BlockKind; 9] = [
        BlockKind::Param,
        BlockKind::Error,
        BlockKind::Signal,
        BlockKind::Capability,
        BlockKind::SideEffect,
        BlockKind::StateTrans,
        BlockKind::Constraint,
        BlockKind::Lock,
        BlockKind::Return,
    ];

    /// The top-level key, without the colon.
    pub fn key(self) -> &'static str {
        match self {
            BlockKind::Param => "param",
            BlockKind::Error => "error",
            BlockKind::Signal => "signal",
            BlockKind::Capability => "capability",
            BlockKind::SideEffect => "side-effect",
            BlockKind::StateTrans => "state-trans",
            BlockKind::Constraint => "constraint",
            BlockKind::Lock => "lock",
            BlockKind::Return => "return",
        }
    }

    /// The sub-keys that start an attribute (and absorb continuation lines) in this block, as
    /// upstream lists them (reference §4).
    pub fn sub_keys(self) -> &'static [&'static str] {
        match self {
            BlockKind::Param => &[
                "type",
                "flags",
                "size",
                "constraint-type",
                "constraint",
                "cdesc",
                "range",
                "mask",
                "valid-mask",
                "valid-values",
                "alignment",
                "size-param",
                "struct-type",
                "arch-mask",
                "desc",
                "description",
            ],
            BlockKind::Error => &["desc", "condition"],
            BlockKind::Signal => &[
                "direction",
                "action",
                "condition",
                "desc",
                "errno",
                "timing",
                "priority",
                "restartable",
                "interruptible",
                "number",
                "target",
                "queue",
                "queue_behavior",
                "transform",
                "transform_to",
                "transform-to",
                "sa_flags_required",
                "sa-flags-required",
                "sa_flags_forbidden",
                "sa-flags-forbidden",
                "state_required",
                "state-required",
                "state_forbidden",
                "state-forbidden",
            ],
            BlockKind::Capability => {
                &["type", "allows", "without", "condition", "priority", "desc"]
            }
            BlockKind::SideEffect => &["target", "desc", "condition", "reversible"],
            BlockKind::StateTrans => &["object", "from", "to", "condition", "desc"],
            BlockKind::Constraint => &["desc", "expr"],
            BlockKind::Lock => &[
                "type",
                "scope",
                "acquired",
                "released",
                "held-on-entry",
                "held-on-exit",
                "desc",
            ],
            BlockKind::Return => &[
                "type",
                "check-type",
                "success",
                "success-range",
                "error-values",
                "desc",
            ],
        }
    }

    fn from_key(key: &str) -> Option<BlockKind> {
        BlockKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// A block: its header (`param: fd`) and its indented attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub range: TextRange,
    pub kind: BlockKind,
    pub key: Token,
    /// The header value (`fd` in `param: fd`), trimmed.
    pub header: Value,
    /// True for the one-line forms that upstream does not read as a block with sub-keys: a
    /// `side-effect:` with three or more comma parts (no block is opened at all) and a
    /// `state-trans:` with a comma (a block is opened but its attributes are ignored).
    pub flat: bool,
    pub attrs: Vec<Attr>,
}

/// An indented line (or logical line) inside a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attr {
    pub range: TextRange,
    /// The sub-key, when the line starts one of the block's known sub-keys followed by `:`.
    pub key: Option<Token>,
    /// False when there is white space between the sub-key and its colon (`type : fd`):
    /// upstream absorbs such a line but its handler then ignores it.
    pub exact: bool,
    /// For a sub-key, the joined value after the colon; otherwise the whole trimmed line.
    pub value: Value,
}

/// A free-text section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub range: TextRange,
    pub key: Token,
    /// The raw text after the key on its own line, then each following line of the section
    /// (untrimmed cleaned lines, blank ones included), as upstream collects them.
    pub lines: Vec<TextRange>,
}

/// Every top-level key upstream reads, without the colon, in the order it tests them
/// (reference §2.3; `api-type` is recognised for detection only).
pub const TOP_LEVEL_KEYS: &[&str] = &[
    "long-desc",
    "context-flags",
    "contexts",
    "param-count",
    "param",
    "error",
    "signal",
    "capability",
    "side-effect",
    "state-trans",
    "constraint",
    "lock",
    "return",
    "examples",
    "notes",
    "api-type",
];

/// Keys after which upstream stops collecting a free-text section (reference §2.4).
const SECTION_STOPPERS: &[&str] = &[
    "param:",
    "param-count:",
    "error:",
    "lock:",
    "signal:",
    "side-effect:",
    "state-trans:",
    "capability:",
    "constraint:",
    "return:",
    "examples:",
    "notes:",
    "context-",
    "long-desc:",
    "api-type:",
];

fn is_indented(line: &str) -> bool {
    line.starts_with("  ") || line.starts_with('\t')
}

fn is_annotation_line(line: &str) -> bool {
    let t = line.trim_start();
    t.contains(':') && SECTION_STOPPERS.iter().any(|k| t.starts_with(k))
}

fn starts_sub_key(trimmed: &str, keys: &[&str]) -> Option<(usize, bool)> {
    let (key, _) = trimmed.split_once(':')?;
    let k = key.trim();
    keys.contains(&k)
        .then_some((key.len(), k.len() == key.len()))
}

/// Parses the cleaned lines of one comment (`lines` are ranges into `src`).
pub fn parse(src: &str, lines: &[TextRange]) -> KapiDoc {
    Parser {
        src,
        lines,
        items: Vec::new(),
        open: None,
    }
    .run()
}

struct Parser<'a> {
    src: &'a str,
    lines: &'a [TextRange],
    items: Vec<Item>,
    /// The index in `items` of the open block, if any.
    open: Option<usize>,
}

impl<'a> Parser<'a> {
    fn text(&self, i: usize) -> &'a str {
        self.lines[i].slice(self.src)
    }

    /// The range of the trimmed text of line `i`.
    fn trimmed_range(&self, i: usize) -> TextRange {
        let raw = self.text(i);
        let lead = raw.len() - raw.trim_start().len();
        let r = self.lines[i];
        TextRange::new(r.start + lead, r.start + lead + raw.trim().len())
    }

    fn token(&self, range: TextRange) -> Token {
        Token {
            text: range.slice(self.src).to_string(),
            range,
        }
    }

    fn run(mut self) -> KapiDoc {
        let detection = self.detect();
        let title = self.title();
        let mut i = 0;
        while i < self.lines.len() {
            let raw = self.text(i);
            let trimmed = raw.trim();
            if trimmed.is_empty() {
                i += 1;
                continue;
            }
            if is_indented(raw) {
                if let Some(block) = self.open {
                    i = self.attribute(block, i);
                    continue;
                }
            }
            self.open = None;
            i = self.top_level(i);
        }
        KapiDoc {
            lines: self.lines.to_vec(),
            title,
            items: self.items,
            detection,
        }
    }

    fn detect(&self) -> Detection {
        let mut d = Detection::default();
        for i in 0..self.lines.len() {
            let t = self.text(i).trim_start();
            d.has_context_line |= t.starts_with("contexts:") || t.starts_with("context-flags:");
            d.has_section_line |= SPEC_SECTION_KEYS.iter().any(|k| t.starts_with(k));
        }
        d
    }

    fn title(&self) -> Option<Title> {
        let first = *self.lines.first()?;
        let line = first.slice(self.src);
        let (name, summary) = match line.find(" - ") {
            Some(at) => {
                let name_end = first.start + at;
                let name = Value::from_piece(self.src, TextRange::new(first.start, name_end));
                let summary = Value::from_piece(self.src, TextRange::new(name_end + 3, first.end));
                (Some(name.into_token()), Some(summary.into_token()))
            }
            None => (None, None),
        };
        Some(Title {
            range: self.trimmed_range(0),
            name,
            summary,
        })
    }

    /// Handles an indented line inside the open block; returns the next line to read.
    fn attribute(&mut self, block: usize, i: usize) -> usize {
        let Item::Block(b) = &self.items[block] else {
            unreachable!("open item is a block")
        };
        let keys = b.kind.sub_keys();
        let range = self.trimmed_range(i);
        let trimmed = range.slice(self.src);
        let mut next = i + 1;
        let attr = match starts_sub_key(trimmed, keys) {
            Some((key_len, exact)) => {
                let key_raw = TextRange::new(range.start, range.start + key_len);
                let key_text = key_raw.slice(self.src).trim_end();
                let key = self.token(TextRange::new(range.start, range.start + key_text.len()));
                let colon = range.start + key_len;
                let mut value = Value::from_piece(self.src, TextRange::new(colon + 1, range.end));
                let mut end = range.end;
                // Absorb following indented lines up to the next sub-key or a non-indented line.
                let mut j = i + 1;
                while j < self.lines.len() {
                    let raw = self.text(j);
                    let t = raw.trim();
                    if t.is_empty() {
                        j += 1;
                        continue;
                    }
                    if !is_indented(raw) || starts_sub_key(t, keys).is_some() {
                        break;
                    }
                    let r = self.trimmed_range(j);
                    value.push_piece(self.src, r);
                    end = r.end;
                    j += 1;
                    next = j;
                }
                Attr {
                    range: TextRange::new(range.start, end),
                    key: Some(key),
                    exact,
                    value,
                }
            }
            None => Attr {
                range,
                key: None,
                exact: true,
                value: Value::from_piece(self.src, range),
            },
        };
        let Item::Block(b) = &mut self.items[block] else {
            unreachable!("open item is a block")
        };
        b.range = b.range.cover(attr.range);
        b.attrs.push(attr);
        next
    }

    /// Handles a top-level line; returns the next line to read.
    fn top_level(&mut self, i: usize) -> usize {
        let range = self.trimmed_range(i);
        let trimmed = range.slice(self.src);
        if let Some(rest) = trimmed.strip_prefix('@') {
            if let Some((name, _)) = rest.split_once(':') {
                if !name.trim().contains('-') {
                    let name_range = TextRange::new(range.start + 1, range.start + 1 + name.len());
                    let name = Value::from_piece(self.src, name_range);
                    let colon = name_range.end;
                    self.items.push(Item::ParamDoc(ParamDoc {
                        range,
                        name: name.into_token(),
                        text: Value::from_piece(self.src, TextRange::new(colon + 1, range.end)),
                    }));
                    return i + 1;
                }
            }
            self.items.push(Item::Other(self.token(range)));
            return i + 1;
        }
        let Some(key) = TOP_LEVEL_KEYS.iter().copied().find(|k| {
            trimmed
                .strip_prefix(k)
                .is_some_and(|rest| rest.starts_with(':'))
        }) else {
            self.items.push(Item::Other(self.token(range)));
            return i + 1;
        };
        let key_tok = self.token(TextRange::new(range.start, range.start + key.len()));
        let after = TextRange::new(range.start + key.len() + 1, range.end);
        match key {
            "long-desc" | "examples" | "notes" => return self.section(key_tok, after, i),
            "context-flags" | "contexts" | "param-count" | "api-type" => {
                self.push_field(range, key_tok, after);
            }
            "return" if !after.slice(self.src).trim().is_empty() => {
                self.push_field(range, key_tok, after);
            }
            _ => {
                let kind = BlockKind::from_key(key).expect("block key");
                let header = Value::from_piece(self.src, after);
                let (flat, opens) = match kind {
                    BlockKind::SideEffect => {
                        let flat = header.text.splitn(3, ',').count() >= 3;
                        (flat, !flat)
                    }
                    BlockKind::StateTrans => (header.text.contains(','), true),
                    _ => (false, true),
                };
                self.items.push(Item::Block(Block {
                    range,
                    kind,
                    key: key_tok,
                    header,
                    flat,
                    attrs: Vec::new(),
                }));
                if opens {
                    self.open = Some(self.items.len() - 1);
                }
            }
        }
        i + 1
    }

    fn push_field(&mut self, range: TextRange, key: Token, after: TextRange) {
        let value = Value::from_piece(self.src, after);
        self.items.push(Item::Field(Field { range, key, value }));
    }

    fn section(&mut self, key: Token, after: TextRange, i: usize) -> usize {
        let mut lines = vec![after];
        let mut end = after.end;
        let mut j = i + 1;
        while j < self.lines.len() {
            let raw = self.text(j);
            if is_annotation_line(raw) || (!raw.trim().is_empty() && !is_indented(raw)) {
                break;
            }
            lines.push(self.lines[j]);
            if !raw.trim().is_empty() {
                end = self.trimmed_range(j).end;
            }
            j += 1;
        }
        let range = TextRange::new(key.range.start, end.max(after.end));
        self.items
            .push(Item::Section(Section { range, key, lines }));
        j
    }
}
