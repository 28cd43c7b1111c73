//! `unknown-key` and misplaced keys: misspelt top-level keys (`contxts:`), misspelt or foreign
//! sub-keys inside a block (`tpye: fd`), top-level keys written indented inside a block (which
//! upstream reads as part of that block), sub-keys written without enough indentation, and
//! capitalised keys. Kernel-doc prose and sections (`Return:`, `Context:`, `Note:`) stay silent.

use super::ctx::{is_indented, key_shape, Ctx};
use super::legacy;
use super::spec::Builder;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::suggest::did_you_mean;
use kapi_syntax::{Attr, BlockKind, TextRange, Token};

/// Every key upstream recognises at the top level, without the colon.
pub(crate) const TOP_KEYS: &[&str] = kapi_syntax::kapi::TOP_LEVEL_KEYS;

/// Kernel-doc section names that are close to KAPI keys but are not mistakes.
pub(crate) const KERNELDOC_SECTIONS: &[&str] = &[
    "context",
    "note",
    "notes",
    "return",
    "returns",
    "example",
    "examples",
    "description",
];

/// The block a top-level line follows (for sub-keys written without enough indentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PrevBlock {
    pub kind: BlockKind,
    pub flat: bool,
}

/// Checks a top-level line that upstream ignores.
pub(crate) fn check_other_line(b: &mut Builder<'_>, t: &Token, prev: Option<PrevBlock>) {
    if capitalised(b, t) {
        return;
    }
    let Some(word) = key_shape(&t.text) else {
        return;
    };
    if legacy::is_legacy(word) {
        return;
    }
    let word_range = TextRange::new(t.range.start, t.range.start + word.len());
    let indented =
        b.cx.line_at(t.range.start)
            .is_some_and(|i| is_indented(b.cx.doc.lines[i].slice(b.cx.text)));
    if let Some(p) = prev.filter(|p| p.kind.sub_keys().contains(&word)) {
        let key = p.kind.key();
        if p.flat && p.kind == BlockKind::SideEffect {
            // The one-line side effect opens no block, so even indented lines are top-level.
            b.cx.report(
                Code::IgnoredValue,
                word_range,
                format!(
                    "the one-line `{key}:` form takes no attribute lines: upstream ignores this line. \
                     Use the block form (`{key}: TYPES` followed by indented `key: value` lines)"
                ),
            );
            return;
        }
        if !indented {
            let mut d = Diagnostic::new(
                Code::IgnoredValue,
                word_range,
                format!(
                    "`{word}:` is not indented enough to belong to the `{key}:` block above: upstream \
                     needs two spaces or a tab after ` * ` and ignores this line"
                ),
            );
            if let Some(indent) = b.cx.indent_range(t.range.start) {
                d = d.with_fix("Indent the line", indent, "  ");
            }
            b.cx.push(d);
            return;
        }
    }
    if KERNELDOC_SECTIONS.contains(&word) {
        return;
    }
    if let Some(s) = did_you_mean(word, TOP_KEYS.iter().copied()) {
        b.cx.push(
            Diagnostic::new(
                Code::UnknownKey,
                word_range,
                format!("unknown key `{word}:`; upstream ignores this line. Did you mean `{s}:`?"),
            )
            .with_fix(format!("Replace with `{s}`"), word_range, s),
        );
    }
}

