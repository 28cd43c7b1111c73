//! The contract checks on real kernel code: every file of `tests/fixtures/kernel/` (excerpts of
//! KAPI-annotated kernel sources, see the README there) is loaded into one workspace, and every
//! diagnostic of the five contract rules is snapshotted below, each one triaged as a true or
//! false positive in the comment above the snapshot. A change in this output is a change in
//! precision or recall on real code, so it must be read and judged.

use crate::workspace::AnalysisHost;
use expect_test::expect;
use kapi_model::Code;
use kapi_syntax::ColumnUnit;
use std::path::PathBuf;

const CONTRACT: &[Code] = &[
    Code::UndocumentedError,
    Code::UnusedError,
    Code::UndocumentedCapability,
    Code::ContextViolation,
    Code::MissingSideEffect,
];

fn kernel_report() -> String {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/kernel"
    ));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("kernel fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    paths.sort();
    let mut host = AnalysisHost::new();
    let ids: Vec<_> = paths
        .iter()
        .map(|p| host.set_file_text(p, std::fs::read_to_string(p).expect("utf-8 fixture").into()))
        .collect();
    let analysis = host.analysis();
    let mut out = String::new();
    let (mut specs, mut bodies) = (0, 0);
    for (path, id) in paths.iter().zip(ids) {
        let data = analysis.file(id).expect("loaded");
        specs += data.analysis.specs.len();
        bodies += data
            .analysis
            .specs
            .iter()
            .filter(|s| s.src.body.is_some())
            .count();
        for d in analysis
            .diagnostics(id)
            .into_iter()
            .filter(|d| CONTRACT.contains(&d.code))
        {
            let at = data
                .line_index
                .line_col(&data.text, d.range.start, ColumnUnit::Char);
            out += &format!(
                "{}:{}:{}: {} [{}] {}\n",
                path.file_name().and_then(|n| n.to_str()).unwrap_or("?"),
                at.line + 1,
                at.col + 1,
                d.severity.as_str(),
                d.code.as_str(),
                d.message
            );
        }
    }
    format!(
        "{} files, {specs} specs, {bodies} with a body\n{out}",
        paths.len()
    )
}

