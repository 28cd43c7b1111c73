//! `name-mismatch`: the comment's title names another API than the declaration it documents.
//!
//! kernel-doc warns "expecting prototype for foo(). Prototype was for bar() instead", and the
//! upstream `kapi` tool silently names a spec after the declaration, so a title that says
//! `sys_y` above `SYSCALL_DEFINEn(x, ...)` documents `sys_x` under a misleading name. A syscall
//! title must be `sys_x`; above `COMPAT_SYSCALL_DEFINEn(x, ...)` both `sys_x` (what kernel-doc
//! and `kapi` derive) and `compat_sys_x` (what the kernel symbol is called) are accepted. A
//! function title must be the function's name, with or without `()`. Only a title of the form
//! `name - summary` whose name is one C identifier is judged (not `struct foo - ...`).

use super::{is_syscall, macro_token};
use crate::checks::SpecContext;
use kapi_model::{Code, Diagnostic};
use kapi_syntax::{DeclKind, TextRange};

pub fn name_mismatch(ctx: &SpecContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(token) = ctx.comment.doc.title.as_ref().and_then(|t| t.name.as_ref()) else {
        return;
    };
    let written = token
        .text
        .strip_suffix("()")
        .unwrap_or(&token.text)
        .trim_end();
    let identifier = !written.is_empty()
        && written
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !written.starts_with(|c: char| c.is_ascii_digit());
    if !identifier {
        return;
    }
    let decl = ctx.decl;
    let compat_name = format!("compat_{}", decl.name);
    let expected = match decl.kind {
        DeclKind::Syscall { compat: true, .. }
            if written == compat_name || written == decl.name =>
        {
            return
        }
        DeclKind::Syscall { compat: true, .. } if written.starts_with("compat_") => {
            compat_name.as_str()
        }
        _ if written == decl.name => return,
        _ => decl.name.as_str(),
    };
    let declared = if is_syscall(decl) {
        let macro_name =
            macro_token(ctx.text, decl.signature).map_or("SYSCALL_DEFINEn", |r| r.slice(ctx.text));
        format!(
            "`{macro_name}({}, ...)`, which kernel-doc and `kapi` name `{}`",
            decl.name_range.slice(ctx.text),
            decl.name
        )
    } else {
        format!("`{}()`", decl.name)
    };
    let range = TextRange::new(token.range.start, token.range.start + written.len());
    let message = format!(
        "the title names `{written}` but the comment documents {declared}; write `{expected}`"
    );
    out.push(
        Diagnostic::new(Code::NameMismatch, range, message).with_fix(
            format!("Rename to `{expected}`"),
            range,
            expected,
        ),
    );
}

#[cfg(test)]
mod tests {
    use crate::checks::signature::test_util::{check, check_fix};
    use expect_test::expect;
    use kapi_model::Code;

    const CODE: Code = Code::NameMismatch;

    const WRONG: &str = r#"/**
 * sys_readv - Read from a file
 *
 * contexts: process
 *
 * param: fd
 *   type: fd, input
 */
SYSCALL_DEFINE1(read, unsigned int, fd)
"#;

    #[test]
    fn titles_naming_another_api() {
        check(
            CODE,
            WRONG,
            expect![[r#"
                2:4 warning name-mismatch `sys_readv`: the title names `sys_readv` but the comment documents `SYSCALL_DEFINE1(read, ...)`, which kernel-doc and `kapi` name `sys_read`; write `sys_read`
                  fix: Rename to `sys_read`
            "#]],
        );
        check(
            CODE,
            r#"/**
 * widget_get() - Take a reference
 *
 * contexts: process
 *
 * param: w
 *   type: ptr, input
 */
int widget_put(struct widget *w);

/**
 * compat_sys_preadv - Vector read
 *
 * contexts: process
 *
 * param: fd
 *   type: fd, input
 */
COMPAT_SYSCALL_DEFINE1(readv, unsigned int, fd)
"#,
            expect![[r#"
                2:4 warning name-mismatch `widget_get`: the title names `widget_get` but the comment documents `widget_put()`; write `widget_put`
                  fix: Rename to `widget_put`
                12:4 warning name-mismatch `compat_sys_preadv`: the title names `compat_sys_preadv` but the comment documents `COMPAT_SYSCALL_DEFINE1(readv, ...)`, which kernel-doc and `kapi` name `sys_readv`; write `compat_sys_readv`
                  fix: Rename to `compat_sys_readv`
            "#]],
        );
    }

    #[test]
    fn silent_on_matching_titles() {
        check(
            CODE,
            r#"/**
 * sys_read - Read
 *
 * contexts: process
 *
 * param: fd
 *   type: fd, input
 */
SYSCALL_DEFINE1(read, unsigned int, fd)

/**
 * compat_sys_readv - Vector read
 *
 * contexts: process
 *
 * param: fd
 *   type: fd, input
 */
COMPAT_SYSCALL_DEFINE1(readv, unsigned int, fd)

/**
 * sys_preadv - Vector read
 *
 * contexts: process
 *
 * param: fd
 *   type: fd, input
 */
COMPAT_SYSCALL_DEFINE1(preadv, unsigned int, fd)

/**
 * widget_get() - Take a reference
 *
 * contexts: process
 *
 * param: w
 *   type: ptr, input
 */
int widget_get(struct widget *w);

/**
 * struct widget - Not a function title
 *
 * contexts: process
 *
 * param: w
 *   type: ptr, input
 */
int widget_put(struct widget *w);
"#,
            expect![[""]],
        );
    }

    #[test]
    fn fix_replaces_the_title_name() {
        check_fix(
            CODE,
            WRONG,
            "Rename to `sys_read`",
            expect![[r#"
                /**
                 * sys_read - Read from a file
                 *
                 * contexts: process
                 *
                 * param: fd
                 *   type: fd, input
                 */
                SYSCALL_DEFINE1(read, unsigned int, fd)
            "#]],
        );
    }
}
