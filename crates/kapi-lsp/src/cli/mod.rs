//! The command line: clap types for `kapi-lsp check`, `export` and `serve`, argument parsing
//! with one-line usage errors, and the exit codes every subcommand shares.

pub mod check;
pub mod export;
pub mod output;
pub mod walk;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Exit code: no findings (or only ones below the failure threshold).
pub const EXIT_OK: u8 = 0;
/// Exit code: `check` found errors (or warnings with `--werror`); `export` did not find the API.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: a usage or I/O error.
pub const EXIT_USAGE: u8 = 2;

/// Language server and command-line checker for KAPI specification comments in Linux kernel C.
#[derive(Debug, Parser)]
#[command(name = "kapi-lsp", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the KAPI specs in C files and report every problem.
    ///
    /// Directories are searched recursively for `.c` and `.h` files, honouring `.gitignore`,
    /// `.ignore` and hidden-file rules as ripgrep does; files named on the command line are
    /// always checked, whatever their extension. Binary and non-UTF-8 files are skipped with a
    /// note. Exit status: 0 clean, 1 errors (or warnings with --werror), 2 usage or I/O error.
    Check(CheckArgs),
    /// Print the KAPI specs found in C sources, like upstream `kapi --source PATH`.
    ///
    /// Without API_NAME: the list of APIs (json, plain) or every API in full (rst). With
    /// API_NAME: that API in full (json: the upstream `{"api_details": ...}` object). A
    /// directory is searched recursively for every `.c` and `.h` file, as upstream does
    /// (`.gitignore` is not consulted). Exit status: 0 found, 1 API_NAME not found, 2 usage or
    /// I/O error.
    Export(ExportArgs),
    /// Serve the Language Server Protocol on stdin/stdout (the default with no subcommand).
    Serve,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Output format: `text` (one `path:line:col: severity[code]: message` line per
    /// diagnostic, and a summary on stderr) or `json` (one pretty-printed array of
    /// `{path, line, column, end_line, end_column, severity, code, message}`).
    #[arg(long, short = 'f', value_enum, ignore_case = true, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Fail (exit 1) on warnings as well as errors.
    #[arg(long)]
    pub werror: bool,
    /// Files or directories to check.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Output format: json, plain or rst (case-insensitive).
    #[arg(long, short = 'f', value_name = "FORMAT", default_value = "plain")]
    pub format: String,
    /// A C file, or a directory searched recursively for `.c` and `.h` files.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// Print this API in full (an exact name such as `sys_read`; the first match wins).
    #[arg(value_name = "API_NAME")]
    pub api_name: Option<String>,
}

/// Parses the command line. Help and version go to stdout (exit 0); any other problem is one
/// `kapi-lsp: ...` line on stderr (exit 2).
pub fn parse_args() -> Result<Cli, ExitCode> {
    Cli::try_parse().map_err(|err| {
        if !err.use_stderr() {
            // --help or --version.
            let _ = err.print();
            return ExitCode::from(EXIT_OK);
        }
        output::error(&one_line(&err.render().to_string()));
        ExitCode::from(EXIT_USAGE)
    })
}

/// Clap's multi-line error as one line: the message up to the first blank line, without the
/// `error: ` prefix, lines joined by spaces.
fn one_line(rendered: &str) -> String {
    let message: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .take_while(|l| !l.is_empty() && !l.starts_with("Usage:"))
        .collect();
    let message = message.join(" ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    format!("{message} (see 'kapi-lsp --help')")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_errors_become_one_line() {
        let err = Cli::try_parse_from(["kapi-lsp", "check", "--format", "xml", "a.c"]).unwrap_err();
        assert_eq!(
            one_line(&err.render().to_string()),
            "invalid value 'xml' for '--format <FORMAT>' [possible values: text, json] \
             (see 'kapi-lsp --help')"
        );
        let err = Cli::try_parse_from(["kapi-lsp", "check"]).unwrap_err();
        assert_eq!(
            one_line(&err.render().to_string()),
            "the following required arguments were not provided: <PATH>... (see 'kapi-lsp --help')"
        );
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
