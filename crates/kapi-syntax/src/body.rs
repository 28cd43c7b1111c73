//! Function bodies as facts for the contract checks: which `-EXXX` codes and which callees'
//! results can reach a `return`, every named call with its arguments, and every capability
//! check, each with its byte range in the file.
//!
//! The body is parsed on its own with tree-sitter-c, wrapped as `void __kapi_body(void) {...}`,
//! so that `SYSCALL_DEFINEn(...)` and whatever else surrounds it in the file cannot put the parser
//! into error recovery. Kernel statement macros (`scoped_guard(...) { }`,
//! `list_for_each_entry(...) { }`) come out as a call missing its `;` followed by a statement;
//! the walker recognises that shape.
//!
//! Which values reach a `return` is found by a small abstract interpretation over the syntax
//! tree: each local variable holds a set of possible *sources* (an errno constant, the result of
//! a named call, a value that is not an error, or something opaque), assignments replace the
//! set, branches join by union, and loops and `goto` labels are iterated to a fixpoint. That is
//! flow-sensitive enough for the kernel's `err = -EINVAL; if (x) goto out; ... out: return err;`
//! idiom without claiming an errno that is overwritten before any return. Simple field paths
//! (`ctx->buf`) are tracked like variables until something may change them: the base is
//! reassigned, its address is taken, or it is passed to a call. Where a value cannot be traced
//! (a parameter, arithmetic, a call through a pointer, a syntax error around a `return`) the
//! facts say so, and the checks that need the full picture stay silent.
//!
//! Two more facts serve the checks: where each call sits in the tree, so that a check can ask
//! whether one call runs before another on every path ([`BodyFacts::dominates`], for "called
//! with a spinlock held"); and [`find_function_body`], which finds the definition of a helper
//! in the same file so that a check can follow a call into it.
//!
//! Bodies are summarised on every analysis of a file (every keystroke in an editor), so results
//! are kept in a process-wide cache keyed by the body text: typing in a comment does not change
//! the body, and neither does typing in another function.

use crate::ctree::parse_c;
use crate::text::TextRange;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};
use tree_sitter::Node;

/// What a function body does, as far as the contract checks care.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BodyFacts {
    /// The errno constants that can reach a `return`, in body order, one per `-EXXX` token.
    pub errnos: Vec<ReturnedErrno>,
    /// The calls whose result can reach a `return`, in body order, one per call.
    pub propagated: Vec<PropagatedCall>,
    /// Every call of a named function (or function-like macro), in body order.
    pub calls: Vec<Call>,
    /// Every capability check (`capable(CAP_X)` and its relatives), in body order.
    pub capability_checks: Vec<CapabilityCheck>,
    /// Errno names the body compares a value with (`ret == -EAGAIN`, `case -EINTR:`). Code that
    /// tests for an errno usually handles it, so a callee's error of that name is not known to
    /// pass through.
    pub tested_errnos: BTreeSet<String>,
    /// Returns whose value could not be traced to constants and named calls: a parameter,
    /// arithmetic, a call through a pointer, or a `return` inside a syntax error. When this is
    /// not empty the body may return errnos that `errnos` and `propagated` do not show.
    pub opaque_returns: Vec<TextRange>,
    /// Calls whose result escapes the function other than by being returned: stored through a
    /// pointer, into a field or an array element, or handed over with `return_ptr()` /
    /// `no_free_ptr()`. Indices into `calls`.
    pub escaping: BTreeSet<usize>,
    /// The places call results are stored (`ctx->buf = kmalloc(...)`): the call's index and
    /// the assignment target as written, so that a later `kfree(ctx->buf)` can be matched.
    pub stored_into: Vec<(usize, String)>,
    /// Calls whose result is freed automatically at the end of its scope: assigned to a
    /// variable declared `__free(...)`. Indices into `calls`.
    pub auto_freed: BTreeSet<usize>,
}

impl BodyFacts {
    /// True when every value that can reach a `return` was traced to a constant or a named call.
    pub fn fully_understood(&self) -> bool {
        self.opaque_returns.is_empty()
    }

    /// True when call `a` runs before call `b` on every path that reaches `b` through the
    /// blocks that hold them: `a`'s statement comes earlier in a `{ ... }` block that also holds
    /// `b`'s (at any depth), so neither branches nor loop bodies `b` is not in can skip it.
    /// Jumps (`goto`, `return`) between the two are not considered.
    pub fn dominates(&self, a: usize, b: usize) -> bool {
        let (Some(a), Some(b)) = (self.calls.get(a), self.calls.get(b)) else {
            return false;
        };
        let (pa, pb) = (&a.position, &b.position);
        // The statement of `a` in its innermost block, and the same block on `b`'s path.
        (0..pa.len())
            .rev()
            .find(|&i| pa[i].in_sequence)
            .is_some_and(|i| {
                pb.len() > i && pa[..i] == pb[..i] && pb[i].in_sequence && pa[i].child < pb[i].child
            })
    }

    /// The call with this callee-name range, if any.
    pub fn call_at(&self, callee_range: TextRange) -> Option<&Call> {
        self.calls.iter().find(|c| c.callee_range == callee_range)
    }

    fn shifted(&self, delta: isize) -> BodyFacts {
        let s = |r: TextRange| r.shifted(delta);
        BodyFacts {
            errnos: self
                .errnos
                .iter()
                .map(|e| ReturnedErrno {
                    name: e.name.clone(),
                    range: s(e.range),
                    returned_at: s(e.returned_at),
                })
                .collect(),
            propagated: self
                .propagated
                .iter()
                .map(|p| PropagatedCall {
                    call: p.call,
                    returned_at: s(p.returned_at),
                    whole_value: p.whole_value,
                })
                .collect(),
            calls: self
                .calls
                .iter()
                .map(|c| Call {
                    callee: c.callee.clone(),
                    callee_range: s(c.callee_range),
                    range: s(c.range),
                    args: c
                        .args
                        .iter()
                        .map(|a| Arg {
                            text: a.text.clone(),
                            range: s(a.range),
                            results_of: a.results_of.clone(),
                        })
                        .collect(),
                    position: c.position.clone(),
                })
                .collect(),
            capability_checks: self
                .capability_checks
                .iter()
                .map(|c| CapabilityCheck {
                    function: c.function.clone(),
                    call: c.call,
                    caps: c.caps.iter().map(|(n, r)| (n.clone(), s(*r))).collect(),
                    implied: c.implied,
                })
                .collect(),
            tested_errnos: self.tested_errnos.clone(),
            opaque_returns: self.opaque_returns.iter().map(|r| s(*r)).collect(),
            escaping: self.escaping.clone(),
            stored_into: self.stored_into.clone(),
            auto_freed: self.auto_freed.clone(),
        }
    }
}

