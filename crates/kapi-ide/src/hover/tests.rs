//! Hover tests: inline C fixtures (several files where it matters) with a `$0` cursor, and
//! snapshots of the hovered text and the Markdown.

use crate::cursor::fixture;
use expect_test::{expect, Expect};

/// The hovered range's text, then the Markdown; or `no hover`.
fn check(files: &[(&str, &str)], expect: Expect) {
    let (analysis, file, offset) = fixture(files);
    let text = analysis.file(file).unwrap().text.clone();
    let actual = match analysis.hover(file, offset) {
        Some(h) => format!("[{}]\n{}\n", h.range.slice(&text), h.markdown),
        None => "no hover\n".to_string(),
    };
    expect.assert_eq(&actual);
}

fn check_one(fixture: &str, expect: Expect) {
    check(&[("/w/a.c", fixture)], expect);
}

/// The example of reference §10.4, with a capability and a signal added, and a body.
const FROB: &str = r#"/**
 * sys_frob - Frobnicate a buffer
 * @fd: File descriptor
 * @buf: Output buffer
 * @len: Buffer length
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *   constraint-type: range(0, INT_MAX)
 *
 * param: buf
 *   type: user_ptr, output
 *   constraint-type: buffer(2)
 *   cdesc: Must be writable for len
 *     bytes.
 *
 * param: len
 *   type: uint, input
 *   constraint-type: range(1, 0x1000)
 *
 * return:
 *   type: int
 *   check-type: range
 *   success: >= 0
 *   desc: Bytes written.
 *
 * error: EBADF, Bad file descriptor
 *   desc: fd is not open.
 *
 * lock: frob_lock
 *   type: mutex
 *   acquired: yes
 *   released: yes
 *
 * side-effect: file_position | modify_state
 *   target: file->f_pos
 *   reversible: no
 *
 * capability: CAP_SYS_ADMIN
 *   type: bypass_check
 *   allows: frobbing files of other users
 *   without: only own files
 *
 * signal: SIGINT
 *   direction: receive
 *   action: return
 *   errno: -EINTR
 *   restartable: yes
 */
SYSCALL_DEFINE3(frob, unsigned int, fd, char __user *, buf, size_t, len)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	if (f->fd > len || !buf)
		return -ENOMEM;
	return 0;
}
"#;

fn frob_at(needle: &str, marked: &str) -> String {
    assert_eq!(FROB.matches(needle).count(), 1, "{needle}");
    FROB.replacen(needle, marked, 1)
}

