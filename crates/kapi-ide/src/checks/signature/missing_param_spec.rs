//! `missing-param-spec`: a named parameter of the C signature has no `param:` block.
//!
//! Reported only where a missing block is a real gap: for syscalls (whose specs drive the
//! kernel's parameter validation, so every parameter needs a type), and for functions whose spec
//! already describes some parameter with a `param:` block. A function spec with no `param:`
//! block at all is left alone: it may document only contexts, locks or errors, which is valid,
//! and flagging every parameter there would be noise. A comment written in the LEGACY flat
//! syntax (`param-type:` lines) is also left alone: the deprecation diagnostic converts it.
//!
//! The fix inserts a whole block in signature order, in the comment's own style (line prefix,
//! attribute indentation, blank separator lines, short or long form), with a `type:` inferred
//! from the C type.

use super::{
    attr, block_name, first_part, infer, is_syscall, long_form, named_params, param_blocks,
    param_index, CommentLines,
};
use crate::checks::SpecContext;
use crate::completion::infer::InferredType;
use kapi_model::{Code, Diagnostic, Fix, TextEdit};
use kapi_syntax::{Block, Field, Item, TextRange};

pub fn missing_param_spec(ctx: &SpecContext<'_>, out: &mut Vec<Diagnostic>) {
    let doc = &ctx.comment.doc;
    let has_blocks = param_blocks(doc).next().is_some();
    if !has_blocks && !is_syscall(ctx.decl) {
        return;
    }
    let legacy = doc
        .items
        .iter()
        .any(|i| matches!(i, Item::Other(t) if t.text.starts_with("param-type:")));
    if legacy {
        return;
    }
    let lines = CommentLines::new(ctx.text, ctx.comment);
    for (index, param) in named_params(ctx.decl) {
        let name = param.name.as_str();
        let described = param_blocks(doc).any(|b| block_name(b) == name)
            || ctx
                .spec
                .parameters
                .iter()
                .any(|p| p.name == name && p.block.is_some());
        // `param: fd, int` is the Python-only `NAME, TYPE` form: lowering reports it
        // (`build-paths-disagree`) with a fix that splits it, which also settles this one.
        let python_form =
            param_blocks(doc).any(|b| block_name(b).split(',').next().map(str::trim) == Some(name));
        if described || python_form {
            continue;
        }
        let inferred = infer(ctx.decl, index);
        let message = format!(
            "parameter `{name}` of `{}` has no `param:` block; add `param: {name}` with `type: {}`",
            ctx.decl.name,
            inferred.to_value()
        );
        let mut d = Diagnostic::new(Code::MissingParamSpec, param.name_range, message);
        if let Some(edit) = insertion(ctx, &lines, index, &inferred) {
            d.fixes.push(Fix {
                title: format!("Add `param: {name}` block"),
                edits: vec![edit],
            });
        }
        out.push(d);
    }
}

/// How the comment writes its `param:` blocks.
struct Style<'a> {
    /// Everything before an attribute's key on an existing attribute line (` *   `), copied
    /// whole so that a tab after the star (` *\t`) survives.
    attr_lead: Option<&'a str>,
    /// Blocks are separated by blank comment lines.
    separated: bool,
    /// The MID long form (`type: KAPI_TYPE_FD` + `flags: KAPI_PARAM_IN`).
    long: bool,
}

