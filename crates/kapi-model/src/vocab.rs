//! The KAPI vocabularies (parameter types, flags, contexts, constraints, locks, side effects,
//! return checks, signals, capability actions, errno names, capabilities): their spellings,
//! numeric values in the newest `include/linux/kernel_api_spec.h`, and one-line meanings, shared
//! by lowering, diagnostics, completion and hover.

use crate::suggest::did_you_mean;

/// One vocabulary entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term {
    /// The canonical spelling, e.g. "KAPI_TYPE_USER_PTR", "EINVAL", "CAP_SYS_ADMIN", "range".
    pub long: &'static str,
    /// Short forms matched ASCII-case-insensitively, e.g. ["user_ptr", "uptr"].
    pub aliases: &'static [&'static str],
    /// Short forms matched case-sensitively only (flags: "IN", "OUT").
    pub exact_aliases: &'static [&'static str],
    /// Numeric value in the newest kernel header (errno: negative, e.g. -22).
    pub value: i64,
    /// One-line meaning for hover/completion.
    pub doc: &'static str,
    /// Upstream quirk or version note.
    pub note: Option<&'static str>,
    /// False when the upstream Rust extractor (`kapi`) does NOT recognise it (errnos missing from
    /// its table: it maps them to 0).
    pub upstream: bool,
}

impl Term {
    /// Every spelling of this term: the long name, then the aliases, then the exact aliases.
    pub fn spellings(&self) -> impl Iterator<Item = &'static str> + '_ {
        std::iter::once(self.long)
            .chain(self.aliases.iter().copied())
            .chain(self.exact_aliases.iter().copied())
    }

    const fn with_note(self, note: &'static str) -> Term {
        Term {
            note: Some(note),
            ..self
        }
    }

    const fn with_exact(self, exact_aliases: &'static [&'static str]) -> Term {
        Term {
            exact_aliases,
            ..self
        }
    }
}

/// A term with case-insensitive aliases, recognised upstream, without a note.
const fn t(
    long: &'static str,
    aliases: &'static [&'static str],
    value: i64,
    doc: &'static str,
) -> Term {
    Term {
        long,
        aliases,
        exact_aliases: &[],
        value,
        doc,
        note: None,
        upstream: true,
    }
}

/// Which vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VocabId {
    ParamType,
    ParamFlag,
    Context,
    ConstraintType,
    ConstraintForm,
    LockType,
    LockScope,
    EffectType,
    ReturnCheck,
    SignalDirection,
    SignalAction,
    SignalTiming,
    SignalState,
    SignalQueue,
    CapAction,
    Errno,
    Capability,
}

/// One vocabulary: a closed set of names with their numeric values.
#[derive(Debug)]
pub struct Vocab {
    pub id: VocabId,
    /// What a term of this vocabulary is, e.g. "parameter type".
    pub title: &'static str,
    pub terms: &'static [Term],
}

/// How a did-you-mean candidate is spelt relative to its term.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Long,
    Alias,
    Exact,
}

/// Spellings that are not in any header but turn up in real specs (or are natural C type
/// names), mapped to the long name of the term to suggest instead (§7.3: `KAPI_TYPE_ULONG`).
/// Matched ASCII-case-insensitively.
const KNOWN_MISTAKES: &[(VocabId, &str, &str)] = &[
    (VocabId::ParamType, "KAPI_TYPE_ULONG", "KAPI_TYPE_UINT"),
    (VocabId::ParamType, "KAPI_TYPE_LONG", "KAPI_TYPE_INT"),
    (VocabId::ParamType, "KAPI_TYPE_SIZE_T", "KAPI_TYPE_UINT"),
    (VocabId::ParamType, "ulong", "KAPI_TYPE_UINT"),
    (VocabId::ParamType, "long", "KAPI_TYPE_INT"),
    (VocabId::ParamType, "unsigned", "KAPI_TYPE_UINT"),
    (VocabId::ParamType, "unsigned int", "KAPI_TYPE_UINT"),
    (VocabId::ParamType, "unsigned long", "KAPI_TYPE_UINT"),
    (VocabId::ParamType, "size_t", "KAPI_TYPE_UINT"),
    (VocabId::ParamType, "ssize_t", "KAPI_TYPE_INT"),
    (VocabId::ParamType, "loff_t", "KAPI_TYPE_INT"),
    (VocabId::ParamType, "u32", "KAPI_TYPE_UINT"),
    (VocabId::ParamType, "u64", "KAPI_TYPE_UINT"),
    (VocabId::ParamType, "s32", "KAPI_TYPE_INT"),
    (VocabId::ParamType, "s64", "KAPI_TYPE_INT"),
    (VocabId::ParamFlag, "in", "KAPI_PARAM_IN"),
    (VocabId::ParamFlag, "out", "KAPI_PARAM_OUT"),
];

fn starts_with_kapi(token: &str) -> bool {
    token
        .get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case("KAPI_"))
}

impl Vocab {
    /// The vocabulary with this id.
    pub fn get(id: VocabId) -> &'static Vocab {
        match id {
            VocabId::ParamType => &PARAM_TYPE,
            VocabId::ParamFlag => &PARAM_FLAG,
            VocabId::Context => &CONTEXT,
            VocabId::ConstraintType => &CONSTRAINT_TYPE,
            VocabId::ConstraintForm => &CONSTRAINT_FORM,
            VocabId::LockType => &LOCK_TYPE,
            VocabId::LockScope => &LOCK_SCOPE,
            VocabId::EffectType => &EFFECT_TYPE,
            VocabId::ReturnCheck => &RETURN_CHECK,
            VocabId::SignalDirection => &SIGNAL_DIRECTION,
            VocabId::SignalAction => &SIGNAL_ACTION,
            VocabId::SignalTiming => &SIGNAL_TIMING,
            VocabId::SignalState => &SIGNAL_STATE,
            VocabId::SignalQueue => &SIGNAL_QUEUE,
            VocabId::CapAction => &CAP_ACTION,
            VocabId::Errno => &ERRNO,
            VocabId::Capability => &CAPABILITY,
        }
    }

    /// Upstream Rust-extractor matching: `long` compared exactly (case-sensitive), `aliases`
    /// ASCII-case-insensitively, `exact_aliases` exactly. Token is trimmed first.
    ///
    /// Two vocabularies follow their upstream reader more closely: constraint call forms
    /// ([`VocabId::ConstraintForm`]) compare the call name case-insensitively, and signal
    /// process states ([`VocabId::SignalState`]) also accept the `KAPI_SIGNAL_STATE_` prefix in
    /// front of a case-insensitive state name (`KAPI_SIGNAL_STATE_running`).
    pub fn lookup(&self, token: &str) -> Option<&'static Term> {
        let token = token.trim();
        if token.is_empty() {
            return None;
        }
        let terms: &'static [Term] = self.terms;
        let long_ci = self.id == VocabId::ConstraintForm;
        if let Some(term) = terms
            .iter()
            .find(|term| term.long == token || (long_ci && term.long.eq_ignore_ascii_case(token)))
        {
            return Some(term);
        }
        let short = match self.id {
            VocabId::SignalState => token.trim_start_matches("KAPI_SIGNAL_STATE_"),
            _ => token,
        };
        terms.iter().find(|term| {
            term.aliases.iter().any(|a| a.eq_ignore_ascii_case(short))
                || term.exact_aliases.contains(&short)
        })
    }

    /// Did-you-mean over long names and aliases (see [`did_you_mean`]). Returns the spelling to
    /// suggest, or `None` when the token is already valid or nothing is close enough.
    ///
    /// A token with a `KAPI_` prefix (in any case, so `kapi_type_int` gets `KAPI_TYPE_INT`) gets
    /// the long name. A lower-case token gets a short form: the alias it resembles, else the
    /// term's first alias (`in` → `input`). Any other token gets the short form it resembles, or
    /// the long name when it resembles the long name. Errno names and capabilities have no
    /// short forms; constraint call forms always get the call name they resemble. A few known
    /// mistakes are mapped directly, e.g. `KAPI_TYPE_ULONG` → `KAPI_TYPE_UINT`, `long` → `int`.
    pub fn suggest(&self, token: &str) -> Option<&'static str> {
        let token = token.trim();
        if token.is_empty() || self.lookup(token).is_some() {
            return None;
        }
        let terms: &'static [Term] = self.terms;
        let known = KNOWN_MISTAKES
            .iter()
            .find(|(id, wrong, _)| *id == self.id && wrong.eq_ignore_ascii_case(token))
            .and_then(|(_, _, right)| terms.iter().find(|term| term.long == *right))
            .map(|term| (term.long, term, Kind::Long));
        let (spelling, term, kind) = match known {
            Some(found) => found,
            None => {
                let mut cands: Vec<(&'static str, &'static Term, Kind)> = Vec::new();
                for term in terms {
                    cands.push((term.long, term, Kind::Long));
                    cands.extend(term.aliases.iter().map(|a| (*a, term, Kind::Alias)));
                    cands.extend(term.exact_aliases.iter().map(|a| (*a, term, Kind::Exact)));
                }
                // A truncated name (`KAPI_EFFECT_PROCESS` for `KAPI_EFFECT_PROCESS_STATE`) is
                // a better guess than whatever happens to be a few edits away.
                let lower = token.to_ascii_lowercase();
                let mut extending = cands
                    .iter()
                    .filter(|c| token.len() >= 4 && c.0.to_ascii_lowercase().starts_with(&lower));
                match (extending.next(), extending.next()) {
                    (Some(only), None) => *only,
                    _ => {
                        let best = did_you_mean(token, cands.iter().map(|c| c.0))?;
                        *cands.iter().find(|c| c.0 == best)?
                    }
                }
            }
        };
        if self.id == VocabId::ConstraintForm {
            return Some(spelling);
        }
        if starts_with_kapi(token) || (term.aliases.is_empty() && term.exact_aliases.is_empty()) {
            return Some(term.long);
        }
        let lower = !token.chars().any(|c| c.is_ascii_uppercase());
        Some(match kind {
            Kind::Alias => spelling,
            Kind::Exact if !lower => spelling,
            _ if lower => term
                .aliases
                .first()
                .or(term.exact_aliases.first())
                .copied()
                .unwrap_or(term.long),
            _ => term.long,
        })
    }

    /// The term with this numeric value (first one), for rendering numbers back to names.
    pub fn by_value(&self, value: i64) -> Option<&'static Term> {
        let terms: &'static [Term] = self.terms;
        terms.iter().find(|term| term.value == value)
    }

    /// Every spelling of every term, in table order (long name, aliases, exact aliases).
    pub fn spellings(&self) -> impl Iterator<Item = &'static str> {
        let terms: &'static [Term] = self.terms;
        terms.iter().flat_map(Term::spellings)
    }
}

