//! JSON conformance of `kapi-lsp export --format json` against the upstream tool
//! `kapi --source PATH --format json [API_NAME]`.
//!
//! Every `NAME.c` in `tests/fixtures/export/` is a small kernel C file with KAPI spec comments.
//! Next to it:
//!
//! * `NAME.API.json` holds the exact `{"api_details": {...}}` document upstream prints for
//!   `kapi --source NAME.c --format json API`;
//! * `NAME.list.json` holds the `{"apis": [...]}` listing upstream prints without an API name.
//!
//! The expected documents were derived by hand from the language reference
//! (`kapi-language.md`) and the upstream extractor source, never from kapi-lsp's own output; each
//! fixture's comments explain the less obvious values. Objects are compared without regard to key
//! order (serde_json `Value` maps compare order-insensitively); arrays, including the `apis`
//! listing, compare in order.
//!
//! Adding a fixture needs no code change: the folder is listed at run time.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The `API` part of `NAME.API.json` that means "the listing" rather than an API name.
const LISTING: &str = "list";

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/export")
}

/// What one expected file checks.
#[derive(Debug)]
struct Case {
    /// The C source passed to `export`.
    source: PathBuf,
    /// `None` for the listing, otherwise the API name.
    api: Option<String>,
    /// The file holding the expected document.
    expected: PathBuf,
}

impl Case {
    fn label(&self) -> String {
        let file = self.expected.file_name().unwrap().to_string_lossy();
        match &self.api {
            Some(api) => format!("{file} (export {api})"),
            None => format!("{file} (listing)"),
        }
    }
}

/// Lists the fixtures: every `NAME.c` and its `NAME.*.json` files. Panics on an expected file
/// whose `NAME.c` is missing (a typo would otherwise silently drop the case) and on a `.c` file
/// with no expected file at all.
fn discover() -> Vec<Case> {
    let dir = fixtures_dir();
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list fixture folder {}: {e}", dir.display()));
    let mut sources: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut expected: Vec<(String, String, PathBuf)> = Vec::new();
    for entry in entries {
        let path = entry.expect("readable directory entry").path();
        let Some(file) = path.file_name().and_then(|f| f.to_str()).map(str::to_owned) else {
            continue;
        };
        if let Some(stem) = file.strip_suffix(".c") {
            sources.insert(stem.to_owned(), path);
        } else if let Some(rest) = file.strip_suffix(".json") {
            let (stem, api) = rest
                .split_once('.')
                .unwrap_or_else(|| panic!("expected file {file} is not named NAME.API.json"));
            expected.push((stem.to_owned(), api.to_owned(), path));
        }
    }
    assert!(!sources.is_empty(), "no *.c fixtures in {}", dir.display());

    let mut cases = Vec::new();
    for (stem, api, path) in expected {
        let source = sources
            .get(&stem)
            .unwrap_or_else(|| panic!("{} has no matching {stem}.c", path.display()))
            .clone();
        cases.push(Case {
            source,
            api: (api != LISTING).then_some(api),
            expected: path,
        });
    }
    for (stem, source) in &sources {
        assert!(
            cases.iter().any(|c| &c.source == source),
            "fixture {stem}.c has no expected {stem}.*.json file"
        );
    }
    cases.sort_by(|a, b| a.expected.cmp(&b.expected));
    cases
}

fn run_export(source: &Path, api: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kapi-lsp"));
    cmd.arg("export").arg("--format").arg("json").arg(source);
    if let Some(api) = api {
        cmd.arg(api);
    }
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run kapi-lsp: {e}"))
}

/// A short description of a JSON value's kind, for type mismatches.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn compact(v: &Value) -> String {
    let s = serde_json::to_string(v).unwrap();
    if s.chars().count() > 200 {
        let cut: String = s.chars().take(200).collect();
        format!("{cut}…")
    } else {
        s
    }
}

