//! `excess-param-doc`: a kernel-doc `@name:` line names no parameter of the signature.
//!
//! kernel-doc's own warning, in its words. `@...:` is how kernel-doc documents a variadic
//! `...`, so it is accepted on variadic functions; names with a `.` (kernel-doc's nested
//! struct members) are never judged. Fixes: rename to the closest undescribed parameter, and
//! remove the line.

use super::{named_params, CommentLines};
use crate::checks::SpecContext;
use kapi_model::suggest::did_you_mean;
use kapi_model::{Code, Diagnostic, Fix, TextEdit};
use kapi_syntax::Item;

pub fn excess_param_doc(ctx: &SpecContext<'_>, out: &mut Vec<Diagnostic>) {
    let decl = ctx.decl;
    let names: Vec<&str> = named_params(decl).map(|(_, p)| p.name.as_str()).collect();
    let docs: Vec<_> = ctx
        .comment
        .doc
        .items
        .iter()
        .filter_map(|i| match i {
            Item::ParamDoc(p) => Some(p),
            _ => None,
        })
        .collect();
    let undescribed: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !docs.iter().any(|p| p.name.text == *n))
        .collect();
    let lines = CommentLines::new(ctx.text, ctx.comment);
    for doc in &docs {
        let name = doc.name.text.as_str();
        if name.is_empty()
            || names.contains(&name)
            || (decl.variadic && name == "...")
            || name.contains('.')
        {
            continue;
        }
        let suggestion = did_you_mean(name, undescribed.iter().copied());
        let advice = match suggestion {
            Some(s) => format!("did you mean `@{s}`?"),
            None => "remove the line".to_string(),
        };
        let message = format!(
            "Excess function parameter '{name}' description in '{}' ({advice})",
            decl.name
        );
        let mut d = Diagnostic::new(Code::ExcessParamDoc, doc.name.range, message);
        if let Some(s) = suggestion {
            d = d.with_fix(format!("Rename to `@{s}`"), doc.name.range, s);
        }
        if let Some(range) = lines.full_lines(doc.range) {
            d.fixes.push(Fix {
                title: format!("Remove the `@{name}:` line"),
                edits: vec![TextEdit {
                    range,
                    new_text: String::new(),
                }],
            });
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::signature::test_util::{check, check_fix};
    use expect_test::expect;
    use kapi_model::Code;

    const CODE: Code = Code::ExcessParamDoc;

    const EXCESS: &str = r#"/**
 * sys_close - Close a file descriptor
 * @fdd: File descriptor
 * @flags: Flags
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 */
SYSCALL_DEFINE1(close, unsigned int, fd)
"#;

    #[test]
    fn kernel_doc_wording() {
        check(
            CODE,
            EXCESS,
            expect![[r#"
                3:5 warning excess-param-doc `fdd`: Excess function parameter 'fdd' description in 'sys_close' (did you mean `@fd`?)
                  fix: Rename to `@fd`
                  fix: Remove the `@fdd:` line
                4:5 warning excess-param-doc `flags`: Excess function parameter 'flags' description in 'sys_close' (remove the line)
                  fix: Remove the `@flags:` line
            "#]],
        );
    }

    #[test]
    fn silent_on_described_parameters_and_variadic_dots() {
        check(
            CODE,
            r#"/**
 * widget_log - Log
 * @fmt: Format
 * @...: Arguments
 *
 * contexts: process
 *
 * lock: widget_lock
 *   type: mutex
 */
int widget_log(const char *fmt, ...)
{
	return 0;
}
"#,
            expect![[""]],
        );
    }

    #[test]
    fn fixes_rename_and_remove() {
        let text = EXCESS.replace(" * @flags: Flags\n", "");
        check_fix(
            CODE,
            &text,
            "Rename to `@fd`",
            expect![[r#"
                /**
                 * sys_close - Close a file descriptor
                 * @fd: File descriptor
                 *
                 * contexts: process, sleepable
                 *
                 * param: fd
                 *   type: fd, input
                 */
                SYSCALL_DEFINE1(close, unsigned int, fd)
            "#]],
        );
        check_fix(
            CODE,
            &text,
            "Remove the `@fdd:` line",
            expect![[r#"
                /**
                 * sys_close - Close a file descriptor
                 *
                 * contexts: process, sleepable
                 *
                 * param: fd
                 *   type: fd, input
                 */
                SYSCALL_DEFINE1(close, unsigned int, fd)
            "#]],
        );
    }
}
