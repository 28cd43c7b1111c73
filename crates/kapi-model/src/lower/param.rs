//! Parameters: `@name:` lines and `param:` blocks (language reference §1.5, §4.1), lowered the
//! way upstream fills its parameter map, with diagnostics for every value it silently drops or
//! misreads.

use super::blocks::{attr_kind, AttrKind, Dropped};
use super::spec::Builder;
use super::terms::{lookup, short_form, unknown_value};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::spec::EntrySource;
use crate::vocab::{Vocab, VocabId};
use kapi_syntax::{Attr, Block, BlockKind, ParamDoc, TextRange, Token};
use std::collections::HashMap;

/// The KAPI_PARAM_USER bit, implied by the user-space pointer types.
pub(crate) const PARAM_USER: u32 = 1 << 6;

/// Per-block bookkeeping for diagnostics that depend on line order.
#[derive(Default)]
pub(crate) struct ParamBlockState {
    /// First line of each assigned sub-key (aliases grouped), for duplicate reports.
    seen: HashMap<&'static str, TextRange>,
    /// The last line that set the `constraint` text, and whether it was `custom(fn)`.
    pub constraint_from: Option<(TextRange, bool)>,
    /// The constraint type a `constraint-type:` line set, with that line's value token.
    pub ctype_from: Option<(u32, Token)>,
    /// The `desc:`/`description:` text, for the build-path comparison with `@name`.
    desc: Option<(TextRange, String)>,
}

