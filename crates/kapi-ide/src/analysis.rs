//! One file's analysis: its syntax, its specs and every diagnostic about them. The CLI and the
//! server both call this, so they report the same diagnostics for the same text.
//!
//! Spec comments are analysed independently of each other, and each keeps its own results, so
//! an edit inside one comment re-analyses that comment alone (see [`reanalyze`]).

use kapi_model::{lower_comment, Diagnostic, Spec};
use kapi_syntax::shift::Shift;
use kapi_syntax::{doc_comments, parse_file, LineIndex, SourceFile, SpecComment, TextRange};

/// Everything kapi-lsp knows about one file on its own.
#[derive(Clone, Debug, Default)]
pub struct FileAnalysis {
    pub syntax: SourceFile,
    pub specs: Vec<Spec>,
    /// Sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// What each spec comment of `syntax` produced, in the same order.
    comments: Vec<CommentAnalysis>,
}

/// The results of one spec comment.
#[derive(Clone, Debug, Default)]
struct CommentAnalysis {
    spec: Option<Spec>,
    diagnostics: Vec<Diagnostic>,
}

/// Parses, lowers and checks one file's text.
pub fn analyze_text(text: &str) -> FileAnalysis {
    let syntax = parse_file(text);
    let index = LineIndex::new(text);
    let comments = syntax
        .specs
        .iter()
        .map(|sc| analyze_comment(text, &index, sc))
        .collect();
    assemble(syntax, comments)
}

fn analyze_comment(text: &str, index: &LineIndex, sc: &SpecComment) -> CommentAnalysis {
    let (spec, mut diagnostics) = lower_comment(text, index, sc);
    if let Some(spec) = &spec {
        crate::checks::spec_checks(text, sc, spec, &mut diagnostics);
    }
    CommentAnalysis { spec, diagnostics }
}

fn assemble(syntax: SourceFile, comments: Vec<CommentAnalysis>) -> FileAnalysis {
    let specs = comments.iter().filter_map(|c| c.spec.clone()).collect();
    let mut diagnostics: Vec<Diagnostic> = comments
        .iter()
        .flat_map(|c| c.diagnostics.iter().cloned())
        .collect();
    sort_diagnostics(&mut diagnostics);
    FileAnalysis {
        syntax,
        specs,
        diagnostics,
        comments,
    }
}

/// Sorts diagnostics by position, then code, so every output is deterministic.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.range.start, d.range.end, d.code));
}

/// The analysis of `new_text` from that of `old_text`, when the edit between them lies inside
/// the body of one spec comment, on one line, and keeps the structure of every comment: that
/// comment is parsed, lowered and checked again, everything after it only moves. `None` when
/// the edit is of any other kind; the caller then analyses the whole text. The result equals
/// `analyze_text(new_text)` (a property test holds this).
pub fn reanalyze(old_text: &str, old: &FileAnalysis, new_text: &str) -> Option<FileAnalysis> {
    let edit = Edit::between(old_text, new_text)?;
    // Line breaks change line numbers quoted in messages, and `/` or `*` can open or close
    // comments: both need the whole file.
    let touches_structure = |s: &str| s.contains(['\n', '\r', '/', '*']);
    if touches_structure(edit.deleted(old_text)) || touches_structure(edit.inserted(new_text)) {
        return None;
    }
    let k = old
        .syntax
        .specs
        .iter()
        .position(|sc| edit.inside_body(old_text, &sc.comment))?;
    let old_comment = &old.syntax.specs[k].comment;
    // An earlier comment whose declaration search ran past this comment (an unbalanced `(` in
    // its prototype, say) depends on this comment's text.
    let reaches_past = |sc: &SpecComment| {
        sc.decl.as_ref().is_some_and(|d| {
            d.signature.end > old_comment.range.start
                || d.body.is_some_and(|b| b.end > old_comment.range.start)
        })
    };
    if old.syntax.specs[..k].iter().any(reaches_past) {
        return None;
    }
    // Re-read the comment in the new text: it must come out as the same comment, moved.
    let line_start = old_text[..old_comment.range.start]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let region_end = (old_comment.range.end as isize + edit.delta) as usize;
    let mut rescanned = doc_comments(&new_text[line_start..region_end]);
    if rescanned.len() != 1 {
        return None;
    }
    let mut comment = rescanned.pop()?;
    comment.shift(line_start as isize);
    // `after` was computed on the region, which ends at the `*/`: take the real one.
    let mut after = old_comment.after;
    after.shift(edit.delta);
    comment.after = after;
    let expected_end = (old_comment.range.end as isize + edit.delta) as usize;
    if comment.range.start != old_comment.range.start
        || comment.range.end != expected_end
        || comment.lines.len() != old_comment.lines.len()
    {
        return None;
    }
    let sc = kapi_syntax::file::parse_comment(new_text, comment)?;

    let index = LineIndex::new(new_text);
    let mut syntax = old.syntax.clone();
    let mut comments = old.comments.clone();
    for (sc, c) in syntax.specs.iter_mut().zip(comments.iter_mut()).skip(k + 1) {
        sc.shift(edit.delta);
        c.spec.shift(edit.delta);
        c.diagnostics.shift(edit.delta);
    }
    comments[k] = analyze_comment(new_text, &index, &sc);
    syntax.specs[k] = sc;
    Some(assemble(syntax, comments))
}

/// The single changed span between two texts.
struct Edit {
    /// Where the texts start to differ.
    start: usize,
    /// Where the changed span ends in the old and the new text.
    old_end: usize,
    new_end: usize,
    delta: isize,
}

