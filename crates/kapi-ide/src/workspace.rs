//! The workspace: every file that holds specs (and every open document), the name -> spec
//! index across them, and cheap immutable snapshots for queries.
//!
//! `AnalysisHost` is the only mutable handle; it applies changes one at a time. `Analysis` is a
//! snapshot (an `Arc` of the state): queries run on it without blocking further changes, and a
//! change made while a snapshot is alive copies the maps (which hold `Arc`s, so that is cheap).

use crate::analysis::{analyze_text, FileAnalysis};
use kapi_model::Spec;
use kapi_syntax::LineIndex;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file known to the workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// One file's text and analysis.
#[derive(Debug)]
pub struct FileData {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub line_index: LineIndex,
    pub analysis: FileAnalysis,
}

/// Where a spec lives: its file and its position in that file's spec list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SpecRef {
    pub file: FileId,
    pub index: usize,
}

#[derive(Clone, Debug, Default)]
struct State {
    files: HashMap<FileId, Arc<FileData>>,
    ids: HashMap<PathBuf, FileId>,
    next_id: u32,
    /// Spec name -> where it is specified, ordered by path so lookups are deterministic.
    index: HashMap<String, Vec<SpecRef>>,
    /// Bumped by every change; lets long-running work notice that it is stale.
    generation: u64,
}

/// The mutable workspace.
#[derive(Debug, Default)]
pub struct AnalysisHost {
    state: Arc<State>,
}

/// An immutable snapshot of the workspace that answers queries.
#[derive(Clone, Debug)]
pub struct Analysis {
    state: Arc<State>,
}

impl AnalysisHost {
    pub fn new() -> AnalysisHost {
        AnalysisHost::default()
    }

    /// The id of `path`, allocating one if the path is new.
    pub fn file_id(&mut self, path: &Path) -> FileId {
        if let Some(&id) = self.state.ids.get(path) {
            return id;
        }
        let state = Arc::make_mut(&mut self.state);
        let id = FileId(state.next_id);
        state.next_id += 1;
        state.ids.insert(path.to_path_buf(), id);
        id
    }

    /// Sets a file's text, analyses it and updates the index. An edit inside one spec comment
    /// re-analyses only that comment.
    pub fn set_file_text(&mut self, path: &Path, text: Arc<str>) -> FileId {
        let old = self
            .state
            .ids
            .get(path)
            .and_then(|id| self.state.files.get(id));
        let analysis = old
            .and_then(|old| crate::analysis::reanalyze(&old.text, &old.analysis, &text))
            .unwrap_or_else(|| analyze_text(&text));
        self.set_file_analysis(path, text, analysis)
    }

    /// Like [`AnalysisHost::set_file_text`] for a file analysed elsewhere (in parallel, by the
    /// workspace loader).
    pub fn set_file_analysis(
        &mut self,
        path: &Path,
        text: Arc<str>,
        analysis: FileAnalysis,
    ) -> FileId {
        let id = self.file_id(path);
        let data = Arc::new(FileData {
            path: path.to_path_buf(),
            line_index: LineIndex::new(&text),
            text,
            analysis,
        });
        let state = Arc::make_mut(&mut self.state);
        state.generation += 1;
        unindex(state, id);
        for (index, spec) in data.analysis.specs.iter().enumerate() {
            state
                .index
                .entry(spec.name.clone())
                .or_default()
                .push(SpecRef { file: id, index });
        }
        state.files.insert(id, data);
        for name in spec_names(&state.files[&id]) {
            sort_refs(
                &state.files,
                state.index.get_mut(&name).expect("just inserted"),
            );
        }
        id
    }

    /// Forgets a file's content (it was deleted, or it no longer holds specs).
    pub fn remove_file(&mut self, path: &Path) {
        let Some(&id) = self.state.ids.get(path) else {
            return;
        };
        let state = Arc::make_mut(&mut self.state);
        state.generation += 1;
        unindex(state, id);
        state.files.remove(&id);
    }

    pub fn analysis(&self) -> Analysis {
        Analysis {
            state: Arc::clone(&self.state),
        }
    }
}

fn spec_names(data: &FileData) -> Vec<String> {
    data.analysis.specs.iter().map(|s| s.name.clone()).collect()
}

