//! `constraint-type:` in a `param:` block (language reference §5.4): the long form
//! `KAPI_CONSTRAINT_*` or a call form such as `range(0, 4096)`, `mask(0xff)`, `buffer(2)`.
//! Upstream splits the arguments at every comma (no nesting), and when a call form fails it
//! falls back to the long-form lookup, which gives 0; every such failure is reported here.

use super::param::ParamBlockState;
use super::spec::Builder;
use super::terms::lookup;
use super::values::{classify_number, parse_i64_literal, Num};
use crate::diagnostic::{Code, Diagnostic};
use crate::vocab::{form_arity, Vocab, VocabId};
use kapi_syntax::{Attr, TextRange, Token, Value};
use std::ops::Range;

impl Builder<'_> {
    pub(crate) fn constraint_type(&mut self, slot: usize, attr: &Attr, st: &mut ParamBlockState) {
        let v = &attr.value;
        let t = v.text.as_str();
        let key_range = attr.key.as_ref().map_or(attr.range, |k| k.range);
        if t.is_empty() {
            self.cx.report(
                Code::MalformedValue,
                key_range,
                "`constraint-type:` is empty; upstream records constraint type 0. Write a form such as \
                 `range(0, 4096)` or `nonzero`",
            );
            self.params[slot].constraint_type = 0;
            return;
        }
        let balanced = t.matches('(').count() == t.matches(')').count();
        if !balanced {
            self.cx.report(
                Code::MalformedValue,
                v.range(),
                format!(
                    "unbalanced parentheses in `{t}`; upstream cannot read it as a constraint form"
                ),
            );
        }
        let (name_end, args) = match (t.find('('), t.rfind(')')) {
            (Some(l), Some(r)) if r > l => (l, Some(l + 1..r)),
            _ => (t.len(), None),
        };
        let name = t[..name_end].trim();
        let single_word = !name.is_empty() && !name.contains(char::is_whitespace);
        if single_word && form_arity(name).is_some() {
            let lc = name.to_ascii_lowercase();
            if let Some(ctype) = self.apply_form(slot, &lc, v, args.clone(), balanced, st) {
                st.ctype_from = Some((ctype, v.clone().into_token()));
                return;
            }
            // Upstream falls back to the long-form lookup of the whole text, which fails.
            self.params[slot].constraint_type = 0;
            if balanced {
                self.form_arity_error(&lc, v, args);
            }
            return;
        }
        if let Some(term) = lookup(VocabId::ConstraintType, t) {
            self.params[slot].constraint_type = term.value as u32;
            st.ctype_from = Some((term.value as u32, v.clone().into_token()));
            return;
        }
        self.params[slot].constraint_type = 0;
        if !balanced {
            return;
        }
        if single_word {
            let name_tok = v.token(0..name_end);
            let suggestion = Vocab::get(VocabId::ConstraintForm)
                .suggest(name)
                .or_else(|| Vocab::get(VocabId::ConstraintType).suggest(t));
            let what = if name.starts_with("KAPI_") {
                "constraint type"
            } else {
                "constraint form"
            };
            let mut msg = format!("`{name}` is not a {what}; upstream records constraint type 0");
            let mut diag = match suggestion {
                Some(s) => {
                    msg.push_str(&format!(". Did you mean `{s}`?"));
                    Diagnostic::new(Code::UnknownValue, name_tok.range, msg).with_fix(
                        format!("Replace with `{s}`"),
                        name_tok.range,
                        s,
                    )
                }
                None => {
                    msg.push_str(". Expected e.g. `range(MIN, MAX)`, `mask(BITS)`, `enum(A, B)`, `nonzero`, `buffer(N)`, `user_path`");
                    Diagnostic::new(Code::UnknownValue, name_tok.range, msg)
                }
            };
            diag.severity = Code::UnknownValue.default_severity();
            self.cx.push(diag);
            return;
        }
        // Free text: it belongs in `cdesc:`.
        let mut diag = Diagnostic::new(
            Code::UnknownValue,
            v.range(),
            "`constraint-type:` takes a constraint form such as `range(0, 4096)` or `nonzero`, not \
             free text; upstream records constraint type 0. Describe the constraint with `cdesc:`",
        );
        if st.constraint_from.is_none() && self.params[slot].constraint.is_none() {
            if let Some(k) = &attr.key {
                diag = diag.with_fix("Rename the key to `cdesc`", k.range, "cdesc");
            }
        }
        self.cx.push(diag);
    }

    /// Applies a call form as upstream does; `None` when upstream rejects it.
    fn apply_form(
        &mut self,
        slot: usize,
        name: &str,
        v: &Value,
        args: Option<Range<usize>>,
        report: bool,
        st: &mut ParamBlockState,
    ) -> Option<u32> {
        let list = args.clone().map(|a| split_args(v, a)).unwrap_or_default();
        let ctype = match name {
            "range" => {
                if list.len() != 2 {
                    return None;
                }
                let lo = self.number_arg(&list[0], report);
                let hi = self.number_arg(&list[1], report);
                if let (Some(l), Some(h)) = (lo, hi) {
                    if l > h && report {
                        self.cx.report(
                            Code::InvalidRange,
                            list[0].range.cover(list[1].range),
                            format!("the range is empty: the minimum {l} is greater than the maximum {h}"),
                        );
                    }
                }
                let p = &mut self.params[slot];
                p.min_value = lo;
                p.max_value = hi;
                1
            }
            "mask" => {
                if list.len() != 1 {
                    return None;
                }
                let m = self.number_arg(&list[0], report).map(|n| n as u64);
                self.params[slot].valid_mask = m;
                2
            }
            "enum" => {
                if list.is_empty() {
                    return None;
                }
                let mut values = Vec::with_capacity(list.len());
                for a in &list {
                    if a.text.is_empty() && report {
                        self.cx.report(
                            Code::MalformedValue,
                            if a.range.is_empty() {
                                v.range()
                            } else {
                                a.range
                            },
                            "empty value in `enum(...)`; upstream records it as an empty string",
                        );
                    } else {
                        // `enum(...)` keeps anything that is not a literal as a symbol.
                        self.number_arg_with(a, report, "upstream keeps it as the symbol text");
                    }
                    values.push(
                        parse_i64_literal(&a.text)
                            .map_or_else(|| a.text.clone(), |n| n.to_string()),
                    );
                }
                self.params[slot].enum_values = values;
                3
            }
            "alignment" | "align" => {
                if list.len() != 1 {
                    return None;
                }
                let n = self.number_arg(&list[0], report);
                self.params[slot].alignment = n.and_then(|n| u32::try_from(n as u64).ok());
                4
            }
            "power_of_two" | "page_aligned" | "nonzero" | "user_path" | "user_ptr" => {
                if args.is_some() {
                    return None;
                }
                match name {
                    "power_of_two" => 5,
                    "page_aligned" => 6,
                    "nonzero" => 7,
                    "user_path" => 9,
                    _ => 10,
                }
            }
            "user_string" => {
                if let Some(a) = args {
                    let arg = v.token(a);
                    let n = if arg.text.is_empty() {
                        None
                    } else {
                        self.number_arg(&arg, report)
                    };
                    if let Some(n) = n.and_then(|n| u32::try_from(n as u64).ok()) {
                        self.params[slot].size = Some(n);
                    }
                }
                8
            }
            "buffer" => {
                if list.len() != 1 {
                    return None;
                }
                let idx = list[0].text.parse::<u32>().ok();
                match idx {
                    None if report => self.cx.report(
                        Code::MalformedValue,
                        arg_range(&list[0], v),
                        format!(
                            "`buffer(...)` takes the 0-based index of the size parameter as a plain \
                             decimal number; upstream leaves it unset for `{}`",
                            list[0].text
                        ),
                    ),
                    Some(n) if report => self.check_param_index(n, list[0].range, "buffer(...)"),
                    _ => {}
                }
                self.params[slot].size_param_idx = idx;
                11
            }
            "custom" => {
                if let Some(a) = args {
                    let arg = v.token(a);
                    if let Some((from, false)) = st.constraint_from {
                        let line = self.cx.line_no(from.start);
                        self.cx.report(
                            Code::IgnoredValue,
                            arg.range,
                            format!(
                                "`custom({})` replaces the `cdesc:` text on line {line}; upstream keeps \
                                 only the function name",
                                arg.text
                            ),
                        );
                    }
                    st.constraint_from = Some((v.range(), true));
                    self.params[slot].constraint = Some(arg.text);
                }
                12
            }
            _ => return None,
        };
        self.params[slot].constraint_type = ctype;
        Some(ctype)
    }

    /// A numeric argument: its value, with a diagnostic when it looks like a number but is
    /// not a C literal. Symbols are legitimate and give `None` silently.
    fn number_arg(&mut self, a: &Token, report: bool) -> Option<i64> {
        self.number_arg_with(a, report, "upstream leaves the value unset")
    }

    /// [`Self::number_arg`] with what upstream does instead stated in the message.
    fn number_arg_with(&mut self, a: &Token, report: bool, upstream: &str) -> Option<i64> {
        match classify_number(&a.text) {
            Num::Value(n) => Some(n),
            Num::Symbolic => None,
            Num::Malformed => {
                if report {
                    let msg = if a.text.is_empty() {
                        format!("empty argument; {upstream}")
                    } else {
                        format!(
                            "`{}` is not a C integer literal (a leading 0 means octal; suffixes are \
                             u, l, ll); {upstream}",
                            a.text
                        )
                    };
                    self.cx.report(Code::MalformedValue, a.range, msg);
                }
                None
            }
        }
    }

    /// Reports a call form upstream rejects for its arguments.
    fn form_arity_error(&mut self, name: &str, v: &Value, args: Option<Range<usize>>) {
        let nested = args
            .as_ref()
            .is_some_and(|a| v.text[a.clone()].contains('('));
        let range = v.range();
        let what = match name {
            "range" => "`range(...)` takes exactly two arguments, `range(MIN, MAX)`".to_string(),
            "mask" | "alignment" | "align" | "buffer" => {
                format!("`{name}(...)` takes exactly one argument")
            }
            "enum" => "`enum` needs its values, e.g. `enum(A, B)`".to_string(),
            _ => {
                let msg = format!(
                    "`{name}` takes no arguments; upstream records constraint type 0 for `{}`",
                    v.text
                );
                self.cx
                    .push(Diagnostic::new(Code::MalformedValue, range, msg).with_fix(
                        format!("Replace with `{name}`"),
                        range,
                        name,
                    ));
                return;
            }
        };
        let nest = if nested {
            " (upstream splits the arguments at every comma and does not nest parentheses)"
        } else {
            ""
        };
        self.cx.report(
            Code::MalformedValue,
            range,
            format!(
                "{what}{nest}; upstream records constraint type 0 for `{}`",
                v.text
            ),
        );
    }
}