/// An `-EXXX` constant that can reach a `return`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnedErrno {
    /// The errno name without the minus, e.g. `EINVAL`.
    pub name: String,
    /// The `-EXXX` token.
    pub range: TextRange,
    /// The first `return` statement it reaches (the same statement for `return -EXXX;`).
    pub returned_at: TextRange,
}

/// A call whose result can reach a `return` (directly, through variables, or wrapped in
/// `ERR_PTR()`/`PTR_ERR()`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PropagatedCall {
    /// Index into [`BodyFacts::calls`].
    pub call: usize,
    /// The first `return` statement the result reaches.
    pub returned_at: TextRange,
    /// True when the value itself is returned; false when only its error code is
    /// (`return PTR_ERR(p);` after `p = memdup_user(...)`), so a successful result stays here.
    pub whole_value: bool,
}

/// A call of a named function or macro.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    pub callee: String,
    pub callee_range: TextRange,
    /// The whole call, callee to closing parenthesis.
    pub range: TextRange,
    pub args: Vec<Arg>,
    /// Where the call sits in the body's syntax tree, for [`BodyFacts::dominates`].
    pub position: Vec<Step>,
}

/// One step down the syntax tree from the body to a call: the index of the child taken, and
/// whether its parent runs its children in order (a `{ ... }` block).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub child: u32,
    pub in_sequence: bool,
}

/// One argument of a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    /// The argument as written.
    pub text: String,
    pub range: TextRange,
    /// The calls whose result this argument may be (`kfree(p)` after `p = kmalloc(...)`).
    /// Indices into [`BodyFacts::calls`].
    pub results_of: BTreeSet<usize>,
}

/// A capability check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CapabilityCheck {
    /// The checking function, e.g. `ns_capable`.
    pub function: String,
    /// Index into [`BodyFacts::calls`].
    pub call: usize,
    /// The capabilities checked, each with its range: the `CAP_X` argument, or the function
    /// name for a wrapper that implies its capabilities (`perfmon_capable()`).
    pub caps: Vec<(String, TextRange)>,
    /// True for a wrapper that implies `caps` as alternatives (any one of them suffices).
    pub implied: bool,
}

/// Functions whose capability argument is a `CAP_X` identifier somewhere in their arguments.
const CAPABILITY_CHECKERS: &[&str] = &[
    "capable",
    "capable_noaudit",
    "ns_capable",
    "ns_capable_noaudit",
    "ns_capable_setid",
    "capable_wrt_inode_uidgid",
    "file_ns_capable",
    "has_capability",
    "has_capability_noaudit",
    "has_ns_capability",
    "has_ns_capability_noaudit",
    "sk_capable",
    "sk_ns_capable",
    "sk_net_capable",
    "netlink_capable",
    "netlink_ns_capable",
    "netlink_net_capable",
    "security_capable",
    "inode_owner_or_capable_cap",
];

/// Wrappers that check fixed capabilities, with the capabilities they accept.
const IMPLIED_CAPABILITIES: &[(&str, &[&str])] = &[
    ("perfmon_capable", &["CAP_PERFMON", "CAP_SYS_ADMIN"]),
    ("bpf_capable", &["CAP_BPF", "CAP_SYS_ADMIN"]),
    (
        "checkpoint_restore_ns_capable",
        &["CAP_CHECKPOINT_RESTORE", "CAP_SYS_ADMIN"],
    ),
];

/// Calls whose result is their first argument's value (error-pointer conversions).
const TRANSPARENT: &[&str] = &["ERR_PTR", "PTR_ERR", "ERR_CAST", "PTR_ERR_OR_ZERO"];

/// Calls that hand a `__free` pointer over to someone else.
const OWNERSHIP_TRANSFER: &[&str] = &["return_ptr", "no_free_ptr"];

/// Calls whose result is a truth value or a compile-time constant, never an errno.
const NON_ERROR: &[&str] = &[
    "IS_ERR",
    "IS_ERR_OR_NULL",
    "IS_ERR_VALUE",
    "likely",
    "unlikely",
    "WARN_ON",
    "WARN_ON_ONCE",
    "IS_ENABLED",
    "ARRAY_SIZE",
];

const PREFIX: &str = "void __kapi_body(void)\n";

/// The facts of the body at `body` (the `{ ... }` of a definition) in `text`. Ranges are file
/// offsets. Results are cached by body text, so calling this on every analysis is cheap.
pub fn summarize_body(text: &str, body: TextRange) -> BodyFacts {
    let Some(body_text) = text.get(body.start..body.end) else {
        return BodyFacts::default();
    };
    let facts = cached(body_text);
    facts.shifted(body.start as isize)
}

/// The facts of a body with ranges relative to the body's first byte, from the cache or
/// computed.
fn cached(body_text: &str) -> Arc<BodyFacts> {
    let key = {
        let mut h = DefaultHasher::new();
        body_text.hash(&mut h);
        h.finish()
    };
    if let Some(hit) = CACHE
        .get_or_init(Default::default)
        .lock()
        .map_or(None, |mut c| c.get(key, body_text))
    {
        return hit;
    }
    let facts = Arc::new(summarize_uncached(body_text));
    if let Ok(mut c) = CACHE.get_or_init(Default::default).lock() {
        c.insert(key, body_text, Arc::clone(&facts));
    }
    facts
}

/// A bounded two-generation cache: lookups promote entries from the old generation, and when
/// the new generation is full the old one is dropped. Entries keep their text so that a hash
/// collision can never return another body's facts.
#[derive(Default)]
struct Cache {
    new: HashMap<u64, (Arc<str>, Arc<BodyFacts>)>,
    old: HashMap<u64, (Arc<str>, Arc<BodyFacts>)>,
}

/// Bodies per generation: a large kernel file has a few hundred functions, a workspace being
/// edited a few such files.
const CACHE_GENERATION: usize = 4096;

static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();

