//! Contract checks: each spec against its C signature (file-local, run with the file's
//! analysis), and against its body and the specs of the functions it calls (workspace-wide, run
//! when diagnostics are asked for). One module per rule, each with its code, tests and fix.

pub mod contract;
pub mod signature;

use kapi_model::{Diagnostic, Spec};
use kapi_syntax::{Declaration, SourceFile, SpecComment, TextRange};
use std::cell::RefCell;
use std::collections::HashMap;

use crate::workspace::{Analysis, FileId};

/// One spec with the syntax it came from.
pub struct SpecContext<'a> {
    pub text: &'a str,
    pub spec: &'a Spec,
    pub comment: &'a SpecComment,
    pub decl: &'a Declaration,
    /// Definitions of same-file helpers found so far, shared by the specs of one file.
    pub helpers: &'a HelperBodies,
}

/// A memo of [`kapi_syntax::body::find_function_body`] for one file's text: each lookup scans
/// the whole file, and the specs of a file call the same few helpers, so one analysis of a
/// large file would otherwise scan it dozens of times on every keystroke.
#[derive(Default)]
pub struct HelperBodies(RefCell<HashMap<String, Option<TextRange>>>);

impl HelperBodies {
    /// The body of the function `name` defined in `text` (the file the memo belongs to).
    pub fn find(&self, text: &str, name: &str) -> Option<TextRange> {
        if let Some(found) = self.0.borrow().get(name) {
            return *found;
        }
        let found = kapi_syntax::body::find_function_body(text, name);
        self.0.borrow_mut().insert(name.to_string(), found);
        found
    }
}

/// Pairs each spec with its comment and declaration (specs without a declaration are never
/// produced by lowering, so every spec has one).
pub fn spec_contexts<'a>(
    text: &'a str,
    syntax: &'a SourceFile,
    specs: &'a [Spec],
    helpers: &'a HelperBodies,
) -> Vec<SpecContext<'a>> {
    specs
        .iter()
        .filter_map(|spec| {
            let comment = syntax
                .specs
                .iter()
                .find(|c| c.comment.range == spec.src.comment)?;
            let decl = comment.decl.as_ref()?;
            Some(SpecContext {
                text,
                spec,
                comment,
                decl,
                helpers,
            })
        })
        .collect()
}

/// The checks that need only the file itself: one spec against its signature.
pub fn spec_checks(text: &str, comment: &SpecComment, spec: &Spec, out: &mut Vec<Diagnostic>) {
    let Some(decl) = comment.decl.as_ref() else {
        return;
    };
    let helpers = HelperBodies::default();
    let ctx = SpecContext {
        text,
        spec,
        comment,
        decl,
        helpers: &helpers,
    };
    for rule in FILE_RULES {
        rule(&ctx, out);
    }
}

/// The checks that need the workspace: the spec against its body and its callees' specs.
pub fn workspace_checks(analysis: &Analysis, file: FileId, out: &mut Vec<Diagnostic>) {
    let Some(data) = analysis.file(file) else {
        return;
    };
    let a = &data.analysis;
    let helpers = HelperBodies::default();
    for ctx in spec_contexts(&data.text, &a.syntax, &a.specs, &helpers) {
        for rule in WORKSPACE_RULES {
            rule(analysis, &ctx, out);
        }
    }
}

type FileRule = fn(&SpecContext<'_>, &mut Vec<Diagnostic>);
type WorkspaceRule = fn(&Analysis, &SpecContext<'_>, &mut Vec<Diagnostic>);

/// Signature rules, in the order their diagnostics are produced.
const FILE_RULES: &[FileRule] = &[
    signature::name_mismatch,
    signature::param_count_mismatch,
    signature::missing_param_doc,
    signature::excess_param_doc,
    signature::missing_param_spec,
    signature::unknown_param_spec,
    signature::param_order,
    signature::type_mismatch,
    signature::missing_user_flag,
    signature::return_mismatch,
];

/// Body and callee rules.
const WORKSPACE_RULES: &[WorkspaceRule] = &[
    contract::undocumented_error,
    contract::unused_error,
    contract::undocumented_capability,
    contract::context_violation,
    contract::missing_side_effect,
];
