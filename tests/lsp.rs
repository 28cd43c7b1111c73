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
    assert_eq!(
        caps["completionProvider"]["triggerCharacters"],
        json!([":", " ", ",", "(", "|", "*"])
    );
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix"])
    );
    assert_eq!(
        caps["executeCommandProvider"]["commands"],
        json!(["kapi.showSpec"])
    );
    assert_eq!(c.request("shutdown", Value::Null)["result"], Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit(), Some(0));

    let mut c = Client::start(&[]);
    let result = c.initialize(&ws, &["utf-32"]);
    assert_eq!(
        result["result"]["capabilities"]["positionEncoding"],
        "utf-16"
    );
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
        let r = c.request(
            method,
            json!({"textDocument": {"uri": missing}, "position": pos}),
        );
        assert_eq!(r["result"], Value::Null, "{method}: {r}");
    }
    let uri = file_uri(&ws.join("pump.c"));
    c.open(&uri, PUMP, 1);
    c.diagnostics(&uri, 1);
    for pos in [
        json!({"line": 9999, "character": 0}),
        json!({"line": 0, "character": 9999}),
    ] {
        for method in ["textDocument/hover", "textDocument/completion"] {
            let r = c.request(
                method,
                json!({"textDocument": {"uri": uri}, "position": pos}),
            );
            assert!(r.get("error").is_none(), "{method} at {pos}: {r}");
        }
    }
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 5000, "character": 0}, "end": {"line": 5001, "character": 0}}, "context": {"diagnostics": []}}),
    );
    assert_eq!(r["result"], Value::Null);
    // A change for a document that is not open is ignored, not fatal.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": missing, "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": "kapi.nope", "arguments": []}),
    );
    assert!(r.get("error").is_some());
    assert_eq!(c.request("shutdown", Value::Null)["result"], Value::Null);
    // Requests after shutdown are refused with an error, not answered or crashed on.
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
    );
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
    let added: Vec<_> = codes(&after)
        .into_iter()
        .filter(|d| !before.contains(d))
        .collect();
    assert_eq!(
        added,
        vec![format!(
            "{line}:{start}-{line}:{} unknown-value 1",
            start + 7
        )]
    );
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
        let bad = diagnostics
            .iter()
            .find(|d| d["code"] == "unknown-value")
            .expect("unknown-value");
        let expected = position_of(UNICODE, "mutexx", utf16);
        assert_eq!(bad["range"]["start"], expected, "{encoding}");
        let len = "mutexx".len() as u64;
        assert_eq!(
            bad["range"]["end"]["character"],
            expected["character"].as_u64().unwrap() + len
        );
    }
}

/// Waits until the background index of the workspace folder has finished.
fn wait_for_index(c: &mut Client) -> String {
    let end = c.wait_for("end of indexing", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    end["params"]["value"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn hover_on_a_cross_file_call_shows_the_contract() {
    let ws = workspace("hover", &[("pump.c", PUMP), ("caller.c", CALLER)]);
    let mut c = Client::start(&[]);
    c.initialize(&ws, &["utf-16"]);
    assert_eq!(wait_for_index(&mut c), "2 files, 1 specs");
    let uri = file_uri(&ws.join("caller.c"));
    c.open(&uri, CALLER, 1);
    c.diagnostics(&uri, 1);
    let pos = position_of(CALLER, "pump_prime", true);
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos}),
    );
    let value = r["result"]["contents"]["value"]
        .as_str()
        .expect("hover markdown");
    assert_eq!(r["result"]["contents"]["kind"], "markdown");
    for needle in [
        "pump_prime",
        "Prime a pump before its first stroke",
        "EINVAL",
        "flags has unknown bits",
        "EBUSY",
        "pump.c:4",
    ] {
        assert!(
            value.contains(needle),
            "{needle:?} missing from hover:\n{value}"
        );
    }
    let start = pos["character"].as_u64().unwrap();
    assert_eq!(r["result"]["range"]["start"], pos);
    assert_eq!(
        r["result"]["range"]["end"]["character"],
        start + "pump_prime".len() as u64
    );
    // Hover on plain code with no spec gives nothing.
    let pos = position_of(CALLER, "start_station", true);
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos}),
    );
    assert_eq!(r["result"], Value::Null);
}

fn labels(response: &Value) -> Vec<String> {
    let items = match &response["result"] {
        Value::Array(items) => items.clone(),
        Value::Object(o) => o["items"].as_array().cloned().unwrap_or_default(),
        _ => Vec::new(),
    };
    // Editors order items by `sortText` (falling back to the label).
    let mut items: Vec<_> = items
        .iter()
        .map(|i| {
            let label = i["label"].as_str().unwrap().to_string();
            (
                i["sortText"].as_str().map_or(label.clone(), str::to_string),
                label,
            )
        })
        .collect();
    items.sort();
    items.into_iter().map(|(_, label)| label).collect()
}

