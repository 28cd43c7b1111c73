//! Signature rules: each spec checked against the C declaration it documents (parameter
//! blocks, `@name:` lines, `param-count:`, types, the title name and the return block). One
//! module per rule; this module holds what they share: access to the comment's `param:`
//! blocks, and the comment's physical lines for fixes that insert or delete whole lines.

mod ctype;
mod excess_param_doc;
mod missing_param_doc;
mod missing_param_spec;
mod missing_user_flag;
mod name_mismatch;
mod param_count_mismatch;
mod param_order;
mod return_mismatch;
mod type_mismatch;
mod unknown_param_spec;

pub use excess_param_doc::excess_param_doc;
pub use missing_param_doc::missing_param_doc;
pub use missing_param_spec::missing_param_spec;
pub use missing_user_flag::missing_user_flag;
pub use name_mismatch::name_mismatch;
pub use param_count_mismatch::param_count_mismatch;
pub use param_order::param_order;
pub use return_mismatch::return_mismatch;
pub use type_mismatch::type_mismatch;
pub use unknown_param_spec::unknown_param_spec;

use crate::completion::infer::InferredType;
use kapi_syntax::{
    Attr, Block, BlockKind, CParam, DeclKind, Declaration, Item, KapiDoc, SpecComment, TextRange,
    Token,
};

/// The blocks of one kind, in text order.
fn blocks(doc: &KapiDoc, kind: BlockKind) -> impl Iterator<Item = &Block> {
    doc.items.iter().filter_map(move |item| match item {
        Item::Block(b) if b.kind == kind => Some(b),
        _ => None,
    })
}

/// The `param:` blocks, in text order.
fn param_blocks(doc: &KapiDoc) -> impl Iterator<Item = &Block> {
    blocks(doc, BlockKind::Param)
}

/// The parameter a `param:` block names: its whole header, as the upstream `kapi` tool reads it.
fn block_name(block: &Block) -> &str {
    &block.header.text
}

/// The signature's parameters that have a name (an unnamed prototype parameter cannot be
/// documented), with their 0-based positions.
fn named_params(decl: &Declaration) -> impl Iterator<Item = (usize, &CParam)> {
    decl.params
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.name.is_empty())
}

/// The position of the parameter called `name`.
fn param_index(decl: &Declaration, name: &str) -> Option<usize> {
    named_params(decl)
        .find(|(_, p)| p.name == name)
        .map(|(i, _)| i)
}

fn is_syscall(decl: &Declaration) -> bool {
    matches!(decl.kind, DeclKind::Syscall { .. })
}

fn is_compat(decl: &Declaration) -> bool {
    matches!(decl.kind, DeclKind::Syscall { compat: true, .. })
}

/// The last attribute written exactly as `key:` (upstream ignores `key :`, and a repeated
/// sub-key overwrites the earlier one).
fn attr<'a>(block: &'a Block, key: &str) -> Option<&'a Attr> {
    block
        .attrs
        .iter()
        .rev()
        .find(|a| a.exact && a.key.as_ref().is_some_and(|k| k.text == key))
}

/// The first comma-separated part of an attribute's value: the type in `type: fd, input`.
fn first_part(attr: &Attr) -> Token {
    attr.value.splitn(2, ',').swap_remove(0)
}

/// The `SYSCALL_DEFINEn`/`COMPAT_SYSCALL_DEFINEn` token inside a syscall's signature.
fn macro_token(text: &str, signature: TextRange) -> Option<TextRange> {
    let sig = signature.slice(text);
    let at = sig.find("SYSCALL_DEFINE")?;
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let start = sig[..at].bytes().rev().take_while(|&b| word(b)).count();
    let len = sig[at..].bytes().take_while(|&b| word(b)).count();
    Some(TextRange::new(
        signature.start + at - start,
        signature.start + at + len,
    ))
}

/// The `type:` to propose for parameter `index`: the inference completion uses too, which
/// looks at the whole signature (a syscall's `name` next to a path is a plain string).
fn infer(decl: &Declaration, index: usize) -> InferredType {
    crate::completion::infer::infer_in_signature(&decl.params, index)
}

