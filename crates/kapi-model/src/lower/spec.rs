//! The walk that turns one spec comment's items into a [`Spec`], in source order, exactly as the
//! upstream extractor's line loop does: each block is handled whole (header, attributes, then the
//! "flush" that stores it), and one-line keys and free-text sections are read in place. The
//! block handlers live in `param`, `blocks`, `signal` and `ret`; this module holds the state they
//! share and the one-line keys.

use super::ctx::{is_indented, key_shape, Ctx};
use super::keys::PrevBlock;
use super::terms::unknown_value;
use super::values::{fold_lines, fold_paragraphs};
use super::{keys, legacy, limits};
use crate::diagnostic::{Code, Severity};
use crate::spec::{ApiKind, ParamSpec, Spec};
use crate::vocab::VocabId;
use kapi_syntax::{BlockKind, Declaration, Field, Item, Section, TextRange, Token};
use std::collections::HashMap;

/// Constraint type `user_string`: its zero length limits mean "no limit".
const CONSTRAINT_USER_STRING: u32 = 8;

/// Lowering state for one spec.
pub(crate) struct Builder<'a> {
    pub cx: Ctx<'a>,
    pub decl: &'a Declaration,
    pub spec: Spec,
    /// Parameters in the order their names first appeared; `index` follows upstream.
    pub params: Vec<ParamSpec>,
    /// Parameter name to its position in `params`.
    pub slots: HashMap<String, usize>,
    /// The name token of the first `param:` block of each parameter.
    pub param_blocks: HashMap<String, TextRange>,
    /// The name token of the first `@name:` line of each parameter.
    pub param_docs: HashMap<String, TextRange>,
    /// Flag bits each parameter got from `type:` lines (extra tokens and the implied USER bit),
    /// with the last such line, so a later `flags:` that drops them can be reported.
    pub type_flags: HashMap<String, (u32, TextRange)>,
    pub first_return: Option<TextRange>,
    /// Each errno name with its first `error:` name token and condition.
    pub errnos: HashMap<String, (TextRange, String)>,
    pub first_context: Option<TextRange>,
    pub first_section: HashMap<String, TextRange>,
}

impl<'a> Builder<'a> {
    pub fn new(cx: Ctx<'a>, decl: &'a Declaration, name: String, api_type: ApiKind) -> Self {
        let spec = Spec {
            name,
            api_type,
            ..Spec::default()
        };
        Builder {
            cx,
            decl,
            spec,
            params: Vec::new(),
            slots: HashMap::new(),
            param_blocks: HashMap::new(),
            param_docs: HashMap::new(),
            type_flags: HashMap::new(),
            first_return: None,
            errnos: HashMap::new(),
            first_context: None,
            first_section: HashMap::new(),
        }
    }

    /// The number of parameters `buffer(N)`/`size-param:` indices are checked against: the
    /// declaration's.
    pub fn param_count(&self) -> usize {
        self.decl.params.len()
    }

    /// `type_name` for a parameter: what upstream's signature scan gives, or, when upstream does
    /// not see the declaration at all, `"<type> <name>"` from the declaration.
    pub fn type_name(&self, name: &str) -> String {
        match &self.decl.upstream {
            Some(up) => up.type_name(name).unwrap_or_default().to_string(),
            None => self
                .decl
                .params
                .iter()
                .find(|p| p.name == name)
                .map(|p| format!("{} {}", p.ty, p.name))
                .unwrap_or_default(),
        }
    }

