//! What kapi-lsp knows about each KAPI key for editing purposes: a one-line doc per top-level
//! key and per block sub-key, whether the upstream Rust tool handles a sub-key, and which
//! values a key takes (vocabulary, separator). Completion offers these; hover explains them.

use kapi_model::vocab::VocabId;
use kapi_syntax::BlockKind;

/// A top-level key: its name (without the colon) and what it does.
pub(crate) struct TopKey {
    pub name: &'static str,
    pub doc: &'static str,
}

/// The top-level keys in the order completion lists them: the ones every spec needs first.
pub(crate) const TOP_KEYS: &[TopKey] = &[
    TopKey { name: "contexts", doc: "Execution contexts the API may be called from, as comma-separated short forms: `contexts: process, sleepable`. Required for the comment to count as a spec." },
    TopKey { name: "param", doc: "Opens a parameter block: `param: NAME`, then indented `type:`, `constraint-type:`, `cdesc:`, `desc:` lines." },
    TopKey { name: "error", doc: "Opens an error block: `error: ENAME, condition`, then an indented `desc:`." },
    TopKey { name: "return", doc: "Opens the return block (nothing may follow the colon): indented `type:`, `check-type:`, `success:`, `desc:`." },
    TopKey { name: "lock", doc: "Opens a lock block: `lock: NAME[, TYPE]`, then indented `type:`, `scope:`, `acquired:`, `released:`, `desc:`." },
    TopKey { name: "signal", doc: "Opens a signal block: `signal: SIGNAME`, then indented `direction:`, `action:`, `errno:`, `restartable:`, ..." },
    TopKey { name: "capability", doc: "Opens a capability block: `capability: CAP_X`, then indented `type:`, `allows:`, `without:`, `condition:`." },
    TopKey { name: "side-effect", doc: "A side effect: `side-effect: EFFECT | EFFECT` (separate with `|`: three comma parts make the flat form), then indented `target:`, `condition:`, `reversible:`, `desc:`." },
    TopKey { name: "state-trans", doc: "A state transition: `state-trans: OBJECT`, then indented `from:`, `to:`, `condition:`, `desc:`." },
    TopKey { name: "constraint", doc: "A free-standing constraint: `constraint: NAME[, description]`, then indented `desc:`, `expr:`." },
    TopKey { name: "long-desc", doc: "Long description: free text, continued on indented lines." },
    TopKey { name: "notes", doc: "Notes: free text, continued on indented lines." },
    TopKey { name: "examples", doc: "Examples: free text kept line by line, continued on indented lines." },
    TopKey { name: "param-count", doc: "The number of parameters (upstream only compares it with the parameters it found)." },
    TopKey { name: "context-flags", doc: "Execution contexts as `KAPI_CTX_*` names separated by `|` (the MID long form of `contexts:`)." },
];

/// How a sub-key ranks in completion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Rank {
    /// Read by the upstream Rust tool, the preferred spelling.
    Handled,
    /// Read by the Rust tool, but an alternative spelling of a preferred key.
    Alternate,
    /// Recognised (it starts an attribute) but ignored by the Rust tool.
    Unhandled,
}

pub(crate) struct SubKey {
    pub kind: BlockKind,
    pub name: &'static str,
    pub rank: Rank,
    pub doc: &'static str,
}

const fn sk(kind: BlockKind, name: &'static str, rank: Rank, doc: &'static str) -> SubKey {
    SubKey {
        kind,
        name,
        rank,
        doc,
    }
}

const PYTHON_ONLY: &str =
    "Read only by the kernel-build (Python) path; the Rust `kapi` tool ignores it.";
const APPENDED: &str =
    "Not handled by the Rust `kapi` tool: the line is appended to the description.";

use BlockKind as B;
use Rank::{Alternate as Alt, Handled as H, Unhandled as U};