/// The MID long form of an inferred type: (`KAPI_TYPE_USER_PTR`, `KAPI_PARAM_OUT`); the flags
/// are empty when the inference has none.
fn long_form(inferred: &InferredType) -> (String, String) {
    use kapi_model::vocab::{PARAM_FLAG, PARAM_TYPE};
    let ty = PARAM_TYPE
        .lookup(inferred.kapi_type)
        .map_or(inferred.kapi_type, |t| t.long);
    let flags: Vec<&str> = inferred
        .flags
        .iter()
        .map(|f| PARAM_FLAG.lookup(f).map_or(*f, |t| t.long))
        .collect();
    (ty.to_string(), flags.join(" | "))
}

/// A `` `a`, `b` `` list for messages.
fn quoted_list<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names
        .into_iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The physical lines of one comment, for fixes that insert or delete whole lines. Line `i` is
/// the `i`-th cleaned line of the comment (the lines between `/**` and `*/`).
struct CommentLines<'a> {
    text: &'a str,
    lines: &'a [TextRange],
    /// Where the line holding `*/` starts.
    close_start: usize,
}

impl<'a> CommentLines<'a> {
    fn new(text: &'a str, comment: &'a SpecComment) -> CommentLines<'a> {
        let range = comment.comment.range;
        let close = range.end.saturating_sub(2).max(range.start);
        let close_start = text[..close]
            .rfind('\n')
            .map_or(0, |i| i + 1)
            .max(range.start);
        CommentLines {
            text,
            lines: &comment.comment.lines,
            close_start,
        }
    }

    fn len(&self) -> usize {
        self.lines.len()
    }

    /// Where the physical line of cleaned line `i` starts.
    fn start(&self, i: usize) -> usize {
        self.text[..self.lines[i].start]
            .rfind('\n')
            .map_or(0, |p| p + 1)
    }

    /// Where the physical line after line `i` starts (the `*/` line after the last one).
    fn next_start(&self, i: usize) -> usize {
        if i + 1 < self.lines.len() {
            self.start(i + 1)
        } else {
            self.close_start
        }
    }

    /// The line holding `offset`.
    fn index_of(&self, offset: usize) -> Option<usize> {
        let i = self.lines.partition_point(|r| r.start <= offset);
        i.checked_sub(1)
            .or_else(|| (!self.lines.is_empty()).then_some(0))
    }

    fn is_blank(&self, i: usize) -> bool {
        self.lines[i].slice(self.text).trim().is_empty()
    }

    /// What precedes the cleaned text on line `i`: ` * ` in the usual style.
    fn prefix(&self, i: usize) -> &'a str {
        &self.text[self.start(i)..self.lines[i].start]
    }

    /// The file's line break, as used by this comment.
    fn newline(&self) -> &'static str {
        match self.lines.first() {
            Some(r) if self.text[r.end..].starts_with("\r\n") => "\r\n",
            _ => "\n",
        }
    }

    /// The first and last lines of a range.
    fn line_span(&self, range: TextRange) -> Option<(usize, usize)> {
        Some((self.index_of(range.start)?, self.index_of(range.end)?))
    }

    /// Whole physical lines covering `range`, line breaks included.
    fn full_lines(&self, range: TextRange) -> Option<TextRange> {
        let (first, last) = self.line_span(range)?;
        Some(TextRange::new(self.start(first), self.next_start(last)))
    }

    /// Whole lines covering `range` plus one blank line that separates them from a neighbour:
    /// the one before if there is one, else the one after. Deleting this leaves the remaining
    /// entries separated as they were.
    fn removal(&self, range: TextRange) -> Option<TextRange> {
        let (first, last) = self.line_span(range)?;
        let mut start = self.start(first);
        let mut end = self.next_start(last);
        if first > 0 && self.is_blank(first - 1) {
            start = self.start(first - 1);
        } else if last + 1 < self.len() && self.is_blank(last + 1) {
            end = self.next_start(last + 1);
        }
        Some(TextRange::new(start, end))
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    //! Test helpers shared by the signature rules: run the real engine over a fixture, render
    //! diagnostics with the text they cover, and apply a fix's edits.

    use crate::analyze_text;
    use expect_test::Expect;
    use kapi_model::{Code, Diagnostic, TextEdit};
    use kapi_syntax::{ColumnUnit, LineIndex};

    /// The diagnostics with `code` that the whole engine reports for `text`.
    pub fn diagnostics(text: &str, code: Code) -> Vec<Diagnostic> {
        analyze_text(text)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == code)
            .collect()
    }

    /// One line per diagnostic: position, severity, code, the covered text and the message,
    /// then one line per fix title.
    pub fn render(text: &str, diags: &[Diagnostic]) -> String {
        let index = LineIndex::new(text);
        let mut out = String::new();
        for d in diags {
            let at = index.line_col(text, d.range.start, ColumnUnit::Char);
            out.push_str(&format!(
                "{}:{} {} {} `{}`: {}\n",
                at.line + 1,
                at.col + 1,
                d.severity.as_str(),
                d.code.as_str(),
                d.range.slice(text),
                d.message
            ));
            for fix in &d.fixes {
                out.push_str(&format!("  fix: {}\n", fix.title));
            }
        }
        out
    }

    /// Checks the diagnostics with `code` for `text`.
    pub fn check(code: Code, text: &str, expect: Expect) {
        expect.assert_eq(&render(text, &diagnostics(text, code)));
    }

    /// Applies non-overlapping edits to `text`.
    pub fn apply_edits(text: &str, edits: &[TextEdit]) -> String {
        kapi_model::diagnostic::apply_edits(text, edits).expect("edits in range, not overlapping")
    }

    /// Applies the fix titled `title` of the only diagnostic with `code` and checks the whole
    /// resulting text.
    pub fn check_fix(code: Code, text: &str, title: &str, expect: Expect) {
        let diags = diagnostics(text, code);
        assert_eq!(
            diags.len(),
            1,
            "expected one {code:?}:\n{}",
            render(text, &diags)
        );
        let fix = diags[0]
            .fixes
            .iter()
            .find(|f| f.title == title)
            .unwrap_or_else(|| panic!("no fix {title:?}:\n{}", render(text, &diags)));
        expect.assert_eq(&apply_edits(text, &fix.edits));
    }

    /// Applies the fix titled `title` of the `n`-th diagnostic with `code`.
    pub fn fixed_nth(code: Code, text: &str, n: usize, title: &str) -> String {
        let diags = diagnostics(text, code);
        let fix = diags[n]
            .fixes
            .iter()
            .find(|f| f.title == title)
            .expect("fix");
        apply_edits(text, &fix.edits)
    }
}

