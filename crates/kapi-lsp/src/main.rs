//! The `kapi-lsp` binary: the KAPI language server (`serve`, the default) and its command-line
//! checker and exporter.
//!
//! `main` only dispatches: the subcommands live in [`cli`]. Nothing here prints with
//! `println!`/`eprintln!`: once the server runs, stdout is the protocol, so all CLI output goes
//! through the writers in `cli::output`.

#![deny(clippy::print_stdout, clippy::print_stderr)]

mod cli;

use std::process::ExitCode;

use cli::Command;

fn main() -> ExitCode {
    let cli = match cli::parse_args() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match cli.command {
        Some(Command::Check(args)) => cli::check::run(&args),
        Some(Command::Export(args)) => cli::export::run(&args),
        Some(Command::Serve) | None => match kapi_lsp::server::run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                tracing::error!("kapi-lsp server failed: {e:#}");
                ExitCode::from(cli::EXIT_USAGE)
            }
        },
    }
}