/// Every sub-key of [`BlockKind::sub_keys`] with its rank and doc.
#[rustfmt::skip]
pub(crate) const SUB_KEYS: &[SubKey] = &[
    sk(B::Param, "type", H, "Parameter type and flags: `TYPE[, FLAG, ...]`, e.g. `user_ptr, input`."),
    sk(B::Param, "flags", H, "Flags separated by `|`; replaces the flags given in `type:` (including the implied `user`)."),
    sk(B::Param, "size", U, PYTHON_ONLY),
    sk(B::Param, "constraint-type", H, "The constraint: a call form such as `range(min, max)`, `mask(bits)`, `buffer(idx)`, `nonzero`, or a `KAPI_CONSTRAINT_*` name."),
    sk(B::Param, "constraint", Alt, "Constraint text, like `cdesc:` (kernel-doc may take `constraint:` for a section header, so `cdesc:` is preferred)."),
    sk(B::Param, "cdesc", H, "Constraint text, free form, may continue on indented lines."),
    sk(B::Param, "range", H, "`MIN, MAX`: a range constraint with plain decimal bounds (the MID long form)."),
    sk(B::Param, "mask", U, PYTHON_ONLY),
    sk(B::Param, "valid-mask", U, "Ignored by the Rust tool on purpose (symbolic masks need the preprocessor); use `constraint-type: mask(...)`."),
    sk(B::Param, "valid-values", U, PYTHON_ONLY),
    sk(B::Param, "alignment", U, PYTHON_ONLY),
    sk(B::Param, "size-param", H, "0-based index of the parameter that holds this buffer's size."),
    sk(B::Param, "struct-type", U, PYTHON_ONLY),
    sk(B::Param, "arch-mask", U, PYTHON_ONLY),
    sk(B::Param, "desc", H, "The parameter's description; overrides the `@name:` text."),
    sk(B::Param, "description", Alt, "Same as `desc:`."),
    sk(B::Error, "desc", H, "When and why the error is returned."),
    sk(B::Error, "condition", H, "The condition under which it is returned (overrides the summary after the comma)."),
    sk(B::Signal, "direction", H, "One of receive, send, handle, block, ignore."),
    sk(B::Signal, "action", H, "What happens: default, terminate, coredump, stop, continue, custom, return, restart, queue, discard, transform."),
    sk(B::Signal, "condition", H, "When the signal matters."),
    sk(B::Signal, "desc", H, "Description."),
    sk(B::Signal, "errno", H, "The error returned when the signal interrupts the call: `-EINTR`, `EINTR` or `-4`."),
    sk(B::Signal, "timing", H, "before, during or after."),
    sk(B::Signal, "priority", H, "Decimal priority."),
    sk(B::Signal, "restartable", H, "yes/no: the call is restarted after the handler runs."),
    sk(B::Signal, "interruptible", H, "yes/no: the call can be interrupted by the signal."),
    sk(B::Signal, "number", H, "The signal number, in decimal."),
    sk(B::Signal, "target", H, "Who receives or sends the signal."),
    sk(B::Signal, "queue", H, "standard, realtime, coalesce, replace or discard."),
    sk(B::Signal, "queue_behavior", Alt, "Same as `queue:`."),
    sk(B::Signal, "transform", Alt, "Same as `transform-to:`."),
    sk(B::Signal, "transform_to", Alt, "Same as `transform-to:`."),
    sk(B::Signal, "transform-to", H, "The signal number this signal is turned into (a symbolic name is left unset by the Rust tool)."),
    sk(B::Signal, "sa_flags_required", Alt, "Same as `sa-flags-required:`."),
    sk(B::Signal, "sa-flags-required", H, "sa_flags bits the handler must have: hex or decimal numbers joined with `|`."),
    sk(B::Signal, "sa_flags_forbidden", Alt, "Same as `sa-flags-forbidden:`."),
    sk(B::Signal, "sa-flags-forbidden", H, "sa_flags bits the handler must not have."),
    sk(B::Signal, "state_required", Alt, "Same as `state-required:`."),
    sk(B::Signal, "state-required", H, "Process states required (running, sleeping, stopped, traced, zombie, dead; joined with `|`)."),
    sk(B::Signal, "state_forbidden", Alt, "Same as `state-forbidden:`."),
    sk(B::Signal, "state-forbidden", H, "Process states forbidden (joined with `|`)."),
    sk(B::Capability, "type", H, "What the capability does: bypass_check, increase_limit, override_restriction, grant_permission, modify_behavior, access_resource, perform_operation."),
    sk(B::Capability, "allows", H, "What the caller may do with the capability."),
    sk(B::Capability, "without", H, "What happens without it."),
    sk(B::Capability, "condition", H, "When the capability is checked."),
    sk(B::Capability, "priority", H, "Check order among alternatives (0-255)."),
    sk(B::Capability, "desc", U, PYTHON_ONLY),
    sk(B::SideEffect, "target", H, "What is affected."),
    sk(B::SideEffect, "desc", H, "Description."),
    sk(B::SideEffect, "condition", H, "When the effect happens."),
    sk(B::SideEffect, "reversible", H, "yes/no: whether the effect can be undone."),
    sk(B::StateTrans, "object", H, "The object whose state changes (overrides the header)."),
    sk(B::StateTrans, "from", H, "The state before."),
    sk(B::StateTrans, "to", H, "The state after."),
    sk(B::StateTrans, "condition", H, "When the transition happens."),
    sk(B::StateTrans, "desc", H, "Description."),
    sk(B::Constraint, "desc", H, "Description (appended to the text after the comma)."),
    sk(B::Constraint, "expr", H, "The constraint as a C-like expression."),
    sk(B::Lock, "type", H, "mutex, spinlock, rwlock, seqlock, rcu, semaphore, custom or none."),
    sk(B::Lock, "scope", H, "internal, acquires, releases or caller_held (exact lower case)."),
    sk(B::Lock, "acquired", H, "yes: the call acquires the lock (with `released: yes`, the scope is internal)."),
    sk(B::Lock, "released", H, "yes: the call releases the lock (with `acquired: yes`, the scope is internal)."),
    sk(B::Lock, "held-on-entry", U, APPENDED),
    sk(B::Lock, "held-on-exit", U, APPENDED),
    sk(B::Lock, "desc", H, "Description."),
    sk(B::Return, "type", H, "The return type as written, e.g. `int` (read as a parameter type)."),
    sk(B::Return, "check-type", H, "How success is told from failure: exact, range, error_check, fd, custom, no_return."),
    sk(B::Return, "success", H, "The success value: `N`, `== N` or `>= N`."),
    sk(B::Return, "success-range", U, APPENDED),
    sk(B::Return, "error-values", U, APPENDED),
    sk(B::Return, "desc", H, "Description of the return value."),
];

