//! `return-mismatch`: the `return:` block cannot describe the C return type.
//!
//! Three cases, one diagnostic each at the offending key or value. On a `void` function, a
//! `return:` block describes nothing: reported on its `check-type:` value when it has one (any
//! check but `no_return`, which is how `do_exit`-like functions are described), else on the
//! `return` key, with a fix that removes the block. `check-type: fd` on a pointer or struct
//! return (a new descriptor is an integer). And a `type:` that cannot describe the return type,
//! by the same rules as `type-mismatch` (a syscall returns `long`, which `int`, `fd` or even
//! `ptr` may describe; `void` is accepted only with `check-type: no_return`).

use super::ctype::{classify, mismatch, CType, Position};
use super::{attr, blocks, first_part, CommentLines};
use crate::checks::SpecContext;
use crate::completion::infer::infer_param_type;
use kapi_model::vocab::{PARAM_TYPE, RETURN_CHECK};
use kapi_model::{Code, Diagnostic, Fix, TextEdit};
use kapi_syntax::BlockKind;

const CHECK_FD: i64 = 3;
const CHECK_NO_RETURN: i64 = 5;

pub fn return_mismatch(ctx: &SpecContext<'_>, out: &mut Vec<Diagnostic>) {
    let decl = ctx.decl;
    let ret = classify(&decl.return_type);
    let lines = CommentLines::new(ctx.text, ctx.comment);
    for block in blocks(&ctx.comment.doc, BlockKind::Return) {
        let check = attr(block, "check-type");
        let check_term = check.and_then(|a| RETURN_CHECK.lookup(&a.value.text));
        if check_term.is_some_and(|t| t.value == CHECK_NO_RETURN) {
            continue;
        }
        if ret == CType::Void {
            let d = match (check, check_term) {
                (Some(a), Some(_)) => Diagnostic::new(
                    Code::ReturnMismatch,
                    a.value.range(),
                    format!(
                        "`{}` returns void, so there is no return value to check with `{}`; remove the `return:` block, or write `check-type: no_return` if it never returns",
                        decl.name, a.value.text
                    ),
                ),
                _ => Diagnostic::new(
                    Code::ReturnMismatch,
                    block.key.range,
                    format!(
                        "`{}` returns void, so this `return:` block describes a value it does not have; remove the block, or write `check-type: no_return` if it never returns",
                        decl.name
                    ),
                ),
            };
            let mut d = d;
            if let Some(range) = lines.removal(block.range) {
                d.fixes.push(Fix {
                    title: "Remove the `return:` block".to_string(),
                    edits: vec![TextEdit {
                        range,
                        new_text: String::new(),
                    }],
                });
            }
            out.push(d);
            continue;
        }
        if let (Some(a), Some(t)) = (check, check_term) {
            if t.value == CHECK_FD && matches!(ret, CType::Pointer(_) | CType::Record) {
                out.push(Diagnostic::new(
                    Code::ReturnMismatch,
                    a.value.range(),
                    format!(
                        "`check-type: {}` expects a new file descriptor (an integer), but `{}` returns `{}`; use `error_check` or `custom`",
                        a.value.text, decl.name, decl.return_type
                    ),
                ));
            }
        }
        if let Some(a) = attr(block, "type") {
            let token = first_part(a);
            let Some(term) = PARAM_TYPE.lookup(&token.text) else {
                continue;
            };
            let Some(reason) = mismatch(term.value, &token.text, ret, Position::Return) else {
                continue;
            };
            let inferred = infer_param_type(&decl.return_type, "").kapi_type;
            let replacement = PARAM_TYPE
                .lookup(inferred)
                .filter(|t| mismatch(t.value, inferred, ret, Position::Return).is_none())
                .map(|t| {
                    if token.text.starts_with("KAPI_") {
                        t.long
                    } else {
                        inferred
                    }
                });
            let advice = replacement.map_or(String::new(), |r| format!("; write `{r}`"));
            let mut d = Diagnostic::new(
                Code::ReturnMismatch,
                token.range,
                format!(
                    "`{}` cannot describe the return type `{}` of `{}`: {reason}{advice}",
                    token.text, decl.return_type, decl.name
                ),
            );
            if let Some(r) = replacement {
                d = d.with_fix(format!("Change the type to `{r}`"), token.range, r);
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::signature::test_util::{check, check_fix};
    use expect_test::expect;
    use kapi_model::Code;

    const CODE: Code = Code::ReturnMismatch;

    const VOID_RETURN: &str = r#"/**
 * widget_free - Free a widget
 * @w: Widget
 *
 * contexts: process
 *
 * param: w
 *   type: ptr, input
 *
 * return:
 *   type: int
 *   desc: Nothing.
 */
void widget_free(struct widget *w)
{
}
"#;

    #[test]
    fn return_blocks_that_cannot_describe_the_return_type() {
        check(
            CODE,
            VOID_RETURN,
            expect![[r#"
                10:4 warning return-mismatch `return`: `widget_free` returns void, so this `return:` block describes a value it does not have; remove the block, or write `check-type: no_return` if it never returns
                  fix: Remove the `return:` block
            "#]],
        );
        check(
            CODE,
            r#"/**
 * widget_clear - Clear
 *
 * contexts: process
 *
 * param: w
 *   type: ptr, input
 *
 * return:
 *   check-type: error_check
 */
void widget_clear(struct widget *w)
{
}

/**
 * widget_open - Open a widget
 *
 * contexts: process
 *
 * param: id
 *   type: int, input
 *
 * return:
 *   type: int
 *   check-type: fd
 */
struct widget *widget_open(int id)
{
	return NULL;
}
"#,
            expect![[r#"
                10:18 warning return-mismatch `error_check`: `widget_clear` returns void, so there is no return value to check with `error_check`; remove the `return:` block, or write `check-type: no_return` if it never returns
                  fix: Remove the `return:` block
                25:12 warning return-mismatch `int`: `int` cannot describe the return type `struct widget *` of `widget_open`: `int` describes an integer value and this is a pointer; write `ptr`
                  fix: Change the type to `ptr`
                26:18 warning return-mismatch `fd`: `check-type: fd` expects a new file descriptor (an integer), but `widget_open` returns `struct widget *`; use `error_check` or `custom`
            "#]],
        );
    }

    #[test]
    fn silent_on_fitting_returns() {
        check(
            CODE,
            r#"/**
 * sys_open - Open
 *
 * contexts: process
 *
 * param: fd
 *   type: int, input
 *
 * return:
 *   type: fd
 *   check-type: fd
 */
SYSCALL_DEFINE1(open, int, fd)

/**
 * do_exit - Exit
 *
 * contexts: process
 *
 * param: code
 *   type: int, input
 *
 * return:
 *   type: void
 *   check-type: no_return
 */
void do_exit(long code)
{
}

/**
 * widget_lookup - Find
 *
 * contexts: process
 *
 * param: id
 *   type: int, input
 *
 * return:
 *   type: ptr
 *   check-type: error_check
 */
struct widget *widget_lookup(int id)
{
	return NULL;
}
"#,
            expect![[""]],
        );
    }

    #[test]
    fn fix_removes_the_block_on_a_void_function() {
        check_fix(
            CODE,
            VOID_RETURN,
            "Remove the `return:` block",
            expect![[r#"
                /**
                 * widget_free - Free a widget
                 * @w: Widget
                 *
                 * contexts: process
                 *
                 * param: w
                 *   type: ptr, input
                 */
                void widget_free(struct widget *w)
                {
                }
            "#]],
        );
    }
}
