//! Robustness of the whole analysis on hostile input: random bytes, random sequences of
//! KAPI-like lines, and single-character edits of the valid parser fixtures
//! (`tests/fixtures/parser/ok/`). For every input, analysis must not panic, must finish in
//! bounded time, and every range it returns (syntax tree, specs, diagnostics, fixes, hover,
//! completion) must lie inside the text on character boundaries; the edits of one fix must not
//! overlap. Large inputs check that nothing is quadratic, and hover and completion are asked at
//! every offset of a few fixtures and past the end of the text.
//!
//! The time limit is a hang guard, not a speed test: it is far above what any case needs.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kapi_ide::{analyze_text, Analysis, AnalysisHost, Diagnostic, FileId, Spec};
use kapi_syntax::{Item, SourceFile, TextRange, Value};
use proptest::prelude::*;

/// Per-case hang guard.
const CASE_LIMIT: Duration = Duration::from_secs(2);

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/parser/ok")
}

/// The valid fixtures, by file name.
fn ok_fixtures() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(fixtures_dir()).expect("the ok fixture folder exists") {
        let path = entry.expect("readable directory entry").path();
        if path.extension().is_some_and(|e| e == "c") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).expect("fixtures are UTF-8");
            out.push((name, text));
        }
    }
    out.sort();
    assert!(
        !out.is_empty(),
        "no fixtures in {}",
        fixtures_dir().display()
    );
    out
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixtures_dir().join(name))
        .unwrap_or_else(|e| panic!("cannot read fixture {name}: {e}"))
}

/// Checks that `range` is a valid range of `text`; `what` names it in the failure message.
fn check_range(text: &str, range: TextRange, what: &str) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{what}: range {range:?} is not inside the text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what}: range {range:?} splits a character"
    );
}

fn check_value(text: &str, v: &Value, what: &str) {
    check_range(text, v.range(), what);
}

/// Every range of the syntax tree.
fn check_syntax(text: &str, file: &SourceFile) {
    for sc in &file.specs {
        check_range(text, sc.comment.range, "comment");
        assert!(sc.comment.after <= text.len(), "comment end past the text");
        for line in &sc.comment.lines {
            check_range(text, *line, "comment line");
            assert!(
                sc.comment.range.contains_range(*line),
                "comment line outside its comment"
            );
        }
        if let Some(t) = &sc.doc.title {
            check_range(text, t.range, "title");
            for tok in t.name.iter().chain(&t.summary) {
                check_range(text, tok.range, "title part");
            }
        }
        for item in &sc.doc.items {
            check_range(text, item.range(), "item");
            match item {
                Item::ParamDoc(p) => {
                    check_range(text, p.name.range, "@name");
                    check_value(text, &p.text, "@name text");
                }
                Item::Field(f) => {
                    check_range(text, f.key.range, "field key");
                    check_value(text, &f.value, "field value");
                }
                Item::Block(b) => {
                    check_range(text, b.key.range, "block key");
                    check_value(text, &b.header, "block header");
                    for a in &b.attrs {
                        check_range(text, a.range, "attribute");
                        if let Some(k) = &a.key {
                            check_range(text, k.range, "attribute key");
                        }
                        check_value(text, &a.value, "attribute value");
                        for part in a.value.split(',') {
                            check_range(text, part.range, "attribute value part");
                        }
                    }
                }
                Item::Section(s) => {
                    check_range(text, s.key.range, "section key");
                    for l in &s.lines {
                        check_range(text, *l, "section line");
                    }
                }
                Item::Other(t) => check_range(text, t.range, "other line"),
            }
        }
        if let Some(d) = &sc.decl {
            check_range(text, d.name_range, "declared name");
            check_range(text, d.signature, "signature");
            if let Some(body) = d.body {
                check_range(text, body, "body");
            }
            for p in &d.params {
                check_range(text, p.range, "C parameter");
                check_range(text, p.name_range, "C parameter name");
            }
        }
    }
}

fn check_specs(text: &str, specs: &[Spec]) {
    for s in specs {
        check_range(text, s.src.comment, "spec comment");
        check_range(text, s.src.decl_name, "spec declared name");
        check_range(text, s.src.signature, "spec signature");
        if let Some(body) = s.src.body {
            check_range(text, body, "spec body");
        }
    }
}

