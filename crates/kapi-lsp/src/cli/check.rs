//! `kapi-lsp check`: the diagnostics of every file, from the same engine as the server, as
//! `path:line:col: severity[code]: message` lines or as JSON. Every file is analysed on its own
//! first (in parallel); then the files that hold specs form one workspace, so that the checks
//! against callees' specs see every spec under the checked paths, as the server does for its
//! workspace folders. Lines and columns are 1-based; columns count characters.

use std::fmt::Write as _;
use std::fs;
use std::ops::ControlFlow;
use std::path::Path;
use std::process::ExitCode;

use kapi_ide::{analyze_text, AnalysisHost, Diagnostic, FileAnalysis, Severity};
use kapi_syntax::{ColumnUnit, LineIndex};
use serde::Serialize;
use std::sync::Arc;

use super::output::{self, describe, Stdout};
use super::walk::{self, Contents, WalkOptions};
use super::{CheckArgs, CheckFormat, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};

/// One diagnostic as the CLI reports it. In JSON the end is exclusive: `end_column` is the
/// column of the first character after the range.
#[derive(Debug, Serialize)]
struct Finding {
    path: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    #[serde(serialize_with = "severity_name")]
    severity: Severity,
    code: &'static str,
    message: String,
}

fn severity_name<S: serde::Serializer>(severity: &Severity, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(severity.as_str())
}

/// What became of one file.
enum FileResult {
    Checked(Arc<str>, FileAnalysis),
    Skipped(&'static str),
    Failed(std::io::Error),
}

/// Diagnostics counted by severity.
#[derive(Default)]
struct Counts {
    errors: usize,
    warnings: usize,
    infos: usize,
    hints: usize,
    files: usize,
}

impl Counts {
    fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Information => self.infos += 1,
            Severity::Hint => self.hints += 1,
        }
    }

    /// E.g. `3 errors, 1 warning in 5 files`; information and hints only when there are any.
    fn summary(&self) -> String {
        let mut s = format!(
            "{}, {}",
            plural(self.errors, "error"),
            plural(self.warnings, "warning")
        );
        if self.infos > 0 {
            let _ = write!(s, ", {} info", self.infos);
        }
        if self.hints > 0 {
            let _ = write!(s, ", {}", plural(self.hints, "hint"));
        }
        let _ = write!(s, " in {}", plural(self.files, "file"));
        s
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Runs `kapi-lsp check`: 2 on a usage or I/O error, else 1 when errors (or, with
/// `--werror`, warnings) were found, else 0.
pub fn run(args: &CheckArgs) -> ExitCode {
    for path in &args.paths {
        if let Err(err) = fs::metadata(path) {
            output::error(&format_args!("{}: {}", path.display(), describe(&err)));
            return ExitCode::from(EXIT_USAGE);
        }
    }
    let discovery = walk::discover(&args.paths, WalkOptions { ignore_files: true });
    let mut io_failed = !discovery.errors.is_empty();
    for err in &discovery.errors {
        output::error(err);
    }

    let mut results = Vec::with_capacity(discovery.files.len());
    walk::for_each_in_order(&discovery.files, check_file, |path, result| {
        results.push((path.to_path_buf(), result));
        ControlFlow::Continue(())
    });

    // The files with specs form the workspace the callee checks resolve names in.
    let mut host = AnalysisHost::new();
    for (path, result) in &mut results {
        if let FileResult::Checked(text, analysis) = result {
            if !analysis.specs.is_empty() {
                host.set_file_analysis(path, text.clone(), std::mem::take(analysis));
            }
        }
    }
    let workspace = host.analysis();

    let mut out = Stdout::new();
    let mut counts = Counts::default();
    let mut json = Vec::new();
    let mut write_failed = None;
    for (path, result) in results {
        match result {
            FileResult::Checked(text, analysis) => {
                counts.files += 1;
                let diagnostics = match workspace.file_id(&path) {
                    Some(id) => workspace.diagnostics(id),
                    None => analysis.diagnostics,
                };
                for finding in findings(&path, &text, diagnostics) {
                    counts.add(finding.severity);
                    match args.format {
                        CheckFormat::Text => {
                            if let Err(err) = out.write(&text_line(&finding)) {
                                write_failed = Some(err);
                                break;
                            }
                        }
                        CheckFormat::Json => json.push(finding),
                    }
                }
            }
            FileResult::Skipped(reason) => {
                output::note(&format_args!("skipping {}: {reason}", path.display()));
            }
            FileResult::Failed(err) => {
                output::error(&format_args!(
                    "cannot read {}: {}",
                    path.display(),
                    describe(&err)
                ));
                io_failed = true;
            }
        }
        if out.is_closed() || write_failed.is_some() {
            break;
        }
    }

    if args.format == CheckFormat::Json && write_failed.is_none() {
        let mut text = serde_json::to_string_pretty(&json).expect("findings are plain data");
        text.push('\n');
        if let Err(err) = out.write(&text) {
            write_failed = Some(err);
        }
    }
    let reader_left = out.is_closed();
    if write_failed.is_none() {
        write_failed = out.finish().err();
    }
    if let Some(err) = write_failed {
        output::error(&format_args!("cannot write output: {}", describe(&err)));
        return ExitCode::from(EXIT_USAGE);
    }
    // When the reader left early (`| head`), the counts cover only part of the files.
    if args.format == CheckFormat::Text && !reader_left {
        output::stderr_text(&format!("{}\n", counts.summary()));
    }

    let failed = counts.errors > 0 || (args.werror && counts.warnings > 0);
    ExitCode::from(if io_failed {
        EXIT_USAGE
    } else if failed {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// Reads and analyses one file on its own.
fn check_file(path: &Path) -> FileResult {
    match walk::read(path) {
        Ok(Contents::Text(text)) => {
            let analysis = analyze_text(&text);
            FileResult::Checked(Arc::from(text), analysis)
        }
        Ok(Contents::Skipped(reason)) => FileResult::Skipped(reason),
        Err(err) => FileResult::Failed(err),
    }
}

/// Diagnostics with 1-based lines and character columns.
fn findings(path: &Path, text: &str, diagnostics: Vec<Diagnostic>) -> Vec<Finding> {
    let index = LineIndex::new(text);
    let shown = path.display().to_string();
    diagnostics
        .into_iter()
        .map(|d| {
            let start = index.line_col(text, d.range.start, ColumnUnit::Char);
            let end = index.line_col(text, d.range.end, ColumnUnit::Char);
            Finding {
                path: shown.clone(),
                line: start.line + 1,
                column: start.col + 1,
                end_line: end.line + 1,
                end_column: end.col + 1,
                severity: d.severity,
                code: d.code.as_str(),
                message: d.message,
            }
        })
        .collect()
}

fn text_line(f: &Finding) -> String {
    format!(
        "{}:{}:{}: {}[{}]: {}\n",
        f.path,
        f.line,
        f.column,
        f.severity.as_str(),
        f.code,
        f.message
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_wording() {
        let mut counts = Counts {
            files: 1,
            ..Counts::default()
        };
        assert_eq!(counts.summary(), "0 errors, 0 warnings in 1 file");
        counts.add(Severity::Error);
        counts.add(Severity::Warning);
        counts.add(Severity::Warning);
        counts.add(Severity::Information);
        counts.add(Severity::Hint);
        counts.files = 5;
        assert_eq!(
            counts.summary(),
            "1 error, 2 warnings, 1 info, 1 hint in 5 files"
        );
    }
}