/// Triage: none of the nine specs disagrees with its code in a way these rules can see, and
/// the rules stay silent (0 true and 0 false positives for each of the five rules). Every errno
/// the bodies and their same-file helpers return is listed: capget's EFAULT and EINVAL via
/// `cap_validate_magic()`, ESRCH via `cap_get_target_pid()`; kexec_load's EPERM, EINVAL, EBUSY,
/// EADDRNOTAVAIL and ENOMEM through three helpers; read's EBADF, EINVAL, EFAULT and EOVERFLOW
/// through `ksys_read()`, `vfs_read()` and `rw_verify_area()`; faccessat's EINVAL, ENOMEM,
/// EACCES and EROFS through `do_faccessat()`; eventfd2's EINVAL and ENOMEM through
/// `do_eventfd()`. The one capability checked in a body (chroot's CAP_SYS_CHROOT) is
/// documented, no spec allows atomic context, and no specified callee brings an undeclared
/// effect. `unused-error` is silent because every body propagates the result of a function
/// without a spec (`security_capget()`, `user_path_at()`, `fd_publish()`, ...). The test
/// `kernel_mutants` below changes one contract line at a time in the same files: each change
/// is found.
#[test]
fn kernel_files_are_consistent() {
    expect![[r#"
        6 files, 9 specs, 9 with a body
    "#]]
    .assert_eq(&kernel_report());
}

/// The kernel files with one contract line changed each: the change must be found, at the place
/// in the real code that contradicts it. (Recall on real code: each mutant is a true positive.)
#[test]
fn kernel_mutants() {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/kernel"
    ));
    let mutants: &[(&str, &str, &str)] = &[
        // kexec_load: EBUSY comes from do_kexec_load(), two calls away.
        (
            "kernel__kexec.c",
            " * error: EBUSY, Another kexec operation is in progress\n",
            "",
        ),
        // chroot: the ns_capable(CAP_SYS_CHROOT) check.
        (
            "fs__open.c",
            " * capability: CAP_SYS_CHROOT\n",
            " * capability: CAP_SYS_ADMIN\n",
        ),
        // capget: ESRCH from cap_get_target_pid(); EINVAL is tested by the caller and stays out.
        (
            "kernel__capability.c",
            " * error: ESRCH, No such process\n",
            "",
        ),
        // set_robust_list: a listed errno its two-line body cannot return.
        (
            "kernel__futex__syscalls.c",
            " * error: EINVAL, Invalid structure size\n",
            " * error: EINVAL, Invalid structure size\n *\n * error: ENOSPC, Invented\n",
        ),
        // read: EOVERFLOW comes from rw_verify_area(), through vfs_read() and ksys_read().
        (
            "fs__read_write.c",
            " * error: EOVERFLOW, Value too large for defined data type\n",
            "",
        ),
        // capget in atomic context: get_user() and copy_to_user() may fault and sleep.
        (
            "kernel__capability.c",
            " * context-flags: KAPI_CTX_PROCESS | KAPI_CTX_SLEEPABLE\n",
            " * context-flags: KAPI_CTX_PROCESS | KAPI_CTX_ATOMIC\n",
        ),
    ];
    let mut out = String::new();
    for (file, from, to) in mutants {
        let text = std::fs::read_to_string(dir.join(file)).expect("fixture");
        assert!(text.contains(from), "{file} no longer contains {from:?}");
        let mutant = text.replacen(from, to, 1);
        let mut host = AnalysisHost::new();
        let id = host.set_file_text(&dir.join(file), mutant.clone().into());
        let analysis = host.analysis();
        let data = analysis.file(id).expect("loaded");
        out += &format!("== {file}: {:?} -> {:?}\n", from.trim(), to.trim());
        for d in analysis
            .diagnostics(id)
            .into_iter()
            .filter(|d| CONTRACT.contains(&d.code))
        {
            let at = data
                .line_index
                .line_col(&mutant, d.range.start, ColumnUnit::Char);
            out += &format!(
                "{}:{} [{}] `{}`: {}\n",
                at.line + 1,
                at.col + 1,
                d.code.as_str(),
                d.range.slice(&mutant),
                d.message
            );
        }
    }
    expect![[r#"
        == kernel__kexec.c: "* error: EBUSY, Another kexec operation is in progress" -> ""
        381:11 [undocumented-error] `do_kexec_load`: `-EBUSY` (Device or resource busy) can come back from `do_kexec_load()` (it returns it at line 104), and is returned at line 384, but this spec has no `error: EBUSY`
        == fs__open.c: "* capability: CAP_SYS_CHROOT" -> "* capability: CAP_SYS_ADMIN"
        660:37 [undocumented-capability] `CAP_SYS_CHROOT`: the body checks `CAP_SYS_CHROOT` with `ns_capable()` (line 660), but the spec has no `capability: CAP_SYS_CHROOT` block (Use chroot())
        == kernel__capability.c: "* error: ESRCH, No such process" -> ""
        178:8 [undocumented-error] `cap_get_target_pid`: `-ESRCH` (No such process) can come back from `cap_get_target_pid()` (it returns it at line 85), and is returned at line 180, but this spec has no `error: ESRCH`
        == kernel__futex__syscalls.c: "* error: EINVAL, Invalid structure size" -> "* error: EINVAL, Invalid structure size\n *\n * error: ENOSPC, Invented"
        38:11 [unused-error] `ENOSPC`: `ENOSPC` is listed, but no `return` of the body can produce it
        == fs__read_write.c: "* error: EOVERFLOW, Value too large for defined data type" -> ""
        283:9 [undocumented-error] `ksys_read`: `-EOVERFLOW` (Value too large for defined data type) can come back from `ksys_read()` (`rw_verify_area()` returns it at line 48), and is returned at line 283, but this spec has no `error: EOVERFLOW`
        == kernel__capability.c: "* context-flags: KAPI_CTX_PROCESS | KAPI_CTX_SLEEPABLE" -> "* context-flags: KAPI_CTX_PROCESS | KAPI_CTX_ATOMIC"
        173:6 [context-violation] `get_user`: `get_user()` may sleep (its bundled spec: contexts process, sleepable), but `sys_capget` can run in atomic context (its spec: contexts process, atomic)
        211:6 [context-violation] `copy_to_user`: `copy_to_user()` may sleep (its bundled spec: contexts process, sleepable), but `sys_capget` can run in atomic context (its spec: contexts process, atomic)
    "#]].assert_eq(&out);
}

/// Timing of the contract rules on the kernel fixtures, run by hand:
/// `cargo test --release -p kapi-ide contract_perf -- --ignored --nocapture`. The first round
/// summarises the bodies; later rounds are what an editor pays per keystroke in a comment.
#[test]
#[ignore = "timing, run by hand"]
fn contract_perf() {
    use std::time::Instant;
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/kernel"
    ));
    let mut host = AnalysisHost::new();
    let mut ids = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "c") {
            ids.push(host.set_file_text(&p, std::fs::read_to_string(&p).unwrap().into()));
        }
    }
    let analysis = host.analysis();
    let mut rounds = Vec::new();
    for _ in 0..20 {
        let start = Instant::now();
        for id in &ids {
            std::hint::black_box(analysis.diagnostics(*id));
        }
        rounds.push(start.elapsed());
    }
    println!(
        "diagnostics of {} files, all rules: first {:?}, then {:?} per round",
        ids.len(),
        rounds[0],
        rounds[rounds.len() - 1]
    );
}