fn check_diagnostics(text: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        let what = format!("{} diagnostic {:?}", d.code.as_str(), d.message);
        check_range(text, d.range, &what);
        for fix in &d.fixes {
            let mut edits: Vec<TextRange> = fix.edits.iter().map(|e| e.range).collect();
            for e in &edits {
                check_range(text, *e, &format!("edit of fix {:?} for {what}", fix.title));
            }
            edits.sort();
            for pair in edits.windows(2) {
                assert!(
                    pair[0].end <= pair[1].start,
                    "fix {:?} for {what} has overlapping edits {:?} and {:?}",
                    fix.title,
                    pair[0],
                    pair[1]
                );
            }
        }
    }
}

const PATH: &str = "/robust/file.c";

/// A one-file workspace holding `text`.
fn workspace(text: &str) -> (AnalysisHost, FileId) {
    let mut host = AnalysisHost::new();
    let id = host.set_file_text(Path::new(PATH), Arc::from(text));
    (host, id)
}

/// Analyses `text` with `analyze_text`, checks that file analysis, and returns a one-file
/// workspace built from it (without analysing the text a second time).
fn analyze_and_check(text: &str) -> (AnalysisHost, FileId) {
    let fa = analyze_text(text);
    check_syntax(text, &fa.syntax);
    check_specs(text, &fa.specs);
    check_diagnostics(text, &fa.diagnostics);
    let mut host = AnalysisHost::new();
    let id = host.set_file_analysis(Path::new(PATH), Arc::from(text), fa);
    check_diagnostics(text, &host.analysis().diagnostics(id));
    (host, id)
}

/// Hover and completion at `offset`: no panic, and every range they return is valid. An offset
/// past the end of the text is a stale request and gets nothing.
fn check_queries(analysis: &Analysis, file: FileId, text: &str, offset: usize) {
    let hover = analysis.hover(file, offset);
    let completions = analysis.completions(file, offset);
    if offset > text.len() {
        assert!(
            hover.is_none(),
            "hover past the end of the text at {offset}"
        );
        assert!(
            completions.is_empty(),
            "completion past the end of the text at {offset}"
        );
        return;
    }
    if let Some(h) = hover {
        check_range(text, h.range, "hover range");
        assert!(!h.markdown.is_empty(), "empty hover at {offset}");
    }
    for item in &completions {
        let what = format!("completion {:?} at {offset}", item.label);
        check_range(text, item.replace, &what);
        // LSP: the replaced range is on one line and contains the cursor.
        assert!(
            item.replace.start <= offset && offset <= item.replace.end,
            "{what}: replace range {:?} does not contain the cursor",
            item.replace
        );
        assert!(
            !item.replace.slice(text).contains('\n'),
            "{what}: replace range {:?} spans lines",
            item.replace
        );
    }
}

/// Analyses `text` on its own and in a workspace, checking every invariant; also asks hover and
/// completion at `probes`.
fn check_text(text: &str, probes: &[usize]) {
    let start = Instant::now();
    let (host, file) = analyze_and_check(text);
    let analysis = host.analysis();
    for &offset in probes {
        check_queries(&analysis, file, text, offset);
    }
    let elapsed = start.elapsed();
    assert!(
        elapsed < CASE_LIMIT,
        "analysis of {} bytes took {elapsed:?}",
        text.len()
    );
}

/// The largest char boundary at or below `offset`.
fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

