//! The `rst` rendering: reStructuredText for the kernel's `Documentation/`. Each API is a
//! section titled with its name (`=` underline, the kernel's chapter level) with `-` underlined
//! sections for its parameters, return value, errors and so on. Entries are definition lists
//! whose bodies hold the free text and a field list; examples are `.. code-block:: c`.
//!
//! Without an API name the document holds every API in list order (syscalls, ioctls,
//! functions), so `kapi-lsp export --format rst DIR` writes a whole reference page. Free text
//! from the spec is escaped where reST would read it as markup (`*`, `` ` ``, `|`, `\`, a
//! trailing `_`); no line ends in white space.

use std::fmt::Write as _;

use super::{list_order, names};
use crate::spec::*;
use crate::vocab::VocabId;

/// Definition bodies and directive contents are indented by three spaces.
const BODY: &str = "   ";

/// Every API in full, in list order; the empty string when there are none.
pub fn render_rst(specs: &[Spec]) -> String {
    list_order(specs)
        .into_iter()
        .map(render_rst_details)
        .collect::<Vec<_>>()
        .join("\n")
}

/// One API in full, as a section titled with its name. Empty sections are left out.
pub fn render_rst_details(spec: &Spec) -> String {
    let mut doc = Doc::default();
    doc.title(&escape(&spec.name), '=');
    if let Some(desc) = &spec.description {
        doc.paragraphs("", desc);
    }
    if let Some(long) = &spec.long_description {
        doc.paragraphs("", long);
    }
    let mut fields = Fields::default();
    fields.add("API type", spec.api_type.as_str());
    if !spec.context_flags.is_empty() {
        let flags: Vec<String> = spec.context_flags.iter().map(|f| literal(f)).collect();
        fields.add("Contexts", &flags.join(", "));
    }
    doc.fields("", &fields);

    if !spec.parameters.is_empty() {
        doc.title("Parameters", '-');
        for p in &spec.parameters {
            param(&mut doc, p, &spec.parameters);
        }
    }
    if let Some(ret) = &spec.return_spec {
        doc.title("Return value", '-');
        return_spec(&mut doc, ret);
    }
    section(&mut doc, "Errors", &spec.errors, |e| Entry {
        term: format!("{} ({})", literal(&e.name), e.error_code),
        text: vec![&e.condition, &e.description],
        fields: Fields::default(),
    });
    section(&mut doc, "Locks", &spec.locks, |l| {
        let mut f = Fields::default();
        f.add(
            "Type",
            &literal(&names::term(VocabId::LockType, l.lock_type.into())),
        );
        f.add(
            "Scope",
            &literal(&names::term(VocabId::LockScope, l.scope.into())),
        );
        Entry {
            term: literal(&l.lock_name),
            text: vec![&l.description],
            fields: f,
        }
    });
    section(&mut doc, "Side effects", &spec.side_effects, |s| {
        let mut f = Fields::default();
        let kinds = names::bits(VocabId::EffectType, s.effect_type);
        let kinds: Vec<String> = if kinds.is_empty() {
            vec![literal("KAPI_EFFECT_NONE")]
        } else {
            kinds.iter().map(|k| literal(k)).collect()
        };
        f.add("Effects", &kinds.join(", "));
        f.opt("Condition", s.condition.as_deref());
        f.add("Reversible", if s.reversible { "yes" } else { "no" });
        let term = if s.target.is_empty() {
            "(no target)".to_owned()
        } else {
            literal(&s.target)
        };
        Entry {
            term,
            text: vec![&s.description],
            fields: f,
        }
    });
    section(&mut doc, "Capabilities", &spec.capabilities, |c| {
        let mut f = Fields::default();
        f.add("Number", &c.capability.to_string());
        if !c.action.is_empty() {
            f.add("Action", &literal(&c.action));
        }
        f.text("Allows", &c.allows);
        f.text("Without it", &c.without_cap);
        f.opt("Condition", c.check_condition.as_deref());
        if let Some(priority) = c.priority.filter(|&p| p != 0) {
            f.add("Priority", &priority.to_string());
        }
        if !c.alternatives.is_empty() {
            let alts: Vec<String> = c
                .alternatives
                .iter()
                .map(|&v| literal(&names::term(VocabId::Capability, v.into())))
                .collect();
            f.add("Alternatives", &alts.join(", "));
        }
        Entry {
            term: literal(&c.name),
            text: vec![],
            fields: f,
        }
    });
    section(&mut doc, "Signals", &spec.signals, signal);
    section(
        &mut doc,
        "State transitions",
        &spec.state_transitions,
        |t| {
            let mut f = Fields::default();
            f.add("From", &literal(&t.from_state));
            f.add("To", &literal(&t.to_state));
            f.opt("Condition", t.condition.as_deref());
            Entry {
                term: literal(&t.object),
                text: vec![&t.description],
                fields: f,
            }
        },
    );
    section(&mut doc, "Constraints", &spec.constraints, |c| {
        let mut f = Fields::default();
        if let Some(expr) = &c.expression {
            f.add("Expression", &literal(expr));
        }
        Entry {
            term: escape(&c.name),
            text: vec![&c.description],
            fields: f,
        }
    });
    if let Some(examples) = &spec.examples {
        doc.title("Examples", '-');
        doc.code_block(examples);
    }
    if let Some(notes) = &spec.notes {
        doc.title("Notes", '-');
        doc.paragraphs("", notes);
    }
    doc.finish()
}