    /// Creates parameter `name` if it is new; `replace` makes it a fresh entry even if it exists
    /// (what an `@name:` line does). Returns its position in `params`.
    pub fn param_slot(&mut self, name: &str, replace: bool) -> usize {
        // Upstream numbers a parameter with the map's size at insertion time; a replaced
        // parameter therefore moves behind the others.
        let exists = self.slots.get(name).copied();
        if let (Some(slot), false) = (exists, replace) {
            return slot;
        }
        let index = self.slots.len() as u32;
        let fresh = ParamSpec {
            index,
            name: name.to_string(),
            type_name: self.type_name(name),
            ..ParamSpec::default()
        };
        match exists {
            Some(slot) => {
                self.params[slot] = fresh;
                self.type_flags.remove(name);
                slot
            }
            None => {
                self.slots.insert(name.to_string(), self.params.len());
                self.params.push(fresh);
                self.params.len() - 1
            }
        }
    }

    /// Walks every item of the comment.
    pub fn run(&mut self) {
        let doc = self.cx.doc;
        if let Some(summary) = doc.title.as_ref().and_then(|t| t.summary.as_ref()) {
            self.spec.description = Some(summary.text.clone());
        }
        let title_range = doc.title.as_ref().map(|t| t.range);
        let mut after_single_line: Option<&Field> = None;
        let mut prev_block: Option<PrevBlock> = None;
        for item in &doc.items {
            let mut single = None;
            self.cx.mute = None;
            let block_here = match item {
                Item::Block(b) => Some(PrevBlock {
                    kind: b.kind,
                    flat: b.flat,
                }),
                // A run of mis-indented sub-keys or LEGACY sub-key lines still follows the block.
                Item::Other(t) => prev_block.filter(|p| {
                    key_shape(t.text.trim_start())
                        .is_some_and(|w| p.kind.sub_keys().contains(&w) || legacy::is_legacy(w))
                }),
                _ => None,
            };
            match item {
                Item::ParamDoc(p) => self.param_doc(p),
                Item::Field(f) => {
                    self.field(f);
                    if matches!(
                        f.key.text.as_str(),
                        "contexts" | "context-flags" | "param-count"
                    ) {
                        single = Some(f);
                    }
                }
                Item::Block(b) => match b.kind {
                    BlockKind::Param => self.param_block(b),
                    BlockKind::Error => self.error_block(b),
                    BlockKind::Signal => self.signal_block(b),
                    BlockKind::Capability => self.capability_block(b),
                    BlockKind::SideEffect => self.side_effect_block(b),
                    BlockKind::StateTrans => self.state_trans_block(b),
                    BlockKind::Constraint => self.constraint_block(b),
                    BlockKind::Lock => self.lock_block(b),
                    BlockKind::Return => self.return_block(b),
                },
                Item::Section(s) => self.section(s),
                Item::Other(t) => {
                    if let Some(f) = after_single_line {
                        self.continuation_of_single_line(f, t);
                    }
                    if Some(t.range) != title_range {
                        keys::check_other_line(self, t, prev_block);
                        legacy::check_other_line(self, t, prev_block);
                    }
                }
            }
            after_single_line = single;
            prev_block = block_here;
        }
    }

    /// Stores the collected parameters as upstream does and checks the limits.
    pub fn finish(mut self) -> (Spec, Vec<crate::Diagnostic>) {
        let mut params = std::mem::take(&mut self.params);
        params.sort_by_key(|p| p.index);
        for p in &mut params {
            if p.constraint_type == CONSTRAINT_USER_STRING {
                p.min_value = p.min_value.filter(|&n| n > 0);
                p.max_value = p.max_value.filter(|&n| n > 0);
            }
        }
        self.spec.parameters = params;
        limits::check(&mut self.cx, &self.spec);
        (self.spec, self.cx.diags)
    }

