//! The `plain` rendering: the API list as upstream `kapi --format plain` prints it, and one API
//! in full as indented, labelled text for reading in a terminal.

use std::fmt::Write as _;

use super::{group, names, GROUPS};
use crate::spec::*;
use crate::vocab::VocabId;

/// Entries are indented by two spaces, their details by six.
const ENTRY: &str = "  ";
const DETAIL: &str = "      ";

/// The API list: one titled group per API type that has specs, then the total.
pub fn render_plain(specs: &[Spec]) -> String {
    let mut out = String::new();
    for &(kind, title) in GROUPS {
        let mut members = group(specs, kind).peekable();
        if members.peek().is_none() {
            continue;
        }
        let _ = writeln!(out, "{title}:");
        let _ = writeln!(out, "{}", "-".repeat(title.chars().count() + 1));
        for spec in members {
            let _ = writeln!(out, "{ENTRY}{}", spec.name);
        }
        out.push('\n');
    }
    let _ = writeln!(out, "Total specifications found: {}", specs.len());
    out
}

/// One API in full. Empty sections are left out.
pub fn render_plain_details(spec: &Spec) -> String {
    let mut out = String::new();
    let title = format!("Detailed information for {}:", spec.name);
    let _ = writeln!(out, "{title}");
    let _ = writeln!(out, "{}", "=".repeat(title.chars().count()));
    field(&mut out, "", "API type", spec.api_type.as_str());
    if let Some(desc) = &spec.description {
        field(&mut out, "", "Description", desc);
    }
    if !spec.context_flags.is_empty() {
        field(&mut out, "", "Contexts", &spec.context_flags.join(", "));
    }
    if let Some(long) = &spec.long_description {
        section(&mut out, "Long description");
        block(&mut out, ENTRY, long);
    }
    if !spec.parameters.is_empty() {
        section(&mut out, &format!("Parameters ({})", spec.parameters.len()));
        for p in &spec.parameters {
            param(&mut out, p, &spec.parameters);
        }
    }
    if let Some(ret) = &spec.return_spec {
        section(&mut out, "Return");
        return_spec(&mut out, ret);
    }
    list(&mut out, "Errors", &spec.errors, |out, e| {
        let code = format!("{} ({})", e.name, e.error_code);
        if e.condition.is_empty() {
            let _ = writeln!(out, "{ENTRY}{code}");
        } else {
            field(out, ENTRY, &code, &e.condition);
        }
        text(out, &e.description);
    });
    list(&mut out, "Locks", &spec.locks, |out, l| {
        let _ = writeln!(
            out,
            "{ENTRY}{}: {}, {}",
            l.lock_name,
            names::term(VocabId::LockType, l.lock_type.into()),
            names::term(VocabId::LockScope, l.scope.into()),
        );
        text(out, &l.description);
    });
    list(&mut out, "Side effects", &spec.side_effects, |out, s| {
        let kinds = names::bits(VocabId::EffectType, s.effect_type);
        let kinds = if kinds.is_empty() {
            "KAPI_EFFECT_NONE".to_owned()
        } else {
            kinds.join(" | ")
        };
        let target = if s.target.is_empty() {
            "(no target)"
        } else {
            &s.target
        };
        let _ = writeln!(out, "{ENTRY}{target}: {kinds}");
        text(out, &s.description);
        opt(out, "Condition", s.condition.as_deref());
        field(
            out,
            DETAIL,
            "Reversible",
            if s.reversible { "yes" } else { "no" },
        );
    });
    list(&mut out, "Capabilities", &spec.capabilities, |out, c| {
        let action = if c.action.is_empty() {
            "(no action)"
        } else {
            &c.action
        };
        let _ = writeln!(out, "{ENTRY}{} ({}): {action}", c.name, c.capability);
        nonempty(out, "Allows", &c.allows);
        nonempty(out, "Without it", &c.without_cap);
        opt(out, "Condition", c.check_condition.as_deref());
        if let Some(priority) = c.priority.filter(|&p| p != 0) {
            field(out, DETAIL, "Priority", &priority.to_string());
        }
        if !c.alternatives.is_empty() {
            let alts: Vec<String> = c
                .alternatives
                .iter()
                .map(|&v| names::term(VocabId::Capability, v.into()))
                .collect();
            field(out, DETAIL, "Alternatives", &alts.join(", "));
        }
    });
    list(&mut out, "Signals", &spec.signals, signal);
    list(
        &mut out,
        "State transitions",
        &spec.state_transitions,
        |out, t| {
            let _ = writeln!(
                out,
                "{ENTRY}{}: {} -> {}",
                t.object, t.from_state, t.to_state
            );
            opt(out, "Condition", t.condition.as_deref());
            text(out, &t.description);
        },
    );
    list(&mut out, "Constraints", &spec.constraints, |out, c| {
        let _ = writeln!(out, "{ENTRY}{}", c.name);
        text(out, &c.description);
        opt(out, "Expression", c.expression.as_deref());
    });
    if let Some(examples) = &spec.examples {
        section(&mut out, "Examples");
        block(&mut out, ENTRY, examples);
    }
    if let Some(notes) = &spec.notes {
        section(&mut out, "Notes");
        block(&mut out, ENTRY, notes);
    }
    out
}

