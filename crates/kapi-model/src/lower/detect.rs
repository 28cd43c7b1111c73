//! Whether a comment is a spec at all and which declaration it names (language reference §1.2,
//! §1.3): `not-a-spec` for comments that are clearly meant as specs but fail upstream's
//! detection or document nothing, and `build-paths-disagree` when the upstream `kapi` tool's
//! line-based declaration matcher does not find (or names differently) the declaration that
//! kernel-doc documents.

use super::ctx::key_shape;
use super::keys::{KERNELDOC_SECTIONS, TOP_KEYS};
use super::legacy;
use crate::diagnostic::{Code, Diagnostic};
use crate::spec::ApiKind;
use crate::suggest::did_you_mean;
use crate::vocab::{Vocab, VocabId};
use kapi_syntax::kapi::SPEC_SECTION_KEYS;
use kapi_syntax::{ApiType, BlockKind, DeclKind, Declaration, Item, SpecComment, TextRange};

/// The API type of a declaration: syscall, ioctl for `long <x>_ioctl(...)`, else function.
pub(crate) fn api_type(decl: &Declaration) -> ApiKind {
    match decl.kind {
        DeclKind::Syscall { .. } => ApiKind::Syscall,
        DeclKind::Function if decl.return_type == "long" && decl.name.ends_with("_ioctl") => {
            ApiKind::Ioctl
        }
        DeclKind::Function => ApiKind::Function,
    }
}

/// The KAPI keys of a comment that count as evidence it is meant to be a spec: each distinct
/// KAPI-only key (kernel-doc's `return:`, `notes:` and `examples:` do not count), in order.
fn kapi_keys(sc: &SpecComment) -> Vec<(String, TextRange)> {
    let mut keys: Vec<(String, TextRange)> = Vec::new();
    let mut add = |k: &str, r: TextRange| {
        if !keys.iter().any(|(x, _)| x == k) {
            keys.push((k.to_string(), r));
        }
    };
    for item in &sc.doc.items {
        match item {
            Item::Field(f) if f.key.text != "return" => add(&f.key.text, f.key.range),
            Item::Block(b) if b.kind != BlockKind::Return => add(&b.key.text, b.key.range),
            Item::Section(s) if s.key.text == "long-desc" => add(&s.key.text, s.key.range),
            Item::Other(t) => {
                let meant = |w: &&str| {
                    legacy::is_legacy(w)
                        || (!KERNELDOC_SECTIONS.contains(w)
                            && did_you_mean(w, TOP_KEYS.iter().copied()).is_some())
                };
                if let Some(w) = key_shape(&t.text).filter(meant) {
                    add(w, TextRange::new(t.range.start, t.range.start + w.len()));
                }
            }
            _ => {}
        }
    }
    keys
}

