//! Code actions: the fixes attached to diagnostics, as plain text edits.

use crate::workspace::{Analysis, FileId};
use kapi_model::{Code, Diagnostic, TextEdit};
use kapi_syntax::TextRange;

/// A fix offered for a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeAction {
    pub title: String,
    /// The diagnostic this action fixes.
    pub diagnostic: Diagnostic,
    pub edits: Vec<TextEdit>,
    /// True when this is the one obvious fix (editors apply it with a single key).
    pub preferred: bool,
}

impl Analysis {
    /// Every diagnostic of a file, sorted by position: the file's own, then those that need
    /// the specs of other files.
    pub fn diagnostics(&self, file: FileId) -> Vec<Diagnostic> {
        let Some(data) = self.file(file) else {
            return Vec::new();
        };
        let mut out = data.analysis.diagnostics.clone();
        crate::checks::workspace_checks(self, file, &mut out);
        crate::analysis::sort_diagnostics(&mut out);
        out
    }

    /// The fixes of the diagnostics that overlap `range`.
    pub fn code_actions(&self, file: FileId, range: TextRange) -> Vec<CodeAction> {
        let mut out = Vec::new();
        for diagnostic in self.diagnostics(file) {
            let overlaps =
                diagnostic.range.start <= range.end && range.start <= diagnostic.range.end;
            if !overlaps {
                continue;
            }
            let single = diagnostic.fixes.len() == 1;
            for fix in &diagnostic.fixes {
                out.push(CodeAction {
                    title: fix.title.clone(),
                    diagnostic: diagnostic.clone(),
                    edits: fix.edits.clone(),
                    preferred: single && diagnostic.code != Code::UnusedError,
                });
            }
        }
        out
    }
}
