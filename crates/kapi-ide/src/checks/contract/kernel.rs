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

const CONTRACT: &[Code] =
    &[Code::UndocumentedError, Code::UnusedError, Code::UndocumentedCapability, Code::ContextViolation, Code::MissingSideEffect];

fn kernel_report() -> String {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/kernel"));
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
        bodies += data.analysis.specs.iter().filter(|s| s.src.body.is_some()).count();
        for d in analysis.diagnostics(id).into_iter().filter(|d| CONTRACT.contains(&d.code)) {
            let at = data.line_index.line_col(&data.text, d.range.start, ColumnUnit::Char);
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
    format!("{} files, {specs} specs, {bodies} with a body\n{out}", paths.len())
}

/// Triage (see the summary in `docs/diagnostics.md`): none of the seven specs disagrees with
/// its code in a way these rules can see, and the rules stay silent. Every errno the bodies
/// and their same-file helpers return is listed (capget's EFAULT/EINVAL via
/// `cap_validate_magic()`, ESRCH via `cap_get_target_pid()`; kexec_load's EPERM, EINVAL, EBUSY,
/// EADDRNOTAVAIL and ENOMEM through three helpers; faccessat's EINVAL, ENOMEM, EACCES and EROFS
/// through `do_faccessat()`; eventfd2's EINVAL and ENOMEM through `do_eventfd()`), the one
/// capability checked in a body (chroot's CAP_SYS_CHROOT) is documented, no spec allows
/// atomic context, and no specified callee brings an undeclared effect. `unused-error` is
/// silent because every body propagates the result of a function without a spec
/// (`security_capget()`, `user_path_at()`, `fd_publish()`, ...). The tests in `kernel_mutants`
/// below show the same files with one contract line removed each: those are found.
#[test]
fn kernel_files_are_consistent() {
    expect![[r#"
        5 files, 7 specs, 7 with a body
    "#]]
    .assert_eq(&kernel_report());
}
