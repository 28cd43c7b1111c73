//! Value grammars exactly as the upstream `kapi` extractor reads them (language reference §5.3,
//! §4.9, §2.4): C integer literals, return `success:` forms, hex-or-bitmask numbers, and the
//! folding of free-text sections. Each function mirrors the upstream behaviour, including what it
//! leaves unset, because the exported JSON must agree field for field.

/// A C integer literal as the compiler evaluates it on LP64, as a 64-bit pattern: optional `-`,
/// `0x`/`0b`/leading-`0` octal/decimal digits, at most one `u` and two `l` suffix letters. The
/// literal's C type decides how `-` wraps (`-1U` is 4294967295). `None` for anything that needs
/// the preprocessor (`INT_MAX`, `A | B`, `sizeof(x)`) or is not a literal (`08`, `+5`).
pub(crate) fn eval_c_int_literal(s: &str) -> Option<u64> {
    let t = s.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t),
    };
    let body = t.trim_end_matches(['u', 'U', 'l', 'L']);
    let suffix = &t[body.len()..];
    let unsigned = match suffix.matches(['u', 'U']).count() {
        0 => false,
        1 => true,
        _ => return None,
    };
    let longs = suffix.matches(['l', 'L']).count();
    if longs > 2 {
        return None;
    }
    let (digits, radix) =
        if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (h, 16)
        } else if let Some(b) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
            (b, 2)
        } else if body.len() > 1 && body.starts_with('0') {
            (&body[1..], 8)
        } else {
            (body, 10)
        };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = u64::from_str_radix(digits, radix).ok()?;
    // Decimal literals without `u` only take signed types; one too large for long long is
    // treated as unsigned, as GCC does.
    let value = if longs == 0 && !unsigned && v <= i32::MAX as u64 {
        let x = v as i32;
        (if neg { x.wrapping_neg() } else { x }) as i64 as u64
    } else if longs == 0 && (unsigned || radix != 10) && v <= u32::MAX as u64 {
        let x = v as u32;
        u64::from(if neg { x.wrapping_neg() } else { x })
    } else if !unsigned && v <= i64::MAX as u64 {
        let x = v as i64;
        (if neg { x.wrapping_neg() } else { x }) as u64
    } else if neg {
        v.wrapping_neg()
    } else {
        v
    };
    Some(value)
}

pub(crate) fn parse_i64_literal(s: &str) -> Option<i64> {
    eval_c_int_literal(s).map(|v| v as i64)
}

/// How an argument that should be a number reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Num {
    /// A C integer literal, with its value.
    Value(i64),
    /// A symbol or expression the C preprocessor resolves (`INT_MAX`, `PAGE_SIZE - 1`): upstream
    /// leaves the field unset, which is legitimate.
    Symbolic,
    /// Looks like a number but is not a C literal (`08`, `4k`, `0x`, `1uu`), or is empty.
    Malformed,
}

/// Classifies an argument of a call form (`range(0, INT_MAX)`).
pub(crate) fn classify_number(s: &str) -> Num {
    if let Some(v) = parse_i64_literal(s) {
        return Num::Value(v);
    }
    if looks_like_number(s) {
        Num::Malformed
    } else {
        Num::Symbolic
    }
}

/// A single pp-number-like token (`08`, `4k`, `-0x`, `10MB`) or nothing at all.
pub(crate) fn looks_like_number(s: &str) -> bool {
    let t = s.trim();
    let t = t.strip_prefix('-').map_or(t, str::trim_start);
    match t.chars().next() {
        None => true,
        Some(c) if c.is_ascii_digit() => t
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.'),
        _ => false,
    }
}

/// True for a C identifier (`SIGPIPE`, `PAGE_SIZE`).
pub(crate) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A return `success:` value as `(exact value, range minimum, range maximum)`: `>= N` is
/// `[N, i64::MAX]` (an unreadable `N` gives 0); `N`, `= N` and `== N` are an exact value, and
/// every other text leaves the range at `[0, i64::MAX]`.
pub(crate) fn parse_return_success(text: &str) -> (Option<i64>, Option<i64>, Option<i64>) {
    let t = text.trim();
    if let Some(min) = t.strip_prefix(">=") {
        return (
            None,
            Some(parse_i64_literal(min).unwrap_or(0)),
            Some(i64::MAX),
        );
    }
    let exact = t
        .strip_prefix("==")
        .or_else(|| t.strip_prefix('='))
        .unwrap_or(t);
    (parse_i64_literal(exact), Some(0), Some(i64::MAX))
}

/// `0x..` hex or decimal u32, else the OR of such numbers joined by `|` or `,`; anything else
/// (symbols) adds 0 (signal `sa-flags-*:`).
pub(crate) fn parse_hex_or_bitmask(value: &str) -> u32 {
    fn one(t: &str) -> Option<u32> {
        if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
            if let Ok(n) = u32::from_str_radix(hex, 16) {
                return Some(n);
            }
        }
        t.parse::<u32>().ok()
    }
    let v = value.trim();
    if let Some(n) = one(v) {
        return n;
    }
    v.split(['|', ','])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .filter_map(one)
        .fold(0, |acc, n| acc | n)
}

