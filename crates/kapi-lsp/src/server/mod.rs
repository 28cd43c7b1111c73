//! The language server: LSP over stdio on tower-lsp-server and tokio. All analysis lives in
//! `kapi-ide`; this module converts, schedules and talks to the client.

pub mod backend;
pub mod config;
pub mod convert;
pub mod document;
mod indexer;
mod state;

use backend::Backend;
use tower_lsp_server::{LspService, Server};

/// Serves LSP on stdin/stdout until the client exits or closes stdin.
pub fn run() -> anyhow::Result<()> {
    init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let (service, socket) = LspService::build(Backend::new).finish();
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    // Editors often kill the server by closing stdin without `exit`; don't wait for background
    // work (indexing, re-parses) that nobody will read.
    runtime.shutdown_background();
    tracing::info!("kapi-lsp exiting");
    Ok(())
}

/// Logs go to stderr (stdout is the protocol). `KAPI_LSP_LOG` sets the filter, e.g. `debug`.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("KAPI_LSP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}
