//! kapi-lsp's protocol layer: the language server (and, through the binary, the CLI). Nothing
//! here may write to stdout except protocol messages.

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod server;
