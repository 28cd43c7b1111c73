//! `context-violation`: a function that its spec allows in atomic context calls something
//! that may sleep.
//!
//! The caller is atomic-capable when its `contexts:` include `atomic`, `softirq`, `hardirq`,
//! `nmi`, `preempt_disabled` or `irq_disabled`. A callee may sleep when its spec says
//! `sleepable` or declares a `schedule` side effect. The call is reported when the callee's
//! spec does not allow one of the caller's atomic contexts itself (a callee that lists both
//! `sleepable` and `atomic` sleeps only conditionally and is trusted).
//!
//! A caller in process context makes its own atomic sections: a sleeping call made while a
//! spinlock, rwlock or RCU read lock taken in the body is held (a callee whose spec has a
//! `lock:` of type `spinlock`, `rwlock` or `rcu` with `acquired: yes`, called before it on every
//! path through the blocks, with no call releasing the same lock argument in between) is
//! reported too, whatever the caller's contexts.
//!
//! Callees with a `gfp_t` parameter (the kmalloc family, `kstrdup`, ...) sleep according to
//! the GFP mask at the call: `GFP_KERNEL`, `GFP_NOFS`, `GFP_NOIO`, `GFP_USER` (anything with
//! direct reclaim) may sleep and are reported whatever the callee's contexts say;
//! `GFP_ATOMIC`, `GFP_NOWAIT` (with `__GFP_*` modifiers such as `__GFP_NOWARN`) never sleep; a
//! mask the checker cannot read (a variable) is given the benefit of the doubt.

use super::{
    body_facts, classify_gfp, context_bits, context_names, gfp_argument, line_of, resolve_callee,
    Callee, Gfp, ATOMIC_CONTEXTS, CTX_ATOMIC, CTX_SLEEPABLE,
};
use crate::checks::SpecContext;
use crate::workspace::Analysis;
use kapi_model::{Code, Diagnostic};
use kapi_syntax::body::BodyFacts;

/// `KAPI_EFFECT_SCHEDULE`.
const EFFECT_SCHEDULE: u32 = 1 << 9;

pub fn context_violation(analysis: &Analysis, ctx: &SpecContext<'_>, out: &mut Vec<Diagnostic>) {
    let caller = context_bits(ctx.spec);
    let atomic = caller & ATOMIC_CONTEXTS;
    let Some(facts) = body_facts(ctx) else { return };
    let callees: Vec<Option<Callee<'_>>> = facts
        .calls
        .iter()
        .map(|c| resolve_callee(analysis, ctx, &c.callee))
        .collect();
    for (i, call) in facts.calls.iter().enumerate() {
        let Some(callee) = &callees[i] else { continue };
        let callee_bits = context_bits(callee.spec);
        let schedules = callee
            .spec
            .side_effects
            .iter()
            .any(|e| e.effect_type & EFFECT_SCHEDULE != 0);
        if callee_bits & CTX_SLEEPABLE == 0 && !schedules {
            continue;
        }
        // The atomic contexts the call may sleep in, and how the message says why it sleeps.
        let (sleeps_in, with) = match gfp_argument(callee, call) {
            Some(arg) => match classify_gfp(arg) {
                Gfp::Blocking => (ATOMIC_CONTEXTS, format!(" with `{arg}`")),
                Gfp::NonBlocking | Gfp::Unknown => continue,
            },
            None => (ATOMIC_CONTEXTS & !callee_bits, String::new()),
        };
        let callee_ctx = if callee_bits == 0 {
            "none".to_string()
        } else {
            context_names(callee_bits)
        };
        let bundled = if callee.bundled {
            "bundled spec"
        } else {
            "spec"
        };
        let why = format!(
            "`{}()` may sleep{with} (its {bundled}: contexts {callee_ctx}{})",
            call.callee,
            if schedules && callee_bits & CTX_SLEEPABLE == 0 {
                "; side-effect schedule"
            } else {
                ""
            },
        );
        let violated = atomic & sleeps_in;
        if violated != 0 {
            let message = format!(
                "{why}, but `{}` can run in {} context (its spec: contexts {})",
                ctx.spec.name,
                context_names(violated),
                context_names(caller)
            );
            out.push(Diagnostic::new(
                Code::ContextViolation,
                call.callee_range,
                message,
            ));
        } else if sleeps_in & CTX_ATOMIC != 0 {
            if let Some(held) = held_atomic_lock(&facts, &callees, i) {
                let lock = &facts.calls[held];
                // `&w->lock`, or for an argument-less lock the name its spec gives (`rcu`).
                let name = match lock.args.first() {
                    Some(a) => a.text.clone(),
                    None => callees[held]
                        .as_ref()
                        .and_then(|c| c.spec.locks.iter().find(|l| l.scope == SCOPE_ACQUIRES))
                        .map_or_else(|| "the lock".to_string(), |l| l.lock_name.clone()),
                };
                let message = format!(
                    "{why}, but it is called with `{name}` held (taken by `{}()` at line {}), which makes the context atomic",
                    lock.callee,
                    line_of(ctx.text, lock.callee_range.start)
                );
                out.push(Diagnostic::new(
                    Code::ContextViolation,
                    call.callee_range,
                    message,
                ));
            }
        }
    }
}