/// `not-a-spec` for a comment upstream's detection rejects although it is clearly meant as a
/// spec. Plain kernel-doc comments stay silent.
pub(crate) fn not_a_spec(sc: &SpecComment, out: &mut Vec<Diagnostic>) {
    let keys = kapi_keys(sc);
    let block_with_sub_keys = sc.doc.items.iter().find_map(|item| match item {
        Item::Block(b) if b.attrs.iter().any(|a| a.exact && a.key.is_some()) => Some(b.key.range),
        _ => None,
    });
    if keys.len() < 2 && block_with_sub_keys.is_none() {
        return;
    }
    let first = keys
        .iter()
        .map(|(_, r)| *r)
        .chain(block_with_sub_keys)
        .min_by_key(|r| r.start);
    let Some(range) = first else { return };
    let legacy_note = if has_legacy_keys(sc) {
        "; its LEGACY flat keys are not read by current tools either, rewrite them as blocks"
    } else {
        ""
    };
    if !sc.doc.detection.has_context_line {
        let mut diag = Diagnostic::new(
            Code::NotASpec,
            range,
            format!(
                "this comment has KAPI annotations but no `contexts:` or `context-flags:` line, so \
                 every upstream tool ignores the whole spec; add a line such as `contexts: process, \
                 sleepable`{legacy_note}"
            ),
        );
        if let Some((fix, word, new, note)) = misspelt_detection_key(sc, true) {
            diag.message.push_str(&format!(" ({note})"));
            // Report where the fix applies, so the editor offers it on that line.
            diag.range = fix;
            diag = diag.with_fix(format!("Rename `{word}:` to `{new}:`"), fix, new);
        }
        out.push(diag);
    } else {
        let mut diag = Diagnostic::new(
            Code::NotASpec,
            range,
            format!(
                "this comment has a context line but none of `param:`, `error:`, `lock:`, `signal:`, \
                 `capability:`, `side-effect:`, `state-trans:`, `constraint:`, `long-desc:` or \
                 `api-type:`, so every upstream tool ignores the whole spec; add at least one, e.g. a \
                 `param:` block for each parameter{legacy_note}"
            ),
        );
        if let Some((fix, word, new, note)) = misspelt_detection_key(sc, false) {
            diag.message.push_str(&format!(" ({note})"));
            diag.range = fix;
            diag = diag.with_fix(format!("Rename `{word}:` to `{new}:`"), fix, new);
        }
        out.push(diag);
    }
}

/// A line meant as one of the detection keys: a misspelt `contexts:`/section key, or
/// kernel-doc's `context:` section whose tokens are all KAPI contexts. Gives the key's range,
/// the key, its replacement and a note for the message.
fn misspelt_detection_key(
    sc: &SpecComment,
    want_context: bool,
) -> Option<(TextRange, String, &'static str, String)> {
    let candidates: Vec<&'static str> = if want_context {
        vec!["contexts", "context-flags"]
    } else {
        SPEC_SECTION_KEYS
            .iter()
            .map(|k| k.trim_end_matches(':'))
            .collect()
    };
    sc.doc.items.iter().find_map(|item| {
        let Item::Other(t) = item else { return None };
        let word = key_shape(&t.text)?;
        let range = TextRange::new(t.range.start, t.range.start + word.len());
        if word == "context" {
            let value = &t.text[word.len() + 1..];
            let all_known = value
                .split(',')
                .map(str::trim)
                .all(|tok| !tok.is_empty() && Vocab::get(VocabId::Context).lookup(tok).is_some());
            let note =
                "the `context:` line is kernel-doc's Context section; KAPI reads `contexts:`"
                    .to_string();
            return (want_context && all_known)
                .then(|| (range, word.to_string(), "contexts", note));
        }
        if KERNELDOC_SECTIONS.contains(&word) {
            return None;
        }
        let new = did_you_mean(word, candidates.iter().copied())?;
        Some((
            range,
            word.to_string(),
            new,
            format!("`{word}:` is not `{new}:`"),
        ))
    })
}

/// `not-a-spec` for a spec with no declaration after it.
pub(crate) fn no_declaration(sc: &SpecComment, out: &mut Vec<Diagnostic>) {
    let range = sc
        .doc
        .title
        .as_ref()
        .and_then(|t| t.name.as_ref().map(|n| n.range))
        .or_else(|| first_key(sc))
        .unwrap_or(sc.comment.range);
    out.push(Diagnostic::new(
        Code::NotASpec,
        range,
        "this spec documents no function or syscall: no declaration follows the comment, so no tool \
         can name it; put the comment directly above the `SYSCALL_DEFINEn(...)` or the function",
    ));
}

/// `not-a-spec` for a comment that the file ends inside: every tool drops it.
pub(crate) fn unterminated(sc: &SpecComment, out: &mut Vec<Diagnostic>) {
    let open = TextRange::new(sc.comment.range.start, sc.comment.range.start + 3);
    out.push(Diagnostic::new(
        Code::NotASpec,
        open,
        "this comment is never closed: the file ends before its `*/`, so no tool reads the spec \
         in it; close it with ` */` above the declaration it documents",
    ));
}

