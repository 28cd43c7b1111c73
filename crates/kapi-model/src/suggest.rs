//! Did-you-mean suggestions: a case-insensitive edit distance and the closest-candidate search
//! that diagnostics and quick fixes use for misspelt keys and vocabulary names.

/// True when two characters are equal ignoring case.
fn same_char(a: char, b: char) -> bool {
    a == b || a.to_lowercase().eq(b.to_lowercase())
}

/// Optimal string alignment distance (Damerau-Levenshtein where each substring is edited at
/// most once) between `a` and `b`, counted in characters and comparing characters
/// case-insensitively. Insertions, deletions, substitutions and transpositions of two adjacent
/// characters each cost 1.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() {
        return b.len();
    }
    if b.is_empty() {
        return a.len();
    }
    let width = b.len() + 1;
    // Three rolling rows: i-2, i-1 and i.
    let mut prev2 = vec![0usize; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut cur = vec![0usize; width];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(!same_char(a[i - 1], b[j - 1]));
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && same_char(a[i - 1], b[j - 2]) && same_char(a[i - 2], b[j - 1]) {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a plausible misspelling: its
/// [`edit_distance`] must be at most `max(1, word.chars().count() / 3)`. On a tie the first
/// candidate wins. A candidate identical to `word` (case-sensitively) is never suggested; one
/// equal to it ignoring case has distance 0 and therefore wins.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for cand in candidates {
        if cand == word {
            continue;
        }
        // Cheap length filter: the distance is at least the difference in length.
        let (lw, lc) = (word.chars().count(), cand.chars().count());
        if lw.abs_diff(lc) > limit {
            continue;
        }
        let d = edit_distance(word, cand);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
            if d == 0 {
                break;
            }
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("", "ab"), 2);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("tpye", "type"), 1);
        assert_eq!(edit_distance("inptu", "input"), 1);
        assert_eq!(edit_distance("contxts", "contexts"), 1);
        assert_eq!(edit_distance("EINVAL", "einval"), 0);
        assert_eq!(edit_distance("ca", "abc"), 3); // OSA, not unrestricted Damerau
        assert_eq!(edit_distance("Ärger", "ärgre"), 1);
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("contxts", ["contexts"]), Some("contexts"));
        assert_eq!(did_you_mean("inptu", ["output", "input"]), Some("input"));
        assert_eq!(
            did_you_mean("tpye", ["desc", "type", "flags"]),
            Some("type")
        );
        assert_eq!(did_you_mean("xyz", ["contexts"]), None);
    }

    #[test]
    fn identical_and_case() {
        assert_eq!(did_you_mean("type", ["type"]), None);
        assert_eq!(did_you_mean("TYPE", ["typo", "type"]), Some("type"));
        assert_eq!(did_you_mean("in", ["IN", "input"]), Some("IN"));
    }

    #[test]
    fn ties_and_limit() {
        // Both at distance 1: the first wins.
        assert_eq!(did_you_mean("cat", ["bat", "hat"]), Some("bat"));
        // A shorter word still allows one edit.
        assert_eq!(did_you_mean("ab", ["ac"]), Some("ac"));
        assert_eq!(did_you_mean("ab", ["cd"]), None);
        // 9 chars allow 3 edits, not 4.
        assert_eq!(did_you_mean("abcdefghi", ["abcdefxyz"]), Some("abcdefxyz"));
        assert_eq!(did_you_mean("abcdefghi", ["abcdewxyz"]), None);
        // A closer later candidate beats an earlier one.
        assert_eq!(
            did_you_mean("sleepabel", ["sleeping", "sleepable"]),
            Some("sleepable")
        );
    }
}
