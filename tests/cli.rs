//! End-to-end tests of `kapi-lsp check` (being written).
