//! Loading a workspace from disk: walk the folders (respecting `.gitignore`), skip every file
//! that cannot hold a spec with a byte-level prefilter, and analyse the rest in parallel.

use crate::analysis::{analyze_text, FileAnalysis};
use kapi_syntax::file::may_contain_spec;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A file that holds at least one spec comment.
#[derive(Debug)]
pub struct LoadedFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub analysis: FileAnalysis,
}

/// What a load did.
#[derive(Debug, Default)]
pub struct LoadReport {
    pub files: Vec<LoadedFile>,
    /// `.c`/`.h` files looked at.
    pub scanned: usize,
    /// Files that passed the prefilter but could not be read or are not UTF-8, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
}

/// True for the files kapi-lsp reads when walking a folder.
pub fn is_c_source(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("c" | "h"))
}

/// Loads every spec-bearing `.c`/`.h` file under `roots`. `on_progress` is called now and then
/// with the number of files scanned so far (from worker threads).
pub fn load_specs(roots: &[PathBuf], on_progress: &(dyn Fn(usize) + Sync)) -> LoadReport {
    let Some((first, rest)) = roots.split_first() else {
        return LoadReport::default();
    };
    let mut builder = ignore::WalkBuilder::new(first);
    for root in rest {
        builder.add(root);
    }
    // As ripgrep does: `.gitignore` rules apply inside git checkouts only (a kernel tarball such
    // as Debian's linux-source ships a `.gitignore` meant for its packaging repository, whose
    // `/*` would hide the whole tree), `.ignore` files apply everywhere, hidden files are skipped.
    builder.hidden(true).follow_links(false);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    builder.threads(threads);

    let scanned = AtomicUsize::new(0);
    let found = Mutex::new(Vec::new());
    let skipped = Mutex::new(Vec::new());
    builder.build_parallel().run(|| {
        Box::new(|entry| {
            let Ok(entry) = entry else {
                return ignore::WalkState::Continue;
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) || !is_c_source(entry.path()) {
                return ignore::WalkState::Continue;
            }
            let n = scanned.fetch_add(1, Ordering::Relaxed) + 1;
            if n.is_multiple_of(1024) {
                on_progress(n);
            }
            match load_file(entry.path()) {
                Ok(Some(file)) => found.lock().expect("no panics while held").push(file),
                Ok(None) => {}
                Err(reason) => skipped
                    .lock()
                    .expect("no panics while held")
                    .push((entry.path().to_path_buf(), reason)),
            }
            ignore::WalkState::Continue
        })
    });
    let mut files = found.into_inner().expect("no panics while held");
    files.sort_by(|a: &LoadedFile, b| a.path.cmp(&b.path));
    let mut skipped = skipped.into_inner().expect("no panics while held");
    skipped.sort();
    LoadReport {
        files,
        scanned: scanned.into_inner(),
        skipped,
    }
}

/// Reads and analyses one file if it can hold a spec; `Ok(None)` when it cannot.
pub fn load_file(path: &Path) -> Result<Option<LoadedFile>, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    if !may_contain_spec(&bytes) {
        return Ok(None);
    }
    let text = String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
    let analysis = analyze_text(&text);
    if analysis.specs.is_empty() {
        return Ok(None);
    }
    Ok(Some(LoadedFile {
        path: path.to_path_buf(),
        text: Arc::from(text),
        analysis,
    }))
}
