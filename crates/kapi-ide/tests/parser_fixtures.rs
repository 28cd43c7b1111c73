//! Directory-driven parser fixtures, in the manner of rust-analyzer's `parser/test_data`.
//!
//! Every `tests/fixtures/parser/{ok,err}/NAME.c` is a small kernel C file. Next to it,
//! `NAME.snap` holds three sections, each a plain rendering that a reviewer can read:
//!
//! * `syntax`: the tree `kapi_syntax::parse_file` builds (each spec comment, its title, items,
//!   block attributes and sections, and the declaration it documents), every token with its text
//!   and its range;
//! * `specs`: each lowered spec's name and API type, then its JSON (`serde_json` of the `Spec`,
//!   which is upstream's `api_details` object);
//! * `diagnostics`: everything the workspace reports for the file alone, with the text each
//!   range covers and each fix's edits.
//!
//! Ranges are written `line:col-line:col`, 1-based, columns counted in characters (a tab is one
//! column, `é` is one column), end exclusive. Strings are quoted with Rust's `{:?}`, so `\r`,
//! `\t` and quotes are visible.
//!
//! Files in `ok/` must draw no error or warning (information and hints are allowed); files in
//! `err/` must draw at least one. `UPDATE_SNAPSHOTS=1 cargo test -p kapi-ide --test
//! parser_fixtures` rewrites the snapshots; review the diff by eye before keeping it. A fixture
//! whose name contains `crlf` must use `\r\n` line endings throughout (so that an editor or a
//! checkout that normalises line endings cannot quietly turn it into an LF test).
//!
//! [`KNOWN_GAPS`] lists `err/` fixtures that today draw no diagnostic although they hold a
//! mistake. Each must stay silent (so the list cannot go stale): when the diagnostic arrives,
//! the test fails and the entry is removed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use kapi_ide::{AnalysisHost, Diagnostic, Severity};
use kapi_syntax::{
    Block, ColumnUnit, DeclKind, Declaration, Item, LineIndex, SourceFile, SpecComment, TextRange,
    Token, Value,
};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/parser")
}

fn update_requested() -> bool {
    std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v != "0" && !v.is_empty())
}

/// What a folder's fixtures must draw.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expectation {
    /// No error- or warning-severity diagnostic.
    Clean,
    /// At least one error- or warning-severity diagnostic.
    Problems,
}

/// `err/` fixtures whose mistake kapi-lsp does not report yet, with the reason.
const KNOWN_GAPS: &[(&str, &str)] = &[];

#[test]
fn ok_fixtures() {
    run_dir("ok", Expectation::Clean);
}

#[test]
fn err_fixtures() {
    run_dir("err", Expectation::Problems);
}