fn style<'a>(ctx: &SpecContext<'a>, lines: &CommentLines<'a>) -> Style<'a> {
    let doc = &ctx.comment.doc;
    let blocks: Vec<&Block> = param_blocks(doc).collect();
    let any_block = doc.items.iter().filter_map(|i| match i {
        Item::Block(b) => Some(b),
        _ => None,
    });
    let attr_lead = blocks
        .iter()
        .copied()
        .chain(any_block)
        .find_map(|b| b.attrs.first())
        .and_then(|a| {
            let line = lines.index_of(a.range.start)?;
            let indent = &ctx.text[lines.lines[line].start..a.range.start];
            (!indent.is_empty() && indent.trim().is_empty())
                .then(|| &ctx.text[lines.start(line)..a.range.start])
        });
    let blank_before = |b: &Block| {
        lines
            .index_of(b.range.start)
            .is_some_and(|i| i > 0 && lines.is_blank(i - 1))
    };
    let separated = match blocks.as_slice() {
        [] => true,
        [only] => {
            let after = lines
                .index_of(only.range.end)
                .is_some_and(|i| i + 1 < lines.len() && lines.is_blank(i + 1));
            blank_before(only) || after
        }
        [_, second, ..] => blank_before(second),
    };
    let long = blocks
        .iter()
        .filter_map(|b| attr(b, "type"))
        .any(|a| first_part(a).text.starts_with("KAPI_"));
    Style {
        attr_lead,
        separated,
        long,
    }
}

/// The edit that inserts a block for parameter `index`: after the block of the nearest
/// earlier parameter, else before the block of the nearest later one, else after the last
/// `@name:` or `contexts:` line.
fn insertion(
    ctx: &SpecContext<'_>,
    lines: &CommentLines<'_>,
    index: usize,
    inferred: &InferredType,
) -> Option<TextEdit> {
    if lines.len() == 0 {
        return None;
    }
    let doc = &ctx.comment.doc;
    let style = style(ctx, lines);
    let nl = lines.newline();
    let blocks: Vec<(usize, &Block)> = param_blocks(doc)
        .filter_map(|b| Some((param_index(ctx.decl, block_name(b))?, b)))
        .collect();
    let prev = blocks
        .iter()
        .filter(|(i, _)| *i < index)
        .max_by_key(|(i, b)| (*i, b.range.start));
    let next = blocks
        .iter()
        .filter(|(i, _)| *i > index)
        .min_by_key(|(i, b)| (*i, b.range.start));

    let block_text = |prefix: &str| {
        let name = &ctx.decl.params[index].name;
        let lead = style
            .attr_lead
            .map_or_else(|| format!("{prefix}  "), str::to_string);
        let mut s = format!("{prefix}param: {name}{nl}");
        if style.long {
            let (ty, flags) = long_form(inferred);
            s.push_str(&format!("{lead}type: {ty}{nl}"));
            if !flags.is_empty() {
                s.push_str(&format!("{lead}flags: {flags}{nl}"));
            }
        } else {
            s.push_str(&format!("{lead}type: {}{nl}", inferred.to_value()));
        }
        s
    };
    let blank = |prefix: &str| format!("{}{nl}", prefix.trim_end());
    // A blank line is added on a side only when the comment separates blocks and that side
    // does not already have one.
    let blank_follows = |line: usize| line + 1 >= lines.len() || lines.is_blank(line + 1);

    let (at, text) = if let Some((_, b)) = prev {
        let (first, last) = lines.line_span(b.range)?;
        let prefix = lines.prefix(first);
        let mut text = String::new();
        if style.separated {
            text.push_str(&blank(prefix));
        }
        text.push_str(&block_text(prefix));
        if style.separated && !blank_follows(last) {
            text.push_str(&blank(prefix));
        }
        (lines.next_start(last), text)
    } else if let Some((_, b)) = next {
        let (first, _) = lines.line_span(b.range)?;
        let prefix = lines.prefix(first);
        let mut text = String::new();
        if style.separated && first > 0 && !lines.is_blank(first - 1) {
            text.push_str(&blank(prefix));
        }
        text.push_str(&block_text(prefix));
        if style.separated {
            text.push_str(&blank(prefix));
        }
        (lines.start(first), text)
    } else {
        let anchor = doc
            .items
            .iter()
            .filter_map(|i| match i {
                Item::ParamDoc(p) => Some(p.range),
                Item::Field(Field { key, range, .. })
                    if key.text == "contexts" || key.text == "context-flags" =>
                {
                    Some(*range)
                }
                _ => None,
            })
            .max_by_key(|r| r.end);
        let line = match anchor {
            Some(r) => lines.index_of(r.end)?,
            None => lines.len() - 1,
        };
        let prefix = lines.prefix(line);
        let mut text = blank(prefix);
        text.push_str(&block_text(prefix));
        if !blank_follows(line) {
            text.push_str(&blank(prefix));
        }
        (lines.next_start(line), text)
    };
    Some(TextEdit {
        range: TextRange::empty(at),
        new_text: text,
    })
}

