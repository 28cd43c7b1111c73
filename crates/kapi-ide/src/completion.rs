//! Completion inside KAPI spec comments: top-level keys, block sub-keys, the values a key takes,
//! parameter names, and `param:` block snippets filled in from the C signature; plus a whole
//! spec skeleton when `/**` is typed above an unannotated function.
//!
//! The context comes from the cursor's cleaned comment line, read with the upstream line model
//! (reference §2): a line indented by two spaces or a tab belongs to the block opened by the
//! nearest preceding non-indented line. Completion works in every kerneldoc comment that holds
//! a KAPI key or documents a declaration, so that a spec can be started from a plain kerneldoc
//! comment; ordinary comments and code get nothing.

pub mod infer;
pub(crate) mod keys;
mod skeleton;
#[cfg(test)]
mod tests;

use crate::cursor;
use crate::hover::render::term_markdown;
use crate::workspace::{Analysis, FileId};
use kapi_model::vocab::{self, Term, Vocab, VocabId};
use kapi_syntax::{
    doc_comments, find_declaration, kapi, Block, BlockKind, Declaration, DocComment, Item, KapiDoc,
    TextRange,
};
use keys::{Rank, Spelling, ValueRule, Values};

/// What kind of thing a completion inserts (the server maps it to an LSP kind).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// A top-level key or a block sub-key.
    Key,
    /// A vocabulary value (type, flag, context, lock type, ...).
    Value,
    /// A constraint form such as `range(min, max)`.
    Function,
    /// A parameter name from the signature.
    Param,
    /// An errno or capability name.
    Constant,
    /// A whole block or spec skeleton.
    Snippet,
}

/// One completion item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    /// The text that replaces `replace`; LSP snippet syntax when `snippet` is true.
    pub insert: String,
    pub snippet: bool,
    /// The range the insertion replaces (the partial word before the cursor, usually).
    pub replace: TextRange,
    pub sort_text: Option<String>,
}

impl Analysis {
    /// Completions at `offset` of `file`; empty outside spec comments.
    pub fn completions(&self, file: FileId, offset: usize) -> Vec<CompletionItem> {
        let Some(data) = self.file(file) else {
            return Vec::new();
        };
        let text = &*data.text;
        let Some(offset) = cursor::clamp(text, offset) else {
            return Vec::new();
        };
        if let Some(items) = skeleton::complete(text, offset) {
            return items;
        }
        Context::at(text, offset)
            .map(|cx| cx.complete())
            .unwrap_or_default()
    }
}

fn is_indented(line: &str) -> bool {
    line.starts_with("  ") || line.starts_with('\t')
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Escapes text for an LSP snippet.
pub(crate) fn snippet_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('$', "\\$")
        .replace('}', "\\}")
}

/// The cursor's place in a kerneldoc comment.
struct Context<'a> {
    text: &'a str,
    offset: usize,
    comment: DocComment,
    doc: KapiDoc,
    decl: Option<Declaration>,
    /// The cleaned line holding the cursor, and its index in the comment.
    line: TextRange,
    line_idx: usize,
    /// Whether the comment holds KAPI keys besides the cursor line. A plain kerneldoc comment
    /// gets keys only once a word is typed: editors ask for completion on every space and
    /// `*`, and the keys would pop up on each new line of ordinary documentation.
    has_kapi: bool,
}

