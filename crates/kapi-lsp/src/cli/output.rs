//! Where CLI output goes: a buffered, locked stdout that treats a closed pipe as the end of
//! output rather than an error (`kapi-lsp check . | head`), and one-line messages on stderr.
//! This is the only module that writes to the process's stdout or stderr.

use std::fmt::Display;
use std::io::{self, BufWriter, ErrorKind, StdoutLock, Write};

/// Buffered, locked stdout.
pub struct Stdout {
    inner: BufWriter<StdoutLock<'static>>,
    closed: bool,
}

impl Stdout {
    pub fn new() -> Stdout {
        Stdout {
            inner: BufWriter::new(io::stdout().lock()),
            closed: false,
        }
    }

    /// Writes `text`. When the reader has gone away the writer becomes closed and drops
    /// everything from then on; any other failure is returned.
    pub fn write(&mut self, text: &str) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.write_all(text.as_bytes());
        self.absorb_broken_pipe(result)
    }

    /// True once the reader has closed the pipe: there is no point producing more output.
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// Flushes the buffer, with the same closed-pipe rule as [`Stdout::write`].
    pub fn finish(mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.absorb_broken_pipe(result)
    }

    fn absorb_broken_pipe(&mut self, result: io::Result<()>) -> io::Result<()> {
        match result {
            Err(err) if err.kind() == ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

/// `kapi-lsp: <message>` on stderr.
pub fn error(message: &dyn Display) {
    stderr_text(&format!("kapi-lsp: {message}\n"));
}

/// `kapi-lsp: warning: <message>` on stderr.
pub fn warning(message: &dyn Display) {
    stderr_text(&format!("kapi-lsp: warning: {message}\n"));
}

/// `kapi-lsp: note: <message>` on stderr.
pub fn note(message: &dyn Display) {
    stderr_text(&format!("kapi-lsp: note: {message}\n"));
}

/// Text on stderr, as is. Failures to write to stderr are ignored: there is nowhere left to
/// report them.
pub fn stderr_text(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// An I/O error as a short sentence: its OS message without the `(os error N)` suffix.
pub fn describe(err: &io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}