#[test]
fn contract_on_a_call_in_another_file() {
    // `frob (` with a space, written without the `sys_` prefix, in a file with no spec.
    let caller = "int main(void)\n{\n\tchar b[4];\n\treturn fr$0ob (3, b, sizeof(b));\n}\n";
    check(
        &[("/w/fs/frob.c", FROB), ("/w/tools/main.c", caller)],
        expect![[r#"
            [frob]
            ```c
            SYSCALL_DEFINE3(frob, unsigned int, fd, char __user *, buf, size_t, len)
            ```
            **sys_frob** · syscall · `/w/fs/frob.c:1`

            Frobnicate a buffer

            **Contexts:** process, sleepable

            **Parameters**
            - `unsigned int fd`: fd, input; range 0 to INT_MAX — File descriptor
            - `char __user *buf`: user_ptr, output, user; buffer (size in param 2: len): Must be writable for len bytes. — Output buffer
            - `size_t len`: uint, input; range 1 to 4096 — Buffer length

            **Returns** `int` · check: range · success: >= 0 — Bytes written.

            **Errors**
            - `EBADF`: Bad file descriptor — fd is not open.

            **Locks**
            - `frob_lock`: mutex, internal

            **Side effects**
            - modify_state | file_position on `file->f_pos`

            **Capabilities**
            - `CAP_SYS_ADMIN` (bypass_check): allows frobbing files of other users; without it: only own files

            **Signals**
            - `SIGINT`: receive, return, -EINTR, restartable
        "#]],
    );
}

#[test]
fn contract_on_the_declared_name_is_the_one_shown_at_calls() {
    let caller = "long x(void)\n{\n\treturn sys_frob(0, NULL, 0);\n}\n";
    let (analysis, decl_file, decl_offset) = fixture(&[
        ("/w/a.c", &frob_at("(frob,", "(fr$0ob,")),
        ("/w/b.c", caller),
    ]);
    let at_decl = analysis.hover(decl_file, decl_offset).unwrap();
    let b = analysis.file_id(std::path::Path::new("/w/b.c")).unwrap();
    let at_call = analysis
        .hover(b, caller.find("sys_frob").unwrap() + 2)
        .unwrap();
    assert_eq!(at_decl.markdown, at_call.markdown);
    assert!(at_decl.markdown.contains("`/w/a.c:1`"));
    let text = &analysis.file(decl_file).unwrap().text;
    assert_eq!(at_decl.range.slice(text), "frob");
    assert_eq!(at_call.range.slice(caller), "sys_frob");
}

const WIDGET: &str = r#"#include <linux/slab.h>

/**
 * widget_alloc() - Allocate a widget
 * @size: Size in bytes
 * @gfp: Allocation flags
 *
 * context-flags: KAPI_CTX_PROCESS | KAPI_CTX_ATOMIC
 *
 * param: size
 *   type: uint, input
 *   constraint-type: nonzero
 *
 * param: gfp
 *   type: uint, input
 *   constraint-type: mask(0xff)
 *
 * error: ENOMEM, Out of memory
 *
 * side-effect: alloc_memory
 *   target: the slab
 *   reversible: yes
 *
 * state-trans: widget
 *   from: none
 *   to: allocated
 */
struct widget *
widget_alloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp);
}
"#;