/// Every vocabulary, for completion/hover that search all of them.
pub fn all() -> &'static [&'static Vocab] {
    &ALL
}

static ALL: [&Vocab; 17] = [
    &PARAM_TYPE,
    &PARAM_FLAG,
    &CONTEXT,
    &CONSTRAINT_TYPE,
    &CONSTRAINT_FORM,
    &LOCK_TYPE,
    &LOCK_SCOPE,
    &EFFECT_TYPE,
    &RETURN_CHECK,
    &SIGNAL_DIRECTION,
    &SIGNAL_ACTION,
    &SIGNAL_TIMING,
    &SIGNAL_STATE,
    &SIGNAL_QUEUE,
    &CAP_ACTION,
    &ERRNO,
    &CAPABILITY,
];

// ------------------------------------------------------------------------------------------
// Constraint call forms
// ------------------------------------------------------------------------------------------

/// How many arguments a constraint call form takes: at least `min`, at most `max` (`None`: no
/// upper bound). A form with `max == Some(0)` must be written without parentheses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormArity {
    pub min: usize,
    pub max: Option<usize>,
}

/// The argument count of a `constraint-type:` call form (name compared case-insensitively),
/// or `None` for an unknown name.
pub fn form_arity(name: &str) -> Option<FormArity> {
    let (min, max) = match name.trim().to_ascii_lowercase().as_str() {
        "range" => (2, Some(2)),
        "mask" | "alignment" | "align" | "buffer" => (1, Some(1)),
        "enum" => (1, None),
        "power_of_two" | "page_aligned" | "nonzero" | "user_path" | "user_ptr" => (0, Some(0)),
        "user_string" | "custom" => (0, Some(1)),
        _ => return None,
    };
    Some(FormArity { min, max })
}

/// An LSP snippet (`$1`-style placeholders) for a `constraint-type:` call form, e.g.
/// `range(${1:min}, ${2:max})`; the empty string for an unknown name.
pub fn form_snippet(name: &str) -> &'static str {
    match name.trim().to_ascii_lowercase().as_str() {
        "range" => "range(${1:min}, ${2:max})",
        "mask" => "mask(${1:valid_bits})",
        "enum" => "enum(${1:value1}, ${2:value2})",
        "alignment" => "alignment(${1:bytes})",
        "align" => "align(${1:bytes})",
        "power_of_two" => "power_of_two",
        "page_aligned" => "page_aligned",
        "nonzero" => "nonzero",
        "user_string" => "user_string(${1:size})",
        "user_path" => "user_path",
        "user_ptr" => "user_ptr",
        "buffer" => "buffer(${1:size_param_index})",
        "custom" => "custom(${1:check_fn})",
        _ => "",
    }
}

// ------------------------------------------------------------------------------------------
// The tables (values from the newest include/linux/kernel_api_spec.h)
// ------------------------------------------------------------------------------------------

const USER_IMPLIED: &str =
    "Implies KAPI_PARAM_USER: the Rust tool sets the USER flag for this type by itself.";

#[rustfmt::skip]
pub static PARAM_TYPE: Vocab = Vocab {
    id: VocabId::ParamType,
    title: "parameter type",
    terms: &[
        t("KAPI_TYPE_VOID", &["void"], 0, "No value (void); also what any unknown type name is read as.")
            .with_note("The short form `void` is read only by the Rust tool; the Python build path passes it through verbatim, which breaks the C build. Unknown names (e.g. KAPI_TYPE_ULONG, long) silently become VOID (0)."),
        t("KAPI_TYPE_INT", &["int"], 1, "Signed integer (int, long, s32, s64, loff_t, ...)."),
        t("KAPI_TYPE_UINT", &["uint"], 2, "Unsigned integer (unsigned int, unsigned long, size_t, u32, u64, ...)."),
        t("KAPI_TYPE_PTR", &["ptr"], 3, "Pointer to kernel memory."),
        t("KAPI_TYPE_STRUCT", &["struct"], 4, "Structure (name it with struct-type:)."),
        t("KAPI_TYPE_UNION", &["union"], 5, "Union."),
        t("KAPI_TYPE_ENUM", &["enum"], 6, "Enumeration value."),
        t("KAPI_TYPE_FUNC_PTR", &["func_ptr"], 7, "Function pointer."),
        t("KAPI_TYPE_ARRAY", &["array"], 8, "Array of elements."),
        t("KAPI_TYPE_FD", &["fd"], 9, "File descriptor number, checked to be an open file of the caller."),
        t("KAPI_TYPE_USER_PTR", &["user_ptr", "uptr"], 10, "Pointer into user-space memory (__user), accessed with copy_from_user()/copy_to_user().")
            .with_note(USER_IMPLIED),
        t("KAPI_TYPE_PATH", &["path"], 11, "Pathname string in user-space memory, resolved by the VFS.")
            .with_note(USER_IMPLIED),
        t("KAPI_TYPE_CUSTOM", &["custom"], 12, "Custom type with its own validation."),
    ],
};

const IN_OUT_NOTE: &str = "Rust accepts only upper-case IN/OUT and input/output in any case; lower-case `in`/`out` are read only by the Python build path (Rust reads them as 0).";

#[rustfmt::skip]
pub static PARAM_FLAG: Vocab = Vocab {
    id: VocabId::ParamFlag,
    title: "parameter flag",
    terms: &[
        t("KAPI_PARAM_IN", &["input"], 1, "Input: the API reads this parameter (or the memory it points to).")
            .with_exact(&["IN"])
            .with_note(IN_OUT_NOTE),
        t("KAPI_PARAM_OUT", &["output"], 2, "Output: the API writes the memory this parameter points to.")
            .with_exact(&["OUT"])
            .with_note(IN_OUT_NOTE),
        t("KAPI_PARAM_INOUT", &["inout"], 3, "Both read and written by the API (IN | OUT).")
            .with_note("3 (= IN | OUT) in the newest header; the 2025 RFC headers defined INOUT as 1 << 2 (4)."),
        t("KAPI_PARAM_OPTIONAL", &["optional"], 8, "Optional: may be NULL or 0 to mean \"not given\"."),
        t("KAPI_PARAM_CONST", &["const"], 16, "Not modified by the API (const)."),
        t("KAPI_PARAM_VOLATILE", &["volatile"], 32, "Volatile: may change while the API runs."),
        t("KAPI_PARAM_USER", &["user"], 64, "Points into user-space memory (__user)."),
        t("KAPI_PARAM_DMA", &["dma"], 128, "Refers to memory used for DMA."),
        t("KAPI_PARAM_ALIGNED", &["aligned"], 256, "Must satisfy an alignment requirement (see alignment:)."),
    ],
};

#[rustfmt::skip]
pub static CONTEXT: Vocab = Vocab {
    id: VocabId::Context,
    title: "execution context",
    terms: &[
        t("KAPI_CTX_PROCESS", &["process"], 1, "Callable from process (task) context."),
        t("KAPI_CTX_SOFTIRQ", &["softirq"], 1 << 1, "Callable from softirq (bottom-half) context."),
        t("KAPI_CTX_HARDIRQ", &["hardirq"], 1 << 2, "Callable from hard interrupt context."),
        t("KAPI_CTX_NMI", &["nmi"], 1 << 3, "Callable from NMI context."),
        t("KAPI_CTX_ATOMIC", &["atomic"], 1 << 4, "Callable in atomic context: the API does not sleep."),
        t("KAPI_CTX_SLEEPABLE", &["sleepable"], 1 << 5, "May sleep: the caller must be in a context that allows sleeping."),
        t("KAPI_CTX_PREEMPT_DISABLED", &["preempt_disabled"], 1 << 6, "Callable with preemption disabled."),
        t("KAPI_CTX_IRQ_DISABLED", &["irq_disabled"], 1 << 7, "Callable with local interrupts disabled."),
    ],
};

const NOT_IN_RFC: &str = "Not in the 2025 RFC headers, whose constraint types were only NONE, RANGE, MASK, ENUM and CUSTOM (4).";

