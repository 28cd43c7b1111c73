//! `signal:` blocks (language reference §4.3): direction, action, timing, errno, booleans and
//! process-state masks, with upstream's defaults (direction RECEIVE, action DEFAULT) and the
//! places where the kernel build reads the same text differently.

use super::blocks::{attr_kind, yes_no, AttrKind, Dropped};
use super::param::value_or;
use super::spec::Builder;
use super::terms::{lookup, unknown_value};
use super::values::{is_identifier, parse_hex_or_bitmask};
use crate::diagnostic::{Code, Diagnostic};
use crate::spec::{EntrySource, SignalSpec};
use crate::vocab::VocabId;
use kapi_syntax::{Attr, Block, BlockKind, Token};

/// Timing constants the header defines as strings but the `kapi` tool does not know.
const HEADER_ONLY_TIMINGS: &[&str] = &[
    "entry",
    "exit",
    "anytime",
    "while_blocked",
    "while_sleeping",
    "blocking",
    "sleeping",
    "KAPI_SIGNAL_TIME_ENTRY",
    "KAPI_SIGNAL_TIME_EXIT",
    "KAPI_SIGNAL_TIME_ANYTIME",
    "KAPI_SIGNAL_TIME_BLOCKING",
    "KAPI_SIGNAL_TIME_SLEEPING",
];