/// Checks every fixture of one folder and reports all failures at once.
fn run_dir(folder: &str, expectation: Expectation) {
    let dir = fixtures_dir().join(folder);
    let mut sources = Vec::new();
    let mut snaps = Vec::new();
    for entry in std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list fixture folder {}: {e}", dir.display()))
    {
        let path = entry.expect("readable directory entry").path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("c") => sources.push(path),
            Some("snap") => snaps.push(path),
            _ => panic!("unexpected file {} in {}", path.display(), dir.display()),
        }
    }
    sources.sort();
    assert!(
        sources.len() >= 10,
        "expected a good number of fixtures in {}, found {}",
        dir.display(),
        sources.len()
    );
    if expectation == Expectation::Problems {
        for (gap, _) in KNOWN_GAPS {
            assert!(
                dir.join(gap).exists(),
                "KNOWN_GAPS names {gap}, which is not in {}",
                dir.display()
            );
        }
    }
    // A snapshot without its source is a renamed or deleted fixture.
    for snap in &snaps {
        assert!(
            snap.with_extension("c").exists(),
            "{} has no matching .c fixture",
            snap.display()
        );
    }

    let update = update_requested();
    let mut failures = Vec::new();
    for source in &sources {
        let name = source.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(source)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", source.display()));
        if name.contains("crlf") {
            let lf = text.matches('\n').count();
            let crlf = text.matches("\r\n").count();
            assert!(
                lf > 0 && lf == crlf,
                "{name}: a crlf fixture must end every line with \\r\\n ({crlf} of {lf} do)"
            );
        }

        // The renderer asserts the tree's own invariants (a token's text is what its range
        // covers, ...); name the fixture when one fails.
        let Ok((snapshot, diagnostics)) = std::panic::catch_unwind(|| snapshot(&text)) else {
            failures.push(format!(
                "{folder}/{name}: rendering the snapshot failed (see the panic above)"
            ));
            continue;
        };
        let problems = diagnostics
            .iter()
            .filter(|d| matches!(d.severity, Severity::Error | Severity::Warning))
            .count();
        match expectation {
            Expectation::Clean if problems > 0 => failures.push(format!(
                "{folder}/{name}: an ok fixture drew {problems} error/warning diagnostic(s)"
            )),
            Expectation::Problems => {
                let gap = KNOWN_GAPS.iter().find(|(n, _)| *n == name);
                match (gap, problems) {
                    (None, 0) => failures.push(format!(
                        "{folder}/{name}: an err fixture drew no error or warning diagnostic"
                    )),
                    (Some((_, why)), _) if !diagnostics.is_empty() => failures.push(format!(
                        "{folder}/{name}: listed in KNOWN_GAPS ({why}) but now draws a \
                         diagnostic; remove it from the list"
                    )),
                    _ => {}
                }
            }
            Expectation::Clean => {}
        }

        let snap_path = source.with_extension("snap");
        let stored = std::fs::read_to_string(&snap_path).ok();
        if stored.as_deref() == Some(snapshot.as_str()) {
            continue;
        }
        if update {
            std::fs::write(&snap_path, &snapshot)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", snap_path.display()));
        } else if stored.is_none() {
            failures.push(format!(
                "{folder}/{name}: no snapshot; run with UPDATE_SNAPSHOTS=1 to write it"
            ));
        } else {
            failures.push(format!(
                "{folder}/{name}: snapshot differs; run with UPDATE_SNAPSHOTS=1 and review the \
                 diff\n{}",
                first_difference(stored.as_deref().unwrap_or(""), &snapshot)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The first differing line of two snapshots, with a little context.
fn first_difference(stored: &str, actual: &str) -> String {
    let a: Vec<&str> = stored.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    let at = (0..a.len().max(b.len()))
        .find(|&i| a.get(i) != b.get(i))
        .unwrap_or(0);
    let mut out = format!("first difference at snapshot line {}:\n", at + 1);
    for i in at.saturating_sub(2)..(at + 3).min(a.len().max(b.len())) {
        let _ = writeln!(out, "  stored: {}", a.get(i).unwrap_or(&"<none>"));
        let _ = writeln!(out, "  actual: {}", b.get(i).unwrap_or(&"<none>"));
    }
    out
}

/// Renders the snapshot of one fixture; also returns its diagnostics.
fn snapshot(text: &str) -> (String, Vec<Diagnostic>) {
    let syntax = kapi_syntax::parse_file(text);
    let mut host = AnalysisHost::new();
    let file = host.set_file_text(Path::new("/fixture.c"), Arc::from(text));
    let analysis = host.analysis();
    let data = analysis.file(file).expect("the file was just added");
    assert_eq!(
        data.analysis.syntax, syntax,
        "the workspace must hold exactly the tree parse_file builds"
    );
    let diagnostics = analysis.diagnostics(file);

    let r = Renderer {
        text,
        index: LineIndex::new(text),
    };
    let mut out = String::new();
    out.push_str("=== syntax ===\n");
    r.file(&mut out, &syntax);
    out.push_str("\n=== specs ===\n");
    if data.analysis.specs.is_empty() {
        out.push_str("(none)\n");
    }
    for spec in &data.analysis.specs {
        let json = serde_json::to_string_pretty(spec).expect("a spec always serialises");
        let _ = writeln!(out, "{} ({})", spec.name, spec.api_type.as_str());
        out.push_str(&json);
        out.push('\n');
    }
    out.push_str("\n=== diagnostics ===\n");
    if diagnostics.is_empty() {
        out.push_str("(none)\n");
    }
    for d in &diagnostics {
        r.diagnostic(&mut out, d);
    }
    (out, diagnostics)
}

struct Renderer<'a> {
    text: &'a str,
    index: LineIndex,
}

impl Renderer<'_> {
    fn pos(&self, offset: usize) -> String {
        let lc = self.index.line_col(self.text, offset, ColumnUnit::Char);
        format!("{}:{}", lc.line + 1, lc.col + 1)
    }

    fn range(&self, range: TextRange) -> String {
        assert!(
            range.start <= range.end && range.end <= self.text.len(),
            "range {range:?} outside the text"
        );
        assert!(
            self.text.is_char_boundary(range.start) && self.text.is_char_boundary(range.end),
            "range {range:?} splits a character"
        );
        format!("{}-{}", self.pos(range.start), self.pos(range.end))
    }

    /// `"text" L:C-L:C`; checks that the token's text is exactly what its range covers.
    fn token(&self, tok: &Token) -> String {
        assert_eq!(
            tok.range.slice(self.text),
            tok.text,
            "token text differs from the text its range covers"
        );
        format!("{:?} {}", tok.text, self.range(tok.range))
    }

    /// `"value" L:C-L:C`. A value joins line pieces with single spaces, so its text equals the
    /// covered text only up to white space; check that, and that the range starts and ends on
    /// the value's first and last characters.
    fn value(&self, v: &Value) -> String {
        let range = v.range();
        let covered = range.slice(self.text);
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        if !v.text.contains('*') {
            // Continuation lines carry their ` * ` prefixes in the covered text; compare only
            // values whose text has no `*` of its own, after dropping those prefixes.
            let covered_clean: Vec<&str> = covered
                .split('\n')
                .map(|l| l.trim().trim_start_matches('*'))
                .collect();
            assert_eq!(
                squash(&covered_clean.join(" ")),
                squash(&v.text),
                "value text differs from the text its range covers"
            );
        }
        if v.text.is_empty() {
            assert!(range.is_empty(), "an empty value has an empty range");
        }
        format!("{:?} {}", v.text, self.range(range))
    }

    fn file(&self, out: &mut String, file: &SourceFile) {
        if file.specs.is_empty() {
            out.push_str("(no KAPI comments)\n");
        }
        for (i, sc) in file.specs.iter().enumerate() {
            self.spec_comment(out, i, sc);
        }
    }

    fn spec_comment(&self, out: &mut String, i: usize, sc: &SpecComment) {
        let c = &sc.comment;
        let d = sc.doc.detection;
        let _ = writeln!(
            out,
            "comment {i} {} lines={} after={} context-line={} section-line={}",
            self.range(c.range),
            c.lines.len(),
            self.pos(c.after),
            d.has_context_line,
            d.has_section_line
        );
        assert!(self.text[c.range.start..].starts_with("/**"));
        if let Some(t) = &sc.doc.title {
            let _ = write!(out, "  title {}", self.range(t.range));
            if let Some(n) = &t.name {
                let _ = write!(out, " name={}", self.token(n));
            }
            if let Some(s) = &t.summary {
                let _ = write!(out, " summary={}", self.token(s));
            }
            out.push('\n');
        }
        for item in &sc.doc.items {
            self.item(out, item);
        }
        match &sc.decl {
            Some(decl) => self.decl(out, decl),
            None => out.push_str("  decl (none)\n"),
        }
    }

    fn item(&self, out: &mut String, item: &Item) {
        let range = self.range(item.range());
        match item {
            Item::ParamDoc(p) => {
                let _ = writeln!(
                    out,
                    "  param-doc {range} name={} text={}",
                    self.token(&p.name),
                    self.value(&p.text)
                );
            }
            Item::Field(f) => {
                let _ = writeln!(
                    out,
                    "  field {range} key={} value={}",
                    self.token(&f.key),
                    self.value(&f.value)
                );
            }
            Item::Block(b) => self.block(out, &range, b),
            Item::Section(s) => {
                let _ = writeln!(out, "  section {range} key={}", self.token(&s.key));
                for line in &s.lines {
                    let _ = writeln!(
                        out,
                        "    line {:?} {}",
                        line.slice(self.text),
                        self.range(*line)
                    );
                }
            }
            Item::Other(t) => {
                let _ = writeln!(out, "  other {}", self.token(t));
            }
        }
    }

    fn block(&self, out: &mut String, range: &str, b: &Block) {
        let _ = writeln!(
            out,
            "  block {} {range} key={} header={}{}",
            b.kind.key(),
            self.token(&b.key),
            self.value(&b.header),
            if b.flat { " flat" } else { "" }
        );
        assert_eq!(
            b.key.text,
            b.kind.key(),
            "the block key names the block kind"
        );
        for a in &b.attrs {
            assert!(
                b.range.contains_range(a.range),
                "attribute outside its block"
            );
            let _ = write!(out, "    attr {}", self.range(a.range));
            if let Some(k) = &a.key {
                let _ = write!(out, " key={}", self.token(k));
                if !a.exact {
                    out.push_str(" inexact");
                }
            }
            let _ = writeln!(out, " value={}", self.value(&a.value));
        }
    }

    fn decl(&self, out: &mut String, d: &Declaration) {
        let kind = match d.kind {
            DeclKind::Syscall { compat, arity } => format!(
                "syscall{} arity={}",
                if compat { " compat" } else { "" },
                arity.map_or("?".to_owned(), |a| a.to_string())
            ),
            DeclKind::Function => "function".to_owned(),
        };
        let _ = writeln!(
            out,
            "  decl {kind} name={:?} at {:?} {} returns={:?}{}",
            d.name,
            d.name_range.slice(self.text),
            self.range(d.name_range),
            d.return_type,
            if d.variadic { " variadic" } else { "" }
        );
        let _ = writeln!(out, "    signature {}", self.range(d.signature));
        assert!(
            d.signature.contains_range(d.name_range),
            "the declared name lies in the signature"
        );
        for p in &d.params {
            assert!(d.signature.contains_range(p.range));
            assert!(p.range.contains_range(p.name_range));
            assert_eq!(p.name_range.slice(self.text), p.name);
            let _ = writeln!(
                out,
                "    param {:?} name={:?} {} name at {}",
                p.ty,
                p.name,
                self.range(p.range),
                self.range(p.name_range)
            );
        }
        match d.body {
            Some(body) => {
                assert!(self.text[body.start..].starts_with('{'));
                assert!(body.slice(self.text).ends_with('}'));
                let _ = writeln!(out, "    body {}", self.range(body));
            }
            None => out.push_str("    body (none)\n"),
        }
        match &d.upstream {
            Some(u) => {
                let _ = writeln!(out, "    upstream {:?} ({})", u.name, u.api_type.as_str());
                for (name, ty) in &u.type_names {
                    let _ = writeln!(out, "      type-name {name:?} = {ty:?}");
                }
            }
            None => out.push_str("    upstream (not found)\n"),
        }
    }

    fn diagnostic(&self, out: &mut String, d: &Diagnostic) {
        let _ = writeln!(
            out,
            "{} {} {}: {}",
            self.range(d.range),
            d.severity.as_str(),
            d.code.as_str(),
            d.message
        );
        let _ = writeln!(out, "    at {:?}", d.range.slice(self.text));
        for fix in &d.fixes {
            let _ = writeln!(out, "    fix {:?}", fix.title);
            for e in &fix.edits {
                let _ = writeln!(
                    out,
                    "      {} {:?} -> {:?}",
                    self.range(e.range),
                    e.range.slice(self.text),
                    e.new_text
                );
            }
        }
    }
}
