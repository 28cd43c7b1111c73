//! Realistic files under `tests/fixtures/checks/contract-*.c`: each holds functions whose spec
//! matches the body (they must stay silent) next to drifted copies (every drift must be found).
//! The snapshot lists every contract diagnostic with the text it covers.

use super::test_util::{diagnostics, render};
use expect_test::{expect, Expect};
use kapi_model::Code;

const CONTRACT: &[Code] = &[
    Code::UndocumentedError,
    Code::UnusedError,
    Code::UndocumentedCapability,
    Code::ContextViolation,
    Code::MissingSideEffect,
];

fn check(text: &str, expect: Expect) {
    let mut all = Vec::new();
    for code in CONTRACT {
        all.extend(diagnostics(&[("/w/fixture.c", text)], *code));
    }
    all.sort_by_key(|d| (d.range.start, d.code));
    expect.assert_eq(&render(text, &all));
}

#[test]
fn frobfd() {
    check(
        include_str!("../../../../../tests/fixtures/checks/contract-frobfd.c"),
        expect![[r#"
            147:8 warning `frob_check_flags`: `-EPERM` (Operation not permitted) can come back from `frob_check_flags()` (it returns it at line 25), and is returned at line 149, but this spec has no `error: EPERM`
              fix: Add `error: EPERM` to the spec
            150:38 warning `CAP_IPC_LOCK`: the body checks `CAP_IPC_LOCK` with `capable()` (line 150), but the spec has no `capability: CAP_IPC_LOCK` block (Lock memory (mlock, mlockall, MAP_LOCKED, SHM_LOCK) beyond RLIMIT_MEMLOCK)
              fix: Add `capability: CAP_IPC_LOCK` to the spec
            151:10 warning `-EPERM`: `-EPERM` (Operation not permitted) is returned here, but the spec has no `error: EPERM`
              fix: Add `error: EPERM` to the spec
            156:14 warning `memdup_user`: `-EFAULT` (Bad address) is propagated from `memdup_user()`, whose bundled spec lists `EFAULT`, and is returned at line 160, but this spec has no `error: EFAULT`
              fix: Add `error: EFAULT` to the spec
            156:14 information `memdup_user`: `memdup_user()` (line 156) has the side effect `alloc_memory` (its bundled spec), and here it is stored in `frob->cfg` and never released, but this spec declares no `alloc_memory` side effect
              fix: Add `side-effect: alloc_memory` to the spec
            165:2 information `fd_install`: `fd_install()` (line 165) has the side effect `resource_create` (its bundled spec), and here it outlives the call, but this spec declares no `resource_create` side effect
              fix: Add `side-effect: resource_create` to the spec
            180:11 hint `EBUSY`: `EBUSY` is listed, but no `return` of the body can produce it
              fix: Remove the `error: EBUSY` block
        "#]],
    );
}

#[test]
fn frobtimer() {
    check(
        include_str!("../../../../../tests/fixtures/checks/contract-frobtimer.c"),
        expect![[r#"
            27:2 warning `mutex_lock`: `mutex_lock()` may sleep (its bundled spec: contexts process, sleepable), but `frob_timer_fire` can run in softirq, atomic context (its spec: contexts softirq, atomic)
            28:7 warning `kmalloc`: `kmalloc()` may sleep with `GFP_KERNEL` (its bundled spec: contexts process, softirq, hardirq, atomic, sleepable), but `frob_timer_fire` can run in softirq, atomic context (its spec: contexts softirq, atomic)
            75:6 warning `copy_to_user`: `copy_to_user()` may sleep (its bundled spec: contexts process, sleepable), but `frob_irq` can run in hardirq context (its spec: contexts hardirq)
            77:2 warning `msleep`: `msleep()` may sleep (its bundled spec: contexts process, sleepable), but `frob_irq` can run in hardirq context (its spec: contexts hardirq)
        "#]],
    );
}