impl Cache {
    fn get(&mut self, key: u64, text: &str) -> Option<Arc<BodyFacts>> {
        if let Some((t, f)) = self.new.get(&key) {
            return (&**t == text).then(|| Arc::clone(f));
        }
        let (t, f) = self.old.remove(&key)?;
        if &*t != text {
            return None;
        }
        let facts = Arc::clone(&f);
        self.insert_entry(key, (t, f));
        Some(facts)
    }

    fn insert(&mut self, key: u64, text: &str, facts: Arc<BodyFacts>) {
        self.insert_entry(key, (Arc::from(text), facts));
    }

    fn insert_entry(&mut self, key: u64, entry: (Arc<str>, Arc<BodyFacts>)) {
        if self.new.len() >= CACHE_GENERATION {
            self.old = std::mem::take(&mut self.new);
        }
        self.new.insert(key, entry);
    }
}

/// Summarises a body without the cache (ranges relative to the body's first byte).
pub fn summarize_uncached(body_text: &str) -> BodyFacts {
    let mut wrapped = String::with_capacity(PREFIX.len() + body_text.len());
    wrapped.push_str(PREFIX);
    wrapped.push_str(body_text);
    let tree = parse_c(&wrapped, None);
    let root = tree.root_node();
    let Some(function) = first_of_kind(root, "function_definition") else {
        return BodyFacts::default();
    };
    let Some(block) = function.child_by_field_name("body") else {
        return BodyFacts::default();
    };

    let mut collector = Collector {
        src: &wrapped,
        facts: BodyFacts::default(),
        call_index: HashMap::new(),
        position: Vec::new(),
    };
    collector.collect(block);
    let Collector {
        mut facts,
        call_index,
        ..
    } = collector;

    let mut interp = Interp {
        src: &wrapped,
        call_index: &call_index,
        labels: HashMap::new(),
        changed: false,
        returns: BTreeMap::new(),
        arg_sources: HashMap::new(),
        escaping: BTreeSet::new(),
        stored_into: BTreeSet::new(),
        auto_freed: BTreeSet::new(),
    };
    // `goto` to a label above it (`retry:`) feeds states backwards: run until the label states
    // settle. They only grow, so this ends; the bound is a guard against a bug, not a limit that
    // real code reaches.
    for _ in 0..32 {
        interp.changed = false;
        interp.exec(block, Some(State::new()));
        if !interp.changed {
            break;
        }
    }

    let rel = |r: TextRange| TextRange::new(r.start - PREFIX.len(), r.end - PREFIX.len());
    let mut seen_errnos = BTreeSet::new();
    let mut seen_calls = BTreeSet::new();
    for (ret_range, sources) in interp.returns.values() {
        for source in sources {
            match source {
                Src::Errno(r) => {
                    if seen_errnos.insert(*r) {
                        let name = r.slice(&wrapped).trim_start_matches('-').trim().to_string();
                        facts.errnos.push(ReturnedErrno {
                            name,
                            range: *r,
                            returned_at: *ret_range,
                        });
                    }
                }
                Src::Call(i) | Src::CallErr(i) => {
                    let whole_value = matches!(source, Src::Call(_));
                    if seen_calls.insert(*i) {
                        facts.propagated.push(PropagatedCall {
                            call: *i,
                            returned_at: *ret_range,
                            whole_value,
                        });
                    } else if whole_value {
                        if let Some(p) = facts.propagated.iter_mut().find(|p| p.call == *i) {
                            p.whole_value = true;
                        }
                    }
                }
                Src::Opaque => {
                    if facts.opaque_returns.last() != Some(ret_range) {
                        facts.opaque_returns.push(*ret_range);
                    }
                }
                Src::NonError | Src::Uninit => {}
            }
        }
    }
    facts.errnos.sort_by_key(|e| e.range);
    facts.propagated.sort_by_key(|p| p.call);
    for ((call, arg), sources) in interp.arg_sources {
        let results: BTreeSet<usize> = sources
            .iter()
            .filter_map(|s| match s {
                Src::Call(i) => Some(*i),
                _ => None,
            })
            .collect();
        if let Some(a) = facts.calls.get_mut(call).and_then(|c| c.args.get_mut(arg)) {
            a.results_of.extend(results);
        }
    }
    facts.escaping = interp.escaping;
    facts.stored_into = interp.stored_into.into_iter().collect();
    facts.auto_freed = interp.auto_freed;

    // Back to body-relative ranges.
    for e in &mut facts.errnos {
        e.range = rel(e.range);
        e.returned_at = rel(e.returned_at);
    }
    for p in &mut facts.propagated {
        p.returned_at = rel(p.returned_at);
    }
    for c in &mut facts.calls {
        c.callee_range = rel(c.callee_range);
        c.range = rel(c.range);
        for a in &mut c.args {
            a.range = rel(a.range);
        }
    }
    for c in &mut facts.capability_checks {
        for (_, r) in &mut c.caps {
            *r = rel(*r);
        }
    }
    for r in &mut facts.opaque_returns {
        *r = rel(*r);
    }
    facts
}

/// Finds the body of the function `name` defined in `text`, for following a call into a
/// helper of the same file that has no spec. Kernel style puts a definition's name at the start
/// of a line or after its return type on a line that starts at column 0 (`static int
/// do_foo(...)` or `static long\ndo_foo(...)`); a call inside a body is indented, and a
/// prototype ends in `;`. Attributes between the `)` and the `{` (`__releases(x)`) are skipped.
/// `None` when there is no such definition, or more than one (a name defined under different
/// `#ifdef`s cannot be told apart).
pub fn find_function_body(text: &str, name: &str) -> Option<TextRange> {
    if name.is_empty() {
        return None;
    }
    let bytes = text.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut found = None;
    for at in memchr::memmem::find_iter(bytes, name.as_bytes()) {
        let end = at + name.len();
        if (at > 0 && ident(bytes[at - 1])) || bytes.get(end).is_some_and(|&b| ident(b)) {
            continue;
        }
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let prefix = &text[line_start..at];
        if prefix.starts_with([' ', '\t', '#'])
            || !prefix
                .bytes()
                .all(|b| ident(b) || b == b' ' || b == b'\t' || b == b'*')
        {
            continue;
        }
        let first_word = prefix.split_whitespace().next().unwrap_or("");
        if matches!(
            first_word,
            "return" | "else" | "case" | "goto" | "if" | "while" | "do"
        ) {
            continue;
        }
        let mut i = skip_space(bytes, end);
        if bytes.get(i) != Some(&b'(') {
            continue;
        }
        let Some(close) = matching(bytes, i, b'(', b')') else {
            continue;
        };
        i = skip_space(bytes, close + 1);
        // Attributes such as `__releases(lock)` or `__must_hold(&x)`.
        while i < bytes.len() && ident(bytes[i]) {
            let word_end = i + bytes[i..].iter().take_while(|&&b| ident(b)).count();
            i = skip_space(bytes, word_end);
            if bytes.get(i) == Some(&b'(') {
                let Some(c) = matching(bytes, i, b'(', b')') else {
                    break;
                };
                i = skip_space(bytes, c + 1);
            }
        }
        if bytes.get(i) != Some(&b'{') {
            continue;
        }
        let Some(close) = matching(bytes, i, b'{', b'}') else {
            continue;
        };
        if found.is_some() {
            return None;
        }
        found = Some(TextRange::new(i, close + 1));
    }
    found
}

