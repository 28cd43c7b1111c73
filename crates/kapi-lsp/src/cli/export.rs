//! `kapi-lsp export`: the specs of a file or directory in upstream `kapi --source PATH` form:
//! the API list, or one API in full, as json, plain or rst (`kapi_model::export`).

use std::fs;
use std::io::ErrorKind;
use std::ops::ControlFlow;
use std::process::ExitCode;

use kapi_ide::analyze_text;
use kapi_model::export::{self, Format};
use kapi_model::Spec;

use super::output::{self, describe, Stdout};
use super::walk::{self, Contents, WalkOptions};
use super::{ExportArgs, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};

/// Runs `kapi-lsp export`: 2 on an unknown format or a missing path, 1 when API_NAME is not
/// found, else 0.
pub fn run(args: &ExportArgs) -> ExitCode {
    let format: Format = match args.format.parse() {
        Ok(format) => format,
        Err(err) => {
            output::error(&err);
            return ExitCode::from(EXIT_USAGE);
        }
    };
    if let Err(err) = fs::metadata(&args.path) {
        if err.kind() == ErrorKind::NotFound {
            output::error(&format_args!(
                "Source path does not exist: {}",
                args.path.display()
            ));
        } else {
            output::error(&format_args!("{}: {}", args.path.display(), describe(&err)));
        }
        return ExitCode::from(EXIT_USAGE);
    }

    let specs = collect_specs(&args.path);
    let mut out = Stdout::new();
    let (text, code) = match &args.api_name {
        None => (format.render_list(&specs), EXIT_OK),
        Some(name) => match export::find(&specs, name) {
            Some(spec) => (format.render_details(spec), EXIT_OK),
            None => {
                output::stderr_text(&format!("API '{name}' not found.\n"));
                let listing = if format == Format::Plain {
                    available(&specs)
                } else {
                    String::new()
                };
                (listing, EXIT_FINDINGS)
            }
        },
    };
    if let Err(err) = out.write(&text).and_then(|()| out.finish()) {
        output::error(&format_args!("cannot write output: {}", describe(&err)));
        return ExitCode::from(EXIT_USAGE);
    }
    ExitCode::from(code)
}

/// Every spec under `path` that upstream would list (`export::upstream_view`), in source
/// order: file path, then position in the file. Files that cannot be read are reported and
/// left out, as upstream does.
fn collect_specs(path: &std::path::Path) -> Vec<Spec> {
    let discovery = walk::discover(
        &[path.to_path_buf()],
        WalkOptions {
            ignore_files: false,
        },
    );
    for err in &discovery.errors {
        output::warning(err);
    }
    let mut specs = Vec::new();
    walk::for_each_in_order(
        &discovery.files,
        |file| {
            walk::read(file).map(|contents| match contents {
                Contents::Text(text) => {
                    let analysis = analyze_text(&text);
                    let mut found = export::upstream_view(&analysis.syntax, analysis.specs);
                    found.sort_by_key(|s| s.src.comment.start);
                    Ok(found)
                }
                Contents::Skipped(reason) => Err(reason),
            })
        },
        |file, result| {
            match result {
                Ok(Ok(found)) => specs.extend(found),
                Ok(Err(reason)) => {
                    output::note(&format_args!("skipping {}: {reason}", file.display()))
                }
                Err(err) => output::warning(&format_args!(
                    "cannot read {}: {}",
                    file.display(),
                    describe(&err)
                )),
            }
            ControlFlow::Continue(())
        },
    );
    specs
}

/// Upstream's plain listing after an unknown API name, in source order.
fn available(specs: &[Spec]) -> String {
    let mut text = String::from("Available APIs:\n");
    for spec in specs {
        text.push_str(&format!("  {} ({})\n", spec.name, spec.api_type.as_str()));
    }
    text
}
