//! Vocabulary lookups as the upstream extractor performs them, and the one `unknown-value`
//! diagnostic (with a did-you-mean fix) that every enum-valued field reports through.

use super::ctx::Ctx;
use crate::diagnostic::{Code, Diagnostic};
use crate::vocab::{Term, Vocab, VocabId};
use kapi_syntax::Token;

/// The term a token names, the way upstream matches it (long name exactly, short forms as the
/// vocabulary says).
pub(crate) fn lookup(id: VocabId, token: &str) -> Option<&'static Term> {
    Vocab::get(id).lookup(token)
}

/// The numeric value upstream records for a token: the term's value, or 0 when unknown.
pub(crate) fn value_or_zero(id: VocabId, token: &str) -> i64 {
    lookup(id, token).map_or(0, |t| t.value)
}

/// Reports `unknown-value` for a token that names nothing in `id`. `records` says what upstream
/// stores instead (e.g. "type 0 (void)"). A did-you-mean suggestion becomes a fix.
pub(crate) fn unknown_value(cx: &mut Ctx<'_>, tok: &Token, id: VocabId, records: &str) {
    let vocab = Vocab::get(id);
    let what = vocab.title;
    let mut message = if tok.text.is_empty() {
        format!("empty {what}; the `kapi` tool records {records}")
    } else {
        format!(
            "`{}` is not a known {what}; the `kapi` tool records {records}",
            tok.text
        )
    };
    let suggestion = vocab.suggest(&tok.text);
    match suggestion {
        Some(s) => {
            // A long name with a short form: mention the short form too (`KAPI_TYPE_UINT`, `uint`).
            let short = vocab
                .lookup(s)
                .filter(|t| t.long == s)
                .and_then(|t| t.aliases.first());
            match short {
                Some(short) => {
                    message.push_str(&format!(". Did you mean `{s}` (short form `{short}`)?"))
                }
                None => message.push_str(&format!(". Did you mean `{s}`?")),
            }
        }
        None => {
            if let Some(list) = short_list(vocab) {
                message.push_str(&format!(". Expected one of: {list}"));
            }
        }
    }
    let mut diag = Diagnostic::new(Code::UnknownValue, tok.range, message);
    if let Some(s) = suggestion {
        diag = diag.with_fix(format!("Replace with `{s}`"), tok.range, s);
    }
    cx.push(diag);
}

/// The short spellings of a small vocabulary, for "expected one of" hints.
fn short_list(vocab: &Vocab) -> Option<String> {
    if vocab.terms.len() > 16 {
        return None;
    }
    let names: Vec<&str> = vocab
        .terms
        .iter()
        .map(|t| {
            t.aliases
                .first()
                .or(t.exact_aliases.first())
                .copied()
                .unwrap_or(t.long)
        })
        .collect();
    Some(
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// The short form to suggest for a term (its first alias), else its long name.
pub(crate) fn short_form(term: &Term) -> &'static str {
    term.aliases
        .first()
        .or(term.exact_aliases.first())
        .copied()
        .unwrap_or(term.long)
}