fn unindex(state: &mut State, id: FileId) {
    let Some(old) = state.files.get(&id) else {
        return;
    };
    for name in spec_names(old) {
        if let Some(refs) = state.index.get_mut(&name) {
            refs.retain(|r| r.file != id);
            if refs.is_empty() {
                state.index.remove(&name);
            }
        }
    }
}

fn sort_refs(files: &HashMap<FileId, Arc<FileData>>, refs: &mut [SpecRef]) {
    refs.sort_by(|a, b| {
        let pa = &files[&a.file].path;
        let pb = &files[&b.file].path;
        (pa, a.index).cmp(&(pb, b.index))
    });
}

impl Analysis {
    pub fn generation(&self) -> u64 {
        self.state.generation
    }

    /// A workspace file, or a bundled one (see [`crate::bundled`]) for a bundled id.
    pub fn file(&self, id: FileId) -> Option<&Arc<FileData>> {
        self.state
            .files
            .get(&id)
            .or_else(|| crate::bundled::file(id))
    }

    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        self.state.ids.get(path).copied()
    }

    /// All files with content, ordered by path.
    pub fn files(&self) -> Vec<(FileId, &Arc<FileData>)> {
        let mut files: Vec<_> = self.state.files.iter().map(|(id, d)| (*id, d)).collect();
        files.sort_by(|a, b| a.1.path.cmp(&b.1.path));
        files
    }

    /// Every spec named `name`, ordered by path.
    pub fn specs_named(&self, name: &str) -> Vec<(SpecRef, &Spec)> {
        let Some(refs) = self.state.index.get(name) else {
            return Vec::new();
        };
        refs.iter()
            .filter_map(|r| {
                Some((
                    *r,
                    self.state.files.get(&r.file)?.analysis.specs.get(r.index)?,
                ))
            })
            .collect()
    }

    /// The spec a call of `name` refers to: the first spec of that name, or of `sys_<name>`
    /// for a syscall written without its prefix, or else the bundled spec of a kernel
    /// primitive (see [`crate::bundled`]).
    pub fn resolve_spec(&self, name: &str) -> Option<(SpecRef, &Spec)> {
        self.specs_named(name)
            .into_iter()
            .next()
            .or_else(|| self.specs_named(&format!("sys_{name}")).into_iter().next())
            .or_else(|| crate::bundled::resolve(name))
    }

    /// The spec whose comment, signature or body contains `offset`.
    pub fn spec_at(&self, file: FileId, offset: usize) -> Option<&Spec> {
        self.file(file)?.analysis.specs.iter().find(|s| {
            s.src.comment.touches(offset)
                || s.src.signature.touches(offset)
                || s.src.body.is_some_and(|b| b.touches(offset))
        })
    }

    /// The number of distinct spec names in the workspace.
    pub fn spec_count(&self) -> usize {
        self.state.index.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "/**\n * pump_prime - Prime a pump\n * @p: the pump\n *\n * contexts: process\n *\n * param: p\n *   type: ptr, input\n */\nint pump_prime(struct pump *p)\n{\n\treturn 0;\n}\n";

    #[test]
    fn index_follows_changes_and_snapshots_stay_immutable() {
        let mut host = AnalysisHost::new();
        let a = host.set_file_text(Path::new("/w/a.c"), A.into());
        let before = host.analysis();
        assert_eq!(before.specs_named("pump_prime").len(), 1);
        assert_eq!(before.specs_named("pump_prime")[0].0.file, a);

        host.set_file_text(Path::new("/w/a.c"), "int x;\n".into());
        let after = host.analysis();
        assert!(after.specs_named("pump_prime").is_empty());
        // The old snapshot still sees the old state.
        assert_eq!(before.specs_named("pump_prime").len(), 1);
        assert!(after.generation() > before.generation());

        host.set_file_text(Path::new("/w/b.c"), A.into());
        host.set_file_text(Path::new("/w/a.c"), A.into());
        let both = host.analysis();
        let paths: Vec<_> = both
            .specs_named("pump_prime")
            .iter()
            .map(|(r, _)| both.file(r.file).unwrap().path.clone())
            .collect();
        assert_eq!(
            paths,
            vec![PathBuf::from("/w/a.c"), PathBuf::from("/w/b.c")]
        );

        host.remove_file(Path::new("/w/a.c"));
        assert_eq!(host.analysis().specs_named("pump_prime").len(), 1);
    }
}
