//! `side-effect:` blocks and the flat `side-effect: TYPES, target, description` (language
//! reference §4.5), including the trap where three comma-separated effect types are read as the
//! flat form.

use super::blocks::{append_desc, append_or_drop, attr_kind, yes_no, AttrKind, Dropped};
use super::spec::Builder;
use super::terms::{lookup, unknown_value, value_or_zero};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::spec::{EntrySource, SideEffectSpec};
use crate::vocab::VocabId;
use kapi_syntax::{Block, BlockKind, Token};

impl Builder<'_> {
    /// The effect bits of a `side-effect:` type list: `|`-separated, or `,`-separated when the
    /// text has a comma and no `|`.
    fn effect_bits(&mut self, types: &kapi_syntax::Value) -> u32 {
        let text = &types.text;
        if text.is_empty() {
            self.cx.report(
                Code::MalformedValue,
                types.range(),
                "`side-effect:` needs an effect type, e.g. `side-effect: alloc_memory`",
            );
            return 0;
        }
        let sep = if text.contains('|') || !text.contains(',') {
            '|'
        } else {
            ','
        };
        let mut bits = 0u32;
        for tok in types.split(sep) {
            if tok.text.is_empty() {
                continue;
            }
            if tok.text.contains(',') {
                let fixed = super::spec::join_with(&tok.text, ',', " | ");
                self.cx.report_fix(
                    Code::WrongSeparator,
                    tok.range,
                    format!(
                        "effect types are separated by `|`: upstream reads `{}` as one unknown effect \
                         (0); write `{fixed}`",
                        tok.text
                    ),
                    "Separate with `|`",
                    tok.range,
                    fixed,
                );
                continue;
            }
            match lookup(VocabId::EffectType, &tok.text) {
                Some(t) => bits |= t.value as u32,
                None => unknown_value(
                    &mut self.cx,
                    &tok,
                    VocabId::EffectType,
                    "no effect bit for it",
                ),
            }
        }
        bits
    }

    /// `side-effect: TYPES` (block) or the flat `side-effect: TYPES, target, description`.
    pub(crate) fn side_effect_block(&mut self, b: &Block) {
        let h = &b.header;
        if b.flat {
            let parts = h.splitn(3, ',');
            let is_effect = |t: &Token| lookup(VocabId::EffectType, &t.text).is_some();
            if is_effect(&parts[1]) {
                self.flat_effect_trap(b, &parts);
            } else {
                let values = h.splitn_values(3, ',');
                let effect_type = self.effect_bits(&values[0]);
                let desc = &parts[2];
                let reversible = desc.text.contains("reversible=yes");
                let dv = &values[2];
                if let Some(at) = dv
                    .text
                    .find("condition=")
                    .or_else(|| dv.text.find("reversible="))
                {
                    let range = dv.range_of(at..dv.text.len());
                    self.bpd(
                        Severity::Information,
                        range,
                        "only the kernel build strips `condition=`/`reversible=` from a one-line \
                         side effect; the `kapi` tool keeps them in the description and sets no \
                         condition. Use the block form with `target:`, `condition:` and \
                         `reversible:` lines"
                            .to_string(),
                    );
                }
                self.spec.side_effects.push(SideEffectSpec {
                    effect_type,
                    target: parts[1].text.clone(),
                    condition: None,
                    description: desc.text.clone(),
                    reversible,
                    src: EntrySource {
                        range: b.range,
                        name: parts[0].range,
                    },
                });
            }
            return;
        }
        let types = h.clone().into_token();
        let effect_type = self.effect_bits(h);
        let mut e = SideEffectSpec {
            effect_type,
            target: String::new(),
            condition: None,
            description: String::new(),
            reversible: false,
            src: EntrySource {
                range: b.range,
                name: types.range,
            },
        };
        let mut dropped = Dropped::default();
        for attr in &b.attrs {
            match attr_kind(self, BlockKind::SideEffect, attr) {
                AttrKind::Key("target") => e.target = attr.value.text.clone(),
                AttrKind::Key("condition") => e.condition = Some(attr.value.text.clone()),
                AttrKind::Key("desc") => append_desc(&mut e.description, &attr.value.text),
                AttrKind::Key("reversible") => e.reversible = yes_no(&mut self.cx, attr),
                AttrKind::Key(_) => {}
                AttrKind::Other { reported } => {
                    let line = self.cx.logical_line(attr);
                    append_or_drop(
                        &mut e.description,
                        &line,
                        attr.range,
                        reported,
                        &mut dropped,
                    );
                }
            }
        }
        dropped.report(self, BlockKind::SideEffect);
        self.spec.side_effects.push(e);
    }

    /// §4.5 trap: `side-effect: alloc_memory, free_memory, schedule` is the flat form.
    fn flat_effect_trap(&mut self, b: &Block, parts: &[Token]) {
        let h = &b.header;
        let effect_type = value_or_zero(VocabId::EffectType, &parts[0].text) as u32;
        let rest: Vec<Token> = h.split(',');
        let all_effects = rest
            .iter()
            .all(|t| lookup(VocabId::EffectType, &t.text).is_some());
        let range = parts[0].range.cover(parts[2].range);
        let mut diag = Diagnostic::new(
            Code::WrongSeparator,
            range,
            format!(
                "three comma-separated parts make this the one-line form `TYPE, target, description`: \
                 upstream reads type `{}`, target `{}` and description `{}`. Separate effect types \
                 with `|`",
                parts[0].text, parts[1].text, parts[2].text
            ),
        );
        if all_effects {
            let fixed = rest
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" | ");
            diag = diag.with_fix("Separate with `|`", h.range(), fixed);
        }
        self.cx.push(diag);
        self.spec.side_effects.push(SideEffectSpec {
            effect_type,
            target: parts[1].text.clone(),
            condition: None,
            description: parts[2].text.clone(),
            reversible: parts[2].text.contains("reversible=yes"),
            src: EntrySource {
                range: b.range,
                name: parts[0].range,
            },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use expect_test::expect;
    use serde_json::json;

    #[test]
    fn side_effect_flat_form_trap() {
        let src = frob("contexts: process\nside-effect: alloc_memory, free_memory, schedule\n");
        check(
            &src,
            expect![[r#"
            4:17..4:52 wrong-separator error `alloc_memory, free_memory, schedule`: three comma-separated parts make this the one-line form `TYPE, target, description`: upstream reads type `alloc_memory`, target `free_memory` and description `schedule`. Separate effect types with `|`
                fix Separate with `|`: `alloc_memory, free_memory, schedule` -> `alloc_memory | free_memory | schedule`
        "#]],
        );
        let e = &json(&src)["side_effects"][0];
        assert_eq!(
            (
                e["effect_type"].clone(),
                e["target"].clone(),
                e["description"].clone()
            ),
            (json!(1), json!("free_memory"), json!("schedule"))
        );
    }

    #[test]
    fn side_effect_flat_form_and_suffixes() {
        let src = frob(
            "contexts: process\n\
             side-effect: KAPI_EFFECT_MODIFY_STATE, file_table, Allocates a descriptor, condition=always, reversible=yes\n\
             side-effect: alloc_memory, kernel heap, Allocates\n",
        );
        check(
            &src,
            expect![[r#"
            4:79..4:111 build-paths-disagree information `condition=always, reversible=yes`: only the kernel build strips `condition=`/`reversible=` from a one-line side effect; the `kapi` tool keeps them in the description and sets no condition. Use the block form with `target:`, `condition:` and `reversible:` lines
        "#]],
        );
        let e = json(&src)["side_effects"].clone();
        assert_eq!(
            e[0]["description"],
            "Allocates a descriptor, condition=always, reversible=yes"
        );
        assert_eq!(
            (
                e[0]["effect_type"].clone(),
                e[0]["reversible"].clone(),
                e[0]["condition"].clone()
            ),
            (json!(4), json!(true), json!(null))
        );
        assert_eq!(e[1]["target"], "kernel heap");
    }

    #[test]
    fn side_effect_block() {
        let src = frob(
            "contexts: process\n\
             side-effect: alloc_memory, free_memory\n  target: heap\n  reversible: true\n  desc: a\n  desc: b\n\
             side-effect: alloc_memroy | schedule, network\n  reversible: maybe\n",
        );
        check(
            &src,
            expect![[r#"
            6:18..6:22 build-paths-disagree warning `true`: the kernel build accepts only `yes` for `reversible:`: `true` is true for the `kapi` tool but false there; write `yes`
                fix Replace with `yes`: `true` -> `yes`
            9:17..9:29 unknown-value error `alloc_memroy`: `alloc_memroy` is not a known side effect; the `kapi` tool records no effect bit for it. Did you mean `alloc_memory`?
                fix Replace with `alloc_memory`: `alloc_memroy` -> `alloc_memory`
            9:32..9:49 wrong-separator error `schedule, network`: effect types are separated by `|`: upstream reads `schedule, network` as one unknown effect (0); write `schedule | network`
                fix Separate with `|`: `schedule, network` -> `schedule | network`
            10:18..10:23 unknown-value error `maybe`: `reversible:` expects `yes` or `no`; upstream reads `maybe` as no
        "#]],
        );
        let e = json(&src)["side_effects"].clone();
        assert_eq!(
            (
                e[0]["effect_type"].clone(),
                e[0]["reversible"].clone(),
                e[0]["description"].clone()
            ),
            (json!(3), json!(true), json!("a b"))
        );
        assert_eq!(
            e[1]["effect_type"], 0,
            "`schedule, network` is one unknown token"
        );
    }
}