impl Builder<'_> {
    /// `@name: text` creates or replaces a parameter with this description.
    pub(crate) fn param_doc(&mut self, p: &ParamDoc) {
        let name = p.name.text.clone();
        let at = TextRange::new(p.range.start, p.name.range.end);
        if let Some(first) = self.param_docs.get(&name).copied() {
            let line = self.cx.line_no(first.start);
            self.cx.report(
                Code::DuplicateEntry,
                at,
                format!(
                    "`@{name}:` is already described on line {line}; upstream replaces the parameter \
                     with this line, resetting everything set for it before and moving it behind the \
                     other parameters"
                ),
            );
        } else {
            if let Some(block) = self.param_blocks.get(&name).copied() {
                let line = self.cx.line_no(block.start);
                self.cx.report(
                    Code::IgnoredValue,
                    at,
                    format!(
                        "this `@{name}:` line comes after `param: {name}` (line {line}) and replaces that \
                         parameter: upstream drops the type, flags and constraints set in the block and \
                         renumbers it; move `@{name}:` above the block"
                    ),
                );
            }
            self.param_docs.insert(name.clone(), p.name.range);
        }
        let block_src = self.slots.get(&name).and_then(|&s| self.params[s].block);
        let slot = self.param_slot(&name, true);
        let param = &mut self.params[slot];
        param.description = p.text.text.clone();
        param.doc = Some(EntrySource {
            range: p.range,
            name: p.name.range,
        });
        param.block = block_src;
    }

    /// `param: NAME` and its attributes.
    pub(crate) fn param_block(&mut self, b: &Block) {
        let name = b.header.text.clone();
        let header = b.header.range();
        if name.is_empty() {
            self.cx.report(
                Code::MalformedValue,
                b.key.range,
                "`param:` needs a parameter name, e.g. `param: fd`",
            );
        }
        if let Some((pname, ty)) = name.split_once(',') {
            self.param_name_with_type(b, pname.trim(), ty.trim());
        }
        if let Some(first) = self.param_blocks.get(&name).copied() {
            let line = self.cx.line_no(first.start);
            self.cx.report(
                Code::DuplicateEntry,
                header,
                format!(
                    "a second `param: {name}` block (the first is on line {line}); upstream merges both \
                     into one parameter, later lines overriding earlier ones; merge them into one block"
                ),
            );
        } else {
            self.param_blocks.insert(name.clone(), header);
        }
        let slot = self.param_slot(&name, false);
        if self.params[slot].block.is_none() {
            self.params[slot].block = Some(EntrySource {
                range: b.range,
                name: header,
            });
        }
        let mut st = ParamBlockState::default();
        let mut dropped = Dropped::default();
        for attr in &b.attrs {
            match attr_kind(self, BlockKind::Param, attr) {
                AttrKind::Key(key) => self.param_attr(slot, &name, key, attr, &mut st),
                AttrKind::Other { reported } => {
                    let line = self.cx.logical_line(attr);
                    // Upstream appends a line without a colon to the constraint text, if any.
                    let param = &mut self.params[slot];
                    match param.constraint.as_mut() {
                        Some(c) if !line.contains(':') => {
                            c.push(' ');
                            c.push_str(&line);
                        }
                        _ if !reported => dropped.push(attr.range),
                        _ => {}
                    }
                }
            }
        }
        dropped.report(self, BlockKind::Param);
        self.param_desc_vs_doc(slot, &name, st.desc.take());
    }

    fn param_attr(
        &mut self,
        slot: usize,
        name: &str,
        key: &str,
        attr: &Attr,
        st: &mut ParamBlockState,
    ) {
        let group = match key {
            "cdesc" | "constraint" => "cdesc",
            "desc" | "description" => "desc",
            "type" => "type",
            "flags" => "flags",
            "constraint-type" => "constraint-type",
            "range" => "range",
            "size-param" => "size-param",
            _ => "",
        };
        if !group.is_empty() {
            let k = attr.key.as_ref().map_or(attr.range, |k| k.range);
            if let Some(first) = st.seen.get(group).copied() {
                let line = self.cx.line_no(first.start);
                self.cx.report(
                    Code::DuplicateEntry,
                    k,
                    format!("a second `{key}:` in this block replaces the one on line {line}"),
                );
            } else {
                st.seen.insert(group, k);
            }
        }
        let v = &attr.value;
        match key {
            "type" => self.param_type(slot, name, attr),
            "flags" => self.param_flags(slot, name, attr),
            "constraint-type" => self.constraint_type(slot, attr, st),
            "cdesc" | "constraint" => {
                if let Some((from, true)) = st.constraint_from {
                    let line = self.cx.line_no(from.start);
                    let k = attr.key.as_ref().map_or(attr.range, |k| k.range);
                    self.cx.report(
                        Code::IgnoredValue,
                        k,
                        format!(
                            "`{key}:` replaces the function name set by `custom(...)` on line {line}; \
                             upstream keeps only this text"
                        ),
                    );
                }
                st.constraint_from = Some((attr.range, false));
                self.params[slot].constraint = Some(v.text.clone());
            }
            "range" => self.long_range(slot, attr, st),
            "size-param" => {
                let parsed = v.text.parse::<u32>().ok();
                match parsed {
                    None => self.cx.report(
                        Code::MalformedValue,
                        value_or(attr),
                        format!(
                            "`size-param:` needs the 0-based index of the size parameter as a plain \
                             decimal number; upstream ignores `{}`",
                            v.text
                        ),
                    ),
                    Some(n) => self.check_param_index(n, v.range(), "size-param:"),
                }
                self.params[slot].size_param_idx = parsed;
            }
            "desc" | "description" => {
                self.params[slot].description = v.text.clone();
                let k = attr.key.as_ref().map_or(attr.range, |k| k.range);
                st.desc = Some((k, v.text.clone()));
            }
            "valid-mask" | "mask" | "valid-values" | "alignment" | "size" | "arch-mask" => {
                let instead = match key {
                    "valid-mask" | "mask" => "`constraint-type: mask(...)` is read by both",
                    "valid-values" => "`constraint-type: enum(...)` is read by both",
                    "alignment" => "`constraint-type: alignment(N)` is read by both",
                    "size" => {
                        "the `kapi` tool reads a size only from `constraint-type: user_string(N)`"
                    }
                    _ => "per-architecture masks exist only in the kernel build",
                };
                let k = attr.key.as_ref().map_or(attr.range, |k| k.range);
                self.cx.report_sev(
                    Code::IgnoredValue,
                    Severity::Information,
                    k,
                    format!(
                        "the `kapi` tool ignores `{key}:` (only the kernel build reads it), so \
                         `kapi --source` shows no such value; {instead}"
                    ),
                );
            }
            _ => {}
        }
    }

    /// `type: TYPE[, FLAG...]`: the type, each flag ORed in, and USER for user-space types.
    fn param_type(&mut self, slot: usize, name: &str, attr: &Attr) {
        let parts = attr.value.split(',');
        let ty = &parts[0];
        let term = lookup(VocabId::ParamType, &ty.text);
        self.params[slot].param_type = term.map_or(0, |t| t.value as u32);
        self.check_param_type(ty, term.is_some(), attr);
        let mut bits = 0u32;
        for flag in &parts[1..] {
            bits |= self.flag_token(flag, ',');
        }
        let explicit = bits != 0;
        let implies_user = term.is_some_and(|t| t.value == 10 || t.value == 11);
        if implies_user {
            bits |= PARAM_USER;
        }
        self.params[slot].flags |= bits;
        // Only flags the author wrote on the `type:` line count as lost when `flags:` follows;
        // a long-form `type: KAPI_TYPE_USER_PTR` + `flags: KAPI_PARAM_OUT` loses nothing written.
        if explicit {
            let e = self
                .type_flags
                .entry(name.to_string())
                .or_insert((0, attr.range));
            e.0 |= bits;
            e.1 = attr.range;
        }
    }

    /// Diagnostics for a parameter or return type token.
    pub(crate) fn check_param_type(&mut self, ty: &Token, known: bool, attr: &Attr) {
        if ty.text.is_empty() {
            self.cx.report(
                Code::MalformedValue,
                attr.key.as_ref().map_or(attr.range, |k| k.range),
                "`type:` is empty; upstream records type 0 (void). Write a type such as `int`, `uint`, \
                 `fd` or `user_ptr`",
            );
        } else if known && ty.text.eq_ignore_ascii_case("void") {
            self.cx.push(
                Diagnostic::new(
                    Code::BuildPathsDisagree,
                    ty.range,
                    "`void` is read only by the `kapi` tool: the kernel build passes it through \
                     verbatim, which does not compile; write `KAPI_TYPE_VOID`",
                )
                .with_fix(
                    "Replace with `KAPI_TYPE_VOID`",
                    ty.range,
                    "KAPI_TYPE_VOID",
                ),
            );
        } else if !known {
            let records = if ty.text.starts_with("KAPI_TYPE_") {
                "type 0 (void), and no kernel header defines it"
            } else {
                "type 0 (void)"
            };
            unknown_value(&mut self.cx, ty, VocabId::ParamType, records);
        }
    }

    /// The bit of one flag token, with diagnostics; `sep` is the separator the key uses.
    fn flag_token(&mut self, tok: &Token, sep: char) -> u32 {
        if tok.text.is_empty() {
            return 0;
        }
        let wrong = if sep == ',' { '|' } else { ',' };
        if tok.text.contains(wrong) {
            let right = if sep == ',' { ", " } else { " | " };
            let fixed = super::spec::join_with(&tok.text, wrong, right);
            let msg = if sep == ',' {
                format!(
                    "flags after the type in `type:` are separated by commas: upstream reads `{}` as \
                     one unknown flag (0); write `{fixed}`",
                    tok.text
                )
            } else {
                format!(
                    "`flags:` separates flags with `|`: the `kapi` tool reads `{}` as one unknown flag \
                     (0) while the kernel build accepts commas; write `{fixed}`",
                    tok.text
                )
            };
            self.cx.report_fix(
                Code::WrongSeparator,
                tok.range,
                msg,
                format!("Separate with `{}`", right.trim()),
                tok.range,
                fixed,
            );
            return 0;
        }
        if let Some(term) = lookup(VocabId::ParamFlag, &tok.text) {
            return term.value as u32;
        }
        if tok.text.eq_ignore_ascii_case("in") || tok.text.eq_ignore_ascii_case("out") {
            let right = if tok.text.eq_ignore_ascii_case("in") {
                "input"
            } else {
                "output"
            };
            self.cx.push(
                Diagnostic::new(
                    Code::BuildPathsDisagree,
                    tok.range,
                    format!(
                        "the `kapi` tool reads only upper-case `IN`/`OUT` or `input`/`output`: `{}` \
                         gives flag 0 there while the kernel build accepts it; write `{right}`",
                        tok.text
                    ),
                )
                .with_fix(format!("Replace with `{right}`"), tok.range, right),
            );
            return 0;
        }
        unknown_value(&mut self.cx, tok, VocabId::ParamFlag, "flag 0");
        0
    }

    /// `flags: A | B`: assigns the flags (the `type:` line's flags are lost unless repeated).
    fn param_flags(&mut self, slot: usize, name: &str, attr: &Attr) {
        let mut bits = 0u32;
        if attr.value.text.is_empty() {
            self.cx.report(
                Code::MalformedValue,
                attr.key.as_ref().map_or(attr.range, |k| k.range),
                "`flags:` is empty; upstream sets the flags to 0. Write e.g. `flags: input`",
            );
        }
        let before = self.cx.diags.len();
        for tok in attr.value.split('|') {
            bits |= self.flag_token(&tok, '|');
        }
        let all_read = self.cx.diags.len() == before;
        let old = self.params[slot].flags;
        if let Some(&(type_bits, type_line)) = self.type_flags.get(name).filter(|_| all_read) {
            let lost = type_bits & old & !bits;
            if lost != 0 {
                let long = attr.value.text.contains("KAPI_PARAM_");
                let names: Vec<&str> = Vocab::get(VocabId::ParamFlag)
                    .terms
                    .iter()
                    .filter(|t| t.value != 3 && lost & t.value as u32 != 0)
                    .map(|t| if long { t.long } else { short_form(t) })
                    .collect();
                let line = self.cx.line_no(type_line.start);
                let k = attr.key.as_ref().map_or(attr.range, |k| k.range);
                let list = names.join(" | ");
                let end = attr.value.range().end;
                let add = if attr.value.text.is_empty() {
                    list.clone()
                } else {
                    format!(" | {list}")
                };
                self.cx.push(
                    Diagnostic::new(
                        Code::IgnoredValue,
                        k,
                        format!(
                            "`flags:` replaces the flags set by `type:` on line {line}, so upstream \
                             loses `{list}`; list them here too"
                        ),
                    )
                    .with_fix(format!("Add `{list}`"), TextRange::empty(end), add),
                );
            }
        }
        self.params[slot].flags = bits;
    }

    /// Long-form `range: MIN, MAX`: plain decimal bounds only; sets constraint type RANGE.
    fn long_range(&mut self, slot: usize, attr: &Attr, st: &mut ParamBlockState) {
        let parts = attr.value.split(',');
        if parts.len() < 2 {
            self.cx.report(
                Code::MalformedValue,
                value_or(attr),
                "`range:` needs two bounds, `range: MIN, MAX`; upstream ignores this line",
            );
            return;
        }
        if let Some((ctype, tok)) = &st.ctype_from {
            if *ctype != 1 {
                let k = attr.key.as_ref().map_or(attr.range, |k| k.range);
                self.cx.report(
                    Code::IgnoredValue,
                    k,
                    format!(
                        "`range:` sets the constraint type to range, replacing `{}` set above; put \
                         `range:` before `constraint-type:`",
                        tok.text
                    ),
                );
            }
        }
        let mut bounds = [None, None];
        for (i, part) in parts.iter().take(2).enumerate() {
            bounds[i] = part.text.parse::<i64>().ok();
            if bounds[i].is_none() {
                self.unreadable_bound(part);
            }
        }
        if parts.len() > 2 {
            let extra = parts[2].range.cover(parts[parts.len() - 1].range);
            self.cx.report(
                Code::MalformedValue,
                extra,
                "`range:` takes exactly two bounds; upstream ignores the rest",
            );
        }
        if let [Some(lo), Some(hi)] = bounds {
            if lo > hi {
                self.cx.report(
                    Code::InvalidRange,
                    parts[0].range.cover(parts[1].range),
                    format!(
                        "the range is empty: the minimum {lo} is greater than the maximum {hi}"
                    ),
                );
            }
        }
        let p = &mut self.params[slot];
        p.min_value = bounds[0];
        p.max_value = bounds[1];
        p.constraint_type = 1;
    }

    /// A long-form `range:` bound that is not plain decimal: a literal in another base gets a
    /// fix; a symbol (`INT_MAX`) is left alone, as in a call form.
    fn unreadable_bound(&mut self, part: &Token) {
        use super::values::{classify_number, Num};
        match classify_number(&part.text) {
            Num::Value(n) => self.cx.push(
                Diagnostic::new(
                    Code::MalformedValue,
                    part.range,
                    format!(
                        "the long-form `range:` reads plain decimal numbers only: upstream leaves this \
                         bound unset for `{}`; write `{n}` or use `constraint-type: range(...)`",
                        part.text
                    ),
                )
                .with_fix(format!("Replace with `{n}`"), part.range, n.to_string()),
            ),
            Num::Malformed => self.cx.report(
                Code::MalformedValue,
                part.range,
                if part.text.is_empty() {
                    "empty bound; upstream leaves it unset".to_string()
                } else {
                    format!("`{}` is not a number; upstream leaves this bound unset", part.text)
                },
            ),
            Num::Symbolic => {}
        }
    }

    /// `buffer(N)`/`size-param: N` must name an existing parameter.
    pub(crate) fn check_param_index(&mut self, n: u32, range: TextRange, what: &str) {
        let count = self.param_count();
        if n as usize >= count {
            let have = match count {
                0 => "the function has no parameters".to_string(),
                1 => "the only parameter has index 0".to_string(),
                c => format!("the parameters are numbered 0 to {}", c - 1),
            };
            self.cx.report(
                Code::InvalidParamIndex,
                range,
                format!("`{what}` names parameter index {n}, but {have} (the index is 0-based)"),
            );
        }
    }

    /// `param: NAME, TYPE`: only kdoc_apispec.py splits off the type.
    fn param_name_with_type(&mut self, b: &Block, name: &str, ty: &str) {
        let header = b.header.range();
        let mut diag = Diagnostic::new(
            Code::BuildPathsDisagree,
            header,
            format!(
                "only the kernel build reads `param: NAME, TYPE`; the `kapi` tool takes the whole \
                 `{}` as the parameter name. Write `param: {name}` and put `type:` on the next line",
                b.header.text
            ),
        );
        let has_type = b
            .attrs
            .iter()
            .any(|a| a.key.as_ref().is_some_and(|k| k.text == "type"));
        if !has_type && !name.is_empty() {
            let short = lookup(VocabId::ParamType, ty)
                .map_or_else(|| ty.to_string(), |t| short_form(t).to_string());
            let nl = self.cx.new_line_prefix(header.start);
            diag = diag.with_fix(
                format!("Split into `param: {name}` and `type: {short}`"),
                header,
                format!("{name}{nl}  type: {short}"),
            );
        }
        self.cx.push(diag);
    }

    /// Python ignores `desc:` in a param block and uses the `@name:` text.
    fn param_desc_vs_doc(&mut self, slot: usize, name: &str, desc: Option<(TextRange, String)>) {
        let Some((key, text)) = desc else { return };
        let doc_text = self.params[slot]
            .doc
            .and_then(|d| d.range.slice(self.cx.text).split_once(':'))
            .map(|(_, t)| t.trim());
        if doc_text == Some(text.as_str()) {
            return;
        }
        self.cx.report_sev(
            Code::BuildPathsDisagree,
            Severity::Information,
            key,
            format!(
                "only the `kapi` tool reads `desc:` in a `param:` block; the kernel build describes \
                 `{name}` with its `@{name}:` line, so the two build paths give different descriptions"
            ),
        );
    }
}

