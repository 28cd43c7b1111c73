//! Hover: the contract of a specified function at its calls and declaration, and the meaning
//! of vocabulary tokens, errnos and parameters (being written).

use crate::workspace::{Analysis, FileId};
use kapi_syntax::TextRange;

/// Markdown for a range of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverResult {
    pub range: TextRange,
    pub markdown: String,
}

impl Analysis {
    /// What to show when the cursor rests at `offset` of `file`.
    pub fn hover(&self, _file: FileId, _offset: usize) -> Option<HoverResult> {
        None
    }
}
