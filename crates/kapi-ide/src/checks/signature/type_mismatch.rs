//! `type-mismatch`: a `param:` block's KAPI type cannot describe the parameter's C type.
//!
//! Judged only where the C type is certain (see `ctype`): `fd`, `int`, `uint` and `enum` on a
//! pointer; `user_ptr`/`path` on a pointer that is not `__user`, or `path` on a `__user` pointer
//! to something other than `char`/`void`; `ptr`, `user_ptr`, `path`, `func_ptr` and `array` on
//! an integer too narrow to hold an address (an `unsigned long` may carry a user address, as in
//! mmap or prctl, and compat syscalls carry them in 32-bit integers, so those are accepted);
//! `struct`/`union` on an integer or on a pointer to a scalar (a pointer to a struct is accepted:
//! kernel specs describe the pointee and name it with `struct-type:`); `void` on a parameter.
//! `fd` accepts any integer type (close takes `unsigned int fd`), signedness is not judged,
//! `custom` is never judged, and opaque typedefs (`key_serial_t`, `aio_context_t`) never are.
//! The fix replaces the type with the one completion would infer, when that one fits.

use super::ctype::{classify, mismatch, Position};
use super::{attr, block_name, first_part, infer, is_compat, param_blocks, param_index};
use crate::checks::SpecContext;
use kapi_model::vocab::PARAM_TYPE;
use kapi_model::{Code, Diagnostic};

pub fn type_mismatch(ctx: &SpecContext<'_>, out: &mut Vec<Diagnostic>) {
    let at = Position::Param {
        compat: is_compat(ctx.decl),
    };
    for block in param_blocks(&ctx.comment.doc) {
        let Some(index) = param_index(ctx.decl, block_name(block)) else {
            continue;
        };
        let Some(type_attr) = attr(block, "type") else {
            continue;
        };
        let token = first_part(type_attr);
        // An unknown type name is lowering's `unknown-value`.
        let Some(term) = PARAM_TYPE.lookup(&token.text) else {
            continue;
        };
        let param = &ctx.decl.params[index];
        let c = classify(&param.ty);
        let Some(reason) = mismatch(term.value, &token.text, c, at) else {
            continue;
        };
        let inferred = infer(ctx.decl, index).kapi_type;
        let replacement = PARAM_TYPE
            .lookup(inferred)
            .filter(|t| t.value != term.value)
            .filter(|t| mismatch(t.value, inferred, c, at).is_none());
        let spelling = |t: &kapi_model::vocab::Term| {
            if token.text.starts_with("KAPI_") {
                t.long
            } else {
                inferred
            }
        };
        let advice = match replacement {
            Some(t) => format!("; write `{}`", spelling(t)),
            None => String::new(),
        };
        let message = format!(
            "`{}` cannot describe parameter `{}` of C type `{}`: {reason}{advice}",
            token.text, param.name, param.ty
        );
        let mut d = Diagnostic::new(Code::TypeMismatch, token.range, message);
        if let Some(t) = replacement {
            d = d.with_fix(
                format!("Change the type to `{}`", spelling(t)),
                token.range,
                spelling(t),
            );
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::signature::test_util::{check, check_fix};
    use expect_test::expect;
    use kapi_model::Code;

    const CODE: Code = Code::TypeMismatch;

    const WRONG: &str = r#"/**
 * sys_read - Read from a file
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: ptr, input
 *
 * param: buf
 *   type: fd, output
 *
 * param: count
 *   type: KAPI_TYPE_PTR
 */
SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, u32, count)
"#;

    #[test]
    fn types_that_cannot_describe_the_c_type() {
        check(
            CODE,
            WRONG,
            expect![[r#"
                7:12 warning type-mismatch `ptr`: `ptr` cannot describe parameter `fd` of C type `unsigned int`: `ptr` describes a pointer and this integer is too narrow to hold an address; write `fd`
                  fix: Change the type to `fd`
                10:12 warning type-mismatch `fd`: `fd` cannot describe parameter `buf` of C type `char __user *`: `fd` describes an integer value and this is a pointer; write `user_ptr`
                  fix: Change the type to `user_ptr`
                13:12 warning type-mismatch `KAPI_TYPE_PTR`: `KAPI_TYPE_PTR` cannot describe parameter `count` of C type `u32`: `KAPI_TYPE_PTR` describes a pointer and this integer is too narrow to hold an address; write `KAPI_TYPE_UINT`
                  fix: Change the type to `KAPI_TYPE_UINT`
            "#]],
        );
        check(
            CODE,
            r#"/**
 * widget_set - Set a widget
 *
 * contexts: process
 *
 * param: w
 *   type: user_ptr, input
 *
 * param: name
 *   type: struct, input
 */
int widget_set(struct widget *w, const char *name)
{
	return 0;
}
"#,
            expect![[r#"
                7:12 warning type-mismatch `user_ptr`: `user_ptr` cannot describe parameter `w` of C type `struct widget *`: `user_ptr` describes a `__user` pointer into user memory and this pointer is not `__user`; write `ptr`
                  fix: Change the type to `ptr`
                10:12 warning type-mismatch `struct`: `struct` cannot describe parameter `name` of C type `const char *`: `struct` describes a struct or union (or a pointer to one) and this pointer points to something else; write `ptr`
                  fix: Change the type to `ptr`
            "#]],
        );
    }

    #[test]
    fn silent_on_fitting_and_opaque_types() {
        check(
            CODE,
            r#"/**
 * sys_keyctl - Key control
 *
 * contexts: process
 *
 * param: option
 *   type: int, input
 *
 * param: arg2
 *   type: user_ptr, input
 *
 * param: id
 *   type: ptr, input
 *
 * param: fd
 *   type: fd, input
 *
 * param: attr
 *   type: struct, input
 *
 * param: ctx
 *   type: custom
 */
SYSCALL_DEFINE6(keyctl, int, option, unsigned long, arg2, key_serial_t, id, unsigned int, fd, struct sched_attr __user *, attr, aio_context_t, ctx)

/**
 * compat_sys_readv - Vector read
 *
 * contexts: process
 *
 * param: vec
 *   type: user_ptr, input
 */
COMPAT_SYSCALL_DEFINE1(readv, u32, vec)
"#,
            expect![[""]],
        );
    }

    #[test]
    fn fix_replaces_only_the_type_token() {
        let text = WRONG
            .replace("ptr, input", "fd, input")
            .replace("KAPI_TYPE_PTR", "KAPI_TYPE_UINT");
        check_fix(
            CODE,
            &text,
            "Change the type to `user_ptr`",
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
                 *   type: KAPI_TYPE_UINT
                 */
                SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, u32, count)
            "#]],
        );
    }
}