#[rustfmt::skip]
pub static CONSTRAINT_TYPE: Vocab = Vocab {
    id: VocabId::ConstraintType,
    title: "constraint type",
    terms: &[
        t("KAPI_CONSTRAINT_NONE", &[], 0, "No constraint on the value."),
        t("KAPI_CONSTRAINT_RANGE", &[], 1, "Value must lie in [min, max] (range: min, max)."),
        t("KAPI_CONSTRAINT_MASK", &[], 2, "Only the bits in valid-mask may be set."),
        t("KAPI_CONSTRAINT_ENUM", &[], 3, "Value must be one of valid-values."),
        t("KAPI_CONSTRAINT_ALIGNMENT", &[], 4, "Value must be aligned to alignment: bytes.").with_note(NOT_IN_RFC),
        t("KAPI_CONSTRAINT_POWER_OF_TWO", &[], 5, "Value must be a power of two.").with_note(NOT_IN_RFC),
        t("KAPI_CONSTRAINT_PAGE_ALIGNED", &[], 6, "Value must be a multiple of PAGE_SIZE.").with_note(NOT_IN_RFC),
        t("KAPI_CONSTRAINT_NONZERO", &[], 7, "Value must not be zero.").with_note(NOT_IN_RFC),
        t("KAPI_CONSTRAINT_USER_STRING", &[], 8, "NUL-terminated string in user memory; length limits come from range:.").with_note(NOT_IN_RFC),
        t("KAPI_CONSTRAINT_USER_PATH", &[], 9, "Pathname string in user memory.").with_note(NOT_IN_RFC),
        t("KAPI_CONSTRAINT_USER_PTR", &[], 10, "Must be a valid user-space pointer.").with_note(NOT_IN_RFC),
        t("KAPI_CONSTRAINT_BUFFER", &[], 11, "Buffer whose size is given by another parameter (size-param:).").with_note(NOT_IN_RFC),
        t("KAPI_CONSTRAINT_CUSTOM", &[], 12, "Checked by custom code described in constraint:.")
            .with_note("12 in the newest header; the 2025 RFC headers numbered CUSTOM 4."),
    ],
};

#[rustfmt::skip]
pub static CONSTRAINT_FORM: Vocab = Vocab {
    id: VocabId::ConstraintForm,
    title: "constraint form",
    terms: &[
        t("range", &[], 1, "range(min, max): value must lie in [min, max]; bounds are C integer literals (symbolic bounds are left unset)."),
        t("mask", &[], 2, "mask(bits): only these bits may be set; a symbolic expression leaves valid_mask unset."),
        t("enum", &[], 3, "enum(v1, v2, ...): value must be one of these; literals are stored in decimal, symbols as written."),
        t("alignment", &["align"], 4, "alignment(N) / align(N): value must be aligned to N bytes."),
        t("power_of_two", &[], 5, "power_of_two (no arguments): value must be a power of two."),
        t("page_aligned", &[], 6, "page_aligned (no arguments): value must be a multiple of PAGE_SIZE."),
        t("nonzero", &[], 7, "nonzero (no arguments): value must not be zero."),
        t("user_string", &[], 8, "user_string or user_string(N): NUL-terminated user string of size N; length limits come from range:."),
        t("user_path", &[], 9, "user_path (no arguments): pathname string in user memory."),
        t("user_ptr", &[], 10, "user_ptr (no arguments): must be a valid user-space pointer."),
        t("buffer", &[], 11, "buffer(idx): buffer sized by the parameter at 0-based index idx (like size-param:)."),
        t("custom", &[], 12, "custom or custom(fn): checked by custom code; fn becomes the constraint text, replacing any cdesc."),
    ],
};

#[rustfmt::skip]
pub static LOCK_TYPE: Vocab = Vocab {
    id: VocabId::LockType,
    title: "lock type",
    terms: &[
        t("KAPI_LOCK_NONE", &["none"], 0, "No lock, or lock type not given (also what an unknown type is read as)."),
        t("KAPI_LOCK_MUTEX", &["mutex"], 1, "struct mutex: sleeping lock, process context only."),
        t("KAPI_LOCK_SPINLOCK", &["spinlock"], 2, "spinlock_t: busy-waiting lock; the holder must not sleep."),
        t("KAPI_LOCK_RWLOCK", &["rwlock"], 3, "Reader-writer lock (rwlock_t): many readers or one writer."),
        t("KAPI_LOCK_SEQLOCK", &["seqlock"], 4, "Sequence lock (seqlock_t/seqcount_t): readers retry if a writer ran concurrently."),
        t("KAPI_LOCK_RCU", &["rcu"], 5, "RCU read-side critical section (rcu_read_lock()/rcu_read_unlock())."),
        t("KAPI_LOCK_SEMAPHORE", &["semaphore"], 6, "Semaphore (struct semaphore or rw_semaphore): sleeping lock."),
        t("KAPI_LOCK_CUSTOM", &["custom"], 7, "Another kind of lock, described in desc:."),
    ],
};

const SCOPE_NOTE: &str = "In scope: the Rust tool accepts only the exact lower-case word; anything else, including the KAPI_LOCK_* name, is read as internal (0). Python ignores scope:.";

#[rustfmt::skip]
pub static LOCK_SCOPE: Vocab = Vocab {
    id: VocabId::LockScope,
    title: "lock scope",
    terms: &[
        t("KAPI_LOCK_INTERNAL", &[], 0, "Taken and released inside the call (the default).")
            .with_exact(&["internal"])
            .with_note(SCOPE_NOTE),
        t("KAPI_LOCK_ACQUIRES", &[], 1, "Acquired by the call and still held on return; the caller must release it.")
            .with_exact(&["acquires"])
            .with_note(SCOPE_NOTE),
        t("KAPI_LOCK_RELEASES", &[], 2, "Held by the caller on entry and released by the call.")
            .with_exact(&["releases"])
            .with_note(SCOPE_NOTE),
        t("KAPI_LOCK_CALLER_HELD", &[], 3, "Must be held by the caller on entry; still held on return.")
            .with_exact(&["caller_held"])
            .with_note(SCOPE_NOTE),
    ],
};

#[rustfmt::skip]
pub static EFFECT_TYPE: Vocab = Vocab {
    id: VocabId::EffectType,
    title: "side effect",
    terms: &[
        t("KAPI_EFFECT_NONE", &["none"], 0, "No side effect."),
        t("KAPI_EFFECT_ALLOC_MEMORY", &["alloc_memory"], 1, "Allocates memory."),
        t("KAPI_EFFECT_FREE_MEMORY", &["free_memory"], 1 << 1, "Frees memory."),
        t("KAPI_EFFECT_MODIFY_STATE", &["modify_state"], 1 << 2, "Modifies kernel or object state that outlives the call."),
        t("KAPI_EFFECT_SIGNAL_SEND", &["signal_send"], 1 << 3, "Sends a signal."),
        t("KAPI_EFFECT_FILE_POSITION", &["file_position"], 1 << 4, "Moves a file position (f_pos)."),
        t("KAPI_EFFECT_LOCK_ACQUIRE", &["lock_acquire"], 1 << 5, "Acquires a lock that is still held on return."),
        t("KAPI_EFFECT_LOCK_RELEASE", &["lock_release"], 1 << 6, "Releases a lock that was held on entry."),
        t("KAPI_EFFECT_RESOURCE_CREATE", &["resource_create"], 1 << 7, "Creates a resource (file descriptor, object, mapping, ...)."),
        t("KAPI_EFFECT_RESOURCE_DESTROY", &["resource_destroy"], 1 << 8, "Destroys a resource."),
        t("KAPI_EFFECT_SCHEDULE", &["schedule"], 1 << 9, "May schedule: sleeps or yields the CPU."),
        t("KAPI_EFFECT_HARDWARE", &["hardware"], 1 << 10, "Changes hardware state."),
        t("KAPI_EFFECT_NETWORK", &["network"], 1 << 11, "Performs network I/O or changes network state."),
        t("KAPI_EFFECT_FILESYSTEM", &["filesystem"], 1 << 12, "Changes filesystem contents or metadata."),
        t("KAPI_EFFECT_PROCESS_STATE", &["process_state"], 1 << 13, "Changes process state (credentials, scheduling, lifetime, ...)."),
        t("KAPI_EFFECT_IRREVERSIBLE", &["irreversible"], 1 << 14, "Cannot be undone.")
            .with_note("Not in the 2025 RFC headers."),
    ],
};

#[rustfmt::skip]
pub static RETURN_CHECK: Vocab = Vocab {
    id: VocabId::ReturnCheck,
    title: "return check type",
    terms: &[
        t("KAPI_RETURN_EXACT", &["exact"], 0, "Success is one exact value (success: N); also what an unknown check type is read as."),
        t("KAPI_RETURN_RANGE", &["range"], 1, "Success is any value in a range (success: >= N)."),
        t("KAPI_RETURN_ERROR_CHECK", &["error_check"], 2, "Success is any value that is not one of the error codes."),
        t("KAPI_RETURN_FD", &["fd"], 3, "Returns a new file descriptor (>= 0) on success, a negative errno on failure."),
        t("KAPI_RETURN_CUSTOM", &["custom"], 4, "Success is decided by custom logic described in desc:."),
        t("KAPI_RETURN_NO_RETURN", &["no_return"], 5, "Does not return to the caller on success (e.g. exit, a successful execve).")
            .with_note("Not in the 2025 RFC headers."),
    ],
};

#[rustfmt::skip]
pub static SIGNAL_DIRECTION: Vocab = Vocab {
    id: VocabId::SignalDirection,
    title: "signal direction",
    terms: &[
        t("KAPI_SIGNAL_RECEIVE", &["receive"], 1, "The call may receive this signal (be interrupted by it).")
            .with_note("The default direction when a signal block has no direction:."),
        t("KAPI_SIGNAL_SEND", &["send"], 1 << 1, "The call sends this signal."),
        t("KAPI_SIGNAL_HANDLE", &["handle"], 1 << 2, "The call handles this signal itself."),
        t("KAPI_SIGNAL_BLOCK", &["block"], 1 << 3, "The call blocks this signal while it runs."),
        t("KAPI_SIGNAL_IGNORE", &["ignore"], 1 << 4, "The call ignores this signal."),
    ],
};

