//! The analysis layer of kapi-lsp: the workspace of files and specs, and every question asked
//! about them (diagnostics, hover, completion, fixes), as plain data with byte ranges. Nothing
//! here knows the protocol, the editor or tokio.

pub mod analysis;
pub mod bundled;
pub mod checks;
pub mod code_actions;
pub mod completion;
mod cursor;
pub mod hover;
pub mod loader;
pub mod workspace;

pub use analysis::{analyze_text, FileAnalysis};
pub use code_actions::CodeAction;
pub use completion::{CompletionItem, CompletionKind};
pub use hover::HoverResult;
pub use kapi_model::{Code, Diagnostic, Fix, Severity, Spec, TextEdit};
pub use workspace::{Analysis, AnalysisHost, FileData, FileId, SpecRef};