/// Skips white space and comments.
fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes[i..].starts_with(b"/*") {
            match memchr::memmem::find(&bytes[i + 2..], b"*/") {
                Some(e) => i += e + 4,
                None => return bytes.len(),
            }
        } else if bytes[i..].starts_with(b"//") {
            i += memchr::memchr(b'\n', &bytes[i..]).unwrap_or(bytes.len() - i);
        } else {
            return i;
        }
    }
}

/// The index of the bracket closing the one at `open`, skipping comments, strings and
/// character literals.
fn matching(bytes: &[u8], open: usize, left: u8, right: u8) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = memchr::memmem::find(&bytes[i + 2..], b"*/").map(|e| i + e + 3)?;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i += memchr::memchr(b'\n', &bytes[i..]).unwrap_or(bytes.len() - i);
            }
            b'"' | b'\'' => {
                let quote = bytes[i];
                i += 1;
                while i < bytes.len() && bytes[i] != quote && bytes[i] != b'\n' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b if b == left => depth += 1,
            b if b == right => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn first_of_kind<'t>(node: Node<'t>, kind: &str) -> Option<Node<'t>> {
    let mut cursor = node.walk();
    let found = node.named_children(&mut cursor).find(|c| c.kind() == kind);
    found
}

fn range(node: Node<'_>) -> TextRange {
    TextRange::new(node.start_byte(), node.end_byte())
}