fn first_key(sc: &SpecComment) -> Option<TextRange> {
    sc.doc.items.iter().find_map(|item| match item {
        Item::Field(f) => Some(f.key.range),
        Item::Block(b) => Some(b.key.range),
        Item::Section(s) => Some(s.key.range),
        _ => None,
    })
}

/// `build-paths-disagree` when the `kapi` tool does not see the declaration as kernel-doc does.
pub(crate) fn declaration_visibility(
    text: &str,
    sc: &SpecComment,
    decl: &Declaration,
    out: &mut Vec<Diagnostic>,
) {
    let ours = api_type(decl);
    let Some(up) = &decl.upstream else {
        let (why, how) = why_missed(text, sc.comment.after, decl);
        out.push(Diagnostic::new(
            Code::BuildPathsDisagree,
            decl.name_range,
            format!(
                "the `kapi` tool will not find this spec (the kernel-doc build path does): {why}. {how}"
            ),
        ));
        return;
    };
    if up.name != decl.name {
        out.push(Diagnostic::new(
            Code::BuildPathsDisagree,
            decl.name_range,
            format!(
                "the `kapi` tool names this spec `{}` (it takes the first line after the comment that \
                 looks like a declaration), while kernel-doc documents `{}`; put the declaration \
                 directly below the comment",
                up.name, decl.name
            ),
        ));
        return;
    }
    let theirs = match up.api_type {
        ApiType::Syscall => ApiKind::Syscall,
        ApiType::Ioctl => ApiKind::Ioctl,
        ApiType::Function => ApiKind::Function,
    };
    if theirs != ours {
        out.push(Diagnostic::new(
            Code::BuildPathsDisagree,
            decl.name_range,
            format!(
                "the `kapi` tool lists this API as {} but it is {}: its ioctl rule needs \
                 `[static] long <name>_ioctl(` at the start of the line",
                with_article(theirs),
                with_article(ours)
            ),
        ));
    }
}

fn with_article(kind: ApiKind) -> &'static str {
    match kind {
        ApiKind::Syscall => "a syscall",
        ApiKind::Ioctl => "an ioctl",
        ApiKind::Function => "a function",
    }
}

/// True when the comment uses LEGACY flat keys.
pub(crate) fn has_legacy_keys(sc: &SpecComment) -> bool {
    sc.doc.items.iter().any(
        |item| matches!(item, Item::Other(t) if key_shape(&t.text).is_some_and(legacy::is_legacy)),
    )
}

