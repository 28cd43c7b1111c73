//! `undocumented-capability`: the body checks a capability the spec has no `capability:` block
//! for.
//!
//! The checks are the calls of `capable()`, `ns_capable()`, `ns_capable_noaudit()`,
//! `capable_wrt_inode_uidgid()`, `file_ns_capable()`, `has_capability()`, `sk_capable()`,
//! `netlink_capable()` and their relatives, with the `CAP_X` identifier found anywhere in their
//! arguments; and wrappers with fixed capabilities (`perfmon_capable()`: `CAP_PERFMON` or
//! `CAP_SYS_ADMIN`, `bpf_capable()`, `checkpoint_restore_ns_capable()`), documented when any
//! one of their capabilities is. Only the body's own checks count: a callee's capability is the
//! callee's contract. A capability counts as documented when a `capability:` block names it or
//! lists it among its alternatives. Reported once per capability, at its first check.

use super::{body_facts, line_of, CommentInsert};
use crate::checks::SpecContext;
use crate::workspace::Analysis;
use kapi_model::vocab::CAPABILITY;
use kapi_model::{Code, Diagnostic, Fix};
use kapi_syntax::TextRange;
use std::collections::BTreeSet;

pub fn undocumented_capability(
    _analysis: &Analysis,
    ctx: &SpecContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(facts) = body_facts(ctx) else { return };
    let mut reported = BTreeSet::new();
    for check in &facts.capability_checks {
        let call = &facts.calls[check.call];
        let missing: Vec<&(String, TextRange)> = if check.implied {
            if check.caps.iter().any(|(c, _)| documents(ctx, c)) {
                continue;
            }
            check.caps.iter().take(1).collect()
        } else {
            check
                .caps
                .iter()
                .filter(|(c, _)| !documents(ctx, c))
                .collect()
        };
        for (cap, range) in missing {
            if CAPABILITY.lookup(cap).is_none() || !reported.insert(cap.clone()) {
                continue;
            }
            let meaning = CAPABILITY
                .lookup(cap)
                .map_or("", |t| t.doc.trim_end_matches('.'));
            let how = if check.implied {
                let all: Vec<&str> = check.caps.iter().map(|(c, _)| c.as_str()).collect();
                format!(
                    "`{}()` (line {}) checks {}",
                    call.callee,
                    line_of(ctx.text, range.start),
                    all.join(" or ")
                )
            } else {
                format!(
                    "the body checks `{cap}` with `{}()` (line {})",
                    call.callee,
                    line_of(ctx.text, range.start)
                )
            };
            let message =
                format!("{how}, but the spec has no `capability: {cap}` block ({meaning})");
            let mut d = Diagnostic::new(Code::UndocumentedCapability, *range, message);
            if let Some(edit) = add_capability_edit(ctx, cap) {
                d.fixes.push(Fix {
                    title: format!("Add `capability: {cap}` to the spec"),
                    edits: vec![edit],
                });
            }
            out.push(d);
        }
    }
}

/// True when a `capability:` block names `cap` or lists it as an alternative. The block names
/// its capability in its header: in the flat form `capability: CAP_X, ACTION, NAME` the model's
/// `name` is the third part, so the header token is compared too.
fn documents(ctx: &SpecContext<'_>, cap: &str) -> bool {
    let value = CAPABILITY.lookup(cap).map(|t| t.value as i32);
    ctx.spec.capabilities.iter().any(|c| {
        c.name == cap
            || c.src.name.slice(ctx.text) == cap
            || value.is_some_and(|v| c.alternatives.contains(&v))
    })
}

/// Inserts a `capability:` block after the last one, else after the last `error:` block, else
/// before the end of the comment.
fn add_capability_edit(ctx: &SpecContext<'_>, cap: &str) -> Option<kapi_model::TextEdit> {
    let spec = ctx.spec;
    let last = |ranges: Vec<TextRange>| {
        ranges
            .into_iter()
            .filter(|r| !r.is_empty())
            .max_by_key(|r| r.end)
    };
    let anchor = last(spec.capabilities.iter().map(|c| c.src.range).collect())
        .or_else(|| last(spec.errors.iter().map(|e| e.src.range).collect()));
    CommentInsert::new(ctx).insert(
        anchor,
        &[
            format!("capability: {cap}"),
            "  type: perform_operation".to_string(),
            "  allows: <what the capability allows>".to_string(),
            "  without: <what happens without it, e.g. -EPERM>".to_string(),
        ],
    )
}