pub(crate) fn top_key(name: &str) -> Option<&'static TopKey> {
    TOP_KEYS.iter().find(|k| k.name == name)
}

pub(crate) fn sub_key(kind: BlockKind, name: &str) -> Option<&'static SubKey> {
    SUB_KEYS.iter().find(|k| k.kind == kind && k.name == name)
}

/// What one part of a value can be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Values {
    /// Terms of a vocabulary, spelt in their short form or as the long name.
    Vocab(VocabId, Spelling),
    /// `constraint-type:` call forms, as snippets.
    Forms,
    /// Parameter names of the declaration.
    ParamNames,
    /// `yes` / `no`.
    Bool,
    /// Free text.
    Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Spelling {
    Short,
    Long,
}

/// The values a key takes: the first part, and the parts after a separator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ValueRule {
    pub first: Values,
    pub rest: Option<(char, Values)>,
}

impl ValueRule {
    const fn one(first: Values) -> ValueRule {
        ValueRule { first, rest: None }
    }

    const fn list(first: Values, sep: char, rest: Values) -> ValueRule {
        ValueRule {
            first,
            rest: Some((sep, rest)),
        }
    }

    /// The vocabularies a token of this value may come from, for hover.
    pub fn vocabs(&self) -> Vec<VocabId> {
        let mut out = Vec::new();
        for v in [Some(self.first), self.rest.map(|r| r.1)]
            .into_iter()
            .flatten()
        {
            match v {
                Values::Vocab(id, _) if !out.contains(&id) => out.push(id),
                Values::Forms => out.extend([VocabId::ConstraintForm, VocabId::ConstraintType]),
                _ => {}
            }
        }
        out
    }
}