#[test]
fn completion_at_several_positions() {
    let ws = workspace("completion", &[]);
    let mut c = Client::start(&[]);
    c.initialize(&ws, &["utf-16"]);
    let uri = file_uri(&ws.join("pump.c"));
    c.open(&uri, PUMP, 1);
    c.diagnostics(&uri, 1);
    let complete = |c: &mut Client, pos: Value| {
        c.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": pos}),
        )
    };
    // After `type: ` in a param block: the parameter types.
    let mut pos = position_of(PUMP, "type: ptr", true);
    pos["character"] = json!(pos["character"].as_u64().unwrap() + 6);
    let got = labels(&complete(&mut c, pos));
    // `ptr` itself is already on the line, so it is not offered again.
    for want in ["int", "uint", "user_ptr", "fd", "path"] {
        assert!(
            got.contains(&want.to_string()),
            "{want} missing from {got:?}"
        );
    }
    // After `param: ` (typed on a new line): the parameter without a block comes first.
    let line = position_of(PUMP, " * return:", true)["line"]
        .as_u64()
        .unwrap();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "text": " * param: \n"}
        ]}),
    );
    c.diagnostics(&uri, 2);
    let r = complete(&mut c, json!({"line": line, "character": 10}));
    assert_eq!(labels(&r).first().map(String::as_str), Some("flags"), "{r}");
    // In code and in plain comments: nothing.
    let pos = position_of(PUMP, "return -EINVAL", true);
    assert_eq!(complete(&mut c, pos)["result"], Value::Null);
    let pos = position_of(PUMP, "SPDX", true);
    assert_eq!(complete(&mut c, pos)["result"], Value::Null);
}

/// Applies LSP text edits (UTF-16 positions) to a text.
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |pos: &Value| -> usize {
        let line = pos["line"].as_u64().unwrap() as usize;
        let col = pos["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let line_text = &text[start..];
        let mut units = 0;
        for (i, ch) in line_text.char_indices() {
            if units >= col || ch == '\n' {
                return start + i;
            }
            units += ch.len_utf16();
        }
        text.len()
    };
    let mut edits: Vec<_> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, t) in edits {
        out.replace_range(s..e, t);
    }
    out
}

#[test]
fn quick_fix_adds_the_missing_param_block_and_the_diagnostic_goes() {
    let ws = workspace("fix", &[]);
    let mut c = Client::start(&[]);
    c.initialize(&ws, &["utf-16"]);
    let uri = file_uri(&ws.join("pump.c"));
    c.open(&uri, PUMP, 1);
    let diagnostics = c.diagnostics(&uri, 1);
    let missing = diagnostics
        .iter()
        .find(|d| d["code"] == "missing-param-spec")
        .expect("missing-param-spec")
        .clone();
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": missing["range"], "context": {"diagnostics": [missing]}}),
    );
    let actions = r["result"].as_array().expect("code actions");
    let action = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("param: flags"))
        .expect("add-param action");
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["diagnostics"][0]["code"], "missing-param-spec");
    let edits = action["edit"]["changes"][&uri].as_array().unwrap();
    let fixed = apply_edits(PUMP, edits);
    // Exactly the new block is inserted, after the block of `p`, and nothing else changes.
    let inserted = " *\n * param: flags\n *   type: uint, input\n";
    assert_eq!(
        fixed.replacen(inserted, "", 1),
        PUMP,
        "fixed text:\n{fixed}"
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let after = c.diagnostics(&uri, 2);
    assert!(
        after.iter().all(|d| d["code"] != "missing-param-spec"),
        "{after:#?}"
    );
}

#[test]
fn watched_file_changes_update_the_index() {
    let ws = workspace("watch", &[("caller.c", CALLER)]);
    let mut c = Client::start(&[]);
    c.initialize(&ws, &["utf-16"]);
    let reg = c.wait_for("file watcher registration", |m| {
        m["method"] == "client/registerCapability"
    });
    let registration = &reg["params"]["registrations"][0];
    assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(
        registration["registerOptions"]["watchers"][0]["globPattern"],
        "**/*.{c,h}"
    );
    assert_eq!(wait_for_index(&mut c), "1 files, 0 specs");
    let uri = file_uri(&ws.join("caller.c"));
    c.open(&uri, CALLER, 1);
    c.diagnostics(&uri, 1);
    let pos = position_of(CALLER, "pump_prime", true);
    let hover = |c: &mut Client| {
        c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": pos}),
        )
    };
    assert_eq!(hover(&mut c)["result"], Value::Null);
    // The spec appears on disk: once the client reports it, calls resolve to it.
    std::fs::write(ws.join("pump.c"), PUMP).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&ws.join("pump.c")), "type": 1}]}),
    );
    c.diagnostics(&uri, 1);
    let value = hover(&mut c)["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        value.contains("Prime a pump before its first stroke"),
        "{value}"
    );
    // And disappears with the file.
    std::fs::remove_file(ws.join("pump.c")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&ws.join("pump.c")), "type": 3}]}),
    );
    c.diagnostics(&uri, 1);
    assert_eq!(hover(&mut c)["result"], Value::Null);
}
