//! `missing-side-effect` (information): a callee declares a side effect that outlives the call,
//! so the caller has it too, and the caller's spec does not declare it.
//!
//! Which callee effects propagate to the caller, and when (`docs/diagnostics.md` has the same
//! table):
//!
//! | effect | propagates when |
//! |---|---|
//! | `alloc_memory` | the allocation escapes (its pointer is returned, or stored through a pointer, a field or an array element, or handed on with `return_ptr()`/`no_free_ptr()`), and the body neither frees it (passes it to a callee declaring `free_memory`, also through the variable or field it was stored in) nor declares the variable `__free(...)` |
//! | `resource_create` | as `alloc_memory`, with `resource_destroy` callees; a callee returning `void` (`fd_install()`) always |
//! | `lock_acquire` | no call in the body releases the same lock (a callee declaring `lock_release` with the same first argument, spaces ignored) |
//! | `lock_release` | no call in the body acquires the same lock first |
//! | `schedule` | the caller's contexts lack `sleepable` (which already says it may sleep) and every atomic context (there the call is a `context-violation`, and declaring `schedule` would be the wrong fix); for a GFP-taking callee only when the mask may sleep |
//! | `signal_send`, `file_position`, `hardware`, `network`, `filesystem`, `process_state`, `irreversible` | always |
//! | `free_memory`, `resource_destroy`, `modify_state` | never: releasing what the body itself obtained is not an effect of the caller, and `modify_state` is too unspecific to carry over (the caller's spec names the state it changes, often with a more precise effect) |
//!
//! Reported once per effect, at the first call that brings it, with a fix that adds a
//! `side-effect:` block.

use super::{
    body_facts, classify_gfp, context_bits, gfp_argument, line_of, resolve_callee, returns_void,
    Callee, CommentInsert, Gfp, ATOMIC_CONTEXTS, CTX_SLEEPABLE,
};
use crate::checks::SpecContext;
use crate::workspace::Analysis;
use kapi_model::vocab::EFFECT_TYPE;
use kapi_model::{Code, Diagnostic, Fix, TextEdit};
use kapi_syntax::body::BodyFacts;
use kapi_syntax::TextRange;
use std::collections::BTreeSet;

const ALLOC_MEMORY: u32 = 1;
const FREE_MEMORY: u32 = 1 << 1;
const LOCK_ACQUIRE: u32 = 1 << 5;
const LOCK_RELEASE: u32 = 1 << 6;
const RESOURCE_CREATE: u32 = 1 << 7;
const RESOURCE_DESTROY: u32 = 1 << 8;
const SCHEDULE: u32 = 1 << 9;
/// Effects that always carry over to the caller.
const ALWAYS: &[u32] = &[1 << 3, 1 << 4, 1 << 10, 1 << 11, 1 << 12, 1 << 13, 1 << 14];