/// The value rule of a top-level key (`block` = `None`) or of a sub-key of a block.
pub(crate) fn value_rule(block: Option<BlockKind>, key: &str) -> Option<ValueRule> {
    use Spelling::{Long, Short};
    use Values::*;
    let v = |id: VocabId| Vocab(id, Short);
    Some(match (block, key) {
        (None, "contexts") => ValueRule::list(v(VocabId::Context), ',', v(VocabId::Context)),
        (None, "context-flags") => ValueRule::list(
            Vocab(VocabId::Context, Long),
            '|',
            Vocab(VocabId::Context, Long),
        ),
        (None, "param") => ValueRule::one(ParamNames),
        (None, "error") => ValueRule::list(Vocab(VocabId::Errno, Long), ',', Text),
        // The flat `CAP_X, ACTION, NAME` form is not encouraged: with two parts Rust drops the
        // action.
        (None, "capability") => ValueRule::list(Vocab(VocabId::Capability, Long), ',', Text),
        (None, "side-effect") => {
            ValueRule::list(v(VocabId::EffectType), '|', v(VocabId::EffectType))
        }
        (None, "lock") => ValueRule::list(Text, ',', v(VocabId::LockType)),
        (Some(B::Param), "type") => {
            ValueRule::list(v(VocabId::ParamType), ',', v(VocabId::ParamFlag))
        }
        (Some(B::Param), "flags") => {
            ValueRule::list(v(VocabId::ParamFlag), '|', v(VocabId::ParamFlag))
        }
        (Some(B::Param), "constraint-type") => ValueRule::one(Forms),
        (Some(B::Lock), "type") => ValueRule::one(v(VocabId::LockType)),
        (Some(B::Lock), "scope") => ValueRule::one(v(VocabId::LockScope)),
        (Some(B::Lock), "acquired" | "released") => ValueRule::one(Bool),
        (Some(B::Return), "type") => ValueRule::one(v(VocabId::ParamType)),
        (Some(B::Return), "check-type") => ValueRule::one(v(VocabId::ReturnCheck)),
        (Some(B::Signal), "direction") => ValueRule::one(v(VocabId::SignalDirection)),
        (Some(B::Signal), "action") => ValueRule::one(v(VocabId::SignalAction)),
        (Some(B::Signal), "timing") => ValueRule::one(v(VocabId::SignalTiming)),
        (Some(B::Signal), "errno") => ValueRule::one(Vocab(VocabId::Errno, Long)),
        (Some(B::Signal), "restartable" | "interruptible") => ValueRule::one(Bool),
        (Some(B::Signal), "queue" | "queue_behavior") => ValueRule::one(v(VocabId::SignalQueue)),
        (
            Some(B::Signal),
            "state-required" | "state_required" | "state-forbidden" | "state_forbidden",
        ) => ValueRule::list(v(VocabId::SignalState), '|', v(VocabId::SignalState)),
        (Some(B::Capability), "type") => ValueRule::one(v(VocabId::CapAction)),
        (Some(B::SideEffect), "reversible") => ValueRule::one(Bool),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sub_key_has_a_doc_and_nothing_else_does() {
        for kind in BlockKind::ALL {
            let documented: Vec<_> = SUB_KEYS
                .iter()
                .filter(|k| k.kind == kind)
                .map(|k| k.name)
                .collect();
            let mut expected = kind.sub_keys().to_vec();
            let mut got = documented.clone();
            expected.sort_unstable();
            got.sort_unstable();
            assert_eq!(got, expected, "{kind:?}");
        }
    }
}
