//! Markdown rendering for hover: a spec's contract, one parameter, and one vocabulary term.
//! Numbers in the model are turned back into the short names a spec author writes.

use crate::workspace::FileData;
use kapi_model::vocab::{Term, Vocab, VocabId};
use kapi_model::{ParamSpec, ReturnSpec, Spec};
use kapi_syntax::{Item, SpecComment};
use std::fmt::Write;

fn vocab(id: VocabId) -> &'static Vocab {
    Vocab::get(id)
}

/// The short spelling of a term: its first alias, else the long name.
fn short(term: &Term) -> &'static str {
    term.aliases
        .first()
        .or(term.exact_aliases.first())
        .copied()
        .unwrap_or(term.long)
}

/// The short name of an enum value, or the number when the value is not in the table.
fn enum_name(id: VocabId, value: i64) -> String {
    vocab(id)
        .by_value(value)
        .map_or_else(|| value.to_string(), |t| short(t).to_string())
}

/// The short names of the bits set in a bitmask: combined terms (`inout`) before single bits,
/// unknown bits in hex.
fn bit_names(id: VocabId, bits: u64) -> Vec<String> {
    let mut rest = bits;
    let mut out = Vec::new();
    let terms = vocab(id).terms;
    let combined = terms.iter().filter(|t| (t.value as u64).count_ones() > 1);
    let single = terms.iter().filter(|t| (t.value as u64).count_ones() == 1);
    for term in combined.chain(single) {
        let v = term.value as u64;
        if rest & v == v {
            rest &= !v;
            out.push(short(term).to_string());
        }
    }
    if rest != 0 {
        out.push(format!("{rest:#x}"));
    }
    out
}

fn is_bitmask(id: VocabId) -> bool {
    matches!(
        id,
        VocabId::ParamFlag
            | VocabId::Context
            | VocabId::EffectType
            | VocabId::SignalDirection
            | VocabId::SignalState
    )
}

/// A vocabulary term: long name, kind, short forms, value, meaning and note.
pub(crate) fn term_markdown(id: VocabId, term: &Term) -> String {
    let voc = vocab(id);
    let mut out = format!("**{}** · {}\n\n", term.long, voc.title);
    let shorts: Vec<String> = term
        .aliases
        .iter()
        .chain(term.exact_aliases)
        .map(|a| format!("`{a}`"))
        .collect();
    if !shorts.is_empty() {
        let plural = if shorts.len() > 1 { "s" } else { "" };
        let _ = write!(out, "Short form{plural}: {} · ", shorts.join(", "));
    }
    let value = match id {
        VocabId::Errno => format!("`{}` (errno {})", term.value, -term.value),
        id if is_bitmask(id) => format!("`{:#x}`", term.value),
        _ => format!("`{}`", term.value),
    };
    let _ = write!(out, "Value: {value}\n\n{}", term.doc);
    if let Some(note) = term.note {
        let _ = write!(out, "\n\n*Note:* {note}");
    }
    out
}

/// The syntax of the comment a spec was lowered from.
pub(crate) fn spec_comment<'a>(file: &'a FileData, spec: &Spec) -> Option<&'a SpecComment> {
    file.analysis
        .syntax
        .specs
        .iter()
        .find(|s| s.comment.range == spec.src.comment)
}

/// The C declaration of a parameter: `char __user *buf`, from the declaration when there is
/// one, else from the upstream-style `type_name`.
fn c_param(sc: Option<&SpecComment>, param: &ParamSpec) -> Option<String> {
    let decl = sc.and_then(|sc| sc.decl.as_ref());
    if let Some(p) = decl.and_then(|d| d.params.iter().find(|p| p.name == param.name)) {
        return Some(if p.ty.ends_with('*') {
            format!("{}{}", p.ty, p.name)
        } else {
            format!("{} {}", p.ty, p.name)
        });
    }
    (!param.type_name.trim().is_empty()).then(|| param.type_name.trim().to_string())
}

