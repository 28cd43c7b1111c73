//! Lowering: the KAPI syntax tree of a file to spec models, with a diagnostic for every mistake
//! in the spec text (being written).

use crate::diagnostic::Diagnostic;
use crate::spec::Spec;
use kapi_syntax::SourceFile;

/// The specs of one file and the diagnostics found while reading them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lowered {
    pub specs: Vec<Spec>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lowers every spec comment of a parsed file.
pub fn lower_file(_text: &str, _file: &SourceFile) -> Lowered {
    Lowered::default()
}
