//! Hover: the contract of a specified function at its calls and its declaration, and the
//! meaning of vocabulary tokens, keys, errnos and parameters.
//!
//! In C code (lexically: not in a comment or string literal), the identifier under the cursor
//! is tried as, in order: the declared name of a spec of this file; a call (`name(`) of a
//! function or syscall specified anywhere in the workspace; an errno, capability or `KAPI_*`
//! constant (an errno inside a specified function's body also gets what the spec says about
//! it); a parameter of the specified function whose body holds the cursor. Inside a spec
//! comment, the title's name shows the contract and a parameter's name its spec; any other
//! token is looked up in the vocabulary of the key it is written under.

pub(crate) mod render;
#[cfg(test)]
mod tests;

use crate::completion::keys;
use crate::cursor::{self, Lexical};
use crate::workspace::{Analysis, FileData, FileId};
use kapi_model::vocab::{self, Vocab, VocabId};
use kapi_model::Spec;
use kapi_syntax::{Item, SpecComment, TextRange};
use std::fmt::Write;

/// Markdown for a range of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverResult {
    pub range: TextRange,
    pub markdown: String,
}

impl Analysis {
    /// What to show when the cursor rests at `offset` of `file`.
    pub fn hover(&self, file: FileId, offset: usize) -> Option<HoverResult> {
        let data = self.file(file)?;
        let text = &*data.text;
        let offset = cursor::clamp(text, offset)?;
        let in_comment = data
            .analysis
            .syntax
            .specs
            .iter()
            .find(|sc| sc.comment.range.start < offset && offset < sc.comment.range.end);
        if let Some(sc) = in_comment {
            return names_in_spec_comment(data, sc, offset)
                .or_else(|| hover_in_spec_comment(text, sc, offset));
        }
        if cursor::lexical_at(text, offset) != Lexical::Code {
            return None;
        }
        self.hover_in_code(data, offset)
    }

    fn hover_in_code(&self, data: &FileData, offset: usize) -> Option<HoverResult> {
        let text = &*data.text;
        let range = cursor::word_at(text, offset)?;
        let word = range.slice(text);
        if word.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let specs = &data.analysis.specs;
        let result = |markdown| Some(HoverResult { range, markdown });

        // The declared name of a specified function (`frob` in `SYSCALL_DEFINE3(frob, ...)`).
        if let Some(spec) = specs
            .iter()
            .find(|s| !s.src.decl_name.is_empty() && s.src.decl_name == range)
        {
            return result(render::spec_markdown(data, spec));
        }
        // A call of a specified function, wherever the spec is.
        if followed_by_paren(text, range.end) && !is_member(text, range.start) {
            if let Some((at, spec)) = self.resolve_spec(word) {
                let file = self.file(at.file)?;
                return result(render::spec_markdown(file, spec));
            }
        }
        let body_spec = specs.iter().find(|s| {
            s.src
                .body
                .is_some_and(|b| b.start <= range.start && range.end <= b.end)
        });
        if let Some((id, term)) = code_constant(word) {
            let mut md = render::term_markdown(id, term);
            if let (VocabId::Errno, Some(spec)) = (id, body_spec) {
                md.push_str("\n\n");
                md.push_str(&errno_in_spec(spec, word));
            }
            return result(md);
        }
        let spec = body_spec?;
        if is_member(text, range.start) {
            return None;
        }
        let param = spec.parameters.iter().find(|p| p.name == word)?;
        result(render::param_markdown(data, spec, param))
    }
}

/// True when the next non-blank character after `end` is `(`.
fn followed_by_paren(text: &str, end: usize) -> bool {
    text[end..].trim_start().starts_with('(')
}

/// True when the identifier at `start` is a member (`x.name`, `x->name`), which is never a
/// function or parameter of ours even when the name matches.
fn is_member(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end();
    before.ends_with('.') || before.ends_with("->")
}

/// An all-capitals constant from the vocabularies: errnos, capabilities, `KAPI_*` names.
/// Lower-case long names (the constraint forms `range`, `mask`, ...) are ordinary words.
fn code_constant(word: &str) -> Option<(VocabId, &'static vocab::Term)> {
    if word.chars().any(|c| c.is_ascii_lowercase()) {
        return None;
    }
    vocab::all()
        .iter()
        .find_map(|v| v.terms.iter().find(|t| t.long == word).map(|t| (v.id, t)))
}

/// What a spec says about an errno its function returns.
fn errno_in_spec(spec: &Spec, name: &str) -> String {
    let listed: Vec<_> = spec.errors.iter().filter(|e| e.name == name).collect();
    if listed.is_empty() {
        return format!("*The spec of `{}` does not list `{name}`.*", spec.name);
    }
    let mut out = format!("**In `{}`:**", spec.name);
    for e in listed {
        let condition = e.condition.trim();
        let description = e.description.trim();
        let text = match (condition, description) {
            ("", "") => "(no condition given)".to_string(),
            (c, "") => c.to_string(),
            ("", d) => d.to_string(),
            (c, d) => format!("{c} — {d}"),
        };
        let _ = write!(out, " {text}");
    }
    out
}