fn param(doc: &mut Doc, p: &ParamSpec, all: &[ParamSpec]) {
    let mut f = Fields::default();
    f.add("Index", &p.index.to_string());
    f.add(
        "Type",
        &literal(&names::term(VocabId::ParamType, p.param_type.into())),
    );
    let flags = names::param_flags(p.flags);
    if !flags.is_empty() {
        f.add("Flags", &flags.join(" | "));
    }
    if p.constraint_type != 0 {
        f.add(
            "Constraint type",
            &literal(&names::term(
                VocabId::ConstraintType,
                p.constraint_type.into(),
            )),
        );
    }
    if let Some(range) = names::range(p.min_value, p.max_value) {
        f.add("Range", &range);
    }
    if let Some(mask) = p.valid_mask {
        f.add("Valid mask", &literal(&format!("{mask:#x}")));
    }
    if !p.enum_values.is_empty() {
        let values: Vec<String> = p.enum_values.iter().map(|v| literal(v)).collect();
        f.add("Valid values", &values.join(", "));
    }
    if let Some(alignment) = p.alignment {
        f.add("Alignment", &alignment.to_string());
    }
    if let Some(size) = p.size {
        f.add("Size", &size.to_string());
    }
    if let Some(idx) = p.size_param_idx {
        let size_param = match all.iter().find(|q| q.index == idx) {
            Some(q) => format!("{idx} ({})", literal(&q.name)),
            None => idx.to_string(),
        };
        f.add("Size parameter", &size_param);
    }
    f.opt("Constraint", p.constraint.as_deref());
    let term = if p.type_name.is_empty() {
        literal(&p.name)
    } else {
        format!("{} ({})", literal(&p.name), literal(&p.type_name))
    };
    doc.entry(&Entry {
        term,
        text: vec![&p.description],
        fields: f,
    });
}