/// The attribute's value range, or its key's when the value is empty.
pub(crate) fn value_or(attr: &Attr) -> TextRange {
    if attr.value.text.is_empty() {
        attr.key.as_ref().map_or(attr.range, |k| k.range)
    } else {
        attr.value.range()
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use expect_test::expect;
    use serde_json::json;

    fn param_json(src: &str, i: usize) -> serde_json::Value {
        json(src)["parameters"][i].clone()
    }

    #[test]
    fn unknown_types_and_flags() {
        let src = frob(
            "contexts: process\n\
             param: fd\n  type: KAPI_TYPE_ULONG, input, inptu\n\
             param: buf\n  type: size_t\n\
             param: len\n  type: uint, in\n",
        );
        check(
            &src,
            expect![[r#"
            5:12..5:27 unknown-value error `KAPI_TYPE_ULONG`: `KAPI_TYPE_ULONG` is not a known parameter type; the `kapi` tool records type 0 (void), and no kernel header defines it. Did you mean `KAPI_TYPE_UINT` (short form `uint`)?
                fix Replace with `KAPI_TYPE_UINT`: `KAPI_TYPE_ULONG` -> `KAPI_TYPE_UINT`
            5:36..5:41 unknown-value error `inptu`: `inptu` is not a known parameter flag; the `kapi` tool records flag 0. Did you mean `input`?
                fix Replace with `input`: `inptu` -> `input`
            7:12..7:18 unknown-value error `size_t`: `size_t` is not a known parameter type; the `kapi` tool records type 0 (void). Did you mean `uint`?
                fix Replace with `uint`: `size_t` -> `uint`
            9:18..9:20 build-paths-disagree warning `in`: the `kapi` tool reads only upper-case `IN`/`OUT` or `input`/`output`: `in` gives flag 0 there while the kernel build accepts it; write `input`
                fix Replace with `input`: `in` -> `input`
        "#]],
        );
        assert_eq!(param_json(&src, 0)["param_type"], 0);
        assert_eq!(param_json(&src, 0)["flags"], 1);
        assert_eq!(
            param_json(&src, 2)["flags"],
            0,
            "lower-case `in` is 0 for the Rust tool"
        );
    }

    #[test]
    fn flag_separators() {
        let src = frob(
            "contexts: process\n\
             param: fd\n  type: fd, input | user\n\
             param: buf\n  type: KAPI_TYPE_USER_PTR\n  flags: KAPI_PARAM_OUT, KAPI_PARAM_USER\n",
        );
        check(
            &src,
            expect![[r#"
            5:16..5:28 wrong-separator error `input | user`: flags after the type in `type:` are separated by commas: upstream reads `input | user` as one unknown flag (0); write `input, user`
                fix Separate with `,`: `input | user` -> `input, user`
            8:13..8:44 wrong-separator error `KAPI_PARAM_OUT, KAPI_PARAM_USER`: `flags:` separates flags with `|`: the `kapi` tool reads `KAPI_PARAM_OUT, KAPI_PARAM_USER` as one unknown flag (0) while the kernel build accepts commas; write `KAPI_PARAM_OUT | KAPI_PARAM_USER`
                fix Separate with `|`: `KAPI_PARAM_OUT, KAPI_PARAM_USER` -> `KAPI_PARAM_OUT | KAPI_PARAM_USER`
        "#]],
        );
        assert_eq!(param_json(&src, 1)["flags"], 0);
    }

    #[test]
    fn flags_after_type_drop_the_type_flags() {
        let src = frob("contexts: process\nparam: buf\n  type: path, input\n  flags: input\n");
        check(
            &src,
            expect![[r#"
            6:6..6:11 ignored-value warning `flags`: `flags:` replaces the flags set by `type:` on line 5, so upstream loses `user`; list them here too
                fix Add `user`: `` -> ` | user`
        "#]],
        );
        assert_eq!(param_json(&src, 0)["flags"], 1, "USER from `path` is gone");
        // Listing them again is fine, and a `flags:` before `type:` keeps both.
        check(
            &frob("contexts: process\nparam: buf\n  type: path, input\n  flags: input | user\n"),
            expect![""],
        );
        let src = frob("contexts: process\nparam: buf\n  flags: input\n  type: path\n");
        check(&src, expect![""]);
        assert_eq!(param_json(&src, 0)["flags"], 65);
    }

    #[test]
    fn flags_assignment_order_and_type_flags_accumulate() {
        let src = frob(
            "contexts: process\nparam: buf\n  type: user_ptr, output\n  type: user_ptr, optional\n",
        );
        assert_eq!(param_json(&src, 0)["flags"], 2 | 8 | 64);
        check(
            &src,
            expect![[r#"
            6:6..6:10 duplicate-entry warning `type`: a second `type:` in this block replaces the one on line 5
        "#]],
        );
    }

    #[test]
    fn long_form_range() {
        let src = frob(
            "contexts: process\n\
             param: fd\n  type: int\n  constraint-type: KAPI_CONSTRAINT_RANGE\n  range: 0, INT_MAX\n\
             param: buf\n  type: uint\n  range: 0x10, 4096UL\n\
             param: len\n  type: uint\n  range: 100, 10\n",
        );
        check(
            &src,
            expect![[r#"
            10:13..10:17 malformed-value error `0x10`: the long-form `range:` reads plain decimal numbers only: upstream leaves this bound unset for `0x10`; write `16` or use `constraint-type: range(...)`
                fix Replace with `16`: `0x10` -> `16`
            10:19..10:25 malformed-value error `4096UL`: the long-form `range:` reads plain decimal numbers only: upstream leaves this bound unset for `4096UL`; write `4096` or use `constraint-type: range(...)`
                fix Replace with `4096`: `4096UL` -> `4096`
            13:13..13:20 invalid-range error `100, 10`: the range is empty: the minimum 100 is greater than the maximum 10
        "#]],
        );
        let p = json(&src)["parameters"].clone();
        assert_eq!(
            (
                p[0]["constraint_type"].clone(),
                p[0]["min_value"].clone(),
                p[0]["max_value"].clone()
            ),
            (json!(1), json!(0), json!(null))
        );
        assert_eq!(
            (p[1]["min_value"].clone(), p[1]["max_value"].clone()),
            (json!(null), json!(null))
        );
        assert_eq!(p[2]["constraint_type"], 1);
        // Negative bounds, `+` and a third part.
        let src = frob("contexts: process\nparam: fd\n  type: int\n  range: -5, +5, 9\n");
        check(
            &src,
            expect![[r#"
            6:21..6:22 malformed-value error `9`: `range:` takes exactly two bounds; upstream ignores the rest
        "#]],
        );
        assert_eq!(
            (
                param_json(&src, 0)["min_value"].clone(),
                param_json(&src, 0)["max_value"].clone()
            ),
            (json!(-5), json!(5))
        );
        check(
            &frob("contexts: process\nparam: fd\n  type: int\n  range: 5\n"),
            expect![[r#"
            6:13..6:14 malformed-value error `5`: `range:` needs two bounds, `range: MIN, MAX`; upstream ignores this line
        "#]],
        );
    }

    #[test]
    fn range_after_constraint_type_replaces_it() {
        let src = frob(
            "contexts: process\nparam: buf\n  type: user_ptr, input\n  constraint-type: user_string\n  range: 0, 255\n",
        );
        check(
            &src,
            expect![[r#"
            7:6..7:11 ignored-value warning `range`: `range:` sets the constraint type to range, replacing `user_string` set above; put `range:` before `constraint-type:`
        "#]],
        );
        assert_eq!(param_json(&src, 0)["constraint_type"], 1);
        // The other order is upstream's own example: user_string with the zero minimum dropped.
        let src = frob(
            "contexts: process\nparam: buf\n  type: user_ptr, input\n  range: 0, 255\n  constraint-type: user_string\n",
        );
        check(&src, expect![""]);
        let p = param_json(&src, 0);
        assert_eq!(
            (
                p["constraint_type"].clone(),
                p["min_value"].clone(),
                p["max_value"].clone()
            ),
            (json!(8), json!(null), json!(255))
        );
    }

    #[test]
    fn size_param_index() {
        let src = frob(
            "contexts: process\n\
             param: buf\n  type: user_ptr, output\n  constraint-type: KAPI_CONSTRAINT_BUFFER\n  size-param: 3\n\
             param: len\n  type: uint\n  size-param: two\n",
        );
        check(
            &src,
            expect![[r#"
            7:18..7:19 invalid-param-index error `3`: `size-param:` names parameter index 3, but the parameters are numbered 0 to 2 (the index is 0-based)
            10:18..10:21 malformed-value error `two`: `size-param:` needs the 0-based index of the size parameter as a plain decimal number; upstream ignores `two`
        "#]],
        );
        assert_eq!(param_json(&src, 0)["size_param_idx"], 3);
    }

    #[test]
    fn at_name_after_param_block_wipes_it() {
        let src = frob("contexts: process\nparam: fd\n  type: fd, input\n@fd: The descriptor\n@buf: The buffer\n");
        check(
            &src,
            expect![[r#"
            6:4..6:7 ignored-value warning `@fd`: this `@fd:` line comes after `param: fd` (line 4) and replaces that parameter: upstream drops the type, flags and constraints set in the block and renumbers it; move `@fd:` above the block
        "#]],
        );
        let p = json(&src)["parameters"].clone();
        // fd was replaced: its type and flags are gone and it moved behind... its own slot.
        assert_eq!(p[0]["name"], "fd");
        assert_eq!(
            (p[0]["param_type"].clone(), p[0]["flags"].clone()),
            (json!(0), json!(0))
        );
        assert_eq!(p[0]["description"], "The descriptor");
    }

    #[test]
    fn duplicate_at_name_reorders_like_upstream() {
        let src =
            frob("contexts: process\n@fd: one\n@buf: two\n@fd: three\nparam: len\n  type: uint\n");
        check(
            &src,
            expect![[r#"
            6:4..6:7 duplicate-entry warning `@fd`: `@fd:` is already described on line 4; upstream replaces the parameter with this line, resetting everything set for it before and moving it behind the other parameters
        "#]],
        );
        let names: Vec<_> = json(&src)["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["name"].clone(), p["index"].clone()))
            .collect();
        assert_eq!(
            names,
            [
                (json!("buf"), json!(1)),
                (json!("fd"), json!(2)),
                (json!("len"), json!(2))
            ]
        );
    }

    #[test]
    fn duplicate_param_block_merges() {
        let src = frob("contexts: process\nparam: fd\n  type: fd\nparam: fd\n  flags: input\n  type: int\n  type: uint\n");
        check(
            &src,
            expect![[r#"
            6:11..6:13 duplicate-entry warning `fd`: a second `param: fd` block (the first is on line 4); upstream merges both into one parameter, later lines overriding earlier ones; merge them into one block
            9:6..9:10 duplicate-entry warning `type`: a second `type:` in this block replaces the one on line 8
        "#]],
        );
        let p = param_json(&src, 0);
        assert_eq!(
            (p["param_type"].clone(), p["flags"].clone()),
            (json!(2), json!(1))
        );
    }

    #[test]
    fn param_name_with_type_is_python_only() {
        let src = frob("contexts: process\nparam: fd, KAPI_TYPE_FD\n  flags: input\n");
        check(
            &src,
            expect![[r#"
            4:11..4:27 build-paths-disagree warning `fd, KAPI_TYPE_FD`: only the kernel build reads `param: NAME, TYPE`; the `kapi` tool takes the whole `fd, KAPI_TYPE_FD` as the parameter name. Write `param: fd` and put `type:` on the next line
                fix Split into `param: fd` and `type: fd`: `fd, KAPI_TYPE_FD` -> `fd\n *   type: fd`
        "#]],
        );
        assert_eq!(param_json(&src, 0)["name"], "fd, KAPI_TYPE_FD");
        assert_eq!(param_json(&src, 0)["type_name"], "");
    }

    #[test]
    fn fixes_that_insert_lines_keep_crlf_and_the_comment_prefix() {
        let src = frob("contexts: process\nparam: fd, KAPI_TYPE_FD\n").replace('\n', "\r\n");
        let lowered = lower(&src);
        let fix = &lowered.diagnostics[0].fixes[0].edits[0];
        assert_eq!(fix.range.slice(&src), "fd, KAPI_TYPE_FD");
        assert_eq!(fix.new_text, "fd\r\n *   type: fd");
    }

    #[test]
    fn keys_only_the_kernel_build_reads() {
        let src = frob(
            "@fd: The descriptor\ncontexts: process\n\
             param: fd\n  type: uint\n  constraint-type: KAPI_CONSTRAINT_MASK\n  valid-mask: O_RDONLY | O_WRONLY\n  alignment: 8\n  struct-type: struct foo\n  desc: A different text\n",
        );
        check(
            &src,
            expect![[r#"
            8:6..8:16 ignored-value information `valid-mask`: the `kapi` tool ignores `valid-mask:` (only the kernel build reads it), so `kapi --source` shows no such value; `constraint-type: mask(...)` is read by both
            9:6..9:15 ignored-value information `alignment`: the `kapi` tool ignores `alignment:` (only the kernel build reads it), so `kapi --source` shows no such value; `constraint-type: alignment(N)` is read by both
            11:6..11:10 build-paths-disagree information `desc`: only the `kapi` tool reads `desc:` in a `param:` block; the kernel build describes `fd` with its `@fd:` line, so the two build paths give different descriptions
        "#]],
        );
        let p = param_json(&src, 0);
        assert_eq!(
            (
                p["valid_mask"].clone(),
                p["alignment"].clone(),
                p["description"].clone()
            ),
            (json!(null), json!(null), json!("A different text"))
        );
        // The same text in `desc:` and `@fd:` is silent.
        check(
            &frob("@fd: Same\ncontexts: process\nparam: fd\n  type: fd\n  desc: Same\n"),
            expect![""],
        );
    }

    #[test]
    fn leading_prose_in_a_block_is_dropped() {
        let src = frob("contexts: process\nparam: fd\n  The descriptor to frobnicate.\n  It must be open.\n  type: fd\n");
        check(
            &src,
            expect![[r#"
            5:6..6:22 ignored-value warning `The descriptor to frobnicate.
             *   It must be open.`: upstream drops this text: it is not a `key: value` line of the `param:` block and no description precedes it; start the text with `desc:`
                fix Make it the `desc:`: `` -> `desc: `
        "#]],
        );
        assert_eq!(param_json(&src, 0)["description"], "");
    }

    #[test]
    fn void_and_space_before_colon() {
        let src = frob(
            "contexts: process\nparam: fd\n  type : fd\n  flags: input\nparam: buf\n  type: void\n",
        );
        check(
            &src,
            expect![[r#"
            5:6..5:12 ignored-value warning `type :`: the space before the colon makes upstream skip this line; write `type:`
                fix Remove the space before `:`: ` ` -> ``
            8:12..8:16 build-paths-disagree warning `void`: `void` is read only by the `kapi` tool: the kernel build passes it through verbatim, which does not compile; write `KAPI_TYPE_VOID`
                fix Replace with `KAPI_TYPE_VOID`: `void` -> `KAPI_TYPE_VOID`
        "#]],
        );
        assert_eq!(param_json(&src, 0)["param_type"], 0);
    }

    #[test]
    fn cdesc_continuation_and_multi_line_values_with_tabs() {
        let src = "/**\n * sys_frob - x\n * contexts: process\n * param: fd\n *\ttype: fd,\n *\t\tinput\n *\tcdesc: Must be\n *\t\topen.\n */\n".to_string() + FROB;
        check(&src, expect![""]);
        let p = param_json(&src, 0);
        assert_eq!(
            (
                p["param_type"].clone(),
                p["flags"].clone(),
                p["constraint"].clone()
            ),
            (json!(9), json!(1), json!("Must be open."))
        );
    }

    #[test]
    fn type_name_when_upstream_misses_the_declaration() {
        let src = comment(
            "frob_alloc - Allocate",
            "contexts: process\nparam: size\n  type: uint\n",
            "struct frob *frob_alloc(size_t size, gfp_t gfp)\n{\n}\n",
        );
        assert_eq!(param_json(&src, 0)["type_name"], "size_t size");
    }
}