impl<'a> Context<'a> {
    fn at(text: &'a str, offset: usize) -> Option<Context<'a>> {
        let comment = doc_comments(text)
            .into_iter()
            .find(|c| c.range.start < offset && offset <= c.range.end)?;
        // The first body line is the title (`name - summary`), not a place for keys.
        let line_idx = comment
            .lines
            .iter()
            .position(|l| l.start <= offset && offset <= l.end)?;
        if line_idx == 0 {
            return None;
        }
        let line = comment.lines[line_idx];
        let doc = kapi::parse(text, &comment.lines);
        let decl = find_declaration(text, comment.after);
        // KAPI keys on the lines other than the one being typed, and on that line.
        let kapi_lines = doc
            .items
            .iter()
            .filter(|i| !matches!(i, Item::Other(_) | Item::ParamDoc(_)))
            .map(|i| line.touches(i.range().start));
        let (mut has_kapi, mut on_line_kapi) = (false, false);
        for on_line in kapi_lines {
            has_kapi |= !on_line;
            on_line_kapi |= on_line;
        }
        if !has_kapi && !on_line_kapi && decl.is_none() {
            return None;
        }
        Some(Context {
            text,
            offset,
            comment,
            doc,
            decl,
            line,
            line_idx,
            has_kapi,
        })
    }

    fn complete(&self) -> Vec<CompletionItem> {
        let before = &self.text[self.line.start..self.offset];
        let indented = is_indented(before);
        let trimmed = before.trim_start();
        if let Some(name) = trimmed.strip_prefix('@') {
            if name.bytes().all(cursor::is_ident_byte) {
                return self.param_doc_names();
            }
            return Vec::new();
        }
        if let Some((key, _)) = trimmed.split_once(':') {
            if key.is_empty() || !key.bytes().all(is_key_byte) {
                return Vec::new();
            }
            let block = if indented {
                match self.enclosing_block() {
                    Some(b) => Some(b.kind),
                    None => return Vec::new(),
                }
            } else {
                None
            };
            let colon = self.offset - before.len() + (before.len() - trimmed.len()) + key.len();
            return match keys::value_rule(block, key) {
                Some(rule) => self.values(rule, colon + 1),
                None => Vec::new(),
            };
        }
        if !trimmed.bytes().all(is_key_byte) {
            return Vec::new();
        }
        if !indented {
            if !self.has_kapi && trimmed.is_empty() {
                return Vec::new();
            }
            let mut items = self.top_keys();
            items.extend(self.param_snippets());
            return items;
        }
        match self.enclosing_block() {
            Some(b) => self.sub_keys(b),
            None => Vec::new(),
        }
    }

    /// True when `range` starts on the cursor's line (what is being typed there is not yet
    /// part of the spec).
    fn on_cursor_line(&self, range: TextRange) -> bool {
        self.line.start <= range.start && range.start <= self.line.end
    }

    /// The open block at the cursor line: the block whose header is the nearest preceding
    /// non-indented line. Flat one-line forms take no sub-keys.
    fn enclosing_block(&self) -> Option<&Block> {
        let header = self.comment.lines[..self.line_idx].iter().rev().find(|l| {
            let raw = l.slice(self.text);
            !raw.trim().is_empty() && !is_indented(raw)
        })?;
        self.doc.items.iter().find_map(|item| match item {
            Item::Block(b) if header.touches(b.key.range.start) && !b.flat => Some(b),
            _ => None,
        })
    }

    /// The partial word before the cursor.
    fn partial(&self, part: impl Fn(u8) -> bool) -> TextRange {
        cursor::word_before(self.text, self.offset, part)
    }

    /// A space to put before an insertion at `at` when it would otherwise touch a `*`, `:`,
    /// `,` or `|`.
    fn lead(&self, at: usize) -> &'static str {
        match self.text[..at].bytes().last() {
            Some(b'*' | b':' | b',' | b'|') => " ",
            _ => "",
        }
    }

