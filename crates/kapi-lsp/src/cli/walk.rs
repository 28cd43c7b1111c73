//! Finding and reading the files the CLI works on, shared by `check` and `export`: expanding
//! directories into sorted `.c`/`.h` files, reading a file as UTF-8 text unless it is binary,
//! and running per-file work in parallel while handing results back in order.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::{fs, io, thread};

/// How directories are searched.
#[derive(Clone, Copy, Debug)]
pub struct WalkOptions {
    /// Honour `.gitignore`, `.ignore` and git excludes, and skip hidden files and directories,
    /// as ripgrep does (also outside a git repository). When false, every `.c`/`.h` file is
    /// taken, as upstream `kapi` does, except inside `.git` directories.
    pub ignore_files: bool,
}

/// The files found, and the problems met on the way (unreadable directories).
#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<PathBuf>,
    pub errors: Vec<String>,
}

/// Expands the command-line paths, in the order given: a file is taken as is, whatever its
/// extension; a directory gives its `.c` and `.h` files, sorted by path. A file named twice
/// is taken once. Paths are kept as written (`dir/sub/x.c` under `dir`), so output names
/// files the way the user did. The caller checks beforehand that the paths exist.
pub fn discover(paths: &[PathBuf], options: WalkOptions) -> Discovery {
    let mut discovery = Discovery::default();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            walk_dir(path, options, &mut found, &mut discovery.errors);
            found.sort();
            discovery.files.extend(found);
        } else {
            discovery.files.push(path.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    discovery.files.retain(|f| seen.insert(f.clone()));
    discovery
}

fn walk_dir(root: &Path, options: WalkOptions, found: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    let mut builder = ignore::WalkBuilder::new(root);
    // `.gitignore` rules apply inside git checkouts only, as in ripgrep and the server's
    // workspace loader: Debian's linux-source tarball ships its packaging repository's
    // `.gitignore`, whose `/*` would otherwise hide the whole kernel tree.
    builder.standard_filters(options.ignore_files);
    if !options.ignore_files {
        builder.filter_entry(|entry| entry.file_name() != ".git");
    }
    for entry in builder.build() {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && is_c_source(entry.path()) {
                    found.push(entry.into_path());
                }
            }
            Err(err) => errors.push(err.to_string()),
        }
    }
}

fn is_c_source(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("c" | "h"))
}

/// A file's contents, or why it was skipped.
#[derive(Debug)]
pub enum Contents {
    Text(String),
    /// A binary or non-UTF-8 file; the reason completes "skipping X: ...".
    Skipped(&'static str),
}

/// How far into a file a NUL byte marks it as binary (the rule git and ripgrep use).
const BINARY_PROBE: usize = 8 * 1024;

/// Reads a file as UTF-8 text. A NUL byte in its first 8 KiB makes it binary.
pub fn read(path: &Path) -> io::Result<Contents> {
    let bytes = fs::read(path)?;
    if bytes[..bytes.len().min(BINARY_PROBE)].contains(&0) {
        return Ok(Contents::Skipped("binary file"));
    }
    Ok(match String::from_utf8(bytes) {
        Ok(text) => Contents::Text(text),
        Err(_) => Contents::Skipped("not UTF-8 text"),
    })
}

/// Runs `work` on every file on all cores, and hands each result to `sink` in the order of
/// `files`. Files are processed in batches so that memory stays bounded and output starts
/// early; `sink` returning `Break` stops the run after the current batch.
pub fn for_each_in_order<R: Send>(
    files: &[PathBuf],
    work: impl Fn(&Path) -> R + Sync,
    mut sink: impl FnMut(&Path, R) -> ControlFlow<()>,
) {
    let threads = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len())
        .max(1);
    for batch in files.chunks(threads * 16) {
        for (path, result) in batch.iter().zip(map_parallel(batch, threads, &work)) {
            if sink(path, result).is_break() {
                return;
            }
        }
    }
}

/// `work` over `batch` on up to `threads` threads, results in input order.
fn map_parallel<R: Send>(
    batch: &[PathBuf],
    threads: usize,
    work: &(impl Fn(&Path) -> R + Sync),
) -> Vec<R> {
    if threads <= 1 || batch.len() <= 1 {
        return batch.iter().map(|p| work(p)).collect();
    }
    let next = AtomicUsize::new(0);
    let mut slots: Vec<Option<R>> = batch.iter().map(|_| None).collect();
    thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(batch.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = batch.get(i) else { break };
                        done.push((i, work(path)));
                    }
                    done
                })
            })
            .collect();
        for worker in workers {
            match worker.join() {
                Ok(done) => done.into_iter().for_each(|(i, r)| slots[i] = Some(r)),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    slots
        .into_iter()
        .map(|r| r.expect("every index is claimed by exactly one worker"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_input_order_and_break_stops() {
        let files: Vec<PathBuf> = (0..100).map(|i| PathBuf::from(i.to_string())).collect();
        let mut seen = Vec::new();
        for_each_in_order(
            &files,
            |p| p.to_str().unwrap().parse::<usize>().unwrap() * 2,
            |_, r| {
                seen.push(r);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(seen, (0..100).map(|i| i * 2).collect::<Vec<_>>());

        let mut count = 0;
        for_each_in_order(
            &files,
            |_| (),
            |_, ()| {
                count += 1;
                if count == 3 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(count, 3);
    }
}
