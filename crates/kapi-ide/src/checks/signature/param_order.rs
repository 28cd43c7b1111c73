//! `param-order`: the `param:` blocks are not in signature order.
//!
//! Upstream numbers parameters in the order their names first appear (`@name:` or `param:`),
//! so blocks out of order give exported indices that differ from the C positions (and
//! `size-param:`/`buffer(N)` indices are easy to get wrong). One diagnostic, on the first block
//! that comes after a block of a later parameter. The fix rewrites the run of `param:` blocks
//! in signature order, each block byte-identical and the separators left where they were; it is
//! offered only when that run holds nothing but `param:` blocks of distinct known parameters and
//! blank lines, so nothing else can move.

use super::{block_name, param_blocks, param_index, CommentLines};
use crate::checks::SpecContext;
use kapi_model::{Code, Diagnostic, Fix, TextEdit};
use kapi_syntax::{Block, Item, TextRange};

pub fn param_order(ctx: &SpecContext<'_>, out: &mut Vec<Diagnostic>) {
    let doc = &ctx.comment.doc;
    let known: Vec<(usize, &Block)> = param_blocks(doc)
        .filter_map(|b| Some((param_index(ctx.decl, block_name(b))?, b)))
        .collect();
    let mut latest: Option<(usize, &Block)> = None;
    for &(index, block) in &known {
        match latest {
            Some((before, earlier)) if index < before => {
                let name = block_name(block);
                let order: Vec<&str> = {
                    let mut sorted = known.clone();
                    sorted.sort_by_key(|(i, b)| (*i, b.range.start));
                    sorted.dedup_by_key(|(i, _)| *i);
                    sorted.iter().map(|(_, b)| block_name(b)).collect()
                };
                let message = format!(
                    "`param: {name}` comes after `param: {}`, but `{name}` is parameter {} of `{}` and `{}` is parameter {}; write the blocks in signature order: {}",
                    block_name(earlier),
                    index + 1,
                    ctx.decl.name,
                    block_name(earlier),
                    before + 1,
                    order.join(", ")
                );
                let mut d = Diagnostic::new(Code::ParamOrder, block.header.range(), message);
                if let Some(edit) = reorder(ctx, &known) {
                    d.fixes.push(Fix {
                        title: "Reorder the `param:` blocks".to_string(),
                        edits: vec![edit],
                    });
                }
                out.push(d);
                return;
            }
            Some((before, _)) if index == before => {}
            _ => latest = Some((index, block)),
        }
    }
}

/// One edit replacing the run of `param:` blocks with the same blocks in signature order.
fn reorder(ctx: &SpecContext<'_>, known: &[(usize, &Block)]) -> Option<TextEdit> {
    let doc = &ctx.comment.doc;
    let lines = CommentLines::new(ctx.text, ctx.comment);
    let all: Vec<&Block> = param_blocks(doc).collect();
    // Every block must belong to a distinct parameter of the signature.
    if all.len() != known.len() {
        return None;
    }
    let mut indices: Vec<usize> = known.iter().map(|(i, _)| *i).collect();
    indices.sort_unstable();
    if indices.windows(2).any(|w| w[0] == w[1]) {
        return None;
    }
    let spans: Vec<TextRange> = known
        .iter()
        .map(|(_, b)| lines.full_lines(b.range))
        .collect::<Option<_>>()?;
    let whole = TextRange::new(spans.first()?.start, spans.last()?.end);
    // Nothing but these blocks (and blank lines) may lie in the run.
    let intruder = doc.items.iter().any(|item| {
        let r = item.range();
        whole.contains_range(r)
            && !matches!(item, Item::Block(b) if known.iter().any(|(_, k)| std::ptr::eq(*k, b)))
    });
    if intruder {
        return None;
    }
    let mut sorted: Vec<(usize, TextRange)> = known
        .iter()
        .map(|(i, _)| *i)
        .zip(spans.iter().copied())
        .collect();
    sorted.sort_by_key(|(i, _)| *i);
    let mut text = String::new();
    for (slot, (_, span)) in sorted.iter().enumerate() {
        text.push_str(span.slice(ctx.text));
        if let Some(next) = spans.get(slot + 1) {
            // The separator after the block that stood in this slot stays in this slot.
            text.push_str(&ctx.text[spans[slot].end..next.start]);
        }
    }
    Some(TextEdit {
        range: whole,
        new_text: text,
    })
}

#[cfg(test)]
mod tests {
    use crate::checks::signature::test_util::{check, check_fix};
    use expect_test::expect;
    use kapi_model::Code;

    const CODE: Code = Code::ParamOrder;

    const SWAPPED: &str = r#"/**
 * sys_read - Read from a file
 *
 * contexts: process, sleepable
 *
 * param: count
 *   type: uint, input
 *   constraint-type: range(0, 4096)
 *
 * param: fd
 *   type: fd, input
 * param: buf
 *   type: user_ptr, output
 *
 * error: EBADF, Bad file descriptor
 */
SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
"#;

    #[test]
    fn first_out_of_order_block() {
        check(
            CODE,
            SWAPPED,
            expect![[r#"
                10:11 information param-order `fd`: `param: fd` comes after `param: count`, but `fd` is parameter 1 of `sys_read` and `count` is parameter 3; write the blocks in signature order: fd, buf, count
                  fix: Reorder the `param:` blocks
            "#]],
        );
    }

    #[test]
    fn silent_in_order_and_with_unknown_or_missing_blocks() {
        check(
            CODE,
            r#"/**
 * sys_read - Read from a file
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *
 * param: bogus
 *   type: int, input
 *
 * param: count
 *   type: uint, input
 */
SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
"#,
            expect![[""]],
        );
    }

    #[test]
    fn fix_reorders_blocks_keeping_separators() {
        check_fix(
            CODE,
            SWAPPED,
            "Reorder the `param:` blocks",
            expect![[r#"
                /**
                 * sys_read - Read from a file
                 *
                 * contexts: process, sleepable
                 *
                 * param: fd
                 *   type: fd, input
                 *
                 * param: buf
                 *   type: user_ptr, output
                 * param: count
                 *   type: uint, input
                 *   constraint-type: range(0, 4096)
                 *
                 * error: EBADF, Bad file descriptor
                 */
                SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
            "#]],
        );
    }

    #[test]
    fn no_fix_when_other_items_sit_between_blocks() {
        let text = r#"/**
 * sys_read - Read from a file
 *
 * contexts: process, sleepable
 *
 * param: buf
 *   type: user_ptr, output
 *
 * error: EFAULT, Bad buffer
 *
 * param: fd
 *   type: fd, input
 */
SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
"#;
        check(
            CODE,
            text,
            expect![[r#"
                11:11 information param-order `fd`: `param: fd` comes after `param: buf`, but `fd` is parameter 1 of `sys_read` and `buf` is parameter 2; write the blocks in signature order: fd, buf
            "#]],
        );
    }
}
