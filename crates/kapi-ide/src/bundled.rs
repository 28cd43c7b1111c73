//! Specs of kernel primitives shipped inside the binary (`kmalloc`, `copy_from_user`,
//! `mutex_lock`, `capable`, ...), so that the contract checks know what those calls do even
//! when the workspace holds no spec for them.
//!
//! The specs are ordinary KAPI-annotated C files under `crates/kapi-ide/bundled/`, compiled in
//! with `include_str!` and analysed once, lazily, by the same pipeline as any workspace file.
//! Each file gets a reserved [`FileId`] at the top of the id space and the path
//! `bundled:<name>` (so `path:line` reads `bundled:mm.c:12`). They are not part of any
//! workspace: `Analysis::files()` does not list them and no diagnostics are published for
//! them, but `Analysis::file(id)` answers for their ids, so a [`SpecRef`] into a bundled file
//! works like any other (hover can show its text and location). `Analysis::resolve_spec` falls
//! back to them only when the workspace has no spec of the name.

use crate::analysis::analyze_text;
use crate::workspace::{FileData, FileId, SpecRef};
use kapi_model::Spec;
use kapi_syntax::LineIndex;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The bundled files: name and text.
const SOURCES: &[(&str, &str)] = &[
    ("mm.c", include_str!("../bundled/mm.c")),
    ("uaccess.c", include_str!("../bundled/uaccess.c")),
    ("locking.c", include_str!("../bundled/locking.c")),
    ("sched.c", include_str!("../bundled/sched.c")),
    ("fs.c", include_str!("../bundled/fs.c")),
    ("capability.c", include_str!("../bundled/capability.c")),
];

/// The first id of the reserved range; a workspace would need four billion files to reach it.
const FIRST_ID: u32 = u32::MAX - 255;

/// The path prefix of bundled files.
pub const PATH_PREFIX: &str = "bundled:";

struct Bundled {
    files: Vec<Arc<FileData>>,
    index: HashMap<String, SpecRef>,
}

static BUNDLED: OnceLock<Bundled> = OnceLock::new();

fn bundled() -> &'static Bundled {
    BUNDLED.get_or_init(|| {
        let mut files = Vec::new();
        let mut index = HashMap::new();
        for (i, (name, text)) in SOURCES.iter().enumerate() {
            let id = FileId(FIRST_ID + i as u32);
            let analysis = analyze_text(text);
            for (n, spec) in analysis.specs.iter().enumerate() {
                index
                    .entry(spec.name.clone())
                    .or_insert(SpecRef { file: id, index: n });
            }
            files.push(Arc::new(FileData {
                path: PathBuf::from(format!("{PATH_PREFIX}{name}")),
                text: Arc::from(*text),
                line_index: LineIndex::new(text),
                analysis,
            }));
        }
        Bundled { files, index }
    })
}

impl FileId {
    /// True for the ids of bundled files.
    pub fn is_bundled(self) -> bool {
        self.0 >= FIRST_ID && ((self.0 - FIRST_ID) as usize) < SOURCES.len()
    }
}

/// True for the paths bundled files carry (`bundled:mm.c`).
pub fn is_bundled_path(path: &Path) -> bool {
    path.to_str().is_some_and(|p| p.starts_with(PATH_PREFIX))
}

/// The bundled file with this id.
pub fn file(id: FileId) -> Option<&'static Arc<FileData>> {
    if !id.is_bundled() {
        return None;
    }
    bundled().files.get((id.0 - FIRST_ID) as usize)
}

/// Every bundled file with its id.
pub fn files() -> impl Iterator<Item = (FileId, &'static Arc<FileData>)> {
    bundled()
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (FileId(FIRST_ID + i as u32), f))
}

/// The bundled spec named `name`.
pub fn resolve(name: &str) -> Option<(SpecRef, &'static Spec)> {
    let b = bundled();
    let r = *b.index.get(name)?;
    let spec = b
        .files
        .get((r.file.0 - FIRST_ID) as usize)?
        .analysis
        .specs
        .get(r.index)?;
    Some((r, spec))
}