/// Splits the text range `args` of `v` at every comma, trimming each part (upstream's split).
fn split_args(v: &Value, args: Range<usize>) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = args.start;
    for (i, c) in v.text[args.clone()].char_indices() {
        if c == ',' {
            out.push(v.token(start..args.start + i));
            start = args.start + i + 1;
        }
    }
    out.push(v.token(start..args.end));
    out
}

/// An argument's range, or the whole value's when the argument is empty.
fn arg_range(a: &Token, v: &Value) -> TextRange {
    if a.text.is_empty() {
        v.range()
    } else {
        a.range
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use expect_test::expect;
    use serde_json::{json, Value};

    /// `(constraint_type, min, max, valid_mask, enum_values, size, alignment, size_param_idx,
    /// constraint)` of parameter `fd` constrained by `form`.
    fn lowered(form: &str) -> Value {
        let src = frob(&format!(
            "contexts: process\nparam: fd\n  type: int\n  constraint-type: {form}\n"
        ));
        let p = &json(&src)["parameters"][0];
        json!([
            p["constraint_type"],
            p["min_value"],
            p["max_value"],
            p["valid_mask"],
            p["enum_values"],
            p["size"],
            p["alignment"],
            p["size_param_idx"],
            p["constraint"]
        ])
    }

    #[test]
    fn every_call_form_sets_upstreams_fields() {
        let n = Value::Null;
        assert_eq!(
            lowered("range(0, 4096)"),
            json!([1, 0, 4096, n, [], n, n, n, n])
        );
        assert_eq!(
            lowered("RANGE(-0x10, 010)"),
            json!([1, -16, 8, n, [], n, n, n, n])
        );
        assert_eq!(
            lowered("range(0, INT_MAX)"),
            json!([1, 0, n, n, [], n, n, n, n])
        );
        assert_eq!(
            lowered("range(-1U, 1UL)"),
            json!([1, 4294967295_i64, 1, n, [], n, n, n, n])
        );
        assert_eq!(lowered("mask(0xff)"), json!([2, n, n, 255, [], n, n, n, n]));
        assert_eq!(
            lowered("mask(O_RDONLY | O_WRONLY)"),
            json!([2, n, n, n, [], n, n, n, n])
        );
        assert_eq!(
            lowered("enum(010, 0x10, -07, 0b11, 5U, MODE_FAST)"),
            json!([
                3,
                n,
                n,
                n,
                ["8", "16", "-7", "3", "5", "MODE_FAST"],
                n,
                n,
                n,
                n
            ])
        );
        assert_eq!(lowered("align(0x10)"), json!([4, n, n, n, [], n, 16, n, n]));
        assert_eq!(lowered("power_of_two"), json!([5, n, n, n, [], n, n, n, n]));
        assert_eq!(lowered("page_aligned"), json!([6, n, n, n, [], n, n, n, n]));
        assert_eq!(lowered("nonzero"), json!([7, n, n, n, [], n, n, n, n]));
        assert_eq!(
            lowered("user_string(256)"),
            json!([8, n, n, n, [], 256, n, n, n])
        );
        assert_eq!(lowered("user_string"), json!([8, n, n, n, [], n, n, n, n]));
        assert_eq!(lowered("user_path"), json!([9, n, n, n, [], n, n, n, n]));
        assert_eq!(lowered("user_ptr"), json!([10, n, n, n, [], n, n, n, n]));
        assert_eq!(lowered("buffer(2)"), json!([11, n, n, n, [], n, n, 2, n]));
        assert_eq!(
            lowered("custom(check_frob)"),
            json!([12, n, n, n, [], n, n, n, "check_frob"])
        );
        assert_eq!(
            lowered("KAPI_CONSTRAINT_NONZERO"),
            json!([7, n, n, n, [], n, n, n, n])
        );
        // Failures fall back to the long-form lookup: constraint type 0.
        for bad in [
            "range(0)",
            "range(0, min(a, b))",
            "nonzero()",
            "rnage(0, 1)",
            "must be open",
            "range(0, 10",
        ] {
            assert_eq!(lowered(bad)[0], 0, "{bad}");
        }
    }

    #[test]
    fn multi_line_mask_is_absorbed() {
        let src = frob(
            "contexts: process\nparam: fd\n  type: int\n  constraint-type: mask(O_RDONLY | O_WRONLY |\n                   O_CREAT)\n  cdesc: flags\n",
        );
        check(&src, expect![""]);
        let p = &json(&src)["parameters"][0];
        assert_eq!(
            (
                p["constraint_type"].clone(),
                p["valid_mask"].clone(),
                p["constraint"].clone()
            ),
            (json!(2), json!(null), json!("flags"))
        );
    }

    #[test]
    fn arity_and_parentheses() {
        let src = frob(
            "contexts: process\n\
             param: fd\n  type: int\n  constraint-type: range(0)\n\
             param: buf\n  type: user_ptr\n  constraint-type: range(0, min(a, b))\n\
             param: len\n  type: uint\n  constraint-type: nonzero()\n",
        );
        check(
            &src,
            expect![[r#"
            6:23..6:31 malformed-value error `range(0)`: `range(...)` takes exactly two arguments, `range(MIN, MAX)`; upstream records constraint type 0 for `range(0)`
            9:23..9:42 malformed-value error `range(0, min(a, b))`: `range(...)` takes exactly two arguments, `range(MIN, MAX)` (upstream splits the arguments at every comma and does not nest parentheses); upstream records constraint type 0 for `range(0, min(a, b))`
            12:23..12:32 malformed-value error `nonzero()`: `nonzero` takes no arguments; upstream records constraint type 0 for `nonzero()`
                fix Replace with `nonzero`: `nonzero()` -> `nonzero`
        "#]],
        );
        check(
            &frob("contexts: process\nparam: fd\n  type: int\n  constraint-type: range(0, 10\n"),
            expect![[r#"
            6:23..6:34 malformed-value error `range(0, 10`: unbalanced parentheses in `range(0, 10`; upstream cannot read it as a constraint form
        "#]],
        );
    }

    #[test]
    fn unknown_forms_and_free_text() {
        let src = frob(
            "contexts: process\n\
             param: fd\n  type: int\n  constraint-type: rnage(0, 10)\n\
             param: buf\n  type: user_ptr\n  constraint-type: KAPI_CONSTRAINT_USER_PTRS\n\
             param: len\n  type: uint\n  constraint-type: must be page aligned\n",
        );
        check(
            &src,
            expect![[r#"
            6:23..6:28 unknown-value error `rnage`: `rnage` is not a constraint form; upstream records constraint type 0. Did you mean `range`?
                fix Replace with `range`: `rnage` -> `range`
            9:23..9:48 unknown-value error `KAPI_CONSTRAINT_USER_PTRS`: `KAPI_CONSTRAINT_USER_PTRS` is not a constraint type; upstream records constraint type 0. Did you mean `KAPI_CONSTRAINT_USER_PTR`?
                fix Replace with `KAPI_CONSTRAINT_USER_PTR`: `KAPI_CONSTRAINT_USER_PTRS` -> `KAPI_CONSTRAINT_USER_PTR`
            12:23..12:43 unknown-value error `must be page aligned`: `constraint-type:` takes a constraint form such as `range(0, 4096)` or `nonzero`, not free text; upstream records constraint type 0. Describe the constraint with `cdesc:`
                fix Rename the key to `cdesc`: `constraint-type` -> `cdesc`
        "#]],
        );
    }

    #[test]
    fn literals_symbols_and_ranges() {
        let src = frob(
            "contexts: process\n\
             param: fd\n  type: int\n  constraint-type: range(08, SIZE_MAX)\n\
             param: buf\n  type: user_ptr\n  constraint-type: enum(A, , 4k)\n\
             param: len\n  type: uint\n  constraint-type: range(4096, 1)\n",
        );
        check(
            &src,
            expect![[r#"
                6:29..6:31 malformed-value error `08`: `08` is not a C integer literal (a leading 0 means octal; suffixes are u, l, ll); upstream leaves the value unset
                9:23..9:36 malformed-value error `enum(A, , 4k)`: empty value in `enum(...)`; upstream records it as an empty string
                9:33..9:35 malformed-value error `4k`: `4k` is not a C integer literal (a leading 0 means octal; suffixes are u, l, ll); upstream keeps it as the symbol text
                12:29..12:36 invalid-range error `4096, 1`: the range is empty: the minimum 4096 is greater than the maximum 1
            "#]],
        );
        // Symbols and expressions are legitimate: the value is left unset, like upstream.
        check(
            &frob("contexts: process\nparam: len\n  type: uint\n  constraint-type: range(PAGE_SIZE, KMALLOC_MAX_SIZE - 1)\n"),
            expect![""],
        );
    }

    #[test]
    fn buffer_index_and_custom_order() {
        let src = frob(
            "contexts: process\n\
             param: buf\n  type: user_ptr\n  constraint-type: buffer(3)\n\
             param: len\n  type: uint\n  constraint-type: buffer(0x1)\n\
             param: fd\n  type: int\n  cdesc: Must be open.\n  constraint-type: custom(check_fd)\n",
        );
        check(
            &src,
            expect![[r#"
            6:30..6:31 invalid-param-index error `3`: `buffer(...)` names parameter index 3, but the parameters are numbered 0 to 2 (the index is 0-based)
            9:30..9:33 malformed-value error `0x1`: `buffer(...)` takes the 0-based index of the size parameter as a plain decimal number; upstream leaves it unset for `0x1`
            13:30..13:38 ignored-value warning `check_fd`: `custom(check_fd)` replaces the `cdesc:` text on line 12; upstream keeps only the function name
        "#]],
        );
        assert_eq!(json(&src)["parameters"][2]["constraint"], "check_fd");
    }
}
