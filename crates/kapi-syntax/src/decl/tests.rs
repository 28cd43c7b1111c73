//! Tests for finding the declaration a comment documents: syscall macros over several lines,
//! prototypes and definitions, attributes, pointer return types, and how upstream names each.

use super::*;

fn decl_after_comment(src: &str) -> Declaration {
    let comment = crate::comment::doc_comments(src).remove(0);
    find_declaration(src, comment.after).expect("a declaration")
}

fn params(d: &Declaration) -> Vec<(String, String)> {
    d.params
        .iter()
        .map(|p| (p.ty.clone(), p.name.clone()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn syscall_define_over_several_lines() {
    let src = "/**\n * x\n */\nSYSCALL_DEFINE3(frob, unsigned int, fd,\n\t\tchar __user *, buf, size_t, len)\n{\n\treturn 0;\n}\n";
    let d = decl_after_comment(src);
    assert_eq!(d.name, "sys_frob");
    assert_eq!(d.name_range.slice(src), "frob");
    assert_eq!(
        d.kind,
        DeclKind::Syscall {
            compat: false,
            arity: Some(3)
        }
    );
    assert_eq!(
        params(&d),
        pairs(&[
            ("unsigned int", "fd"),
            ("char __user *", "buf"),
            ("size_t", "len")
        ])
    );
    assert_eq!(d.body.unwrap().slice(src), "{\n\treturn 0;\n}");
    let up = d.upstream.unwrap();
    assert_eq!(up.name, "sys_frob");
    assert_eq!(up.type_name("buf"), Some("char __user * buf"));
    assert_eq!(up.type_name("fd"), Some("unsigned int fd"));
}

#[test]
fn compat_syscall_and_define0() {
    let d = decl_after_comment(
        "/**\n */\nCOMPAT_SYSCALL_DEFINE2(pread, int, fd, compat_uptr_t, p)\n{}\n",
    );
    assert_eq!(
        d.kind,
        DeclKind::Syscall {
            compat: true,
            arity: Some(2)
        }
    );
    assert_eq!(d.name, "sys_pread");
    let d = decl_after_comment("/**\n */\nSYSCALL_DEFINE0(getpid)\n{}\n");
    assert_eq!(d.name, "sys_getpid");
    assert!(d.params.is_empty());
}

#[test]
fn pointer_return_type_that_upstream_misses() {
    let src = "/**\n */\nstruct widget *widget_alloc(size_t size, gfp_t gfp)\n{\n}\n";
    let d = decl_after_comment(src);
    assert_eq!(d.name, "widget_alloc");
    assert_eq!(d.return_type, "struct widget *");
    assert_eq!(params(&d), pairs(&[("size_t", "size"), ("gfp_t", "gfp")]));
    assert_eq!(d.upstream, None);
}

#[test]
fn asmlinkage_void_and_attributes() {
    let d = decl_after_comment("/**\n */\nasmlinkage long sys_ni_syscall(void)\n{\n}\n");
    assert_eq!(
        (d.name.as_str(), d.return_type.as_str()),
        ("sys_ni_syscall", "long")
    );
    assert!(d.params.is_empty());
    assert_eq!(d.upstream, None);

    let d = decl_after_comment(
        "/**\n */\nstatic int __init __cold notrace\nwidget_init(struct widget *w,\n            int flags) __acquires(w->lock);\n",
    );
    assert_eq!(d.name, "widget_init");
    assert_eq!(d.return_type, "int");
    assert_eq!(
        params(&d),
        pairs(&[("struct widget *", "w"), ("int", "flags")])
    );
    assert_eq!(d.body, None);
}

#[test]
fn static_inline_function_and_comment_in_between() {
    let src = "/**\n */\n/* helper\n * more */\nstatic inline int pump_prime(struct pump *p)\n{\n\treturn 0;\n}\n";
    let d = decl_after_comment(src);
    assert_eq!(d.name, "pump_prime");
    assert_eq!(params(&d), pairs(&[("struct pump *", "p")]));
    let up = d.upstream.unwrap();
    assert_eq!(
        (up.name.as_str(), up.api_type),
        ("pump_prime", ApiType::Function)
    );
    // A `//` line ends the upstream search, but not ours.
    let src = "/**\n */\n// note\nint pump_stop(struct pump *p)\n{\n}\n";
    let d = decl_after_comment(src);
    assert_eq!((d.name.as_str(), d.upstream), ("pump_stop", None));
}

#[test]
fn function_pointers_arrays_and_unnamed_params() {
    let d = decl_after_comment(
        "/**\n */\nint reg(void (*cb)(int), char name[16], const char __user *path, int, struct foo *, ...);\n",
    );
    assert_eq!(
        params(&d),
        pairs(&[
            ("void (*)(int)", "cb"),
            ("char[16]", "name"),
            ("const char __user *", "path"),
            ("int", ""),
            ("struct foo *", ""),
        ])
    );
    assert!(d.variadic);
}

#[test]
fn ioctl_rule_and_non_functions() {
    let d = decl_after_comment("/**\n */\nstatic long widget_ioctl(struct file *f, unsigned int cmd, unsigned long arg)\n{}\n");
    let up = d.upstream.unwrap();
    assert_eq!(
        (up.name.as_str(), up.api_type),
        ("widget_ioctl", ApiType::Ioctl)
    );

    let src = "/**\n */\nstatic int widgets = 3;\n";
    let c = crate::comment::doc_comments(src).remove(0);
    assert_eq!(find_declaration(src, c.after), None);
    let src = "/**\n */\nstruct widget {\n\tint x;\n};\n";
    let c = crate::comment::doc_comments(src).remove(0);
    assert_eq!(find_declaration(src, c.after), None);
    let src = "/**\n */\n#define WIDGET(x) (x)\n";
    let c = crate::comment::doc_comments(src).remove(0);
    assert_eq!(find_declaration(src, c.after), None);
}

#[test]
fn braces_in_strings_and_comments_do_not_end_the_body() {
    let src = "/**\n */\nint f(void)\n{\n\tputs(\"}\"); /* } */ // }\n\treturn '}';\n}\nint g;\n";
    let d = decl_after_comment(src);
    assert!(d.body.unwrap().slice(src).ends_with("return '}';\n}"));
}

#[test]
fn upstream_function_rule_accepts_only_its_return_types() {
    for (line, found) in [
        ("static inline int attach_peek(int a)", Some("attach_peek")),
        ("ssize_t attach_read(int a)", Some("attach_read")),
        ("void attach_free(int a)", Some("attach_free")),
        ("unsigned long attach_n(void)", Some("attach_n")),
        ("struct attach * attach_x(void)", Some("attach_x")),
        ("struct attach* attach_y(void)", Some("attach_y")),
        ("attach_bare(void)", Some("attach_bare")),
        ("static int __init attach_init(void)", None),
        ("bool attach_busy(int a)", None),
        ("struct attach *attach_get(int id)", None),
        ("u32 attach_u(int a)", None),
        ("int attach_multi(int a,", None),
        ("  int indented(void)", None),
    ] {
        assert_eq!(simple_function_name(line), found, "{line}");
    }
}