/// `EINVAL`, `E2BIG`, `ERESTART_RESTARTBLOCK`: the shape of an errno macro.
fn is_errno_name(s: &str) -> bool {
    s.len() >= 3
        && s.starts_with('E')
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// The errno name of a `-EXXX` expression (parentheses allowed around either part).
fn negated_errno<'s>(node: Node<'_>, src: &'s str) -> Option<&'s str> {
    let node = strip_parens(node);
    if node.kind() != "unary_expression" || node.child_by_field_name("operator")?.kind() != "-" {
        return None;
    }
    let arg = strip_parens(node.child_by_field_name("argument")?);
    let name = arg.utf8_text(src.as_bytes()).ok()?;
    (arg.kind() == "identifier" && is_errno_name(name)).then_some(name)
}

fn strip_parens(mut node: Node<'_>) -> Node<'_> {
    while node.kind() == "parenthesized_expression" {
        match node.named_child(0) {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

/// The callee name of a call whose function is a plain identifier.
fn callee_name<'s>(call: Node<'_>, src: &'s str) -> Option<(&'s str, TextRange)> {
    let f = call.child_by_field_name("function")?;
    (f.kind() == "identifier").then(|| (f.utf8_text(src.as_bytes()).unwrap_or(""), range(f)))
}

/// A kernel statement macro: an expression statement whose `;` tree-sitter had to invent,
/// holding a call (`scoped_guard(...)`, `list_for_each_entry(...)`), followed by the statement
/// it governs. Returns the macro's name.
fn statement_macro<'s>(stmt: Node<'_>, src: &'s str) -> Option<&'s str> {
    if stmt.kind() != "expression_statement" {
        return None;
    }
    let last = stmt.child(stmt.child_count().checked_sub(1)?)?;
    if !last.is_missing() {
        return None;
    }
    let call = stmt.named_child(0)?;
    if call.kind() != "call_expression" {
        return None;
    }
    callee_name(call, src).map(|(n, _)| n)
}

/// True for statement macros that repeat their statement (`list_for_each_entry`,
/// `for_each_cpu`, `xa_for_each`, `while_each_thread`).
fn is_loop_macro(name: &str) -> bool {
    name.contains("for_each") || name.contains("foreach") || name.starts_with("while_")
}

/// The first pass: every call, capability check and errno comparison, by a plain walk.
struct Collector<'s> {
    src: &'s str,
    facts: BodyFacts,
    /// Call node range -> index into `facts.calls`.
    call_index: HashMap<(usize, usize), usize>,
    /// The path from the body to the node being visited.
    position: Vec<Step>,
}

impl Collector<'_> {
    fn collect(&mut self, node: Node<'_>) {
        match node.kind() {
            "call_expression" => self.call(node),
            "binary_expression" => {
                let op = node.child_by_field_name("operator").map(|o| o.kind());
                if matches!(op, Some("==" | "!=")) {
                    for side in ["left", "right"] {
                        if let Some(name) = node
                            .child_by_field_name(side)
                            .and_then(|n| negated_errno(n, self.src))
                        {
                            self.facts.tested_errnos.insert(name.to_string());
                        }
                    }
                }
            }
            "case_statement" => {
                if let Some(name) = node
                    .child_by_field_name("value")
                    .and_then(|n| negated_errno(n, self.src))
                {
                    self.facts.tested_errnos.insert(name.to_string());
                }
            }
            _ => {}
        }
        let in_sequence = node.kind() == "compound_statement";
        let mut cursor = node.walk();
        for (i, child) in node.children(&mut cursor).enumerate() {
            self.position.push(Step {
                child: i as u32,
                in_sequence,
            });
            self.collect(child);
            self.position.pop();
        }
    }

    fn call(&mut self, node: Node<'_>) {
        let Some((name, callee_range)) = callee_name(node, self.src) else {
            return;
        };
        let args: Vec<Arg> = node
            .child_by_field_name("arguments")
            .map(|list| {
                let mut cursor = list.walk();
                list.named_children(&mut cursor)
                    .filter(|a| a.kind() != "comment")
                    .map(|a| Arg {
                        text: a.utf8_text(self.src.as_bytes()).unwrap_or("").to_string(),
                        range: range(a),
                        results_of: BTreeSet::new(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let index = self.facts.calls.len();
        self.call_index
            .insert((node.start_byte(), node.end_byte()), index);
        if CAPABILITY_CHECKERS.contains(&name) {
            let mut caps = Vec::new();
            if let Some(list) = node.child_by_field_name("arguments") {
                cap_identifiers(list, self.src, &mut caps);
            }
            if !caps.is_empty() {
                self.facts.capability_checks.push(CapabilityCheck {
                    function: name.to_string(),
                    call: index,
                    caps,
                    implied: false,
                });
            }
        } else if let Some((_, implied)) = IMPLIED_CAPABILITIES.iter().find(|(n, _)| *n == name) {
            self.facts.capability_checks.push(CapabilityCheck {
                function: name.to_string(),
                call: index,
                caps: implied
                    .iter()
                    .map(|c| (c.to_string(), callee_range))
                    .collect(),
                implied: true,
            });
        }
        let position = self.position.clone();
        self.facts.calls.push(Call {
            callee: name.to_string(),
            callee_range,
            range: range(node),
            args,
            position,
        });
    }
}

fn cap_identifiers(node: Node<'_>, src: &str, out: &mut Vec<(String, TextRange)>) {
    if node.kind() == "identifier" {
        let text = node.utf8_text(src.as_bytes()).unwrap_or("");
        if text.starts_with("CAP_") && text.len() > 4 {
            out.push((text.to_string(), range(node)));
        }
        return;
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        cap_identifiers(child, src, out);
    }
}

/// Where a value may come from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Src {
    /// An `-EXXX` constant (the range of the `-EXXX` expression, in the wrapped text).
    Errno(TextRange),
    /// The result of the call with this index.
    Call(usize),
    /// The error code of the pointer the call with this index returned (`PTR_ERR(p)`).
    CallErr(usize),
    /// A value that is never an errno: a non-negative literal, a truth value, a pointer.
    NonError,
    /// Anything else.
    Opaque,
    /// A variable read before any assignment on this path.
    Uninit,
}

type Vals = BTreeSet<Src>;
type State<'s> = BTreeMap<&'s str, Vals>;

/// How control leaves a statement: falling through, by `break`, or by `continue` (`None`: not
/// that way). `return` and `goto` leave by none of these.
#[derive(Default)]
struct Flow<'s> {
    fall: Option<State<'s>>,
    brk: Option<State<'s>>,
    cont: Option<State<'s>>,
}

impl<'s> Flow<'s> {
    fn fall(state: Option<State<'s>>) -> Flow<'s> {
        Flow {
            fall: state,
            brk: None,
            cont: None,
        }
    }
}

fn join<'s>(a: Option<State<'s>>, b: Option<State<'s>>) -> Option<State<'s>> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(mut a), Some(b)) => {
            for (k, v) in b {
                a.entry(k).or_default().extend(v);
            }
            Some(a)
        }
    }
}

fn one(s: Src) -> Vals {
    BTreeSet::from([s])
}

/// The abstract interpreter (see the module documentation).
struct Interp<'s, 'c> {
    src: &'s str,
    call_index: &'c HashMap<(usize, usize), usize>,
    /// The state arriving at each label by `goto`.
    labels: HashMap<&'s str, State<'s>>,
    /// Set when a label's state grew during the current run.
    changed: bool,
    /// Return statement start -> (its range, the sources of its value).
    returns: BTreeMap<usize, (TextRange, Vals)>,
    /// (call, argument index) -> the sources of the argument's value.
    arg_sources: HashMap<(usize, usize), Vals>,
    escaping: BTreeSet<usize>,
    stored_into: BTreeSet<(usize, String)>,
    auto_freed: BTreeSet<usize>,
}

impl<'s> Interp<'s, '_> {
    fn text(&self, node: Node<'_>) -> &'s str {
        &self.src[node.start_byte()..node.end_byte()]
    }

    fn exec(&mut self, node: Node<'_>, state: Option<State<'s>>) -> Flow<'s> {
        match node.kind() {
            "compound_statement" => self.sequence(node, state),
            "expression_statement" => {
                let mut state = state;
                if let Some(e) = node.named_child(0) {
                    self.eval(e, &mut state);
                }
                Flow::fall(state)
            }
            "declaration" => {
                let mut state = state;
                self.declaration(node, &mut state);
                Flow::fall(state)
            }
            "if_statement" => {
                let mut state = state;
                if let Some(c) = node.child_by_field_name("condition") {
                    self.eval(c, &mut state);
                }
                let then = match node.child_by_field_name("consequence") {
                    Some(c) => self.exec(c, state.clone()),
                    None => Flow::fall(state.clone()),
                };
                let other = match node.child_by_field_name("alternative") {
                    Some(alt) => self.exec(alt, state),
                    None => Flow::fall(state),
                };
                Flow {
                    fall: join(then.fall, other.fall),
                    brk: join(then.brk, other.brk),
                    cont: join(then.cont, other.cont),
                }
            }
            "else_clause" => match node.named_child(0) {
                Some(s) => self.exec(s, state),
                None => Flow::fall(state),
            },
            "while_statement" => {
                let cond = node.child_by_field_name("condition");
                let body = node.child_by_field_name("body");
                self.looping(state, cond, body, None)
            }
            "do_statement" => {
                let cond = node.child_by_field_name("condition");
                let body = node.child_by_field_name("body");
                self.looping(state, cond, body, None)
            }
            "for_statement" => {
                let mut state = state;
                if let Some(init) = node.child_by_field_name("initializer") {
                    if init.kind() == "declaration" {
                        self.declaration(init, &mut state);
                    } else {
                        self.eval(init, &mut state);
                    }
                }
                let cond = node.child_by_field_name("condition");
                let update = node.child_by_field_name("update");
                let body = node.child_by_field_name("body");
                self.looping(state, cond, body, update)
            }
            "switch_statement" => self.switch(node, state),
            "return_statement" => {
                let mut state = state;
                let sources = match node.named_child(0) {
                    Some(e) if e.kind() != "comment" => self.eval(e, &mut state),
                    _ => one(Src::NonError),
                };
                if state.is_some() {
                    let entry = self
                        .returns
                        .entry(node.start_byte())
                        .or_insert_with(|| (range(node), Vals::new()));
                    entry.1.extend(sources);
                }
                Flow::default()
            }
            "goto_statement" => {
                if let (Some(label), Some(state)) = (node.child_by_field_name("label"), state) {
                    let name = self.text(label);
                    // A label seen for the first time may lie above this goto (`retry:`), where
                    // this run has already passed: run again.
                    if !self.labels.contains_key(name) {
                        self.changed = true;
                    }
                    let slot = self.labels.entry(name).or_default();
                    for (k, v) in state {
                        let vals = slot.entry(k).or_default();
                        let before = vals.len();
                        vals.extend(v);
                        if vals.len() != before {
                            self.changed = true;
                        }
                    }
                }
                Flow::default()
            }
            "labeled_statement" => {
                let name = node
                    .child_by_field_name("label")
                    .map(|l| self.text(l))
                    .unwrap_or("");
                let arriving = self.labels.get(name).cloned();
                let state = join(state, arriving);
                let mut cursor = node.walk();
                let inner: Vec<Node<'_>> = node.named_children(&mut cursor).skip(1).collect();
                let mut flow = Flow::fall(state);
                for s in inner {
                    let f = self.exec(s, flow.fall.take());
                    flow = Flow {
                        fall: f.fall,
                        brk: join(flow.brk, f.brk),
                        cont: join(flow.cont, f.cont),
                    };
                }
                flow
            }
            "break_statement" => Flow {
                fall: None,
                brk: state,
                cont: None,
            },
            "continue_statement" => Flow {
                fall: None,
                brk: None,
                cont: state,
            },
            "preproc_if" | "preproc_ifdef" | "preproc_elif" | "preproc_elifdef" => {
                // Either configuration may be built: the branches join like an `if`.
                let alternative = node.child_by_field_name("alternative");
                let mut cursor = node.walk();
                let parts: Vec<Node<'_>> = node
                    .named_children(&mut cursor)
                    .filter(|c| {
                        Some(*c) != alternative
                            && Some(*c) != node.child_by_field_name("condition")
                            && Some(*c) != node.child_by_field_name("name")
                    })
                    .collect();
                let then = self.statements(&parts, state.clone());
                let other = match alternative {
                    Some(alt) => self.exec(alt, state),
                    None => Flow::fall(state),
                };
                Flow {
                    fall: join(then.fall, other.fall),
                    brk: join(then.brk, other.brk),
                    cont: join(then.cont, other.cont),
                }
            }
            "preproc_else" => {
                let mut cursor = node.walk();
                let parts: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
                self.statements(&parts, state)
            }
            "comment"
            | "preproc_def"
            | "preproc_function_def"
            | "preproc_call"
            | "preproc_include"
            | ";" => Flow::fall(state),
            "ERROR" => {
                // Whatever tree-sitter could not place: walk it as statements and expressions,
                // and make any `return` inside it opaque, since its value cannot be trusted.
                let mut cursor = node.walk();
                let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
                if children.iter().any(|c| c.kind() == "return") && state.is_some() {
                    let entry = self
                        .returns
                        .entry(node.start_byte())
                        .or_insert_with(|| (range(node), Vals::new()));
                    entry.1.insert(Src::Opaque);
                }
                let named: Vec<Node<'_>> = children.into_iter().filter(|c| c.is_named()).collect();
                self.statements(&named, state)
            }
            _ => {
                // An expression or a construct without control flow of its own.
                let mut state = state;
                self.eval(node, &mut state);
                Flow::fall(state)
            }
        }
    }

    fn sequence(&mut self, block: Node<'_>, state: Option<State<'s>>) -> Flow<'s> {
        let mut cursor = block.walk();
        let children: Vec<Node<'_>> = block.named_children(&mut cursor).collect();
        self.statements(&children, state)
    }

    /// Runs statements in order, recognising statement macros.
    fn statements(&mut self, children: &[Node<'_>], state: Option<State<'s>>) -> Flow<'s> {
        let mut flow = Flow::fall(state);
        let mut i = 0;
        while i < children.len() {
            let child = children[i];
            let macro_name = statement_macro(child, self.src);
            let f = match (macro_name, children.get(i + 1)) {
                (Some(name), Some(&next)) if is_loop_macro(name) && is_statement(next) => {
                    let mut st = flow.fall.take();
                    if let Some(e) = child.named_child(0) {
                        self.eval(e, &mut st);
                    }
                    i += 1;
                    self.looping(st, None, Some(next), None)
                }
                _ => self.exec(child, flow.fall.take()),
            };
            flow = Flow {
                fall: f.fall,
                brk: join(flow.brk, f.brk),
                cont: join(flow.cont, f.cont),
            };
            i += 1;
        }
        flow
    }

    /// A loop: the body runs any number of times; `break` leaves it, `continue` goes round.
    fn looping(
        &mut self,
        state: Option<State<'s>>,
        cond: Option<Node<'_>>,
        body: Option<Node<'_>>,
        update: Option<Node<'_>>,
    ) -> Flow<'s> {
        let mut head = state;
        let mut brk = None;
        for _ in 0..16 {
            let mut at_cond = head.clone();
            if let Some(c) = cond {
                self.eval(c, &mut at_cond);
            }
            let f = match body {
                Some(b) => self.exec(b, at_cond.clone()),
                None => Flow::fall(at_cond.clone()),
            };
            brk = join(brk, f.brk);
            let mut back = join(f.fall, f.cont);
            if let Some(u) = update {
                self.eval(u, &mut back);
            }
            let next = join(head.clone(), back);
            if next == head {
                return Flow::fall(join(at_cond, brk));
            }
            head = next;
        }
        Flow::fall(join(head, brk))
    }

    fn switch(&mut self, node: Node<'_>, state: Option<State<'s>>) -> Flow<'s> {
        let mut entry = state;
        if let Some(c) = node.child_by_field_name("condition") {
            self.eval(c, &mut entry);
        }
        let Some(body) = node.child_by_field_name("body") else {
            return Flow::fall(entry);
        };
        let mut cursor = body.walk();
        let children: Vec<Node<'_>> = body.named_children(&mut cursor).collect();
        let mut fall: Option<State<'s>> = None;
        let mut out: Option<State<'s>> = None;
        let mut cont = None;
        let mut has_default = false;
        for child in children {
            if child.kind() == "case_statement" {
                let is_default = child.child(0).is_some_and(|k| k.kind() == "default");
                has_default |= is_default;
                let value = child.child_by_field_name("value");
                let mut cursor = child.walk();
                let stmts: Vec<Node<'_>> = child
                    .named_children(&mut cursor)
                    .filter(|c| Some(*c) != value)
                    .collect();
                let f = self.statements(&stmts, join(entry.clone(), fall.take()));
                fall = f.fall;
                out = join(out, f.brk);
                cont = join(cont, f.cont);
            } else {
                let f = self.exec(child, fall.take());
                fall = f.fall;
                out = join(out, f.brk);
                cont = join(cont, f.cont);
            }
        }
        out = join(out, fall);
        if !has_default {
            out = join(out, entry);
        }
        Flow {
            fall: out,
            brk: None,
            cont,
        }
    }

    fn declaration(&mut self, node: Node<'_>, state: &mut Option<State<'s>>) {
        let mut cursor = node.walk();
        let declarators: Vec<Node<'_>> = node
            .children_by_field_name("declarator", &mut cursor)
            .collect();
        for d in declarators {
            let (declarator, value) = if d.kind() == "init_declarator" {
                (
                    d.child_by_field_name("declarator"),
                    d.child_by_field_name("value"),
                )
            } else {
                (Some(d), None)
            };
            let Some(declarator) = declarator else {
                continue;
            };
            let Some(name) = first_identifier(declarator).map(|n| self.text(n)) else {
                continue;
            };
            let vals = match value {
                Some(v) => self.eval(v, state),
                None => one(Src::Uninit),
            };
            if self.text(declarator).contains("__free(") {
                for s in &vals {
                    if let Src::Call(i) = s {
                        self.auto_freed.insert(*i);
                    }
                }
            }
            if let Some(st) = state.as_mut() {
                st.insert(name, vals);
            }
        }
    }

    /// The sources of an expression's value, applying its assignments to `state`.
    fn eval(&mut self, node: Node<'_>, state: &mut Option<State<'s>>) -> Vals {
        match node.kind() {
            "parenthesized_expression" => {
                let mut last = one(Src::Opaque);
                let mut cursor = node.walk();
                let inner: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
                for c in inner {
                    last = self.eval(c, state);
                }
                last
            }
            "cast_expression" => match node.child_by_field_name("value") {
                Some(v) => self.eval(v, state),
                None => one(Src::Opaque),
            },
            "comma_expression" => {
                if let Some(l) = node.child_by_field_name("left") {
                    self.eval(l, state);
                }
                match node.child_by_field_name("right") {
                    Some(r) => self.eval(r, state),
                    None => one(Src::Opaque),
                }
            }
            "assignment_expression" => {
                let (Some(left), Some(right)) = (
                    node.child_by_field_name("left"),
                    node.child_by_field_name("right"),
                ) else {
                    return one(Src::Opaque);
                };
                let op = node
                    .child_by_field_name("operator")
                    .map(|o| o.kind())
                    .unwrap_or("=");
                let vals = self.eval(right, state);
                let target = strip_parens(left);
                if target.kind() == "identifier" {
                    let name = self.text(target);
                    let stored = if op == "=" {
                        vals.clone()
                    } else {
                        one(Src::Opaque)
                    };
                    forget_fields(state, name);
                    if let Some(st) = state.as_mut() {
                        st.insert(name, stored);
                    }
                } else {
                    if let Some(path) = field_path(target, self.src) {
                        // `ctx->buf = f()`: the field is tracked like a variable until
                        // something may change it (see `forget_fields`).
                        let stored = if op == "=" {
                            vals.clone()
                        } else {
                            one(Src::Opaque)
                        };
                        if let Some(st) = state.as_mut() {
                            st.insert(path, stored);
                        }
                    }
                    self.eval(left, state);
                    if op == "=" && state.is_some() {
                        self.escape(&vals);
                        let target = self.text(left);
                        for s in &vals {
                            if let Src::Call(i) = s {
                                self.stored_into.insert((*i, target.to_string()));
                            }
                        }
                    }
                }
                if op == "=" {
                    vals
                } else {
                    one(Src::Opaque)
                }
            }
            "update_expression" => {
                if let Some(arg) = node.child_by_field_name("argument") {
                    let target = strip_parens(arg);
                    if target.kind() == "identifier" {
                        let name = self.text(target);
                        if let Some(st) = state.as_mut() {
                            st.insert(name, one(Src::Opaque));
                        }
                    }
                }
                one(Src::Opaque)
            }
            "conditional_expression" => {
                let cond = node
                    .child_by_field_name("condition")
                    .map(|c| self.eval(c, state))
                    .unwrap_or_default();
                let mut vals = match node.child_by_field_name("consequence") {
                    Some(c) => self.eval(c, state),
                    // GNU `a ?: b` yields `a` itself when it is true.
                    None => cond,
                };
                if let Some(a) = node.child_by_field_name("alternative") {
                    vals.extend(self.eval(a, state));
                }
                vals
            }
            "unary_expression" => {
                if negated_errno(node, self.src).is_some() {
                    return one(Src::Errno(range(node)));
                }
                let op = node
                    .child_by_field_name("operator")
                    .map(|o| o.kind())
                    .unwrap_or("");
                if let Some(a) = node.child_by_field_name("argument") {
                    self.eval(a, state);
                }
                if op == "!" {
                    one(Src::NonError)
                } else {
                    one(Src::Opaque)
                }
            }
            "pointer_expression" => {
                let op = node
                    .child_by_field_name("operator")
                    .map(|o| o.kind())
                    .unwrap_or("");
                if let Some(a) = node.child_by_field_name("argument") {
                    let target = strip_parens(a);
                    if op == "&" && target.kind() != "identifier" {
                        if let Some(path) = field_path(target, self.src) {
                            // `&ctx->err` escapes: anything may be stored there.
                            forget_fields(state, root_of(path));
                        }
                    }
                    if op == "&" && target.kind() == "identifier" {
                        // Its address escapes: whatever receives it may store anything there.
                        let name = self.text(target);
                        forget_fields(state, name);
                        if let Some(st) = state.as_mut() {
                            st.entry(name).or_default().insert(Src::Opaque);
                        }
                    } else {
                        self.eval(a, state);
                    }
                }
                if op == "&" {
                    one(Src::NonError)
                } else {
                    one(Src::Opaque)
                }
            }
            "binary_expression" => {
                let op = node
                    .child_by_field_name("operator")
                    .map(|o| o.kind())
                    .unwrap_or("");
                if let Some(l) = node.child_by_field_name("left") {
                    self.eval(l, state);
                }
                if let Some(r) = node.child_by_field_name("right") {
                    self.eval(r, state);
                }
                match op {
                    "==" | "!=" | "<" | ">" | "<=" | ">=" | "&&" | "||" => one(Src::NonError),
                    _ => one(Src::Opaque),
                }
            }
            "call_expression" => self.call(node, state),
            "identifier" => {
                let name = self.text(node);
                if let Some(vals) = state.as_ref().and_then(|st| st.get(name)) {
                    return vals.clone();
                }
                match name {
                    "NULL" | "true" | "false" => one(Src::NonError),
                    _ => one(Src::Opaque),
                }
            }
            "field_expression" => {
                if let Some(vals) =
                    field_path(node, self.src).and_then(|p| state.as_ref().and_then(|st| st.get(p)))
                {
                    return vals.clone();
                }
                if let Some(arg) = node.child_by_field_name("argument") {
                    self.eval(arg, state);
                }
                one(Src::Opaque)
            }
            "number_literal"
            | "char_literal"
            | "string_literal"
            | "concatenated_string"
            | "sizeof_expression"
            | "alignof_expression"
            | "offsetof_expression"
            | "true"
            | "false"
            | "null" => one(Src::NonError),
            _ => {
                // Field and array accesses, compound literals, statement expressions...: walk
                // the children for their assignments and calls, and give up on the value.
                let mut cursor = node.walk();
                let children: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
                for c in children {
                    if is_statement(c) {
                        let taken = state.take();
                        *state = self.exec(c, taken).fall;
                    } else {
                        self.eval(c, state);
                    }
                }
                one(Src::Opaque)
            }
        }
    }

    fn call(&mut self, node: Node<'_>, state: &mut Option<State<'s>>) -> Vals {
        let index = self
            .call_index
            .get(&(node.start_byte(), node.end_byte()))
            .copied();
        let mut arg_vals = Vec::new();
        if let Some(list) = node.child_by_field_name("arguments") {
            let mut cursor = list.walk();
            let args: Vec<Node<'_>> = list
                .named_children(&mut cursor)
                .filter(|a| a.kind() != "comment")
                .collect();
            for (i, a) in args.into_iter().enumerate() {
                let vals = self.eval(a, state);
                if let (Some(call), true) = (index, state.is_some()) {
                    self.arg_sources
                        .entry((call, i))
                        .or_default()
                        .extend(vals.iter().cloned());
                }
                arg_vals.push(vals);
            }
        }
        let function = node.child_by_field_name("function");
        if let Some(f) = function.filter(|f| f.kind() != "identifier") {
            // `CLASS(fd, f)(fd)`, `guard(mutex)(&m)`, `ops->fn(x)`: evaluate the callee
            // expression, and the result is whatever the pointer returns.
            self.eval(f, state);
            return one(Src::Opaque);
        }
        let name = function.map(|f| self.text(f)).unwrap_or("");
        if !TRANSPARENT.contains(&name) && !NON_ERROR.contains(&name) {
            // A callee given `ctx` may change any `ctx->field`.
            if let Some(list) = node.child_by_field_name("arguments") {
                let mut cursor = list.walk();
                let bases: Vec<&'s str> = list
                    .named_children(&mut cursor)
                    .map(strip_parens)
                    .filter(|a| a.kind() == "identifier")
                    .map(|a| self.text(a))
                    .collect();
                for base in bases {
                    forget_fields(state, base);
                }
            }
        }
        if TRANSPARENT.contains(&name) {
            let mut vals = arg_vals
                .into_iter()
                .next()
                .unwrap_or_else(|| one(Src::Opaque));
            if name.starts_with("PTR_ERR") {
                // Only the error code of the pointer goes on; a valid pointer does not.
                vals = vals
                    .into_iter()
                    .map(|s| match s {
                        Src::Call(i) => Src::CallErr(i),
                        other => other,
                    })
                    .collect();
            }
            if name == "PTR_ERR_OR_ZERO" {
                vals.insert(Src::NonError);
            }
            return vals;
        }
        if OWNERSHIP_TRANSFER.contains(&name) {
            let vals = arg_vals
                .into_iter()
                .next()
                .unwrap_or_else(|| one(Src::Opaque));
            if state.is_some() {
                self.escape(&vals);
            }
            return vals;
        }
        if NON_ERROR.contains(&name) {
            return one(Src::NonError);
        }
        match index {
            Some(i) => one(Src::Call(i)),
            None => one(Src::Opaque),
        }
    }

    fn escape(&mut self, vals: &Vals) {
        for s in vals {
            if let Src::Call(i) = s {
                self.escaping.insert(*i);
            }
        }
    }
}

