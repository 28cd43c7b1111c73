//! The syntax layer of kapi-lsp: kerneldoc comments, the KAPI comment syntax tree and the C
//! declarations specs attach to, all with byte ranges into the file. Nothing here knows what a
//! spec means; nothing here fails or panics on any input.

pub mod body;
pub mod comment;
pub mod ctree;
pub mod decl;
pub mod file;
pub mod kapi;
pub mod shift;
pub mod text;

pub use comment::{doc_comments, DocComment};
pub use decl::{find_declaration, ApiType, CParam, DeclKind, Declaration, UpstreamView};
pub use file::{parse_file, SourceFile, SpecComment};
pub use kapi::{
    Attr, Block, BlockKind, Detection, Field, Item, KapiDoc, ParamDoc, Section, Title, Token, Value,
};
pub use text::{ColumnUnit, LineCol, LineIndex, TextRange};
