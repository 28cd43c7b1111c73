//! `lock:` blocks (language reference §4.8): the lock type, the scope (from `scope:` or from
//! `acquired:`/`released:`), and `held-on-entry:`/`held-on-exit:`, which upstream appends to the
//! description instead of reading.

use super::blocks::{append_desc, append_or_drop, attr_kind, key_range, AttrKind, Dropped};
use super::spec::Builder;
use super::terms::{lookup, short_form, unknown_value};
use crate::diagnostic::{Code, Diagnostic};
use crate::spec::{EntrySource, LockSpec};
use crate::vocab::VocabId;
use kapi_syntax::{Attr, Block, BlockKind, Token};

impl Builder<'_> {
    /// `lock: NAME[, TYPE]`.
    pub(crate) fn lock_block(&mut self, b: &Block) {
        let parts = b.header.split(',');
        let name = &parts[0];
        let mut has_type = false;
        let mut l = LockSpec {
            lock_name: if parts.len() >= 2 {
                name.text.clone()
            } else {
                b.header.text.clone()
            },
            src: EntrySource {
                range: b.range,
                name: name.range,
            },
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
            self.cx.report(
                Code::MalformedValue,
                b.key.range,
                "`lock:` needs the lock's name, e.g. `lock: inode->i_rwsem`",
            );
        }
        let acq_rel = b.attrs.iter().any(|a| {
            a.key
                .as_ref()
                .is_some_and(|k| k.text == "acquired" || k.text == "released")
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
                        // A warning, not an error: nothing breaks, but the lock's scope is
                        // not what the author meant (published specs write `conditional`).
                        let mut d = Diagnostic::new(
                            Code::UnknownValue,
                            range,
                            format!(
                                "`{key}:` reads only `yes`/`true` or `no`/`false`; upstream \
                                 ignores `{}`, so the lock's scope stays as if it were not \
                                 written{}",
                                attr.value.text,
                                if matches!(v.as_str(), "1" | "0") {
                                    ""
                                } else {
                                    "; describe conditional locking in `desc:`"
                                }
                            ),
                        )
                        .with_severity(crate::diagnostic::Severity::Warning);
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
                    append_or_drop(
                        &mut l.description,
                        &line,
                        attr.range,
                        reported,
                        &mut dropped,
                    );
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
    fn locks() {
        let src = frob(
            "contexts: process\n\
             lock: a_lock\n  desc: Protects a.\n  held-on-entry: yes\n\
             lock: b_lock, spinlok\n  scope: KAPI_LOCK_ACQUIRES\n\
             lock: c_lock, mutex\n  scope: acquires\n\
             lock: d_lock\n  type: rcu\n  acquired: 1\n  released: no\n\
             lock: e_lock, mutex\n  scope: releases\n  released: yes\n",
        );
        check(
            &src,
            expect![[r#"
                4:10..4:16 build-paths-disagree warning `a_lock`: the kernel build drops a lock with no type (only the `kapi` tool keeps it, as type none); add a `type:` line, e.g. `type: mutex`
                6:6..6:19 ignored-value warning `held-on-entry`: upstream does not read `held-on-entry:` as a lock attribute: it appends `held-on-entry: yes` to the lock's description. Use `scope:` (`caller_held`, `acquires`, `releases`) or `acquired:`/`released:`
                7:18..7:25 unknown-value error `spinlok`: `spinlok` is not a known lock type; the `kapi` tool records lock type 0 (none). Did you mean `spinlock`?
                    fix Replace with `spinlock`: `spinlok` -> `spinlock`
                8:13..8:31 unknown-value error `KAPI_LOCK_ACQUIRES`: `scope:` takes only the lower-case word: upstream reads `KAPI_LOCK_ACQUIRES` as internal; write `acquires`
                    fix Replace with `acquires`: `KAPI_LOCK_ACQUIRES` -> `acquires`
                10:13..10:21 build-paths-disagree warning `acquires`: the kernel build ignores `scope:`, so the lock is internal there but `acquires` for the `kapi` tool; `acquired: yes` is read by both
                    fix Replace with `acquired: yes`: `scope: acquires` -> `acquired: yes`
                13:16..13:17 unknown-value warning `1`: `acquired:` reads only `yes`/`true` or `no`/`false`; upstream ignores `1`, so the lock's scope stays as if it were not written
                    fix Replace with `yes`: `1` -> `yes`
            "#]],
        );
        let l = json(&src)["locks"].clone();
        assert_eq!(
            l[0],
            json!({"lock_name": "a_lock", "lock_type": 0, "scope": 0, "description": "Protects a. held-on-entry: yes"})
        );
        assert_eq!(
            (l[1]["lock_type"].clone(), l[1]["scope"].clone()),
            (json!(0), json!(0))
        );
        assert_eq!(l[2]["scope"], 1);
        assert_eq!(
            (l[3]["lock_type"].clone(), l[3]["scope"].clone()),
            (json!(5), json!(0))
        );
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
        let scopes: Vec<_> = json(&src)["locks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["scope"].clone())
            .collect();
        assert_eq!(scopes, [json!(0), json!(1), json!(2), json!(0)]);
    }
}
