//! The `error:`, `capability:`, `side-effect:`, `state-trans:`, `constraint:` and `lock:` blocks
//! (language reference §4.2, §4.4-§4.8), plus what every block shares: classifying an attribute
//! line the way upstream's handlers do, and reporting the text they silently drop.

use super::ctx::Ctx;
use super::keys;
use super::spec::Builder;
use super::terms::{lookup, short_form, unknown_value, value_or_zero};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::spec::{
    CapabilitySpec, ConstraintSpec, EntrySource, ErrorSpec, LockSpec, SideEffectSpec,
    StateTransitionSpec,
};
use crate::vocab::VocabId;
use kapi_syntax::{Attr, Block, BlockKind, TextRange, Token};

/// How an upstream block handler treats an attribute line.
pub(crate) enum AttrKind<'b> {
    /// A known sub-key written exactly `key:`.
    Key(&'b str),
    /// Anything else: continuation prose, an unknown key, or a sub-key with a space before its
    /// colon. `reported` is true when a diagnostic already covers the line.
    Other { reported: bool },
}

/// Classifies an attribute, reporting misspelt or misplaced keys on the way.
pub(crate) fn attr_kind<'b>(b: &mut Builder<'_>, kind: BlockKind, attr: &'b Attr) -> AttrKind<'b> {
    b.cx.mute = None;
    match &attr.key {
        Some(key) if attr.exact => {
            if keys::check_continuations(&mut b.cx, kind, attr) {
                b.cx.mute = Some(attr.range);
            }
            AttrKind::Key(key.text.as_str())
        }
        Some(key) => {
            // `type : fd`: upstream absorbs the line as a sub-key but its handler then tests for
            // `type:` and does not match.
            let colon = b.cx.text[key.range.end..].find(':').map_or(key.range.end, |i| key.range.end + i);
            let gap = TextRange::new(key.range.end, colon);
            b.cx.push(
                Diagnostic::new(
                    Code::IgnoredValue,
                    key.range.cover(TextRange::new(colon, colon + 1)),
                    format!(
                        "the space before the colon makes upstream skip this line; write `{}:`",
                        key.text
                    ),
                )
                .with_fix("Remove the space before `:`", gap, ""),
            );
            AttrKind::Other { reported: true }
        }
        None => AttrKind::Other { reported: keys::check_unkeyed(&mut b.cx, kind, attr) },
    }
}

/// Lines a block handler dropped without a diagnostic, reported together at the end.
#[derive(Default)]
pub(crate) struct Dropped {
    ranges: Vec<TextRange>,
}

impl Dropped {
    pub fn push(&mut self, range: TextRange) {
        self.ranges.push(range);
    }

    /// One `ignored-value` over the dropped lines, with a fix that turns them into `desc:`
    /// where the block has a description upstream reads.
    pub fn report(self, b: &mut Builder<'_>, kind: BlockKind) {
        let (Some(first), Some(last)) = (self.ranges.first(), self.ranges.last()) else { return };
        let range = first.cover(*last);
        let key = kind.key();
        let has_desc = kind != BlockKind::Capability;
        let advice = if has_desc {
            "; start the text with `desc:`"
        } else {
            "; a capability block has no description: use `allows:` or `condition:`"
        };
        let mut diag = Diagnostic::new(
            Code::IgnoredValue,
            range,
            format!(
                "upstream drops this text: it is not a `key: value` line of the `{key}:` block and no \
                 description precedes it{advice}"
            ),
        );
        if has_desc {
            diag = diag.with_fix("Make it the `desc:`", TextRange::empty(first.start), "desc: ");
        }
        b.cx.push(diag);
    }
}

/// Appends a continuation line to a description once one exists (upstream's "else" branch);
/// records the line as dropped otherwise.
fn append_or_drop(desc: &mut String, line: &str, range: TextRange, reported: bool, dropped: &mut Dropped) {
    if desc.is_empty() {
        if !reported {
            dropped.push(range);
        }
    } else {
        desc.push(' ');
        desc.push_str(line);
    }
}

/// `desc:` semantics shared by several blocks: the first sets, later ones append.
fn append_desc(desc: &mut String, text: &str) {
    if desc.is_empty() {
        *desc = text.to_string();
    } else {
        desc.push(' ');
        desc.push_str(text);
    }
}

