//! Contract rules: each spec against what its body does and what the specs of its callees
//! promise. The body is read as facts ([`kapi_syntax::body`]): the errnos and callee results
//! that reach a `return`, every call with its arguments, every capability check. A callee's spec
//! comes from the workspace or, failing that, from the specs bundled for kernel primitives
//! ([`crate::bundled`]).
//!
//! Precision comes first: these rules speak only about what the body shows for certain (an
//! `-EXXX` that reaches a `return`, a call with a constant GFP mask), and stay silent where the
//! facts are incomplete. This module holds what the rules share: finding a callee's spec, the
//! context and GFP vocabulary, and the edits that add or remove blocks in a spec comment.

mod context_violation;
mod missing_side_effect;
mod undocumented_capability;
mod undocumented_error;
mod unused_error;

pub use context_violation::context_violation;
pub use missing_side_effect::missing_side_effect;
pub use undocumented_capability::undocumented_capability;
pub use undocumented_error::undocumented_error;
pub use unused_error::unused_error;

use crate::checks::SpecContext;
use crate::workspace::{Analysis, SpecRef};
use kapi_model::vocab::{CONTEXT, ERRNO};
use kapi_model::{Spec, TextEdit};
use kapi_syntax::body::{summarize_body, BodyFacts};
use kapi_syntax::{Declaration, TextRange};

/// The facts of the spec's body; `None` for a prototype.
fn body_facts(ctx: &SpecContext<'_>) -> Option<BodyFacts> {
    let body = ctx.decl.body?;
    Some(summarize_body(ctx.text, body))
}

/// True when the function returns nothing, so no errno can come back from it.
fn returns_void(decl: &Declaration) -> bool {
    decl.return_type.split_whitespace().collect::<Vec<_>>() == ["void"]
}

/// The spec of a called function, with its declaration.
struct Callee<'a> {
    spec: &'a Spec,
    decl: Option<&'a Declaration>,
    /// True for a bundled spec of a kernel primitive.
    bundled: bool,
}

/// The spec of the function a call of `name` reaches: a workspace spec of exactly that name
/// (one in the caller's own file first; a `static` one in another file is not reachable), else
/// the bundled spec. Unlike [`Analysis::resolve_spec`], `foo` is never taken for the syscall
/// `sys_foo`: kernel C calls functions, not syscalls. A call of the function itself (recursion)
/// resolves to nothing.
fn resolve_callee<'a>(
    analysis: &'a Analysis,
    ctx: &SpecContext<'_>,
    name: &str,
) -> Option<Callee<'a>> {
    if name == ctx.spec.name || name == ctx.decl.name {
        return None;
    }
    let same_file = |r: &SpecRef| {
        analysis
            .file(r.file)
            .is_some_and(|d| std::ptr::eq(d.text.as_ptr(), ctx.text.as_ptr()))
    };
    let candidates = analysis.specs_named(name);
    let chosen = candidates.iter().find(|(r, _)| same_file(r)).or_else(|| {
        candidates.iter().find(|(r, spec)| {
            let decl = declaration_of(analysis, *r, spec);
            !decl.is_some_and(|d| is_static(analysis, *r, d))
        })
    });
    let (r, spec) = match chosen {
        Some(&(r, spec)) => (r, spec),
        None => crate::bundled::resolve(name)?,
    };
    Some(Callee {
        spec,
        decl: declaration_of(analysis, r, spec),
        bundled: r.file.is_bundled(),
    })
}

/// Where an errno that a call can return comes from.
#[derive(Clone, Debug)]
enum ErrnoOrigin {
    /// Listed by the spec of `callee` (the called function, or one a helper propagates).
    Spec { callee: String, bundled: bool },
    /// Returned by `helper`, a function of the same file without a spec, at `line`.
    Helper { helper: String, line: usize },
}

/// The errnos a call can give back to its caller, and whether that list is known to be
/// complete.
struct CallErrnos {
    errnos: Vec<(String, ErrnoOrigin)>,
    complete: bool,
}

/// How deep calls are followed into helpers of the same file.
const HELPER_DEPTH: usize = 3;

/// The errnos a call of `name` can return: those its spec lists, or, for a function of the same
/// file without a spec (a `static` helper, typically), those its body returns and those its own
/// propagated callees can return (to [`HELPER_DEPTH`] levels; recursion stops the walk). Errnos
/// a helper compares its callee's result with are left out, as for the caller itself. The list
/// is complete when every step is a spec or a fully understood helper body.
fn call_errnos(analysis: &Analysis, ctx: &SpecContext<'_>, name: &str) -> CallErrnos {
    call_errnos_at(analysis, ctx, name, 0, &mut Vec::new())
}

