//! `missing-param-doc`: a parameter of the signature has no kernel-doc `@name:` line.
//!
//! This is the warning `scripts/kernel-doc` prints in every W=1 build, in its own words, with
//! the name kernel-doc gives the function (`sys_x` for `SYSCALL_DEFINEn(x, ...)` and for
//! `COMPAT_SYSCALL_DEFINEn(x, ...)` alike, since kernel-doc rewrites both to `long sys_x(...)`).
//! Like kernel-doc, it fires for every undescribed parameter even when the comment has no
//! `@name:` line at all. A variadic `...` is never reported (kernel-doc describes it as
//! "variable arguments" by itself), nor is an unnamed prototype parameter.
//!
//! The fix is offered only when the parameter's `param:` block has a `desc:` to copy: an
//! `@name:` line without a description would just trade this warning for an empty entry.

use super::{attr, block_name, named_params, param_blocks, param_index, CommentLines};
use crate::checks::SpecContext;
use kapi_model::{Code, Diagnostic, Fix, TextEdit};
use kapi_syntax::{Item, ParamDoc, TextRange};

fn param_docs<'a>(ctx: &SpecContext<'a>) -> impl Iterator<Item = &'a ParamDoc> {
    ctx.comment.doc.items.iter().filter_map(|item| match item {
        Item::ParamDoc(p) => Some(p),
        _ => None,
    })
}

pub fn missing_param_doc(ctx: &SpecContext<'_>, out: &mut Vec<Diagnostic>) {
    let decl = ctx.decl;
    for (index, param) in named_params(decl) {
        let name = param.name.as_str();
        if param_docs(ctx).any(|p| p.name.text == name) {
            continue;
        }
        let message = format!(
            "Function parameter or struct member '{name}' not described in '{}' (add an `@{name}:` line)",
            decl.name
        );
        let mut d = Diagnostic::new(Code::MissingParamDoc, param.name_range, message);
        if let Some(edit) = insertion(ctx, index) {
            d.fixes.push(Fix {
                title: format!("Add `@{name}:` line"),
                edits: vec![edit],
            });
        }
        out.push(d);
    }
}

/// Inserts `@name: <desc of its block>` after the `@` line of the nearest earlier parameter,
/// else before that of the nearest later one, else after the title line.
fn insertion(ctx: &SpecContext<'_>, index: usize) -> Option<TextEdit> {
    let name = &ctx.decl.params[index].name;
    let block = param_blocks(&ctx.comment.doc).find(|b| block_name(b) == name)?;
    let desc = attr(block, "desc").or_else(|| attr(block, "description"))?;
    let desc = desc.value.text.trim();
    if desc.is_empty() {
        return None;
    }
    let lines = CommentLines::new(ctx.text, ctx.comment);
    let docs: Vec<(usize, TextRange)> = param_docs(ctx)
        .filter_map(|p| Some((param_index(ctx.decl, &p.name.text)?, p.range)))
        .collect();
    let prev = docs
        .iter()
        .filter(|(i, _)| *i < index)
        .max_by_key(|(i, r)| (*i, r.start));
    let next = docs
        .iter()
        .filter(|(i, _)| *i > index)
        .min_by_key(|(i, r)| (*i, r.start));
    let (line, at) = match (prev, next) {
        (Some((_, r)), _) => {
            let line = lines.index_of(r.start)?;
            (line, lines.next_start(line))
        }
        (None, Some((_, r))) => {
            let line = lines.index_of(r.start)?;
            (line, lines.start(line))
        }
        (None, None) => {
            let title = ctx.comment.doc.title.as_ref()?;
            let line = lines.index_of(title.range.start)?;
            (line, lines.next_start(line))
        }
    };
    let text = format!("{}@{name}: {desc}{}", lines.prefix(line), lines.newline());
    Some(TextEdit {
        range: TextRange::empty(at),
        new_text: text,
    })
}

#[cfg(test)]
mod tests {
    use crate::checks::signature::test_util::{check, check_fix};
    use expect_test::expect;
    use kapi_model::Code;

    const CODE: Code = Code::MissingParamDoc;

    const MISSING_BUF: &str = r#"/**
 * sys_read - Read from a file
 * @fd: File descriptor
 * @count: Size
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *
 * param: buf
 *   type: user_ptr, output
 *   desc: Buffer to fill
 */
SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
"#;

    #[test]
    fn kernel_doc_wording_with_the_sys_name() {
        check(
            CODE,
            MISSING_BUF,
            expect![[r#"
                15:56 warning missing-param-doc `buf`: Function parameter or struct member 'buf' not described in 'sys_read' (add an `@buf:` line)
                  fix: Add `@buf:` line
            "#]],
        );
    }

    #[test]
    fn every_parameter_when_no_line_exists_but_never_variadic() {
        check(
            CODE,
            r#"/**
 * widget_log - Log
 *
 * contexts: process
 *
 * lock: widget_lock
 *   type: mutex
 */
int widget_log(struct widget *w, const char *fmt, ...)
{
	return 0;
}

/**
 * widget_vlog - Log
 * @w: Widget
 * @fmt: Format
 * @...: Arguments
 *
 * contexts: process
 *
 * lock: widget_lock
 *   type: mutex
 */
int widget_vlog(struct widget *w, const char *fmt, ...)
{
	return 0;
}
"#,
            expect![[r#"
                9:31 warning missing-param-doc `w`: Function parameter or struct member 'w' not described in 'widget_log' (add an `@w:` line)
                9:46 warning missing-param-doc `fmt`: Function parameter or struct member 'fmt' not described in 'widget_log' (add an `@fmt:` line)
            "#]],
        );
    }

    #[test]
    fn fix_copies_the_block_description_in_signature_order() {
        check_fix(
            CODE,
            MISSING_BUF,
            "Add `@buf:` line",
            expect![[r#"
                /**
                 * sys_read - Read from a file
                 * @fd: File descriptor
                 * @buf: Buffer to fill
                 * @count: Size
                 *
                 * contexts: process, sleepable
                 *
                 * param: fd
                 *   type: fd, input
                 *
                 * param: buf
                 *   type: user_ptr, output
                 *   desc: Buffer to fill
                 */
                SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
            "#]],
        );
    }
}