#[cfg(test)]
mod tests {
    use crate::checks::contract::test_util::{check, check_fix, check_silent};
    use expect_test::expect;
    use kapi_model::Code;

    const C: Code = Code::UndocumentedCapability;

    const HEAD: &str = r#"/**
 * sys_frob - frobnicate
 * @fd: descriptor
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *
 * error: EPERM, not allowed
 *
 * capability: CAP_SYS_ADMIN
 *   type: perform_operation
 *   allows: frobbing
 *   without: -EPERM
 */
"#;

    #[test]
    fn undocumented_checks_once_per_capability() {
        check(
            C,
            &format!(
                "{HEAD}SYSCALL_DEFINE1(frob, int, fd)\n{{\n\tif (!capable(CAP_SYS_ADMIN) || !ns_capable(current_user_ns(), CAP_NET_ADMIN))\n\t\treturn -EPERM;\n\tif (fd && !ns_capable(ns, CAP_NET_ADMIN))\n\t\treturn -EPERM;\n\tif (!perfmon_capable())\n\t\treturn -EPERM;\n\treturn 0;\n}}\n"
            ),
            expect![[r#"
                19:64 warning `CAP_NET_ADMIN`: the body checks `CAP_NET_ADMIN` with `ns_capable()` (line 19), but the spec has no `capability: CAP_NET_ADMIN` block (Network administration: interfaces, routing, firewall, socket options such as SO_PRIORITY)
                  fix: Add `capability: CAP_NET_ADMIN` to the spec
            "#]],
        );
    }

    #[test]
    fn implied_wrappers_need_one_of_their_capabilities() {
        check(
            C,
            &(HEAD.replace("CAP_SYS_ADMIN", "CAP_SETUID")
                + "SYSCALL_DEFINE1(frob, int, fd)\n{\n\treturn bpf_capable() ? 0 : -EPERM;\n}\n"),
            expect![[r#"
                19:9 warning `bpf_capable`: `bpf_capable()` (line 19) checks CAP_BPF or CAP_SYS_ADMIN, but the spec has no `capability: CAP_BPF` block (Privileged BPF operations: create maps, load programs, read BPF objects)
                  fix: Add `capability: CAP_BPF` to the spec
            "#]],
        );
        check_silent(C, &format!("{HEAD}SYSCALL_DEFINE1(frob, int, fd)\n{{\n\treturn bpf_capable() ? 0 : -EPERM;\n}}\n"));
    }

    #[test]
    fn fix_adds_a_block_after_the_last_capability() {
        check_fix(
            C,
            &format!("{HEAD}SYSCALL_DEFINE1(frob, int, fd)\n{{\n\treturn capable(CAP_SYS_NICE) ? 0 : -EPERM;\n}}\n"),
            0,
            expect![[r#"
                /**
                 * sys_frob - frobnicate
                 * @fd: descriptor
                 *
                 * contexts: process, sleepable
                 *
                 * param: fd
                 *   type: fd, input
                 *
                 * error: EPERM, not allowed
                 *
                 * capability: CAP_SYS_ADMIN
                 *   type: perform_operation
                 *   allows: frobbing
                 *   without: -EPERM
                 *
                 * capability: CAP_SYS_NICE
                 *   type: perform_operation
                 *   allows: <what the capability allows>
                 *   without: <what happens without it, e.g. -EPERM>
                 */
                SYSCALL_DEFINE1(frob, int, fd)
                {
                	return capable(CAP_SYS_NICE) ? 0 : -EPERM;
                }
            "#]],
        );
    }

    #[test]
    fn documented_and_variable_capabilities_are_silent() {
        check_silent(
            C,
            &format!("{HEAD}SYSCALL_DEFINE1(frob, int, fd)\n{{\n\tif (!capable(CAP_SYS_ADMIN))\n\t\treturn -EPERM;\n\treturn capable(fd) ? 0 : -EPERM;\n}}\n"),
        );
    }
}
