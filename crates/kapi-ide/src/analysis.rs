//! One file's analysis: its syntax, its specs and every diagnostic about them. The CLI and the
//! server both call this, so they report the same diagnostics for the same text.

use kapi_model::{lower_file, Diagnostic, Spec};
use kapi_syntax::{parse_file, SourceFile};

/// Everything kapi-lsp knows about one file on its own.
#[derive(Clone, Debug, Default)]
pub struct FileAnalysis {
    pub syntax: SourceFile,
    pub specs: Vec<Spec>,
    /// Sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses, lowers and checks one file's text.
pub fn analyze_text(text: &str) -> FileAnalysis {
    let syntax = parse_file(text);
    let lowered = lower_file(text, &syntax);
    let mut diagnostics = lowered.diagnostics;
    crate::checks::file_checks(text, &syntax, &lowered.specs, &mut diagnostics);
    sort_diagnostics(&mut diagnostics);
    FileAnalysis {
        syntax,
        specs: lowered.specs,
        diagnostics,
    }
}

/// Sorts diagnostics by position, then code, so every output is deterministic.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.range.start, d.range.end, d.code));
}