/// The names of every bundled spec, sorted.
pub fn names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = bundled().index.keys().map(String::as_str).collect();
    names.sort_unstable();
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::AnalysisHost;
    use kapi_model::Severity;

    /// Every bundled file passes the whole engine without an error, and without any warning
    /// but one: the upstream `kapi` tool cannot find a prototype with a pointer return type
    /// (`void *kmalloc(`), which matters for kernel sources it extracts, not for these files.
    /// They are the examples users read in hovers, and the contract checks rely on them.
    #[test]
    fn bundled_specs_are_clean() {
        let mut report = String::new();
        for (id, data) in files() {
            let host = AnalysisHost::new();
            for d in host.analysis().diagnostics(id) {
                if d.code == kapi_model::Code::BuildPathsDisagree
                    && d.message.contains("will not find this spec")
                {
                    continue;
                }
                let lc = data.line_index.line_col(
                    &data.text,
                    d.range.start,
                    kapi_syntax::ColumnUnit::Char,
                );
                report += &format!(
                    "{}:{}: {} {}: {}\n",
                    data.path.display(),
                    lc.line + 1,
                    d.severity.as_str(),
                    d.code.as_str(),
                    d.message
                );
                assert_ne!(d.severity, Severity::Error, "{report}");
            }
        }
        assert_eq!(report, "");
    }

    #[test]
    fn at_least_thirty_primitives_are_specified() {
        let names = names();
        for expected in [
            "kmalloc",
            "kzalloc",
            "kcalloc",
            "kmalloc_array",
            "krealloc",
            "kfree",
            "kvmalloc",
            "kvfree",
            "vmalloc",
            "vfree",
            "copy_from_user",
            "copy_to_user",
            "get_user",
            "put_user",
            "strncpy_from_user",
            "mutex_lock",
            "mutex_lock_interruptible",
            "mutex_unlock",
            "spin_lock",
            "spin_lock_irqsave",
            "spin_unlock",
            "spin_unlock_irqrestore",
            "might_sleep",
            "schedule",
            "msleep",
            "wait_event_interruptible",
            "fdget",
            "fdput",
            "capable",
            "ns_capable",
        ] {
            assert!(names.contains(&expected), "no bundled spec for {expected}");
        }
        assert!(names.len() >= 30);
        // The declaration of every spec is a prototype: bundled specs describe, they have no body.
        for (_, data) in files() {
            for spec in &data.analysis.specs {
                assert!(spec.src.body.is_none(), "{} has a body", spec.name);
            }
        }
    }

    #[test]
    fn hover_on_a_call_shows_the_bundled_contract_and_its_location() {
        let text = "/**\n * widget_new - make a widget\n * @n: size\n *\n * contexts: process, sleepable\n *\n * param: n\n *   type: uint, input\n */\nvoid *widget_new(unsigned int n)\n{\n\treturn kmalloc(n, GFP_KERNEL);\n}\n";
        let mut host = AnalysisHost::new();
        let id = host.set_file_text(Path::new("/w/widget.c"), text.into());
        let offset = text.find("kmalloc").unwrap() + 2;
        let hover = host
            .analysis()
            .hover(id, offset)
            .expect("hover on a bundled callee");
        // The location is the comment's `/**` line, just above the title line: its 1-based
        // number is the title's 0-based index.
        let title = SOURCES[0]
            .1
            .lines()
            .position(|l| l.starts_with(" * kmalloc - "))
            .expect("kmalloc title");
        assert!(hover.markdown.contains("**kmalloc**"), "{}", hover.markdown);
        let expected = format!("`bundled:mm.c:{title}`");
        assert!(
            hover.markdown.contains(&expected),
            "{expected} not in {}",
            hover.markdown
        );
    }

    #[test]
    fn workspace_specs_win_over_bundled_ones() {
        let mut host = AnalysisHost::new();
        let analysis = host.analysis();
        let (r, spec) = analysis.resolve_spec("kmalloc").expect("bundled kmalloc");
        assert!(r.file.is_bundled());
        assert_eq!(spec.name, "kmalloc");
        let data = analysis
            .file(r.file)
            .expect("bundled files are visible through Analysis::file");
        assert_eq!(data.path, PathBuf::from("bundled:mm.c"));
        assert!(is_bundled_path(&data.path));
        assert!(analysis.files().iter().all(|(id, _)| !id.is_bundled()));

        let own = "/**\n * kmalloc - my own\n * @size: bytes\n *\n * contexts: process\n *\n * param: size\n *   type: uint, input\n */\nvoid *kmalloc(unsigned int size);\n";
        let id = host.set_file_text(Path::new("/w/my.c"), own.into());
        let analysis = host.analysis();
        let (r, _) = analysis.resolve_spec("kmalloc").expect("workspace kmalloc");
        assert_eq!(r.file, id);
    }
}
