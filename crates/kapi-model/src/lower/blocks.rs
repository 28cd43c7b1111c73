//! What every block handler shares (classifying an attribute line the way upstream's handlers
//! do, reporting the text they silently drop, `desc:` and yes/no semantics), and the small
//! `error:`, `state-trans:` and `constraint:` blocks (language reference §4.2, §4.6, §4.7).

use super::ctx::Ctx;
use super::keys;
use super::spec::Builder;
use super::terms::{lookup, unknown_value};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::spec::{ConstraintSpec, EntrySource, ErrorSpec, StateTransitionSpec};
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
            let colon = b.cx.text[key.range.end..]
                .find(':')
                .map_or(key.range.end, |i| key.range.end + i);
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
        None => AttrKind::Other {
            reported: keys::check_unkeyed(&mut b.cx, kind, attr),
        },
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
        let (Some(first), Some(last)) = (self.ranges.first(), self.ranges.last()) else {
            return;
        };
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
            diag = diag.with_fix(
                "Make it the `desc:`",
                TextRange::empty(first.start),
                "desc: ",
            );
        }
        b.cx.push(diag);
    }
}

/// Appends a continuation line to a description once one exists (upstream's "else" branch);
/// records the line as dropped otherwise.
pub(crate) fn append_or_drop(
    desc: &mut String,
    line: &str,
    range: TextRange,
    reported: bool,
    dropped: &mut Dropped,
) {
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
pub(crate) fn append_desc(desc: &mut String, text: &str) {
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
            if attr.value.text.is_empty() {
                key_range(attr)
            } else {
                range
            },
            format!(
                "`{key}:` expects `yes` or `no`; upstream reads `{}` as no",
                attr.value.text
            ),
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
            src: EntrySource {
                range: b.range,
                name: name.range,
            },
        };
        let mut dropped = Dropped::default();
        for attr in &b.attrs {
            match attr_kind(self, BlockKind::Error, attr) {
                AttrKind::Key("desc") => append_desc(&mut e.description, &attr.value.text),
                AttrKind::Key("condition") => e.condition = attr.value.text.clone(),
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
            // One errno listed once per distinct condition is how published specs document
            // several causes (kexec_load lists EPERM three times): only a repeat of the same
            // condition is a mistake.
            Some((_, first_cond)) if first_cond != condition => {}
            Some((first, _)) => {
                let line = self.cx.line_no(first.start);
                self.cx.report_sev(
                    Code::DuplicateEntry,
                    Severity::Warning,
                    name.range,
                    format!(
                        "`{}` with this condition is already listed on line {line}; remove the \
                         repeat",
                        name.text
                    ),
                );
            }
            None => {
                self.errnos
                    .insert(name.text.clone(), (name.range, condition.to_string()));
            }
        }
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
                src: EntrySource {
                    range: b.range,
                    name: parts[0].range,
                },
            });
            return;
        }
        let mut s = StateTransitionSpec {
            object: b.header.text.clone(),
            src: EntrySource {
                range: b.range,
                name: b.header.range(),
            },
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
            self.cx.report(
                Code::MalformedValue,
                b.key.range,
                "`constraint:` needs a name, e.g. `constraint: valid_fd`",
            );
        }
        let mut c = ConstraintSpec {
            name: if parts.len() >= 2 {
                name.text.clone()
            } else {
                b.header.text.clone()
            },
            description: parts.get(1).map_or_else(String::new, |t| t.text.clone()),
            expression: None,
            src: EntrySource {
                range: b.range,
                name: name.range,
            },
        };
        let mut dropped = Dropped::default();
        for attr in &b.attrs {
            match attr_kind(self, BlockKind::Constraint, attr) {
                AttrKind::Key("desc") => append_desc(&mut c.description, &attr.value.text),
                AttrKind::Key("expr") => c.expression = Some(attr.value.text.clone()),
                AttrKind::Key(_) => {}
                AttrKind::Other { reported } => {
                    let line = self.cx.logical_line(attr);
                    append_or_drop(
                        &mut c.description,
                        &line,
                        attr.range,
                        reported,
                        &mut dropped,
                    );
                }
            }
        }
        dropped.report(self, BlockKind::Constraint);
        self.spec.constraints.push(c);
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
        check(
            &src,
            expect![[r#"
            4:11..4:17 unknown-value error `EINVLA`: `EINVLA` is not a known error code; the `kapi` tool records error code 0. Did you mean `EINVAL`?
                fix Replace with `EINVAL`: `EINVLA` -> `EINVAL`
            5:11..5:20 build-paths-disagree warning `ECANCELED`: `ECANCELED` is missing from the `kapi` tool's errno table: it records error code 0, while the kernel build uses -ECANCELED (-125)
            6:11..6:18 unknown-value error `-EFAULT`: write the errno name without `-`: upstream records error code 0 for `-EFAULT`
                fix Replace with `EFAULT`: `-EFAULT` -> `EFAULT`
            7:11..7:17 build-paths-disagree warning `EAGAIN`: the kernel build (kdoc_apispec.py) needs `error: NAME, summary` and drops this error; only the `kapi` tool keeps it. Add a summary: `error: EAGAIN, <when it happens>`
        "#]],
        );
        let errors = json(&src)["errors"].clone();
        let codes: Vec<_> = errors
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["error_code"].clone())
            .collect();
        assert_eq!(codes, [json!(0), json!(0), json!(0), json!(-11)]);
        assert_eq!(errors[3]["description"], "Try again. Later.");
        assert_eq!(errors[3]["condition"], "when busy");
    }

    #[test]
    fn duplicate_errno() {
        let src = frob(
            "contexts: process\nerror: EINVAL, bad flags\nerror: EBADF, bad fd\nerror: EINVAL, len too big\nerror: EBADF, bad fd\n",
        );
        check(
            &src,
            expect![[r#"
            7:11..7:16 duplicate-entry warning `EBADF`: `EBADF` with this condition is already listed on line 5; remove the repeat
        "#]],
        );
    }

    #[test]
    fn error_block_prose_before_desc_is_dropped() {
        let src = frob(
            "contexts: process\nerror: EINVAL, bad\n  The flags are invalid.\n  desc: Flags.\n",
        );
        check(
            &src,
            expect![[r#"
            5:6..5:28 ignored-value warning `The flags are invalid.`: upstream drops this text: it is not a `key: value` line of the `error:` block and no description precedes it; start the text with `desc:`
                fix Make it the `desc:`: `` -> `desc: `
        "#]],
        );
        assert_eq!(json(&src)["errors"][0]["description"], "Flags.");
    }

    #[test]
    fn state_transitions() {
        let src = frob(
            "contexts: process\n\
             state-trans: fd, open, closed, File is closed, and the number is free\n\
             state-trans: refcount, n\n  from: n\n\
             state-trans: file\n  from: open\n  to: closed\n  condition: last reference\n  desc: one\n  desc: two\n",
        );
        check(
            &src,
            expect![[r#"
            5:17..5:28 malformed-value error `refcount, n`: the one-line `state-trans:` form needs four parts, `OBJECT, FROM, TO, DESCRIPTION`; for the block form write only the object and put `from:`, `to:` and `desc:` on the lines below
            6:6..6:13 ignored-value warning `from: n`: upstream ignores these lines: a `state-trans:` with a comma is the one-line form; write only the object after `state-trans:` to use `from:`/`to:`/`desc:` lines
        "#]],
        );
        let t = json(&src)["state_transitions"].clone();
        assert_eq!(
            t[0]["description"],
            "File is closed, and the number is free"
        );
        assert_eq!(
            (t[1]["to_state"].clone(), t[1]["description"].clone()),
            (json!(""), json!(""))
        );
        assert_eq!(
            t[2],
            json!({"object": "file", "from_state": "open", "to_state": "closed", "condition": "last reference", "description": "two"})
        );
    }

    #[test]
    fn constraints() {
        let src = frob(
            "contexts: process\n\
             constraint: valid fd, The descriptor is open\n  and readable.\n  expr: fd >= 0\n\
             constraint: limit\n  Some prose.\n  desc: A limit\n",
        );
        check(
            &src,
            expect![[r#"
            8:6..8:17 ignored-value warning `Some prose.`: upstream drops this text: it is not a `key: value` line of the `constraint:` block and no description precedes it; start the text with `desc:`
                fix Make it the `desc:`: `` -> `desc: `
        "#]],
        );
        let c = json(&src)["constraints"].clone();
        assert_eq!(
            c[0],
            json!({"name": "valid fd", "description": "The descriptor is open and readable.", "expression": "fd >= 0"})
        );
        assert_eq!(c[1]["description"], "A limit");
    }
}