/// `KAPI_LOCK_SPINLOCK`, `KAPI_LOCK_RWLOCK`, `KAPI_LOCK_RCU`: locks whose holder must not sleep.
const ATOMIC_LOCK_TYPES: &[u32] = &[2, 3, 5];
const SCOPE_ACQUIRES: u32 = 1;
const SCOPE_RELEASES: u32 = 2;

/// True when the callee's spec has a `lock:` of an atomic type with this scope.
fn atomic_lock(callee: &Option<Callee<'_>>, scope: u32) -> bool {
    callee.as_ref().is_some_and(|c| {
        c.spec
            .locks
            .iter()
            .any(|l| ATOMIC_LOCK_TYPES.contains(&l.lock_type) && l.scope == scope)
    })
}

/// The call that took an atomic lock still held at call `at`: it runs before `at` on every
/// path through the blocks (see [`BodyFacts::dominates`]), and no call releasing the same lock
/// (same first argument, spaces ignored) lies between the two in the text.
fn held_atomic_lock(facts: &BodyFacts, callees: &[Option<Callee<'_>>], at: usize) -> Option<usize> {
    let compact = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let lock_arg = |i: usize| {
        facts.calls[i]
            .args
            .first()
            .map(|a| compact(&a.text))
            .unwrap_or_default()
    };
    let here = facts.calls[at].range.start;
    (0..facts.calls.len()).find(|&a| {
        atomic_lock(&callees[a], SCOPE_ACQUIRES)
            && facts.calls[a].range.end <= here
            && facts.dominates(a, at)
            && !(0..facts.calls.len()).any(|r| {
                atomic_lock(&callees[r], SCOPE_RELEASES)
                    && lock_arg(r) == lock_arg(a)
                    && facts.calls[r].range.start >= facts.calls[a].range.end
                    && facts.calls[r].range.start < here
            })
    })
}

#[cfg(test)]
mod tests {
    use crate::checks::contract::test_util::{check, check_files, check_silent};
    use expect_test::expect;
    use kapi_model::Code;

    const C: Code = Code::ContextViolation;

    fn irq_handler(body: &str) -> String {
        format!(
            r#"/**
 * widget_irq - interrupt handler
 * @w: the widget
 *
 * contexts: hardirq, atomic
 *
 * param: w
 *   type: ptr, input
 */
int widget_irq(struct widget *w)
{{
{body}
}}
"#
        )
    }

    #[test]
    fn sleeping_calls_in_atomic_context() {
        check(
            C,
            &irq_handler("\tmutex_lock(&w->lock);\n\tw->buf = kmalloc(64, GFP_KERNEL);\n\tmsleep(10);\n\tmutex_unlock(&w->lock);\n\treturn copy_to_user(w->ubuf, w->buf, 64) ? -EFAULT : 0;"),
            expect![[r#"
                12:2 warning `mutex_lock`: `mutex_lock()` may sleep (its bundled spec: contexts process, sleepable), but `widget_irq` can run in hardirq, atomic context (its spec: contexts hardirq, atomic)
                13:11 warning `kmalloc`: `kmalloc()` may sleep with `GFP_KERNEL` (its bundled spec: contexts process, softirq, hardirq, atomic, sleepable), but `widget_irq` can run in hardirq, atomic context (its spec: contexts hardirq, atomic)
                14:2 warning `msleep`: `msleep()` may sleep (its bundled spec: contexts process, sleepable), but `widget_irq` can run in hardirq, atomic context (its spec: contexts hardirq, atomic)
                16:9 warning `copy_to_user`: `copy_to_user()` may sleep (its bundled spec: contexts process, sleepable), but `widget_irq` can run in hardirq, atomic context (its spec: contexts hardirq, atomic)
            "#]],
        );
    }

    #[test]
    fn non_blocking_gfp_and_atomic_callees_are_fine() {
        check_silent(
            C,
            &irq_handler(
                "\tunsigned long flags;\n\n\tspin_lock_irqsave(&w->lock, flags);\n\tw->a = kmalloc(64, GFP_ATOMIC);\n\tw->b = kzalloc(64, GFP_NOWAIT | __GFP_NOWARN);\n\tw->c = kmalloc_array(4, 8, gfp);\n\tspin_unlock_irqrestore(&w->lock, flags);\n\tkfree(w->old);\n\tudelay(5);\n\treturn 0;",
            ),
        );
    }

    #[test]
    fn sleeping_with_a_spinlock_or_rcu_held() {
        check(
            C,
            r#"/**
 * widget_update - update a widget
 * @w: the widget
 *
 * contexts: process, sleepable
 *
 * param: w
 *   type: ptr, input
 */
int widget_update(struct widget *w)
{
	unsigned long flags;

	spin_lock_irqsave(&w->lock, flags);
	w->buf = kmalloc(64, GFP_KERNEL);
	if (w->x) {
		spin_unlock_irqrestore(&w->lock, flags);
		msleep(1);
		return 0;
	}
	w->tmp = kmalloc(8, GFP_ATOMIC);
	spin_unlock_irqrestore(&w->lock, flags);
	mutex_lock(&w->mutex);
	rcu_read_lock();
	might_sleep();
	rcu_read_unlock();
	mutex_unlock(&w->mutex);
	return 0;
}
"#,
            expect![[r#"
                15:11 warning `kmalloc`: `kmalloc()` may sleep with `GFP_KERNEL` (its bundled spec: contexts process, softirq, hardirq, atomic, sleepable), but it is called with `&w->lock` held (taken by `spin_lock_irqsave()` at line 14), which makes the context atomic
                25:2 warning `might_sleep`: `might_sleep()` may sleep (its bundled spec: contexts process, sleepable), but it is called with `rcu` held (taken by `rcu_read_lock()` at line 24), which makes the context atomic
            "#]],
        );
    }

    #[test]
    fn process_context_callers_may_sleep() {
        check_silent(
            C,
            r#"/**
 * widget_ioctl - control a widget
 * @w: the widget
 *
 * contexts: process, sleepable
 *
 * param: w
 *   type: ptr, input
 */
long widget_ioctl(struct widget *w)
{
	mutex_lock(&w->lock);
	msleep(1);
	mutex_unlock(&w->lock);
	return 0;
}
"#,
        );
    }

    #[test]
    fn workspace_callees_and_partial_overlap() {
        // The helper allows softirq but not hardirq, and may sleep.
        let helper = r#"/**
 * widget_flush - flush a widget
 * @w: the widget
 *
 * contexts: process, softirq, sleepable
 *
 * param: w
 *   type: ptr, input
 */
void widget_flush(struct widget *w);
"#;
        let main = r#"/**
 * widget_tick - timer callback
 * @w: the widget
 *
 * contexts: softirq, hardirq
 *
 * param: w
 *   type: ptr, input
 */
void widget_tick(struct widget *w)
{
	widget_flush(w);
}
"#;
        check_files(
            C,
            &[("/w/main.c", main), ("/w/helper.c", helper)],
            expect![[r#"
                12:2 warning `widget_flush`: `widget_flush()` may sleep (its spec: contexts process, softirq, sleepable), but `widget_tick` can run in hardirq context (its spec: contexts softirq, hardirq)
            "#]],
        );
    }
}
