//! The tree-sitter C tree of a file, parsed from scratch or incrementally after edits.
//!
//! The spec pipeline itself never waits for this tree (kernel macros put tree-sitter into error
//! recovery and a reparse of a large file costs tens of milliseconds); it serves the analyses
//! that need real C structure, and the server keeps it up to date off the keystroke path.

use std::cell::RefCell;
use tree_sitter::{InputEdit, Parser, Point, Tree};

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new({
        let mut parser = Parser::new();
        parser
            .set_language(&tree_sitter_c::LANGUAGE.into())
            .expect("tree-sitter-c is compatible with the linked tree-sitter");
        parser
    });
}

/// Parses `text`, reusing `old` (already edited with [`CTree::edit`]) when given.
pub fn parse_c(text: &str, old: Option<&Tree>) -> Tree {
    PARSER.with(|p| {
        let mut parser = p.borrow_mut();
        parser.reset();
        parser
            .parse(text, old)
            .expect("parsing without a timeout or cancellation flag never fails")
    })
}

/// A C syntax tree, edited along with its text and re-parsed incrementally. Between an edit and
/// the next re-parse its node ranges are shifted but its structure is that of the older text.
#[derive(Clone, Debug)]
pub struct CTree {
    tree: Tree,
}

impl CTree {
    pub fn parse(text: &str) -> CTree {
        CTree {
            tree: parse_c(text, None),
        }
    }

    /// Records an edit of the text: `start..old_end` (bytes of the old text) became
    /// `start..new_end` (bytes of the new text). `old_text` is the text before the edit.
    pub fn edit(&mut self, old_text: &str, start: usize, old_end: usize, new_text_inserted: &str) {
        let new_end = start + new_text_inserted.len();
        let start_point = point_at(old_text, start);
        let old_end_point = point_at(old_text, old_end);
        let new_end_point = advance(start_point, new_text_inserted);
        self.tree.edit(&InputEdit {
            start_byte: start,
            old_end_byte: old_end,
            new_end_byte: new_end,
            start_position: start_point,
            old_end_position: old_end_point,
            new_end_position: new_end_point,
        });
    }

    /// Re-parses `text` (the current text, after every recorded edit), reusing the old tree.
    pub fn reparse(&mut self, text: &str) {
        self.tree = parse_c(text, Some(&self.tree));
    }

    pub fn tree(&self) -> &Tree {
        &self.tree
    }
}

/// The tree-sitter point (row, byte column; rows break at `\n`) of a byte offset.
fn point_at(text: &str, offset: usize) -> Point {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let row = memchr::memchr_iter(b'\n', before).count();
    let column = before.len() - memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    Point { row, column }
}

fn advance(start: Point, inserted: &str) -> Point {
    match inserted.rfind('\n') {
        Some(last) => Point {
            row: start.row + inserted.bytes().filter(|&b| b == b'\n').count(),
            column: inserted.len() - last - 1,
        },
        None => Point {
            row: start.row,
            column: start.column + inserted.len(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sexp_and_ranges(tree: &Tree) -> (String, usize, usize) {
        let root = tree.root_node();
        (root.to_sexp(), root.start_byte(), root.end_byte())
    }

    const PIECES: &[&str] = &[
        "int",
        " x",
        ";",
        "\n",
        "\r\n",
        "(",
        ")",
        "{",
        "}",
        "é",
        "中",
        "😀",
        "/**",
        "*/",
        " * ",
        "return -EINVAL;",
        "f(a, b)",
        "SYSCALL_DEFINE1(x, int, a)",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// After any sequence of edits, the incremental tree equals a fresh parse of the final
        /// text.
        #[test]
        fn incremental_reparse_equals_fresh_parse(
            initial in proptest::collection::vec(0..PIECES.len(), 0..30),
            edits in proptest::collection::vec((0usize..1000, 0usize..20, proptest::collection::vec(0..PIECES.len(), 0..4)), 1..12),
        ) {
            let mut text: String = initial.iter().map(|&i| PIECES[i]).collect();
            let mut tree = CTree::parse(&text);
            for (at, del, ins) in edits {
                let start = crate::text::floor_char_boundary(&text, at % (text.len() + 1));
                let old_end = crate::text::floor_char_boundary(&text, (start + del).min(text.len()));
                let inserted: String = ins.iter().map(|&i| PIECES[i]).collect();
                let old = text.clone();
                text.replace_range(start..old_end, &inserted);
                tree.edit(&old, start, old_end, &inserted);
                tree.reparse(&text);
            }
            prop_assert_eq!(sexp_and_ranges(tree.tree()), sexp_and_ranges(&parse_c(&text, None)));
        }
    }
}