/// `Error:` and other capitalised keys. Returns true when the line was a capitalised key.
fn capitalised(b: &mut Builder<'_>, t: &Token) -> bool {
    let Some((word, _)) = t.text.split_once(':') else {
        return false;
    };
    if !word.starts_with(|c: char| c.is_ascii_uppercase()) || word.contains(char::is_whitespace) {
        return false;
    }
    let lower = word.to_ascii_lowercase();
    if lower == word || !TOP_KEYS.contains(&lower.as_str()) {
        return false;
    }
    let range = TextRange::new(t.range.start, t.range.start + word.len());
    let fix = |d: Diagnostic| d.with_fix(format!("Replace with `{lower}`"), range, lower.clone());
    match lower.as_str() {
        "notes" | "examples" if word == capitalize(&lower) => {
            let d = Diagnostic::new(
                Code::BuildPathsDisagree,
                range,
                format!(
                    "only the kernel build reads `{word}:` as the spec's {lower}; the `kapi` tool needs \
                     lower-case `{lower}:`"
                ),
            )
            .with_severity(Severity::Information);
            b.cx.push(fix(d));
        }
        "return" if word == "Return" => {
            if followed_by_return_keys(&b.cx, t.range.start) {
                let d = Diagnostic::new(
                    Code::BuildPathsDisagree,
                    range,
                    "only the kernel build reads `Return:` with these attribute lines as the return \
                     spec; the `kapi` tool needs lower-case `return:` and records no return value",
                );
                b.cx.push(fix(d));
            }
        }
        "return" | "notes" | "examples" => {}
        _ => {
            let d = Diagnostic::new(
                Code::UnknownKey,
                range,
                format!("keys are case-sensitive: upstream ignores `{word}:`; write `{lower}:`"),
            );
            b.cx.push(fix(d));
        }
    }
    true
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_ascii_uppercase().to_string() + c.as_str()
    })
}

/// True when the next non-blank line after `offset` is an indented return sub-key.
fn followed_by_return_keys(cx: &Ctx<'_>, offset: usize) -> bool {
    let Some(i) = cx.line_at(offset) else {
        return false;
    };
    let next = cx.doc.lines[i + 1..]
        .iter()
        .map(|r| r.slice(cx.text))
        .find(|l| !l.trim().is_empty());
    next.is_some_and(|l| {
        is_indented(l)
            && key_shape(l.trim_start()).is_some_and(|w| BlockKind::Return.sub_keys().contains(&w))
    })
}

/// Checks a block attribute line that starts no known sub-key. Returns true when reported.
pub(crate) fn check_unkeyed(cx: &mut Ctx<'_>, kind: BlockKind, attr: &Attr) -> bool {
    let Some(word) = key_shape(&attr.value.text) else {
        return false;
    };
    let range = TextRange::new(
        attr.value.range().start,
        attr.value.range().start + word.len(),
    );
    misplaced(cx, kind, word, range, None)
}

/// Checks the continuation lines a sub-key absorbed: a line at the sub-keys' own indentation
/// that starts a misspelt, foreign or top-level key was meant as a key of its own.
pub(crate) fn check_continuations(cx: &mut Ctx<'_>, kind: BlockKind, attr: &Attr) -> bool {
    let lines = cx.attr_lines(attr);
    let mut reported = false;
    if lines.len() < 2 {
        return false;
    }
    let indent = cx.indent_of(lines[0]);
    let joined = attr.key.as_ref().map(|k| k.text.clone());
    for &line in &lines[1..] {
        let raw = line.slice(cx.text);
        if raw.trim().is_empty() || cx.indent_of(line) != indent {
            continue;
        }
        let Some(word) = key_shape(raw.trim_start()) else {
            continue;
        };
        let start = line.start + indent.len();
        reported |= misplaced(
            cx,
            kind,
            word,
            TextRange::new(start, start + word.len()),
            joined.as_deref(),
        );
    }
    reported
}