/// The bounds of a range constraint as written (`0`, `INT_MAX`), from the `param:` block's
/// `constraint-type: range(a, b)` or `range: a, b` line; used when the model left a symbolic
/// bound unset.
fn written_range(sc: Option<&SpecComment>, param: &str) -> Option<(String, String)> {
    let mut found = None;
    for item in &sc?.doc.items {
        let Item::Block(b) = item else { continue };
        if b.kind != kapi_syntax::BlockKind::Param || b.header.text != param {
            continue;
        }
        for attr in &b.attrs {
            let args = match attr.key.as_ref().map(|k| k.text.as_str()) {
                Some("constraint-type") => {
                    let v = attr.value.text.trim();
                    let head = v.split('(').next().unwrap_or("").trim();
                    if !head.eq_ignore_ascii_case("range") {
                        continue;
                    }
                    let (Some(open), Some(close)) = (v.find('('), v.rfind(')')) else {
                        continue;
                    };
                    if close <= open {
                        continue;
                    }
                    v[open + 1..close].to_string()
                }
                Some("range") => attr.value.text.clone(),
                _ => continue,
            };
            let parts: Vec<&str> = args.split(',').map(str::trim).collect();
            if let [lo, hi] = parts[..] {
                found = Some((lo.to_string(), hi.to_string()));
            }
        }
    }
    found
}

/// A parameter's constraint in words: `range 0 to 4096`, `buffer (size in param 2: len)`.
fn constraint_text(spec: &Spec, sc: Option<&SpecComment>, p: &ParamSpec) -> Option<String> {
    let words = match p.constraint_type {
        0 => None,
        1 => {
            let written = written_range(sc, &p.name);
            let bound = |v: Option<i64>, w: Option<&String>| {
                v.map(|v| v.to_string()).or_else(|| w.cloned())
            };
            let lo = bound(p.min_value, written.as_ref().map(|w| &w.0));
            let hi = bound(p.max_value, written.as_ref().map(|w| &w.1));
            Some(match (lo, hi) {
                (Some(lo), Some(hi)) => format!("range {lo} to {hi}"),
                (Some(lo), None) => format!("range >= {lo}"),
                (None, Some(hi)) => format!("range <= {hi}"),
                (None, None) => "range".to_string(),
            })
        }
        2 => Some(match p.valid_mask {
            Some(mask) => format!("mask {mask:#x}"),
            None => "mask".to_string(),
        }),
        3 => Some(format!("one of {}", p.enum_values.join(", "))),
        4 => Some(match p.alignment {
            Some(a) => format!("aligned to {a} bytes"),
            None => "aligned".to_string(),
        }),
        5 => Some("power of two".to_string()),
        6 => Some("page aligned".to_string()),
        7 => Some("nonzero".to_string()),
        8 => Some(match p.size {
            Some(n) => format!("user string (size {n})"),
            None => "user string".to_string(),
        }),
        9 => Some("user path".to_string()),
        10 => Some("user pointer".to_string()),
        11 => Some(match p.size_param_idx {
            Some(i) => match spec.parameters.iter().find(|q| q.index == i) {
                Some(q) => format!("buffer (size in param {i}: {})", q.name),
                None => format!("buffer (size in param {i})"),
            },
            None => "buffer".to_string(),
        }),
        12 => Some("custom".to_string()),
        n => Some(format!("constraint {n}")),
    };
    let text = p
        .constraint
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    match (words, text) {
        (Some(w), Some(t)) => Some(format!("{w}: {t}")),
        (Some(w), None) => Some(w),
        (None, Some(t)) => Some(t.to_string()),
        (None, None) => None,
    }
}

/// `fd, input`: the short type name and flag names. A parameter documented only by an `@name:`
/// line has no KAPI type at all (upstream records 0, `void`); say so rather than show `void`.
fn type_and_flags(p: &ParamSpec) -> String {
    if p.block.is_none() {
        return "no `param:` block".to_string();
    }
    let mut parts = vec![enum_name(VocabId::ParamType, p.param_type.into())];
    parts.extend(bit_names(VocabId::ParamFlag, p.flags.into()));
    parts.join(", ")
}

/// One line of a parameter in a contract.
fn param_line(spec: &Spec, sc: Option<&SpecComment>, p: &ParamSpec) -> String {
    let c = c_param(sc, p).unwrap_or_else(|| p.name.clone());
    let mut line = format!("- `{c}`: {}", type_and_flags(p));
    if let Some(c) = constraint_text(spec, sc, p) {
        let _ = write!(line, "; {c}");
    }
    if !p.description.trim().is_empty() {
        let _ = write!(line, " — {}", p.description.trim());
    }
    line
}

