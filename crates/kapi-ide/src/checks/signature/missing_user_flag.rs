//! `missing-user-flag`: a `__user` pointer whose spec has neither a user type (`user_ptr`,
//! `path`) nor the `user` flag.
//!
//! Without `KAPI_PARAM_USER` the kernel's validation treats the pointer as kernel memory. The
//! spec's lowered flags decide (so `flags:` overwriting the flags of `type:` is taken into
//! account); a block whose type is unknown or cannot describe a pointer at all is left to
//! lowering and `type-mismatch`, whose fixes change the type, and so is a block whose settings
//! upstream drops because an `@name:` line follows it. The fix adds `user` where upstream
//! will keep it: to the `flags:` line when there is one (it overwrites what `type:` sets), else
//! to the `type:` line.

use super::ctype::{classify, mismatch, CType, Position};
use super::{attr, block_name, first_part, is_compat, named_params, param_blocks};
use crate::checks::SpecContext;
use kapi_model::vocab::PARAM_TYPE;
use kapi_model::{Code, Diagnostic, Fix, TextEdit};
use kapi_syntax::TextRange;

const USER_FLAG: u32 = 64;
const USER_PTR: u32 = 10;
const PATH: u32 = 11;

pub fn missing_user_flag(ctx: &SpecContext<'_>, out: &mut Vec<Diagnostic>) {
    let at = Position::Param {
        compat: is_compat(ctx.decl),
    };
    for (_, param) in named_params(ctx.decl) {
        let name = param.name.as_str();
        let c = classify(&param.ty);
        if !matches!(c, CType::Pointer(p) if p.user) {
            continue;
        }
        let Some(block) = param_blocks(&ctx.comment.doc)
            .filter(|b| block_name(b) == name)
            .last()
        else {
            continue;
        };
        let Some(spec) = ctx.spec.parameters.iter().find(|p| p.name == name) else {
            continue;
        };
        if spec.param_type == USER_PTR || spec.param_type == PATH || spec.flags & USER_FLAG != 0 {
            continue;
        }
        // An `@name:` line after the block makes upstream drop the block's type and flags;
        // lowering reports that, and adding `user` would not help.
        if spec.doc.is_some_and(|d| d.range.start > block.range.start) {
            continue;
        }
        let type_attr = attr(block, "type");
        if let Some(a) = type_attr {
            let token = first_part(a);
            match PARAM_TYPE.lookup(&token.text) {
                Some(term) if mismatch(term.value, &token.text, c, at).is_none() => {}
                _ => continue,
            }
        }
        let flags_attr = attr(block, "flags");
        let range = type_attr
            .or(flags_attr)
            .map_or(block.header.range(), |a| a.value.range());
        let message = format!(
            "`{name}` is a `__user` pointer (`{}`) but its spec has neither a user type (`user_ptr`, `path`) nor the `user` flag, so it is checked as kernel memory; add `user` to its {}",
            param.ty,
            if flags_attr.is_some() { "`flags:` line" } else { "`type:` line" }
        );
        let mut d = Diagnostic::new(Code::MissingUserFlag, range, message);
        let edit = match (flags_attr, type_attr) {
            (Some(f), _) if f.value.text.trim().is_empty() => Some(TextEdit {
                range: f.value.range(),
                new_text: "KAPI_PARAM_USER".to_string(),
            }),
            (Some(f), _) => {
                let flag = if f.value.text.contains("KAPI_") {
                    "KAPI_PARAM_USER"
                } else {
                    "user"
                };
                Some(TextEdit {
                    range: TextRange::empty(f.value.range().end),
                    new_text: format!(" | {flag}"),
                })
            }
            (None, Some(t)) => Some(TextEdit {
                range: TextRange::empty(t.value.range().end),
                new_text: ", user".to_string(),
            }),
            (None, None) => None,
        };
        if let Some(edit) = edit {
            d.fixes.push(Fix {
                title: "Add the `user` flag".to_string(),
                edits: vec![edit],
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

    const CODE: Code = Code::MissingUserFlag;

    const NO_USER: &str = r#"/**
 * sys_setxattr - Set an extended attribute
 *
 * contexts: process, sleepable
 *
 * param: pathname
 *   type: path, input
 *
 * param: name
 *   type: ptr, input
 *
 * param: value
 *   type: KAPI_TYPE_PTR
 *   flags: KAPI_PARAM_IN
 *
 * param: size
 *   type: uint, input
 */
SYSCALL_DEFINE4(setxattr, const char __user *, pathname, const char __user *, name, const void __user *, value, size_t, size)
"#;

    #[test]
    fn user_pointers_without_user_type_or_flag() {
        check(
            CODE,
            NO_USER,
            expect![[r#"
                10:12 warning missing-user-flag `ptr, input`: `name` is a `__user` pointer (`const char __user *`) but its spec has neither a user type (`user_ptr`, `path`) nor the `user` flag, so it is checked as kernel memory; add `user` to its `type:` line
                  fix: Add the `user` flag
                13:12 warning missing-user-flag `KAPI_TYPE_PTR`: `value` is a `__user` pointer (`const void __user *`) but its spec has neither a user type (`user_ptr`, `path`) nor the `user` flag, so it is checked as kernel memory; add `user` to its `flags:` line
                  fix: Add the `user` flag
            "#]],
        );
    }

    #[test]
    fn silent_with_user_types_flags_or_a_type_mismatch() {
        check(
            CODE,
            r#"/**
 * sys_setxattr - Set an extended attribute
 *
 * contexts: process, sleepable
 *
 * param: pathname
 *   type: path, input
 *
 * param: name
 *   type: ptr, input, user
 *
 * param: value
 *   type: KAPI_TYPE_PTR
 *   flags: KAPI_PARAM_IN | KAPI_PARAM_USER
 *
 * param: size
 *   type: fd, input
 */
SYSCALL_DEFINE4(setxattr, const char __user *, pathname, const char __user *, name, const void __user *, value, int __user *, size)

/**
 * sys_getcwd - Get the working directory
 *
 * contexts: process
 *
 * param: buf
 *   type: user_ptr, output
 *
 * @buf: Wipes the block's type upstream (reported by lowering)
 */
SYSCALL_DEFINE1(getcwd, char __user *, buf)
"#,
            expect![[""]],
        );
    }

    #[test]
    fn fix_adds_user_to_the_type_or_flags_line() {
        let type_only = NO_USER.replace(
            "KAPI_TYPE_PTR\n *   flags: KAPI_PARAM_IN",
            "user_ptr, input",
        );
        check_fix(
            CODE,
            &type_only,
            "Add the `user` flag",
            expect![[r#"
                /**
                 * sys_setxattr - Set an extended attribute
                 *
                 * contexts: process, sleepable
                 *
                 * param: pathname
                 *   type: path, input
                 *
                 * param: name
                 *   type: ptr, input, user
                 *
                 * param: value
                 *   type: user_ptr, input
                 *
                 * param: size
                 *   type: uint, input
                 */
                SYSCALL_DEFINE4(setxattr, const char __user *, pathname, const char __user *, name, const void __user *, value, size_t, size)
            "#]],
        );
        let flags_only = NO_USER.replace("ptr, input\n", "ptr, input, user\n");
        check_fix(
            CODE,
            &flags_only,
            "Add the `user` flag",
            expect![[r#"
                /**
                 * sys_setxattr - Set an extended attribute
                 *
                 * contexts: process, sleepable
                 *
                 * param: pathname
                 *   type: path, input
                 *
                 * param: name
                 *   type: ptr, input, user
                 *
                 * param: value
                 *   type: KAPI_TYPE_PTR
                 *   flags: KAPI_PARAM_IN | KAPI_PARAM_USER
                 *
                 * param: size
                 *   type: uint, input
                 */
                SYSCALL_DEFINE4(setxattr, const char __user *, pathname, const char __user *, name, const void __user *, value, size_t, size)
            "#]],
        );
    }
}
