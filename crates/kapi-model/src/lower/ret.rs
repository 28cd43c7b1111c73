//! The `return:` block (language reference §4.9): the type, the check type, the `success:`
//! forms, and upstream's `keep_used_success_fields`, which keeps only the success fields the
//! check type uses (exact: the value; range: min and max; anything else: none).

use super::blocks::{attr_kind, key_range, AttrKind, Dropped};
use super::spec::Builder;
use super::terms::lookup;
use super::values::{classify_number, is_identifier, parse_return_success, Num};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::spec::{EntrySource, ReturnSpec};
use crate::vocab::VocabId;
use kapi_syntax::{Attr, Block, BlockKind};

impl Builder<'_> {
    pub(crate) fn return_block(&mut self, b: &Block) {
        if let Some(first) = self.first_return {
            let line = self.cx.line_no(first.start);
            self.cx.report(
                Code::DuplicateEntry,
                b.key.range,
                format!("a second `return:` block replaces the one on line {line}; merge them"),
            );
        } else {
            self.first_return = Some(b.key.range);
        }
        let mut r = ReturnSpec {
            src: EntrySource {
                range: b.range,
                name: b.key.range,
            },
            ..ReturnSpec::default()
        };
        let mut success: Option<&Attr> = None;
        let mut check: Option<&Attr> = None;
        let mut dropped = Dropped::default();
        for attr in &b.attrs {
            match attr_kind(self, BlockKind::Return, attr) {
                AttrKind::Key("type") => {
                    let tok = attr.value.clone().into_token();
                    r.type_name = tok.text.clone();
                    let term = lookup(VocabId::ParamType, &tok.text);
                    r.return_type = term.map_or(0, |t| t.value as u32);
                    self.check_param_type(&tok, term.is_some(), attr);
                }
                AttrKind::Key("check-type") => {
                    check = Some(attr);
                    let tok = attr.value.clone().into_token();
                    r.check_type =
                        self.enum_value(&tok, VocabId::ReturnCheck, "check type 0 (exact)");
                }
                AttrKind::Key("success") => {
                    success = Some(attr);
                    (r.success_value, r.success_min, r.success_max) =
                        parse_return_success(&attr.value.text);
                }
                AttrKind::Key("desc") => {
                    if r.description.is_empty() {
                        r.description = attr.value.text.clone();
                    } else {
                        r.description.push(' ');
                        r.description.push_str(&attr.value.text);
                    }
                }
                AttrKind::Key(key @ ("success-range" | "error-values")) => {
                    let line = self.cx.logical_line(attr);
                    let fate = if r.description.is_empty() {
                        "drops the line".to_string()
                    } else {
                        r.description.push(' ');
                        r.description.push_str(&line);
                        "appends the line to the return description".to_string()
                    };
                    let instead = if key == "error-values" {
                        "list the errors with `error:` blocks"
                    } else {
                        "write `check-type: range` and `success: >= N`"
                    };
                    self.cx.report(
                        Code::IgnoredValue,
                        key_range(attr),
                        format!("upstream does not read `{key}:`: it {fate}; {instead}"),
                    );
                }
                AttrKind::Key(_) => {}
                AttrKind::Other { reported } => {
                    if r.description.is_empty() {
                        if !reported {
                            dropped.push(attr.range);
                        }
                    } else {
                        r.description.push(' ');
                        r.description.push_str(&self.cx.logical_line(attr));
                    }
                }
            }
        }
        dropped.report(self, BlockKind::Return);
        if let Some(s) = success {
            self.check_success(&r, s, check);
        }
        // keep_used_success_fields
        match r.check_type {
            0 => {
                r.success_min = None;
                r.success_max = None;
            }
            1 => r.success_value = None,
            _ => {
                r.success_value = None;
                r.success_min = None;
                r.success_max = None;
            }
        }
        self.spec.return_spec = Some(r);
    }

    /// Reports a `success:` value the final check type cannot use or upstream cannot read.
    fn check_success(&mut self, r: &ReturnSpec, s: &Attr, check: Option<&Attr>) {
        let text = s.value.text.trim();
        let range = super::param::value_or(s);
        let check_name = check.map_or_else(
            || "exact (the default)".to_string(),
            |c| format!("`{}`", c.value.text),
        );
        match r.check_type {
            0 => {
                if text.starts_with(">=") {
                    let mut d = Diagnostic::new(
                        Code::IgnoredValue,
                        range,
                        format!(
                            "`{text}` is a range, but the check type is {check_name}: upstream records no \
                             success value; use `check-type: range`"
                        ),
                    );
                    if let Some(c) = check {
                        let cr = c.value.range();
                        d = d.with_fix("Use `check-type: range`", cr, "range");
                    }
                    self.cx.push(d);
                } else if r.success_value.is_none() {
                    let rest = text.strip_prefix("==").or_else(|| text.strip_prefix('=')).unwrap_or(text).trim();
                    if is_identifier(rest) {
                        self.cx.report(
                            Code::IgnoredValue,
                            range,
                            format!(
                                "neither tool reads a symbolic exact success value: upstream records none \
                                 for `{rest}`; write the number"
                            ),
                        );
                    } else {
                        self.cx.report(
                            Code::MalformedValue,
                            range,
                            format!(
                                "`success:` for an exact check needs a number (`0`, `= 0` or `== 0`); \
                                 upstream records none for `{text}`"
                            ),
                        );
                    }
                }
            }
            1 => match text.strip_prefix(">=") {
                Some(min) => {
                    if classify_number(min) == Num::Malformed {
                        self.cx.report(
                            Code::MalformedValue,
                            range,
                            format!("`{}` is not a C integer literal; upstream records a minimum of 0", min.trim()),
                        );
                    }
                }
                None => self.cx.report(
                    Code::IgnoredValue,
                    range,
                    format!(
                        "a range check reads only `>= N`: upstream records the range [0, i64::MAX] for \
                         `{text}`; write `success: >= N`"
                    ),
                ),
            },
            _ => self.cx.report_sev(
                Code::IgnoredValue,
                Severity::Information,
                range,
                format!("the check type {check_name} uses no success value: upstream drops `success: {text}`"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use expect_test::expect;
    use serde_json::{json, Value};

    fn ret(check: &str, success: &str) -> (Value, Value, Value) {
        let src = frob(&format!(
            "contexts: process\nerror: EINVAL, bad\nreturn:\n  type: int\n  success: {success}\n  check-type: {check}\n  desc: ok\n"
        ));
        let r = json(&src)["return_spec"].clone();
        (
            r["success_value"].clone(),
            r["success_min"].clone(),
            r["success_max"].clone(),
        )
    }

    #[test]
    fn success_forms_follow_the_check_type() {
        let n = Value::Null;
        let max = json!(i64::MAX);
        assert_eq!(ret("exact", "0"), (json!(0), n.clone(), n.clone()));
        assert_eq!(ret("exact", "= 0"), (json!(0), n.clone(), n.clone()));
        assert_eq!(ret("exact", "== -1"), (json!(-1), n.clone(), n.clone()));
        assert_eq!(ret("exact", "0x10"), (json!(16), n.clone(), n.clone()));
        assert_eq!(ret("exact", ">= 0"), (n.clone(), n.clone(), n.clone()));
        assert_eq!(ret("range", ">= 0"), (n.clone(), json!(0), max.clone()));
        assert_eq!(
            ret("KAPI_RETURN_RANGE", ">= 1"),
            (n.clone(), json!(1), max.clone())
        );
        assert_eq!(ret("range", "0"), (n.clone(), json!(0), max.clone()));
        assert_eq!(ret("fd", ">= 0"), (n.clone(), n.clone(), n.clone()));
        assert_eq!(ret("error_check", "0"), (n.clone(), n.clone(), n.clone()));
    }

    #[test]
    fn success_diagnostics() {
        let src = frob(
            "contexts: process\nerror: EINVAL, bad\n\
             return:\n  type: int\n  check-type: exact\n  success: >= 0\n",
        );
        check(
            &src,
            expect![[r#"
            8:15..8:19 ignored-value warning `>= 0`: `>= 0` is a range, but the check type is `exact`: upstream records no success value; use `check-type: range`
                fix Use `check-type: range`: `exact` -> `range`
        "#]],
        );
        let src =
            frob("contexts: process\nerror: EINVAL, bad\nreturn:\n  type: int\n  success: zero\n");
        check(
            &src,
            expect![[r#"
            7:15..7:19 ignored-value warning `zero`: neither tool reads a symbolic exact success value: upstream records none for `zero`; write the number
        "#]],
        );
        let src = frob(
            "contexts: process\nerror: EINVAL, bad\nreturn:\n  type: int\n  success: PAGE_SIZE\n",
        );
        check(
            &src,
            expect![[r#"
            7:15..7:24 ignored-value warning `PAGE_SIZE`: neither tool reads a symbolic exact success value: upstream records none for `PAGE_SIZE`; write the number
        "#]],
        );
        let src = frob("contexts: process\nerror: EINVAL, bad\nreturn:\n  type: int\n  check-type: range\n  success: 0..4096\n");
        check(
            &src,
            expect![[r#"
            8:15..8:22 ignored-value warning `0..4096`: a range check reads only `>= N`: upstream records the range [0, i64::MAX] for `0..4096`; write `success: >= N`
        "#]],
        );
        let src = frob("contexts: process\nerror: EINVAL, bad\nreturn:\n  type: int\n  check-type: fd\n  success: >= 0\n");
        check(
            &src,
            expect![[r#"
            8:15..8:19 ignored-value information `>= 0`: the check type `fd` uses no success value: upstream drops `success: >= 0`
        "#]],
        );
    }

    #[test]
    fn types_duplicates_and_unread_keys() {
        let src = frob(
            "contexts: process\nerror: EINVAL, bad\n\
             return: 0 on success\n\
             return:\n  type: long\n  check-type: rnage\n  desc: Bytes.\n  error-values: -EINVAL\n\
             return:\n  type: void\n  check-type: no_return\n",
        );
        check(
            &src,
            expect![[r#"
            5:12..5:24 ignored-value warning `0 on success`: upstream ignores text after `return:` on the same line and creates no return spec; write `return:` alone and describe the value on indented lines (`type: int`, `check-type: range`, `success: >= 0`, `desc: ...`)
            7:12..7:16 unknown-value error `long`: `long` is not a known parameter type; the `kapi` tool records type 0 (void). Did you mean `int`?
                fix Replace with `int`: `long` -> `int`
            8:18..8:23 unknown-value error `rnage`: `rnage` is not a known return check type; the `kapi` tool records check type 0 (exact). Did you mean `range`?
                fix Replace with `range`: `rnage` -> `range`
            10:6..10:18 ignored-value warning `error-values`: upstream does not read `error-values:`: it appends the line to the return description; list the errors with `error:` blocks
            11:4..11:10 duplicate-entry warning `return`: a second `return:` block replaces the one on line 6; merge them
            12:12..12:16 build-paths-disagree warning `void`: `void` is read only by the `kapi` tool: the kernel build passes it through verbatim, which does not compile; write `KAPI_TYPE_VOID`
                fix Replace with `KAPI_TYPE_VOID`: `void` -> `KAPI_TYPE_VOID`
        "#]],
        );
        let r = json(&src)["return_spec"].clone();
        assert_eq!(
            (
                r["type_name"].clone(),
                r["return_type"].clone(),
                r["check_type"].clone()
            ),
            (json!("void"), json!(0), json!(5))
        );
        let src = frob("contexts: process\nerror: EINVAL, bad\nreturn:\n  type: long\n  desc: Bytes.\n  error-values: -EINVAL\n");
        let r = json(&src)["return_spec"].clone();
        assert_eq!(
            (r["type_name"].clone(), r["return_type"].clone()),
            (json!("long"), json!(0))
        );
        assert_eq!(r["description"], "Bytes. error-values: -EINVAL");
    }
}
