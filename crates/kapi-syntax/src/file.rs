//! One C file's KAPI-relevant syntax: each kerneldoc comment that holds KAPI keys, parsed, with
//! the declaration it documents.

use crate::comment::{doc_comments, DocComment};
use crate::decl::{find_declaration, Declaration};
use crate::kapi::{self, KapiDoc};

/// A kerneldoc comment with KAPI content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecComment {
    pub comment: DocComment,
    pub doc: KapiDoc,
    pub decl: Option<Declaration>,
}

/// The KAPI-relevant syntax of one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceFile {
    pub specs: Vec<SpecComment>,
}

/// Keys that make a comment worth parsing: the detection keys plus the LEGACY markers.
const INTERESTING: &[&str] = &[
    "contexts:",
    "context-flags:",
    "param:",
    "error:",
    "capability:",
    "signal:",
    "lock:",
    "state-trans:",
    "constraint:",
    "side-effect:",
    "long-desc:",
    "api-type:",
    "param-count:",
    "error-code:",
    "param-type:",
    "return-type:",
];

/// Parses every kerneldoc comment of `text` that holds at least one KAPI key.
pub fn parse_file(text: &str) -> SourceFile {
    let specs = doc_comments(text)
        .into_iter()
        .filter_map(|c| parse_comment(text, c))
        .collect();
    SourceFile { specs }
}

/// Parses one kerneldoc comment and finds its declaration; `None` when it holds no KAPI key.
pub fn parse_comment(text: &str, comment: DocComment) -> Option<SpecComment> {
    let interesting = comment.lines.iter().any(|r| {
        let t = r.slice(text).trim_start();
        INTERESTING.iter().any(|k| t.starts_with(k))
    });
    if !interesting {
        return None;
    }
    let doc = kapi::parse(text, &comment.lines);
    let decl = find_declaration(text, comment.after);
    Some(SpecComment { comment, doc, decl })
}

/// A quick test on raw bytes: can this file hold a KAPI spec at all? Every spec needs a
/// `contexts:` or `context-flags:` line (reference §1.2), so one SIMD substring search for
/// `context` answers it. Used to skip files before decoding or parsing them.
pub fn may_contain_spec(bytes: &[u8]) -> bool {
    memchr::memmem::find_iter(bytes, b"context").any(|at| {
        let rest = &bytes[at + b"context".len()..];
        rest.starts_with(b"s:") || rest.starts_with(b"-flags:")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefilter_needs_a_context_line() {
        assert!(may_contain_spec(b"/**\n * contexts: process\n */"));
        assert!(may_contain_spec(b" * context-flags: KAPI_CTX_PROCESS"));
        assert!(!may_contain_spec(
            b"/* the context of this */ int context; contexts = 1;"
        ));
    }
}