#[rustfmt::skip]
pub static SIGNAL_ACTION: Vocab = Vocab {
    id: VocabId::SignalAction,
    title: "signal action",
    terms: &[
        t("KAPI_SIGNAL_ACTION_DEFAULT", &["default"], 0, "The signal's default disposition applies.")
            .with_note("The Rust tool's default action; Python's default is RETURN (6)."),
        t("KAPI_SIGNAL_ACTION_TERMINATE", &["terminate"], 1, "The process is terminated."),
        t("KAPI_SIGNAL_ACTION_COREDUMP", &["coredump"], 2, "The process is terminated with a core dump."),
        t("KAPI_SIGNAL_ACTION_STOP", &["stop"], 3, "The process is stopped."),
        t("KAPI_SIGNAL_ACTION_CONTINUE", &["continue"], 4, "A stopped process is continued."),
        t("KAPI_SIGNAL_ACTION_CUSTOM", &["custom"], 5, "A custom handler runs."),
        t("KAPI_SIGNAL_ACTION_RETURN", &["return"], 6, "The call returns early, usually with the error given in errno: (e.g. -EINTR)."),
        t("KAPI_SIGNAL_ACTION_RESTART", &["restart"], 7, "The call is restarted after the signal is handled (-ERESTARTSYS)."),
        t("KAPI_SIGNAL_ACTION_QUEUE", &["queue"], 8, "The signal is queued for later delivery."),
        t("KAPI_SIGNAL_ACTION_DISCARD", &["discard"], 9, "The signal is discarded."),
        t("KAPI_SIGNAL_ACTION_TRANSFORM", &["transform"], 10, "The signal is turned into another signal (transform-to:)."),
    ],
};

const TIMING_NOTE: &str = "In the header, timing is a string (KAPI_SIGNAL_TIME_BEFORE is \"before\"; it also defines ENTRY, EXIT, ANYTIME, BLOCKING and SLEEPING); the Rust tool stores 0/1/2 and reads any other timing as 0.";

#[rustfmt::skip]
pub static SIGNAL_TIMING: Vocab = Vocab {
    id: VocabId::SignalTiming,
    title: "signal timing",
    terms: &[
        t("KAPI_SIGNAL_TIME_BEFORE", &["before"], 0, "The signal is checked or acts before the operation starts.")
            .with_note(TIMING_NOTE),
        t("KAPI_SIGNAL_TIME_DURING", &["during"], 1, "The signal can act while the operation is in progress (e.g. while blocked).")
            .with_note(TIMING_NOTE),
        t("KAPI_SIGNAL_TIME_AFTER", &["after"], 2, "The signal acts after the operation has completed.")
            .with_note(TIMING_NOTE),
    ],
};

#[rustfmt::skip]
pub static SIGNAL_STATE: Vocab = Vocab {
    id: VocabId::SignalState,
    title: "signal process state",
    terms: &[
        t("KAPI_SIGNAL_STATE_RUNNING", &["running"], 1, "The process is running or runnable."),
        t("KAPI_SIGNAL_STATE_SLEEPING", &["sleeping"], 1 << 1, "The process is sleeping (waiting)."),
        t("KAPI_SIGNAL_STATE_STOPPED", &["stopped"], 1 << 2, "The process is stopped (job control)."),
        t("KAPI_SIGNAL_STATE_TRACED", &["traced"], 1 << 3, "The process is stopped under ptrace."),
        t("KAPI_SIGNAL_STATE_ZOMBIE", &["zombie"], 1 << 4, "The process has exited but has not been reaped."),
        t("KAPI_SIGNAL_STATE_DEAD", &["dead"], 1 << 5, "The process is dead."),
    ],
};

const QUEUE_NOTE: &str = "The header defines the queue behaviours as strings (KAPI_SIGNAL_QUEUE_STANDARD is \"standard\"); the Rust tool keeps the queue: text as written. The number is only this table's index.";

#[rustfmt::skip]
pub static SIGNAL_QUEUE: Vocab = Vocab {
    id: VocabId::SignalQueue,
    title: "signal queue behaviour",
    terms: &[
        t("KAPI_SIGNAL_QUEUE_STANDARD", &["standard"], 0, "Standard signal: at most one instance is pending; repeats are merged.")
            .with_note(QUEUE_NOTE),
        t("KAPI_SIGNAL_QUEUE_REALTIME", &["realtime"], 1, "Real-time signal: every instance is queued, in order.")
            .with_note(QUEUE_NOTE),
        t("KAPI_SIGNAL_QUEUE_COALESCE", &["coalesce"], 2, "Pending instances are coalesced into one.")
            .with_note(QUEUE_NOTE),
        t("KAPI_SIGNAL_QUEUE_REPLACE", &["replace"], 3, "A new instance replaces the pending one.")
            .with_note(QUEUE_NOTE),
        t("KAPI_SIGNAL_QUEUE_DISCARD", &["discard"], 4, "New instances are discarded.")
            .with_note(QUEUE_NOTE),
    ],
};

#[rustfmt::skip]
pub static CAP_ACTION: Vocab = Vocab {
    id: VocabId::CapAction,
    title: "capability action",
    terms: &[
        t("KAPI_CAP_BYPASS_CHECK", &["bypass_check"], 0, "The capability bypasses a permission check."),
        t("KAPI_CAP_INCREASE_LIMIT", &["increase_limit"], 1, "The capability raises a limit (resource limit, size or count)."),
        t("KAPI_CAP_OVERRIDE_RESTRICTION", &["override_restriction"], 2, "The capability overrides a restriction that otherwise applies."),
        t("KAPI_CAP_GRANT_PERMISSION", &["grant_permission"], 3, "The capability grants permission for an operation otherwise denied."),
        t("KAPI_CAP_MODIFY_BEHAVIOR", &["modify_behavior"], 4, "The capability changes how the call behaves."),
        t("KAPI_CAP_ACCESS_RESOURCE", &["access_resource"], 5, "The capability allows access to a restricted resource."),
        t("KAPI_CAP_PERFORM_OPERATION", &["perform_operation"], 6, "The capability is required to perform the operation at all.")
            .with_note("Python's default when a capability block has no type:."),
    ],
};

/// Recognised by the upstream Rust extractor's errno table (§6.3).
const U: bool = true;
/// Not in the upstream Rust extractor's errno table: it records error code 0.
const X: bool = false;

const ERRNO_UNKNOWN_UPSTREAM: &str =
    "the upstream kapi tool does not know this name and records error code 0";

/// An errno term: `number` is the positive errno, stored negated.
const fn e(upstream: bool, long: &'static str, number: i64, doc: &'static str) -> Term {
    Term {
        long,
        aliases: &[],
        exact_aliases: &[],
        value: -number,
        doc,
        note: if upstream {
            None
        } else {
            Some(ERRNO_UNKNOWN_UPSTREAM)
        },
        upstream,
    }
}