/// The key token's range of an attribute (the whole line when it has no key).
pub(crate) fn key_range(attr: &Attr) -> TextRange {
    attr.key.as_ref().map_or(attr.range, |k| k.range)
}

/// `yes`/`true`/`1` (any case) for `restartable:`, `interruptible:` and `reversible:`, with
/// the diagnostics for values upstream or the kernel build read differently.
pub(crate) fn yes_no(cx: &mut Ctx<'_>, attr: &Attr) -> bool {
    let v = attr.value.text.to_lowercase();
    let key = attr.key.as_ref().map_or("", |k| k.text.as_str());
    let range = attr.value.range();
    match v.as_str() {
        "yes" | "no" | "false" | "0" => {}
        "true" | "1" => cx.push(
            Diagnostic::new(
                Code::BuildPathsDisagree,
                range,
                format!(
                    "the kernel build accepts only `yes` for `{key}:`: `{}` is true for the `kapi` \
                     tool but false there; write `yes`",
                    attr.value.text
                ),
            )
            .with_fix("Replace with `yes`", range, "yes"),
        ),
        _ => cx.report(
            Code::UnknownValue,
            if attr.value.text.is_empty() { key_range(attr) } else { range },
            format!("`{key}:` expects `yes` or `no`; upstream reads `{}` as no", attr.value.text),
        ),
    }
    matches!(v.as_str(), "yes" | "true" | "1")
}

