//! Finds the declaration a kerneldoc comment documents: `SYSCALL_DEFINEn(...)`,
//! `COMPAT_SYSCALL_DEFINEn(...)`, or a C function definition or prototype.
//!
//! This reads the declaration text itself rather than the tree-sitter tree: tree-sitter-c turns
//! the syscall macros into ERROR nodes, and kernel attributes (`__init`, `__printf(1, 2)`,
//! `__acquires(x)`) confuse it too. It also records how the upstream `kapi` extractor, whose
//! line-based rules (language reference §1.3) miss multi-line prototypes, pointer return types
//! and attributes, would name the same declaration, so the two can be compared.

use crate::comment::raw_lines;
use crate::text::TextRange;

/// A documented declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    pub kind: DeclKind,
    /// The spec name: `sys_<x>` for syscalls, the function name otherwise.
    pub name: String,
    /// The name as written: `x` inside `SYSCALL_DEFINEn(x, ...)`, or the function name.
    pub name_range: TextRange,
    /// The return type as written, white space normalised (`struct widget *`); `long` for
    /// syscalls.
    pub return_type: String,
    pub params: Vec<CParam>,
    /// True when the parameter list ends in `...`.
    pub variadic: bool,
    /// From the first token of the declaration to the `)` closing its parameter list.
    pub signature: TextRange,
    /// The `{ ... }` body of a definition.
    pub body: Option<TextRange>,
    /// How the upstream extractor sees this declaration; `None` when it does not find it and
    /// therefore drops the spec.
    pub upstream: Option<UpstreamView>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeclKind {
    /// `SYSCALL_DEFINEn` (or `COMPAT_SYSCALL_DEFINEn` when `compat`), with its declared `n`.
    Syscall { compat: bool, arity: Option<u32> },
    /// A C function, a definition when it has a body.
    Function,
}

/// The upstream API type of a spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ApiType {
    Syscall,
    Ioctl,
    Function,
}

impl ApiType {
    pub fn as_str(self) -> &'static str {
        match self {
            ApiType::Syscall => "syscall",
            ApiType::Ioctl => "ioctl",
            ApiType::Function => "function",
        }
    }
}

/// One parameter of the C signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CParam {
    /// The type with the name removed, white space normalised (`const char __user *`).
    pub ty: String,
    /// The parameter name; empty for an unnamed prototype parameter.
    pub name: String,
    pub range: TextRange,
    pub name_range: TextRange,
}

/// The upstream extractor's reading of a declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpstreamView {
    pub name: String,
    pub api_type: ApiType,
    /// `type_name` per parameter name, built the way upstream builds it (reference §1.4).
    pub type_names: Vec<(String, String)>,
}

impl UpstreamView {
    pub fn type_name(&self, param: &str) -> Option<&str> {
        self.type_names
            .iter()
            .find(|(n, _)| n == param)
            .map(|(_, t)| t.as_str())
    }
}

/// Finds the declaration that starts after `from` (the line after a comment's `*/`).
pub fn find_declaration(text: &str, from: usize) -> Option<Declaration> {
    let start = first_code_offset(text, from)?;
    let mut decl = parse_at(text, start)?;
    decl.upstream = upstream_view(text, from);
    Some(decl)
}

/// Skips blank lines and ordinary comments; returns where the first code line starts.
fn first_code_offset(text: &str, from: usize) -> Option<usize> {
    let mut in_block_comment = false;
    for line in raw_lines(text, from).take(60) {
        let raw = line.range.slice(text);
        let mut rest = raw;
        let mut offset = line.range.start;
        loop {
            if in_block_comment {
                match rest.find("*/") {
                    Some(i) => {
                        in_block_comment = false;
                        offset += i + 2;
                        rest = &rest[i + 2..];
                    }
                    None => break,
                }
            }
            let trimmed = rest.trim_start();
            offset += rest.len() - trimmed.len();
            rest = trimmed;
            if rest.is_empty() || rest.starts_with("//") {
                break;
            }
            if let Some(after) = rest.strip_prefix("/*") {
                // A kerneldoc comment right after this one documents something else.
                if after.starts_with('*') && !after.starts_with("*/") {
                    return None;
                }
                in_block_comment = true;
                offset += 2;
                rest = after;
                continue;
            }
            return Some(offset);
        }
    }
    None
}