fn call_errnos_at(
    analysis: &Analysis,
    ctx: &SpecContext<'_>,
    name: &str,
    depth: usize,
    visiting: &mut Vec<String>,
) -> CallErrnos {
    if let Some(callee) = resolve_callee(analysis, ctx, name) {
        let origin = ErrnoOrigin::Spec {
            callee: name.to_string(),
            bundled: callee.bundled,
        };
        return CallErrnos {
            errnos: callee
                .spec
                .errors
                .iter()
                .map(|e| (e.name.clone(), origin.clone()))
                .collect(),
            complete: true,
        };
    }
    let unknown = CallErrnos {
        errnos: Vec::new(),
        complete: false,
    };
    if depth >= HELPER_DEPTH || name == ctx.decl.name || visiting.iter().any(|v| v == name) {
        return unknown;
    }
    let Some(body) = ctx.helpers.find(ctx.text, name) else {
        return unknown;
    };
    let facts = summarize_body(ctx.text, body);
    visiting.push(name.to_string());
    let mut out = CallErrnos {
        errnos: Vec::new(),
        complete: facts.fully_understood(),
    };
    for e in &facts.errnos {
        let origin = ErrnoOrigin::Helper {
            helper: name.to_string(),
            line: line_of(ctx.text, e.range.start),
        };
        out.errnos.push((e.name.clone(), origin));
    }
    for p in &facts.propagated {
        let sub = call_errnos_at(
            analysis,
            ctx,
            &facts.calls[p.call].callee,
            depth + 1,
            visiting,
        );
        out.complete &= sub.complete;
        out.errnos.extend(
            sub.errnos
                .into_iter()
                .filter(|(n, _)| !facts.tested_errnos.contains(n)),
        );
    }
    visiting.pop();
    out
}

/// The declaration a spec documents.
fn declaration_of<'a>(analysis: &'a Analysis, r: SpecRef, spec: &Spec) -> Option<&'a Declaration> {
    let data = analysis.file(r.file)?;
    data.analysis
        .syntax
        .specs
        .iter()
        .find(|c| c.comment.range == spec.src.comment)?
        .decl
        .as_ref()
}

fn is_static(analysis: &Analysis, r: SpecRef, decl: &Declaration) -> bool {
    analysis.file(r.file).is_some_and(|d| {
        d.text
            .get(decl.signature.start..decl.signature.end)
            .is_some_and(|s| s.split_whitespace().next() == Some("static"))
    })
}

/// The context flag values of a spec (`KAPI_CTX_*` bits), from long names or short aliases.
fn context_bits(spec: &Spec) -> u32 {
    spec.context_flags
        .iter()
        .filter_map(|f| CONTEXT.lookup(f))
        .fold(0, |acc, t| acc | t.value as u32)
}

const CTX_SOFTIRQ: u32 = 1 << 1;
const CTX_HARDIRQ: u32 = 1 << 2;
const CTX_NMI: u32 = 1 << 3;
const CTX_ATOMIC: u32 = 1 << 4;
const CTX_SLEEPABLE: u32 = 1 << 5;
const CTX_PREEMPT_DISABLED: u32 = 1 << 6;
const CTX_IRQ_DISABLED: u32 = 1 << 7;

/// The contexts in which sleeping is a bug.
const ATOMIC_CONTEXTS: u32 =
    CTX_SOFTIRQ | CTX_HARDIRQ | CTX_NMI | CTX_ATOMIC | CTX_PREEMPT_DISABLED | CTX_IRQ_DISABLED;

