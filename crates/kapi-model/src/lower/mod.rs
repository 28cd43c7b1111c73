//! Lowering: the KAPI syntax tree of a file to spec models, with a diagnostic for every mistake
//! in the spec text.
//!
//! The model mirrors the upstream `kapi` extractor (`kerneldoc_parser.rs`) field for field, so
//! that `kapi-lsp export` and `kapi --source` agree; the diagnostics report each place where
//! upstream silently drops, misreads or defaults what the author wrote, or where the Rust tool
//! and the kernel build (`kdoc_apispec.py`) read the text differently.
//!
//! Module map: `detect` (is it a spec, which declaration), `spec` (the item walk and one-line
//! keys), `param` + `constraint` (parameters), `blocks` (what blocks share; error, state
//! transition, constraint), `capability`, `effect` (side effects), `lock`, `signal`, `ret`
//! (return), `keys` (unknown and misplaced keys), `legacy` (deprecated flat keys), `limits`
//! (KAPI_MAX_*), `values` (literals and folding), `terms` (vocabulary lookups), `ctx` (shared
//! text helpers).

mod blocks;
mod capability;
mod constraint;
mod ctx;
mod detect;
mod effect;
mod keys;
mod legacy;
mod limits;
mod lock;
mod param;
mod ret;
mod signal;
mod spec;
mod terms;
mod values;

#[cfg(test)]
mod fixture;
#[cfg(test)]
mod tests;

use crate::diagnostic::{Code, Diagnostic};
use crate::spec::{Spec, SpecSource};
use kapi_syntax::{Declaration, LineIndex, SourceFile, SpecComment};

/// The specs of one file and the diagnostics found while reading them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lowered {
    pub specs: Vec<Spec>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lowers every spec comment of a parsed file.
pub fn lower_file(text: &str, file: &SourceFile) -> Lowered {
    let mut out = Lowered::default();
    if file.specs.is_empty() {
        return out;
    }
    let index = LineIndex::new(text);
    for sc in &file.specs {
        let (spec, diagnostics) = lower_comment(text, &index, sc);
        out.specs.extend(spec);
        out.diagnostics.extend(diagnostics);
    }
    out
}

/// Lowers one spec comment: its spec (when it is one and documents a declaration) and the
/// diagnostics about it. Comments are independent of each other, which lets the analysis
/// re-lower only the comment an edit touched.
pub fn lower_comment(
    text: &str,
    index: &LineIndex,
    sc: &SpecComment,
) -> (Option<Spec>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    if sc.comment.unterminated {
        detect::unterminated(sc, &mut diagnostics);
        return (None, diagnostics);
    }
    if !sc.doc.detection.is_spec() {
        detect::not_a_spec(sc, &mut diagnostics);
        // A LEGACY spec fails today's detection; its deprecated keys (with their rewrites)
        // are still worth reporting, since rewriting them is how it becomes a spec again.
        if let (Some(decl), true) = (&sc.decl, detect::has_legacy_keys(sc)) {
            let (_, diags) = lower_spec(text, index, sc, decl);
            diagnostics.extend(
                diags
                    .into_iter()
                    .filter(|d| d.code == Code::DeprecatedSyntax),
            );
        }
        return (None, diagnostics);
    }
    let Some(decl) = &sc.decl else {
        detect::no_declaration(sc, &mut diagnostics);
        return (None, diagnostics);
    };
    detect::declaration_visibility(text, sc, decl, &mut diagnostics);
    let (spec, diags) = lower_spec(text, index, sc, decl);
    diagnostics.extend(diags);
    (Some(spec), diagnostics)
}

/// Lowers one spec comment documenting `decl`.
fn lower_spec(
    text: &str,
    index: &LineIndex,
    sc: &SpecComment,
    decl: &Declaration,
) -> (Spec, Vec<Diagnostic>) {
    let cx = ctx::Ctx {
        text,
        index,
        doc: &sc.doc,
        diags: Vec::new(),
        mute: None,
    };
    let mut builder = spec::Builder::new(cx, decl, decl.name.clone(), detect::api_type(decl));
    builder.run();
    let (mut spec, diags) = builder.finish();
    spec.src = SpecSource {
        comment: sc.comment.range,
        decl_name: decl.name_range,
        signature: decl.signature,
        body: decl.body,
    };
    (spec, diags)
}