/// A C token with its byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Tok<'a> {
    text: &'a str,
    range: TextRange,
}

impl Tok<'_> {
    fn is_ident(&self) -> bool {
        self.text
            .starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
    }
}

/// Tokenises C text from `start` until the end of a top-level declaration (`{`, `;` or `=` at
/// depth 0, included), skipping comments, strings and preprocessor lines. Gives up after a few
/// kilobytes.
fn tokens_until_decl_end(text: &str, start: usize) -> Vec<Tok<'_>> {
    const LIMIT: usize = 8 * 1024;
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = start;
    let mut depth = 0i32;
    while i < bytes.len() && i - start < LIMIT {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if bytes[i..].starts_with(b"/*") {
            i = text[i + 2..]
                .find("*/")
                .map_or(bytes.len(), |j| i + 2 + j + 2);
        } else if bytes[i..].starts_with(b"//") || (c == b'#' && at_line_start(text, i)) {
            i = text[i..].find('\n').map_or(bytes.len(), |j| i + j);
        } else if c == b'"' || c == b'\'' {
            let end = skip_quoted(bytes, i);
            out.push(Tok {
                text: &text[i..end],
                range: TextRange::new(i, end),
            });
            i = end;
        } else if c.is_ascii_alphanumeric() || c == b'_' {
            let end = i + bytes[i..]
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
                .unwrap_or(bytes.len() - i);
            out.push(Tok {
                text: &text[i..end],
                range: TextRange::new(i, end),
            });
            i = end;
        } else if bytes[i..].starts_with(b"...") {
            out.push(Tok {
                text: &text[i..i + 3],
                range: TextRange::new(i, i + 3),
            });
            i += 3;
        } else {
            let len = text[i..].chars().next().map_or(1, char::len_utf8);
            out.push(Tok {
                text: &text[i..i + len],
                range: TextRange::new(i, i + len),
            });
            i += len;
            match c {
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth -= 1,
                b'{' | b';' | b'=' if depth <= 0 => break,
                _ => {}
            }
        }
    }
    out
}

fn at_line_start(text: &str, i: usize) -> bool {
    text[..i]
        .bytes()
        .rev()
        .take_while(|&b| b != b'\n')
        .all(|b| b == b' ' || b == b'\t')
}