/// A parameter on its own (hover on its use in the function body).
pub(crate) fn param_markdown(file: &FileData, spec: &Spec, p: &ParamSpec) -> String {
    let sc = spec_comment(file, spec);
    let mut out = String::new();
    match c_param(sc, p) {
        Some(c) => {
            let _ = write!(out, "`{c}` · parameter of `{}`", spec.name);
        }
        None => {
            let _ = write!(out, "`{}` · parameter of `{}`", p.name, spec.name);
        }
    }
    if !p.description.trim().is_empty() {
        let _ = write!(out, "\n\n{}", p.description.trim());
    }
    let _ = write!(out, "\n\n- **Type:** {}", type_and_flags(p));
    if let Some(c) = constraint_text(spec, sc, p) {
        let _ = write!(out, "\n- **Constraint:** {c}");
    }
    out
}

fn return_line(r: &ReturnSpec) -> String {
    let ty = if r.type_name.trim().is_empty() {
        enum_name(VocabId::ParamType, r.return_type.into())
    } else {
        r.type_name.trim().to_string()
    };
    let mut line = format!(
        "**Returns** `{ty}` · check: {}",
        enum_name(VocabId::ReturnCheck, r.check_type.into())
    );
    let success = match (r.check_type, r.success_value, r.success_min, r.success_max) {
        (0, Some(v), _, _) => Some(format!("== {v}")),
        (1, _, Some(lo), Some(i64::MAX) | None) => Some(format!(">= {lo}")),
        (1, _, Some(lo), Some(hi)) => Some(format!("{lo} to {hi}")),
        (1, _, None, Some(hi)) => Some(format!("<= {hi}")),
        _ => None,
    };
    if let Some(s) = success {
        let _ = write!(line, " · success: {s}");
    }
    if !r.description.trim().is_empty() {
        let _ = write!(line, " — {}", r.description.trim());
    }
    line
}

fn push_section(out: &mut String, title: &str, lines: Vec<String>) {
    if lines.is_empty() {
        return;
    }
    let _ = write!(out, "\n\n**{title}**\n");
    out.push_str(&lines.join("\n"));
}

/// `a — b`, `a`, `b` or nothing, from two optional texts.
fn joined(a: &str, b: &str) -> String {
    match (a.trim(), b.trim()) {
        ("", "") => String::new(),
        (a, "") => a.to_string(),
        ("", b) => b.to_string(),
        (a, b) => format!("{a} — {b}"),
    }
}