/// The short names of the context bits in `bits`, e.g. `process, sleepable`.
fn context_names(bits: u32) -> String {
    CONTEXT
        .terms
        .iter()
        .filter(|t| bits & t.value as u32 != 0)
        .map(|t| t.aliases.first().copied().unwrap_or(t.long))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How a GFP mask argument behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gfp {
    /// Allows direct reclaim: the allocation may sleep (`GFP_KERNEL`, `GFP_NOFS`, ...).
    Blocking,
    /// Never sleeps (`GFP_ATOMIC`, `GFP_NOWAIT`, `GFP_NOWAIT | __GFP_NOWARN`).
    NonBlocking,
    /// Not a constant expression we can read (a variable, a mask with `&`).
    Unknown,
}

/// Masks that include `__GFP_DIRECT_RECLAIM`.
const GFP_BLOCKING: &[&str] = &[
    "GFP_KERNEL",
    "GFP_KERNEL_ACCOUNT",
    "GFP_USER",
    "GFP_NOFS",
    "GFP_NOIO",
    "GFP_HIGHUSER",
    "GFP_HIGHUSER_MOVABLE",
    "GFP_TRANSHUGE",
    "__GFP_DIRECT_RECLAIM",
    "__GFP_RECLAIM",
];

/// Masks without direct reclaim.
const GFP_NON_BLOCKING: &[&str] = &["GFP_ATOMIC", "GFP_NOWAIT", "GFP_DMA", "GFP_DMA32", "0"];

/// Reads a GFP mask written as constants joined by `|`. OR can only add bits, so one blocking
/// constant makes the whole mask blocking even next to a variable; a mask of non-blocking
/// constants (and `__GFP_*` modifiers such as `__GFP_NOWARN`, `__GFP_ZERO`) never sleeps.
/// Clearing the reclaim bit (`gfp & ~__GFP_DIRECT_RECLAIM`) makes any mask non-blocking.
fn classify_gfp(text: &str) -> Gfp {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.contains("&~__GFP_DIRECT_RECLAIM") || compact.contains("&~__GFP_RECLAIM") {
        return Gfp::NonBlocking;
    }
    if compact.contains('&') || compact.contains('~') || compact.contains('?') {
        return Gfp::Unknown;
    }
    let words: Vec<&str> = compact
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    if words.iter().any(|w| GFP_BLOCKING.contains(w)) {
        return Gfp::Blocking;
    }
    let known = |w: &&str| {
        GFP_NON_BLOCKING.contains(w) || (w.starts_with("__GFP_") && !GFP_BLOCKING.contains(w))
    };
    if !words.is_empty()
        && words.iter().all(known)
        && words.iter().any(|w| GFP_NON_BLOCKING.contains(w))
    {
        return Gfp::NonBlocking;
    }
    Gfp::Unknown
}

/// The GFP argument of a call to `callee`: the one at the position of the `gfp_t` parameter in
/// the callee's declaration (the last one for the kmalloc family, the second for
/// `kstrdup`). `None` when the callee takes no GFP mask.
fn gfp_argument<'c>(callee: &Callee<'_>, call: &'c kapi_syntax::body::Call) -> Option<&'c str> {
    let decl = callee.decl?;
    let index = decl
        .params
        .iter()
        .position(|p| p.ty.split_whitespace().any(|w| w == "gfp_t"))?;
    call.args.get(index).map(|a| a.text.as_str())
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The meaning of an errno in a few words (`Bad address`), for messages and fix text.
fn errno_summary(name: &str) -> String {
    let mut doc = ERRNO.lookup(name).map_or("", |t| t.doc);
    // "Kernel-internal (NFS): operation is not supported; ..." -> "Operation is not supported".
    if doc.starts_with("Kernel-internal") {
        doc = doc.split_once(": ").map_or(doc, |(_, rest)| rest);
    }
    let cut = doc.find([':', '.', '(', ';', ',']).unwrap_or(doc.len());
    let summary = doc[..cut].trim();
    let mut chars = summary.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The numeric value of an errno name (negative), through the vocabulary.
fn errno_value(name: &str) -> Option<i64> {
    ERRNO.lookup(name).map(|t| t.value)
}

/// True when the spec lists this errno (by name, or by value for aliases such as `EWOULDBLOCK`).
fn spec_lists_errno(spec: &Spec, name: &str) -> bool {
    let value = errno_value(name);
    spec.errors
        .iter()
        .any(|e| e.name == name || (value.is_some() && errno_value(&e.name) == value))
}

/// Edits that insert new blocks into a spec comment, in its own style (` * ` prefix, a blank
/// comment line between blocks, the file's line breaks).
struct CommentInsert<'a> {
    text: &'a str,
    /// The comment, `/**` to `*/`.
    comment: TextRange,
}

impl<'a> CommentInsert<'a> {
    fn new(ctx: &SpecContext<'a>) -> CommentInsert<'a> {
        CommentInsert {
            text: ctx.text,
            comment: ctx.comment.comment.range,
        }
    }

    fn newline(&self) -> &'static str {
        if self.comment.slice(self.text).contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        }
    }

    fn line_start(&self, offset: usize) -> usize {
        self.text[..offset].rfind('\n').map_or(0, |i| i + 1)
    }

    /// Where the line holding `offset` ends (before its line break).
    fn line_end(&self, offset: usize) -> usize {
        let end = self.text[offset..]
            .find('\n')
            .map_or(self.text.len(), |i| offset + i);
        if end > 0 && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        }
    }

    /// The comment-line prefix (` * `) in front of the entry at `offset`, or the usual one.
    fn prefix_at(&self, offset: usize) -> String {
        let start = self.line_start(offset);
        let prefix = &self.text[start..offset];
        if prefix.trim_start().starts_with('*') {
            prefix.to_string()
        } else {
            " * ".to_string()
        }
    }

    /// An edit inserting `lines` (block text without prefixes; indentation kept) as a new
    /// block: after the entry `after` when given, else before the comment's closing line.
    fn insert(&self, after: Option<TextRange>, lines: &[String]) -> Option<TextEdit> {
        let nl = self.newline();
        match after {
            Some(block) => {
                let prefix = self.prefix_at(block.start);
                let blank = prefix.trim_end();
                let at = self.line_end(block.end.saturating_sub(1).max(block.start));
                let mut new_text = format!("{nl}{blank}");
                for l in lines {
                    new_text += &format!("{nl}{prefix}{l}");
                }
                Some(TextEdit {
                    range: TextRange::empty(at),
                    new_text,
                })
            }
            None => {
                let close = self.comment.end.checked_sub(2)?;
                if close <= self.comment.start {
                    return None;
                }
                let close_line = self.line_start(close);
                if close_line <= self.comment.start
                    || !self.text[close_line..close].trim().is_empty()
                {
                    // `*/` shares its line with text (or the comment is one line): no clean spot.
                    return None;
                }
                // Copy the prefix of the comment's second line, else the usual one.
                let first_body = self.text[self.comment.start..]
                    .find('\n')
                    .map(|i| self.comment.start + i + 1);
                let prefix = match first_body {
                    Some(l) if l < close_line => {
                        let line = &self.text[l..self.line_end(l)];
                        match line.find('*') {
                            Some(star) => format!("{} ", &line[..=star]),
                            None => " * ".to_string(),
                        }
                    }
                    _ => " * ".to_string(),
                };
                let blank = prefix.trim_end();
                let before_close = self.text[..close_line.saturating_sub(1)]
                    .rfind('\n')
                    .map_or(0, |i| i + 1);
                let prev = self.text[before_close..close_line].trim();
                let mut new_text = String::new();
                if prev != "*" && prev != "/**" {
                    new_text += &format!("{blank}{nl}");
                }
                for l in lines {
                    new_text += &format!("{prefix}{l}{nl}");
                }
                Some(TextEdit {
                    range: TextRange::empty(close_line),
                    new_text,
                })
            }
        }
    }

    /// An edit removing the whole lines of an entry, with one blank comment line that separated
    /// it from its neighbour (the one before if there is one, else the one after).
    fn remove(&self, entry: TextRange) -> TextEdit {
        let mut start = self.line_start(entry.start);
        let end_line = self.line_end(entry.end.saturating_sub(1).max(entry.start));
        let mut end = self.text[end_line..]
            .find('\n')
            .map_or(self.text.len(), |i| end_line + i + 1);
        let is_blank = |r: (usize, usize)| {
            self.text[r.0..r.1]
                .trim()
                .trim_start_matches('*')
                .trim()
                .is_empty()
        };
        if start > self.comment.start {
            let prev_start = self.line_start(start - 1);
            if prev_start > self.comment.start && is_blank((prev_start, start)) {
                start = prev_start;
            } else {
                let next_end = self.text[end..]
                    .find('\n')
                    .map_or(self.text.len(), |i| end + i + 1);
                if next_end < self.comment.end && is_blank((end, next_end)) {
                    end = next_end;
                }
            }
        }
        TextEdit {
            range: TextRange::new(start, end),
            new_text: String::new(),
        }
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    //! Test helpers of the contract rules: build a workspace from fixture files, run the whole
    //! engine (`Analysis::diagnostics`) and render one rule's diagnostics with the text they
    //! cover; apply a fix.

    use crate::workspace::AnalysisHost;
    use expect_test::Expect;
    use kapi_model::{Code, Diagnostic, TextEdit};
    use kapi_syntax::{ColumnUnit, LineIndex};
    use std::path::Path;

    /// The diagnostics with `code` of the first file, in a workspace of all `files`.
    pub fn diagnostics(files: &[(&str, &str)], code: Code) -> Vec<Diagnostic> {
        let mut host = AnalysisHost::new();
        let mut ids = Vec::new();
        for (path, text) in files {
            ids.push(host.set_file_text(Path::new(path), (*text).into()));
        }
        host.analysis()
            .diagnostics(ids[0])
            .into_iter()
            .filter(|d| d.code == code)
            .collect()
    }

    pub fn render(text: &str, diags: &[Diagnostic]) -> String {
        let index = LineIndex::new(text);
        let mut out = String::new();
        for d in diags {
            let at = index.line_col(text, d.range.start, ColumnUnit::Char);
            out.push_str(&format!(
                "{}:{} {} `{}`: {}\n",
                at.line + 1,
                at.col + 1,
                d.severity.as_str(),
                d.range.slice(text),
                d.message
            ));
            for fix in &d.fixes {
                out.push_str(&format!("  fix: {}\n", fix.title));
            }
        }
        out
    }

    /// Checks the diagnostics with `code` of a one-file workspace.
    pub fn check(code: Code, text: &str, expect: Expect) {
        expect.assert_eq(&render(text, &diagnostics(&[("/w/main.c", text)], code)));
    }

    /// Checks the diagnostics with `code` of the first of several files.
    pub fn check_files(code: Code, files: &[(&str, &str)], expect: Expect) {
        expect.assert_eq(&render(files[0].1, &diagnostics(files, code)));
    }

    /// Asserts that `code` reports nothing for `text`.
    pub fn check_silent(code: Code, text: &str) {
        let diags = diagnostics(&[("/w/main.c", text)], code);
        assert!(
            diags.is_empty(),
            "expected no {code:?}, got:\n{}",
            render(text, &diags)
        );
    }

    pub fn apply_edits(text: &str, edits: &[TextEdit]) -> String {
        kapi_model::diagnostic::apply_edits(text, edits).expect("edits in range, not overlapping")
    }

    /// Applies the first fix of the `n`-th diagnostic with `code` and checks the whole text.
    pub fn check_fix(code: Code, text: &str, n: usize, expect: Expect) {
        let diags = diagnostics(&[("/w/main.c", text)], code);
        let fix = diags
            .get(n)
            .and_then(|d| d.fixes.first())
            .unwrap_or_else(|| panic!("no fix:\n{}", render(text, &diags)));
        let fixed = apply_edits(text, &fix.edits);
        // The fixed text must analyse without new errors from the spec reader.
        let after = crate::analyze_text(&fixed);
        let errors: Vec<_> = after
            .diagnostics
            .iter()
            .filter(|d| d.severity == kapi_model::Severity::Error)
            .collect();
        assert!(
            errors.is_empty(),
            "the fix introduced errors: {errors:?}\n{fixed}"
        );
        expect.assert_eq(&fixed);
    }
}

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod kernel;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gfp_masks() {
        assert_eq!(classify_gfp("GFP_KERNEL"), Gfp::Blocking);
        assert_eq!(classify_gfp("GFP_KERNEL | __GFP_ZERO"), Gfp::Blocking);
        assert_eq!(classify_gfp("gfp | GFP_NOFS"), Gfp::Blocking);
        assert_eq!(classify_gfp("GFP_KERNEL_ACCOUNT"), Gfp::Blocking);
        assert_eq!(classify_gfp("GFP_ATOMIC"), Gfp::NonBlocking);
        assert_eq!(classify_gfp("GFP_NOWAIT | __GFP_NOWARN"), Gfp::NonBlocking);
        assert_eq!(classify_gfp("GFP_ATOMIC|__GFP_ZERO"), Gfp::NonBlocking);
        assert_eq!(
            classify_gfp("gfp & ~__GFP_DIRECT_RECLAIM"),
            Gfp::NonBlocking
        );
        assert_eq!(classify_gfp("gfp"), Gfp::Unknown);
        assert_eq!(classify_gfp("GFP_ATOMIC | extra"), Gfp::Unknown);
        assert_eq!(classify_gfp("flags & GFP_KERNEL"), Gfp::Unknown);
        assert_eq!(
            classify_gfp("in_atomic() ? GFP_ATOMIC : GFP_KERNEL"),
            Gfp::Unknown
        );
    }

    #[test]
    fn context_names_use_the_short_forms() {
        assert_eq!(context_names(CTX_ATOMIC | CTX_SOFTIRQ), "softirq, atomic");
        assert_eq!(context_names(CTX_SLEEPABLE | 1), "process, sleepable");
    }
}