impl Builder<'_> {
    /// `error: NAME[, summary]`.
    pub(crate) fn error_block(&mut self, b: &Block) {
        let parts = b.header.splitn(2, ',');
        let name = &parts[0];
        let condition = parts.get(1).map_or_else(String::new, |t| t.text.clone());
        let error_code = self.errno_code(name, "error");
        if !name.text.is_empty() && parts.len() < 2 {
            self.cx.report(
                Code::BuildPathsDisagree,
                name.range,
                format!(
                    "the kernel build (kdoc_apispec.py) needs `error: NAME, summary` and drops this \
                     error; only the `kapi` tool keeps it. Add a summary: `error: {}, <when it happens>`",
                    name.text
                ),
            );
        }
        if !name.text.is_empty() {
            self.duplicate_errno(name, &condition);
        }
        let mut e = ErrorSpec {
            error_code,
            name: name.text.clone(),
            condition,
            description: String::new(),
            src: EntrySource { range: b.range, name: name.range },
        };
        let mut dropped = Dropped::default();
        for attr in &b.attrs {
            match attr_kind(self, BlockKind::Error, attr) {
                AttrKind::Key("desc") => append_desc(&mut e.description, &attr.value.text),
                AttrKind::Key("condition") => e.condition = attr.value.text.clone(),
                AttrKind::Key(_) => {}
                AttrKind::Other { reported } => {
                    let line = self.cx.logical_line(attr);
                    append_or_drop(&mut e.description, &line, attr.range, reported, &mut dropped);
                }
            }
        }
        dropped.report(self, BlockKind::Error);
        self.spec.errors.push(e);
    }

    /// The code upstream records for an errno name, with diagnostics. `what` names the field.
    pub(crate) fn errno_code(&mut self, name: &Token, what: &str) -> i32 {
        if name.text.is_empty() {
            self.cx.report(
                Code::MalformedValue,
                name.range,
                format!("`{what}:` needs an errno name, e.g. `error: EINVAL, bad flags`"),
            );
            return 0;
        }
        match lookup(VocabId::Errno, &name.text) {
            Some(term) if term.upstream => term.value as i32,
            Some(term) => {
                self.cx.report(
                    Code::BuildPathsDisagree,
                    name.range,
                    format!(
                        "`{}` is missing from the `kapi` tool's errno table: it records error code 0, \
                         while the kernel build uses -{} ({})",
                        term.long, term.long, term.value
                    ),
                );
                0
            }
            None => {
                if let Some(bare) = name.text.strip_prefix('-').map(str::trim) {
                    if lookup(VocabId::Errno, bare).is_some() {
                        self.cx.push(
                            Diagnostic::new(
                                Code::UnknownValue,
                                name.range,
                                format!(
                                    "write the errno name without `-`: upstream records error code 0 \
                                     for `{}`",
                                    name.text
                                ),
                            )
                            .with_fix(format!("Replace with `{bare}`"), name.range, bare),
                        );
                        return 0;
                    }
                }
                unknown_value(&mut self.cx, name, VocabId::Errno, "error code 0");
                0
            }
        }
    }

    fn duplicate_errno(&mut self, name: &Token, condition: &str) {
        match self.errnos.get(&name.text) {
            Some((first, first_cond)) => {
                let line = self.cx.line_no(first.start);
                let same = first_cond == condition;
                let severity = if same { Severity::Warning } else { Severity::Information };
                self.cx.report_sev(
                    Code::DuplicateEntry,
                    severity,
                    name.range,
                    format!(
                        "`{}` is already listed on line {line}; list each errno once and combine the \
                         conditions",
                        name.text
                    ),
                );
            }
            None => {
                self.errnos.insert(name.text.clone(), (name.range, condition.to_string()));
            }
        }
    }

    /// `capability: CAP_X` or the flat `capability: CAP_X, ACTION, NAME`.
    pub(crate) fn capability_block(&mut self, b: &Block) {
        let parts = b.header.split(',');
        let cap = &parts[0];
        let capability = self.capability_value(cap);
        let (action, name) = if parts.len() >= 3 {
            let a = &parts[1];
            if lookup(VocabId::CapAction, &a.text).is_none() {
                unknown_value(&mut self.cx, a, VocabId::CapAction, "it verbatim as the action");
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
            let has_type_attr = b.attrs.iter().any(|a| a.key.as_ref().is_some_and(|k| k.text == "type"));
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
            src: EntrySource { range: b.range, name: cap.range },
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
            self.cx.report(Code::MalformedValue, cap.range, "`capability:` needs a capability name, e.g. `CAP_SYS_ADMIN`");
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
                unknown_value(&mut self.cx, cap, VocabId::Capability, "capability 0 (CAP_CHOWN)");
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
        let sep = if text.contains('|') || !text.contains(',') { '|' } else { ',' };
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
                None => unknown_value(&mut self.cx, &tok, VocabId::EffectType, "no effect bit for it"),
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
                if let Some(at) = dv.text.find("condition=").or_else(|| dv.text.find("reversible=")) {
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
                    src: EntrySource { range: b.range, name: parts[0].range },
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
            src: EntrySource { range: b.range, name: types.range },
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
                    append_or_drop(&mut e.description, &line, attr.range, reported, &mut dropped);
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
        let all_effects = rest.iter().all(|t| lookup(VocabId::EffectType, &t.text).is_some());
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
            let fixed = rest.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" | ");
            diag = diag.with_fix("Separate with `|`", h.range(), fixed);
        }
        self.cx.push(diag);
        self.spec.side_effects.push(SideEffectSpec {
            effect_type,
            target: parts[1].text.clone(),
            condition: None,
            description: parts[2].text.clone(),
            reversible: parts[2].text.contains("reversible=yes"),
            src: EntrySource { range: b.range, name: parts[0].range },
        });
    }

    /// `state-trans: OBJECT` (block) or the flat `state-trans: OBJECT, FROM, TO, DESCRIPTION`.
    pub(crate) fn state_trans_block(&mut self, b: &Block) {
        if b.flat {
            let parts = b.header.splitn(4, ',');
            if parts.len() < 4 {
                self.cx.report(
                    Code::MalformedValue,
                    b.header.range(),
                    "the one-line `state-trans:` form needs four parts, `OBJECT, FROM, TO, \
                     DESCRIPTION`; for the block form write only the object and put `from:`, `to:` \
                     and `desc:` on the lines below",
                );
            }
            if let (Some(first), Some(last)) = (b.attrs.first(), b.attrs.last()) {
                self.cx.report(
                    Code::IgnoredValue,
                    first.range.cover(last.range),
                    "upstream ignores these lines: a `state-trans:` with a comma is the one-line form; \
                     write only the object after `state-trans:` to use `from:`/`to:`/`desc:` lines",
                );
            }
            let part = |i: usize| parts.get(i).map_or_else(String::new, |t| t.text.clone());
            self.spec.state_transitions.push(StateTransitionSpec {
                object: part(0),
                from_state: part(1),
                to_state: part(2),
                condition: None,
                description: part(3),
                src: EntrySource { range: b.range, name: parts[0].range },
            });
            return;
        }
        let mut s = StateTransitionSpec {
            object: b.header.text.clone(),
            src: EntrySource { range: b.range, name: b.header.range() },
            ..StateTransitionSpec::default()
        };
        let mut dropped = Dropped::default();
        for attr in &b.attrs {
            let v = attr.value.text.clone();
            match attr_kind(self, BlockKind::StateTrans, attr) {
                AttrKind::Key("object") => s.object = v,
                AttrKind::Key("from") => s.from_state = v,
                AttrKind::Key("to") => s.to_state = v,
                AttrKind::Key("condition") => s.condition = Some(v),
                AttrKind::Key("desc") => s.description = v,
                AttrKind::Key(_) => {}
                AttrKind::Other { reported } => {
                    if !reported {
                        dropped.push(attr.range);
                    }
                }
            }
        }
        dropped.report(self, BlockKind::StateTrans);
        self.spec.state_transitions.push(s);
    }

    /// `constraint: NAME[, description]`.
    pub(crate) fn constraint_block(&mut self, b: &Block) {
        let parts = b.header.splitn(2, ',');
        let name = &parts[0];
        if name.text.is_empty() {
            self.cx.report(Code::MalformedValue, b.key.range, "`constraint:` needs a name, e.g. `constraint: valid_fd`");
        }
        let mut c = ConstraintSpec {
            name: if parts.len() >= 2 { name.text.clone() } else { b.header.text.clone() },
            description: parts.get(1).map_or_else(String::new, |t| t.text.clone()),
            expression: None,
            src: EntrySource { range: b.range, name: name.range },
        };
        let mut dropped = Dropped::default();
        for attr in &b.attrs {
            match attr_kind(self, BlockKind::Constraint, attr) {
                AttrKind::Key("desc") => append_desc(&mut c.description, &attr.value.text),
                AttrKind::Key("expr") => c.expression = Some(attr.value.text.clone()),
                AttrKind::Key(_) => {}
                AttrKind::Other { reported } => {
                    let line = self.cx.logical_line(attr);
                    append_or_drop(&mut c.description, &line, attr.range, reported, &mut dropped);
                }
            }
        }
        dropped.report(self, BlockKind::Constraint);
        self.spec.constraints.push(c);
    }

    /// `lock: NAME[, TYPE]`.
    pub(crate) fn lock_block(&mut self, b: &Block) {
        let parts = b.header.split(',');
        let name = &parts[0];
        let mut has_type = false;
        let mut l = LockSpec {
            lock_name: if parts.len() >= 2 { name.text.clone() } else { b.header.text.clone() },
            src: EntrySource { range: b.range, name: name.range },
            ..LockSpec::default()
        };
        if parts.len() >= 2 {
            has_type = true;
            l.lock_type = self.lock_type(&parts[1]);
            if parts.len() > 2 {
                self.cx.report(
                    Code::IgnoredValue,
                    parts[2].range.cover(parts[parts.len() - 1].range),
                    "upstream reads only `lock: NAME, TYPE` and drops the rest",
                );
            }
        }
        if name.text.is_empty() {
            self.cx.report(Code::MalformedValue, b.key.range, "`lock:` needs the lock's name, e.g. `lock: inode->i_rwsem`");
        }
        let acq_rel = b.attrs.iter().any(|a| {
            a.key.as_ref().is_some_and(|k| k.text == "acquired" || k.text == "released")
        });
        let mut dropped = Dropped::default();
        for attr in &b.attrs {
            match attr_kind(self, BlockKind::Lock, attr) {
                AttrKind::Key("type") => {
                    has_type = true;
                    l.lock_type = self.lock_type(&attr.value.clone().into_token());
                }
                AttrKind::Key("scope") => l.scope = self.lock_scope(attr, acq_rel),
                AttrKind::Key("desc") => append_desc(&mut l.description, &attr.value.text),
                AttrKind::Key(key @ ("acquired" | "released")) => {
                    let v = attr.value.text.to_lowercase();
                    if matches!(v.as_str(), "true" | "yes") {
                        let (this, other) = if key == "acquired" { (1, 2) } else { (2, 1) };
                        l.scope = if l.scope == other { 0 } else { this };
                    } else if !matches!(v.as_str(), "false" | "no") {
                        let range = super::param::value_or(attr);
                        let mut d = Diagnostic::new(
                            Code::UnknownValue,
                            range,
                            format!(
                                "`{key}:` accepts `yes` or `true`; upstream ignores `{}`",
                                attr.value.text
                            ),
                        );
                        if v == "1" {
                            d = d.with_fix("Replace with `yes`", range, "yes");
                        }
                        self.cx.push(d);
                    }
                }
                AttrKind::Key(key @ ("held-on-entry" | "held-on-exit")) => {
                    let line = self.cx.logical_line(attr);
                    let fate = if l.description.is_empty() {
                        "drops the line".to_string()
                    } else {
                        format!("appends `{line}` to the lock's description")
                    };
                    if !l.description.is_empty() {
                        l.description.push(' ');
                        l.description.push_str(&line);
                    }
                    self.cx.report(
                        Code::IgnoredValue,
                        key_range(attr),
                        format!(
                            "upstream does not read `{key}:` as a lock attribute: it {fate}. Use \
                             `scope:` (`caller_held`, `acquires`, `releases`) or `acquired:`/`released:`"
                        ),
                    );
                }
                AttrKind::Key(_) => {}
                AttrKind::Other { reported } => {
                    let line = self.cx.logical_line(attr);
                    append_or_drop(&mut l.description, &line, attr.range, reported, &mut dropped);
                }
            }
        }
        dropped.report(self, BlockKind::Lock);
        if !has_type && !name.text.is_empty() {
            self.cx.report(
                Code::BuildPathsDisagree,
                name.range,
                "the kernel build drops a lock with no type (only the `kapi` tool keeps it, as type \
                 none); add a `type:` line, e.g. `type: mutex`",
            );
        }
        self.spec.locks.push(l);
    }

    fn lock_type(&mut self, tok: &Token) -> u32 {
        match lookup(VocabId::LockType, &tok.text) {
            Some(t) => t.value as u32,
            None => {
                unknown_value(&mut self.cx, tok, VocabId::LockType, "lock type 0 (none)");
                0
            }
        }
    }

    /// `scope:` takes only the exact lower-case words; the kernel build ignores it.
    fn lock_scope(&mut self, attr: &Attr, acq_rel: bool) -> u32 {
        let tok = attr.value.clone().into_token();
        let term = lookup(VocabId::LockScope, &tok.text);
        match term {
            Some(t) if t.exact_aliases.contains(&tok.text.as_str()) => {
                let value = t.value as u32;
                let replacement = match value {
                    1 => Some("acquired: yes"),
                    2 => Some("released: yes"),
                    _ => None,
                };
                if value != 0 && !acq_rel {
                    let mut d = Diagnostic::new(
                        Code::BuildPathsDisagree,
                        tok.range,
                        format!(
                            "the kernel build ignores `scope:`, so the lock is internal there but `{}` \
                             for the `kapi` tool{}",
                            tok.text,
                            match replacement {
                                Some(r) => format!("; `{r}` is read by both"),
                                None => String::new(),
                            }
                        ),
                    );
                    if let Some(r) = replacement {
                        d = d.with_fix(format!("Replace with `{r}`"), attr.range, r);
                    }
                    self.cx.push(d);
                }
                value
            }
            Some(t) => {
                let short = short_form(t);
                self.cx.push(
                    Diagnostic::new(
                        Code::UnknownValue,
                        tok.range,
                        format!(
                            "`scope:` takes only the lower-case word: upstream reads `{}` as internal; \
                             write `{short}`",
                            tok.text
                        ),
                    )
                    .with_fix(format!("Replace with `{short}`"), tok.range, short),
                );
                0
            }
            None => {
                unknown_value(&mut self.cx, &tok, VocabId::LockScope, "internal (0)");
                0
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use expect_test::expect;
    use serde_json::json;

    #[test]
    fn errors_codes_names_and_summaries() {
        let src = frob(
            "contexts: process\n\
             error: EINVLA, bad value\n\
             error: ECANCELED, cancelled\n\
             error: -EFAULT, bad pointer\n\
             error: EAGAIN\n  desc: Try again.\n    Later.\n  condition: when busy\n",
        );
        check(&src, expect![[r#"
            4:11..4:17 unknown-value error `EINVLA`: `EINVLA` is not a known error code; the `kapi` tool records error code 0. Did you mean `EINVAL`?
                fix Replace with `EINVAL`: `EINVLA` -> `EINVAL`
            5:11..5:20 build-paths-disagree warning `ECANCELED`: `ECANCELED` is missing from the `kapi` tool's errno table: it records error code 0, while the kernel build uses -ECANCELED (-125)
            6:11..6:18 unknown-value error `-EFAULT`: write the errno name without `-`: upstream records error code 0 for `-EFAULT`
                fix Replace with `EFAULT`: `-EFAULT` -> `EFAULT`
            7:11..7:17 build-paths-disagree warning `EAGAIN`: the kernel build (kdoc_apispec.py) needs `error: NAME, summary` and drops this error; only the `kapi` tool keeps it. Add a summary: `error: EAGAIN, <when it happens>`
        "#]]);
        let errors = json(&src)["errors"].clone();
        let codes: Vec<_> = errors.as_array().unwrap().iter().map(|e| e["error_code"].clone()).collect();
        assert_eq!(codes, [json!(0), json!(0), json!(0), json!(-11)]);
        assert_eq!(errors[3]["description"], "Try again. Later.");
        assert_eq!(errors[3]["condition"], "when busy");
    }

    #[test]
    fn duplicate_errno() {
        let src = frob(
            "contexts: process\nerror: EINVAL, bad flags\nerror: EBADF, bad fd\nerror: EINVAL, len too big\nerror: EBADF, bad fd\n",
        );
        check(&src, expect![[r#"
            6:11..6:17 duplicate-entry information `EINVAL`: `EINVAL` is already listed on line 4; list each errno once and combine the conditions
            7:11..7:16 duplicate-entry warning `EBADF`: `EBADF` is already listed on line 5; list each errno once and combine the conditions
        "#]]);
    }

    #[test]
    fn error_block_prose_before_desc_is_dropped() {
        let src = frob("contexts: process\nerror: EINVAL, bad\n  The flags are invalid.\n  desc: Flags.\n");
        check(&src, expect![[r#"
            5:6..5:28 ignored-value warning `The flags are invalid.`: upstream drops this text: it is not a `key: value` line of the `error:` block and no description precedes it; start the text with `desc:`
                fix Make it the `desc:`: `` -> `desc: `
        "#]]);
        assert_eq!(json(&src)["errors"][0]["description"], "Flags.");
    }

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
        check(&src, expect![[r#"
            4:16..4:28 unknown-value error `CAP_SYS_ADMN`: `CAP_SYS_ADMN` is not a known capability; the `kapi` tool records capability 0 (CAP_CHOWN). Did you mean `CAP_SYS_ADMIN`?
                fix Replace with `CAP_SYS_ADMIN`: `CAP_SYS_ADMN` -> `CAP_SYS_ADMIN`
            5:12..5:20 build-paths-disagree warning `required`: only the kernel build maps `required` to a capability action; the `kapi` tool records `required` verbatim. Write `perform_operation`
                fix Replace with `perform_operation`: `required` -> `perform_operation`
            6:31..6:43 build-paths-disagree warning `bypass_check`: the `kapi` tool ignores the second part of `capability: CAP_NET_ADMIN, bypass_check`, while the kernel build reads it as the type; write it as `type: bypass_check` on the next line
            11:16..11:20 malformed-value error `high`: capability `priority:` needs a number from 0 to 255; upstream leaves it unset for `high`
            12:6..12:10 ignored-value information `desc`: the `kapi` tool ignores `desc:` in a capability block (the kernel build uses it as the capability's name); say what the capability permits with `allows:`
            13:16..13:20 build-paths-disagree warning `none`: `capability: none` gives CAP_CHOWN (0) in the `kapi` tool while the kernel build skips the block; remove it if no capability is involved
            15:16..15:26 build-paths-disagree warning `CAP_SETUID`: no `type:`: the `kapi` tool records an empty action while the kernel build uses PERFORM_OPERATION; state the action, e.g. `type: bypass_check`
        "#]]);
        let caps = json(&src)["capabilities"].clone();
        assert_eq!(caps[0]["capability"], 0);
        assert_eq!(caps[0]["action"], "required", "Rust keeps unknown actions verbatim");
        assert_eq!(caps[1]["action"], "", "the second part is ignored");
        assert_eq!(
            caps[2],
            json!({"capability": 5, "name": "Kill anything", "action": "KAPI_CAP_BYPASS_CHECK",
                   "allows": "", "without_cap": "", "check_condition": null, "priority": 0,
                   "alternatives": []})
        );
        assert_eq!(caps[3]["priority"], json!(null));
    }

    #[test]
    fn side_effect_flat_form_trap() {
        let src = frob("contexts: process\nside-effect: alloc_memory, free_memory, schedule\n");
        check(&src, expect![[r#"
            4:17..4:52 wrong-separator error `alloc_memory, free_memory, schedule`: three comma-separated parts make this the one-line form `TYPE, target, description`: upstream reads type `alloc_memory`, target `free_memory` and description `schedule`. Separate effect types with `|`
                fix Separate with `|`: `alloc_memory, free_memory, schedule` -> `alloc_memory | free_memory | schedule`
        "#]]);
        let e = &json(&src)["side_effects"][0];
        assert_eq!((e["effect_type"].clone(), e["target"].clone(), e["description"].clone()), (json!(1), json!("free_memory"), json!("schedule")));
    }

    #[test]
    fn side_effect_flat_form_and_suffixes() {
        let src = frob(
            "contexts: process\n\
             side-effect: KAPI_EFFECT_MODIFY_STATE, file_table, Allocates a descriptor, condition=always, reversible=yes\n\
             side-effect: alloc_memory, kernel heap, Allocates\n",
        );
        check(&src, expect![[r#"
            4:79..4:111 build-paths-disagree information `condition=always, reversible=yes`: only the kernel build strips `condition=`/`reversible=` from a one-line side effect; the `kapi` tool keeps them in the description and sets no condition. Use the block form with `target:`, `condition:` and `reversible:` lines
        "#]]);
        let e = json(&src)["side_effects"].clone();
        assert_eq!(e[0]["description"], "Allocates a descriptor, condition=always, reversible=yes");
        assert_eq!((e[0]["effect_type"].clone(), e[0]["reversible"].clone(), e[0]["condition"].clone()), (json!(4), json!(true), json!(null)));
        assert_eq!(e[1]["target"], "kernel heap");
    }

    #[test]
    fn side_effect_block() {
        let src = frob(
            "contexts: process\n\
             side-effect: alloc_memory, free_memory\n  target: heap\n  reversible: true\n  desc: a\n  desc: b\n\
             side-effect: alloc_memroy | schedule, network\n  reversible: maybe\n",
        );
        check(&src, expect![[r#"
            6:18..6:22 build-paths-disagree warning `true`: the kernel build accepts only `yes` for `reversible:`: `true` is true for the `kapi` tool but false there; write `yes`
                fix Replace with `yes`: `true` -> `yes`
            9:17..9:29 unknown-value error `alloc_memroy`: `alloc_memroy` is not a known side effect; the `kapi` tool records no effect bit for it. Did you mean `alloc_memory`?
                fix Replace with `alloc_memory`: `alloc_memroy` -> `alloc_memory`
            9:32..9:49 wrong-separator error `schedule, network`: effect types are separated by `|`: upstream reads `schedule, network` as one unknown effect (0); write `schedule | network`
                fix Separate with `|`: `schedule, network` -> `schedule | network`
            10:18..10:23 unknown-value error `maybe`: `reversible:` expects `yes` or `no`; upstream reads `maybe` as no
        "#]]);
        let e = json(&src)["side_effects"].clone();
        assert_eq!((e[0]["effect_type"].clone(), e[0]["reversible"].clone(), e[0]["description"].clone()), (json!(3), json!(true), json!("a b")));
        assert_eq!(e[1]["effect_type"], 0, "`schedule, network` is one unknown token");
    }

    #[test]
    fn state_transitions() {
        let src = frob(
            "contexts: process\n\
             state-trans: fd, open, closed, File is closed, and the number is free\n\
             state-trans: refcount, n\n  from: n\n\
             state-trans: file\n  from: open\n  to: closed\n  condition: last reference\n  desc: one\n  desc: two\n",
        );
        check(&src, expect![[r#"
            5:17..5:28 malformed-value error `refcount, n`: the one-line `state-trans:` form needs four parts, `OBJECT, FROM, TO, DESCRIPTION`; for the block form write only the object and put `from:`, `to:` and `desc:` on the lines below
            6:6..6:13 ignored-value warning `from: n`: upstream ignores these lines: a `state-trans:` with a comma is the one-line form; write only the object after `state-trans:` to use `from:`/`to:`/`desc:` lines
        "#]]);
        let t = json(&src)["state_transitions"].clone();
        assert_eq!(t[0]["description"], "File is closed, and the number is free");
        assert_eq!((t[1]["to_state"].clone(), t[1]["description"].clone()), (json!(""), json!("")));
        assert_eq!(t[2], json!({"object": "file", "from_state": "open", "to_state": "closed", "condition": "last reference", "description": "two"}));
    }

    #[test]
    fn constraints() {
        let src = frob(
            "contexts: process\n\
             constraint: valid fd, The descriptor is open\n  and readable.\n  expr: fd >= 0\n\
             constraint: limit\n  Some prose.\n  desc: A limit\n",
        );
        check(&src, expect![[r#"
            8:6..8:17 ignored-value warning `Some prose.`: upstream drops this text: it is not a `key: value` line of the `constraint:` block and no description precedes it; start the text with `desc:`
                fix Make it the `desc:`: `` -> `desc: `
        "#]]);
        let c = json(&src)["constraints"].clone();
        assert_eq!(c[0], json!({"name": "valid fd", "description": "The descriptor is open and readable.", "expression": "fd >= 0"}));
        assert_eq!(c[1]["description"], "A limit");
    }

    #[test]
    fn locks() {
        let src = frob(
            "contexts: process\n\
             lock: a_lock\n  desc: Protects a.\n  held-on-entry: yes\n\
             lock: b_lock, spinlok\n  scope: KAPI_LOCK_ACQUIRES\n\
             lock: c_lock, mutex\n  scope: acquires\n\
             lock: d_lock\n  type: rcu\n  acquired: 1\n  released: no\n\
             lock: e_lock, mutex\n  scope: releases\n  released: yes\n",
        );
        check(&src, expect![[r#"
            4:10..4:16 build-paths-disagree warning `a_lock`: the kernel build drops a lock with no type (only the `kapi` tool keeps it, as type none); add a `type:` line, e.g. `type: mutex`
            6:6..6:19 ignored-value warning `held-on-entry`: upstream does not read `held-on-entry:` as a lock attribute: it appends `held-on-entry: yes` to the lock's description. Use `scope:` (`caller_held`, `acquires`, `releases`) or `acquired:`/`released:`
            7:18..7:25 unknown-value error `spinlok`: `spinlok` is not a known lock type; the `kapi` tool records lock type 0 (none). Did you mean `spinlock`?
                fix Replace with `spinlock`: `spinlok` -> `spinlock`
            8:13..8:31 unknown-value error `KAPI_LOCK_ACQUIRES`: `scope:` takes only the lower-case word: upstream reads `KAPI_LOCK_ACQUIRES` as internal; write `acquires`
                fix Replace with `acquires`: `KAPI_LOCK_ACQUIRES` -> `acquires`
            10:13..10:21 build-paths-disagree warning `acquires`: the kernel build ignores `scope:`, so the lock is internal there but `acquires` for the `kapi` tool; `acquired: yes` is read by both
                fix Replace with `acquired: yes`: `scope: acquires` -> `acquired: yes`
            13:16..13:17 unknown-value error `1`: `acquired:` accepts `yes` or `true`; upstream ignores `1`
                fix Replace with `yes`: `1` -> `yes`
        "#]]);
        let l = json(&src)["locks"].clone();
        assert_eq!(l[0], json!({"lock_name": "a_lock", "lock_type": 0, "scope": 0, "description": "Protects a. held-on-entry: yes"}));
        assert_eq!((l[1]["lock_type"].clone(), l[1]["scope"].clone()), (json!(0), json!(0)));
        assert_eq!(l[2]["scope"], 1);
        assert_eq!((l[3]["lock_type"].clone(), l[3]["scope"].clone()), (json!(5), json!(0)));
    }

    #[test]
    fn lock_scope_from_acquired_and_released() {
        let src = frob(
            "contexts: process\n\
             lock: a, mutex\n  acquired: true\n  released: true\n\
             lock: b, mutex\n  acquired: true\n\
             lock: c, mutex\n  released: yes\n\
             lock: d, mutex\n  acquired: no\n  released: false\n",
        );
        check(&src, expect![""]);
        let scopes: Vec<_> = json(&src)["locks"].as_array().unwrap().iter().map(|l| l["scope"].clone()).collect();
        assert_eq!(scopes, [json!(0), json!(1), json!(2), json!(0)]);
    }
}