    fn field(&mut self, f: &Field) {
        match f.key.text.as_str() {
            "contexts" => self.contexts(f, ',', "contexts"),
            "context-flags" => self.contexts(f, '|', "context-flags"),
            "param-count" => {
                let parsed = f.value.text.trim().parse::<u32>().ok();
                if parsed.is_none() {
                    self.cx.report(
                        Code::MalformedValue,
                        value_or_key(f),
                        format!(
                            "`param-count:` needs a plain decimal number; the `kapi` tool ignores `{}`",
                            f.value.text
                        ),
                    );
                }
                self.spec.param_count = parsed;
            }
            "api-type" => self.api_type_field(f),
            "return" => {
                self.cx.report(
                    Code::IgnoredValue,
                    f.value.range(),
                    "upstream ignores text after `return:` on the same line and creates no return \
                     spec; write `return:` alone and describe the value on indented lines \
                     (`type: int`, `check-type: range`, `success: >= 0`, `desc: ...`)",
                );
            }
            _ => {}
        }
    }

    /// `contexts:` (comma-separated) and `context-flags:` (`|`-separated): the value replaces
    /// any earlier one; unknown tokens are kept verbatim.
    fn contexts(&mut self, f: &Field, sep: char, key: &str) {
        if let Some(first) = self.first_context {
            let line = self.cx.line_no(first.start);
            self.cx.report(
                Code::DuplicateEntry,
                f.key.range,
                format!("a second context line replaces the one on line {line}; keep one `contexts:` line"),
            );
        } else {
            self.first_context = Some(f.key.range);
        }
        let (wrong, right) = if sep == ',' {
            ('|', ", ")
        } else {
            (',', " | ")
        };
        let mut flags = Vec::new();
        for tok in f.value.split(sep) {
            if tok.text.is_empty() {
                continue;
            }
            let alias = crate::vocab::Vocab::get(VocabId::Context).lookup(&tok.text);
            flags.push(alias.map_or_else(|| tok.text.clone(), |t| t.long.to_string()));
            if tok.text.contains(wrong) {
                let fixed = join_with(&tok.text, wrong, right);
                let msg = if sep == ',' {
                    format!(
                        "`contexts:` separates contexts with commas: the `kapi` tool keeps `{}` as one \
                         unknown context (the kernel build accepts `|`); write `{fixed}`",
                        tok.text
                    )
                } else {
                    format!(
                        "`context-flags:` separates flags with `|`: the `kapi` tool keeps `{}` as one \
                         unknown context (the kernel build accepts `,`); write `{fixed}`",
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
            } else if alias.is_none() {
                unknown_value(
                    &mut self.cx,
                    &tok,
                    VocabId::Context,
                    "it verbatim as an unknown context",
                );
            }
        }
        if flags.is_empty() {
            self.cx.report(
                Code::MalformedValue,
                value_or_key(f),
                format!("`{key}:` lists no context; write e.g. `contexts: process, sleepable`"),
            );
        }
        self.spec.context_flags = flags;
    }

    fn api_type_field(&mut self, f: &Field) {
        let derived = self.spec.api_type.as_str();
        if f.value.text.trim().eq_ignore_ascii_case(derived) {
            return;
        }
        let how = match self.spec.api_type {
            ApiKind::Syscall => "a `SYSCALL_DEFINEn` declaration makes it a syscall",
            ApiKind::Ioctl => "a `long <name>_ioctl(...)` declaration makes it an ioctl",
            ApiKind::Function => "the declaration makes it a function",
        };
        self.cx.report(
            Code::IgnoredValue,
            value_or_key(f),
            format!(
                "`api-type:` is not read by the `kapi` tool: the API type comes from the declaration, \
                 and {how}; remove the line or make it `api-type: {derived}`"
            ),
        );
    }

    /// `long-desc:`, `notes:` and `examples:`: the text after the key plus every following blank
    /// or indented line, folded; an empty result leaves the field unset.
    fn section(&mut self, s: &Section) {
        let key = s.key.text.clone();
        if let Some(first) = self.first_section.get(&key) {
            let line = self.cx.line_no(first.start);
            self.cx.report(
                Code::DuplicateEntry,
                s.key.range,
                format!("a second `{key}:` replaces the one on line {line}; merge them"),
            );
        } else {
            self.first_section.insert(key.clone(), s.key.range);
        }
        let text = self.cx.text;
        let lines = s.lines.iter().map(|r| r.slice(text));
        let folded = match key.as_str() {
            "examples" => fold_lines(lines),
            _ => fold_paragraphs(lines),
        };
        let value = Some(folded).filter(|v| !v.is_empty());
        match key.as_str() {
            "long-desc" => self.spec.long_description = value,
            "notes" => self.spec.notes = value,
            _ => self.spec.examples = value,
        }
    }

    /// An indented line right after a one-line key that upstream reads only on its own line.
    fn continuation_of_single_line(&mut self, f: &Field, t: &Token) {
        let Some(i) = self.cx.line_at(t.range.start) else {
            return;
        };
        if !is_indented(self.cx.doc.lines[i].slice(self.cx.text)) {
            return;
        }
        let key = &f.key.text;
        self.cx.report(
            Code::IgnoredValue,
            t.range,
            format!(
                "`{key}:` is read from its own line only: upstream ignores this continuation; \
                 put the whole value on the `{key}:` line"
            ),
        );
    }

    /// Severity helper used by rules whose severity depends on what differs.
    pub fn bpd(&mut self, severity: Severity, range: TextRange, message: String) {
        self.cx
            .report_sev(Code::BuildPathsDisagree, severity, range, message);
    }
}

/// The value's range, or the key's when the value is empty (an empty range is hard to see).
pub(crate) fn value_or_key(f: &Field) -> TextRange {
    if f.value.text.is_empty() {
        f.key.range
    } else {
        f.value.range()
    }
}

/// Re-joins `text` split at `wrong` with `right` between the trimmed parts.
pub(crate) fn join_with(text: &str, wrong: char, right: &str) -> String {
    text.split(wrong)
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(right)
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use expect_test::expect;
    use serde_json::json;

    #[test]
    fn contexts_and_separators() {
        let src = frob(
            "contexts: process | sleepable, Atomic, KAPI_CTX_NMI, task\nparam: fd\n  type: fd\n",
        );
        check(
            &src,
            expect![[r#"
            3:14..3:33 wrong-separator error `process | sleepable`: `contexts:` separates contexts with commas: the `kapi` tool keeps `process | sleepable` as one unknown context (the kernel build accepts `|`); write `process, sleepable`
                fix Separate with `,`: `process | sleepable` -> `process, sleepable`
            3:57..3:61 unknown-value error `task`: `task` is not a known execution context; the `kapi` tool records it verbatim as an unknown context. Expected one of: `process`, `softirq`, `hardirq`, `nmi`, `atomic`, `sleepable`, `preempt_disabled`, `irq_disabled`
        "#]],
        );
        assert_eq!(
            json(&src)["context_flags"],
            json!([
                "process | sleepable",
                "KAPI_CTX_ATOMIC",
                "KAPI_CTX_NMI",
                "task"
            ])
        );
        let src = frob("context-flags: KAPI_CTX_PROCESS, KAPI_CTX_SLEEPABLE | hardirq\nparam: fd\n  type: fd\n");
        check(
            &src,
            expect![[r#"
            3:19..3:55 wrong-separator error `KAPI_CTX_PROCESS, KAPI_CTX_SLEEPABLE`: `context-flags:` separates flags with `|`: the `kapi` tool keeps `KAPI_CTX_PROCESS, KAPI_CTX_SLEEPABLE` as one unknown context (the kernel build accepts `,`); write `KAPI_CTX_PROCESS | KAPI_CTX_SLEEPABLE`
                fix Separate with `|`: `KAPI_CTX_PROCESS, KAPI_CTX_SLEEPABLE` -> `KAPI_CTX_PROCESS | KAPI_CTX_SLEEPABLE`
        "#]],
        );
        assert_eq!(
            json(&src)["context_flags"],
            json!(["KAPI_CTX_PROCESS, KAPI_CTX_SLEEPABLE", "KAPI_CTX_HARDIRQ"])
        );
    }

    #[test]
    fn last_context_line_wins_and_continuations_are_ignored() {
        let src = frob("contexts: process,\n  sleepable\ncontext-flags: KAPI_CTX_ATOMIC\nparam: fd\n  type: fd\n");
        check(
            &src,
            expect![[r#"
            4:6..4:15 ignored-value warning `sleepable`: `contexts:` is read from its own line only: upstream ignores this continuation; put the whole value on the `contexts:` line
            5:4..5:17 duplicate-entry warning `context-flags`: a second context line replaces the one on line 3; keep one `contexts:` line
        "#]],
        );
        assert_eq!(json(&src)["context_flags"], json!(["KAPI_CTX_ATOMIC"]));
    }

    #[test]
    fn param_count_and_api_type() {
        let src = frob(
            "contexts: process\nparam-count: 0x3\napi-type: function\nparam: fd\n  type: fd\n",
        );
        check(
            &src,
            expect![[r#"
            4:17..4:20 malformed-value error `0x3`: `param-count:` needs a plain decimal number; the `kapi` tool ignores `0x3`
            5:14..5:22 ignored-value warning `function`: `api-type:` is not read by the `kapi` tool: the API type comes from the declaration, and a `SYSCALL_DEFINEn` declaration makes it a syscall; remove the line or make it `api-type: syscall`
        "#]],
        );
        assert_eq!(spec(&src).param_count, None);
        let src =
            frob("contexts: process\nparam-count: 3\napi-type: syscall\nparam: fd\n  type: fd\n");
        check(&src, expect![""]);
        assert_eq!(spec(&src).param_count, Some(3));
    }

    #[test]
    fn sections_fold_like_upstream() {
        let src = frob(
            "contexts: process\n\
             long-desc: First paragraph wraps\n  over two lines, café ünïcode.\n\n  Second:\n  - item one\n    continued\n  - item\ttwo\n\
             examples: fd = open(\"/x\", O_RDONLY);\n\twhile (n) {\n\t\tn--;\n\t}\n\n\n  close(fd);\n\
             notes: 日本語のメモ。\n  続き。\n\
             param: fd\n  type: fd\n",
        );
        check(&src, expect![""]);
        let j = json(&src);
        assert_eq!(
            j["long_description"],
            "First paragraph wraps over two lines, café ünïcode.\n\nSecond:\n- item one continued\n- item two"
        );
        // Tabs expand to 8 columns before the common indent (2, from `close`) is removed.
        assert_eq!(j["examples"], "fd = open(\"/x\", O_RDONLY);\n      while (n) {\n              n--;\n      }\n\nclose(fd);");
        assert_eq!(j["notes"], "日本語のメモ。 続き。");
    }

    #[test]
    fn empty_sections_and_duplicates() {
        let src = frob(
            "contexts: process\nnotes:\nlong-desc: One.\nlong-desc: Two.\nparam: fd\n  type: fd\n",
        );
        check(
            &src,
            expect![[r#"
            6:4..6:13 duplicate-entry warning `long-desc`: a second `long-desc:` replaces the one on line 5; merge them
        "#]],
        );
        let j = json(&src);
        assert_eq!(j["long_description"], "Two.");
        assert!(j.get("notes").is_none());
    }

    #[test]
    fn non_ascii_ranges_are_exact() {
        let src = frob("contexts: prôcess\nparam: fd\n  type: fd, ïnput\n");
        check(
            &src,
            expect![[r#"
            3:14..3:21 unknown-value error `prôcess`: `prôcess` is not a known execution context; the `kapi` tool records it verbatim as an unknown context. Did you mean `process`?
                fix Replace with `process`: `prôcess` -> `process`
            5:16..5:21 unknown-value error `ïnput`: `ïnput` is not a known parameter flag; the `kapi` tool records flag 0. Did you mean `input`?
                fix Replace with `input`: `ïnput` -> `input`
        "#]],
        );
    }
}
