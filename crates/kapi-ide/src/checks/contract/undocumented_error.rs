//! `undocumented-error`: the body can return an errno that the spec does not list.
//!
//! Two ways in. An `-EXXX` constant that reaches a `return` (directly, through a variable, a
//! `goto` to a label that returns it, a ternary, `ERR_PTR()`), reported at the `-EXXX` token.
//! And an error listed by the spec of a callee whose result the body returns, reported at the
//! callee's name, once per callee and errno; errnos the body compares the result with
//! (`if (ret == -ENOENT)`) are left out, since such code usually handles them. A callee without
//! a spec that is defined in the same file (a `static` helper, as most syscalls delegate to) is
//! followed: the errnos its body returns, and those of the callees it propagates, count as the
//! callee's (three levels deep).
//!
//! Kernel-internal restart codes follow what user space sees. `-ERESTARTSYS`,
//! `-ERESTARTNOHAND` and `-ERESTART_RESTARTBLOCK` are documented by listing either the code or
//! `EINTR` (a syscall interrupted by a handled signal fails with `EINTR`; the fix proposes
//! `EINTR` for a syscall and the code itself for a function). `-ERESTARTNOINTR` is never seen
//! by user space, so a syscall need not list it. `-ENOIOCTLCMD` is documented by `ENOTTY`
//! (the VFS turns it into `ENOTTY`) or itself. Any other kernel-internal code (`ENOTSUPP`,
//! `EPROBE_DEFER`, ...) is reported as usual, with a note when a syscall returns it, since it
//! reaches user space as a meaningless number.

use super::{
    body_facts, call_errnos, errno_summary, errno_value, line_of, returns_void, spec_lists_errno,
    CommentInsert, ErrnoOrigin,
};
use crate::checks::SpecContext;
use crate::workspace::Analysis;
use kapi_model::{ApiKind, Code, Diagnostic, Fix, Spec};
use kapi_syntax::TextRange;
use std::collections::BTreeSet;

pub fn undocumented_error(analysis: &Analysis, ctx: &SpecContext<'_>, out: &mut Vec<Diagnostic>) {
    if returns_void(ctx.decl) {
        return;
    }
    let Some(facts) = body_facts(ctx) else { return };
    let syscall = ctx.spec.api_type == ApiKind::Syscall;

    for e in &facts.errnos {
        let Some(wanted) = required_errno(&e.name, syscall) else {
            continue;
        };
        if wanted
            .satisfied_by
            .iter()
            .any(|n| spec_lists_errno(ctx.spec, n))
        {
            continue;
        }
        let how = if e.returned_at.contains_range(e.range) {
            "is returned here".to_string()
        } else {
            format!(
                "reaches the `return` at line {}",
                line_of(ctx.text, e.returned_at.start)
            )
        };
        let message = format!(
            "`-{}` ({}) {how}, but the spec has no `error: {}`{}",
            e.name,
            errno_summary(&e.name),
            wanted.fix_name,
            wanted.note
        );
        out.push(with_fix(
            ctx,
            Diagnostic::new(Code::UndocumentedError, e.range, message),
            wanted.fix_name,
        ));
    }

    let mut reported: BTreeSet<(String, String)> = BTreeSet::new();
    for p in &facts.propagated {
        let call = &facts.calls[p.call];
        for (errno, origin) in call_errnos(analysis, ctx, &call.callee).errnos {
            if errno_value(&errno).is_none() || facts.tested_errnos.contains(&errno) {
                continue;
            }
            let Some(wanted) = required_errno(&errno, syscall) else {
                continue;
            };
            if wanted
                .satisfied_by
                .iter()
                .any(|n| spec_lists_errno(ctx.spec, n))
            {
                continue;
            }
            if !reported.insert((call.callee.clone(), wanted.fix_name.to_string())) {
                continue;
            }
            let source = match &origin {
                ErrnoOrigin::Spec { callee, bundled } => {
                    let whose = if *bundled {
                        "whose bundled spec"
                    } else {
                        "whose spec"
                    };
                    if *callee == call.callee {
                        format!("is propagated from `{callee}()`, {whose} lists `{errno}`,")
                    } else {
                        format!("can come back from `{}()` (through `{callee}()`, {whose} lists `{errno}`),", call.callee)
                    }
                }
                ErrnoOrigin::Helper { helper, line } => {
                    if *helper == call.callee {
                        format!("can come back from `{helper}()` (it returns it at line {line}),")
                    } else {
                        format!(
                            "can come back from `{}()` (`{helper}()` returns it at line {line}),",
                            call.callee
                        )
                    }
                }
            };
            let message = format!(
                "`-{errno}` ({}) {source} and is returned at line {}, but this spec has no `error: {}`{}",
                errno_summary(&errno),
                line_of(ctx.text, p.returned_at.start),
                wanted.fix_name,
                wanted.note
            );
            out.push(with_fix(
                ctx,
                Diagnostic::new(Code::UndocumentedError, call.callee_range, message),
                wanted.fix_name,
            ));
        }
    }
}