#[cfg(test)]
mod fixtures;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_is_a_path_only_when_nothing_else_is() {
        let decl = |src: &str| kapi_syntax::find_declaration(src, 0).expect("declaration");
        let acct = decl("SYSCALL_DEFINE1(acct, const char __user *, name)\n{\n}\n");
        assert_eq!(infer(&acct, 0).to_value(), "path, input");
        let setxattr = decl(
            "SYSCALL_DEFINE3(setxattr, const char __user *, pathname, const char __user *, name, size_t, size)\n{\n}\n",
        );
        assert_eq!(infer(&setxattr, 0).to_value(), "path, input");
        assert_eq!(infer(&setxattr, 1).to_value(), "user_ptr, input");
        assert_eq!(infer(&setxattr, 2).to_value(), "uint, input");
        let ptr = InferredType {
            kapi_type: "ptr",
            flags: vec![],
        };
        assert_eq!(
            long_form(&ptr),
            ("KAPI_TYPE_PTR".to_string(), String::new())
        );
        let out = InferredType {
            kapi_type: "user_ptr",
            flags: vec!["output"],
        };
        assert_eq!(
            long_form(&out),
            (
                "KAPI_TYPE_USER_PTR".to_string(),
                "KAPI_PARAM_OUT".to_string()
            )
        );
    }
}