fn return_spec(doc: &mut Doc, r: &ReturnSpec) {
    let mut f = Fields::default();
    let kind = literal(&names::term(VocabId::ParamType, r.return_type.into()));
    let ty = if r.type_name.is_empty() {
        kind
    } else {
        format!("{} ({kind})", literal(&r.type_name))
    };
    f.add("Type", &ty);
    f.add(
        "Check",
        &literal(&names::term(VocabId::ReturnCheck, r.check_type.into())),
    );
    if let Some(value) = r.success_value {
        f.add("Success", &format!("= {value}"));
    }
    if let Some(range) = names::range(r.success_min, r.success_max) {
        f.add("Success", &range);
    }
    if !r.error_values.is_empty() {
        let values: Vec<String> = r.error_values.iter().map(i32::to_string).collect();
        f.add("Error values", &values.join(", "));
    }
    doc.fields("", &f);
    if !r.description.is_empty() {
        doc.paragraphs("", &r.description);
    }
}

fn signal(s: &SignalSpec) -> Entry<'_> {
    let mut f = Fields::default();
    if s.signal_num != 0 {
        f.add("Number", &s.signal_num.to_string());
    }
    let direction: Vec<String> = names::bits(VocabId::SignalDirection, s.direction)
        .iter()
        .map(|d| literal(d))
        .collect();
    if !direction.is_empty() {
        f.add("Direction", &direction.join(", "));
    }
    f.add(
        "Action",
        &literal(&names::term(VocabId::SignalAction, s.action.into())),
    );
    f.add(
        "Timing",
        &literal(&names::term(VocabId::SignalTiming, s.timing.into())),
    );
    f.opt("Target", s.target.as_deref());
    f.opt("Condition", s.condition.as_deref());
    if s.priority != 0 {
        f.add("Priority", &s.priority.to_string());
    }
    if s.restartable {
        f.add("Restartable", "yes");
    }
    if s.interruptible {
        f.add("Interruptible", "yes");
    }
    f.opt("Queue", s.queue.as_deref());
    for (label, value) in [
        ("SA flags", s.sa_flags),
        ("SA flags required", s.sa_flags_required),
        ("SA flags forbidden", s.sa_flags_forbidden),
    ] {
        if value != 0 {
            f.add(label, &literal(&format!("{value:#x}")));
        }
    }
    for (label, value) in [
        ("States required", s.state_required),
        ("States forbidden", s.state_forbidden),
    ] {
        let states: Vec<String> = names::bits(VocabId::SignalState, value)
            .iter()
            .map(|n| literal(n))
            .collect();
        if !states.is_empty() {
            f.add(label, &states.join(", "));
        }
    }
    if let Some(code) = s.error_on_signal {
        let text = match names::errno(code.into()) {
            Some(name) => format!("{code} ({})", literal(name)),
            None => code.to_string(),
        };
        f.add("Error on signal", &text);
    }
    if let Some(to) = s.transform_to {
        f.add("Transform to", &to.to_string());
    }
    let text = s.description.as_deref().into_iter().collect();
    Entry {
        term: escape(&s.signal_name),
        text,
        fields: f,
    }
}

/// One definition-list entry: a term, free-text paragraphs, then a field list.
struct Entry<'a> {
    term: String,
    text: Vec<&'a str>,
    fields: Fields,
}

/// A `-` section holding one entry per item; nothing when there are no items.
fn section<'a, T>(doc: &mut Doc, title: &str, items: &'a [T], entry: impl Fn(&'a T) -> Entry<'a>) {
    if items.is_empty() {
        return;
    }
    doc.title(title, '-');
    for item in items {
        doc.entry(&entry(item));
    }
}

/// A field list under construction; values are reST already.
#[derive(Default)]
struct Fields(Vec<(String, String)>);

impl Fields {
    fn add(&mut self, name: &str, value: &str) {
        self.0.push((name.to_owned(), value.to_owned()));
    }

    /// A field of free text, escaped, when it is not empty.
    fn text(&mut self, name: &str, value: &str) {
        if !value.trim().is_empty() {
            self.add(name, &escape(value));
        }
    }

    fn opt(&mut self, name: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.text(name, value);
        }
    }
}

/// The document being written: blocks separated by exactly one blank line.
#[derive(Default)]
struct Doc {
    out: String,
    /// The next block continues the current line's construct (a definition after its term).
    tight: bool,
}

