//! `unused-error` (hint): the spec lists an errno that nothing in the body can produce.
//!
//! Only said when the body is fully understood: every value that reaches a `return` was traced
//! to an errno constant, a non-error value or the result of a call whose errnos are known: one
//! with a spec (in the workspace or bundled), or a helper of the same file whose body is itself
//! fully understood (followed three levels deep). A returned parameter, arithmetic, a call through a pointer, a
//! `return` inside a syntax error, an errno macro we cannot name, or the result of any call
//! without a spec silences the rule for the whole function, since any of those could produce
//! the errno. An errno counts as produced when the body returns it, when a callee whose result
//! is returned lists it, or (for `EINTR`) when a restart code reaches a `return`: user space
//! sees those as `EINTR`. Aliases count as the same errno (`EAGAIN`/`EWOULDBLOCK`).
//!
//! The fix removes the `error:` block; it is never the preferred action, because the body may
//! be what is wrong.

use super::{body_facts, call_errnos, errno_value, returns_void, CommentInsert};
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
    let add = |name: &str, produced: &mut BTreeSet<i64>| -> bool {
        let Some(value) = errno_value(name) else {
            return false;
        };
        produced.insert(value);
        if matches!(
            name,
            "ERESTARTSYS" | "ERESTARTNOHAND" | "ERESTART_RESTARTBLOCK" | "ERESTARTNOINTR"
        ) {
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
        let errnos = call_errnos(analysis, ctx, &call.callee);
        if !errnos.complete {
            return;
        }
        for (errno, _) in &errnos.errnos {
            if !add(errno, &mut produced) {
                return;
            }
        }
        if !callees.contains(&call.callee) {
            callees.push(call.callee.clone());
        }
    }
    let inserter = CommentInsert::new(ctx);
    for err in &ctx.spec.errors {
        let Some(value) = errno_value(&err.name) else {
            continue;
        };
        if produced.contains(&value) || err.src.name.is_empty() {
            continue;
        }
        let from = if callees.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = callees.iter().map(|c| format!("`{c}()`")).collect();
            format!(" and {} cannot return it either", names.join(", "))
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
                16:11 hint `EWOULDBLOCK`: `EWOULDBLOCK` is listed, but no `return` of the body can produce it and `get_user()`, `wait_event_interruptible()` cannot return it either
                  fix: Remove the `error: EWOULDBLOCK` block
            "#]],
        );
    }

    #[test]
    fn through_same_file_helpers() {
        let listed = crate::checks::contract::undocumented_error::tests::DELEGATING.replace(
            " * error: EBADF, bad fd\n",
            " * error: EBADF, bad fd\n *\n * error: E2BIG, too big\n *\n * error: EFAULT, bad address\n *\n * error: EIO, i/o\n *\n * error: ENOENT, none\n",
        );
        check(
            C,
            &listed,
            expect![[r#"
                34:11 hint `ENOENT`: `ENOENT` is listed, but no `return` of the body can produce it and `frob_check()`, `frob_do()` cannot return it either
                  fix: Remove the `error: ENOENT` block
            "#]],
        );
    }

    #[test]
    fn silent_when_the_body_is_not_fully_understood() {
        // The result of a call without a spec is returned.
        check_silent(
            C,
            &format!("{SPEC}SYSCALL_DEFINE1(frob, int, fd)\n{{\n\treturn do_frob(fd);\n}}\n"),
        );
        // A parameter is returned.
        check_silent(
            C,
            &format!("{SPEC}SYSCALL_DEFINE1(frob, int, fd)\n{{\n\treturn fd;\n}}\n"),
        );
        // A call through a pointer.
        check_silent(
            C,
            &format!("{SPEC}SYSCALL_DEFINE1(frob, int, fd)\n{{\n\treturn ops->frob(fd);\n}}\n"),
        );
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
