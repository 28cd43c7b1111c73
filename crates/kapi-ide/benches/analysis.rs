//! Benchmarks of the analysis on a large synthetic kernel file: parse + lower + check of a
//! 10,000-line C file with 50 specs, and the queries the editor makes on every keystroke.
//!
//! Run with `cargo bench -p kapi-ide --bench analysis`.

use kapi_ide::{analyze_text, AnalysisHost};
use std::path::Path;
use std::sync::Arc;

#[path = "support/large_file.rs"]
mod large_file;

use large_file::large_file;

fn main() {
    divan::main();
}

#[divan::bench]
fn analyze_10k_lines_50_specs(bencher: divan::Bencher) {
    let text = large_file();
    assert!(text.lines().count() >= 9_900, "{}", text.lines().count());
    bencher.bench(|| {
        let a = analyze_text(divan::black_box(&text));
        assert_eq!(a.specs.len(), 50);
        a
    });
}

#[divan::bench]
fn diagnostics_after_edit_in_spec(bencher: divan::Bencher) {
    let text = large_file();
    let at = text.find("Must be writable").unwrap();
    let mut host = AnalysisHost::new();
    host.set_file_text(Path::new("/bench.c"), Arc::from(text.as_str()));
    let mut flip = false;
    bencher.bench_local(|| {
        flip = !flip;
        let mut edited = text.clone();
        edited.insert_str(at, if flip { "x" } else { "y" });
        let id = host.set_file_text(Path::new("/bench.c"), Arc::from(edited));
        host.analysis().diagnostics(id)
    });
}

#[divan::bench]
fn hover_and_completion(bencher: divan::Bencher) {
    let text = large_file();
    let hover_at = text.rfind("fdget").unwrap() + 1;
    let complete_at = text.rfind("type: uint").unwrap() + "type: ".len();
    let mut host = AnalysisHost::new();
    let id = host.set_file_text(Path::new("/bench.c"), Arc::from(text.as_str()));
    let analysis = host.analysis();
    bencher.bench(|| {
        let h = analysis.hover(id, divan::black_box(hover_at));
        let c = analysis.completions(id, divan::black_box(complete_at));
        (h, c)
    });
}

#[divan::bench]
fn parse_only(bencher: divan::Bencher) {
    let text = large_file();
    bencher.bench(|| kapi_syntax::parse_file(divan::black_box(&text)));
}

#[divan::bench]
fn parse_and_lower(bencher: divan::Bencher) {
    let text = large_file();
    bencher.bench(|| {
        let s = kapi_syntax::parse_file(divan::black_box(&text));
        kapi_model::lower_file(&text, &s)
    });
}

#[divan::bench]
fn line_index_and_copy(bencher: divan::Bencher) {
    let text = large_file();
    bencher.bench(|| {
        let t: Arc<str> = Arc::from(divan::black_box(text.clone()));
        (kapi_syntax::LineIndex::new(&t), t)
    });
}

#[divan::bench]
fn doc_comments_only(bencher: divan::Bencher) {
    let text = large_file();
    bencher.bench(|| kapi_syntax::doc_comments(divan::black_box(&text)));
}
