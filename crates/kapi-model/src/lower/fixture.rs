//! Test helpers for lowering: build a C snippet around KAPI lines, lower it, and render the
//! diagnostics as `line:col..line:col code severity `text`: message` (1-based, in characters),
//! each fix on its own line below.

use super::{lower_file, Lowered};
use crate::diagnostic::Diagnostic;
use expect_test::Expect;
use kapi_syntax::{ColumnUnit, LineIndex};

/// The declaration most fixtures document.
pub(crate) const FROB: &str =
    "SYSCALL_DEFINE3(frob, unsigned int, fd, char __user *, buf, size_t, len)\n{\n\treturn 0;\n}\n";

/// A kerneldoc comment holding `body` (one ` * ` prefixed line per line) over `decl`.
pub(crate) fn comment(title: &str, body: &str, decl: &str) -> String {
    let mut s = format!("/**\n * {title}\n");
    for line in body.lines() {
        if line.is_empty() {
            s.push_str(" *\n");
        } else {
            s.push_str(" * ");
            s.push_str(line);
            s.push('\n');
        }
    }
    s.push_str(" */\n");
    s.push_str(decl);
    s
}

/// `body` as the spec of `sys_frob(fd, buf, len)`.
pub(crate) fn frob(body: &str) -> String {
    comment("sys_frob - Frobnicate a buffer", body, FROB)
}

pub(crate) fn lower(src: &str) -> Lowered {
    lower_file(src, &kapi_syntax::parse_file(src))
}

pub(crate) fn render(src: &str, diags: &[Diagnostic]) -> String {
    let index = LineIndex::new(src);
    let pos = |o: usize| {
        let lc = index.line_col(src, o, ColumnUnit::Char);
        format!("{}:{}", lc.line + 1, lc.col + 1)
    };
    let mut out = String::new();
    let mut diags = diags.to_vec();
    diags.sort_by_key(|d| (d.range.start, d.range.end));
    for d in &diags {
        out.push_str(&format!(
            "{}..{} {} {} `{}`: {}\n",
            pos(d.range.start),
            pos(d.range.end),
            d.code.as_str(),
            d.severity.as_str(),
            d.range.slice(src),
            d.message
        ));
        for f in &d.fixes {
            for e in &f.edits {
                out.push_str(&format!(
                    "    fix {}: `{}` -> `{}`\n",
                    f.title,
                    e.range.slice(src),
                    e.new_text.replace('\n', "\\n")
                ));
            }
        }
    }
    out
}

/// Lowers `src` and compares the rendered diagnostics with `expect`.
pub(crate) fn check(src: &str, expect: Expect) {
    let lowered = lower(src);
    expect.assert_eq(&render(src, &lowered.diagnostics));
}

/// The JSON of the only spec of `src`.
pub(crate) fn json(src: &str) -> serde_json::Value {
    let lowered = lower(src);
    assert_eq!(
        lowered.specs.len(),
        1,
        "{}",
        render(src, &lowered.diagnostics)
    );
    serde_json::to_value(&lowered.specs[0]).expect("serialisable")
}

/// The only spec of `src`.
pub(crate) fn spec(src: &str) -> crate::spec::Spec {
    let mut lowered = lower(src);
    assert_eq!(
        lowered.specs.len(),
        1,
        "{}",
        render(src, &lowered.diagnostics)
    );
    lowered.specs.remove(0)
}
