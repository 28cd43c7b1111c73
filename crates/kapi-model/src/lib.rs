//! The KAPI spec model (the kernel's `struct kernel_api_spec`), its vocabularies, the lowering
//! from the KAPI syntax tree with diagnostics, and the upstream-compatible exports.

pub mod diagnostic;
pub mod export;
pub mod lower;
pub mod shift;
pub mod spec;
pub mod suggest;
pub mod vocab;

pub use diagnostic::{Code, Diagnostic, Fix, Severity, TextEdit};
pub use lower::{lower_comment, lower_file, Lowered};
pub use spec::*;
