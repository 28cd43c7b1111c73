//! Benchmarks of the analysis on a large synthetic kernel file: parse + lower + check of a
//! 10,000-line C file with 50 specs, and the queries the editor makes on every keystroke.
//!
//! Run with `cargo bench -p kapi-ide --bench analysis`.

use kapi_ide::{analyze_text, AnalysisHost};
use std::path::Path;
use std::sync::Arc;

fn main() {
    divan::main();
}

/// One specified syscall, with a body that returns errors and calls other functions.
fn spec(i: usize) -> String {
    format!(
        r#"/**
 * sys_frob{i} - Frobnicate buffer number {i}
 * @fd: File descriptor
 * @buf: Output buffer
 * @len: Buffer length
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *   constraint-type: range(0, INT_MAX)
 *
 * param: buf
 *   type: user_ptr, output
 *   constraint-type: buffer(2)
 *   cdesc: Must be writable for len
 *     bytes.
 *
 * param: len
 *   type: uint, input
 *   constraint-type: range(1, 0x1000)
 *
 * return:
 *   type: int
 *   check-type: range
 *   success: >= 0
 *   desc: Bytes written.
 *
 * error: EBADF, Bad file descriptor
 *   desc: fd is not open.
 *
 * error: EFAULT, buf is not writable
 *
 * lock: frob_lock
 *   type: mutex
 *   acquired: yes
 *   released: yes
 *
 * side-effect: file_position | modify_state
 *   target: file->f_pos
 *   reversible: no
 */
SYSCALL_DEFINE3(frob{i}, unsigned int, fd, char __user *, buf, size_t, len)
{{
	struct fd f = fdget(fd);
	ssize_t ret;

	if (!fd_file(f))
		return -EBADF;
	mutex_lock(&frob_lock);
	ret = frob_write(fd_file(f), buf, len);
	mutex_unlock(&frob_lock);
	fdput(f);
	if (ret < 0)
		return -EFAULT;
	return ret;
}}

"#
    )
}

/// Ordinary kernel C between the specs: a kerneldoc-commented helper per block.
fn filler(i: usize, lines: usize) -> String {
    let mut s = format!(
        "/**\n * helper{i}() - An ordinary kerneldoc comment\n * @x: a value\n *\n * Return: 0.\n */\nstatic int helper{i}(int x)\n{{\n"
    );
    for j in 0..lines.saturating_sub(10) {
        s.push_str(&format!("\tx += compute_{j}(x, {j}); /* step {j} */\n"));
    }
    s.push_str("\treturn x;\n}\n\n");
    s
}

/// A 10,000-line file with 50 specs.
pub fn large_file() -> String {
    let mut text = String::from("// SPDX-License-Identifier: GPL-2.0\n#include <linux/fs.h>\n\n");
    let spec_lines = spec(0).lines().count();
    let per_block = 10_000 / 50;
    for i in 0..50 {
        text.push_str(&spec(i));
        text.push_str(&filler(i, per_block - spec_lines));
    }
    text
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
