//! `unknown-param-spec`: a `param:` block names no parameter of the signature.
//!
//! Upstream matches `param:` names to the signature by exact string and silently keeps a block
//! that matches nothing (the Rust tool exports it with an empty `type_name`; the kernel build
//! drops it). The did-you-mean suggestion only considers parameters that have no block yet, so
//! accepting it never creates a duplicate. `param: fd, int` (the `NAME, TYPE` form that only
//! the kernel build understands) is lowering's `build-paths-disagree`, whose fix splits it, so it
//! is not reported here when `fd` is a parameter; when it is not (`param: fdd, int`), the
//! suggestion and the rename apply to the part before the comma.

use super::{block_name, named_params, param_blocks, quoted_list, CommentLines};
use crate::checks::SpecContext;
use kapi_model::suggest::did_you_mean;
use kapi_model::{Code, Diagnostic, Fix, TextEdit};

pub fn unknown_param_spec(ctx: &SpecContext<'_>, out: &mut Vec<Diagnostic>) {
    let doc = &ctx.comment.doc;
    let decl = ctx.decl;
    let names: Vec<&str> = named_params(decl).map(|(_, p)| p.name.as_str()).collect();
    let without_block: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !param_blocks(doc).any(|b| block_name(b) == *n))
        .collect();
    let lines = CommentLines::new(ctx.text, ctx.comment);
    for block in param_blocks(doc) {
        let name = block_name(block);
        // An empty name is a malformed header, reported by lowering.
        if name.is_empty() || names.contains(&name) || (decl.variadic && name == "...") {
            continue;
        }
        // The name token the fixes edit: the part before a comma in the `NAME, TYPE` form.
        let head = block.header.splitn(2, ',').swap_remove(0);
        if name.contains(',') && names.contains(&head.text.as_str()) {
            continue;
        }
        let suggestion = did_you_mean(&head.text, without_block.iter().copied());
        let params = if names.is_empty() {
            "it has no parameters".to_string()
        } else {
            format!("its parameters are {}", quoted_list(names.iter().copied()))
        };
        let advice = match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => "rename the block to one of them or remove it".to_string(),
        };
        let message = format!(
            "`param: {name}` names no parameter of `{}` ({params}); {advice}",
            decl.name
        );
        let mut d = Diagnostic::new(Code::UnknownParamSpec, block.header.range(), message);
        if let Some(s) = suggestion {
            d = d.with_fix(format!("Rename to `{s}`"), head.range, s);
        }
        if let Some(range) = lines.removal(block.range) {
            d.fixes.push(Fix {
                title: format!("Remove the `param: {name}` block"),
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

    const CODE: Code = Code::UnknownParamSpec;

    const TYPO: &str = r#"/**
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
 * param: bfu
 *   type: user_ptr, output
 *
 * param: count
 *   type: uint, input
 */
SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
"#;

    #[test]
    fn misspelt_block_name() {
        check(
            CODE,
            TYPO,
            expect![[r#"
                12:11 error unknown-param-spec `bfu`: `param: bfu` names no parameter of `sys_read` (its parameters are `fd`, `buf`, `count`); did you mean `buf`?
                  fix: Rename to `buf`
                  fix: Remove the `param: bfu` block
            "#]],
        );
    }

    #[test]
    fn no_suggestion_and_the_name_type_form() {
        check(
            CODE,
            r#"/**
 * sys_close - Close
 *
 * contexts: process
 *
 * param: fd, unsigned int
 *   desc: The descriptor
 *
 * param: flags
 *   type: uint, input
 */
SYSCALL_DEFINE1(close, unsigned int, fd)

/**
 * sys_sync - Sync
 *
 * contexts: process
 *
 * param: unused
 *   type: int, input
 */
SYSCALL_DEFINE0(sync)

/**
 * sys_dup - Duplicate
 *
 * contexts: process
 *
 * param: fdd, unsigned int
 */
SYSCALL_DEFINE1(dup, unsigned int, fd)
"#,
            expect![[r#"
                9:11 error unknown-param-spec `flags`: `param: flags` names no parameter of `sys_close` (its parameters are `fd`); rename the block to one of them or remove it
                  fix: Remove the `param: flags` block
                19:11 error unknown-param-spec `unused`: `param: unused` names no parameter of `sys_sync` (it has no parameters); rename the block to one of them or remove it
                  fix: Remove the `param: unused` block
                29:11 error unknown-param-spec `fdd, unsigned int`: `param: fdd, unsigned int` names no parameter of `sys_dup` (its parameters are `fd`); did you mean `fd`?
                  fix: Rename to `fd`
                  fix: Remove the `param: fdd, unsigned int` block
            "#]],
        );
    }

    #[test]
    fn rename_fix_in_the_name_type_form_edits_the_name_only() {
        check_fix(
            CODE,
            "/**\n * sys_dup - Duplicate\n *\n * contexts: process\n *\n * param: fdd, unsigned int\n */\nSYSCALL_DEFINE1(dup, unsigned int, fd)\n",
            "Rename to `fd`",
            expect![[r#"
                /**
                 * sys_dup - Duplicate
                 *
                 * contexts: process
                 *
                 * param: fd, unsigned int
                 */
                SYSCALL_DEFINE1(dup, unsigned int, fd)
            "#]],
        );
    }

    #[test]
    fn silent_on_matching_names_and_variadic() {
        check(
            CODE,
            r#"/**
 * widget_log - Log a message
 * @fmt: Format
 *
 * contexts: process
 *
 * param: fmt
 *   type: ptr, input
 *
 * param: ...
 *   type: custom
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
    fn rename_fix_edits_only_the_name() {
        check_fix(
            CODE,
            TYPO,
            "Rename to `buf`",
            expect![[r#"
                /**
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
    fn remove_fix_deletes_the_block_and_one_blank_line() {
        check_fix(
            CODE,
            TYPO,
            "Remove the `param: bfu` block",
            expect![[r#"
                /**
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
            "#]],
        );
    }
}