/// Why upstream's scan of the 10 lines after the comment (§1.3) misses the declaration, and
/// what to do about it.
fn why_missed(text: &str, after: usize, decl: &Declaration) -> (String, &'static str) {
    let syscall = matches!(decl.kind, DeclKind::Syscall { .. });
    let how = if syscall {
        "Put `SYSCALL_DEFINEn(...)` directly below the comment"
    } else {
        "Until upstream's matcher improves, `kapi --source` will not list this API"
    };
    for line in text[after.min(text.len())..].lines().take(10) {
        let t = line.trim_start();
        if t.is_empty() || t.starts_with("/*") || t.starts_with('*') {
            continue;
        }
        let indented = line.starts_with(' ') || line.starts_with('\t');
        if t.starts_with("//") && !indented {
            return (
                "a `//` comment line between the comment and the declaration ends its search (it skips \
                 only blank lines and `/* */` comments)"
                    .into(),
                "Move the `//` comment or turn it into `/* */`",
            );
        }
        if indented {
            continue;
        }
        if syscall {
            return (format!("it stops at `{}`", t.trim_end()), how);
        }
        if decl.signature.slice(text).contains('\n') {
            return (
                "the prototype spans several lines, and it only matches one whose `)` is on the same \
                 line as the name"
                    .into(),
                "Put the prototype on one line",
            );
        }
        let head = t.split('(').next().unwrap_or(t).trim_end();
        return (
            format!(
                "it only matches `[static] [inline] TYPE name(...)` with a one-word return type at the \
                 start of a line, not `{head}(`"
            ),
            how,
        );
    }
    (
        "the declaration is more than 10 lines below the comment".into(),
        "Move the comment down to the declaration",
    )
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use expect_test::expect;

    #[test]
    fn plain_kernel_doc_is_silent() {
        let src = comment(
            "frob_thing - Frobnicate a thing",
            "@thing: The thing\n@flags: lock: taken in the caller\n\nContext: Process context.\nlock: the mutex must be held\nReturn: 0 or -EINVAL.\n",
            "int frob_thing(struct thing *thing, int flags)\n{\n}\n",
        );
        check(&src, expect![""]);
        assert!(lower(&src).specs.is_empty());
        // A single `contexts:` line does not make a spec and is not clearly meant as one.
        check(&frob("contexts: process\nReturn: 0.\n"), expect![""]);
    }

    #[test]
    fn meant_as_a_spec_but_not_detected() {
        check(
            &frob("context: process, sleepable\nparam: fd\n  type: fd, input\n"),
            expect![[r#"
                3:4..3:11 not-a-spec warning `context`: this comment has KAPI annotations but no `contexts:` or `context-flags:` line, so every upstream tool ignores the whole spec; add a line such as `contexts: process, sleepable` (the `context:` line is kernel-doc's Context section; KAPI reads `contexts:`)
                    fix Rename `context:` to `contexts:`: `context` -> `contexts`
            "#]],
        );
        check(
            &frob("contexts: process\nparam-count: 3\nreturn:\n  type: int\n"),
            expect![[r#"
            3:4..3:12 not-a-spec warning `contexts`: this comment has a context line but none of `param:`, `error:`, `lock:`, `signal:`, `capability:`, `side-effect:`, `state-trans:`, `constraint:`, `long-desc:` or `api-type:`, so every upstream tool ignores the whole spec; add at least one, e.g. a `param:` block for each parameter
        "#]],
        );
        check(
            &frob("param-type: fd, KAPI_TYPE_FD\nerror-code: -EBADF, EBADF, bad, bad\n"),
            expect![[r#"
            3:4..3:14 not-a-spec warning `param-type`: this comment has KAPI annotations but no `contexts:` or `context-flags:` line, so every upstream tool ignores the whole spec; add a line such as `contexts: process, sleepable`; its LEGACY flat keys are not read by current tools either, rewrite them as blocks
            3:4..3:14 deprecated-syntax warning `param-type`: `param-type:` is LEGACY flat syntax that current tools ignore; write a `param: fd` block with a `type:` line
                fix Rewrite as a `param: fd` block: `param-type: fd, KAPI_TYPE_FD` -> `param: fd\n *   type: fd`
            4:4..4:14 deprecated-syntax warning `error-code`: `error-code:` is LEGACY flat syntax that current tools ignore; write `error: NAME, summary` with a `desc:` line
                fix Rewrite as an `error:` block: `error-code: -EBADF, EBADF, bad, bad` -> `error: EBADF, bad\n *   desc: bad`
        "#]],
        );
    }

    #[test]
    fn spec_without_declaration() {
        let src = "/**\n * sys_frob - Frobnicate\n * contexts: process\n * param: fd\n *   type: fd\n */\n\nstatic int x = 3;\n";
        check(
            src,
            expect![[r#"
            2:4..2:12 not-a-spec warning `sys_frob`: this spec documents no function or syscall: no declaration follows the comment, so no tool can name it; put the comment directly above the `SYSCALL_DEFINEn(...)` or the function
        "#]],
        );
        assert!(lower(src).specs.is_empty());
    }

    #[test]
    fn declarations_the_kapi_tool_misses_or_names_differently() {
        let body = "contexts: process\nparam: size\n  type: uint, input\n";
        check(
            &comment(
                "frob_alloc - Allocate",
                body,
                "struct frob *frob_alloc(size_t size)\n{\n}\n",
            ),
            expect![[r#"
            7:14..7:24 build-paths-disagree warning `frob_alloc`: the `kapi` tool will not find this spec (the kernel-doc build path does): it only matches `[static] [inline] TYPE name(...)` with a one-word return type at the start of a line, not `struct frob *frob_alloc(`. Until upstream's matcher improves, `kapi --source` will not list this API
        "#]],
        );
        check(
            &comment(
                "frob_alloc - Allocate",
                body,
                "int frob_alloc(size_t size,\n\t       gfp_t gfp)\n{\n}\n",
            ),
            expect![[r#"
                7:5..7:15 build-paths-disagree warning `frob_alloc`: the `kapi` tool will not find this spec (the kernel-doc build path does): the prototype spans several lines, and it only matches one whose `)` is on the same line as the name. Put the prototype on one line
            "#]],
        );
        check(
            &comment(
                "sys_frob - x",
                body,
                "// the syscall\nSYSCALL_DEFINE1(frob, size_t, size)\n{\n}\n",
            ),
            expect![[r#"
            8:17..8:21 build-paths-disagree warning `frob`: the `kapi` tool will not find this spec (the kernel-doc build path does): a `//` comment line between the comment and the declaration ends its search (it skips only blank lines and `/* */` comments). Move the `//` comment or turn it into `/* */`
        "#]],
        );
        check(
            &comment(
                "frob - x",
                body,
                "__printf(1, 2)\nint frob(size_t size, ...)\n{\n}\n",
            ),
            expect![[r#"
            8:5..8:9 build-paths-disagree warning `frob`: the `kapi` tool names this spec `__printf` (it takes the first line after the comment that looks like a declaration), while kernel-doc documents `frob`; put the declaration directly below the comment
        "#]],
        );
        check(
            &comment(
                "frob_ioctl - x",
                body,
                "static inline long frob_ioctl(size_t size)\n{\n}\n",
            ),
            expect![[r#"
            7:20..7:30 build-paths-disagree warning `frob_ioctl`: the `kapi` tool lists this API as a function but it is an ioctl: its ioctl rule needs `[static] long <name>_ioctl(` at the start of the line
        "#]],
        );
    }

    #[test]
    fn names_and_api_types() {
        let body = "contexts: process\nparam: size\n  type: uint, input\n";
        let s = spec(&comment(
            "frob_ioctl - x",
            body,
            "static long frob_ioctl(struct file *f, unsigned int cmd, unsigned long size)\n{\n}\n",
        ));
        assert_eq!(
            (s.name.as_str(), s.api_type),
            ("frob_ioctl", crate::spec::ApiKind::Ioctl)
        );
        let s = spec(&comment(
            "sys_y - x",
            body,
            "COMPAT_SYSCALL_DEFINE1(frob, compat_size_t, size)\n{\n}\n",
        ));
        assert_eq!(
            (s.name.as_str(), s.api_type),
            ("sys_frob", crate::spec::ApiKind::Syscall)
        );
        assert_eq!(s.parameters[0].type_name, "compat_size_t size");
        let src = comment("frob - x", body, "int frob(size_t size)\n{\n}\n");
        let s = spec(&src);
        assert_eq!(
            (s.name.as_str(), s.api_type),
            ("frob", crate::spec::ApiKind::Function)
        );
        assert_eq!(s.src.decl_name.slice(&src), "frob");
        assert_eq!(s.src.body.unwrap().slice(&src), "{\n}");
        assert!(
            s.src.comment.slice(&src).starts_with("/**")
                && s.src.comment.slice(&src).ends_with("*/")
        );
    }
}