impl Builder<'_> {
    pub(crate) fn signal_block(&mut self, b: &Block) {
        let mut s = SignalSpec {
            signal_name: b.header.text.clone(),
            direction: 1,
            src: EntrySource {
                range: b.range,
                name: b.header.range(),
            },
            ..SignalSpec::default()
        };
        if b.header.text.is_empty() {
            self.cx.report(
                Code::MalformedValue,
                b.key.range,
                "`signal:` needs the signal's name, e.g. `signal: SIGINT`",
            );
        }
        let mut has_action = false;
        let mut dropped = Dropped::default();
        for attr in &b.attrs {
            let text = attr.value.text.clone();
            let tok = || attr.value.clone().into_token();
            match attr_kind(self, BlockKind::Signal, attr) {
                AttrKind::Key("direction") => s.direction = self.signal_direction(attr),
                AttrKind::Key("action") => {
                    has_action = true;
                    s.action = self.enum_value(&tok(), VocabId::SignalAction, "action 0 (default)");
                }
                AttrKind::Key("condition") => s.condition = Some(text),
                AttrKind::Key("desc") => match s.description.as_mut() {
                    None => s.description = Some(text),
                    Some(d) => {
                        d.push(' ');
                        d.push_str(&text);
                    }
                },
                AttrKind::Key("errno") => s.error_on_signal = Some(self.signal_errno(attr)),
                AttrKind::Key("timing") => s.timing = self.signal_timing(&tok()),
                AttrKind::Key("restartable") => s.restartable = yes_no(&mut self.cx, attr),
                AttrKind::Key("interruptible") => s.interruptible = yes_no(&mut self.cx, attr),
                AttrKind::Key("priority") => {
                    s.priority = text.parse().unwrap_or(0);
                    if text.parse::<u32>().is_err() {
                        self.cx.report(
                            Code::MalformedValue,
                            value_or(attr),
                            format!("signal `priority:` needs a decimal number; upstream records 0 for `{text}`"),
                        );
                    }
                }
                AttrKind::Key("target") => s.target = Some(text),
                AttrKind::Key("queue" | "queue_behavior") => s.queue = Some(text),
                AttrKind::Key("number") => s.signal_num = self.signal_number(attr),
                AttrKind::Key("transform-to" | "transform_to" | "transform") => {
                    s.transform_to = text.parse::<i32>().ok();
                    if s.transform_to.is_none() && !is_identifier(&text) {
                        self.cx.report(
                            Code::MalformedValue,
                            value_or(attr),
                            format!(
                                "`{}:` takes a signal number or a signal name such as `SIGKILL`; \
                                 upstream cannot read `{text}`",
                                key_text(attr)
                            ),
                        );
                    }
                }
                AttrKind::Key("sa-flags-required" | "sa_flags_required") => {
                    s.sa_flags_required = parse_hex_or_bitmask(&text);
                }
                AttrKind::Key("sa-flags-forbidden" | "sa_flags_forbidden") => {
                    s.sa_flags_forbidden = parse_hex_or_bitmask(&text);
                }
                AttrKind::Key("state-required" | "state_required") => {
                    s.state_required = self.state_mask(attr)
                }
                AttrKind::Key("state-forbidden" | "state_forbidden") => {
                    s.state_forbidden = self.state_mask(attr);
                }
                AttrKind::Key(_) => {}
                AttrKind::Other { reported } => match s.description.as_mut() {
                    Some(d) => {
                        d.push(' ');
                        d.push_str(&self.cx.logical_line(attr));
                    }
                    None if !reported => dropped.push(attr.range),
                    None => {}
                },
            }
        }
        dropped.report(self, BlockKind::Signal);
        if !has_action {
            let at = if b.header.text.is_empty() {
                b.key.range
            } else {
                b.header.range()
            };
            self.cx.report(
                Code::BuildPathsDisagree,
                at,
                "no `action:`: the `kapi` tool records DEFAULT (0) while the kernel build records \
                 RETURN (6); state the action, e.g. `action: return`",
            );
        }
        self.spec.signals.push(s);
    }

    /// A single-token enum field: the term's value, or 0 with `unknown-value`.
    pub(crate) fn enum_value(&mut self, tok: &Token, id: VocabId, records: &str) -> u32 {
        match lookup(id, &tok.text) {
            Some(t) => t.value as u32,
            None => {
                unknown_value(&mut self.cx, tok, id, records);
                0
            }
        }
    }

    /// `direction:` takes one token in the `kapi` tool; the kernel build ORs a list.
    fn signal_direction(&mut self, attr: &Attr) -> u32 {
        let v = &attr.value;
        if v.text.contains(['|', ',']) {
            let parts: Vec<Token> = v
                .splitn_values(usize::MAX, '|')
                .iter()
                .flat_map(|p| p.split(','))
                .collect();
            let unknown: Vec<&Token> = parts
                .iter()
                .filter(|t| lookup(VocabId::SignalDirection, &t.text).is_none())
                .collect();
            if unknown.is_empty() {
                self.cx.report(
                    Code::BuildPathsDisagree,
                    v.range(),
                    format!(
                        "the `kapi` tool reads a single direction and records 0 for `{}`, while the \
                         kernel build combines them; use one direction per `signal:` block",
                        v.text
                    ),
                );
            } else {
                for t in unknown {
                    unknown_value(&mut self.cx, t, VocabId::SignalDirection, "direction 0");
                }
            }
            return 0;
        }
        self.enum_value(
            &v.clone().into_token(),
            VocabId::SignalDirection,
            "direction 0",
        )
    }

    fn signal_timing(&mut self, tok: &Token) -> u32 {
        if lookup(VocabId::SignalTiming, &tok.text).is_none()
            && HEADER_ONLY_TIMINGS
                .iter()
                .any(|t| t.eq_ignore_ascii_case(&tok.text))
        {
            self.cx.report(
                Code::BuildPathsDisagree,
                tok.range,
                format!(
                    "the `kapi` tool knows only the timings before, during and after and records 0 \
                     (before) for `{}`, while the kernel header defines it",
                    tok.text
                ),
            );
            return 0;
        }
        self.enum_value(tok, VocabId::SignalTiming, "timing 0 (before)")
    }

    /// `errno: -4 | -EINTR | EINTR`: all give -4.
    fn signal_errno(&mut self, attr: &Attr) -> i32 {
        let v = &attr.value;
        if let Ok(code) = v.text.parse::<i32>() {
            if code > 0 {
                let range = v.range();
                self.cx.push(
                    Diagnostic::new(
                        Code::MalformedValue,
                        range,
                        format!(
                            "errno values are negative: write `-{code}` or the name, e.g. `-EINTR`"
                        ),
                    )
                    .with_fix(
                        format!("Replace with `-{code}`"),
                        range,
                        format!("-{code}"),
                    ),
                );
            }
            return code;
        }
        let name = match v.text.strip_prefix('-') {
            Some(_) => v.token(1..v.text.len()),
            None => v.clone().into_token(),
        };
        self.errno_code(&name, "errno")
    }

    /// `number:` is a plain decimal i32; a signal name gives 0 in the `kapi` tool.
    fn signal_number(&mut self, attr: &Attr) -> i32 {
        let text = &attr.value.text;
        match text.parse::<i32>() {
            Ok(n) => n,
            Err(_) if is_identifier(text) => {
                self.cx.report(
                    Code::BuildPathsDisagree,
                    attr.value.range(),
                    format!(
                        "the `kapi` tool reads only a decimal signal number and records 0 for `{text}`, \
                         while the kernel build resolves the name"
                    ),
                );
                0
            }
            Err(_) => {
                self.cx.report(
                    Code::MalformedValue,
                    value_or(attr),
                    format!("`number:` needs a signal number; upstream records 0 for `{text}`"),
                );
                0
            }
        }
    }

    /// `state-required:`/`state-forbidden:`: process states joined by `|` or `,`.
    fn state_mask(&mut self, attr: &Attr) -> u32 {
        let mut acc = 0u32;
        for part in attr.value.splitn_values(usize::MAX, '|') {
            for tok in part.split(',') {
                if tok.text.is_empty() {
                    continue;
                }
                match lookup(VocabId::SignalState, &tok.text) {
                    Some(t) => acc |= t.value as u32,
                    None => unknown_value(
                        &mut self.cx,
                        &tok,
                        VocabId::SignalState,
                        "no state bit for it",
                    ),
                }
            }
        }
        acc
    }
}

