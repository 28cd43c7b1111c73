//! The LSP handlers. Each one converts its input, asks the analysis, converts the answer back;
//! document changes are applied under the state lock with no `.await` in between, so they are
//! applied strictly in the order the client sent them.

use super::config::Config;
use super::convert::{self, Encoding};
use super::document::Document;
use super::indexer;
use super::state::{uri_path, State};
use kapi_ide::{Analysis, FileId};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{self as lsp, Uri};
use tower_lsp_server::{Client, LanguageServer};

/// The command that returns the spec under the cursor as JSON.
pub const SHOW_SPEC_COMMAND: &str = "kapi.showSpec";

/// How long the C tree waits after the last keystroke before it is re-parsed.
const REPARSE_DELAY: Duration = Duration::from_millis(300);

pub struct Backend {
    pub client: Client,
    pub state: Arc<Mutex<State>>,
    /// Held from computing diagnostics until they are sent, so that publications leave in the
    /// order they were computed: a slower handler can never send an older version last.
    publishing: Arc<tokio::sync::Mutex<()>>,
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend {
            client,
            state: Arc::default(),
            publishing: Arc::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// Publishes the diagnostics of an open document for its current version.
    async fn publish(&self, uri: Uri) {
        let _in_order = self.publishing.lock().await;
        let Some(publication) = Publication::of(&self.lock(), &uri) else {
            return;
        };
        let (version, diagnostics) = publication.compute();
        self.client
            .publish_diagnostics(uri, diagnostics, Some(version))
            .await;
    }

    /// Runs a query on a snapshot in the blocking pool: a panic inside the analysis becomes an
    /// error answer to this one request instead of taking the server down.
    async fn query<T: Send + 'static>(
        &self,
        uri: &Uri,
        f: impl FnOnce(FileId, Analysis, Encoding) -> T + Send + 'static,
    ) -> Result<Option<T>> {
        let Some((id, analysis, enc)) = ({
            let state = self.lock();
            state.file(uri).map(|(id, a)| (id, a, state.encoding))
        }) else {
            return Ok(None);
        };
        match tokio::task::spawn_blocking(move || f(id, analysis, enc)).await {
            Ok(v) => Ok(Some(v)),
            Err(e) => {
                tracing::error!("request failed: {e}");
                Err(Error::internal_error())
            }
        }
    }