/// Every Linux errno name: asm-generic/errno-base.h, asm-generic/errno.h (with the aliases
/// EWOULDBLOCK, EDEADLOCK and the libc name ENOTSUP) and the kernel-internal codes of
/// include/linux/errno.h, which must never reach user space.
#[rustfmt::skip]
pub static ERRNO: Vocab = Vocab {
    id: VocabId::Errno,
    title: "error code",
    terms: &[
        // asm-generic/errno-base.h
        e(U, "EPERM", 1, "Operation not permitted: the caller lacks the privilege (often a missing capability)."),
        e(U, "ENOENT", 2, "No such file or directory (or no such object)."),
        e(U, "ESRCH", 3, "No such process."),
        e(U, "EINTR", 4, "Interrupted system call: a signal arrived before the call completed."),
        e(U, "EIO", 5, "I/O error."),
        e(U, "ENXIO", 6, "No such device or address."),
        e(U, "E2BIG", 7, "Argument list too long."),
        e(U, "ENOEXEC", 8, "Exec format error."),
        e(U, "EBADF", 9, "Bad file descriptor: not open, or not open in the needed mode."),
        e(U, "ECHILD", 10, "No child processes."),
        e(U, "EAGAIN", 11, "Try again: resource temporarily unavailable, or the operation would block."),
        e(U, "ENOMEM", 12, "Out of memory."),
        e(U, "EACCES", 13, "Permission denied by file or object permissions."),
        e(U, "EFAULT", 14, "Bad address: a user pointer is invalid or not accessible."),
        e(U, "ENOTBLK", 15, "Block device required."),
        e(U, "EBUSY", 16, "Device or resource busy."),
        e(U, "EEXIST", 17, "File exists."),
        e(U, "EXDEV", 18, "Cross-device link."),
        e(U, "ENODEV", 19, "No such device."),
        e(U, "ENOTDIR", 20, "Not a directory."),
        e(U, "EISDIR", 21, "Is a directory."),
        e(U, "EINVAL", 22, "Invalid argument."),
        e(U, "ENFILE", 23, "File table overflow: too many open files in the system."),
        e(U, "EMFILE", 24, "Too many open files in this process (RLIMIT_NOFILE)."),
        e(U, "ENOTTY", 25, "Inappropriate ioctl for device (\"not a typewriter\")."),
        e(U, "ETXTBSY", 26, "Text file busy: the file is being executed."),
        e(U, "EFBIG", 27, "File too large."),
        e(U, "ENOSPC", 28, "No space left on device."),
        e(U, "ESPIPE", 29, "Illegal seek (pipe, socket or FIFO)."),
        e(U, "EROFS", 30, "Read-only file system."),
        e(U, "EMLINK", 31, "Too many links."),
        e(U, "EPIPE", 32, "Broken pipe: no reader on the other end."),
        e(U, "EDOM", 33, "Math argument out of domain of function."),
        e(U, "ERANGE", 34, "Math result not representable (result out of range)."),
        // asm-generic/errno.h
        e(U, "EDEADLK", 35, "Resource deadlock would occur."),
        e(U, "ENAMETOOLONG", 36, "File name too long."),
        e(U, "ENOLCK", 37, "No record locks available."),
        e(U, "ENOSYS", 38, "Invalid system call number (function not implemented)."),
        e(U, "ENOTEMPTY", 39, "Directory not empty."),
        e(U, "ELOOP", 40, "Too many symbolic links encountered."),
        e(U, "EWOULDBLOCK", 11, "Operation would block (same value as EAGAIN)."),
        e(U, "ENOMSG", 42, "No message of desired type."),
        e(X, "EIDRM", 43, "Identifier removed."),
        e(X, "ECHRNG", 44, "Channel number out of range."),
        e(X, "EL2NSYNC", 45, "Level 2 not synchronized."),
        e(X, "EL3HLT", 46, "Level 3 halted."),
        e(X, "EL3RST", 47, "Level 3 reset."),
        e(X, "ELNRNG", 48, "Link number out of range."),
        e(X, "EUNATCH", 49, "Protocol driver not attached."),
        e(X, "ENOCSI", 50, "No CSI structure available."),
        e(X, "EL2HLT", 51, "Level 2 halted."),
        e(X, "EBADE", 52, "Invalid exchange."),
        e(X, "EBADR", 53, "Invalid request descriptor."),
        e(X, "EXFULL", 54, "Exchange full."),
        e(X, "ENOANO", 55, "No anode."),
        e(X, "EBADRQC", 56, "Invalid request code."),
        e(X, "EBADSLT", 57, "Invalid slot."),
        e(X, "EDEADLOCK", 35, "Resource deadlock would occur (same value as EDEADLK)."),
        e(X, "EBFONT", 59, "Bad font file format."),
        e(X, "ENOSTR", 60, "Device not a stream."),
        e(U, "ENODATA", 61, "No data available (e.g. no such extended attribute)."),
        e(X, "ETIME", 62, "Timer expired."),
        e(X, "ENOSR", 63, "Out of streams resources."),
        e(X, "ENONET", 64, "Machine is not on the network."),
        e(X, "ENOPKG", 65, "Package not installed."),
        e(X, "EREMOTE", 66, "Object is remote."),
        e(U, "ENOLINK", 67, "Link has been severed."),
        e(X, "EADV", 68, "Advertise error."),
        e(X, "ESRMNT", 69, "Srmount error."),
        e(X, "ECOMM", 70, "Communication error on send."),
        e(U, "EPROTO", 71, "Protocol error."),
        e(X, "EMULTIHOP", 72, "Multihop attempted."),
        e(X, "EDOTDOT", 73, "RFS specific error."),
        e(X, "EBADMSG", 74, "Not a data message (bad message)."),
        e(U, "EOVERFLOW", 75, "Value too large for defined data type."),
        e(X, "ENOTUNIQ", 76, "Name not unique on network."),
        e(X, "EBADFD", 77, "File descriptor in bad state."),
        e(X, "EREMCHG", 78, "Remote address changed."),
        e(X, "ELIBACC", 79, "Cannot access a needed shared library."),
        e(U, "ELIBBAD", 80, "Accessing a corrupted shared library."),
        e(X, "ELIBSCN", 81, ".lib section in a.out corrupted."),
        e(X, "ELIBMAX", 82, "Attempting to link in too many shared libraries."),
        e(X, "ELIBEXEC", 83, "Cannot exec a shared library directly."),
        e(U, "EILSEQ", 84, "Illegal byte sequence."),
        e(X, "ERESTART", 85, "Interrupted system call should be restarted."),
        e(X, "ESTRPIPE", 86, "Streams pipe error."),
        e(X, "EUSERS", 87, "Too many users."),
        e(U, "ENOTSOCK", 88, "Socket operation on non-socket."),
        e(U, "EDESTADDRREQ", 89, "Destination address required."),
        e(U, "EMSGSIZE", 90, "Message too long."),
        e(U, "EPROTOTYPE", 91, "Protocol wrong type for socket."),
        e(U, "ENOPROTOOPT", 92, "Protocol not available (unknown socket option)."),
        e(U, "EPROTONOSUPPORT", 93, "Protocol not supported."),
        e(X, "ESOCKTNOSUPPORT", 94, "Socket type not supported."),
        e(U, "EOPNOTSUPP", 95, "Operation not supported (on transport endpoint)."),
        e(U, "ENOTSUP", 95, "Operation not supported: the libc name for EOPNOTSUPP, same value."),
        e(X, "EPFNOSUPPORT", 96, "Protocol family not supported."),
        e(X, "EAFNOSUPPORT", 97, "Address family not supported by protocol."),
        e(U, "EADDRINUSE", 98, "Address already in use."),
        e(U, "EADDRNOTAVAIL", 99, "Cannot assign requested address."),
        e(U, "ENETDOWN", 100, "Network is down."),
        e(U, "ENETUNREACH", 101, "Network is unreachable."),
        e(U, "ENETRESET", 102, "Network dropped connection because of reset."),
        e(U, "ECONNABORTED", 103, "Software caused connection abort."),
        e(U, "ECONNRESET", 104, "Connection reset by peer."),
        e(U, "ENOBUFS", 105, "No buffer space available."),
        e(U, "EISCONN", 106, "Transport endpoint is already connected."),
        e(U, "ENOTCONN", 107, "Transport endpoint is not connected."),
        e(X, "ESHUTDOWN", 108, "Cannot send after transport endpoint shutdown."),
        e(X, "ETOOMANYREFS", 109, "Too many references: cannot splice."),
        e(U, "ETIMEDOUT", 110, "Connection timed out (or operation timed out)."),
        e(U, "ECONNREFUSED", 111, "Connection refused."),
        e(X, "EHOSTDOWN", 112, "Host is down."),
        e(X, "EHOSTUNREACH", 113, "No route to host."),
        e(U, "EALREADY", 114, "Operation already in progress."),
        e(U, "EINPROGRESS", 115, "Operation now in progress."),
        e(U, "ESTALE", 116, "Stale file handle."),
        e(X, "EUCLEAN", 117, "Structure needs cleaning (filesystem corruption detected)."),
        e(X, "ENOTNAM", 118, "Not a XENIX named type file."),
        e(X, "ENAVAIL", 119, "No XENIX semaphores available."),
        e(X, "EISNAM", 120, "Is a named type file."),
        e(X, "EREMOTEIO", 121, "Remote I/O error."),
        e(U, "EDQUOT", 122, "Disk quota exceeded."),
        e(U, "ENOMEDIUM", 123, "No medium found."),
        e(X, "EMEDIUMTYPE", 124, "Wrong medium type."),
        e(X, "ECANCELED", 125, "Operation canceled."),
        e(U, "ENOKEY", 126, "Required key not available."),
        e(X, "EKEYEXPIRED", 127, "Key has expired."),
        e(X, "EKEYREVOKED", 128, "Key has been revoked."),
        e(X, "EKEYREJECTED", 129, "Key was rejected by service."),
        e(X, "EOWNERDEAD", 130, "Owner died (robust mutex holder exited)."),
        e(X, "ENOTRECOVERABLE", 131, "State not recoverable."),
        e(X, "ERFKILL", 132, "Operation not possible due to RF-kill."),
        e(U, "EHWPOISON", 133, "Memory page has hardware error (poisoned)."),
        // include/linux/errno.h: kernel-internal, never returned to user space as such
        e(U, "ERESTARTSYS", 512, "Kernel-internal: restart the syscall after the signal handler if SA_RESTART is set, else return -EINTR."),
        e(X, "ERESTARTNOINTR", 513, "Kernel-internal: always restart the syscall after the signal, never return -EINTR."),
        e(X, "ERESTARTNOHAND", 514, "Kernel-internal: restart the syscall if no signal handler ran, else return -EINTR."),
        e(X, "ENOIOCTLCMD", 515, "Kernel-internal: no such ioctl command (the ioctl layer turns it into -ENOTTY)."),
        e(X, "ERESTART_RESTARTBLOCK", 516, "Kernel-internal: restart by calling sys_restart_syscall() (restart_block)."),
        e(X, "EPROBE_DEFER", 517, "Kernel-internal: driver requests the probe be retried later."),
        e(X, "EOPENSTALE", 518, "Kernel-internal: open found a stale dentry; the lookup is retried."),
        e(X, "ENOPARAM", 519, "Kernel-internal: parameter not supported (fs_context parsing)."),
        e(X, "EBADHANDLE", 521, "Kernel-internal (NFS): illegal NFS file handle."),
        e(X, "ENOTSYNC", 522, "Kernel-internal (NFS): update synchronization mismatch."),
        e(X, "EBADCOOKIE", 523, "Kernel-internal (NFS): cookie is stale."),
        e(X, "ENOTSUPP", 524, "Kernel-internal (NFS): operation is not supported; user-facing code should use EOPNOTSUPP."),
        e(X, "ETOOSMALL", 525, "Kernel-internal (NFS): buffer or request is too small."),
        e(X, "ESERVERFAULT", 526, "Kernel-internal (NFS): an untranslatable server error occurred."),
        e(X, "EBADTYPE", 527, "Kernel-internal (NFS): type not supported by server."),
        e(X, "EJUKEBOX", 528, "Kernel-internal (NFS): request initiated, but will not complete before timeout."),
        e(X, "EIOCBQUEUED", 529, "Kernel-internal: iocb queued, completion will be reported by an event."),
        e(X, "ERECALLCONFLICT", 530, "Kernel-internal (NFS): conflict with recalled state."),
        e(X, "ENOGRACE", 531, "Kernel-internal (NFS): file lock reclaim refused (no grace period)."),
    ],
};

/// A capability term (exact names only).
const fn cap(long: &'static str, value: i64, doc: &'static str) -> Term {
    t(long, &[], value, doc)
}