impl Edit {
    fn between(old: &str, new: &str) -> Option<Edit> {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let mut start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        while !old.is_char_boundary(start) {
            start -= 1;
        }
        let max_suffix = a.len().min(b.len()) - start;
        let mut suffix = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take(max_suffix)
            .take_while(|(x, y)| x == y)
            .count();
        while !old.is_char_boundary(a.len() - suffix) || !new.is_char_boundary(b.len() - suffix) {
            suffix -= 1;
        }
        if start == a.len() && a.len() == b.len() {
            return None;
        }
        Some(Edit {
            start,
            old_end: a.len() - suffix,
            new_end: b.len() - suffix,
            delta: b.len() as isize - a.len() as isize,
        })
    }

    fn deleted<'t>(&self, old: &'t str) -> &'t str {
        &old[self.start..self.old_end]
    }

    fn inserted<'t>(&self, new: &'t str) -> &'t str {
        &new[self.start..self.new_end]
    }

    /// True when the edit lies on a body line of `comment` (not the `/**` or `*/` line), after
    /// that line's first non-blank character: the lines other comments' declaration searches
    /// look at keep their first character.
    fn inside_body(&self, old: &str, comment: &kapi_syntax::DocComment) -> bool {
        let TextRange { start, end } = comment.range;
        if !(start < self.start && self.old_end < end) {
            return false;
        }
        let open_line_end = start + old[start..].find('\n').unwrap_or(old.len() - start);
        let close_line_start = old[..end].rfind('\n').map_or(0, |i| i + 1);
        if self.start <= open_line_end || self.old_end >= close_line_start {
            return false;
        }
        let line_start = old[..self.start].rfind('\n').map_or(0, |i| i + 1);
        let line = &old[line_start..];
        let first = line_start + (line.len() - line.trim_start().len());
        self.start > first
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const FILES: &[&str] = &[
        include_str!("../../../examples/frob.c"),
        include_str!("../../../examples/widget.c"),
        include_str!("../../../tests/fixtures/lsp/pump.c"),
        include_str!("../../../tests/fixtures/lsp/unicode.c"),
        include_str!("../../../tests/fixtures/export/blocks.c"),
    ];

    /// Text typed or deleted in an edit: mostly what people type inside specs, sometimes the
    /// characters that force a full analysis.
    const TYPED: &[&str] = &[
        "x", "e", " ", ",", "|", "é", "中", "😀", "fd", "EINVAL", ": ", "(", ")", "\t", "*", "/",
        "\n",
    ];

    fn assert_same(incremental: &FileAnalysis, fresh: &FileAnalysis) {
        assert_eq!(incremental.syntax, fresh.syntax);
        assert_eq!(incremental.specs, fresh.specs);
        assert_eq!(incremental.diagnostics, fresh.diagnostics);
    }

    #[test]
    fn an_edit_inside_one_spec_comment_takes_the_fast_path() {
        let text = FILES[0];
        let at = text.find("Must be writable").unwrap();
        let mut new = text.to_string();
        new.insert_str(at, "xyz ");
        let old = analyze_text(text);
        let fast =
            reanalyze(text, &old, &new).expect("an edit inside a spec body line is incremental");
        assert_same(&fast, &analyze_text(&new));
        // A line break, or an edit on the `/**` line, takes the slow path.
        let mut broken = text.to_string();
        broken.insert(at, '\n');
        assert!(reanalyze(text, &old, &broken).is_none());
        let open = text.find("/**\n * sys_frob").unwrap();
        let mut on_open = text.to_string();
        on_open.insert_str(open + 3, " x");
        assert!(reanalyze(text, &old, &on_open).is_none());
    }

    /// Typing or deleting one character at every position of every fixture: wherever the fast
    /// path applies, it gives exactly the fresh analysis, and it applies on most spec lines.
    #[test]
    fn every_single_character_edit_matches_a_fresh_analysis() {
        let mut fast = 0;
        for text in FILES {
            let old = analyze_text(text);
            let boundaries: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            // Every third position keeps the test quick in debug builds while still visiting
            // every kind of line and key.
            for (n, &at) in boundaries.iter().enumerate().step_by(3) {
                let mut edits = vec![format!("{}x{}", &text[..at], &text[at..])];
                if let Some(&next) = boundaries.get(n + 1) {
                    edits.push(format!("{}{}", &text[..at], &text[next..]));
                }
                for new in edits {
                    if let Some(incremental) = reanalyze(text, &old, &new) {
                        assert_same(&incremental, &analyze_text(&new));
                        fast += 1;
                    }
                }
            }
        }
        let total: usize = FILES.iter().map(|t| t.len()).sum();
        assert!(
            fast * 3 > total,
            "fast path taken {fast} times for {total} bytes"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        /// Whatever the edit, the incremental result (when it applies) equals a fresh analysis
        /// of the new text.
        #[test]
        fn incremental_equals_fresh(
            file in 0..FILES.len(),
            at in 0usize..100_000,
            deleted in 0usize..6,
            typed in proptest::collection::vec(0..TYPED.len(), 0..3),
            edits in 1usize..4,
        ) {
            let mut text = FILES[file].to_string();
            let mut analysis = analyze_text(&text);
            for round in 0..edits {
                let start = kapi_syntax::text::floor_char_boundary(&text, (at * (round + 1)) % (text.len() + 1));
                let end = kapi_syntax::text::floor_char_boundary(&text, (start + deleted).min(text.len()));
                let inserted: String = typed.iter().map(|&i| TYPED[i]).collect();
                let mut new = text.clone();
                new.replace_range(start..end, &inserted);
                let fresh = analyze_text(&new);
                if let Some(incremental) = reanalyze(&text, &analysis, &new) {
                    assert_same(&incremental, &fresh);
                }
                text = new;
                analysis = fresh;
            }
        }
    }
}