/// What documents a returned errno.
struct Required {
    /// Listing any of these is enough.
    satisfied_by: Vec<&'static str>,
    /// What the fix adds.
    fix_name: &'static str,
    /// An explanation appended to the message.
    note: &'static str,
}

/// What a spec must list for a returned errno `name`; `None` when nothing (an unknown macro we
/// cannot compare, or a code user space never sees).
fn required_errno(name: &str, syscall: bool) -> Option<Required> {
    let term = kapi_model::vocab::ERRNO.lookup(name)?;
    let name = term.long;
    Some(match name {
        "ERESTARTNOINTR" if syscall => return None,
        "ERESTARTSYS" | "ERESTARTNOHAND" | "ERESTART_RESTARTBLOCK" => Required {
            satisfied_by: vec![name, "EINTR"],
            fix_name: if syscall { "EINTR" } else { name },
            note: if syscall {
                " (user space sees `EINTR` when a signal handler runs, or the call is restarted)"
            } else {
                ""
            },
        },
        "ENOIOCTLCMD" => Required {
            satisfied_by: vec![name, "ENOTTY"],
            fix_name: if syscall { "ENOTTY" } else { name },
            note: if syscall {
                " (the VFS turns it into `ENOTTY`)"
            } else {
                ""
            },
        },
        _ => Required {
            satisfied_by: vec![name],
            fix_name: name,
            note: if syscall && term.value <= -512 {
                " (a kernel-internal code: it reaches user space as a meaningless number)"
            } else {
                ""
            },
        },
    })
}

/// Adds the fix that inserts `error: NAME, <summary>` after the last `error:` block.
fn with_fix(ctx: &SpecContext<'_>, mut d: Diagnostic, name: &str) -> Diagnostic {
    if let Some(edit) = add_error_edit(ctx, ctx.spec, name) {
        d.fixes.push(Fix {
            title: format!("Add `error: {name}` to the spec"),
            edits: vec![edit],
        });
    }
    d
}

