//! Realistic files under `tests/fixtures/checks/signature-*.c` that must produce exactly the
//! expected signature diagnostics, as `line:col code: message` lines. Only the signature codes
//! are shown, so the snapshots do not move when lowering or other rules change.

use super::test_util::apply_edits;
use crate::analyze_text;
use expect_test::{expect, Expect};
use kapi_model::Code;
use kapi_syntax::{ColumnUnit, LineIndex};

const SIGNATURE_CODES: &[Code] = &[
    Code::MissingParamSpec,
    Code::UnknownParamSpec,
    Code::ParamOrder,
    Code::ParamCountMismatch,
    Code::MissingParamDoc,
    Code::ExcessParamDoc,
    Code::TypeMismatch,
    Code::MissingUserFlag,
    Code::NameMismatch,
    Code::ReturnMismatch,
];

const FIXTURES: &[&str] = &[
    include_str!("../../../../../tests/fixtures/checks/signature-close.c"),
    include_str!("../../../../../tests/fixtures/checks/signature-read.c"),
    include_str!("../../../../../tests/fixtures/checks/signature-openat.c"),
    include_str!("../../../../../tests/fixtures/checks/signature-setxattr.c"),
];

fn check(text: &str, expect: Expect) {
    let analysis = analyze_text(text);
    assert!(!analysis.specs.is_empty(), "the fixture has no spec");
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in analysis
        .diagnostics
        .iter()
        .filter(|d| SIGNATURE_CODES.contains(&d.code))
    {
        let at = index.line_col(text, d.range.start, ColumnUnit::Char);
        out.push_str(&format!(
            "{}:{} {}: {}\n",
            at.line + 1,
            at.col + 1,
            d.code.as_str(),
            d.message
        ));
    }
    expect.assert_eq(&out);
}

#[test]
fn close() {
    check(
        include_str!("../../../../../tests/fixtures/checks/signature-close.c"),
        expect![[r#"
        47:4 name-mismatch: the title names `sys_close_old` but the comment documents `SYSCALL_DEFINE1(close_range_old, ...)`, which kernel-doc and `kapi` name `sys_close_range_old`; write `sys_close_range_old`
        48:5 excess-param-doc: Excess function parameter 'fdd' description in 'sys_close_range_old' (did you mean `@fd`?)
        51:17 param-count-mismatch: `param-count: 2` disagrees with the signature of `sys_close_range_old`, which has 1 parameter; write `param-count: 1`
        54:12 type-mismatch: `user_ptr` cannot describe parameter `fd` of C type `unsigned int`: `user_ptr` describes a pointer and this integer is too narrow to hold an address; write `fd`
        56:11 unknown-param-spec: `param: flags` names no parameter of `sys_close_range_old` (its parameters are `fd`); rename the block to one of them or remove it
        64:48 missing-param-doc: Function parameter or struct member 'fd' not described in 'sys_close_range_old' (add an `@fd:` line)
    "#]],
    );
}

#[test]
fn read() {
    check(
        include_str!("../../../../../tests/fixtures/checks/signature-read.c"),
        expect![[r#"
        22:11 param-order: `param: fd` comes after `param: count`, but `fd` is parameter 1 of `sys_read` and `count` is parameter 3; write the blocks in signature order: fd, buf, count
        27:12 missing-user-flag: `buf` is a `__user` pointer (`char __user *`) but its spec has neither a user type (`user_ptr`, `path`) nor the `user` flag, so it is checked as kernel memory; add `user` to its `flags:` line
        41:69 missing-param-doc: Function parameter or struct member 'count' not described in 'sys_read' (add an `@count:` line)
    "#]],
    );
}

#[test]
fn openat() {
    check(
        include_str!("../../../../../tests/fixtures/checks/signature-openat.c"),
        expect![[r#"
        61:12 type-mismatch: `ptr` cannot describe parameter `mode` of C type `umode_t`: `ptr` describes a pointer and this integer is too narrow to hold an address; write `uint`
        63:37 missing-param-spec: parameter `dfd` of `sys_openat` has no `param:` block; add `param: dfd` with `type: fd, input`
        63:78 missing-param-spec: parameter `flags` of `sys_openat` has no `param:` block; add `param: flags` with `type: int, input`
    "#]],
    );
}

#[test]
fn setxattr() {
    check(
        include_str!("../../../../../tests/fixtures/checks/signature-setxattr.c"),
        expect![[r#"
        49:4 name-mismatch: the title names `xattr_free` but the comment documents `kvfree_xattr()`; write `kvfree_xattr`
        58:18 return-mismatch: `kvfree_xattr` returns void, so there is no return value to check with `error_check`; remove the `return:` block, or write `check-type: no_return` if it never returns
        75:11 unknown-param-spec: `param: level` names no parameter of `xattr_log` (its parameters are `fmt`); rename the block to one of them or remove it
    "#]],
    );
}

/// Every fix offered on the fixtures removes the diagnostic it is attached to (one fewer of its
/// code afterwards) and leaves a file the engine still reads.
#[test]
fn every_fix_settles_its_diagnostic() {
    let mut applied = 0;
    for text in FIXTURES {
        let before = analyze_text(text).diagnostics;
        for d in before.iter().filter(|d| SIGNATURE_CODES.contains(&d.code)) {
            for fix in &d.fixes {
                let fixed = apply_edits(text, &fix.edits);
                let count = |diags: &[kapi_model::Diagnostic]| {
                    diags.iter().filter(|x| x.code == d.code).count()
                };
                let after = analyze_text(&fixed).diagnostics;
                assert_eq!(
                    count(&after) + 1,
                    count(&before),
                    "fix {:?} for {:?} did not settle it:\n{fixed}",
                    fix.title,
                    d.message
                );
                applied += 1;
            }
        }
    }
    assert!(applied >= 14, "only {applied} fixes were exercised");
}

/// Cut-off and line-deleted versions of the fixtures (half-typed comments, declarations without
/// bodies, comments without their end) never make a rule panic, and every fix stays inside the
/// text on character boundaries.
#[test]
fn broken_variants_do_not_panic() {
    for text in FIXTURES {
        let mut variants: Vec<String> = Vec::new();
        let mut cut = 0;
        while cut < text.len() {
            variants.push(text[..cut].to_string());
            cut += 7;
            while !text.is_char_boundary(cut.min(text.len())) {
                cut += 1;
            }
        }
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        for skip in 0..lines.len() {
            variants.push(
                lines
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != skip)
                    .map(|(_, l)| *l)
                    .collect(),
            );
        }
        for variant in &variants {
            for d in analyze_text(variant).diagnostics {
                for fix in &d.fixes {
                    for e in &fix.edits {
                        assert!(
                            e.range.end <= variant.len() && variant.is_char_boundary(e.range.start)
                        );
                        assert!(variant.is_char_boundary(e.range.end));
                    }
                    apply_edits(variant, &fix.edits);
                }
            }
        }
    }
}
