//! `context-violation`: a function that its spec allows in atomic context calls something
//! that may sleep.
//!
//! The caller is atomic-capable when its `contexts:` include `atomic`, `softirq`, `hardirq`,
//! `nmi`, `preempt_disabled` or `irq_disabled`. A callee may sleep when its spec says
//! `sleepable` or declares a `schedule` side effect. The call is reported when the callee's
//! spec does not allow one of the caller's atomic contexts itself (a callee that lists both
//! `sleepable` and `atomic` sleeps only conditionally and is trusted).
//!
//! Callees with a `gfp_t` parameter (the kmalloc family, `kstrdup`, ...) sleep according to
//! the GFP mask at the call: `GFP_KERNEL`, `GFP_NOFS`, `GFP_NOIO`, `GFP_USER` (anything with
//! direct reclaim) may sleep and are reported whatever the callee's contexts say;
//! `GFP_ATOMIC`, `GFP_NOWAIT` (with `__GFP_*` modifiers such as `__GFP_NOWARN`) never sleep; a
//! mask the checker cannot read (a variable) is given the benefit of the doubt.

use super::{body_facts, classify_gfp, context_bits, context_names, gfp_argument, resolve_callee, Gfp, ATOMIC_CONTEXTS, CTX_SLEEPABLE};
use crate::checks::SpecContext;
use crate::workspace::Analysis;
use kapi_model::{Code, Diagnostic};

/// `KAPI_EFFECT_SCHEDULE`.
const EFFECT_SCHEDULE: u32 = 1 << 9;

pub fn context_violation(analysis: &Analysis, ctx: &SpecContext<'_>, out: &mut Vec<Diagnostic>) {
    let caller = context_bits(ctx.spec);
    let atomic = caller & ATOMIC_CONTEXTS;
    if atomic == 0 {
        return;
    }
    let Some(facts) = body_facts(ctx) else { return };
    for call in &facts.calls {
        let Some(callee) = resolve_callee(analysis, ctx, &call.callee) else { continue };
        let callee_bits = context_bits(callee.spec);
        let schedules = callee.spec.side_effects.iter().any(|e| e.effect_type & EFFECT_SCHEDULE != 0);
        if callee_bits & CTX_SLEEPABLE == 0 && !schedules {
            continue;
        }
        let (violated, with) = match gfp_argument(&callee, call) {
            Some(arg) => match classify_gfp(arg) {
                Gfp::Blocking => (atomic, format!(" with `{arg}`")),
                Gfp::NonBlocking | Gfp::Unknown => continue,
            },
            None => (atomic & !callee_bits, String::new()),
        };
        if violated == 0 {
            continue;
        }
        let callee_ctx = if callee_bits == 0 { "none".to_string() } else { context_names(callee_bits) };
        let bundled = if callee.bundled { "bundled spec" } else { "spec" };
        let message = format!(
            "`{}()` may sleep{with} (its {bundled}: contexts {callee_ctx}{}), but `{}` can run in {} context (its spec: contexts {})",
            call.callee,
            if schedules && callee_bits & CTX_SLEEPABLE == 0 { "; side-effect schedule" } else { "" },
            ctx.spec.name,
            context_names(violated),
            context_names(caller)
        );
        out.push(Diagnostic::new(Code::ContextViolation, call.callee_range, message));
    }
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