    fn present_top_keys(&self) -> Vec<&str> {
        self.doc
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Field(f) if !self.on_cursor_line(f.range) => Some(f.key.text.as_str()),
                Item::Block(b) if !self.on_cursor_line(b.range) => Some(b.key.text.as_str()),
                Item::Section(s) if !self.on_cursor_line(s.range) => Some(s.key.text.as_str()),
                _ => None,
            })
            .collect()
    }

    fn top_keys(&self) -> Vec<CompletionItem> {
        // Keys that appear once per spec (a second one replaces or conflicts with the first).
        const ONCE: &[&str] = &[
            "contexts",
            "context-flags",
            "return",
            "long-desc",
            "notes",
            "examples",
            "param-count",
        ];
        let present = self.present_top_keys();
        let replace = self.partial(is_key_byte);
        let lead = self.lead(replace.start);
        keys::TOP_KEYS
            .iter()
            .enumerate()
            .filter(|(_, k)| !(ONCE.contains(&k.name) && present.contains(&k.name)))
            .map(|(i, k)| CompletionItem {
                label: k.name.to_string(),
                kind: CompletionKind::Key,
                detail: None,
                documentation: Some(k.doc.to_string()),
                // Nothing may follow `return:` on its line.
                insert: if k.name == "return" {
                    format!("{lead}return:")
                } else {
                    format!("{lead}{}: ", k.name)
                },
                snippet: false,
                replace,
                sort_text: Some(format!("0{i:02}")),
            })
            .collect()
    }

    fn sub_keys(&self, block: &Block) -> Vec<CompletionItem> {
        let present: Vec<&str> = block
            .attrs
            .iter()
            .filter(|a| !self.on_cursor_line(a.range))
            .filter_map(|a| a.key.as_ref().map(|k| k.text.as_str()))
            .collect();
        let replace = self.partial(is_key_byte);
        block
            .kind
            .sub_keys()
            .iter()
            .enumerate()
            .filter(|(_, k)| !present.contains(*k))
            .map(|(i, k)| {
                let known = keys::sub_key(block.kind, k);
                let rank = known.map_or(Rank::Alternate, |s| s.rank);
                CompletionItem {
                    label: k.to_string(),
                    kind: CompletionKind::Key,
                    detail: (rank == Rank::Unhandled)
                        .then(|| "ignored by the Rust kapi tool".to_string()),
                    documentation: known.map(|s| s.doc.to_string()),
                    insert: format!("{k}: "),
                    snippet: false,
                    replace,
                    sort_text: Some(format!("{}{i:02}", rank as u8)),
                }
            })
            .collect()
    }

    /// Names of the `param:` blocks already written (not counting the cursor line).
    fn param_blocks(&self) -> Vec<&str> {
        self.doc
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Block(b) if b.kind == BlockKind::Param && !self.on_cursor_line(b.range) => {
                    Some(b.header.text.as_str())
                }
                _ => None,
            })
            .collect()
    }

    fn decl_params(&self) -> impl Iterator<Item = &kapi_syntax::CParam> {
        self.decl
            .iter()
            .flat_map(|d| d.params.iter())
            .filter(|p| !p.name.is_empty())
    }

    /// `param: NAME` completions: the signature's names, those without a block first.
    fn param_names(&self, replace: TextRange) -> Vec<CompletionItem> {
        let blocks = self.param_blocks();
        let lead = self.lead(replace.start);
        self.decl_params()
            .enumerate()
            .map(|(i, p)| CompletionItem {
                label: p.name.clone(),
                kind: CompletionKind::Param,
                detail: Some(p.ty.clone()),
                documentation: None,
                insert: format!("{lead}{}", p.name),
                snippet: false,
                replace,
                sort_text: Some(format!(
                    "{}{i:02}",
                    u8::from(blocks.contains(&p.name.as_str()))
                )),
            })
            .collect()
    }

    /// `@NAME:` completions: the signature's names that have no `@` line yet.
    fn param_doc_names(&self) -> Vec<CompletionItem> {
        let documented: Vec<&str> = self
            .doc
            .items
            .iter()
            .filter_map(|item| match item {
                Item::ParamDoc(p) if !self.on_cursor_line(p.range) => Some(p.name.text.as_str()),
                _ => None,
            })
            .collect();
        let replace = self.partial(cursor::is_ident_byte);
        self.decl_params()
            .filter(|p| !documented.contains(&p.name.as_str()))
            .enumerate()
            .map(|(i, p)| CompletionItem {
                label: p.name.clone(),
                kind: CompletionKind::Param,
                detail: Some(p.ty.clone()),
                documentation: None,
                insert: format!("{}: ", p.name),
                snippet: false,
                replace,
                sort_text: Some(format!("{i:02}")),
            })
            .collect()
    }

    /// One `param:` block snippet per signature parameter that has no block yet, with the
    /// `type:` line inferred from the C type.
    fn param_snippets(&self) -> Vec<CompletionItem> {
        let blocks = self.param_blocks();
        let replace = self.partial(is_key_byte);
        let lead = self.lead(replace.start);
        let attr_prefix = self.attr_line_prefix();
        let all = self.decl.as_ref().map_or(&[][..], |d| &d.params[..]);
        all.iter()
            .enumerate()
            .filter(|(_, p)| !p.name.is_empty() && !blocks.contains(&p.name.as_str()))
            .enumerate()
            .map(|(i, (at, p))| {
                let ty = infer::infer_in_signature(all, at).to_value();
                let insert = format!(
                    "{lead}param: {}\n{}type: ${{1:{}}}$0",
                    snippet_escape(&p.name),
                    snippet_escape(&attr_prefix),
                    snippet_escape(&ty)
                );
                CompletionItem {
                    label: format!("param: {}", p.name),
                    kind: CompletionKind::Snippet,
                    detail: Some(format!("param: block for `{}`", c_decl(&p.ty, &p.name))),
                    documentation: Some(format!("```\nparam: {}\n  type: {ty}\n```", p.name)),
                    insert,
                    snippet: true,
                    replace,
                    sort_text: Some(format!("1{i:02}")),
                }
            })
            .collect()
    }

    /// The start of an attribute line (` *   `): copied from the first attribute already in the
    /// comment, so new lines look like their neighbours; otherwise the cursor line's comment
    /// margin followed by two spaces.
    fn attr_line_prefix(&self) -> String {
        let line_start = |at: usize| self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        for item in &self.doc.items {
            let Item::Block(b) = item else { continue };
            for attr in &b.attrs {
                let Some(line) = self
                    .comment
                    .lines
                    .iter()
                    .find(|l| l.touches(attr.range.start))
                else {
                    continue;
                };
                let indent = &self.text[line.start..attr.range.start];
                if is_indented(indent) && indent.trim().is_empty() {
                    return self.text[line_start(line.start)..attr.range.start].to_string();
                }
            }
        }
        let mut margin = self.text[line_start(self.line.start)..self.line.start].to_string();
        if margin.ends_with('*') {
            margin.push(' ');
        }
        if margin.trim().is_empty() {
            // A comment line without a star: keep the kernel style.
            margin = " * ".to_string();
        }
        margin + "  "
    }

    /// Values for a key whose value starts at `value_start` (right after the colon).
    fn values(&self, rule: ValueRule, value_start: usize) -> Vec<CompletionItem> {
        let typed = &self.text[value_start..self.offset];
        let (values, part_start, sep) = match rule.rest {
            Some((sep, rest)) if typed.contains(sep) => (
                rest,
                value_start + typed.rfind(sep).expect("contains") + 1,
                Some(sep),
            ),
            Some((sep, _)) => (rule.first, value_start, Some(sep)),
            None => (rule.first, value_start, None),
        };
        let replace = self.partial(cursor::is_ident_byte);
        // Only a single word may have been typed in this part (an errno may be negated).
        let before_word = self.text[part_start..replace.start].trim();
        let negated_errno =
            before_word == "-" && values == Values::Vocab(VocabId::Errno, Spelling::Long);
        if !before_word.is_empty() && !negated_errno {
            return Vec::new();
        }
        // Terms already listed elsewhere in the value are not offered again.
        let line_end = self.line.end;
        let used: Vec<String> = match sep {
            Some(sep) => self.text[value_start..line_end]
                .split(sep)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty() && s.as_str() != replace.slice(self.text))
                .collect(),
            None => Vec::new(),
        };
        let lead = self.lead(replace.start);
        match values {
            Values::Vocab(id, spelling) => vocab_items(id, spelling, &used, replace, lead),
            Values::Forms => form_items(replace, lead),
            Values::ParamNames => self.param_names(replace),
            Values::Bool => ["yes", "no"]
                .iter()
                .enumerate()
                .map(|(i, v)| CompletionItem {
                    label: v.to_string(),
                    kind: CompletionKind::Value,
                    detail: None,
                    documentation: None,
                    insert: format!("{lead}{v}"),
                    snippet: false,
                    replace,
                    sort_text: Some(format!("{i}")),
                })
                .collect(),
            Values::Text => Vec::new(),
        }
    }
}