#[cfg(test)]
mod tests {
    use crate::checks::signature::test_util::{check, check_fix, fixed_nth};
    use expect_test::expect;
    use kapi_model::Code;

    const CODE: Code = Code::MissingParamSpec;

    #[test]
    fn syscall_parameter_without_block() {
        check(
            CODE,
            r#"/**
 * sys_read - Read from a file
 * @fd: File descriptor
 * @buf: Buffer
 * @count: Size
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *
 * param: count
 *   type: uint, input
 */
SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
{
	return ksys_read(fd, buf, count);
}
"#,
            expect![[r#"
                15:56 warning missing-param-spec `buf`: parameter `buf` of `sys_read` has no `param:` block; add `param: buf` with `type: user_ptr, output`
                  fix: Add `param: buf` block
            "#]],
        );
    }

    #[test]
    fn silent_when_every_parameter_has_a_block() {
        check(
            CODE,
            r#"/**
 * sys_close - Close a file descriptor
 * @fd: File descriptor
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 */
SYSCALL_DEFINE1(close, unsigned int, fd)
{
	return file_close_fd(fd);
}
"#,
            expect![[""]],
        );
    }

    #[test]
    fn function_without_any_param_block_is_not_flagged() {
        check(
            CODE,
            r#"/**
 * widget_reset - Reset a widget
 * @w: The widget
 *
 * contexts: process, sleepable
 *
 * lock: widget_lock
 *   type: mutex
 */
int widget_reset(struct widget *w)
{
	return 0;
}

/**
 * sys_close - A LEGACY spec, converted by the deprecation fix instead
 *
 * context-flags: KAPI_CTX_PROCESS
 * param-type: fd, KAPI_TYPE_FD
 * error-code: -EBADF, EBADF, Bad descriptor, Not open
 */
SYSCALL_DEFINE1(close, unsigned int, fd)

/**
 * sys_dup - The kernel build's `NAME, TYPE` form, reported by lowering
 *
 * contexts: process
 *
 * param: fd, unsigned int
 */
SYSCALL_DEFINE1(dup, unsigned int, fd)
"#,
            expect![[""]],
        );
    }

    #[test]
    fn function_with_some_blocks_and_syscall_with_none_are_flagged() {
        check(
            CODE,
            r#"/**
 * widget_copy - Copy a widget
 * @dst: Destination
 * @src: Source
 *
 * contexts: process
 *
 * param: dst
 *   type: ptr, output
 */
int widget_copy(struct widget *dst, const struct widget *src)
{
	return 0;
}

/**
 * sys_dup2 - Duplicate a file descriptor
 * @oldfd: Old
 * @newfd: New
 *
 * contexts: process
 *
 * error: EBADF, Bad file descriptor
 */
SYSCALL_DEFINE2(dup2, unsigned int, oldfd, unsigned int, newfd)
{
	return 0;
}
"#,
            expect![[r#"
                11:58 warning missing-param-spec `src`: parameter `src` of `widget_copy` has no `param:` block; add `param: src` with `type: ptr, input`
                  fix: Add `param: src` block
                25:37 warning missing-param-spec `oldfd`: parameter `oldfd` of `sys_dup2` has no `param:` block; add `param: oldfd` with `type: fd, input`
                  fix: Add `param: oldfd` block
                25:58 warning missing-param-spec `newfd`: parameter `newfd` of `sys_dup2` has no `param:` block; add `param: newfd` with `type: fd, input`
                  fix: Add `param: newfd` block
            "#]],
        );
    }

    #[test]
    fn fix_inserts_after_the_previous_parameter_block() {
        check_fix(
            CODE,
            r#"/**
 * sys_read - Read from a file
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *
 * param: count
 *   type: uint, input
 */
SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
"#,
            "Add `param: buf` block",
            expect![[r#"
                /**
                 * sys_read - Read from a file
                 *
                 * contexts: process, sleepable
                 *
                 * param: fd
                 *   type: fd, input
                 *
                 * param: buf
                 *   type: user_ptr, output
                 *
                 * param: count
                 *   type: uint, input
                 */
                SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
            "#]],
        );
    }

    #[test]
    fn fix_inserts_before_the_next_block_in_compact_style_with_tabs() {
        check_fix(
            CODE,
            "/**\n * sys_openat - Open a file\n *\n * contexts: process\n *\n * param: filename\n *\ttype: path, input\n * param: flags\n *\ttype: int, input\n * param: mode\n *\ttype: uint, input\n */\nSYSCALL_DEFINE4(openat, int, dfd, const char __user *, filename, int, flags, umode_t, mode)\n",
            "Add `param: dfd` block",
            expect![[r#"
                /**
                 * sys_openat - Open a file
                 *
                 * contexts: process
                 *
                 * param: dfd
                 *	type: fd, input
                 * param: filename
                 *	type: path, input
                 * param: flags
                 *	type: int, input
                 * param: mode
                 *	type: uint, input
                 */
                SYSCALL_DEFINE4(openat, int, dfd, const char __user *, filename, int, flags, umode_t, mode)
            "#]],
        );
    }

    #[test]
    fn fix_inserts_after_contexts_when_there_is_no_block_and_keeps_long_form() {
        let text = r#"/**
 * sys_dup2 - Duplicate a file descriptor
 * @oldfd: Old
 * @newfd: New
 *
 * context-flags: KAPI_CTX_PROCESS
 *
 * error: EBADF, Bad file descriptor
 */
SYSCALL_DEFINE2(dup2, unsigned int, oldfd, unsigned int, newfd)
"#;
        expect![[r#"
            /**
             * sys_dup2 - Duplicate a file descriptor
             * @oldfd: Old
             * @newfd: New
             *
             * context-flags: KAPI_CTX_PROCESS
             *
             * param: newfd
             *   type: fd, input
             *
             * error: EBADF, Bad file descriptor
             */
            SYSCALL_DEFINE2(dup2, unsigned int, oldfd, unsigned int, newfd)
        "#]]
        .assert_eq(&fixed_nth(CODE, text, 1, "Add `param: newfd` block"));
        // Long form is copied from an existing block.
        let long = r#"/**
 * sys_pipe2 - Create a pipe
 *
 * context-flags: KAPI_CTX_PROCESS
 *
 * param: flags
 *   type: KAPI_TYPE_INT
 *   flags: KAPI_PARAM_IN
 */
SYSCALL_DEFINE2(pipe2, int __user *, fildes, int, flags)
"#;
        expect![[r#"
            /**
             * sys_pipe2 - Create a pipe
             *
             * context-flags: KAPI_CTX_PROCESS
             *
             * param: fildes
             *   type: KAPI_TYPE_USER_PTR
             *   flags: KAPI_PARAM_OUT
             *
             * param: flags
             *   type: KAPI_TYPE_INT
             *   flags: KAPI_PARAM_IN
             */
            SYSCALL_DEFINE2(pipe2, int __user *, fildes, int, flags)
        "#]]
        .assert_eq(&fixed_nth(CODE, long, 0, "Add `param: fildes` block"));
    }

    #[test]
    fn fix_keeps_crlf_and_appends_at_the_end() {
        let text = "/**\r\n * sys_x - X\r\n *\r\n * contexts: process\r\n *\r\n * param: a\r\n *   type: int, input\r\n */\r\nSYSCALL_DEFINE2(x, int, a, int, b)\r\n";
        assert_eq!(
            fixed_nth(CODE, text, 0, "Add `param: b` block"),
            "/**\r\n * sys_x - X\r\n *\r\n * contexts: process\r\n *\r\n * param: a\r\n *   type: int, input\r\n *\r\n * param: b\r\n *   type: int, input\r\n */\r\nSYSCALL_DEFINE2(x, int, a, int, b)\r\n"
        );
    }
}