/// Pieces of KAPI comments and kernel C, good and broken, for building random files.
const PIECES: &[&str] = &[
    "/**",
    "*/",
    " */",
    "/** one line */",
    "/*",
    "//",
    " *",
    " * ",
    " *\t",
    " *  ",
    "  ",
    "\t",
    "sys_frob - Frobnicate",
    "frob - ",
    " - ",
    "@fd:",
    "@buf: the buffer",
    "@:",
    "@-x:",
    "contexts:",
    "contexts: process, sleepable",
    "contexts: process | atomic",
    "context-flags: KAPI_CTX_PROCESS | KAPI_CTX_SLEEPABLE",
    "context: process",
    "param-count: 3",
    "param-count: -1",
    "param: fd",
    "param: buf",
    "param: len, KAPI_TYPE_UINT",
    "param:",
    "type: fd, input",
    "type: user_ptr, output",
    "type: KAPI_TYPE_ULONG",
    "type :",
    "flags: input | user",
    "flags: in, out",
    "constraint-type: range(0, 4096)",
    "constraint-type: range(0",
    "constraint-type: range(,)",
    "constraint-type: mask(0x1 |",
    "constraint-type: buffer(2)",
    "constraint-type: buffer(99999999999999999999)",
    "constraint-type: enum(A, , 08)",
    "constraint-type: custom(fn))",
    "constraint-type: user_string(-1)",
    "range: 10, -10",
    "range: 0x10,",
    "size-param: 7",
    "cdesc: text",
    "desc: more",
    "error: EINVAL, bad",
    "error: EINVLA",
    "error:",
    "errno: -4",
    "signal: SIGINT",
    "direction: send | receive",
    "action: transform",
    "transform-to: SIGKILL",
    "sa-flags-required: 0x4 | 0x",
    "state-required: RUNNING,",
    "priority: 999999999999",
    "capability: CAP_SYS_ADMIN",
    "capability: CAP_X, a, b, c, d",
    "capability: none",
    "side-effect: alloc_memory, free_memory, schedule",
    "side-effect: a | b,",
    "reversible: maybe",
    "state-trans: obj, a",
    "state-trans: obj, a, b, c, d, e",
    "constraint: name, text",
    "expr: x > 0",
    "lock: l, mutex",
    "lock: ,",
    "scope: caller_held",
    "acquired: yes",
    "held-on-entry: yes",
    "return:",
    "return: text",
    "check-type: range",
    "success: >= 0",
    "success: == -0x8000000000000000",
    "success-range: 0, 1",
    "long-desc:",
    "long-desc: text",
    "notes: - bullet",
    "examples:",
    "api-type: syscall",
    "Return: something",
    "param-type: fd, KAPI_TYPE_FD",
    "error-code: -EBADF, EBADF, x, y",
    "lock-scope: acquires",
    "SYSCALL_DEFINE3(frob, unsigned int, fd, char __user *, buf, size_t, len)",
    "SYSCALL_DEFINE1(frob, int,",
    "SYSCALL_DEFINE0(nop)",
    "SYSCALL_DEFINE9(",
    "COMPAT_SYSCALL_DEFINE2(x, compat_uptr_t, p,",
    "static long widget_ioctl(struct file *f, unsigned int cmd, unsigned long arg)",
    "int frob(int fd, ...);",
    "struct widget *widget_get(struct widget *w)",
    "void f(void)",
    "int (*fp)(int);",
    "{",
    "}",
    "(",
    ")",
    "((((",
    "))))",
    "return -EINVAL;",
    "return ret;",
    "ret = frob(fd);",
    "if (!capable(CAP_SYS_ADMIN)) return -EPERM;",
    "mutex_lock(&l); kmalloc(n, GFP_KERNEL); spin_lock(&s);",
    "goto out;",
    "out:",
    "\"string /** */\"",
    "'\\''",
    "#define X /**",
    "é",
    "中文",
    "😀",
    "\u{0}",
    "\u{feff}",
    "\r",
    ":",
    ",",
    "|",
    "*",
    "/",
    "\\",
];

/// A random line: one to four pieces, each after an optional separator.
fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(&["", " ", "  ", "\t", ", "][..]),
            prop::sample::select(PIECES),
        ),
        1..4,
    )
    .prop_map(|parts| {
        parts
            .into_iter()
            .map(|(sep, piece)| format!("{sep}{piece}"))
            .collect()
    })
}

/// A random file of KAPI-like lines, joined with `\n` or `\r\n`.
fn kapi_file() -> impl Strategy<Value = String> {
    (prop::collection::vec(line(), 0..60), any::<bool>())
        .prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" }))
}

/// Characters an edit inserts: structure characters, white space, non-ASCII, and anything.
fn edit_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::sample::select(
            &['\n', '\r', ' ', '\t', '*', '/', ':', ',', '|', '(', ')', '{', '}', '@', '-', '_', 'a',
              '0', 'é', '中', '😀', '\u{0}'][..]
        ),
        1 => any::<char>(),
    ]
}

