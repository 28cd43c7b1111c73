//! House style, enforced by a test (in the manner of rust-analyzer's `xtask/src/tidy.rs`):
//!
//! * every `.rs` file under `crates/` and `tests/` begins with a `//!` module comment (its first
//!   non-empty line), saying what the module is for;
//! * no test uses `#[should_panic]` (a test asserts what happens, not merely that something
//!   panics somewhere);
//! * the server crate never prints: in `crates/kapi-lsp/src`, stdout is the protocol, so no
//!   `println!`, `eprintln!`, `print!`, `eprint!` or `dbg!` outside comments;
//! * every diagnostic code in `kapi_model::Code::ALL` has exactly one section
//!   ``## `code` `` in `docs/diagnostics.md`, and every such section names a real code.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kapi_model::Code;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root exists")
}

/// Every `.rs` file under `dir`, skipping build output, dependencies and hidden folders.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries =
            std::fs::read_dir(&d).unwrap_or_else(|e| panic!("cannot list {}: {e}", d.display()));
        for entry in entries {
            let entry = entry.expect("readable directory entry");
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let file_type = entry.file_type().expect("file type");
            if file_type.is_dir() {
                if name != "target" && name != "node_modules" && !name.starts_with('.') {
                    stack.push(path);
                }
            } else if name.ends_with(".rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn relative(path: &Path) -> String {
    path.strip_prefix(workspace_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The code of a line, without a trailing `//` comment. Good enough for this crate's sources:
/// a `//` inside a string literal would hide the rest of its line, which only makes the checks
/// below more lenient.
fn code_part(line: &str) -> &str {
    line.find("//").map_or(line, |i| &line[..i])
}

fn all_sources() -> Vec<PathBuf> {
    let root = workspace_root();
    let mut files = rust_files(&root.join("crates"));
    files.extend(rust_files(&root.join("tests")));
    assert!(
        files.len() > 20,
        "found only {} Rust files; is the walk broken?",
        files.len()
    );
    files
}

#[test]
fn every_module_starts_with_a_module_comment() {
    let mut missing = Vec::new();
    for path in all_sources() {
        let text = read(&path);
        let first = text.lines().find(|l| !l.trim().is_empty());
        if !first.is_some_and(|l| l.starts_with("//!")) {
            missing.push(relative(&path));
        }
    }
    assert!(
        missing.is_empty(),
        "these files do not begin with a `//!` comment saying what they are for:\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn no_should_panic() {
    // Spelled in two pieces so that this file does not match itself.
    let needle = concat!("#[should", "_panic");
    let offenders: Vec<String> = all_sources()
        .into_iter()
        .filter(|p| read(p).lines().any(|l| code_part(l).contains(needle)))
        .map(|p| relative(&p))
        .collect();
    assert!(
        offenders.is_empty(),
        "tests should assert what happens instead of expecting a panic:\n  {}",
        offenders.join("\n  ")
    );
}

#[test]
fn the_server_never_prints() {
    let dir = workspace_root().join("crates/kapi-lsp/src");
    let files = rust_files(&dir);
    assert!(!files.is_empty(), "no sources in {}", dir.display());
    let macros = ["println!", "eprintln!", "print!", "eprint!", "dbg!"];
    let mut offenders = Vec::new();
    for path in files {
        for (n, line) in read(&path).lines().enumerate() {
            let code = code_part(line);
            // `print!` must not match inside `eprint!`.
            let hit = macros.iter().any(|m| {
                code.match_indices(m).any(|(i, _)| {
                    let before = code[..i].chars().next_back();
                    !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                })
            });
            if hit {
                offenders.push(format!("{}:{}: {}", relative(&path), n + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "the server's stdout is the protocol; log with `tracing` instead:\n  {}",
        offenders.join("\n  ")
    );
}

#[test]
fn every_code_is_documented_once() {
    let path = workspace_root().join("docs/diagnostics.md");
    let text = read(&path);
    let mut sections: BTreeMap<String, usize> = BTreeMap::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("## `") {
            let name = rest
                .strip_suffix('`')
                .unwrap_or_else(|| panic!("malformed section heading {line:?}"));
            *sections.entry(name.to_owned()).or_default() += 1;
        }
    }
    let mut problems = Vec::new();
    for code in Code::ALL {
        match sections.get(code.as_str()) {
            None => problems.push(format!("`{}` has no section", code.as_str())),
            Some(&n) if n > 1 => problems.push(format!("`{}` has {n} sections", code.as_str())),
            Some(_) => {}
        }
    }
    for name in sections.keys() {
        if Code::from_name(name).is_none() {
            problems.push(format!("section `{name}` names no diagnostic code"));
        }
    }
    assert!(
        problems.is_empty(),
        "docs/diagnostics.md and kapi_model::Code disagree:\n  {}",
        problems.join("\n  ")
    );
}
