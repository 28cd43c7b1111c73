//! End-to-end tests of the language server: the real `kapi-lsp` binary over stdio, driven by
//! whole scripted conversations.

mod lsp_client;

use lsp_client::{file_uri, position_of, Client};
use serde_json::{json, Value};
use std::path::PathBuf;

/// A fresh workspace folder with the given files.
fn workspace(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kapi-lsp-e2e-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (path, text) in files {
        std::fs::write(dir.join(path), text).unwrap();
    }
    dir
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}-{}:{} {} {}",
                d["range"]["start"]["line"],
                d["range"]["start"]["character"],
                d["range"]["end"]["line"],
                d["range"]["end"]["character"],
                d["code"].as_str().unwrap(),
                d["severity"]
            )
        })
        .collect()
}

const PUMP: &str = include_str!("fixtures/lsp/pump.c");
const CALLER: &str = include_str!("fixtures/lsp/caller.c");
const UNICODE: &str = include_str!("fixtures/lsp/unicode.c");

#[test]
fn initialize_negotiates_encoding_and_advertises_features() {
    let ws = workspace("init", &[]);
    let mut c = Client::start(&[]);
    let result = c.initialize(&ws, &["utf-8", "utf-16"]);
    let caps = &result["result"]["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-8");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["completionProvider"]["triggerCharacters"], json!([":", " ", ",", "(", "|", "*"]));
    assert_eq!(caps["codeActionProvider"]["codeActionKinds"], json!(["quickfix"]));
    assert_eq!(caps["executeCommandProvider"]["commands"], json!(["kapi.showSpec"]));
    assert_eq!(c.request("shutdown", Value::Null)["result"], Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit(), Some(0));

    let mut c = Client::start(&[]);
    let result = c.initialize(&ws, &["utf-32"]);
    assert_eq!(result["result"]["capabilities"]["positionEncoding"], "utf-16");
    // Editors often just close stdin: the server must exit on its own.
    assert_eq!(c.close_stdin_and_wait(), Some(0));
}

#[test]
fn unknown_documents_and_out_of_range_positions_get_empty_answers() {
    let ws = workspace("unknown", &[]);
    let mut c = Client::start(&[]);
    c.initialize(&ws, &["utf-16"]);
    let missing = file_uri(&ws.join("nope.c"));
    let pos = json!({"line": 0, "character": 0});
    for method in ["textDocument/hover", "textDocument/completion"] {
        let r = c.request(method, json!({"textDocument": {"uri": missing}, "position": pos}));
        assert_eq!(r["result"], Value::Null, "{method}: {r}");
    }
    let uri = file_uri(&ws.join("pump.c"));
    c.open(&uri, PUMP, 1);
    c.diagnostics(&uri, 1);
    for pos in [json!({"line": 9999, "character": 0}), json!({"line": 0, "character": 9999})] {
        for method in ["textDocument/hover", "textDocument/completion"] {
            let r = c.request(method, json!({"textDocument": {"uri": uri}, "position": pos}));
            assert!(r.get("error").is_none(), "{method} at {pos}: {r}");
        }
    }
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 5000, "character": 0}, "end": {"line": 5001, "character": 0}}, "context": {"diagnostics": []}}),
    );
    assert_eq!(r["result"], Value::Null);
    // A change for a document that is not open is ignored, not fatal.
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": missing, "version": 2}, "contentChanges": [{"text": "x"}]}));
    let r = c.request("workspace/executeCommand", json!({"command": "kapi.nope", "arguments": []}));
    assert!(r.get("error").is_some());
    assert_eq!(c.request("shutdown", Value::Null)["result"], Value::Null);
    // Requests after shutdown are refused with an error, not answered or crashed on.
    let r = c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}));
    assert!(r.get("error").is_some(), "{r}");
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit(), Some(0));
}

#[test]
fn diagnostics_follow_incremental_edits_with_versions() {
    let ws = workspace("edits", &[]);
    let mut c = Client::start(&[]);
    c.initialize(&ws, &["utf-16"]);
    let uri = file_uri(&ws.join("pump.c"));
    c.open(&uri, PUMP, 1);
    let before = codes(&c.diagnostics(&uri, 1));
    // Misspell a type inside the spec: an unknown-value error appears at that token.
    let pos = position_of(PUMP, "type: ptr", true);
    let line = pos["line"].as_u64().unwrap();
    let start = pos["character"].as_u64().unwrap() + 6;
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": line, "character": start}, "end": {"line": line, "character": start + 3}}, "text": "pointer"}
        ]}),
    );
    let after = c.diagnostics(&uri, 2);
    let added: Vec<_> = codes(&after).into_iter().filter(|d| !before.contains(d)).collect();
    assert_eq!(added, vec![format!("{line}:{start}-{line}:{} unknown-value 1", start + 7)]);
    // Undo it: back to the original diagnostics.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [
            {"range": {"start": {"line": line, "character": start}, "end": {"line": line, "character": start + 7}}, "text": "ptr"}
        ]}),
    );
    assert_eq!(codes(&c.diagnostics(&uri, 3)), before);
}

#[test]
fn positions_in_utf16_and_utf8_on_non_ascii_lines() {
    for (encoding, utf16) in [("utf-16", true), ("utf-8", false)] {
        let ws = workspace(&format!("unicode-{encoding}"), &[]);
        let mut c = Client::start(&[]);
        c.initialize(&ws, &[encoding]);
        let uri = file_uri(&ws.join("unicode.c"));
        c.open(&uri, UNICODE, 1);
        let diagnostics = c.diagnostics(&uri, 1);
        let bad = diagnostics.iter().find(|d| d["code"] == "unknown-value").expect("unknown-value");
        let expected = position_of(UNICODE, "mutexx", utf16);
        assert_eq!(bad["range"]["start"], expected, "{encoding}");
        let len = "mutexx".len() as u64;
        assert_eq!(bad["range"]["end"]["character"], expected["character"].as_u64().unwrap() + len);
    }
}