pub fn missing_side_effect(analysis: &Analysis, ctx: &SpecContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(facts) = body_facts(ctx) else { return };
    let declared = ctx
        .spec
        .side_effects
        .iter()
        .fold(0, |acc, e| acc | e.effect_type);
    let contexts = context_bits(ctx.spec);
    // A sleepable caller already says it may sleep; in an atomic caller a sleeping call is a
    // `context-violation`, not a missing effect.
    let schedule_allowed = contexts & CTX_SLEEPABLE == 0 && contexts & ATOMIC_CONTEXTS == 0;
    let callees: Vec<Option<Callee<'_>>> = facts
        .calls
        .iter()
        .map(|c| resolve_callee(analysis, ctx, &c.callee))
        .collect();
    let effects = |i: usize| {
        callees[i].as_ref().map_or(0, |c| {
            c.spec
                .side_effects
                .iter()
                .fold(0, |acc, e| acc | e.effect_type)
        })
    };
    let lock_of = |i: usize| {
        facts.calls[i]
            .args
            .first()
            .map(|a| compact(&a.text))
            .unwrap_or_default()
    };
    let locks_with = |bit: u32| -> BTreeSet<String> {
        (0..facts.calls.len())
            .filter(|&i| effects(i) & bit != 0)
            .map(lock_of)
            .collect()
    };
    let released = locks_with(LOCK_RELEASE);
    let acquired = locks_with(LOCK_ACQUIRE);
    let freed = released_results(&facts, &|i| effects(i) & FREE_MEMORY != 0);
    let destroyed = released_results(&facts, &|i| effects(i) & RESOURCE_DESTROY != 0);
    let returned: BTreeSet<usize> = facts
        .propagated
        .iter()
        .filter(|p| p.whole_value)
        .map(|p| p.call)
        .collect();

    let mut reported = BTreeSet::new();
    for (i, call) in facts.calls.iter().enumerate() {
        let Some(callee) = &callees[i] else { continue };
        let have = effects(i);
        for bit in (0..15)
            .map(|b| 1u32 << b)
            .filter(|b| have & b != 0 && declared & b == 0)
        {
            let escapes = |released: &BTreeSet<usize>| -> Option<String> {
                if released.contains(&i) || facts.auto_freed.contains(&i) {
                    return None;
                }
                if returned.contains(&i) {
                    return Some("it is returned".to_string());
                }
                facts
                    .stored_into
                    .iter()
                    .find(|(c, _)| *c == i)
                    .map(|(_, t)| format!("it is stored in `{t}` and never released"))
                    .or_else(|| {
                        facts
                            .escaping
                            .contains(&i)
                            .then(|| "it is handed on and never released".to_string())
                    })
            };
            let why = match bit {
                ALLOC_MEMORY => escapes(&freed),
                RESOURCE_CREATE if callee.decl.is_some_and(returns_void) => {
                    Some("it outlives the call".to_string())
                }
                RESOURCE_CREATE => escapes(&destroyed),
                LOCK_ACQUIRE => (!released.contains(&lock_of(i))).then(|| {
                    format!(
                        "`{}` is still held on return",
                        facts.calls[i]
                            .args
                            .first()
                            .map_or("the lock", |a| a.text.as_str())
                    )
                }),
                LOCK_RELEASE => (!acquired.contains(&lock_of(i))).then(|| {
                    format!(
                        "`{}` was held on entry",
                        facts.calls[i]
                            .args
                            .first()
                            .map_or("the lock", |a| a.text.as_str())
                    )
                }),
                SCHEDULE => {
                    let may = match gfp_argument(callee, call) {
                        Some(arg) => classify_gfp(arg) == Gfp::Blocking,
                        None => true,
                    };
                    (may && schedule_allowed)
                        .then(|| format!("`{}` is not declared `sleepable` either", ctx.spec.name))
                }
                b if ALWAYS.contains(&b) => Some("it outlives the call".to_string()),
                _ => None,
            };
            let Some(why) = why else { continue };
            if !reported.insert(bit) {
                continue;
            }
            let token = EFFECT_TYPE
                .by_value(bit as i64)
                .map_or("?", |t| t.aliases.first().copied().unwrap_or(t.long));
            let whose = if callee.bundled {
                "its bundled spec"
            } else {
                "its spec"
            };
            let message = format!(
                "`{}()` (line {}) has the side effect `{token}` ({whose}), and here {why}, but this spec declares no `{token}` side effect{}",
                call.callee,
                line_of(ctx.text, call.callee_range.start),
                if bit == SCHEDULE { " (or `sleepable` context)" } else { "" }
            );
            let mut d = Diagnostic::new(Code::MissingSideEffect, call.callee_range, message);
            if let Some(edit) = add_effect_edit(ctx, token) {
                d.fixes.push(Fix {
                    title: format!("Add `side-effect: {token}` to the spec"),
                    edits: vec![edit],
                });
            }
            out.push(d);
        }
    }
}

/// Text without white space, to compare lock arguments and assignment targets.
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The calls whose result some releasing call (`is_release(call index)`) is given, directly or
/// through the place it was stored in.
fn released_results(facts: &BodyFacts, is_release: &dyn Fn(usize) -> bool) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    for (i, call) in facts.calls.iter().enumerate() {
        if !is_release(i) {
            continue;
        }
        for arg in &call.args {
            out.extend(arg.results_of.iter().copied());
            let text = compact(&arg.text);
            out.extend(
                facts
                    .stored_into
                    .iter()
                    .filter(|(_, t)| compact(t) == text)
                    .map(|(c, _)| *c),
            );
        }
    }
    out
}

/// Inserts a `side-effect:` block after the last one, else after the last `error:` or
/// `capability:` block, else before the end of the comment.
fn add_effect_edit(ctx: &SpecContext<'_>, token: &str) -> Option<TextEdit> {
    let spec = ctx.spec;
    let last = |ranges: Vec<TextRange>| {
        ranges
            .into_iter()
            .filter(|r| !r.is_empty())
            .max_by_key(|r| r.end)
    };
    let anchor = last(spec.side_effects.iter().map(|e| e.src.range).collect()).or_else(|| {
        last(
            spec.errors
                .iter()
                .map(|e| e.src.range)
                .chain(spec.capabilities.iter().map(|c| c.src.range))
                .collect(),
        )
    });
    CommentInsert::new(ctx).insert(
        anchor,
        &[
            format!("side-effect: {token}"),
            "  target: <what it affects>".to_string(),
        ],
    )
}