/// A signature on one line: white space collapsed, and `type * name` written `type *name`.
fn normalise_signature(sig: &str) -> String {
    let words: Vec<&str> = sig.split_whitespace().collect();
    let mut out = words.join(" ").replace("( ", "(").replace(" )", ")");
    while let Some(i) = out
        .find(" * ")
        .filter(|&i| out[i + 3..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'))
    {
        out.replace_range(i..i + 3, " *");
    }
    out
}

/// The whole contract of a spec, as shown at its calls and its declaration.
pub(crate) fn spec_markdown(file: &FileData, spec: &Spec) -> String {
    let sc = spec_comment(file, spec);
    let text = &*file.text;
    let mut out = String::new();
    let sig = spec.src.signature;
    if !sig.is_empty() && sig.end <= text.len() {
        let sig = normalise_signature(sig.slice(text));
        let _ = write!(out, "```c\n{sig}\n```\n");
    }
    let line = file.line_index.line_of(spec.src.comment.start) + 1;
    let _ = write!(
        out,
        "**{}** · {} · `{}:{line}`",
        spec.name,
        spec.api_type.as_str(),
        file.path.display()
    );
    if let Some(d) = spec
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        let _ = write!(out, "\n\n{d}");
    }
    if !spec.context_flags.is_empty() {
        let ctx: Vec<String> = spec
            .context_flags
            .iter()
            .map(|c| {
                vocab(VocabId::Context)
                    .lookup(c)
                    .map_or(c.clone(), |t| short(t).to_string())
            })
            .collect();
        let _ = write!(out, "\n\n**Contexts:** {}", ctx.join(", "));
    }
    push_section(
        &mut out,
        "Parameters",
        spec.parameters
            .iter()
            .map(|p| param_line(spec, sc, p))
            .collect(),
    );
    if let Some(r) = &spec.return_spec {
        let _ = write!(out, "\n\n{}", return_line(r));
    }
    push_section(
        &mut out,
        "Errors",
        spec.errors
            .iter()
            .map(|e| {
                let rest = joined(&e.condition, &e.description);
                if rest.is_empty() {
                    format!("- `{}`", e.name)
                } else {
                    format!("- `{}`: {rest}", e.name)
                }
            })
            .collect(),
    );
    push_section(
        &mut out,
        "Locks",
        spec.locks
            .iter()
            .map(|l| {
                let mut s = format!(
                    "- `{}`: {}, {}",
                    l.lock_name,
                    enum_name(VocabId::LockType, l.lock_type.into()),
                    enum_name(VocabId::LockScope, l.scope.into())
                );
                if !l.description.trim().is_empty() {
                    let _ = write!(s, " — {}", l.description.trim());
                }
                s
            })
            .collect(),
    );
    push_section(
        &mut out,
        "Side effects",
        spec.side_effects
            .iter()
            .map(|e| {
                let names = bit_names(VocabId::EffectType, e.effect_type.into());
                let names = if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(" | ")
                };
                let mut s = format!("- {names}");
                if !e.target.trim().is_empty() {
                    let _ = write!(s, " on `{}`", e.target.trim());
                }
                if let Some(c) = e
                    .condition
                    .as_deref()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                {
                    let _ = write!(s, ", if {c}");
                }
                if e.reversible {
                    s.push_str(" (reversible)");
                }
                if !e.description.trim().is_empty() {
                    let _ = write!(s, " — {}", e.description.trim());
                }
                s
            })
            .collect(),
    );
    push_section(
        &mut out,
        "Capabilities",
        spec.capabilities
            .iter()
            .map(|c| {
                let action = vocab(VocabId::CapAction)
                    .lookup(&c.action)
                    .map_or(c.action.trim().to_string(), |t| short(t).to_string());
                let mut s = format!("- `{}`", c.name);
                if !action.is_empty() {
                    let _ = write!(s, " ({action})");
                }
                let mut parts = Vec::new();
                if !c.allows.trim().is_empty() {
                    parts.push(format!("allows {}", c.allows.trim()));
                }
                if !c.without_cap.trim().is_empty() {
                    parts.push(format!("without it: {}", c.without_cap.trim()));
                }
                if let Some(cond) = c
                    .check_condition
                    .as_deref()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                {
                    parts.push(format!("checked {cond}"));
                }
                if !parts.is_empty() {
                    let _ = write!(s, ": {}", parts.join("; "));
                }
                s
            })
            .collect(),
    );
    push_section(
        &mut out,
        "Signals",
        spec.signals
            .iter()
            .map(|sig| {
                let mut parts = bit_names(VocabId::SignalDirection, sig.direction.into());
                parts.push(enum_name(VocabId::SignalAction, sig.action.into()));
                if let Some(e) = sig.error_on_signal {
                    let errno = vocab(VocabId::Errno).by_value(e.into());
                    parts.push(errno.map_or(e.to_string(), |t| format!("-{}", t.long)));
                }
                if sig.restartable {
                    parts.push("restartable".to_string());
                }
                let mut s = format!("- `{}`: {}", sig.signal_name, parts.join(", "));
                let rest = joined(
                    sig.condition.as_deref().unwrap_or(""),
                    sig.description.as_deref().unwrap_or(""),
                );
                if !rest.is_empty() {
                    let _ = write!(s, " — {rest}");
                }
                s
            })
            .collect(),
    );
    push_section(
        &mut out,
        "State transitions",
        spec.state_transitions
            .iter()
            .map(|t| {
                let mut s = format!("- `{}`: {} → {}", t.object, t.from_state, t.to_state);
                if let Some(c) = t
                    .condition
                    .as_deref()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                {
                    let _ = write!(s, ", if {c}");
                }
                if !t.description.trim().is_empty() {
                    let _ = write!(s, " — {}", t.description.trim());
                }
                s
            })
            .collect(),
    );
    push_section(
        &mut out,
        "Constraints",
        spec.constraints
            .iter()
            .map(|c| {
                let mut s = format!("- {}", c.name.trim());
                if !c.description.trim().is_empty() {
                    let _ = write!(s, ": {}", c.description.trim());
                }
                if let Some(e) = c
                    .expression
                    .as_deref()
                    .map(str::trim)
                    .filter(|e| !e.is_empty())
                {
                    let _ = write!(s, " (`{e}`)");
                }
                s
            })
            .collect(),
    );
    out
}
