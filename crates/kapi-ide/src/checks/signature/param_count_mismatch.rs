//! `param-count-mismatch`: a count of parameters disagrees with the signature.
//!
//! Two cases share the code. A `param-count:` value that differs from the number of parameters
//! in the C signature (upstream only compares it with the number of parameters the comment
//! mentions, and the kernel build ignores it and counts the prototype); the fix writes the right
//! number. And a `SYSCALL_DEFINEn` whose `n` differs from the number of (type, name) pairs it
//! lists, which the kernel's macros reject; no fix, because only the author knows whether the
//! number or the list is wrong. Variadic functions are skipped: whether `...` counts is not
//! defined anywhere.

use super::{is_syscall, macro_token};
use crate::checks::SpecContext;
use kapi_model::{Code, Diagnostic};
use kapi_syntax::{DeclKind, Field, Item};

pub fn param_count_mismatch(ctx: &SpecContext<'_>, out: &mut Vec<Diagnostic>) {
    let decl = ctx.decl;
    let actual = decl.params.len();
    if !decl.variadic {
        for item in &ctx.comment.doc.items {
            let Item::Field(Field { key, value, .. }) = item else {
                continue;
            };
            if key.text != "param-count" {
                continue;
            }
            // A value that is not a number is lowering's `malformed-value`.
            let Ok(written) = value.text.trim().parse::<u32>() else {
                continue;
            };
            if written as usize == actual {
                continue;
            }
            let message = format!(
                "`param-count: {written}` disagrees with the signature of `{}`, which has {actual} parameter{}; write `param-count: {actual}`",
                decl.name,
                plural(actual)
            );
            out.push(
                Diagnostic::new(Code::ParamCountMismatch, value.range(), message).with_fix(
                    format!("Change to `{actual}`"),
                    value.range(),
                    actual.to_string(),
                ),
            );
        }
    }
    if let DeclKind::Syscall { arity: Some(n), .. } = decl.kind {
        if n as usize != actual && is_syscall(decl) {
            if let Some(range) = macro_token(ctx.text, decl.signature) {
                let message = format!(
                    "`{}` declares {n} parameter{} but lists {actual} (type, name) pair{}; make the number match the pairs",
                    range.slice(ctx.text),
                    plural(n as usize),
                    plural(actual)
                );
                out.push(Diagnostic::new(Code::ParamCountMismatch, range, message));
            }
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::signature::test_util::{check, check_fix};
    use expect_test::expect;
    use kapi_model::Code;

    const CODE: Code = Code::ParamCountMismatch;

    const WRONG_COUNT: &str = r#"/**
 * sys_read - Read from a file
 *
 * contexts: process, sleepable
 * param-count: 2
 *
 * param: fd
 *   type: fd, input
 */
SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
"#;

    #[test]
    fn count_and_arity_disagree_with_the_signature() {
        check(
            CODE,
            WRONG_COUNT,
            expect![[r#"
                5:17 warning param-count-mismatch `2`: `param-count: 2` disagrees with the signature of `sys_read`, which has 3 parameters; write `param-count: 3`
                  fix: Change to `3`
            "#]],
        );
        check(
            CODE,
            r#"/**
 * sys_lseek - Reposition
 *
 * contexts: process
 *
 * param: fd
 *   type: fd, input
 */
COMPAT_SYSCALL_DEFINE3(lseek, unsigned int, fd, compat_off_t, offset)
"#,
            expect![[r#"
                9:1 warning param-count-mismatch `COMPAT_SYSCALL_DEFINE3`: `COMPAT_SYSCALL_DEFINE3` declares 3 parameters but lists 2 (type, name) pairs; make the number match the pairs
            "#]],
        );
    }

    #[test]
    fn silent_when_counts_agree() {
        check(
            CODE,
            r#"/**
 * sys_close - Close
 *
 * contexts: process
 * param-count: 1
 *
 * param: fd
 *   type: fd, input
 */
SYSCALL_DEFINE1(close, unsigned int, fd)

/**
 * sys_getpid - Get the process id
 *
 * contexts: process
 * param-count: 0
 *
 * side-effect: none
 */
SYSCALL_DEFINE0(getpid)
"#,
            expect![[""]],
        );
    }

    #[test]
    fn fix_writes_the_signature_count() {
        check_fix(
            CODE,
            WRONG_COUNT,
            "Change to `3`",
            expect![[r#"
                /**
                 * sys_read - Read from a file
                 *
                 * contexts: process, sleepable
                 * param-count: 3
                 *
                 * param: fd
                 *   type: fd, input
                 */
                SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
            "#]],
        );
    }
}