#[cfg(test)]
mod tests {
    use crate::checks::contract::test_util::{check, check_fix, check_silent};
    use expect_test::expect;
    use kapi_model::Code;

    const C: Code = Code::MissingSideEffect;

    fn func(contexts: &str, effects: &str, body: &str) -> String {
        format!(
            r#"/**
 * widget_make - make a widget
 * @w: the widget
 *
 * contexts: {contexts}
 *
 * param: w
 *   type: ptr, input
{effects} */
int widget_make(struct widget *w)
{{
{body}
}}
"#
        )
    }

    #[test]
    fn escaping_allocations_held_locks_and_created_resources() {
        check(
            C,
            &func(
                "process, sleepable",
                "",
                "\tchar *tmp = kmalloc(16, GFP_KERNEL);\n\n\tmutex_lock(&w->lock);\n\tw->buf = kzalloc(64, GFP_KERNEL);\n\tkfree(tmp);\n\tfd_install(w->fd, w->file);\n\treturn 0;",
            ),
            expect![[r#"
                14:2 information `mutex_lock`: `mutex_lock()` (line 14) has the side effect `lock_acquire` (its bundled spec), and here `&w->lock` is still held on return, but this spec declares no `lock_acquire` side effect
                  fix: Add `side-effect: lock_acquire` to the spec
                15:11 information `kzalloc`: `kzalloc()` (line 15) has the side effect `alloc_memory` (its bundled spec), and here it is stored in `w->buf` and never released, but this spec declares no `alloc_memory` side effect
                  fix: Add `side-effect: alloc_memory` to the spec
                17:2 information `fd_install`: `fd_install()` (line 17) has the side effect `resource_create` (its bundled spec), and here it outlives the call, but this spec declares no `resource_create` side effect
                  fix: Add `side-effect: resource_create` to the spec
            "#]],
        );
    }

    #[test]
    fn schedule_needs_sleepable_or_the_effect() {
        check(
            C,
            &func(
                "process",
                "",
                "\tvoid *p = kmalloc(8, GFP_ATOMIC);\n\n\tkfree(p);\n\tmsleep(10);\n\treturn 0;",
            ),
            expect![[r#"
                15:2 information `msleep`: `msleep()` (line 15) has the side effect `schedule` (its bundled spec), and here `widget_make` is not declared `sleepable` either, but this spec declares no `schedule` side effect (or `sleepable` context)
                  fix: Add `side-effect: schedule` to the spec
            "#]],
        );
    }

    #[test]
    fn balanced_and_declared_effects_are_silent() {
        // Freed temporaries, __free() variables, balanced locks (spaces differ), an
        // allocation handed back through the declared effect, schedule under sleepable.
        check_silent(
            C,
            &func(
                "process, sleepable",
                " *\n * side-effect: alloc_memory\n *   target: w->buf\n",
                "\tchar *tmp = kmalloc(16, GFP_KERNEL);\n\tchar *auto_buf __free(kfree) = kzalloc(8, GFP_KERNEL);\n\tunsigned long flags;\n\n\tmutex_lock(&w->lock);\n\tspin_lock_irqsave(&w->slock, flags);\n\tw->buf = kmalloc(4, GFP_ATOMIC);\n\tspin_unlock_irqrestore(& w->slock, flags);\n\tw->tmp = vmalloc(100);\n\tvfree(w->tmp);\n\tmutex_unlock(&w->lock);\n\trcu_read_lock();\n\trcu_read_unlock();\n\tkfree(tmp);\n\tmsleep(1);\n\treturn 0;",
            ),
        );
    }

    #[test]
    fn fix_adds_a_side_effect_block() {
        check_fix(
            C,
            &func(
                "process, sleepable",
                "",
                "\treturn send_sig(SIGKILL, w->task, 1);",
            ),
            0,
            expect![[r#"
                /**
                 * widget_make - make a widget
                 * @w: the widget
                 *
                 * contexts: process, sleepable
                 *
                 * param: w
                 *   type: ptr, input
                 *
                 * side-effect: signal_send
                 *   target: <what it affects>
                 */
                int widget_make(struct widget *w)
                {
                	return send_sig(SIGKILL, w->task, 1);
                }
            "#]],
        );
    }
}