#[test]
fn contract_of_a_function_on_its_name() {
    check_one(
        &WIDGET.replace("\nwidget_alloc(", "\nwidget_al$0loc("),
        expect![[r#"
            [widget_alloc]
            ```c
            struct widget *widget_alloc(size_t size, gfp_t gfp)
            ```
            **widget_alloc** · function · `/w/a.c:3`

            Allocate a widget

            **Contexts:** process, atomic

            **Parameters**
            - `size_t size`: uint, input; nonzero — Size in bytes
            - `gfp_t gfp`: uint, input; mask 0xff — Allocation flags

            **Errors**
            - `ENOMEM`: Out of memory

            **Side effects**
            - alloc_memory on `the slab` (reversible)

            **State transitions**
            - `widget`: none → allocated
        "#]],
    );
}

#[test]
fn no_contract_in_comments_strings_members_or_without_a_call() {
    for caller in [
        "// frob$0(1);\n",
        "/* frob$0(1); */\n",
        "/*\n * frob$0(1);\n */\n",
        "const char *s = \"frob$0(1)\";\n",
        "int x = ops->frob$0(1);\n",
        "int x = ops.frob$0(1);\n",
        "int frob$0;\n",
        "int x = unknown$0(1);\n",
    ] {
        let (analysis, file, offset) = fixture(&[("/w/a.c", FROB), ("/w/b.c", caller)]);
        assert_eq!(analysis.hover(file, offset), None, "{caller}");
    }
    // The same call outside the comment does get the contract.
    let (analysis, file, offset) = fixture(&[("/w/a.c", FROB), ("/w/b.c", "/* x */ frob$0(1);\n")]);
    assert!(analysis.hover(file, offset).is_some());
}

#[test]
fn vocabulary_tokens_by_the_key_they_are_under() {
    check_one(
        &frob_at("type: user_ptr", "type: user_p$0tr"),
        expect![[r#"
            [user_ptr]
            **KAPI_TYPE_USER_PTR** · parameter type

            Short forms: `user_ptr`, `uptr` · Value: `10`

            Pointer into user-space memory (__user), accessed with copy_from_user()/copy_to_user().

            *Note:* Implies KAPI_PARAM_USER: the Rust tool sets the USER flag for this type by itself.
        "#]],
    );
    // A flag after the type, as a bit in hex.
    check_one(
        &frob_at("user_ptr, output", "user_ptr, out$0put"),
        expect![[r#"
            [output]
            **KAPI_PARAM_OUT** · parameter flag

            Short forms: `output`, `OUT` · Value: `0x2`

            Output: the API writes the memory this parameter points to.

            *Note:* Rust accepts only upper-case IN/OUT and input/output in any case; lower-case `in`/`out` are read only by the Python build path (Rust reads them as 0).
        "#]],
    );
    check_one(
        &WIDGET.replace("KAPI_CTX_ATOMIC", "KAPI_CTX_ATOM$0IC"),
        expect![[r#"
            [KAPI_CTX_ATOMIC]
            **KAPI_CTX_ATOMIC** · execution context

            Short form: `atomic` · Value: `0x10`

            Callable in atomic context: the API does not sleep.
        "#]],
    );
    check_one(
        &frob_at("type: mutex", "type: mu$0tex"),
        expect![[r#"
            [mutex]
            **KAPI_LOCK_MUTEX** · lock type

            Short form: `mutex` · Value: `1`

            struct mutex: sleeping lock, process context only.
        "#]],
    );
    check_one(
        &frob_at("range(1,", "ra$0nge(1,"),
        expect![[r#"
            [range]
            **range** · constraint form

            Value: `1`

            range(min, max): value must lie in [min, max]; bounds are C integer literals (symbolic bounds are left unset).
        "#]],
    );
    // The same word under `check-type:` is a return check.
    check_one(
        &frob_at("check-type: range", "check-type: range$0"),
        expect![[r#"
            [range]
            **KAPI_RETURN_RANGE** · return check type

            Short form: `range` · Value: `1`

            Success is any value in a range (success: >= N).
        "#]],
    );
    check_one(
        &WIDGET.replace("side-effect: alloc_memory", "side-effect: $0alloc_memory"),
        expect![[r#"
            [alloc_memory]
            **KAPI_EFFECT_ALLOC_MEMORY** · side effect

            Short form: `alloc_memory` · Value: `0x1`

            Allocates memory.
        "#]],
    );
    check_one(
        &frob_at("capability: CAP_SYS_ADMIN", "capability: CAP_SYS_AD$0MIN"),
        expect![[r#"
            [CAP_SYS_ADMIN]
            **CAP_SYS_ADMIN** · capability

            Value: `21`

            Broad system administration: mount, sethostname, quotactl, swapon, many ioctls and more.
        "#]],
    );
    check_one(
        &frob_at("bypass_check", "bypass$0_check"),
        expect![[r#"
            [bypass_check]
            **KAPI_CAP_BYPASS_CHECK** · capability action

            Short form: `bypass_check` · Value: `0`

            The capability bypasses a permission check.
        "#]],
    );
    // `return` as a signal action, not the top-level key.
    check_one(
        &frob_at("action: return", "action: ret$0urn"),
        expect![[r#"
            [return]
            **KAPI_SIGNAL_ACTION_RETURN** · signal action

            Short form: `return` · Value: `6`

            The call returns early, usually with the error given in errno: (e.g. -EINTR).
        "#]],
    );
    check_one(
        &frob_at("contexts: process", "contexts: pro$0cess"),
        expect![[r#"
            [process]
            **KAPI_CTX_PROCESS** · execution context

            Short form: `process` · Value: `0x1`

            Callable from process (task) context.
        "#]],
    );
}

#[test]
fn errnos_in_a_spec() {
    check_one(
        &frob_at("errno: -EINTR", "errno: -EIN$0TR"),
        expect![[r#"
            [EINTR]
            **EINTR** · error code

            Value: `-4` (errno 4)

            Interrupted system call: a signal arrived before the call completed.
        "#]],
    );
    check_one(
        &frob_at("error: EBADF", "error: EBADF$0"),
        expect![[r#"
            [EBADF]
            **EBADF** · error code

            Value: `-9` (errno 9)

            Bad file descriptor: not open, or not open in the needed mode.
        "#]],
    );
    // An errno the upstream tool does not know says so.
    check_one(
        &frob_at("error: EBADF", "error: ECANCE$0LED"),
        expect![[r#"
            [ECANCELED]
            **ECANCELED** · error code

            Value: `-125` (errno 125)

            Operation canceled.

            *Note:* the upstream kapi tool does not know this name and records error code 0
        "#]],
    );
}

#[test]
fn keys_and_prose_in_a_spec() {
    check_one(
        &frob_at("check-type:", "check-t$0ype:"),
        expect![[r#"
            [check-type]
            **`check-type:` in a `return:` block**

            How success is told from failure: exact, range, error_check, fd, custom, no_return.
        "#]],
    );
    check_one(
        &frob_at("contexts:", "con$0texts:"),
        expect![[r#"
            [contexts]
            **`contexts:`**

            Execution contexts the API may be called from, as comma-separated short forms: `contexts: process, sleepable`. Required for the comment to count as a spec.
        "#]],
    );
    // A constant in prose is found in any vocabulary; an ordinary word is not.
    check_one(
        &frob_at("desc: fd is not open.", "desc: fd is not open (EB$0ADF)."),
        expect![[r#"
            [EBADF]
            **EBADF** · error code

            Value: `-9` (errno 9)

            Bad file descriptor: not open, or not open in the needed mode.
        "#]],
    );
    check_one(
        &frob_at("Frobnicate a buffer", "Frobnicate a buffer in pro$0cess"),
        expect!["no hover\n"],
    );
    check_one(&frob_at("INT_MAX", "INT_$0MAX"), expect!["no hover\n"]);
}

#[test]
fn names_in_a_spec_comment() {
    // The title's name shows the contract; a parameter's name its spec.
    let (analysis, file, offset) = fixture(&[("/w/a.c", &frob_at("sys_frob -", "sys_fr$0ob -"))]);
    let hover = analysis.hover(file, offset).unwrap();
    assert!(
        hover.markdown.starts_with("```c\nSYSCALL_DEFINE3(frob,"),
        "{}",
        hover.markdown
    );
    check_one(
        &frob_at("param: len", "param: l$0en"),
        expect![[r#"
            [len]
            `size_t len` · parameter of `sys_frob`

            Buffer length

            - **Type:** uint, input
            - **Constraint:** range 1 to 4096
        "#]],
    );
    check_one(
        &frob_at("@buf:", "@b$0uf:"),
        expect![[r#"
            [buf]
            `char __user *buf` · parameter of `sys_frob`

            Output buffer

            - **Type:** user_ptr, output, user
            - **Constraint:** buffer (size in param 2: len): Must be writable for len bytes.
        "#]],
    );
}

#[test]
fn errnos_in_code_with_what_the_spec_says() {
    check_one(
        &frob_at("return -EBADF;", "return -EBA$0DF;"),
        expect![[r#"
            [EBADF]
            **EBADF** · error code

            Value: `-9` (errno 9)

            Bad file descriptor: not open, or not open in the needed mode.

            **In `sys_frob`:** Bad file descriptor — fd is not open.
        "#]],
    );
    check_one(
        &frob_at("return -ENOMEM;", "return -ENOMEM$0;"),
        expect![[r#"
            [ENOMEM]
            **ENOMEM** · error code

            Value: `-12` (errno 12)

            Out of memory.

            *The spec of `sys_frob` does not list `ENOMEM`.*
        "#]],
    );
    // Outside a specified body: only the meaning.
    check(
        &[
            ("/w/a.c", FROB),
            ("/w/b.c", "int g(void)\n{\n\treturn -EN$0OMEM;\n}\n"),
        ],
        expect![[r#"
            [ENOMEM]
            **ENOMEM** · error code

            Value: `-12` (errno 12)

            Out of memory.
        "#]],
    );
    // Capabilities in code too.
    check_one(
        "int g(void)\n{\n\treturn capable(CAP_S$0YS_ADMIN);\n}\n",
        expect![[r#"
            [CAP_SYS_ADMIN]
            **CAP_SYS_ADMIN** · capability

            Value: `21`

            Broad system administration: mount, sethostname, quotactl, swapon, many ioctls and more.
        "#]],
    );
}

#[test]
fn parameters_in_the_body() {
    check_one(
        &frob_at("fget(fd)", "fget(f$0d)"),
        expect![[r#"
            [fd]
            `unsigned int fd` · parameter of `sys_frob`

            File descriptor

            - **Type:** fd, input
            - **Constraint:** range 0 to INT_MAX
        "#]],
    );
    check_one(
        &frob_at("!buf)", "!b$0uf)"),
        expect![[r#"
            [buf]
            `char __user *buf` · parameter of `sys_frob`

            Output buffer

            - **Type:** user_ptr, output, user
            - **Constraint:** buffer (size in param 2: len): Must be writable for len bytes.
        "#]],
    );
    // A member with a parameter's name is not the parameter; outside the body nothing shows.
    check_one(&frob_at("f->fd", "f->f$0d"), expect!["no hover\n"]);
    check(
        &[
            ("/w/a.c", FROB),
            ("/w/b.c", "int g(int len)\n{\n\treturn l$0en;\n}\n"),
        ],
        expect!["no hover\n"],
    );
}

#[test]
fn non_ascii_text_and_offsets_that_do_not_point_at_a_character() {
    // Multi-byte text before the call, in a comment and in a string.
    let caller = "/* é中😀 */\nint g(void)\n{\n\tputs(\"été 😀\"); return frob$0(1, 0, 0);\n}\n";
    let (analysis, file, offset) = fixture(&[("/w/a.c", FROB), ("/w/b.c", caller)]);
    let hover = analysis.hover(file, offset).unwrap();
    assert!(hover.markdown.contains("**sys_frob** · syscall"));
    let text = analysis.file(file).unwrap().text.clone();
    assert_eq!(hover.range.slice(&text), "frob");
    // Every offset answers without panicking, including those inside a character and past
    // the end; past the end there is nothing.
    for offset in 0..text.len() + 3 {
        let _ = analysis.hover(file, offset);
    }
    assert_eq!(analysis.hover(file, text.len() + 1), None);
    assert_eq!(analysis.hover(file, usize::MAX), None);
    assert_eq!(analysis.hover(crate::FileId(99), 0), None);
    // Inside the 4-byte emoji in the comment: still a comment, no hover.
    let emoji = text.find('😀').unwrap();
    assert_eq!(analysis.hover(file, emoji + 2), None);
}

#[test]
fn every_offset_of_every_fixture_answers_without_panicking() {
    let garbage = "/**\n * x -\n *\tparam:\n *   type: ,|,\n * @:\n * error: ,\n *  contexts: |\n/**\n */\nSYSCALL_DEFINE2(,,)\n/**";
    for text in [
        FROB,
        WIDGET,
        garbage,
        "/**\nSYSCALL_DEFINE1(x, int, a)\n",
        "é/**😀*/",
    ] {
        let (analysis, file, _) = fixture(&[("/w/a.c", &format!("$0{text}"))]);
        for offset in 0..=text.len() + 1 {
            let _ = analysis.hover(file, offset);
            let _ = analysis.completions(file, offset);
        }
    }
}
