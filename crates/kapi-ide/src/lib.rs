//! The analysis layer of kapi-lsp: a file's specs and diagnostics (and, as the layer grows, the
//! workspace index, hover, completion and fixes), all as plain data with byte ranges.

pub mod analysis;

pub use analysis::{analyze_text, FileAnalysis};
pub use kapi_model::{Code, Diagnostic, Fix, Severity, Spec, TextEdit};
