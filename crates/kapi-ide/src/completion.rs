//! Completion inside KAPI spec comments (being written).

use crate::workspace::{Analysis, FileId};
use kapi_syntax::TextRange;

/// What kind of thing a completion inserts (the server maps it to an LSP kind).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// A top-level key or a block sub-key.
    Key,
    /// A vocabulary value (type, flag, context, lock type, ...).
    Value,
    /// A constraint form such as `range(min, max)`.
    Function,
    /// A parameter name from the signature.
    Param,
    /// An errno or capability name.
    Constant,
    /// A whole block or spec skeleton.
    Snippet,
}

/// One completion item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    /// The text that replaces `replace`; LSP snippet syntax when `snippet` is true.
    pub insert: String,
    pub snippet: bool,
    /// The range the insertion replaces (the partial word before the cursor, usually).
    pub replace: TextRange,
    pub sort_text: Option<String>,
}

impl Analysis {
    /// Completions at `offset` of `file`; empty outside spec comments.
    pub fn completions(&self, _file: FileId, _offset: usize) -> Vec<CompletionItem> {
        Vec::new()
    }
}