fn param(out: &mut String, p: &ParamSpec, all: &[ParamSpec]) {
    if p.type_name.is_empty() {
        let _ = writeln!(out, "{ENTRY}[{}] {}", p.index, p.name);
    } else {
        let _ = writeln!(out, "{ENTRY}[{}] {} ({})", p.index, p.name, p.type_name);
    }
    text(out, &p.description);
    field(
        out,
        DETAIL,
        "Type",
        &names::term(VocabId::ParamType, p.param_type.into()),
    );
    let flags = names::param_flags(p.flags);
    if !flags.is_empty() {
        field(out, DETAIL, "Flags", &flags.join(" | "));
    }
    if p.constraint_type != 0 {
        let kind = names::term(VocabId::ConstraintType, p.constraint_type.into());
        field(out, DETAIL, "Constraint type", &kind);
    }
    if let Some(range) = names::range(p.min_value, p.max_value) {
        field(out, DETAIL, "Range", &range);
    }
    if let Some(mask) = p.valid_mask {
        field(out, DETAIL, "Valid mask", &format!("{mask:#x}"));
    }
    if !p.enum_values.is_empty() {
        field(out, DETAIL, "Valid values", &p.enum_values.join(", "));
    }
    if let Some(alignment) = p.alignment {
        field(out, DETAIL, "Alignment", &alignment.to_string());
    }
    if let Some(size) = p.size {
        field(out, DETAIL, "Size", &size.to_string());
    }
    if let Some(idx) = p.size_param_idx {
        let size_param = match all.iter().find(|q| q.index == idx) {
            Some(q) => format!("{idx} ({})", q.name),
            None => idx.to_string(),
        };
        field(out, DETAIL, "Size parameter", &size_param);
    }
    opt(out, "Constraint", p.constraint.as_deref());
}

fn return_spec(out: &mut String, r: &ReturnSpec) {
    let kind = names::term(VocabId::ParamType, r.return_type.into());
    let ty = if r.type_name.is_empty() {
        kind
    } else {
        format!("{} ({kind})", r.type_name)
    };
    field(out, ENTRY, "Type", &ty);
    field(
        out,
        ENTRY,
        "Check",
        &names::term(VocabId::ReturnCheck, r.check_type.into()),
    );
    if let Some(value) = r.success_value {
        field(out, ENTRY, "Success", &format!("= {value}"));
    }
    if let Some(range) = names::range(r.success_min, r.success_max) {
        field(out, ENTRY, "Success", &range);
    }
    if !r.error_values.is_empty() {
        let values: Vec<String> = r.error_values.iter().map(i32::to_string).collect();
        field(out, ENTRY, "Error values", &values.join(", "));
    }
    if !r.description.is_empty() {
        field(out, ENTRY, "Description", &r.description);
    }
}

fn signal(out: &mut String, s: &SignalSpec) {
    if s.signal_num == 0 {
        let _ = writeln!(out, "{ENTRY}{}", s.signal_name);
    } else {
        let _ = writeln!(out, "{ENTRY}{} ({})", s.signal_name, s.signal_num);
    }
    if let Some(desc) = &s.description {
        text(out, desc);
    }
    let direction = names::bits(VocabId::SignalDirection, s.direction);
    if !direction.is_empty() {
        field(out, DETAIL, "Direction", &direction.join(" | "));
    }
    field(
        out,
        DETAIL,
        "Action",
        &names::term(VocabId::SignalAction, s.action.into()),
    );
    field(
        out,
        DETAIL,
        "Timing",
        &names::term(VocabId::SignalTiming, s.timing.into()),
    );
    opt(out, "Target", s.target.as_deref());
    opt(out, "Condition", s.condition.as_deref());
    if s.priority != 0 {
        field(out, DETAIL, "Priority", &s.priority.to_string());
    }
    if s.restartable {
        field(out, DETAIL, "Restartable", "yes");
    }
    if s.interruptible {
        field(out, DETAIL, "Interruptible", "yes");
    }
    opt(out, "Queue", s.queue.as_deref());
    for (label, value) in [
        ("SA flags", s.sa_flags),
        ("SA flags required", s.sa_flags_required),
        ("SA flags forbidden", s.sa_flags_forbidden),
    ] {
        if value != 0 {
            field(out, DETAIL, label, &format!("{value:#x}"));
        }
    }
    for (label, value) in [
        ("States required", s.state_required),
        ("States forbidden", s.state_forbidden),
    ] {
        let states = names::bits(VocabId::SignalState, value);
        if !states.is_empty() {
            field(out, DETAIL, label, &states.join(" | "));
        }
    }
    if let Some(code) = s.error_on_signal {
        let text = match names::errno(code.into()) {
            Some(name) => format!("{code} ({name})"),
            None => code.to_string(),
        };
        field(out, DETAIL, "Error on signal", &text);
    }
    if let Some(to) = s.transform_to {
        field(out, DETAIL, "Transform to", &to.to_string());
    }
}

