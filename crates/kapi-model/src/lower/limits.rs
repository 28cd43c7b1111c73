//! The KAPI_MAX_* limits of the newest `include/linux/kernel_api_spec.h` (language reference §8).
//! Neither upstream tool checks them, but the kernel's `struct kernel_api_spec` has fixed-size
//! arrays, so a spec with more entries than a limit does not fit the generated C spec.

use super::ctx::Ctx;
use crate::diagnostic::Code;
use crate::spec::Spec;
use kapi_syntax::TextRange;

pub(crate) const MAX_PARAMS: usize = 16;
pub(crate) const MAX_ERRORS: usize = 32;
pub(crate) const MAX_CONSTRAINTS: usize = 32;
pub(crate) const MAX_LOCKS: usize = 16;
pub(crate) const MAX_SIGNALS: usize = 32;
pub(crate) const MAX_CAPABILITIES: usize = 8;
pub(crate) const MAX_SIDE_EFFECTS: usize = 32;
pub(crate) const MAX_STATE_TRANS: usize = 8;

/// Reports the first entry of each kind that exceeds its limit.
pub(crate) fn check(cx: &mut Ctx<'_>, spec: &Spec) {
    let params = spec
        .parameters
        .iter()
        .map(|p| p.block.or(p.doc).map(|s| s.name));
    over(
        cx,
        "parameters",
        "KAPI_MAX_PARAMS",
        MAX_PARAMS,
        spec.parameters.len(),
        params,
    );
    let errors = spec.errors.iter().map(|e| Some(e.src.name));
    over(
        cx,
        "errors",
        "KAPI_MAX_ERRORS",
        MAX_ERRORS,
        spec.errors.len(),
        errors,
    );
    let cons = spec.constraints.iter().map(|c| Some(c.src.name));
    over(
        cx,
        "constraints",
        "KAPI_MAX_CONSTRAINTS",
        MAX_CONSTRAINTS,
        spec.constraints.len(),
        cons,
    );
    let locks = spec.locks.iter().map(|l| Some(l.src.name));
    over(
        cx,
        "locks",
        "KAPI_MAX_LOCKS",
        MAX_LOCKS,
        spec.locks.len(),
        locks,
    );
    let signals = spec.signals.iter().map(|s| Some(s.src.name));
    over(
        cx,
        "signals",
        "KAPI_MAX_SIGNALS",
        MAX_SIGNALS,
        spec.signals.len(),
        signals,
    );
    let caps = spec.capabilities.iter().map(|c| Some(c.src.name));
    over(
        cx,
        "capabilities",
        "KAPI_MAX_CAPABILITIES",
        MAX_CAPABILITIES,
        spec.capabilities.len(),
        caps,
    );
    let effects = spec.side_effects.iter().map(|e| Some(e.src.name));
    over(
        cx,
        "side effects",
        "KAPI_MAX_SIDE_EFFECTS",
        MAX_SIDE_EFFECTS,
        spec.side_effects.len(),
        effects,
    );
    let trans = spec.state_transitions.iter().map(|t| Some(t.src.name));
    over(
        cx,
        "state transitions",
        "KAPI_MAX_STATE_TRANS",
        MAX_STATE_TRANS,
        spec.state_transitions.len(),
        trans,
    );
}

fn over(
    cx: &mut Ctx<'_>,
    what: &str,
    constant: &str,
    max: usize,
    count: usize,
    mut ranges: impl Iterator<Item = Option<TextRange>>,
) {
    if count <= max {
        return;
    }
    let Some(Some(range)) = ranges.nth(max) else {
        return;
    };
    let rest = match count - max - 1 {
        0 => "this entry does not fit".to_string(),
        1 => "this entry and the one after it do not fit".to_string(),
        n => format!("this entry and the {n} after it do not fit"),
    };
    cx.report(
        Code::LimitExceeded,
        range,
        format!(
            "this spec has {count} {what}, but the kernel's `struct kernel_api_spec` holds at most {max} \
             ({constant}); {rest}"
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use expect_test::expect;

    #[test]
    fn limits_are_reported_on_the_first_entry_over() {
        let mut body = String::from("contexts: process\n");
        for i in 0..9 {
            body.push_str(&format!(
                "capability: CAP_SYS_ADMIN\n  type: bypass_check\n  allows: thing {i}\n"
            ));
        }
        for i in 0..10 {
            body.push_str(&format!("state-trans: obj{i}, a, b, moves\n"));
        }
        check(
            &frob(&body),
            expect![[r#"
            28:16..28:29 limit-exceeded error `CAP_SYS_ADMIN`: this spec has 9 capabilities, but the kernel's `struct kernel_api_spec` holds at most 8 (KAPI_MAX_CAPABILITIES); this entry does not fit
            39:17..39:21 limit-exceeded error `obj8`: this spec has 10 state transitions, but the kernel's `struct kernel_api_spec` holds at most 8 (KAPI_MAX_STATE_TRANS); this entry and the one after it do not fit
        "#]],
        );
    }

    #[test]
    fn at_the_limit_is_fine() {
        let mut body = String::from("contexts: process\n");
        for i in 0..16 {
            body.push_str(&format!("lock: l{i}, mutex\n"));
        }
        check(&frob(&body), expect![""]);
        body.push_str("lock: l16, mutex\n");
        check(
            &frob(&body),
            expect![[r#"
            20:10..20:13 limit-exceeded error `l16`: this spec has 17 locks, but the kernel's `struct kernel_api_spec` holds at most 16 (KAPI_MAX_LOCKS); this entry does not fit
        "#]],
        );
    }
}