#[derive(Clone, Debug)]
enum Edit {
    Insert(prop::sample::Index, char),
    Delete(prop::sample::Index),
    Replace(prop::sample::Index, char),
    /// Deletes one byte, leaving the text as invalid UTF-8 that is then decoded lossily.
    DeleteByte(prop::sample::Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    let index = any::<prop::sample::Index>;
    prop_oneof![
        (index(), edit_char()).prop_map(|(i, c)| Edit::Insert(i, c)),
        index().prop_map(Edit::Delete),
        (index(), edit_char()).prop_map(|(i, c)| Edit::Replace(i, c)),
        index().prop_map(Edit::DeleteByte),
    ]
}

/// Applies `edit`; returns the new text and the offset where it happened.
fn apply(text: &str, edit: &Edit) -> (String, usize) {
    let at = |i: &prop::sample::Index| floor_boundary(text, i.index(text.len() + 1));
    let mut out = text.to_owned();
    match edit {
        Edit::Insert(i, c) => {
            let o = at(i);
            out.insert(o, *c);
            (out, o)
        }
        Edit::Delete(i) | Edit::Replace(i, _) => {
            let o = at(i);
            if o < out.len() {
                out.remove(o);
            }
            if let Edit::Replace(_, c) = edit {
                out.insert(o, *c);
            }
            (out, o)
        }
        Edit::DeleteByte(i) => {
            let mut bytes = text.as_bytes().to_vec();
            let o = i.index(bytes.len().max(1)).min(bytes.len());
            if o < bytes.len() {
                bytes.remove(o);
            }
            let out = String::from_utf8_lossy(&bytes).into_owned();
            let o = floor_boundary(&out, o);
            (out, o)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let text = String::from_utf8_lossy(&bytes);
        check_text(&text, &[0, text.len() / 2, text.len()]);
    }

    #[test]
    fn random_kapi_lines(text in kapi_file(), probe in any::<prop::sample::Index>()) {
        let offset = floor_boundary(&text, probe.index(text.len() + 1));
        check_text(&text, &[offset, text.len()]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 300,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn edited_fixtures(which in any::<prop::sample::Index>(), edits in prop::collection::vec(edit(), 1..4)) {
        let fixtures = ok_fixtures();
        let (_, original) = &fixtures[which.index(fixtures.len())];
        let mut text = original.clone();
        for e in &edits {
            let (next, at) = apply(&text, e);
            text = next;
            // Queries right at the edit, where the text is most likely to be broken.
            let probes = [at, floor_boundary(&text, at + 1), floor_boundary(&text, at.saturating_sub(1))];
            check_text(&text, &probes);
        }
    }
}

/// Hover and completion at every character boundary of a few fixtures, and past the end.
#[test]
fn queries_at_every_offset() {
    for name in [
        "every_block.c",
        "non_ascii.c",
        "crlf_line_endings.c",
        "several_specs.c",
    ] {
        let text = fixture(name);
        let (host, file) = workspace(&text);
        let analysis = host.analysis();
        let start = Instant::now();
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            check_queries(&analysis, file, &text, offset);
        }
        for offset in [text.len() + 1, text.len() + 1000, usize::MAX] {
            check_queries(&analysis, file, &text, offset);
        }
        // A file the workspace does not know.
        assert!(analysis.hover(FileId(9999), 0).is_none());
        assert!(analysis.completions(FileId(9999), 0).is_empty());
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{name}: queries took {:?}",
            start.elapsed()
        );
    }
}

/// Large inputs: no hang, and nothing quadratic (a quadratic pass over megabytes would take
/// minutes, far over the limit).
#[test]
fn large_inputs_do_not_hang() {
    const MB: usize = 1 << 20;
    let cases: Vec<(&str, String)> = vec![
        ("5 MB of `/**` lines", "/**\n".repeat(5 * MB / 4)),
        (
            "2 MB of `/**` and `*/` lines",
            "/**\n */\n".repeat(2 * MB / 8),
        ),
        (
            "1 MB of small spec comments",
            "/**\n * contexts: process\n * param: x\n */\n".repeat(MB / 40),
        ),
        ("1 MB line of `x/**`", "x/**".repeat(MB / 4)),
        ("1 MB line of `/** `", "/** ".repeat(MB / 4)),
        (
            "1 MB line of white space and `x/**`",
            format!("{}{}", " ".repeat(MB / 2), "x/**".repeat(MB / 8)),
        ),
        ("1 MB line of letters", "a".repeat(MB)),
        (
            "1 MB comment line",
            format!(
                "/**\n * contexts: {}\n * param: x\n */\nint f(int x);\n",
                "process, ".repeat(MB / 9)
            ),
        ),
        (
            "1 MB of unbalanced parentheses after SYSCALL_DEFINE",
            format!(
                "/**\n * contexts: process\n * param: x\n */\nSYSCALL_DEFINE1(x, int, {}",
                "(".repeat(MB)
            ),
        ),
    ];
    for (label, text) in &cases {
        let start = Instant::now();
        let (host, file) = analyze_and_check(text);
        let analysis = host.analysis();
        for offset in [0, text.len() / 2, text.len()] {
            check_queries(&analysis, file, text, floor_boundary(text, offset));
        }
        let elapsed = start.elapsed();
        assert!(
            elapsed < Duration::from_secs(10),
            "{label}: took {elapsed:?}"
        );
    }
}