fn skip_quoted(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The index of the token closing the group opened at `open`.
fn matching(tokens: &[Tok<'_>], open: usize) -> Option<usize> {
    let mut depth = 0;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        match t.text {
            "(" | "[" => depth += 1,
            ")" | "]" => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Attribute macros that take arguments and appear around a function's name.
const ATTRIBUTE_CALLS: &[&str] = &[
    "__attribute__",
    "__attribute",
    "__printf",
    "__scanf",
    "__aligned",
    "__section",
    "__alloc_size",
    "__realloc_size",
    "__acquires",
    "__releases",
    "__must_hold",
    "__cond_acquires",
    "__cond_releases",
    "__assume_aligned",
    "__diagnose_as",
    "__counted_by",
    "__free",
    "__cleanup",
    "__nocfi_generic",
    "__no_sanitize_or_inline",
    "__malloc",
    "__designated_init",
    "__alias",
    "__weak_alias",
];

/// Storage classes and attribute words that are not part of a return type.
const SPECIFIER_WORDS: &[&str] = &[
    "static",
    "inline",
    "extern",
    "asmlinkage",
    "__always_inline",
    "__inline",
    "__inline__",
    "noinline",
    "notrace",
    "__init",
    "__exit",
    "__cold",
    "__hot",
    "__weak",
    "__visible",
    "__must_check",
    "__noreturn",
    "__sched",
    "__kprobes",
    "noinstr",
    "__ref",
    "__meminit",
    "__cpuinit",
    "__devinit",
    "__always_unused",
    "__maybe_unused",
    "__used",
    "__flatten",
    "__pure",
    "__const",
    "__latent_entropy",
    "__noinline",
    "__init_or_module",
    "__nocfi",
    "__bpf_kfunc",
    "__deprecated",
    "__irq_entry",
    "__softirq_entry",
    "__lockfunc",
    "__ro_after_init",
    "SYSCALL_DEFINE",
];

/// Words that cannot be a parameter's name.
const TYPE_WORDS: &[&str] = &[
    "void",
    "char",
    "short",
    "int",
    "long",
    "float",
    "double",
    "signed",
    "unsigned",
    "const",
    "volatile",
    "restrict",
    "__restrict",
    "struct",
    "union",
    "enum",
    "__user",
    "__iomem",
    "__percpu",
    "__rcu",
    "__force",
    "__kernel",
    "_Bool",
    "bool",
    "__le16",
    "__le32",
    "__le64",
    "__be16",
    "__be32",
    "__be64",
    "u8",
    "u16",
    "u32",
    "u64",
    "s8",
    "s16",
    "s32",
    "s64",
    "size_t",
    "ssize_t",
    "loff_t",
    "umode_t",
    "pid_t",
    "uid_t",
    "gid_t",
    "gfp_t",
];

fn normalise(parts: &[Tok<'_>]) -> String {
    let mut out = String::new();
    for (i, t) in parts.iter().enumerate() {
        let glue = i > 0
            && !matches!(t.text, ")" | "]" | "[" | ",")
            && (t.text != "(" || parts[i - 1].is_ident())
            && !matches!(parts[i - 1].text, "(" | "[")
            && (t.text != "*" || parts[i - 1].text != "*");
        if glue {
            out.push(' ');
        }
        out.push_str(t.text);
    }
    out
}

fn parse_at(text: &str, start: usize) -> Option<Declaration> {
    let tokens = tokens_until_decl_end(text, start);
    if let Some(pos) = tokens.iter().position(|t| {
        t.text
            .strip_prefix("SYSCALL_DEFINE")
            .or_else(|| t.text.strip_prefix("COMPAT_SYSCALL_DEFINE"))
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty())
    }) {
        return parse_syscall(text, &tokens, pos);
    }
    parse_function(text, &tokens)
}

fn parse_syscall(text: &str, tokens: &[Tok<'_>], pos: usize) -> Option<Declaration> {
    let macro_tok = tokens[pos];
    let compat = macro_tok.text.starts_with("COMPAT_");
    let arity = macro_tok
        .text
        .trim_start_matches("COMPAT_")
        .trim_start_matches("SYSCALL_DEFINE")
        .parse()
        .ok();
    if tokens.get(pos + 1)?.text != "(" {
        return None;
    }
    let close = matching(tokens, pos + 1)?;
    let args = split_top_level(&tokens[pos + 2..close]);
    let name_tok = *args.first()?.first()?;
    if !name_tok.is_ident() {
        return None;
    }
    let mut params = Vec::new();
    for pair in args[1..].chunks(2) {
        let [ty, name] = pair else { break };
        let (Some(first), Some(last)) = (ty.first(), name.last()) else {
            continue;
        };
        let name_text: String = name.iter().map(|t| t.text).collect();
        params.push(CParam {
            ty: normalise(ty),
            name: name_text,
            range: first.range.cover(last.range),
            name_range: name[0].range.cover(last.range),
        });
    }
    let body = body_after(text, tokens, close);
    Some(Declaration {
        kind: DeclKind::Syscall { compat, arity },
        name: format!("sys_{}", name_tok.text),
        name_range: name_tok.range,
        return_type: "long".to_string(),
        params,
        variadic: false,
        signature: tokens[0].range.cover(tokens[close].range),
        body,
        upstream: None,
    })
}

/// Splits a token list at top-level commas.
fn split_top_level<'a, 'b>(tokens: &'b [Tok<'a>]) -> Vec<&'b [Tok<'a>]> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        match t.text {
            "(" | "[" => depth += 1,
            ")" | "]" => depth -= 1,
            "," if depth == 0 => {
                out.push(&tokens[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < tokens.len() || !out.is_empty() {
        out.push(&tokens[start..]);
    }
    out
}

fn parse_function(text: &str, tokens: &[Tok<'_>]) -> Option<Declaration> {
    let last = tokens.last()?;
    if last.text == "=" {
        return None;
    }
    // The function name is the first identifier followed by `(` at depth 0 that is not an
    // attribute macro.
    let mut i = 0;
    let mut name_at = None;
    while i + 1 < tokens.len() {
        let t = tokens[i];
        if t.text == "(" || t.text == "[" {
            i = matching(tokens, i)? + 1;
            continue;
        }
        if t.is_ident() && tokens[i + 1].text == "(" {
            if ATTRIBUTE_CALLS.contains(&t.text) || t.text.starts_with("__attribute") {
                i = matching(tokens, i + 1)? + 1;
                continue;
            }
            name_at = Some(i);
            break;
        }
        if matches!(t.text, "{" | ";" | "=" | "}") || (!t.is_ident() && t.text != "*") {
            return None;
        }
        i += 1;
    }
    let name_at = name_at?;
    let name_tok = tokens[name_at];
    if matches!(
        name_tok.text,
        "if" | "while" | "for" | "switch" | "return" | "sizeof"
    ) {
        return None;
    }
    let close = matching(tokens, name_at + 1)?;
    // The return type: what precedes the name, less specifiers and attributes.
    let mut ret = Vec::new();
    let mut j = 0;
    while j < name_at {
        let t = tokens[j];
        if t.is_ident() && tokens.get(j + 1).is_some_and(|n| n.text == "(") {
            j = matching(tokens, j + 1).unwrap_or(j) + 1;
            continue;
        }
        if !SPECIFIER_WORDS.contains(&t.text) {
            ret.push(t);
        }
        j += 1;
    }
    if ret.is_empty() {
        return None;
    }
    let inner = &tokens[name_at + 2..close];
    let mut params = Vec::new();
    let mut variadic = false;
    for part in split_top_level(inner) {
        if part.len() == 1 && part[0].text == "void" {
            continue;
        }
        if part.len() == 1 && part[0].text == "..." {
            variadic = true;
            continue;
        }
        if let Some(p) = parse_param(part) {
            params.push(p);
        }
    }
    let body = body_after(text, tokens, close);
    Some(Declaration {
        kind: DeclKind::Function,
        name: name_tok.text.to_string(),
        name_range: name_tok.range,
        return_type: normalise(&ret),
        params,
        variadic,
        signature: tokens[0].range.cover(tokens[close].range),
        body,
        upstream: None,
    })
}

fn parse_param(part: &[Tok<'_>]) -> Option<CParam> {
    let (first, last) = (part.first()?, part.last()?);
    let range = first.range.cover(last.range);
    // A function pointer: the name is the identifier inside the first parenthesised group.
    let name_idx = if let Some(open) = part.iter().position(|t| t.text == "(") {
        let close = matching(part, open).unwrap_or(part.len() - 1);
        part[open..close]
            .iter()
            .rposition(|t| t.is_ident())
            .map(|k| open + k)
    } else {
        // Otherwise the last identifier before any array brackets.
        let end = part
            .iter()
            .position(|t| t.text == "[")
            .unwrap_or(part.len());
        let idx = part[..end].iter().rposition(|t| t.is_ident());
        let named = idx.is_some_and(|k| {
            let t = part[k];
            let idents = part[..end].iter().filter(|t| t.is_ident()).count();
            let after_tag = k > 0 && matches!(part[k - 1].text, "struct" | "union" | "enum");
            idents > 1 && !TYPE_WORDS.contains(&t.text) && !after_tag
        });
        if named {
            idx
        } else {
            None
        }
    };
    match name_idx {
        Some(k) => {
            let mut ty: Vec<Tok<'_>> = part.to_vec();
            ty.remove(k);
            Some(CParam {
                ty: normalise(&ty),
                name: part[k].text.to_string(),
                range,
                name_range: part[k].range,
            })
        }
        None => Some(CParam {
            ty: normalise(part),
            name: String::new(),
            range,
            name_range: TextRange::empty(range.end),
        }),
    }
}

/// The `{ ... }` body after the parameter list closing at `close`, if this is a definition.
fn body_after(text: &str, tokens: &[Tok<'_>], close: usize) -> Option<TextRange> {
    let open = tokens[close + 1..]
        .iter()
        .find(|t| matches!(t.text, "{" | ";" | "="))?;
    if open.text != "{" {
        return None;
    }
    let end = matching_brace(text, open.range.start)?;
    Some(TextRange::new(open.range.start, end))
}

/// The offset just past the `}` matching the `{` at `open`, skipping comments, strings and
/// character literals. `None` when the file ends first.
pub fn matching_brace(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b'"' | b'\'' => {
                i = skip_quoted(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |j| i + 2 + j + 2);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |j| i + j);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Applies the upstream extractor's naming rules (reference §1.3) to the lines after `from`.
fn upstream_view(text: &str, from: usize) -> Option<UpstreamView> {
    for line in raw_lines(text, from).take(10) {
        let raw = line.range.slice(text);
        let t = raw.trim_start();
        if t.is_empty() || t.starts_with("/*") || t.starts_with('*') {
            continue;
        }
        if let Some(name) = syscall_word(raw) {
            let sig = joined_signature(text, line.range.start);
            return Some(UpstreamView {
                name: format!("sys_{name}"),
                api_type: ApiType::Syscall,
                type_names: upstream_type_names(&sig),
            });
        }
        if let Some(name) = ioctl_name(t) {
            return Some(UpstreamView {
                name: name.to_string(),
                api_type: ApiType::Ioctl,
                type_names: upstream_type_names(raw),
            });
        }
        if let Some(name) = simple_function_name(raw) {
            return Some(UpstreamView {
                name: name.to_string(),
                api_type: ApiType::Function,
                type_names: upstream_type_names(raw),
            });
        }
        if !(raw.starts_with(' ') || raw.starts_with('\t')) {
            return None;
        }
    }
    None
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `SYSCALL_DEFINE<digits>(<word>` anywhere in the line.
fn syscall_word(line: &str) -> Option<&str> {
    let mut search = 0;
    while let Some(i) = line[search..].find("SYSCALL_DEFINE") {
        let at = search + i + "SYSCALL_DEFINE".len();
        let digits = line[at..].bytes().take_while(u8::is_ascii_digit).count();
        let rest = &line[at + digits..];
        if digits > 0 {
            if let Some(args) = rest.strip_prefix('(') {
                let args = args.trim_start();
                let len = args.bytes().take_while(|&b| is_word_byte(b)).count();
                if len > 0 {
                    return Some(&args[..len]);
                }
            }
        }
        search = at;
    }
    None
}

/// Optional `static`, then `long <word>_ioctl(`.
fn ioctl_name(trimmed: &str) -> Option<&str> {
    let t = trimmed
        .strip_prefix("static")
        .map_or(trimmed, |r| r.trim_start());
    let t = t.strip_prefix("long")?;
    if !t.starts_with(char::is_whitespace) {
        return None;
    }
    let t = t.trim_start();
    let len = t.bytes().take_while(|&b| is_word_byte(b)).count();
    let name = &t[..len];
    (name.ends_with("_ioctl") && t[len..].starts_with('(')).then_some(name)
}

/// At column 0: optional `static`/`inline`, an optional return type from upstream's fixed
/// list, then `name(...)` with the `)` on the same line. The list is narrower than C: `long`,
/// `int`, `void`, `char`, `short` (each optionally `unsigned`), `struct X` with an optional
/// `*` that must be followed by white space, or a word ending in `_t`. So `bool f(...)`,
/// `struct x *f(...)` and `int __init f(...)` are not found upstream.
fn simple_function_name(line: &str) -> Option<&str> {
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    let paren = line.find('(')?;
    if !line[paren..].contains(')') {
        return None;
    }
    let head = line[..paren].trim_end();
    let mut rest = head;
    for kw in ["static", "inline"] {
        if let Some(r) = rest
            .strip_prefix(kw)
            .filter(|r| r.starts_with(char::is_whitespace))
        {
            rest = r.trim_start();
        }
    }
    let name_len = rest.bytes().rev().take_while(|&b| is_word_byte(b)).count();
    let (ty, name) = rest.split_at(rest.len() - name_len);
    if name.is_empty() {
        return None;
    }
    let ty = ty.trim_end();
    // The type, when present, must be separated from the name by white space.
    if !ty.is_empty() && ty.len() == rest.len() - name_len {
        return None;
    }
    (ty.is_empty() || upstream_return_type(ty)).then_some(name)
}

fn upstream_return_type(ty: &str) -> bool {
    let ty = ty.strip_prefix("unsigned").map_or(ty, |r| {
        if r.starts_with(char::is_whitespace) {
            r.trim_start()
        } else {
            ty
        }
    });
    if matches!(ty, "long" | "int" | "void" | "char" | "short") {
        return true;
    }
    if let Some(tag) = ty
        .strip_prefix("struct")
        .filter(|r| r.starts_with(char::is_whitespace))
    {
        let tag = tag.trim_start().trim_end_matches('*').trim_end();
        return !tag.is_empty() && tag.bytes().all(is_word_byte);
    }
    ty.ends_with("_t") && ty.bytes().all(is_word_byte)
}

/// The syscall signature text: lines joined from the macro line until its parentheses balance
/// (at most 20 lines).
fn joined_signature(text: &str, start: usize) -> String {
    let mut sig = String::new();
    let mut depth = 0i32;
    let mut opened = false;
    for line in raw_lines(text, start).take(20) {
        let raw = line.range.slice(text);
        if !sig.is_empty() {
            sig.push(' ');
        }
        sig.push_str(raw);
        for c in raw.chars() {
            match c {
                '(' => {
                    depth += 1;
                    opened = true;
                }
                ')' => depth -= 1,
                _ => {}
            }
        }
        if opened && depth <= 0 {
            break;
        }
    }
    sig
}

/// Upstream's `(type, name)` pairing over a signature (reference §1.4): the text between the
/// first `(` and the last `)`, split on commas, the first item skipped.
fn upstream_type_names(sig: &str) -> Vec<(String, String)> {
    let Some(open) = sig.find('(') else {
        return Vec::new();
    };
    let close = sig.rfind(')').filter(|&c| c > open).unwrap_or(sig.len());
    let parts: Vec<&str> = sig[open + 1..close].split(',').map(str::trim).collect();
    let mut out: Vec<(String, String)> = Vec::new();
    let mut i = 1;
    while i + 1 < parts.len() {
        let (ty, name) = (parts[i], parts[i + 1]);
        let entry = (name.to_string(), format!("{ty} {name}"));
        // Upstream keeps these in a map: a repeated name keeps the last type.
        match out.iter_mut().find(|(n, _)| *n == entry.0) {
            Some(slot) => *slot = entry,
            None => out.push(entry),
        }
        i += 2;
    }
    out
}

#[cfg(test)]
mod tests;