/// Folds `long-desc:`/`notes:` text: blank lines separate paragraphs (`\n\n`), a line starting
/// `- ` starts a new line, any other line joins the previous one with a space; tabs become
/// spaces.
pub(crate) fn fold_paragraphs<'s>(lines: impl IntoIterator<Item = &'s str>) -> String {
    let mut paragraphs: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else if line.starts_with("- ") || current.is_empty() {
            current.push(line.to_string());
        } else if let Some(last) = current.last_mut() {
            last.push(' ');
            last.push_str(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
        .iter()
        .map(|p| p.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
        .replace('\t', " ")
}

fn expand_tabs(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut col = 0;
    for c in line.chars() {
        if c == '\t' {
            let pad = 8 - col % 8;
            out.extend(std::iter::repeat_n(' ', pad));
            col += pad;
        } else {
            out.push(c);
            col += 1;
        }
    }
    out
}

/// Folds `examples:` text line by line: tabs expanded to 8 columns, trailing space removed,
/// leading and trailing blank lines dropped, the smallest indent of the lines after the first
/// removed from every line, runs of blank lines collapsed to one.
pub(crate) fn fold_lines<'s>(lines: impl IntoIterator<Item = &'s str>) -> String {
    let mut lines: Vec<String> = lines
        .into_iter()
        .map(|l| expand_tabs(l).trim_end().to_string())
        .collect();
    let lead = lines.iter().take_while(|l| l.is_empty()).count();
    lines.drain(..lead);
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let indent = |l: &str| l.len() - l.trim_start().len();
    let base = lines
        .iter()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| indent(l))
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> = Vec::new();
    for line in &lines {
        if line.is_empty() {
            if out.last().is_some_and(|l| l.is_empty()) {
                continue;
            }
            out.push("");
        } else {
            out.push(&line[base.min(indent(line))..]);
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_literals_follow_c11_typing_on_lp64() {
        let u = eval_c_int_literal;
        assert_eq!(u("0"), Some(0));
        assert_eq!(u("010"), Some(8));
        assert_eq!(u("0x1F"), Some(31));
        assert_eq!(u("0b101"), Some(5));
        assert_eq!(u("4096UL"), Some(4096));
        assert_eq!(u("0xffULL"), Some(255));
        for bad in [
            "08",
            "0x",
            "+5",
            "PAGE_SIZE",
            "1uu",
            "1lll",
            "",
            "4k",
            "sizeof(x)",
        ] {
            assert_eq!(u(bad), None, "{bad}");
        }
        let i = parse_i64_literal;
        assert_eq!(i("-010"), Some(-8));
        assert_eq!(i("- 5"), Some(-5));
        assert_eq!(i("-1U"), Some(4294967295));
        assert_eq!(i("-0x80000000"), Some(2147483648));
        assert_eq!(i("-2147483648"), Some(-2147483648));
        assert_eq!(i("-1UL"), Some(-1));
        assert_eq!(i("0xFFFFFFFFFFFFFFFF"), Some(-1));
        assert_eq!(i("18446744073709551615"), Some(-1));
        assert_eq!(i("-0x8000000000000000"), Some(i64::MIN));
        assert_eq!(u("-1"), Some(u64::MAX));
    }

    #[test]
    fn numbers_are_values_symbols_or_malformed() {
        assert_eq!(classify_number(" 0x10 "), Num::Value(16));
        assert_eq!(classify_number("INT_MAX"), Num::Symbolic);
        assert_eq!(classify_number("PAGE_SIZE - 1"), Num::Symbolic);
        assert_eq!(classify_number("1 << 12"), Num::Symbolic);
        assert_eq!(classify_number("sizeof(struct x)"), Num::Symbolic);
        assert_eq!(classify_number("08"), Num::Malformed);
        assert_eq!(classify_number("4k"), Num::Malformed);
        assert_eq!(classify_number("-0x"), Num::Malformed);
        assert_eq!(classify_number(""), Num::Malformed);
    }

    #[test]
    fn return_success_forms() {
        assert_eq!(
            parse_return_success(">= 0"),
            (None, Some(0), Some(i64::MAX))
        );
        assert_eq!(parse_return_success(">=1"), (None, Some(1), Some(i64::MAX)));
        assert_eq!(
            parse_return_success(">= PAGE_SIZE"),
            (None, Some(0), Some(i64::MAX))
        );
        assert_eq!(
            parse_return_success("0"),
            (Some(0), Some(0), Some(i64::MAX))
        );
        assert_eq!(
            parse_return_success("= 0x10"),
            (Some(16), Some(0), Some(i64::MAX))
        );
        assert_eq!(
            parse_return_success("== -1"),
            (Some(-1), Some(0), Some(i64::MAX))
        );
        assert_eq!(
            parse_return_success("zero"),
            (None, Some(0), Some(i64::MAX))
        );
    }

    #[test]
    fn hex_or_bitmask() {
        assert_eq!(parse_hex_or_bitmask("0x4"), 4);
        assert_eq!(parse_hex_or_bitmask("12"), 12);
        assert_eq!(parse_hex_or_bitmask("0x1 | 0x4, 8"), 13);
        assert_eq!(parse_hex_or_bitmask("SA_RESTART | 2"), 2);
    }

    #[test]
    fn folding() {
        assert_eq!(
            fold_lines(["", "  a();", "  b();", "    c();", ""]),
            "a();\nb();\n  c();"
        );
        assert_eq!(fold_lines(["x();", "\ty();"]), "x();\ny();");
        assert_eq!(fold_lines([""]), "");
        assert_eq!(fold_lines(["a", "  b", "", "", "  c"]), "a\nb\n\nc");
        assert_eq!(
            fold_paragraphs(["one", "  two", "", "", "  three", "- four", "- five"]),
            "one two\n\nthree\n- four\n- five"
        );
        assert_eq!(fold_paragraphs(["a\tb", "c"]), "a b c");
        assert_eq!(fold_paragraphs(["", "  "]), "");
    }
}
