//! LEGACY flat keys (language reference §12: `param-type:`, `error-code:`, `lock-scope:`,
//! `signal-direction:` ...). Current tools ignore them; each is reported as `deprecated-syntax`
//! with the modern spelling, and with a fix where the rewrite is mechanical.

use super::ctx::key_shape;
use super::keys::PrevBlock;
use super::spec::Builder;
use super::terms::{lookup, short_form};
use crate::diagnostic::{Code, Diagnostic};
use crate::vocab::VocabId;
use kapi_syntax::{BlockKind, Item, TextRange, Token};

/// What a LEGACY key became.
#[derive(Clone, Copy)]
enum Modern {
    /// `param-X: NAME, ...` → a `param: NAME` block with this sub-key.
    Param(&'static str),
    /// `error-code: -E, E, summary, desc` → `error: E, summary` + `desc:`.
    ErrorCode,
    /// A sub-key of the block above (`lock-scope:` → `scope:` under `lock:`).
    Sub(BlockKind, &'static str),
    /// `constraint-expr: NAME, expr` → `expr:` under `constraint: NAME`.
    ConstraintExpr,
    /// A sub-key of a `return:` block.
    Return(&'static str),
    /// No longer expressible in the comment.
    Gone(&'static str),
}

const STRUCTS: &str =
    "struct specs can only be written with the C macros now; source mode ignores them";

const LEGACY: &[(&str, Modern)] = &[
    ("param-type", Modern::Param("type")),
    ("param-flags", Modern::Param("flags")),
    ("param-range", Modern::Param("range")),
    ("param-constraint", Modern::Param("cdesc")),
    ("error-code", Modern::ErrorCode),
    ("lock-scope", Modern::Sub(BlockKind::Lock, "scope")),
    ("lock-desc", Modern::Sub(BlockKind::Lock, "desc")),
    (
        "signal-direction",
        Modern::Sub(BlockKind::Signal, "direction"),
    ),
    ("signal-action", Modern::Sub(BlockKind::Signal, "action")),
    (
        "signal-condition",
        Modern::Sub(BlockKind::Signal, "condition"),
    ),
    ("signal-desc", Modern::Sub(BlockKind::Signal, "desc")),
    ("signal-timing", Modern::Sub(BlockKind::Signal, "timing")),
    (
        "signal-priority",
        Modern::Sub(BlockKind::Signal, "priority"),
    ),
    (
        "signal-interruptible",
        Modern::Sub(BlockKind::Signal, "interruptible"),
    ),
    (
        "signal-restartable",
        Modern::Sub(BlockKind::Signal, "restartable"),
    ),
    (
        "signal-state-req",
        Modern::Sub(BlockKind::Signal, "state-required"),
    ),
    ("signal-errno", Modern::Sub(BlockKind::Signal, "errno")),
    (
        "capability-allows",
        Modern::Sub(BlockKind::Capability, "allows"),
    ),
    (
        "capability-without",
        Modern::Sub(BlockKind::Capability, "without"),
    ),
    (
        "capability-condition",
        Modern::Sub(BlockKind::Capability, "condition"),
    ),
    (
        "capability-priority",
        Modern::Sub(BlockKind::Capability, "priority"),
    ),
    ("constraint-expr", Modern::ConstraintExpr),
    ("return-type", Modern::Return("type")),
    ("return-check-type", Modern::Return("check-type")),
    ("return-check", Modern::Return("check-type")),
    ("return-success", Modern::Return("success")),
    (
        "since-version",
        Modern::Gone("the newest header has no version field; remove the line"),
    ),
    (
        "signal-mask",
        Modern::Gone("signal masks can only be declared with the C macros now"),
    ),
    ("struct-type", Modern::Gone(STRUCTS)),
    ("struct-field", Modern::Gone(STRUCTS)),
    ("struct-field-range", Modern::Gone(STRUCTS)),
    ("struct-field-enum", Modern::Gone(STRUCTS)),
    ("struct-field-mask", Modern::Gone(STRUCTS)),
    ("struct-field-validate", Modern::Gone(STRUCTS)),
];

pub(crate) fn is_legacy(word: &str) -> bool {
    LEGACY.iter().any(|(k, _)| *k == word)
}

/// Reports a LEGACY key on a top-level line. `prev` is the block the line follows.
pub(crate) fn check_other_line(b: &mut Builder<'_>, t: &Token, prev: Option<PrevBlock>) {
    let Some(word) = key_shape(&t.text) else {
        return;
    };
    let Some(&(_, modern)) = LEGACY.iter().find(|(k, _)| *k == word) else {
        return;
    };
    let key = TextRange::new(t.range.start, t.range.start + word.len());
    let value = t.text[word.len() + 1..].trim();
    let lead = format!("`{word}:` is LEGACY flat syntax that current tools ignore");
    let diag = match modern {
        Modern::Param(sub) => {
            let parts: Vec<&str> = value
                .splitn(if sub == "range" { 3 } else { 2 }, ',')
                .map(str::trim)
                .collect();
            let name = parts.first().copied().unwrap_or("");
            let shown = if name.is_empty() { "NAME" } else { name };
            let (line_key, colon) = if sub == "range" {
                ("constraint-type: range(MIN, MAX)", "")
            } else {
                (sub, ":")
            };
            let msg =
                format!("{lead}; write a `param: {shown}` block with a `{line_key}{colon}` line");
            let line = match (sub, parts.as_slice()) {
                ("type", [_, ty]) => {
                    lookup(VocabId::ParamType, ty).map(|t| format!("type: {}", short_form(t)))
                }
                ("flags", [_, f]) => Some(format!("flags: {f}")),
                ("range", [_, lo, hi]) => Some(format!("constraint-type: range({lo}, {hi})")),
                ("cdesc", [_, c]) => Some(format!("cdesc: {c}")),
                _ => None,
            };
            let mut d = Diagnostic::new(Code::DeprecatedSyntax, key, msg);
            if let Some(line) = line.filter(|_| !name.is_empty() && sole_param_source(b, name)) {
                let nl = b.cx.new_line_prefix(t.range.start);
                d = d.with_fix(
                    format!("Rewrite as a `param: {name}` block"),
                    t.range,
                    format!("param: {name}{nl}  {line}"),
                );
            }
            d
        }
        Modern::ErrorCode => {
            let parts: Vec<&str> = value.splitn(4, ',').map(str::trim).collect();
            let mut d = Diagnostic::new(
                Code::DeprecatedSyntax,
                key,
                format!("{lead}; write `error: NAME, summary` with a `desc:` line"),
            );
            if parts.len() >= 3 && !parts[1].is_empty() {
                let nl = b.cx.new_line_prefix(t.range.start);
                let desc = parts
                    .get(3)
                    .filter(|d| !d.is_empty())
                    .map_or_else(String::new, |d| format!("{nl}  desc: {d}"));
                d = d.with_fix(
                    "Rewrite as an `error:` block",
                    t.range,
                    format!("error: {}, {}{desc}", parts[1], parts[2]),
                );
            }
            d
        }
        Modern::Sub(kind, sub) => {
            let parent = kind.key();
            let mut d = Diagnostic::new(
                Code::DeprecatedSyntax,
                key,
                format!("{lead}; write `{sub}:` as an indented line of the `{parent}:` block"),
            );
            if prev == Some(PrevBlock { kind, flat: false }) {
                let start =
                    b.cx.indent_range(t.range.start)
                        .map_or(t.range.start, |r| r.start);
                // A lock scope is written the way both build paths read it (the kernel build
                // ignores `scope:` but reads `acquired:`/`released:`).
                let both = match (sub, value) {
                    ("scope", "acquires") => Some("acquired: yes"),
                    ("scope", "releases") => Some("released: yes"),
                    _ => None,
                };
                d = match both {
                    Some(line) => d.with_fix(
                        format!("Replace with an indented `{line}`"),
                        TextRange::new(start, t.range.end),
                        format!("  {line}"),
                    ),
                    None => d.with_fix(
                        format!("Replace with an indented `{sub}:`"),
                        TextRange::new(start, key.end),
                        format!("  {sub}"),
                    ),
                };
            }
            d
        }
        Modern::ConstraintExpr => {
            let mut d = Diagnostic::new(
                Code::DeprecatedSyntax,
                key,
                format!("{lead}; write `expr:` as an indented line of the `constraint:` block"),
            );
            let expr = value.split_once(',').map(|(_, e)| e.trim());
            if let (Some(expr), true) = (
                expr,
                prev == Some(PrevBlock {
                    kind: BlockKind::Constraint,
                    flat: false,
                }),
            ) {
                let start =
                    b.cx.indent_range(t.range.start)
                        .map_or(t.range.start, |r| r.start);
                d = d.with_fix(
                    "Replace with an indented `expr:`",
                    TextRange::new(start, t.range.end),
                    format!("  expr: {expr}"),
                );
            }
            d
        }
        Modern::Return(sub) => Diagnostic::new(
            Code::DeprecatedSyntax,
            key,
            format!("{lead}; write a `return:` block with a `{sub}:` line"),
        ),
        Modern::Gone(why) => Diagnostic::new(Code::DeprecatedSyntax, key, format!("{lead}; {why}")),
    };
    b.cx.push(diag);
}

/// True when parameter `name` has no `param:` block and exactly one LEGACY `param-*:` line, so
/// rewriting that line as a block cannot create a second block for it.
fn sole_param_source(b: &Builder<'_>, name: &str) -> bool {
    let text = b.cx.text;
    let mut legacy_lines = 0;
    for item in &b.cx.doc.items {
        match item {
            Item::Block(bl) if bl.kind == BlockKind::Param && bl.header.text == name => {
                return false
            }
            Item::Other(t) => {
                let Some(word) = key_shape(&t.text) else {
                    continue;
                };
                if word.starts_with("param-") && is_legacy(word) {
                    let v = &t.range.slice(text)[word.len() + 1..];
                    if v.split(',').next().map(str::trim) == Some(name) {
                        legacy_lines += 1;
                    }
                }
            }
            _ => {}
        }
    }
    legacy_lines == 1
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use expect_test::expect;

    #[test]
    fn legacy_param_keys_with_fixes() {
        let src = frob(
            "context-flags: KAPI_CTX_PROCESS\nparam-count: 3\n\
             param-type: fd, KAPI_TYPE_FD\n\
             param-range: len, 0, 4096\n\
             param-type: buf, KAPI_TYPE_USER_PTR\nparam-flags: buf, KAPI_PARAM_OUT\n\
             error-code: -ENOMEM, ENOMEM, Out of memory, Allocation failed\n",
        );
        check(
            &src,
            expect![[r#"
            3:4..3:17 not-a-spec warning `context-flags`: this comment has a context line but none of `param:`, `error:`, `lock:`, `signal:`, `capability:`, `side-effect:`, `state-trans:`, `constraint:`, `long-desc:` or `api-type:`, so every upstream tool ignores the whole spec; add at least one, e.g. a `param:` block for each parameter; its LEGACY flat keys are not read by current tools either, rewrite them as blocks
            5:4..5:14 deprecated-syntax warning `param-type`: `param-type:` is LEGACY flat syntax that current tools ignore; write a `param: fd` block with a `type:` line
                fix Rewrite as a `param: fd` block: `param-type: fd, KAPI_TYPE_FD` -> `param: fd\n *   type: fd`
            6:4..6:15 deprecated-syntax warning `param-range`: `param-range:` is LEGACY flat syntax that current tools ignore; write a `param: len` block with a `constraint-type: range(MIN, MAX)` line
                fix Rewrite as a `param: len` block: `param-range: len, 0, 4096` -> `param: len\n *   constraint-type: range(0, 4096)`
            7:4..7:14 deprecated-syntax warning `param-type`: `param-type:` is LEGACY flat syntax that current tools ignore; write a `param: buf` block with a `type:` line
            8:4..8:15 deprecated-syntax warning `param-flags`: `param-flags:` is LEGACY flat syntax that current tools ignore; write a `param: buf` block with a `flags:` line
            9:4..9:14 deprecated-syntax warning `error-code`: `error-code:` is LEGACY flat syntax that current tools ignore; write `error: NAME, summary` with a `desc:` line
                fix Rewrite as an `error:` block: `error-code: -ENOMEM, ENOMEM, Out of memory, Allocation failed` -> `error: ENOMEM, Out of memory\n *   desc: Allocation failed`
        "#]],
        );
        // Inside a spec that today's tools detect, the same lines.
        check(
            &frob("contexts: process\nerror: EBADF, bad\nparam-type: fd, fd\n"),
            expect![[r#"
            5:4..5:14 deprecated-syntax warning `param-type`: `param-type:` is LEGACY flat syntax that current tools ignore; write a `param: fd` block with a `type:` line
                fix Rewrite as a `param: fd` block: `param-type: fd, fd` -> `param: fd\n *   type: fd`
        "#]],
        );
    }

    #[test]
    fn legacy_sub_keys_after_their_block() {
        let src = frob(
            "contexts: process\n\
             lock: files_lock, mutex\nlock-scope: acquires\nlock-desc: The table lock\n\
             signal: SIGINT\n  action: return\nsignal-direction: receive\n\
             constraint: valid, desc\nconstraint-expr: valid, fd >= 0\n\
             return-type: KAPI_TYPE_INT\nsince-version: 6.8\n",
        );
        check(
            &src,
            expect![[r#"
            5:4..5:14 deprecated-syntax warning `lock-scope`: `lock-scope:` is LEGACY flat syntax that current tools ignore; write `scope:` as an indented line of the `lock:` block
                fix Replace with an indented `acquired: yes`: `lock-scope: acquires` -> `  acquired: yes`
            6:4..6:13 deprecated-syntax warning `lock-desc`: `lock-desc:` is LEGACY flat syntax that current tools ignore; write `desc:` as an indented line of the `lock:` block
                fix Replace with an indented `desc:`: `lock-desc` -> `  desc`
            9:4..9:20 deprecated-syntax warning `signal-direction`: `signal-direction:` is LEGACY flat syntax that current tools ignore; write `direction:` as an indented line of the `signal:` block
                fix Replace with an indented `direction:`: `signal-direction` -> `  direction`
            11:4..11:19 deprecated-syntax warning `constraint-expr`: `constraint-expr:` is LEGACY flat syntax that current tools ignore; write `expr:` as an indented line of the `constraint:` block
                fix Replace with an indented `expr:`: `constraint-expr: valid, fd >= 0` -> `  expr: fd >= 0`
            12:4..12:15 deprecated-syntax warning `return-type`: `return-type:` is LEGACY flat syntax that current tools ignore; write a `return:` block with a `type:` line
            13:4..13:17 deprecated-syntax warning `since-version`: `since-version:` is LEGACY flat syntax that current tools ignore; the newest header has no version field; remove the line
        "#]],
        );
    }
}