/// The text of a field access made only of identifiers (`ctx->buf`, `a.b->c`), tracked like a
/// variable; `None` for anything with a call, an index or a cast in it.
fn field_path<'s>(node: Node<'_>, src: &'s str) -> Option<&'s str> {
    let mut n = node;
    while n.kind() == "field_expression" {
        n = strip_parens(n.child_by_field_name("argument")?);
    }
    if n.kind() != "identifier" || node.kind() != "field_expression" {
        return None;
    }
    src.get(node.start_byte()..node.end_byte())
}

/// The variable a field path starts with (`ctx` in `ctx->buf.len`).
fn root_of(path: &str) -> &str {
    let end = path
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(path.len());
    &path[..end]
}

/// Forgets the tracked fields of `base`: it was reassigned, its address taken, or it was given
/// to a callee that may change them. A forgotten field reads as an opaque value.
fn forget_fields(state: &mut Option<BTreeMap<&str, Vals>>, base: &str) {
    if let Some(st) = state.as_mut() {
        st.retain(|k, _| !(k.len() > base.len() && k.starts_with(base) && root_of(k) == base));
    }
}

fn is_statement(node: Node<'_>) -> bool {
    node.kind().ends_with("_statement") || node.kind() == "declaration"
}

/// The declared name of a declarator: its first identifier (`buf` in `*buf __free(kfree)`).
fn first_identifier(node: Node<'_>) -> Option<Node<'_>> {
    if node.kind() == "identifier" {
        return Some(node);
    }
    let mut cursor = node.walk();
    let children: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
    children.into_iter().find_map(first_identifier)
}

#[cfg(test)]
mod tests;