/// A key-shaped word inside a block that is not one of its sub-keys. `joined` is the sub-key
/// whose value upstream joined the line to, if any.
fn misplaced(
    cx: &mut Ctx<'_>,
    kind: BlockKind,
    word: &str,
    range: TextRange,
    joined: Option<&str>,
) -> bool {
    let block = kind.key();
    let fate = match joined {
        Some(k) => format!("joins the line to the `{k}:` value above"),
        None => "ignores the line".to_string(),
    };
    if TOP_KEYS.contains(&word) && !kind.sub_keys().contains(&word) {
        if kind == BlockKind::Signal && word == "error" {
            cx.push(
                Diagnostic::new(
                    Code::UnknownKey,
                    range,
                    format!(
                        "a `signal:` block gives its error code with `errno:`; upstream {fate}"
                    ),
                )
                .with_fix("Replace with `errno`", range, "errno"),
            );
            return true;
        }
        let mut d = Diagnostic::new(
            Code::UnknownKey,
            range,
            format!(
                "`{word}:` is indented, so upstream reads it as a line of the `{block}:` block above and \
                 {fate} instead of reading it as a key of its own; un-indent it"
            ),
        );
        if let Some(indent) = cx.indent_range(range.start) {
            d = d.with_fix("Un-indent the line", indent, "");
        }
        cx.push(d);
        return true;
    }
    if let Some(s) = did_you_mean(word, kind.sub_keys().iter().copied()) {
        cx.push(
            Diagnostic::new(
                Code::UnknownKey,
                range,
                format!("`{word}:` is not a `{block}:` key; upstream {fate}. Did you mean `{s}:`?"),
            )
            .with_fix(format!("Replace with `{s}`"), range, s),
        );
        return true;
    }
    if let Some(other) = BlockKind::ALL
        .into_iter()
        .find(|k| k.sub_keys().contains(&word))
    {
        cx.report(
            Code::UnknownKey,
            range,
            format!(
                "`{word}:` is a `{}:` key, not a `{block}:` key; upstream {fate}",
                other.key()
            ),
        );
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use expect_test::expect;

    #[test]
    fn misspelt_top_level_key() {
        check(
            &frob("contexts: process\nerror: EBADF, bad fd\nparm: fd\nlcok: files_lock\n"),
            expect![[r#"
            5:4..5:8 unknown-key warning `parm`: unknown key `parm:`; upstream ignores this line. Did you mean `param:`?
                fix Replace with `param`: `parm` -> `param`
            6:4..6:8 unknown-key warning `lcok`: unknown key `lcok:`; upstream ignores this line. Did you mean `lock:`?
                fix Replace with `lock`: `lcok` -> `lock`
        "#]],
        );
        check(
            &frob("contexts: process\nparm: fd\n  type: fd\n"),
            expect![[r#"
                4:4..4:8 not-a-spec warning `parm`: this comment has a context line but none of `param:`, `error:`, `lock:`, `signal:`, `capability:`, `side-effect:`, `state-trans:`, `constraint:`, `long-desc:` or `api-type:`, so every upstream tool ignores the whole spec; add at least one, e.g. a `param:` block for each parameter (`parm:` is not `param:`)
                    fix Rename `parm:` to `param:`: `parm` -> `param`
            "#]],
        );
        // Without its context line the comment is not a spec at all: say so, with the fix.
        check(
            &frob("contxts: process\nparam: fd\n  type: fd\n  flags: input\n"),
            expect![[r#"
            3:4..3:11 not-a-spec warning `contxts`: this comment has KAPI annotations but no `contexts:` or `context-flags:` line, so every upstream tool ignores the whole spec; add a line such as `contexts: process, sleepable` (`contxts:` is not `contexts:`)
                fix Rename `contxts:` to `contexts:`: `contxts` -> `contexts`
        "#]],
        );
    }

    #[test]
    fn misspelt_and_foreign_sub_keys() {
        let src = frob(
            "contexts: process\n\
             param: fd\n  tpye: fd\n  flags: input\n  dsec: the descriptor\n  direction: receive\n",
        );
        check(
            &src,
            expect![[r#"
            5:6..5:10 unknown-key warning `tpye`: `tpye:` is not a `param:` key; upstream ignores the line. Did you mean `type:`?
                fix Replace with `type`: `tpye` -> `type`
            7:6..7:10 unknown-key warning `dsec`: `dsec:` is not a `param:` key; upstream joins the line to the `flags:` value above. Did you mean `desc:`?
                fix Replace with `desc`: `dsec` -> `desc`
            8:6..8:15 unknown-key warning `direction`: `direction:` is a `signal:` key, not a `param:` key; upstream joins the line to the `flags:` value above
        "#]],
        );
    }

    #[test]
    fn top_level_key_indented_inside_a_block() {
        let src = frob(
            "contexts: process\n\
             param: fd\n  error: EBADF, not open\n  type: fd, input\n  lock: f_lock\n\
             signal: SIGINT\n  action: return\n  error: -EINTR\n",
        );
        check(
            &src,
            expect![[r#"
            5:6..5:11 unknown-key warning `error`: `error:` is indented, so upstream reads it as a line of the `param:` block above and ignores the line instead of reading it as a key of its own; un-indent it
                fix Un-indent the line: `  ` -> ``
            7:6..7:10 unknown-key warning `lock`: `lock:` is indented, so upstream reads it as a line of the `param:` block above and joins the line to the `type:` value above instead of reading it as a key of its own; un-indent it
                fix Un-indent the line: `  ` -> ``
            10:6..10:11 unknown-key warning `error`: a `signal:` block gives its error code with `errno:`; upstream joins the line to the `action:` value above
                fix Replace with `errno`: `error` -> `errno`
        "#]],
        );
    }

    #[test]
    fn sub_key_without_enough_indentation() {
        // ` *  type:` is cleaned to one space of indentation, which is not indented upstream.
        let src = "/**\n * sys_frob - x\n * contexts: process\n * param: fd\n *  type: fd\n */\n"
            .to_string()
            + FROB;
        check(
            &src,
            expect![[r#"
            5:5..5:9 ignored-value warning `type`: `type:` is not indented enough to belong to the `param:` block above: upstream needs two spaces or a tab after ` * ` and ignores this line
                fix Indent the line: ` ` -> `  `
        "#]],
        );
    }

    #[test]
    fn attribute_lines_after_a_one_line_side_effect() {
        let src = frob(
            "contexts: process\nside-effect: alloc_memory, heap, Allocates\n  reversible: yes\n",
        );
        check(
            &src,
            expect![[r#"
            5:6..5:16 ignored-value warning `reversible`: the one-line `side-effect:` form takes no attribute lines: upstream ignores this line. Use the block form (`side-effect: TYPES` followed by indented `key: value` lines)
        "#]],
        );
    }

    #[test]
    fn capitalised_keys() {
        let src = frob(
            "contexts: process\n\
             Error: EINVAL, bad\n\
             param: fd\n  type: fd\n\
             Notes: Something.\n\
             Return:\n  type: int\n  check-type: fd\n",
        );
        check(
            &src,
            expect![[r#"
            4:4..4:9 unknown-key warning `Error`: keys are case-sensitive: upstream ignores `Error:`; write `error:`
                fix Replace with `error`: `Error` -> `error`
            7:4..7:9 build-paths-disagree information `Notes`: only the kernel build reads `Notes:` as the spec's notes; the `kapi` tool needs lower-case `notes:`
                fix Replace with `notes`: `Notes` -> `notes`
            8:4..8:10 build-paths-disagree warning `Return`: only the kernel build reads `Return:` with these attribute lines as the return spec; the `kapi` tool needs lower-case `return:` and records no return value
                fix Replace with `return`: `Return` -> `return`
        "#]],
        );
    }

    #[test]
    fn kernel_doc_prose_and_sections_stay_silent() {
        let src = frob(
            "This function does things. Note: it really does.\n\
             Context: Process context, may sleep.\n\
             context: process\n\
             note: prose\n\
             returns: the count\n\
             Return: 0 on success, or a negative errno.\n\
             contexts: process\n\
             param: fd\n  type: fd, input\n  cdesc: Must be open. Careful: it may\n    flagged: see below\n\
             Example: frob(1)\n",
        );
        check(&src, expect![""]);
    }
}
