//! `capability:` blocks and the flat `capability: CAP_X, ACTION, NAME` (language reference
//! §4.4): the capability number, the action string (`KAPI_CAP_*` kept as written, short forms
//! canonicalised, anything else verbatim), and the aliases only the kernel build normalises.

use super::blocks::{attr_kind, key_range, AttrKind, Dropped};
use super::spec::Builder;
use super::terms::{lookup, unknown_value};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::spec::{CapabilitySpec, EntrySource};
use crate::vocab::VocabId;
use kapi_syntax::{Attr, Block, BlockKind, Token};

impl Builder<'_> {
    /// `capability: CAP_X` or the flat `capability: CAP_X, ACTION, NAME`.
    pub(crate) fn capability_block(&mut self, b: &Block) {
        let parts = b.header.split(',');
        let cap = &parts[0];
        let capability = self.capability_value(cap);
        let (action, name) = if parts.len() >= 3 {
            let a = &parts[1];
            if lookup(VocabId::CapAction, &a.text).is_none() {
                unknown_value(
                    &mut self.cx,
                    a,
                    VocabId::CapAction,
                    "it verbatim as the action",
                );
            }
            if parts.len() > 3 {
                self.cx.report(
                    Code::IgnoredValue,
                    parts[3].range.cover(parts[parts.len() - 1].range),
                    "upstream reads only `CAP_X, ACTION, NAME` and drops the rest",
                );
            }
            (a.text.clone(), parts[2].text.clone())
        } else {
            let has_type_attr = b
                .attrs
                .iter()
                .any(|a| a.key.as_ref().is_some_and(|k| k.text == "type"));
            if parts.len() == 2 && !has_type_attr {
                self.cx.report(
                    Code::BuildPathsDisagree,
                    parts[1].range,
                    format!(
                        "the `kapi` tool ignores the second part of `capability: {}`, while the kernel \
                         build reads it as the type; write it as `type: {}` on the next line",
                        b.header.text, parts[1].text
                    ),
                );
            }
            (String::new(), cap.text.clone())
        };
        let mut c = CapabilitySpec {
            capability,
            name,
            action,
            allows: String::new(),
            without_cap: String::new(),
            check_condition: None,
            priority: Some(0),
            alternatives: Vec::new(),
            src: EntrySource {
                range: b.range,
                name: cap.range,
            },
        };
        let mut has_type = false;
        let mut dropped = Dropped::default();
        for attr in &b.attrs {
            match attr_kind(self, BlockKind::Capability, attr) {
                AttrKind::Key("type") => {
                    has_type = true;
                    c.action = self.cap_action(attr);
                }
                AttrKind::Key("allows") => c.allows = attr.value.text.clone(),
                AttrKind::Key("without") => c.without_cap = attr.value.text.clone(),
                AttrKind::Key("condition") => c.check_condition = Some(attr.value.text.clone()),
                AttrKind::Key("priority") => {
                    c.priority = attr.value.text.parse().ok();
                    if c.priority.is_none() {
                        self.cx.report(
                            Code::MalformedValue,
                            super::param::value_or(attr),
                            format!(
                                "capability `priority:` needs a number from 0 to 255; upstream leaves \
                                 it unset for `{}`",
                                attr.value.text
                            ),
                        );
                    }
                }
                AttrKind::Key("desc") => self.cx.report_sev(
                    Code::IgnoredValue,
                    Severity::Information,
                    key_range(attr),
                    "the `kapi` tool ignores `desc:` in a capability block (the kernel build uses it as \
                     the capability's name); say what the capability permits with `allows:`",
                ),
                AttrKind::Key(_) => {}
                AttrKind::Other { reported } => {
                    if !reported {
                        dropped.push(attr.range);
                    }
                }
            }
        }
        dropped.report(self, BlockKind::Capability);
        if !has_type && parts.len() < 2 && !cap.text.eq_ignore_ascii_case("none") {
            self.bpd(
                Severity::Warning,
                cap.range,
                "no `type:`: the `kapi` tool records an empty action while the kernel build uses \
                 PERFORM_OPERATION; state the action, e.g. `type: bypass_check`"
                    .to_string(),
            );
        }
        self.spec.capabilities.push(c);
    }

    fn capability_value(&mut self, cap: &Token) -> i32 {
        if cap.text.is_empty() {
            self.cx.report(
                Code::MalformedValue,
                cap.range,
                "`capability:` needs a capability name, e.g. `CAP_SYS_ADMIN`",
            );
            return 0;
        }
        if cap.text.eq_ignore_ascii_case("none") {
            self.cx.report(
                Code::BuildPathsDisagree,
                cap.range,
                "`capability: none` gives CAP_CHOWN (0) in the `kapi` tool while the kernel build skips \
                 the block; remove it if no capability is involved",
            );
            return 0;
        }
        match lookup(VocabId::Capability, &cap.text) {
            Some(t) => t.value as i32,
            None => {
                unknown_value(
                    &mut self.cx,
                    cap,
                    VocabId::Capability,
                    "capability 0 (CAP_CHOWN)",
                );
                0
            }
        }
    }

    /// A capability `type:`: `KAPI_CAP_*` kept as written, short forms canonicalised, anything
    /// else kept verbatim.
    fn cap_action(&mut self, attr: &Attr) -> String {
        let t = attr.value.text.trim();
        let tok = attr.value.clone().into_token();
        if t.starts_with("KAPI_CAP_") {
            if lookup(VocabId::CapAction, t).is_none() {
                unknown_value(&mut self.cx, &tok, VocabId::CapAction, "it verbatim");
            }
            return t.to_string();
        }
        if let Some(term) = lookup(VocabId::CapAction, t) {
            return term.long.to_string();
        }
        let lower = t.to_ascii_lowercase();
        let python = match lower.as_str() {
            "required" => Some("perform_operation"),
            "bypass" => Some("bypass_check"),
            "grant" => Some("grant_permission"),
            "override" => Some("override_restriction"),
            "access" => Some("access_resource"),
            "modify" => Some("modify_behavior"),
            "limit" => Some("increase_limit"),
            _ if lower.contains("bypass") => Some("bypass_check"),
            _ => None,
        };
        match python {
            Some(right) => self.cx.push(
                Diagnostic::new(
                    Code::BuildPathsDisagree,
                    tok.range,
                    format!(
                        "only the kernel build maps `{t}` to a capability action; the `kapi` tool \
                         records `{t}` verbatim. Write `{right}`"
                    ),
                )
                .with_fix(format!("Replace with `{right}`"), tok.range, right),
            ),
            None => unknown_value(
                &mut self.cx,
                &tok,
                VocabId::CapAction,
                "it verbatim (the kernel build turns it into PERFORM_OPERATION)",
            ),
        }
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use expect_test::expect;
    use serde_json::json;

    #[test]
    fn capabilities() {
        let src = frob(
            "contexts: process\n\
             capability: CAP_SYS_ADMN\n  type: required\n\
             capability: CAP_NET_ADMIN, bypass_check\n  allows: admin\n\
             capability: CAP_KILL, KAPI_CAP_BYPASS_CHECK, Kill anything\n\
             capability: CAP_SYS_NICE\n  type: bypass_check\n  priority: high\n  desc: nice\n\
             capability: none\n  type: bypass_check\n\
             capability: CAP_SETUID\n  allows: set uid\n",
        );
        check(
            &src,
            expect![[r#"
            4:16..4:28 unknown-value error `CAP_SYS_ADMN`: `CAP_SYS_ADMN` is not a known capability; the `kapi` tool records capability 0 (CAP_CHOWN). Did you mean `CAP_SYS_ADMIN`?
                fix Replace with `CAP_SYS_ADMIN`: `CAP_SYS_ADMN` -> `CAP_SYS_ADMIN`
            5:12..5:20 build-paths-disagree warning `required`: only the kernel build maps `required` to a capability action; the `kapi` tool records `required` verbatim. Write `perform_operation`
                fix Replace with `perform_operation`: `required` -> `perform_operation`
            6:31..6:43 build-paths-disagree warning `bypass_check`: the `kapi` tool ignores the second part of `capability: CAP_NET_ADMIN, bypass_check`, while the kernel build reads it as the type; write it as `type: bypass_check` on the next line
            11:16..11:20 malformed-value error `high`: capability `priority:` needs a number from 0 to 255; upstream leaves it unset for `high`
            12:6..12:10 ignored-value information `desc`: the `kapi` tool ignores `desc:` in a capability block (the kernel build uses it as the capability's name); say what the capability permits with `allows:`
            13:16..13:20 build-paths-disagree warning `none`: `capability: none` gives CAP_CHOWN (0) in the `kapi` tool while the kernel build skips the block; remove it if no capability is involved
            15:16..15:26 build-paths-disagree warning `CAP_SETUID`: no `type:`: the `kapi` tool records an empty action while the kernel build uses PERFORM_OPERATION; state the action, e.g. `type: bypass_check`
        "#]],
        );
        let caps = json(&src)["capabilities"].clone();
        assert_eq!(caps[0]["capability"], 0);
        assert_eq!(
            caps[0]["action"], "required",
            "Rust keeps unknown actions verbatim"
        );
        assert_eq!(caps[1]["action"], "", "the second part is ignored");
        assert_eq!(
            caps[2],
            json!({"capability": 5, "name": "Kill anything", "action": "KAPI_CAP_BYPASS_CHECK",
                   "allows": "", "without_cap": "", "check_condition": null, "priority": 0,
                   "alternatives": []})
        );
        assert_eq!(caps[3]["priority"], json!(null));
    }
}
