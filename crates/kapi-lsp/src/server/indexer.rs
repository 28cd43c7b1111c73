//! Background indexing of the workspace folders, with `$/progress` reports. Requests keep
//! being answered while it runs; open documents keep their editor text.

use super::state::State;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::Client;

pub async fn index_workspace(
    client: Client,
    state: Arc<Mutex<State>>,
    publishing: Arc<tokio::sync::Mutex<()>>,
    roots: Vec<PathBuf>,
    progress: bool,
) {
    if roots.is_empty() {
        return;
    }
    let started = std::time::Instant::now();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<usize>();
    let walk_roots = roots.clone();
    let job = tokio::task::spawn_blocking(move || {
        kapi_ide::loader::load_specs(&walk_roots, &|n| {
            let _ = tx.send(n);
        })
    });
    let ongoing = if progress {
        let token = lsp::ProgressToken::String("kapi-lsp/index".to_string());
        match client.create_work_done_progress(token.clone()).await {
            Ok(()) => Some(
                client
                    .progress(token, "Indexing KAPI specs")
                    .with_message("0 files")
                    .begin()
                    .await,
            ),
            Err(e) => {
                tracing::warn!("client refused a progress token: {e}");
                None
            }
        }
    } else {
        None
    };
    while let Some(n) = rx.recv().await {
        if let Some(p) = &ongoing {
            p.report(format!("{n} files")).await;
        }
    }
    let report = match job.await {
        Ok(r) => r,
        Err(e) => {
            tracing::error!("indexing failed: {e}");
            if let Some(p) = ongoing {
                p.finish_with_message("failed").await;
            }
            return;
        }
    };
    let (specs, files, open): (usize, usize, Vec<lsp::Uri>) = {
        let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
        let open_paths: Vec<PathBuf> = s.docs.keys().map(super::state::uri_path).collect();
        let mut specs = 0;
        let files = report.files.len();
        for f in report.files {
            specs += f.analysis.specs.len();
            if !open_paths.contains(&f.path) {
                s.host.set_file_analysis(&f.path, f.text, f.analysis);
            }
        }
        (specs, files, s.docs.keys().cloned().collect())
    };
    tracing::info!(
        "indexed {} files ({} with specs, {specs} specs) in {:.2?}",
        report.scanned,
        files,
        started.elapsed()
    );
    for (path, reason) in &report.skipped {
        tracing::info!("skipped {}: {reason}", path.display());
    }
    if let Some(p) = ongoing {
        p.finish_with_message(format!("{} files, {specs} specs", report.scanned))
            .await;
    }
    // Checks of open documents may depend on specs found in other files.
    for uri in open {
        let _in_order = publishing.lock().await;
        let publication = {
            let s = state.lock().unwrap_or_else(|e| e.into_inner());
            super::backend::Publication::of(&s, &uri)
        };
        if let Some(publication) = publication {
            let (version, diagnostics) = publication.compute();
            client
                .publish_diagnostics(uri, diagnostics, Some(version))
                .await;
        }
    }
}