/// Hover on the names a spec comment gives: the title's name shows the whole contract, a
/// parameter's name (`param: fd`, `@fd:`) what the spec makes of that parameter.
fn names_in_spec_comment(data: &FileData, sc: &SpecComment, offset: usize) -> Option<HoverResult> {
    let text = &*data.text;
    let range = cursor::word_at(text, offset)?;
    let spec = data
        .analysis
        .specs
        .iter()
        .find(|s| s.src.comment == sc.comment.range)?;
    let result = |markdown| Some(HoverResult { range, markdown });
    let title = sc.doc.title.as_ref().and_then(|t| t.name.as_ref());
    if title.is_some_and(|n| n.range.contains_range(range)) {
        return result(render::spec_markdown(data, spec));
    }
    let param_name = sc.doc.items.iter().find_map(|item| match item {
        Item::Block(b) if b.kind == kapi_syntax::BlockKind::Param && b.header.range() == range => {
            Some(&b.header.text)
        }
        Item::ParamDoc(p) if p.name.range == range => Some(&p.name.text),
        _ => None,
    })?;
    let param = spec.parameters.iter().find(|p| &p.name == param_name)?;
    result(render::param_markdown(data, spec, param))
}

/// Hover inside a spec comment: a key's meaning, or the vocabulary term the token names.
fn hover_in_spec_comment(text: &str, sc: &SpecComment, offset: usize) -> Option<HoverResult> {
    let (place, block) = place_at(sc, offset);
    if let Place::Key(range, key) = place {
        let doc = match block {
            Some(kind) => keys::sub_key(kind, &key)
                .map(|k| (format!("`{key}:` in a `{}:` block", kind.key()), k.doc)),
            None => keys::top_key(&key).map(|k| (format!("`{key}:`"), k.doc)),
        };
        let (title, doc) = doc?;
        return Some(HoverResult {
            range,
            markdown: format!("**{title}**\n\n{doc}"),
        });
    }
    let range = cursor::word_at(text, offset)?;
    let word = range.slice(text);
    let found = match place {
        Place::Value(ids) => ids
            .iter()
            .find_map(|id| Vocab::get(*id).lookup(word).map(|t| (*id, t)))
            .or_else(|| code_constant(word)),
        _ => code_constant(word),
    };
    let (id, term) = found?;
    Some(HoverResult {
        range,
        markdown: render::term_markdown(id, term),
    })
}

/// What part of a spec comment the cursor is on.
enum Place {
    /// A key (`type` of `type:`), with its range.
    Key(TextRange, String),
    /// A value whose tokens come from these vocabularies.
    Value(Vec<VocabId>),
    /// Prose, a title, a name: no particular vocabulary.
    Other,
}

/// The place at `offset` and the kind of the block it is in (for sub-keys).
fn place_at(sc: &SpecComment, offset: usize) -> (Place, Option<kapi_syntax::BlockKind>) {
    let key_place = |t: &kapi_syntax::Token| {
        t.range
            .touches(offset)
            .then(|| Place::Key(t.range, t.text.clone()))
    };
    for item in &sc.doc.items {
        if !item.range().touches(offset) {
            continue;
        }
        match item {
            Item::Field(f) => {
                if let Some(p) = key_place(&f.key) {
                    return (p, None);
                }
                let ids = keys::value_rule(None, &f.key.text)
                    .map(|r| r.vocabs())
                    .unwrap_or_default();
                return (Place::Value(ids), None);
            }
            Item::Block(b) => {
                if let Some(p) = key_place(&b.key) {
                    return (p, None);
                }
                if b.header.range().touches(offset) {
                    let ids = match b.kind {
                        // `lock: NAME, TYPE`, flat `capability: CAP_X, ACTION, NAME`.
                        kapi_syntax::BlockKind::Capability => {
                            vec![VocabId::Capability, VocabId::CapAction]
                        }
                        kind => keys::value_rule(None, kind.key())
                            .map(|r| r.vocabs())
                            .unwrap_or_default(),
                    };
                    return (Place::Value(ids), None);
                }
                for attr in b.attrs.iter().filter(|a| a.range.touches(offset)) {
                    let Some(key) = &attr.key else { continue };
                    if let Some(p) = key_place(key) {
                        return (p, Some(b.kind));
                    }
                    let ids = keys::value_rule(Some(b.kind), &key.text)
                        .map(|r| r.vocabs())
                        .unwrap_or_default();
                    return (Place::Value(ids), Some(b.kind));
                }
                return (Place::Other, Some(b.kind));
            }
            Item::Section(s) => {
                if let Some(p) = key_place(&s.key) {
                    return (p, None);
                }
                return (Place::Other, None);
            }
            Item::ParamDoc(_) | Item::Other(_) => return (Place::Other, None),
        }
    }
    (Place::Other, None)
}