fn add_error_edit(ctx: &SpecContext<'_>, spec: &Spec, name: &str) -> Option<kapi_model::TextEdit> {
    let last: Option<TextRange> = spec
        .errors
        .iter()
        .map(|e| e.src.range)
        .filter(|r| !r.is_empty())
        .max_by_key(|r| r.end);
    let summary = errno_summary(name);
    let summary = if summary.is_empty() {
        "<when is it returned?>".to_string()
    } else {
        summary
    };
    CommentInsert::new(ctx).insert(last, &[format!("error: {name}, {summary}")])
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::checks::contract::test_util::{check, check_files, check_fix, check_silent};
    use expect_test::expect;
    use kapi_model::Code;

    const C: Code = Code::UndocumentedError;

    #[test]
    fn direct_and_goto_returns() {
        check(
            C,
            r#"/**
 * sys_frob - frobnicate
 * @fd: descriptor
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *
 * error: EBADF, fd is not open.
 */
SYSCALL_DEFINE1(frob, int, fd)
{
	int err;

	if (fd < 0)
		return -EBADF;
	err = -EPERM;
	if (!capable(CAP_SYS_ADMIN))
		goto out;
	err = -EINVAL;
	if (fd > 100)
		goto out;
	err = 0;
out:
	return err;
}
"#,
            expect![[r#"
                18:8 warning `-EPERM`: `-EPERM` (Operation not permitted) reaches the `return` at line 26, but the spec has no `error: EPERM`
                  fix: Add `error: EPERM` to the spec
                21:8 warning `-EINVAL`: `-EINVAL` (Invalid argument) reaches the `return` at line 26, but the spec has no `error: EINVAL`
                  fix: Add `error: EINVAL` to the spec
            "#]],
        );
    }

    #[test]
    fn propagated_from_a_bundled_callee() {
        check(
            C,
            r#"/**
 * widget_name - copy a name in
 * @dst: buffer
 * @src: user string
 *
 * contexts: process, sleepable
 *
 * param: dst
 *   type: ptr, output
 *
 * param: src
 *   type: user_ptr, input
 *
 * error: ENOMEM, no memory
 */
long widget_name(char *dst, const char __user *src)
{
	long n = strncpy_from_user(dst, src, 32);

	if (n < 0)
		return n;
	if (copy_from_user(dst, src, 1))
		return -EFAULT;
	return 0;
}
"#,
            expect![[r#"
                18:11 warning `strncpy_from_user`: `-EFAULT` (Bad address) is propagated from `strncpy_from_user()`, whose bundled spec lists `EFAULT`, and is returned at line 21, but this spec has no `error: EFAULT`
                  fix: Add `error: EFAULT` to the spec
                23:10 warning `-EFAULT`: `-EFAULT` (Bad address) is returned here, but the spec has no `error: EFAULT`
                  fix: Add `error: EFAULT` to the spec
            "#]],
        );
    }

    #[test]
    fn propagated_from_a_workspace_callee_in_another_file() {
        let helper = r#"/**
 * pump_check - validate a pump
 * @p: the pump
 *
 * contexts: process
 *
 * param: p
 *   type: ptr, input
 *
 * error: ENODEV, no such pump
 *
 * error: EAGAIN, busy
 */
int pump_check(struct pump *p);
"#;
        let main = r#"/**
 * pump_start - start a pump
 * @p: the pump
 *
 * contexts: process
 *
 * param: p
 *   type: ptr, input
 *
 * error: ENODEV, no such pump
 */
int pump_start(struct pump *p)
{
	int ret = pump_check(p);

	if (ret == -EAGAIN)
		return 0;
	return ret;
}
"#;
        // EAGAIN is tested by the body (handled), ENODEV is listed: nothing to say.
        check_files(
            C,
            &[("/w/main.c", main), ("/w/helper.c", helper)],
            expect![[""]],
        );
        let main_without = main.replace(" * error: ENODEV, no such pump\n", "");
        check_files(
            C,
            &[("/w/main.c", &main_without), ("/w/helper.c", helper)],
            expect![[r#"
                13:12 warning `pump_check`: `-ENODEV` (No such device) is propagated from `pump_check()`, whose spec lists `ENODEV`, and is returned at line 17, but this spec has no `error: ENODEV`
                  fix: Add `error: ENODEV` to the spec
            "#]],
        );
    }

    /// Syscalls usually delegate to a static helper of the same file: its errnos count.
    pub(crate) const DELEGATING: &str = r#"static int frob_check(int fd)
{
	if (fd > 10)
		return -E2BIG;
	return get_user(fd, uptr);
}

static int frob_do(int fd)
{
	int err = frob_check(fd);

	if (err == -EFAULT)
		return -EIO;
	return err;
}

/**
 * sys_frob - frobnicate
 * @fd: descriptor
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *
 * error: EBADF, bad fd
 */
SYSCALL_DEFINE1(frob, int, fd)
{
	if (fd < 0)
		return -EBADF;
	if (fd == 1)
		return frob_check(fd);
	return frob_do(fd);
}
"#;

    #[test]
    fn errnos_of_same_file_helpers() {
        check(
            C,
            DELEGATING,
            expect![[r#"
                33:10 warning `frob_check`: `-E2BIG` (Argument list too long) can come back from `frob_check()` (it returns it at line 4), and is returned at line 33, but this spec has no `error: E2BIG`
                  fix: Add `error: E2BIG` to the spec
                33:10 warning `frob_check`: `-EFAULT` (Bad address) can come back from `frob_check()` (through `get_user()`, whose bundled spec lists `EFAULT`), and is returned at line 33, but this spec has no `error: EFAULT`
                  fix: Add `error: EFAULT` to the spec
                34:9 warning `frob_do`: `-EIO` (I/O error) can come back from `frob_do()` (it returns it at line 13), and is returned at line 34, but this spec has no `error: EIO`
                  fix: Add `error: EIO` to the spec
                34:9 warning `frob_do`: `-E2BIG` (Argument list too long) can come back from `frob_do()` (`frob_check()` returns it at line 4), and is returned at line 34, but this spec has no `error: E2BIG`
                  fix: Add `error: E2BIG` to the spec
            "#]],
        );
    }

    #[test]
    fn restart_codes_and_internal_codes() {
        let text = r#"/**
 * sys_waitx - wait
 * @x: x
 *
 * contexts: process, sleepable
 *
 * param: x
 *   type: int, input
 *
 * error: EINVAL, bad x
 */
SYSCALL_DEFINE1(waitx, int, x)
{
	if (x == 1)
		return -ERESTARTNOINTR;
	if (x == 2)
		return -ENOTSUPP;
	return wait_event_interruptible(wq, done);
}
"#;
        check(
            C,
            text,
            expect![[r#"
                17:10 warning `-ENOTSUPP`: `-ENOTSUPP` (Operation is not supported) is returned here, but the spec has no `error: ENOTSUPP` (a kernel-internal code: it reaches user space as a meaningless number)
                  fix: Add `error: ENOTSUPP` to the spec
                18:9 warning `wait_event_interruptible`: `-ERESTARTSYS` (Restart the syscall after the signal handler if SA_RESTART is set) is propagated from `wait_event_interruptible()`, whose bundled spec lists `ERESTARTSYS`, and is returned at line 18, but this spec has no `error: EINTR` (user space sees `EINTR` when a signal handler runs, or the call is restarted)
                  fix: Add `error: EINTR` to the spec
            "#]],
        );
        check_silent(
            C,
            &text.replace(
                "error: EINVAL, bad x",
                "error: EINTR, signal\n *\n * error: ENOTSUPP, oops",
            ),
        );
    }

    #[test]
    fn fix_inserts_after_the_last_error_block() {
        check_fix(
            C,
            r#"/**
 * sys_frob - frobnicate
 * @fd: descriptor
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *
 * error: EBADF, fd is not open.
 *   desc: The descriptor is closed.
 *
 * notes: None.
 */
SYSCALL_DEFINE1(frob, int, fd)
{
	if (fd > 3)
		return -E2BIG;
	return -EBADF;
}
"#,
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
                 *   desc: The descriptor is closed.
                 *
                 * error: E2BIG, Argument list too long
                 *
                 * notes: None.
                 */
                SYSCALL_DEFINE1(frob, int, fd)
                {
                	if (fd > 3)
                		return -E2BIG;
                	return -EBADF;
                }
            "#]],
        );
    }

    #[test]
    fn fix_without_error_blocks_goes_before_the_end_of_the_comment() {
        check_fix(
            C,
            "/**\r\n * sys_frob - frobnicate\r\n * @fd: descriptor\r\n *\r\n * contexts: process\r\n *\r\n * param: fd\r\n *   type: fd, input\r\n */\r\nSYSCALL_DEFINE1(frob, int, fd)\r\n{\r\n\treturn -ENOENT;\r\n}\r\n",
            0,
            expect![["/**\r\n * sys_frob - frobnicate\r\n * @fd: descriptor\r\n *\r\n * contexts: process\r\n *\r\n * param: fd\r\n *   type: fd, input\r\n *\r\n * error: ENOENT, No such file or directory\r\n */\r\nSYSCALL_DEFINE1(frob, int, fd)\r\n{\r\n\treturn -ENOENT;\r\n}\r\n"]],
        );
    }

    #[test]
    fn clean_code_is_silent() {
        // Listed errnos, an errno overwritten before any return, a void function, an errno
        // stored in a field, a callee without spec, and recursion.
        check_silent(
            C,
            r#"/**
 * sys_tidy - tidy
 * @fd: descriptor
 *
 * contexts: process
 *
 * param: fd
 *   type: fd, input
 *
 * error: EBADF, bad fd
 *
 * error: EWOULDBLOCK, would block
 */
SYSCALL_DEFINE1(tidy, int, fd)
{
	int ret = -ENOMEM;

	ctx->err = -EIO;
	ret = unknown_helper(fd);
	if (ret)
		return ret;
	if (fd < 0)
		return -EBADF;
	if (fd == 7)
		return -EAGAIN;
	return tidy(fd - 1);
}

/**
 * tidy_void - nothing back
 * @x: x
 *
 * contexts: process
 *
 * param: x
 *   type: int, input
 */
void tidy_void(int x)
{
	if (x)
		return;
	x = -EINVAL;
}
"#,
        );
    }
}