    /// Re-parses a document's C tree once typing has paused.
    fn schedule_reparse(&self, uri: Uri, version: i32) {
        let state = Arc::clone(&self.state);
        tokio::spawn(async move {
            tokio::time::sleep(REPARSE_DELAY).await;
            let Some((mut tree, text)) = ({
                let s = lock(&state);
                s.docs
                    .get(&uri)
                    .filter(|d| d.version == version)
                    .map(|d| (d.ctree.clone(), d.text.clone()))
            }) else {
                return;
            };
            let tree = tokio::task::spawn_blocking(move || {
                tree.reparse(&text);
                tree
            })
            .await;
            if let Ok(tree) = tree {
                let mut s = lock(&state);
                if let Some(doc) = s.docs.get_mut(&uri).filter(|d| d.version == version) {
                    doc.ctree = tree;
                }
            }
        });
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panic while holding the lock leaves consistent data (every mutation is a plain
    // assignment); keep serving rather than poison every later request.
    state.lock().unwrap_or_else(|e| e.into_inner())
}

/// What publishing an open document's diagnostics needs, taken under the state lock; the
/// diagnostics themselves are computed after the lock is released.
pub struct Publication {
    version: i32,
    id: FileId,
    analysis: Analysis,
    config: Config,
    encoding: Encoding,
}

impl Publication {
    pub fn of(state: &State, uri: &Uri) -> Option<Publication> {
        let doc = state.docs.get(uri)?;
        let (id, analysis) = state.file(uri)?;
        Some(Publication {
            version: doc.version,
            id,
            analysis,
            config: state.config.clone(),
            encoding: state.encoding,
        })
    }

    /// The document's version and its LSP diagnostics.
    pub fn compute(self) -> (i32, Vec<lsp::Diagnostic>) {
        let Some(file) = self.analysis.file(self.id) else {
            return (self.version, Vec::new());
        };
        let diagnostics = self.config.apply(self.analysis.diagnostics(self.id));
        let lsp = diagnostics
            .iter()
            .map(|d| convert::diagnostic(file, d, self.encoding))
            .collect();
        (self.version, lsp)
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: lsp::InitializeParams) -> Result<lsp::InitializeResult> {
        let encoding = Encoding::negotiate(&params);
        let mut problems = Vec::new();
        {
            let mut state = self.lock();
            state.encoding = encoding;
            state.work_done_progress = params
                .capabilities
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false);
            state.watch_files = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
            if let Some(options) = &params.initialization_options {
                let (config, p) = Config::from_json(options);
                state.config = config;
                problems = p;
            }
            state.roots = params
                .workspace_folders
                .iter()
                .flatten()
                .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
                .collect();
            #[allow(deprecated)]
            if state.roots.is_empty() {
                if let Some(root) = params.root_uri.as_ref().and_then(|u| u.to_file_path()) {
                    state.roots.push(root.into_owned());
                }
            }
        }
        for p in problems {
            self.client.show_message(lsp::MessageType::WARNING, p).await;
        }
        Ok(lsp::InitializeResult {
            capabilities: lsp::ServerCapabilities {
                position_encoding: Some(encoding.kind()),
                text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
                    lsp::TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                        ..Default::default()
                    },
                )),
                hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
                completion_provider: Some(lsp::CompletionOptions {
                    trigger_characters: Some(
                        [":", " ", ",", "(", "|", "*"]
                            .iter()
                            .map(|s| s.to_string())
                            .collect(),
                    ),
                    ..Default::default()
                }),
                code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
                    lsp::CodeActionOptions {
                        code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                        ..Default::default()
                    },
                )),
                execute_command_provider: Some(lsp::ExecuteCommandOptions {
                    commands: vec![SHOW_SPEC_COMMAND.to_string()],
                    ..Default::default()
                }),
                ..Default::default()
            },
            server_info: Some(lsp::ServerInfo {
                name: "kapi-lsp".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: lsp::InitializedParams) {
        let (roots, progress, watch) = {
            let state = self.lock();
            let mut roots = state.roots.clone();
            roots.extend(state.config.extra_paths.iter().cloned());
            (roots, state.work_done_progress, state.watch_files)
        };
        if watch {
            // Specs in files that are not open still feed hover and the callee checks.
            let options = lsp::DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![lsp::FileSystemWatcher {
                    glob_pattern: lsp::GlobPattern::String("**/*.{c,h}".to_string()),
                    kind: None,
                }],
            };
            let registration = lsp::Registration {
                id: "kapi-lsp/watch-c".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            // Not awaited here: a client that never answers (or closes stdin first) must not
            // keep this notification, and so the server's shutdown, waiting.
            let client = self.client.clone();
            tokio::spawn(async move {
                if let Err(e) = client.register_capability(vec![registration]).await {
                    tracing::warn!("client refused to watch files: {e}");
                }
            });
        }
        let client = self.client.clone();
        let state = Arc::clone(&self.state);
        let publishing = Arc::clone(&self.publishing);
        tokio::spawn(indexer::index_workspace(
            client, state, publishing, roots, progress,
        ));
    }

    async fn shutdown(&self) -> Result<()> {
        self.lock().shut_down = true;
        Ok(())
    }

    async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        {
            let mut state = self.lock();
            let doc = Document::new(&params.text_document.text, version);
            let text = doc.text.clone();
            state.docs.insert(uri.clone(), doc);
            state.host.set_file_text(&uri_path(&uri), text);
        }
        self.publish(uri).await;
    }

    async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        {
            let mut state = self.lock();
            let enc = state.encoding;
            let Some(doc) = state.docs.get_mut(&uri) else {
                tracing::warn!("change for a document that is not open: {}", uri.as_str());
                return;
            };
            doc.apply_changes(&params.content_changes, version, enc);
            let text = doc.text.clone();
            state.host.set_file_text(&uri_path(&uri), text);
        }
        self.schedule_reparse(uri.clone(), version);
        self.publish(uri).await;
    }

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let path = uri_path(&uri);
        {
            let mut state = self.lock();
            state.docs.remove(&uri);
            // The file's content on disk takes over again (or it leaves the index).
            match kapi_ide::loader::load_file(&path) {
                Ok(Some(f)) => {
                    state.host.set_file_analysis(&f.path, f.text, f.analysis);
                }
                _ => state.host.remove_file(&path),
            }
        }
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn did_change_configuration(&self, params: lsp::DidChangeConfigurationParams) {
        let (config, problems) = Config::from_json(&params.settings);
        let uris: Vec<Uri> = {
            let mut state = self.lock();
            state.config = config;
            state.docs.keys().cloned().collect()
        };
        for p in problems {
            self.client.show_message(lsp::MessageType::WARNING, p).await;
        }
        for uri in uris {
            self.publish(uri).await;
        }
    }

    async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
        // Read and analyse the files outside the lock (a branch switch reports thousands at
        // once); an open document's text wins over the disk, checked again when applying.
        let changes: Vec<(Uri, std::path::PathBuf, bool)> = {
            let state = self.lock();
            params
                .changes
                .into_iter()
                .filter(|c| !state.docs.contains_key(&c.uri))
                .map(|c| {
                    let path = uri_path(&c.uri);
                    (c.uri, path, c.typ == lsp::FileChangeType::DELETED)
                })
                .filter(|(_, path, _)| kapi_ide::loader::is_c_source(path))
                .collect()
        };
        let loaded = tokio::task::spawn_blocking(move || {
            changes
                .into_iter()
                .map(|(uri, path, deleted)| {
                    let file = if deleted {
                        None
                    } else {
                        kapi_ide::loader::load_file(&path).ok().flatten()
                    };
                    (uri, path, file)
                })
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
        let uris: Vec<Uri> = {
            let mut state = self.lock();
            for (uri, path, file) in loaded {
                if state.docs.contains_key(&uri) {
                    continue;
                }
                match file {
                    Some(f) => {
                        state.host.set_file_analysis(&f.path, f.text, f.analysis);
                    }
                    None => state.host.remove_file(&path),
                }
            }
            state.docs.keys().cloned().collect()
        };
        // Specs in other files feed the checks of open documents.
        for uri in uris {
            self.publish(uri).await;
        }
    }

    async fn hover(&self, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
        let pos = params.text_document_position_params.position;
        let uri = params.text_document_position_params.text_document.uri;
        let hover = self
            .query(&uri, move |id, analysis, enc| {
                let file = analysis.file(id)?;
                let offset = convert::offset(file, pos, enc)?;
                let h = analysis.hover(id, offset)?;
                Some(lsp::Hover {
                    contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                        kind: lsp::MarkupKind::Markdown,
                        value: h.markdown,
                    }),
                    range: Some(convert::range(file, h.range, enc)),
                })
            })
            .await?;
        Ok(hover.flatten())
    }

    async fn completion(
        &self,
        params: lsp::CompletionParams,
    ) -> Result<Option<lsp::CompletionResponse>> {
        let pos = params.text_document_position.position;
        let uri = params.text_document_position.text_document.uri;
        let items = self
            .query(&uri, move |id, analysis, enc| {
                let file = analysis.file(id)?;
                let offset = convert::offset(file, pos, enc)?;
                let items: Vec<_> = analysis
                    .completions(id, offset)
                    .iter()
                    .map(|i| convert::completion_item(file, i, enc))
                    .collect();
                (!items.is_empty()).then_some(lsp::CompletionResponse::Array(items))
            })
            .await?;
        Ok(items.flatten())
    }

    async fn code_action(
        &self,
        params: lsp::CodeActionParams,
    ) -> Result<Option<lsp::CodeActionResponse>> {
        let uri = params.text_document.uri;
        let range = params.range;
        let config = self.lock().config.clone();
        let target = uri.clone();
        let actions = self
            .query(&uri, move |id, analysis, enc| {
                let file = analysis.file(id)?;
                let range = convert::text_range(file, range, enc)?;
                let actions: Vec<_> = analysis
                    .code_actions(id, range)
                    .into_iter()
                    .filter_map(|a| {
                        let diagnostic = config.apply(vec![a.diagnostic]).pop()?;
                        let edits = a
                            .edits
                            .iter()
                            .map(|e| convert::text_edit(file, e, enc))
                            .collect();
                        let changes = std::iter::once((target.clone(), edits)).collect();
                        Some(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                            title: a.title,
                            kind: Some(lsp::CodeActionKind::QUICKFIX),
                            diagnostics: Some(vec![convert::diagnostic(file, &diagnostic, enc)]),
                            edit: Some(lsp::WorkspaceEdit {
                                changes: Some(changes),
                                ..Default::default()
                            }),
                            is_preferred: Some(a.preferred),
                            ..Default::default()
                        }))
                    })
                    .collect();
                (!actions.is_empty()).then_some(actions)
            })
            .await?;
        Ok(actions.flatten())
    }

    async fn execute_command(
        &self,
        params: lsp::ExecuteCommandParams,
    ) -> Result<Option<serde_json::Value>> {
        if params.command != SHOW_SPEC_COMMAND {
            return Err(Error::invalid_params(format!(
                "unknown command {}",
                params.command
            )));
        }
        let arg: lsp::TextDocumentPositionParams = params
            .arguments
            .into_iter()
            .next()
            .and_then(|a| serde_json::from_value(a).ok())
            .ok_or_else(|| Error::invalid_params("expected {textDocument, position}"))?;
        let pos = arg.position;
        let json = self
            .query(&arg.text_document.uri, move |id, analysis, enc| {
                let file = analysis.file(id)?;
                let offset = convert::offset(file, pos, enc)?;
                let spec = analysis.spec_at(id, offset)?;
                serde_json::to_value(serde_json::json!({ "api_details": spec })).ok()
            })
            .await?;
        Ok(json.flatten())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::LspService;

    #[tokio::test]
    async fn a_panic_in_a_query_answers_that_request_with_an_error_and_the_server_goes_on() {
        let (service, _socket) = LspService::new(Backend::new);
        let backend = service.inner();
        let uri: Uri = "file:///kapi-test/t.c".parse().unwrap();
        backend
            .lock()
            .host
            .set_file_text(&uri_path(&uri), Arc::from("int x;\n"));
        let failed = backend
            .query(&uri, |_, _, _| -> usize { panic!("analysis bug") })
            .await;
        assert!(failed.is_err());
        let answered = backend.query(&uri, |_, _, _| 7).await;
        assert_eq!(answered.ok(), Some(Some(7)));
        let unknown: Uri = "file:///kapi-test/nope.c".parse().unwrap();
        assert_eq!(backend.query(&unknown, |_, _, _| 7).await.ok(), Some(None));
    }
}