impl Doc {
    /// Starts a new block: one blank line after the previous one, unless it must follow tightly.
    fn block(&mut self) {
        if std::mem::take(&mut self.tight) {
            return;
        }
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn line(&mut self, indent: &str, line: &str) {
        let line = line.trim_end();
        if line.is_empty() {
            self.out.push('\n');
        } else {
            let _ = writeln!(self.out, "{indent}{line}");
        }
    }

    fn title(&mut self, title: &str, underline: char) {
        self.block();
        self.line("", title);
        let width = title.chars().count();
        self.line("", &underline.to_string().repeat(width));
    }

    /// Free text as paragraphs (escaped). A run of `- ` lines becomes a bullet list, with the
    /// blank lines around it that reST needs.
    fn paragraphs(&mut self, indent: &str, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        self.block();
        let mut prev: Option<bool> = None; // Whether the previous non-blank line was a bullet.
        for line in text.lines() {
            let line = line.trim_end();
            if line.is_empty() {
                self.out.push('\n');
                prev = None;
                continue;
            }
            let bullet = line.starts_with("- ");
            if prev.is_some_and(|p| p != bullet) {
                self.out.push('\n');
            }
            let escaped = if bullet {
                format!("- {}", escape(&line[2..]))
            } else {
                escape(line)
            };
            self.line(indent, &escaped);
            prev = Some(bullet);
        }
    }

    fn fields(&mut self, indent: &str, fields: &Fields) {
        if fields.0.is_empty() {
            return;
        }
        self.block();
        for (name, value) in &fields.0 {
            let mut lines = value.lines();
            self.line(indent, &format!(":{name}: {}", lines.next().unwrap_or("")));
            for rest in lines {
                self.line(&format!("{indent}{BODY}"), rest);
            }
        }
    }

    fn entry(&mut self, entry: &Entry<'_>) {
        self.block();
        self.line("", &entry.term);
        // The body follows the term directly: no blank line in between.
        self.tight = true;
        let mut body = false;
        for text in entry.text.iter().filter(|t| !t.trim().is_empty()) {
            self.paragraphs(BODY, text);
            body = true;
        }
        if !entry.fields.0.is_empty() {
            self.fields(BODY, &entry.fields);
            body = true;
        }
        if !body {
            self.line(BODY, "(no details)");
        }
        self.tight = false;
    }

    fn code_block(&mut self, code: &str) {
        self.block();
        self.line("", ".. code-block:: c");
        self.out.push('\n');
        for line in code.lines() {
            self.line(BODY, line);
        }
    }

    fn finish(mut self) -> String {
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        self.out
    }
}

/// Inline literal text (``x``), or escaped text when a literal cannot hold it.
fn literal(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() || text.contains("``") || text.contains('\n') {
        escape(text)
    } else {
        format!("``{text}``")
    }
}

/// Free text with the characters reST would read as inline markup escaped: `\`, `*`, `` ` ``,
/// `|`, and `_` at the end of a word (a reference).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '*' | '`' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '_' if !chars
                .peek()
                .is_some_and(|n| n.is_alphanumeric() || *n == '_') =>
            {
                out.push_str("\\_");
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample_spec;
    use expect_test::expect;

    #[test]
    fn details_of_every_kind_of_entry() {
        let rst = render_rst_details(&sample_spec());
        assert!(
            rst.lines().all(|l| l == l.trim_end()),
            "trailing white space"
        );
        expect![[r#"
            sys_frob
            ========

            Frobnicate a buffer

            Copies the frob state into buf.

            The state is one of:

            - idle
            - busy

            :API type: syscall
            :Contexts: ``KAPI_CTX_PROCESS``, ``KAPI_CTX_SLEEPABLE``

            Parameters
            ----------

            ``fd`` (``unsigned int fd``)
               File descriptor

               :Index: 0
               :Type: ``KAPI_TYPE_FD``
               :Flags: IN
               :Constraint type: ``KAPI_CONSTRAINT_RANGE``
               :Range: >= 0

            ``buf`` (``char __user * buf``)
               Output buffer

               :Index: 1
               :Type: ``KAPI_TYPE_USER_PTR``
               :Flags: OUT | USER
               :Constraint type: ``KAPI_CONSTRAINT_BUFFER``
               :Size parameter: 2 (``len``)
               :Constraint: Must be writable for len bytes.

            ``len`` (``size_t len``)
               Buffer length

               :Index: 2
               :Type: ``KAPI_TYPE_UINT``
               :Flags: IN
               :Constraint type: ``KAPI_CONSTRAINT_RANGE``
               :Range: 1 to 4096

            Return value
            ------------

            :Type: ``int`` (``KAPI_TYPE_INT``)
            :Check: ``KAPI_RETURN_RANGE``
            :Success: >= 0

            Bytes written.

            Errors
            ------

            ``EBADF`` (-9)
               Bad file descriptor

               fd is not open.

            ``EINTR`` (-4)
               (no details)

            Locks
            -----

            ``frob_lock``
               :Type: ``KAPI_LOCK_MUTEX``
               :Scope: ``KAPI_LOCK_INTERNAL``

            Side effects
            ------------

            ``file->f_pos``
               :Effects: ``KAPI_EFFECT_MODIFY_STATE``, ``KAPI_EFFECT_FILE_POSITION``
               :Reversible: no

            Capabilities
            ------------

            ``CAP_SYS_ADMIN``
               :Number: 21
               :Action: ``KAPI_CAP_BYPASS_CHECK``
               :Allows: Frobbing another user's file
               :Without it: Only own files
               :Condition: fd is not owned by the caller

            Signals
            -------

            Any signal
               A pending signal ends the wait.

               :Direction: ``KAPI_SIGNAL_RECEIVE``
               :Action: ``KAPI_SIGNAL_ACTION_RETURN``
               :Timing: ``KAPI_SIGNAL_TIME_DURING``
               :Interruptible: yes
               :Error on signal: -4 (``EINTR``)

            State transitions
            -----------------

            ``file``
               The file remembers it was frobbed.

               :From: ``idle``
               :To: ``frobbed``

            Constraints
            -----------

            Frob limit
               At most 16 frobs per second.

               :Expression: ``rate <= 16``

            Examples
            --------

            .. code-block:: c

               n = frob(fd, buf, sizeof(buf));
               if (n < 0)
                   perror("frob");

            Notes
            -----

            Frobbing is not atomic.
        "#]]
        .assert_eq(&rst);
    }

    #[test]
    fn document_of_several_apis_and_escaping() {
        let helper = Spec {
            name: "frob_helper".into(),
            description: Some("Frob *all* the |things| in dir_".into()),
            errors: vec![ErrorSpec {
                error_code: -22,
                name: "EINVAL".into(),
                ..ErrorSpec::default()
            }],
            ..Spec::default()
        };
        let nop = Spec {
            name: "sys_nop".into(),
            api_type: ApiKind::Syscall,
            ..Spec::default()
        };
        expect![[r#"
            sys_nop
            =======

            :API type: syscall

            frob_helper
            ===========

            Frob \*all\* the \|things\| in dir\_

            :API type: function

            Errors
            ------

            ``EINVAL`` (-22)
               (no details)
        "#]]
        .assert_eq(&render_rst(&[helper, nop]));
        assert_eq!(render_rst(&[]), "");
    }

    #[test]
    fn escaping() {
        assert_eq!(
            escape(r"a*b `c` d|e f\g x_y z_ _"),
            r"a\*b \`c\` d\|e f\\g x_y z\_ \_"
        );
        assert_eq!(literal("KAPI_CTX_*"), "``KAPI_CTX_*``");
        assert_eq!(literal("a``b"), r"a\`\`b");
    }
}
