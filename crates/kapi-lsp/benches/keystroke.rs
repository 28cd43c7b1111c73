//! The editor's hot path on a `kernel/sched/core.c`-sized file (10,000 lines, 50 specs): a
//! one-character edit inside a spec comment applied to the open document, the file
//! re-analysed, and its diagnostics converted to LSP, exactly what `didChange` does before it
//! publishes; and hover and completion requests converted both ways.
//!
//! Run with `cargo bench -p kapi-lsp --bench keystroke`.

#[path = "../../kapi-ide/benches/support/large_file.rs"]
mod large_file;

use kapi_ide::AnalysisHost;
use kapi_lsp::server::convert::{self, Encoding};
use kapi_lsp::server::document::Document;
use kapi_syntax::{ColumnUnit, LineIndex};
use std::path::Path;
use tower_lsp_server::ls_types as lsp;

fn main() {
    divan::main();
}

fn position(text: &str, offset: usize) -> lsp::Position {
    let lc = LineIndex::new(text).line_col(text, offset, ColumnUnit::Utf16);
    lsp::Position {
        line: lc.line,
        character: lc.col,
    }
}

#[divan::bench]
fn keystroke_in_spec_to_diagnostics(bencher: divan::Bencher) {
    let text = large_file::large_file();
    let at = position(&text, text.rfind("Must be writable").unwrap());
    let mut doc = Document::new(&text, 0);
    let mut host = AnalysisHost::new();
    let path = Path::new("/bench/core.c");
    host.set_file_text(path, doc.text.clone());
    let mut version = 0;
    bencher.bench_local(|| {
        version += 1;
        // Type a character, then delete it on the next keystroke.
        let change = if version % 2 == 1 {
            lsp::TextDocumentContentChangeEvent {
                range: Some(lsp::Range { start: at, end: at }),
                range_length: None,
                text: "x".to_string(),
            }
        } else {
            let end = lsp::Position {
                line: at.line,
                character: at.character + 1,
            };
            lsp::TextDocumentContentChangeEvent {
                range: Some(lsp::Range { start: at, end }),
                range_length: None,
                text: String::new(),
            }
        };
        doc.apply_changes(&[change], version, Encoding::Utf16);
        let id = host.set_file_text(path, doc.text.clone());
        let analysis = host.analysis();
        let file = analysis.file(id).unwrap();
        analysis
            .diagnostics(id)
            .iter()
            .map(|d| convert::diagnostic(file, d, Encoding::Utf16))
            .collect::<Vec<_>>()
    });
}

#[divan::bench]
fn hover_on_call(bencher: divan::Bencher) {
    let text = large_file::large_file();
    let mut host = AnalysisHost::new();
    let id = host.set_file_text(Path::new("/bench/core.c"), text.clone().into());
    let analysis = host.analysis();
    let pos = position(&text, text.rfind("mutex_lock(").unwrap() + 2);
    bencher.bench(|| {
        let file = analysis.file(id).unwrap();
        let offset = convert::offset(file, divan::black_box(pos), Encoding::Utf16).unwrap();
        let h = analysis
            .hover(id, offset)
            .expect("hover on a specified callee");
        convert::range(file, h.range, Encoding::Utf16)
    });
}

#[divan::bench]
fn completion_in_spec(bencher: divan::Bencher) {
    let text = large_file::large_file();
    let mut host = AnalysisHost::new();
    let id = host.set_file_text(Path::new("/bench/core.c"), text.clone().into());
    let analysis = host.analysis();
    let pos = position(&text, text.rfind("type: uint").unwrap() + "type: ".len());
    bencher.bench(|| {
        let file = analysis.file(id).unwrap();
        let offset = convert::offset(file, divan::black_box(pos), Encoding::Utf16).unwrap();
        let items = analysis.completions(id, offset);
        assert!(!items.is_empty());
        items
            .iter()
            .map(|i| convert::completion_item(file, i, Encoding::Utf16))
            .collect::<Vec<_>>()
    });
}