/// The POSIX/Linux capabilities of include/uapi/linux/capability.h.
#[rustfmt::skip]
pub static CAPABILITY: Vocab = Vocab {
    id: VocabId::Capability,
    title: "capability",
    terms: &[
        cap("CAP_CHOWN", 0, "Make arbitrary changes to file UIDs and GIDs (chown)."),
        cap("CAP_DAC_OVERRIDE", 1, "Bypass file read, write and execute permission checks."),
        cap("CAP_DAC_READ_SEARCH", 2, "Bypass file read and directory read/search permission checks; use open_by_handle_at()."),
        cap("CAP_FOWNER", 3, "Bypass checks that require the caller's fsuid to match the file owner (chmod, utimes, ...)."),
        cap("CAP_FSETID", 4, "Keep set-user-ID/set-group-ID bits when a file is modified; set SGID without group membership."),
        cap("CAP_KILL", 5, "Bypass permission checks for sending signals."),
        cap("CAP_SETGID", 6, "Make arbitrary changes to process GIDs and the supplementary group list."),
        cap("CAP_SETUID", 7, "Make arbitrary changes to process UIDs."),
        cap("CAP_SETPCAP", 8, "Add bounding-set capabilities to the inheritable set, drop from the bounding set, change securebits."),
        cap("CAP_LINUX_IMMUTABLE", 9, "Set the immutable and append-only inode flags."),
        cap("CAP_NET_BIND_SERVICE", 10, "Bind sockets to privileged ports (below 1024)."),
        cap("CAP_NET_BROADCAST", 11, "Make socket broadcasts and listen to multicasts (unused)."),
        cap("CAP_NET_ADMIN", 12, "Network administration: interfaces, routing, firewall, socket options such as SO_PRIORITY."),
        cap("CAP_NET_RAW", 13, "Use RAW and PACKET sockets; bind to any address for transparent proxying."),
        cap("CAP_IPC_LOCK", 14, "Lock memory (mlock, mlockall, MAP_LOCKED, SHM_LOCK) beyond RLIMIT_MEMLOCK."),
        cap("CAP_IPC_OWNER", 15, "Bypass permission checks on System V IPC objects."),
        cap("CAP_SYS_MODULE", 16, "Load and unload kernel modules."),
        cap("CAP_SYS_RAWIO", 17, "Raw I/O: ioperm/iopl, /dev/mem and /dev/kmem, raw block and SCSI commands."),
        cap("CAP_SYS_CHROOT", 18, "Use chroot()."),
        cap("CAP_SYS_PTRACE", 19, "Trace or inspect any process (ptrace, process_vm_readv, kcmp, ...)."),
        cap("CAP_SYS_PACCT", 20, "Configure process accounting (acct())."),
        cap("CAP_SYS_ADMIN", 21, "Broad system administration: mount, sethostname, quotactl, swapon, many ioctls and more."),
        cap("CAP_SYS_BOOT", 22, "Reboot the system and load a new kernel (reboot(), kexec_load())."),
        cap("CAP_SYS_NICE", 23, "Raise priority, set real-time scheduling, set CPU affinity and I/O priority of other processes."),
        cap("CAP_SYS_RESOURCE", 24, "Override resource limits, disk quotas and reserved space; raise hard limits."),
        cap("CAP_SYS_TIME", 25, "Set the system clock and the hardware real-time clock."),
        cap("CAP_SYS_TTY_CONFIG", 26, "Configure tty devices; use vhangup()."),
        cap("CAP_MKNOD", 27, "Create device special files with mknod()."),
        cap("CAP_LEASE", 28, "Take file leases on files the caller does not own."),
        cap("CAP_AUDIT_WRITE", 29, "Write records to the kernel audit log."),
        cap("CAP_AUDIT_CONTROL", 30, "Enable and disable kernel auditing and change audit filter rules."),
        cap("CAP_SETFCAP", 31, "Set file capabilities; map user ID 0 in a new user namespace."),
        cap("CAP_MAC_OVERRIDE", 32, "Override Mandatory Access Control (used by Smack)."),
        cap("CAP_MAC_ADMIN", 33, "Change Mandatory Access Control configuration or policy (used by Smack)."),
        cap("CAP_SYSLOG", 34, "Privileged syslog() operations; see kernel addresses when kptr_restrict is 1."),
        cap("CAP_WAKE_ALARM", 35, "Set timers that wake the system (CLOCK_REALTIME_ALARM, CLOCK_BOOTTIME_ALARM)."),
        cap("CAP_BLOCK_SUSPEND", 36, "Block system suspend (EPOLLWAKEUP, /proc/sys/wake_lock)."),
        cap("CAP_AUDIT_READ", 37, "Read the audit log through a multicast netlink socket."),
        cap("CAP_PERFMON", 38, "Privileged performance monitoring and observability (perf_event_open, BPF tracing)."),
        cap("CAP_BPF", 39, "Privileged BPF operations: create maps, load programs, read BPF objects."),
        cap("CAP_CHECKPOINT_RESTORE", 40, "Checkpoint/restore: choose PIDs (clone3 set_tid, ns_last_pid), read map_files."),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn v(id: VocabId) -> &'static Vocab {
        Vocab::get(id)
    }

    fn value(id: VocabId, token: &str) -> Option<i64> {
        v(id).lookup(token).map(|term| term.value)
    }

    /// The upstream Rust extractor's errno table (reference §6.3).
    #[rustfmt::skip]
    const UPSTREAM_ERRNOS: &[(&str, i64)] = &[
        ("EPERM", 1), ("ENOENT", 2), ("ESRCH", 3), ("EINTR", 4), ("EIO", 5), ("ENXIO", 6),
        ("E2BIG", 7), ("ENOEXEC", 8), ("EBADF", 9), ("ECHILD", 10), ("EAGAIN", 11),
        ("EWOULDBLOCK", 11), ("ENOMEM", 12), ("EACCES", 13), ("EFAULT", 14), ("ENOTBLK", 15),
        ("EBUSY", 16), ("EEXIST", 17), ("EXDEV", 18), ("ENODEV", 19), ("ENOTDIR", 20),
        ("EISDIR", 21), ("EINVAL", 22), ("ENFILE", 23), ("EMFILE", 24), ("ENOTTY", 25),
        ("ETXTBSY", 26), ("EFBIG", 27), ("ENOSPC", 28), ("ESPIPE", 29), ("EROFS", 30),
        ("EMLINK", 31), ("EPIPE", 32), ("EDOM", 33), ("ERANGE", 34), ("EDEADLK", 35),
        ("ENAMETOOLONG", 36), ("ENOLCK", 37), ("ENOSYS", 38), ("ENOTEMPTY", 39), ("ELOOP", 40),
        ("ENOMSG", 42), ("ENODATA", 61), ("ENOLINK", 67), ("EPROTO", 71), ("EOVERFLOW", 75),
        ("ELIBBAD", 80), ("EILSEQ", 84), ("ENOTSOCK", 88), ("EDESTADDRREQ", 89),
        ("EMSGSIZE", 90), ("EPROTOTYPE", 91), ("ENOPROTOOPT", 92), ("EPROTONOSUPPORT", 93),
        ("EOPNOTSUPP", 95), ("ENOTSUP", 95), ("EADDRINUSE", 98), ("EADDRNOTAVAIL", 99),
        ("ENETDOWN", 100), ("ENETUNREACH", 101), ("ENETRESET", 102), ("ECONNABORTED", 103),
        ("ECONNRESET", 104), ("ENOBUFS", 105), ("EISCONN", 106), ("ENOTCONN", 107),
        ("ETIMEDOUT", 110), ("ECONNREFUSED", 111), ("EALREADY", 114), ("EINPROGRESS", 115),
        ("ESTALE", 116), ("EDQUOT", 122), ("ENOMEDIUM", 123), ("ENOKEY", 126),
        ("EHWPOISON", 133), ("ERESTARTSYS", 512),
    ];

    #[test]
    fn a_truncated_name_suggests_the_name_it_starts() {
        let effects = Vocab::get(VocabId::EffectType);
        assert_eq!(
            effects.suggest("KAPI_EFFECT_PROCESS"),
            Some("KAPI_EFFECT_PROCESS_STATE")
        );
        assert_eq!(effects.suggest("process"), Some("process_state"));
        // Two names start with `lock_`: fall back to the nearest spelling.
        assert_eq!(effects.suggest("lock_acqire"), Some("lock_acquire"));
    }

    #[test]
    fn registry_is_complete_and_consistent() {
        assert_eq!(all().len(), 17);
        let ids: HashSet<VocabId> = all().iter().map(|voc| voc.id).collect();
        assert_eq!(ids.len(), 17);
        for voc in all() {
            assert_eq!(Vocab::get(voc.id).id, voc.id);
            assert!(std::ptr::eq(Vocab::get(voc.id), *voc));
            assert!(!voc.title.is_empty());
            assert!(!voc.terms.is_empty());
            let mut seen = HashSet::new();
            let mut values = HashSet::new();
            for term in voc.terms {
                assert!(
                    !term.doc.is_empty() && !term.doc.contains('\n'),
                    "{}",
                    term.long
                );
                assert!(term.note.is_none_or(|n| !n.is_empty() && !n.contains('\n')));
                assert_eq!(
                    term.upstream,
                    voc.id != VocabId::Errno || term.note.is_none()
                );
                for s in term.spellings() {
                    assert_eq!(s, s.trim());
                    assert!(!s.is_empty());
                    // Every spelling is unique within its vocabulary (ignoring case).
                    assert!(
                        seen.insert(s.to_ascii_lowercase()),
                        "{} repeats {s}",
                        voc.title
                    );
                    // And every spelling finds its own term.
                    assert_eq!(voc.lookup(s).map(|x| x.long), Some(term.long), "{s}");
                    assert_eq!(voc.suggest(s), None, "{s}");
                }
                if voc.id != VocabId::Errno {
                    assert!(
                        values.insert(term.value),
                        "{} repeats {}",
                        voc.title,
                        term.value
                    );
                }
            }
        }
    }

    #[test]
    fn param_types() {
        let pt = v(VocabId::ParamType);
        let expect = [
            "VOID", "INT", "UINT", "PTR", "STRUCT", "UNION", "ENUM", "FUNC_PTR", "ARRAY", "FD",
            "USER_PTR", "PATH", "CUSTOM",
        ];
        for (n, name) in expect.iter().enumerate() {
            let long = format!("KAPI_TYPE_{name}");
            assert_eq!(value(VocabId::ParamType, &long), Some(n as i64));
            assert_eq!(
                value(VocabId::ParamType, &name.to_ascii_lowercase()),
                Some(n as i64)
            );
            assert_eq!(pt.by_value(n as i64).unwrap().long, long);
        }
        assert_eq!(value(VocabId::ParamType, "uptr"), Some(10));
        assert_eq!(value(VocabId::ParamType, "  User_Ptr "), Some(10));
        assert_eq!(value(VocabId::ParamType, "INT"), Some(1));
        assert_eq!(pt.lookup("KAPI_TYPE_ULONG"), None);
        assert_eq!(pt.lookup("kapi_type_int"), None);
        assert_eq!(pt.lookup("long"), None);
        assert_eq!(pt.lookup(""), None);
        assert_eq!(pt.suggest("KAPI_TYPE_ULONG"), Some("KAPI_TYPE_UINT"));
        assert_eq!(pt.suggest("KAPI_TYPE_LONG"), Some("KAPI_TYPE_INT"));
        assert_eq!(pt.suggest("ulong"), Some("uint"));
        assert_eq!(pt.suggest("size_t"), Some("uint"));
        assert_eq!(pt.suggest("kapi_type_int"), Some("KAPI_TYPE_INT"));
        assert_eq!(pt.suggest("KAPI_TYPE_USR_PTR"), Some("KAPI_TYPE_USER_PTR"));
        assert_eq!(pt.suggest("usr_ptr"), Some("user_ptr"));
        assert_eq!(pt.suggest("unit"), Some("uint"));
        assert_eq!(pt.suggest("int"), None);
        assert_eq!(pt.suggest("banana"), None);
        assert!(pt.lookup("path").unwrap().note.is_some());
        assert!(pt.lookup("void").unwrap().note.is_some());
        assert!(pt.by_value(13).is_none());
    }

    #[test]
    fn param_flags() {
        let pf = v(VocabId::ParamFlag);
        assert_eq!(pf.lookup("in"), None);
        assert_eq!(pf.lookup("out"), None);
        assert_eq!(pf.lookup("In"), None);
        assert_eq!(value(VocabId::ParamFlag, "IN"), Some(1));
        assert_eq!(value(VocabId::ParamFlag, "Input"), Some(1));
        assert_eq!(value(VocabId::ParamFlag, "KAPI_PARAM_IN"), Some(1));
        assert_eq!(value(VocabId::ParamFlag, "OUT"), Some(2));
        assert_eq!(value(VocabId::ParamFlag, "OUTPUT"), Some(2));
        assert_eq!(value(VocabId::ParamFlag, "INOUT"), Some(3));
        assert_eq!(value(VocabId::ParamFlag, "inout"), Some(3));
        assert_eq!(value(VocabId::ParamFlag, "OPTIONAL"), Some(8));
        assert_eq!(value(VocabId::ParamFlag, "optional"), Some(8));
        assert_eq!(value(VocabId::ParamFlag, "const"), Some(16));
        assert_eq!(value(VocabId::ParamFlag, "VOLATILE"), Some(32));
        assert_eq!(value(VocabId::ParamFlag, "user"), Some(64));
        assert_eq!(value(VocabId::ParamFlag, "DMA"), Some(128));
        assert_eq!(value(VocabId::ParamFlag, "KAPI_PARAM_ALIGNED"), Some(256));
        assert_eq!(pf.lookup("kapi_param_in"), None);
        assert_eq!(pf.suggest("in"), Some("input"));
        assert_eq!(pf.suggest("out"), Some("output"));
        assert_eq!(pf.suggest("OTU"), Some("OUT"));
        assert_eq!(pf.suggest("inptu"), Some("input"));
        assert_eq!(pf.suggest("optinal"), Some("optional"));
        assert_eq!(
            pf.suggest("KAPI_PARAM_OPTINAL"),
            Some("KAPI_PARAM_OPTIONAL")
        );
        assert_eq!(pf.by_value(3).unwrap().long, "KAPI_PARAM_INOUT");
        assert!(pf.by_value(4).is_none());
        assert!(pf.lookup("IN").unwrap().note.unwrap().contains("Python"));
    }

    #[test]
    fn contexts() {
        let cx = v(VocabId::Context);
        let expect = [
            "process",
            "softirq",
            "hardirq",
            "nmi",
            "atomic",
            "sleepable",
            "preempt_disabled",
            "irq_disabled",
        ];
        for (bit, name) in expect.iter().enumerate() {
            assert_eq!(value(VocabId::Context, name), Some(1 << bit));
            let long = format!("KAPI_CTX_{}", name.to_ascii_uppercase());
            assert_eq!(value(VocabId::Context, &long), Some(1 << bit));
        }
        assert_eq!(value(VocabId::Context, "SLEEPABLE"), Some(32));
        assert_eq!(cx.suggest("proces"), Some("process"));
        assert_eq!(cx.suggest("KAPI_CTX_PROCES"), Some("KAPI_CTX_PROCESS"));
        assert_eq!(cx.suggest("sleepabel"), Some("sleepable"));
        assert_eq!(cx.suggest("task"), None);
        assert_eq!(cx.lookup("process | sleepable"), None);
    }

    #[test]
    fn constraints() {
        let ct = v(VocabId::ConstraintType);
        assert_eq!(ct.terms.len(), 13);
        assert_eq!(
            value(VocabId::ConstraintType, "KAPI_CONSTRAINT_BUFFER"),
            Some(11)
        );
        assert_eq!(
            value(VocabId::ConstraintType, "KAPI_CONSTRAINT_CUSTOM"),
            Some(12)
        );
        assert_eq!(ct.lookup("range"), None);
        assert_eq!(
            ct.suggest("KAPI_CONSTRAINT_RANGES"),
            Some("KAPI_CONSTRAINT_RANGE")
        );

        let cf = v(VocabId::ConstraintForm);
        for term in cf.terms {
            // Each call form has the same number as the constraint type of the same name.
            let long = format!("KAPI_CONSTRAINT_{}", term.long.to_ascii_uppercase());
            assert_eq!(
                ct.lookup(&long).map(|x| x.value),
                Some(term.value),
                "{long}"
            );
            assert!(form_arity(term.long).is_some());
            assert!(form_snippet(term.long).starts_with(term.long));
            for alias in term.aliases {
                assert!(form_arity(alias).is_some());
                assert!(form_snippet(alias).starts_with(alias));
            }
        }
        assert_eq!(value(VocabId::ConstraintForm, "range"), Some(1));
        assert_eq!(value(VocabId::ConstraintForm, "RANGE"), Some(1));
        assert_eq!(value(VocabId::ConstraintForm, "align"), Some(4));
        assert_eq!(value(VocabId::ConstraintForm, "alignment"), Some(4));
        assert_eq!(value(VocabId::ConstraintForm, "buffer"), Some(11));
        assert_eq!(cf.lookup("KAPI_CONSTRAINT_RANGE"), None);
        assert_eq!(cf.suggest("rnage"), Some("range"));
        assert_eq!(cf.suggest("aligment"), Some("alignment"));
        assert_eq!(cf.suggest("nonzer"), Some("nonzero"));

        let exactly = |n| {
            Some(FormArity {
                min: n,
                max: Some(n),
            })
        };
        assert_eq!(form_arity("range"), exactly(2));
        assert_eq!(form_arity("Range"), exactly(2));
        assert_eq!(form_arity("mask"), exactly(1));
        assert_eq!(form_arity("enum"), Some(FormArity { min: 1, max: None }));
        assert_eq!(form_arity("align"), exactly(1));
        assert_eq!(form_arity("alignment"), exactly(1));
        assert_eq!(form_arity("power_of_two"), exactly(0));
        assert_eq!(form_arity("page_aligned"), exactly(0));
        assert_eq!(form_arity("nonzero"), exactly(0));
        assert_eq!(form_arity("user_path"), exactly(0));
        assert_eq!(form_arity("user_ptr"), exactly(0));
        assert_eq!(
            form_arity("user_string"),
            Some(FormArity {
                min: 0,
                max: Some(1)
            })
        );
        assert_eq!(form_arity("buffer"), exactly(1));
        assert_eq!(
            form_arity("custom"),
            Some(FormArity {
                min: 0,
                max: Some(1)
            })
        );
        assert_eq!(form_arity("min"), None);

        assert_eq!(form_snippet("range"), "range(${1:min}, ${2:max})");
        assert_eq!(form_snippet("buffer"), "buffer(${1:size_param_index})");
        assert_eq!(form_snippet("nonzero"), "nonzero");
        assert_eq!(form_snippet("bogus"), "");
    }

    #[test]
    fn locks() {
        let lt = v(VocabId::LockType);
        let names = [
            "none",
            "mutex",
            "spinlock",
            "rwlock",
            "seqlock",
            "rcu",
            "semaphore",
            "custom",
        ];
        for (n, name) in names.iter().enumerate() {
            assert_eq!(lt.lookup(name).unwrap().value, n as i64);
            let long = format!("KAPI_LOCK_{}", name.to_ascii_uppercase());
            assert_eq!(lt.lookup(&long).unwrap().value, n as i64);
        }
        assert_eq!(value(VocabId::LockType, "Mutex"), Some(1));

        let ls = v(VocabId::LockScope);
        for (n, name) in ["internal", "acquires", "releases", "caller_held"]
            .iter()
            .enumerate()
        {
            assert_eq!(ls.lookup(name).unwrap().value, n as i64);
        }
        assert_eq!(value(VocabId::LockScope, "KAPI_LOCK_CALLER_HELD"), Some(3));
        assert_eq!(ls.lookup("Acquires"), None);
        assert_eq!(ls.lookup("ACQUIRES"), None);
        assert_eq!(ls.suggest("Acquires"), Some("acquires"));
        assert_eq!(ls.suggest("caller-held"), Some("caller_held"));
    }

    #[test]
    fn effects() {
        let ef = v(VocabId::EffectType);
        let names = [
            "alloc_memory",
            "free_memory",
            "modify_state",
            "signal_send",
            "file_position",
            "lock_acquire",
            "lock_release",
            "resource_create",
            "resource_destroy",
            "schedule",
            "hardware",
            "network",
            "filesystem",
            "process_state",
            "irreversible",
        ];
        assert_eq!(ef.terms.len(), 16);
        assert_eq!(value(VocabId::EffectType, "none"), Some(0));
        for (bit, name) in names.iter().enumerate() {
            assert_eq!(ef.lookup(name).unwrap().value, 1 << bit, "{name}");
            let long = format!("KAPI_EFFECT_{}", name.to_ascii_uppercase());
            assert_eq!(ef.lookup(&long).unwrap().value, 1 << bit);
        }
        assert_eq!(value(VocabId::EffectType, "file_position"), Some(16));
        assert_eq!(
            value(VocabId::EffectType, "KAPI_EFFECT_IRREVERSIBLE"),
            Some(1 << 14)
        );
        assert_eq!(ef.by_value(1 << 9).unwrap().long, "KAPI_EFFECT_SCHEDULE");
        assert_eq!(ef.suggest("alloc_mem"), Some("alloc_memory")); // 3 edits, limit 9 / 3
        assert_eq!(
            ef.suggest("KAPI_EFFECT_SHEDULE"),
            Some("KAPI_EFFECT_SCHEDULE")
        );
    }

    #[test]
    fn return_checks() {
        let rc = v(VocabId::ReturnCheck);
        let names = ["exact", "range", "error_check", "fd", "custom", "no_return"];
        for (n, name) in names.iter().enumerate() {
            assert_eq!(rc.lookup(name).unwrap().value, n as i64);
            let long = format!("KAPI_RETURN_{}", name.to_ascii_uppercase());
            assert_eq!(rc.lookup(&long).unwrap().value, n as i64);
        }
    }

    #[test]
    fn signals() {
        let dir = ["receive", "send", "handle", "block", "ignore"];
        for (bit, name) in dir.iter().enumerate() {
            assert_eq!(value(VocabId::SignalDirection, name), Some(1 << bit));
            let long = format!("KAPI_SIGNAL_{}", name.to_ascii_uppercase());
            assert_eq!(value(VocabId::SignalDirection, &long), Some(1 << bit));
        }
        let act = [
            "default",
            "terminate",
            "coredump",
            "stop",
            "continue",
            "custom",
            "return",
            "restart",
            "queue",
            "discard",
            "transform",
        ];
        for (n, name) in act.iter().enumerate() {
            assert_eq!(value(VocabId::SignalAction, name), Some(n as i64));
            let long = format!("KAPI_SIGNAL_ACTION_{}", name.to_ascii_uppercase());
            assert_eq!(value(VocabId::SignalAction, &long), Some(n as i64));
        }
        for (n, name) in ["before", "during", "after"].iter().enumerate() {
            assert_eq!(value(VocabId::SignalTiming, name), Some(n as i64));
            let long = format!("KAPI_SIGNAL_TIME_{}", name.to_ascii_uppercase());
            assert_eq!(value(VocabId::SignalTiming, &long), Some(n as i64));
        }
        assert_eq!(v(VocabId::SignalTiming).lookup("entry"), None);
        let states = ["running", "sleeping", "stopped", "traced", "zombie", "dead"];
        for (bit, name) in states.iter().enumerate() {
            assert_eq!(value(VocabId::SignalState, name), Some(1 << bit));
            assert_eq!(
                value(VocabId::SignalState, &name.to_ascii_uppercase()),
                Some(1 << bit)
            );
            let long = format!("KAPI_SIGNAL_STATE_{}", name.to_ascii_uppercase());
            assert_eq!(value(VocabId::SignalState, &long), Some(1 << bit));
        }
        assert_eq!(
            value(VocabId::SignalState, "KAPI_SIGNAL_STATE_zombie"),
            Some(16)
        );
        assert_eq!(value(VocabId::SignalState, "kapi_signal_state_dead"), None);
        assert_eq!(
            v(VocabId::SignalState).suggest("kapi_signal_state_dead"),
            Some("KAPI_SIGNAL_STATE_DEAD")
        );
        let queues = ["standard", "realtime", "coalesce", "replace", "discard"];
        for (n, name) in queues.iter().enumerate() {
            assert_eq!(value(VocabId::SignalQueue, name), Some(n as i64));
        }
        assert_eq!(
            value(VocabId::SignalQueue, "KAPI_SIGNAL_QUEUE_REALTIME"),
            Some(1)
        );
    }

    #[test]
    fn cap_actions() {
        let names = [
            "bypass_check",
            "increase_limit",
            "override_restriction",
            "grant_permission",
            "modify_behavior",
            "access_resource",
            "perform_operation",
        ];
        for (n, name) in names.iter().enumerate() {
            assert_eq!(value(VocabId::CapAction, name), Some(n as i64));
            let long = format!("KAPI_CAP_{}", name.to_ascii_uppercase());
            assert_eq!(value(VocabId::CapAction, &long), Some(n as i64));
        }
        assert_eq!(
            v(VocabId::CapAction).suggest("bypass_chek"),
            Some("bypass_check")
        );
        assert_eq!(v(VocabId::CapAction).lookup("required"), None);
    }

    #[test]
    fn errnos() {
        let er = v(VocabId::Errno);
        let ecanceled = er.lookup("ECANCELED").unwrap();
        assert_eq!(ecanceled.value, -125);
        assert!(!ecanceled.upstream);
        assert_eq!(ecanceled.note, Some(ERRNO_UNKNOWN_UPSTREAM));
        let einval = er.lookup("EINVAL").unwrap();
        assert_eq!(einval.value, -22);
        assert!(einval.upstream);
        assert_eq!(einval.note, None);
        assert_eq!(value(VocabId::Errno, "EWOULDBLOCK"), Some(-11));
        assert_eq!(value(VocabId::Errno, "EDEADLOCK"), Some(-35));
        assert_eq!(value(VocabId::Errno, "ENOTSUP"), Some(-95));
        assert_eq!(value(VocabId::Errno, "EHWPOISON"), Some(-133));
        assert_eq!(value(VocabId::Errno, "ERESTARTSYS"), Some(-512));
        assert_eq!(value(VocabId::Errno, "ERESTART_RESTARTBLOCK"), Some(-516));
        assert_eq!(value(VocabId::Errno, "EPROBE_DEFER"), Some(-517));
        assert_eq!(value(VocabId::Errno, "ENOTSUPP"), Some(-524));
        assert_eq!(value(VocabId::Errno, "ENOGRACE"), Some(-531));
        assert_eq!(er.lookup("einval"), None);
        assert_eq!(er.lookup("-EINVAL"), None);
        assert_eq!(er.suggest("einval"), Some("EINVAL"));
        assert_eq!(er.suggest("EINVL"), Some("EINVAL"));
        assert_eq!(er.suggest("ECANCELLED"), Some("ECANCELED"));
        assert_eq!(er.by_value(-11).unwrap().long, "EAGAIN");
        assert_eq!(er.by_value(-35).unwrap().long, "EDEADLK");
        assert_eq!(er.by_value(-95).unwrap().long, "EOPNOTSUPP");
        assert!(er.by_value(-41).is_none() && er.by_value(-58).is_none());

        // Every number of the asm-generic lists and of the kernel-internal range is present.
        for n in (1..=133)
            .filter(|n| *n != 41 && *n != 58)
            .chain((512..=531).filter(|n| *n != 520))
        {
            assert!(er.by_value(-n).is_some(), "errno {n} missing");
        }
        // 131 numbers + 3 aliases + 19 kernel-internal codes.
        assert_eq!(er.terms.len(), 131 + 3 + 19);

        // `upstream` is true exactly for the names of the upstream table, with its values.
        let upstream: Vec<(&str, i64)> = er
            .terms
            .iter()
            .filter(|t| t.upstream)
            .map(|t| (t.long, -t.value))
            .collect();
        assert_eq!(upstream.len(), UPSTREAM_ERRNOS.len());
        assert_eq!(upstream.len(), 76);
        let want: HashSet<(&str, i64)> = UPSTREAM_ERRNOS.iter().copied().collect();
        let have: HashSet<(&str, i64)> = upstream.into_iter().collect();
        assert_eq!(have, want);
    }

    #[test]
    fn capabilities() {
        let caps = v(VocabId::Capability);
        assert_eq!(caps.terms.len(), 41);
        for (n, term) in caps.terms.iter().enumerate() {
            assert_eq!(term.value, n as i64);
            assert!(term.long.starts_with("CAP_"));
        }
        assert_eq!(value(VocabId::Capability, "CAP_SYS_ADMIN"), Some(21));
        assert_eq!(
            value(VocabId::Capability, "CAP_CHECKPOINT_RESTORE"),
            Some(40)
        );
        assert_eq!(value(VocabId::Capability, "CAP_BPF"), Some(39));
        assert_eq!(caps.lookup("cap_sys_admin"), None);
        assert_eq!(caps.lookup("SYS_ADMIN"), None);
        assert_eq!(caps.suggest("cap_sys_admin"), Some("CAP_SYS_ADMIN"));
        assert_eq!(caps.suggest("CAP_SYS_ADMN"), Some("CAP_SYS_ADMIN"));
        assert_eq!(caps.by_value(0).unwrap().long, "CAP_CHOWN");
    }
}