/// A blank line and a section title.
fn section(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{title}:");
}

/// A titled section with a count, one entry per item; nothing when there are no items.
fn list<T>(out: &mut String, title: &str, items: &[T], mut entry: impl FnMut(&mut String, &T)) {
    if items.is_empty() {
        return;
    }
    section(out, &format!("{title} ({})", items.len()));
    for item in items {
        entry(out, item);
    }
}

/// `label: value`, with later lines of a multi-line value indented under the label.
fn field(out: &mut String, indent: &str, label: &str, value: &str) {
    let mut lines = value.lines();
    let _ = writeln!(out, "{indent}{label}: {}", lines.next().unwrap_or(""));
    let rest: Vec<&str> = lines.collect();
    if !rest.is_empty() {
        block(out, &format!("{indent}  "), &rest.join("\n"));
    }
}

/// A detail field, when the value is set.
fn opt(out: &mut String, label: &str, value: Option<&str>) {
    if let Some(value) = value {
        field(out, DETAIL, label, value);
    }
}

/// A detail field, when the value is not empty.
fn nonempty(out: &mut String, label: &str, value: &str) {
    if !value.is_empty() {
        field(out, DETAIL, label, value);
    }
}

/// Free text under an entry, when there is any.
fn text(out: &mut String, value: &str) {
    if !value.is_empty() {
        block(out, DETAIL, value);
    }
}

/// Every line of `value` behind `indent`; blank lines stay empty (no trailing white space).
fn block(out: &mut String, indent: &str, value: &str) {
    for line in value.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{indent}{line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample_spec;
    use expect_test::expect;

    #[test]
    fn list_groups_and_counts() {
        let helper = Spec {
            name: "frob_helper".into(),
            ..Spec::default()
        };
        expect![[r#"
            System Calls:
            -------------
              sys_frob

            Functions:
            ----------
              frob_helper

            Total specifications found: 2
        "#]]
        .assert_eq(&render_plain(&[helper, sample_spec()]));
        expect![[r#"
            Total specifications found: 0
        "#]]
        .assert_eq(&render_plain(&[]));
    }

    #[test]
    fn details_of_every_kind_of_entry() {
        expect![[r#"
            Detailed information for sys_frob:
            ==================================
            API type: syscall
            Description: Frobnicate a buffer
            Contexts: KAPI_CTX_PROCESS, KAPI_CTX_SLEEPABLE

            Long description:
              Copies the frob state into buf.

              The state is one of:
              - idle
              - busy

            Parameters (3):
              [0] fd (unsigned int fd)
                  File descriptor
                  Type: KAPI_TYPE_FD
                  Flags: IN
                  Constraint type: KAPI_CONSTRAINT_RANGE
                  Range: >= 0
              [1] buf (char __user * buf)
                  Output buffer
                  Type: KAPI_TYPE_USER_PTR
                  Flags: OUT | USER
                  Constraint type: KAPI_CONSTRAINT_BUFFER
                  Size parameter: 2 (len)
                  Constraint: Must be writable for len bytes.
              [2] len (size_t len)
                  Buffer length
                  Type: KAPI_TYPE_UINT
                  Flags: IN
                  Constraint type: KAPI_CONSTRAINT_RANGE
                  Range: 1 to 4096

            Return:
              Type: int (KAPI_TYPE_INT)
              Check: KAPI_RETURN_RANGE
              Success: >= 0
              Description: Bytes written.

            Errors (2):
              EBADF (-9): Bad file descriptor
                  fd is not open.
              EINTR (-4)

            Locks (1):
              frob_lock: KAPI_LOCK_MUTEX, KAPI_LOCK_INTERNAL

            Side effects (1):
              file->f_pos: KAPI_EFFECT_MODIFY_STATE | KAPI_EFFECT_FILE_POSITION
                  Reversible: no

            Capabilities (1):
              CAP_SYS_ADMIN (21): KAPI_CAP_BYPASS_CHECK
                  Allows: Frobbing another user's file
                  Without it: Only own files
                  Condition: fd is not owned by the caller

            Signals (1):
              Any signal
                  A pending signal ends the wait.
                  Direction: KAPI_SIGNAL_RECEIVE
                  Action: KAPI_SIGNAL_ACTION_RETURN
                  Timing: KAPI_SIGNAL_TIME_DURING
                  Interruptible: yes
                  Error on signal: -4 (EINTR)

            State transitions (1):
              file: idle -> frobbed
                  The file remembers it was frobbed.

            Constraints (1):
              Frob limit
                  At most 16 frobs per second.
                  Expression: rate <= 16

            Examples:
              n = frob(fd, buf, sizeof(buf));
              if (n < 0)
                  perror("frob");

            Notes:
              Frobbing is not atomic.
        "#]]
        .assert_eq(&render_plain_details(&sample_spec()));
    }

    #[test]
    fn details_of_a_bare_spec() {
        let spec = Spec {
            name: "frob_helper".into(),
            ..Spec::default()
        };
        expect![[r#"
            Detailed information for frob_helper:
            =====================================
            API type: function
        "#]]
        .assert_eq(&render_plain_details(&spec));
    }
}