/// The first place where `actual` differs from `expected`, as `(path, explanation)`.
fn first_difference(expected: &Value, actual: &Value, path: &str) -> Option<(String, String)> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            // Keys in the expected order first, so the report follows the expected file.
            for (key, ev) in e {
                let sub = format!("{path}.{key}");
                match a.get(key) {
                    None => return Some((sub, format!("missing; expected {}", compact(ev)))),
                    Some(av) => {
                        if let Some(d) = first_difference(ev, av, &sub) {
                            return Some(d);
                        }
                    }
                }
            }
            a.iter()
                .find(|(key, _)| !e.contains_key(*key))
                .map(|(key, av)| {
                    (
                        format!("{path}.{key}"),
                        format!("unexpected key with value {}", compact(av)),
                    )
                })
        }
        (Value::Array(e), Value::Array(a)) => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                if let Some(d) = first_difference(ev, av, &format!("{path}[{i}]")) {
                    return Some(d);
                }
            }
            (e.len() != a.len()).then(|| {
                (
                    path.to_owned(),
                    format!("expected {} elements, got {}", e.len(), a.len()),
                )
            })
        }
        _ if expected == actual => None,
        _ if kind(expected) != kind(actual) => Some((
            path.to_owned(),
            format!(
                "expected {} {}, got {} {}",
                kind(expected),
                compact(expected),
                kind(actual),
                compact(actual)
            ),
        )),
        _ => Some((
            path.to_owned(),
            format!("expected {}, got {}", compact(expected), compact(actual)),
        )),
    }
}

/// Runs one case; returns a readable failure report, or `None` when it passes.
fn check(case: &Case) -> Option<String> {
    let text = std::fs::read_to_string(&case.expected)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", case.expected.display()));
    let expected: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", case.expected.display()));

    let out = run_export(&case.source, case.api.as_deref());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut report = String::new();
    if !out.status.success() {
        let _ = writeln!(report, "exit status {} (expected 0)", out.status);
    }
    if !stderr.is_empty() {
        let _ = writeln!(report, "stderr is not empty:\n{stderr}");
    }
    match serde_json::from_str::<Value>(&stdout) {
        Err(e) => {
            let _ = writeln!(report, "stdout is not JSON ({e}):\n{stdout}");
        }
        Ok(actual) if actual != expected => {
            if let Some((path, why)) = first_difference(&expected, &actual, "$") {
                let _ = writeln!(report, "first difference at {path}: {why}");
            }
            let _ = writeln!(
                report,
                "--- expected ({})\n{}\n--- actual\n{}",
                case.expected.display(),
                serde_json::to_string_pretty(&expected).unwrap(),
                serde_json::to_string_pretty(&actual).unwrap()
            );
        }
        Ok(_) => {}
    }
    (!report.is_empty()).then_some(report)
}

#[test]
fn export_matches_upstream_json() {
    let cases = discover();
    assert!(
        !cases.is_empty(),
        "no expected *.json files in {}",
        fixtures_dir().display()
    );
    let mut failures = Vec::new();
    for case in &cases {
        if let Some(report) = check(case) {
            failures.push(format!("=== {}\n{report}", case.label()));
        }
    }
    if !failures.is_empty() {
        panic!(
            "{} of {} export cases differ from the upstream output:\n\n{}",
            failures.len(),
            cases.len(),
            failures.join("\n")
        );
    }
}

#[test]
fn export_of_unknown_api_fails_like_upstream() {
    let case = discover().into_iter().next().expect("at least one fixture");
    let out = run_export(&case.source, Some("no_such_api"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "exit status for an unknown API; stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert_eq!(
        stderr.trim_end(),
        "API 'no_such_api' not found.",
        "stderr for an unknown API"
    );
    // Upstream's JSON formatter writes nothing before the lookup fails.
    assert!(
        stdout.trim().is_empty(),
        "stdout for an unknown API:\n{stdout}"
    );
}

/// The comparison helper itself: key order is ignored, array order is not.
#[test]
fn first_difference_reports_paths() {
    let a: Value = serde_json::from_str(r#"{"x": [1, {"y": 2, "z": null}], "k": "v"}"#).unwrap();
    let b: Value = serde_json::from_str(r#"{"k": "v", "x": [1, {"z": null, "y": 2}]}"#).unwrap();
    assert_eq!(a, b);
    assert_eq!(first_difference(&a, &b, "$"), None);

    let c: Value = serde_json::from_str(r#"{"k": "v", "x": [1, {"z": 0, "y": 2}]}"#).unwrap();
    let (path, why) = first_difference(&a, &c, "$").unwrap();
    assert_eq!(path, "$.x[1].z");
    assert_eq!(why, "expected null null, got number 0");

    let d: Value = serde_json::from_str(r#"{"k": "v", "x": [1, {"y": 2, "z": null}, 3]}"#).unwrap();
    let (path, why) = first_difference(&a, &d, "$").unwrap();
    assert_eq!(
        (path.as_str(), why.as_str()),
        ("$.x", "expected 2 elements, got 3")
    );

    let e: Value =
        serde_json::from_str(r#"{"k": "v", "x": [1, {"y": 2, "z": null}], "extra": 1}"#).unwrap();
    let (path, _) = first_difference(&a, &e, "$").unwrap();
    assert_eq!(path, "$.extra");
}