/// `char __user *buf`, `unsigned int fd`.
pub(crate) fn c_decl(ty: &str, name: &str) -> String {
    if ty.ends_with('*') {
        format!("{ty}{name}")
    } else {
        format!("{ty} {name}")
    }
}

fn spelling_of(term: &Term, spelling: Spelling) -> &'static str {
    match spelling {
        Spelling::Long => term.long,
        Spelling::Short => term
            .aliases
            .first()
            .or(term.exact_aliases.first())
            .copied()
            .unwrap_or(term.long),
    }
}

fn vocab_items(
    id: VocabId,
    spelling: Spelling,
    used: &[String],
    replace: TextRange,
    lead: &str,
) -> Vec<CompletionItem> {
    let voc = Vocab::get(id);
    let used: Vec<&Term> = used.iter().filter_map(|u| voc.lookup(u)).collect();
    let constant = matches!(id, VocabId::Errno | VocabId::Capability);
    voc.terms
        .iter()
        .enumerate()
        .filter(|(_, t)| !used.iter().any(|u| std::ptr::eq(*u, *t)))
        .map(|(i, term)| {
            let label = spelling_of(term, spelling);
            CompletionItem {
                label: label.to_string(),
                kind: if constant {
                    CompletionKind::Constant
                } else {
                    CompletionKind::Value
                },
                detail: Some(if label == term.long {
                    term.doc.to_string()
                } else {
                    term.long.to_string()
                }),
                documentation: Some(term_markdown(id, term)),
                insert: format!("{lead}{label}"),
                snippet: false,
                replace,
                // Table order, with names the upstream tool does not know last.
                sort_text: Some(format!("{}{i:03}", u8::from(!term.upstream))),
            }
        })
        .collect()
}

/// The plain text of a snippet: `range(${1:min}, ${2:max})` → `range(min, max)`.
fn snippet_plain(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let colon = after.find(':').map_or(0, |c| c + 1);
        let close = after.find('}').unwrap_or(after.len());
        out.push_str(&after[colon.min(close)..close]);
        rest = after.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

fn form_items(replace: TextRange, lead: &str) -> Vec<CompletionItem> {
    let voc = Vocab::get(VocabId::ConstraintForm);
    voc.terms
        .iter()
        .enumerate()
        .map(|(i, term)| {
            let snippet = vocab::form_snippet(term.long);
            CompletionItem {
                label: term.long.to_string(),
                kind: CompletionKind::Function,
                detail: Some(snippet_plain(snippet)),
                documentation: Some(term_markdown(VocabId::ConstraintForm, term)),
                insert: format!("{lead}{snippet}"),
                snippet: true,
                replace,
                sort_text: Some(format!("{i:02}")),
            }
        })
        .collect()
}
