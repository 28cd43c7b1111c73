//! The server's mutable state behind one lock: the analysis host, the open documents, the
//! negotiated encoding and the settings.

use super::config::Config;
use super::convert::Encoding;
use super::document::Document;
use kapi_ide::{Analysis, AnalysisHost, FileId};
use std::collections::HashMap;
use std::path::PathBuf;
use tower_lsp_server::ls_types::Uri;

#[derive(Debug, Default)]
pub struct State {
    pub host: AnalysisHost,
    pub docs: HashMap<Uri, Document>,
    pub encoding: Encoding,
    pub config: Config,
    pub roots: Vec<PathBuf>,
    pub work_done_progress: bool,
    /// The client can be asked to watch files (`workspace/didChangeWatchedFiles`).
    pub watch_files: bool,
    pub shut_down: bool,
}

/// The path kapi-lsp uses for a URI: the file path for `file:` URIs, else a path made from the
/// whole URI (untitled buffers still get analysed, they just never match a file on disk).
pub fn uri_path(uri: &Uri) -> PathBuf {
    if uri.scheme().as_str() == "file" {
        if let Some(path) = uri.to_file_path() {
            return path.into_owned();
        }
    }
    PathBuf::from(format!("/kapi-lsp-virtual/{}", uri.as_str()))
}

impl State {
    /// The file id and a snapshot for a URI the analysis knows about.
    pub fn file(&self, uri: &Uri) -> Option<(FileId, Analysis)> {
        let analysis = self.host.analysis();
        let id = analysis.file_id(&uri_path(uri))?;
        analysis.file(id)?;
        Some((id, analysis))
    }
}