fn key_text(attr: &Attr) -> &str {
    attr.key.as_ref().map_or("", |k| k.text.as_str())
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use expect_test::expect;
    use serde_json::json;

    #[test]
    fn defaults_and_every_field() {
        let src = frob(
            "contexts: process\n\
             signal: Any signal\n  action: return\n\
             signal: SIGINT\n  direction: send\n  action: KAPI_SIGNAL_ACTION_RESTART\n  condition: while blocked\n  desc: Interrupts\n  desc: the wait.\n\
             \x20 errno: -EINTR\n  timing: during\n  priority: 3\n  restartable: yes\n  interruptible: YES\n  number: 2\n  target: caller\n\
             \x20 queue_behavior: realtime\n  transform-to: 9\n  sa-flags-required: 0x4 | 8\n  state-required: running | KAPI_SIGNAL_STATE_SLEEPING\n  state_forbidden: zombie, dead\n",
        );
        check(&src, expect![""]);
        let s = json(&src)["signals"].clone();
        assert_eq!(
            s[0],
            json!({"signal_num": 0, "signal_name": "Any signal", "direction": 1, "action": 6, "target": null,
                   "condition": null, "description": null, "timing": 0, "priority": 0, "restartable": false,
                   "interruptible": false, "queue": null, "sa_flags": 0, "sa_flags_required": 0,
                   "sa_flags_forbidden": 0, "state_required": 0, "state_forbidden": 0,
                   "error_on_signal": null, "transform_to": null})
        );
        assert_eq!(
            s[1],
            json!({"signal_num": 2, "signal_name": "SIGINT", "direction": 2, "action": 7, "target": "caller",
                   "condition": "while blocked", "description": "Interrupts the wait.", "timing": 1, "priority": 3,
                   "restartable": true, "interruptible": true, "queue": "realtime", "sa_flags": 0,
                   "sa_flags_required": 12, "sa_flags_forbidden": 0, "state_required": 3, "state_forbidden": 48,
                   "error_on_signal": -4, "transform_to": 9})
        );
    }

    #[test]
    fn errno_forms() {
        for (form, code) in [
            ("-EINTR", -4),
            ("EINTR", -4),
            ("-4", -4),
            ("-ECANCELED", 0),
            ("EINTRR", 0),
        ] {
            let src = frob(&format!(
                "contexts: process\nsignal: SIGINT\n  action: return\n  errno: {form}\n"
            ));
            assert_eq!(json(&src)["signals"][0]["error_on_signal"], code, "{form}");
        }
        let src = frob("contexts: process\nsignal: SIGINT\n  action: return\n  errno: EINTRR\nsignal: SIGTERM\n  action: return\n  errno: 4\n");
        check(
            &src,
            expect![[r#"
            6:13..6:19 unknown-value error `EINTRR`: `EINTRR` is not a known error code; the `kapi` tool records error code 0. Did you mean `EINTR`?
                fix Replace with `EINTR`: `EINTRR` -> `EINTR`
            9:13..9:14 malformed-value error `4`: errno values are negative: write `-4` or the name, e.g. `-EINTR`
                fix Replace with `-4`: `4` -> `-4`
        "#]],
        );
    }

    #[test]
    fn values_upstream_cannot_read() {
        let src = frob(
            "contexts: process\n\
             signal: SIGPIPE\n  direction: send | receive\n  timing: entry\n  restartable: 1\n  number: SIGPIPE\n  priority: high\n\
             signal: SIGKILL\n  direction: recieve\n  action: terminate\n  timing: whenever\n  state-required: runing\n  transform-to: SIGTERM\n",
        );
        check(
            &src,
            expect![[r#"
            4:12..4:19 build-paths-disagree warning `SIGPIPE`: no `action:`: the `kapi` tool records DEFAULT (0) while the kernel build records RETURN (6); state the action, e.g. `action: return`
            5:17..5:31 build-paths-disagree warning `send | receive`: the `kapi` tool reads a single direction and records 0 for `send | receive`, while the kernel build combines them; use one direction per `signal:` block
            6:14..6:19 build-paths-disagree warning `entry`: the `kapi` tool knows only the timings before, during and after and records 0 (before) for `entry`, while the kernel header defines it
            7:19..7:20 build-paths-disagree warning `1`: the kernel build accepts only `yes` for `restartable:`: `1` is true for the `kapi` tool but false there; write `yes`
                fix Replace with `yes`: `1` -> `yes`
            8:14..8:21 build-paths-disagree warning `SIGPIPE`: the `kapi` tool reads only a decimal signal number and records 0 for `SIGPIPE`, while the kernel build resolves the name
            9:16..9:20 malformed-value error `high`: signal `priority:` needs a decimal number; upstream records 0 for `high`
            11:17..11:24 unknown-value error `recieve`: `recieve` is not a known signal direction; the `kapi` tool records direction 0. Did you mean `receive`?
                fix Replace with `receive`: `recieve` -> `receive`
            13:14..13:22 unknown-value error `whenever`: `whenever` is not a known signal timing; the `kapi` tool records timing 0 (before). Expected one of: `before`, `during`, `after`
            14:22..14:28 unknown-value error `runing`: `runing` is not a known signal process state; the `kapi` tool records no state bit for it. Did you mean `running`?
                fix Replace with `running`: `runing` -> `running`
        "#]],
        );
    }
}
