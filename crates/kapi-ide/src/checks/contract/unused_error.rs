//! `unused-error` (hint): the spec lists an errno that nothing in the body can produce.
//!
//! Only said when the body is fully understood: every value that reaches a `return` was traced
//! to an errno constant, a non-error value or the result of a call whose spec is known (in the
//! workspace or bundled). A returned parameter, arithmetic, a call through a pointer, a
//! `return` inside a syntax error, an errno macro we cannot name, or the result of any call
//! without a spec silences the rule for the whole function, since any of those could produce
//! the errno. An errno counts as produced when the body returns it, when a callee whose result
//! is returned lists it, or (for `EINTR`) when a restart code reaches a `return`: user space
//! sees those as `EINTR`. Aliases count as the same errno (`EAGAIN`/`EWOULDBLOCK`).
//!
//! The fix removes the `error:` block; it is never the preferred action, because the body may
//! be what is wrong.

use super::{body_facts, errno_value, resolve_callee, returns_void, CommentInsert};
use crate::checks::SpecContext;
use crate::workspace::Analysis;
use kapi_model::{Code, Diagnostic, Fix};
use std::collections::BTreeSet;

const EINTR: i64 = -4;

pub fn unused_error(analysis: &Analysis, ctx: &SpecContext<'_>, out: &mut Vec<Diagnostic>) {
    if returns_void(ctx.decl) || ctx.spec.errors.is_empty() {
        return;
    }
    let Some(facts) = body_facts(ctx) else { return };
    if !facts.fully_understood() {
        return;
    }
    let mut produced: BTreeSet<i64> = BTreeSet::new();
    let mut add = |name: &str, produced: &mut BTreeSet<i64>| -> bool {
        let Some(value) = errno_value(name) else { return false };
        produced.insert(value);
        if matches!(name, "ERESTARTSYS" | "ERESTARTNOHAND" | "ERESTART_RESTARTBLOCK" | "ERESTARTNOINTR") {
            produced.insert(EINTR);
        }
        true
    };
    for e in &facts.errnos {
        if !add(&e.name, &mut produced) {
            return;
        }
    }
    let mut callees = Vec::new();
    for p in &facts.propagated {
        let call = &facts.calls[p.call];
        let Some(callee) = resolve_callee(analysis, ctx, &call.callee) else { return };
        for err in &callee.spec.errors {
            if !add(&err.name, &mut produced) {
                return;
            }
        }
        if !callees.contains(&call.callee) {
            callees.push(call.callee.clone());
        }
    }
    let inserter = CommentInsert::new(ctx);
    for err in &ctx.spec.errors {
        let Some(value) = errno_value(&err.name) else { continue };
        if produced.contains(&value) || err.src.name.is_empty() {
            continue;
        }
        let from = if callees.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = callees.iter().map(|c| format!("`{c}()`")).collect();
            format!(" and the specs of {} do not list it", names.join(", "))
        };
        let message = format!(
            "`{}` is listed, but no `return` of the body can produce it{from}",
            err.name
        );
        let mut d = Diagnostic::new(Code::UnusedError, err.src.name, message);
        if !err.src.range.is_empty() {
            d.fixes.push(Fix {
                title: format!("Remove the `error: {}` block", err.name),
                edits: vec![inserter.remove(err.src.range)],
            });
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::contract::test_util::{check, check_fix, check_silent};
    use expect_test::expect;
    use kapi_model::Code;

    const C: Code = Code::UnusedError;

    const SPEC: &str = r#"/**
 * sys_frob - frobnicate
 * @fd: descriptor
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *
 * error: EBADF, fd is not open.
 *
 * error: EFAULT, bad buffer
 *
 * error: EINTR, interrupted
 *
 * error: EWOULDBLOCK, would block
 */
"#;

    #[test]
    fn listed_errors_nothing_produces() {
        check(
            C,
            &format!(
                "{SPEC}SYSCALL_DEFINE1(frob, int, fd)\n{{\n\tif (fd < 0)\n\t\treturn -EBADF;\n\tif (fd == 1)\n\t\treturn -EAGAIN;\n\treturn 0;\n}}\n"
            ),
            expect![[r#"
                12:11 hint `EFAULT`: `EFAULT` is listed, but no `return` of the body can produce it
                  fix: Remove the `error: EFAULT` block
                14:11 hint `EINTR`: `EINTR` is listed, but no `return` of the body can produce it
                  fix: Remove the `error: EINTR` block
            "#]],
        );
    }

    #[test]
    fn specified_callees_count() {
        // get_user lists EFAULT; wait_event_interruptible's ERESTARTSYS reaches user space
        // as EINTR.
        check(
            C,
            &format!(
                "{SPEC}SYSCALL_DEFINE1(frob, int, fd)\n{{\n\tint err;\n\n\tif (fd < 0)\n\t\treturn -EBADF;\n\terr = get_user(x, uptr);\n\tif (err)\n\t\treturn err;\n\treturn wait_event_interruptible(wq, fd);\n}}\n"
            ),
            expect![[r#"
                16:11 hint `EWOULDBLOCK`: `EWOULDBLOCK` is listed, but no `return` of the body can produce it and the specs of `get_user()`, `wait_event_interruptible()` do not list it
                  fix: Remove the `error: EWOULDBLOCK` block
            "#]],
        );
    }

    #[test]
    fn silent_when_the_body_is_not_fully_understood() {
        // The result of a call without a spec is returned.
        check_silent(C, &format!("{SPEC}SYSCALL_DEFINE1(frob, int, fd)\n{{\n\treturn do_frob(fd);\n}}\n"));
        // A parameter is returned.
        check_silent(C, &format!("{SPEC}SYSCALL_DEFINE1(frob, int, fd)\n{{\n\treturn fd;\n}}\n"));
        // A call through a pointer.
        check_silent(C, &format!("{SPEC}SYSCALL_DEFINE1(frob, int, fd)\n{{\n\treturn ops->frob(fd);\n}}\n"));
        // A prototype: no body to judge.
        check_silent(C, &format!("{SPEC}long frob(int fd);\n"));
    }

    #[test]
    fn fix_removes_the_block_and_its_separator() {
        check_fix(
            C,
            &format!("{SPEC}SYSCALL_DEFINE1(frob, int, fd)\n{{\n\tif (fd)\n\t\treturn -EBADF;\n\tif (fd > 1)\n\t\treturn -EINTR;\n\tif (fd > 2)\n\t\treturn -EAGAIN;\n\treturn 0;\n}}\n"),
            0,
            expect![[r#"
                /**
                 * sys_frob - frobnicate
                 * @fd: descriptor
                 *
                 * contexts: process, sleepable
                 *
                 * param: fd
                 *   type: fd, input
                 *
                 * error: EBADF, fd is not open.
                 *
                 * error: EINTR, interrupted
                 *
                 * error: EWOULDBLOCK, would block
                 */
                SYSCALL_DEFINE1(frob, int, fd)
                {
                	if (fd)
                		return -EBADF;
                	if (fd > 1)
                		return -EINTR;
                	if (fd > 2)
                		return -EAGAIN;
                	return 0;
                }
            "#]],
        );
    }
}
