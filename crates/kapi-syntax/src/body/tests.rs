//! Tests of the body summary: each fixture is a whole function (its header shows that the
//! surrounding text does not matter), the facts are rendered one per line with 1-based
//! `line:column` positions, and compared with an inline snapshot.

use super::*;
use crate::text::{ColumnUnit, LineIndex};
use expect_test::{expect, Expect};

fn render(text: &str, facts: &BodyFacts) -> String {
    let index = LineIndex::new(text);
    let at = |r: TextRange| {
        let lc = index.line_col(text, r.start, ColumnUnit::Char);
        format!("{}:{}", lc.line + 1, lc.col + 1)
    };
    let mut out = String::new();
    for e in &facts.errnos {
        out += &format!(
            "errno {} at {} `{}` returned at {}\n",
            e.name,
            at(e.range),
            e.range.slice(text),
            at(e.returned_at)
        );
    }
    for p in &facts.propagated {
        let call = &facts.calls[p.call];
        let how = if p.whole_value {
            ""
        } else {
            " (error code only)"
        };
        out += &format!(
            "propagates {}(){how} at {} returned at {}\n",
            call.callee,
            at(call.callee_range),
            at(p.returned_at)
        );
    }
    for (i, c) in facts.calls.iter().enumerate() {
        let args: Vec<String> = c
            .args
            .iter()
            .map(|a| {
                let from: Vec<String> = a.results_of.iter().map(|i| format!("#{i}")).collect();
                if from.is_empty() {
                    a.text.clone()
                } else {
                    format!("{}<-{}", a.text, from.join(","))
                }
            })
            .collect();
        let mut flags = String::new();
        if facts.escaping.contains(&i) {
            flags += " escapes";
        }
        if facts.auto_freed.contains(&i) {
            flags += " auto-freed";
        }
        out += &format!(
            "call #{i} {}({}) at {}{flags}\n",
            c.callee,
            args.join("; "),
            at(c.callee_range)
        );
    }
    for c in &facts.capability_checks {
        let caps: Vec<String> = c
            .caps
            .iter()
            .map(|(n, r)| format!("{n}@{}", at(*r)))
            .collect();
        out += &format!(
            "capability {} {}{}\n",
            c.function,
            caps.join(" "),
            if c.implied { " (implied)" } else { "" }
        );
    }
    for t in &facts.tested_errnos {
        out += &format!("tests {t}\n");
    }
    for (call, target) in &facts.stored_into {
        out += &format!("stores #{call} into {target}\n");
    }
    for r in &facts.opaque_returns {
        out += &format!("opaque return at {}\n", at(*r));
    }
    out
}

/// Summarises the body of the one function in `text` (from its first `{` to the end).
fn check(text: &str, expect: Expect) {
    let start = text.find('{').expect("fixture has a body");
    let end = text.rfind('}').expect("fixture has a body") + 1;
    let facts = summarize_body(text, TextRange::new(start, end));
    expect.assert_eq(&render(text, &facts));
    // The uncached path gives the same facts.
    assert_eq!(
        summarize_uncached(&text[start..end]).shifted(start as isize),
        facts
    );
}

/// Only the errno names, sorted.
fn errnos(text: &str) -> Vec<String> {
    let start = text.find('{').unwrap();
    let end = text.rfind('}').unwrap() + 1;
    let mut names: Vec<String> = summarize_body(text, TextRange::new(start, end))
        .errnos
        .into_iter()
        .map(|e| e.name)
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn direct_returns_and_ternaries() {
    check(
        r#"SYSCALL_DEFINE2(frob, int, fd, unsigned int, flags)
{
	if (flags & ~FROB_ALL)
		return -EINVAL;
	if (fd < 0)
		return (-EBADF);
	return flags ? -ENOTTY : 0;
}
"#,
        expect![[r#"
            errno EINVAL at 4:10 `-EINVAL` returned at 4:3
            errno EBADF at 6:11 `-EBADF` returned at 6:3
            errno ENOTTY at 7:17 `-ENOTTY` returned at 7:2
        "#]],
    );
}

#[test]
fn errno_assigned_then_goto_label_that_returns_it() {
    check(
        r#"static int f(struct path *path)
{
	int error;

	error = -EPERM;
	if (!ns_capable(current_user_ns(), CAP_SYS_CHROOT))
		goto dput_and_out;
	error = security_path_chroot(path);
	if (!error)
		set_fs_root(current->fs, path);
dput_and_out:
	path_put(path);
	return error;
}
"#,
        expect![[r#"
            errno EPERM at 5:10 `-EPERM` returned at 13:2
            propagates security_path_chroot() at 8:10 returned at 13:2
            call #0 ns_capable(current_user_ns()<-#1; CAP_SYS_CHROOT) at 6:7
            call #1 current_user_ns() at 6:18
            call #2 security_path_chroot(path) at 8:10
            call #3 set_fs_root(current->fs; path) at 10:3
            call #4 path_put(path) at 12:2
            capability ns_capable CAP_SYS_CHROOT@6:37
        "#]],
    );
}

#[test]
fn an_overwritten_errno_is_not_claimed() {
    // `-ENOMEM` is replaced before any return or goto: it never reaches one.
    check(
        r#"int g(void)
{
	int ret = -ENOMEM;

	ret = h();
	if (ret)
		return ret;
	return 0;
}
"#,
        expect![[r#"
            propagates h() at 5:8 returned at 7:3
            call #0 h() at 5:8
        "#]],
    );
}

#[test]
fn branches_join_and_else_is_not_reached_from_then() {
    assert_eq!(
        errnos(
            r#"int g(int x)
{
	int err;

	if (x)
		err = -EINVAL;
	else
		err = -EFAULT;
	if (x > 3)
		err = 0;
	return err;
}
"#
        ),
        ["EFAULT", "EINVAL"]
    );
}

#[test]
fn assignment_in_condition_and_ptr_err() {
    check(
        r#"long k(const char __user *name)
{
	struct file *f;
	int ret;

	if ((ret = prepare(name)) < 0)
		return ret;
	f = filp_open(name, O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	return ERR_PTR(-ENOENT) ? 0 : 1;
}
"#,
        expect![[r#"
            propagates prepare() at 6:13 returned at 7:3
            propagates filp_open() (error code only) at 8:6 returned at 10:3
            call #0 prepare(name) at 6:13
            call #1 filp_open(name; O_RDONLY; 0) at 8:6
            call #2 IS_ERR(f<-#1) at 9:6
            call #3 PTR_ERR(f<-#1) at 10:10
            call #4 ERR_PTR(-ENOENT) at 11:9
        "#]],
    );
}

#[test]
fn err_ptr_return_and_gnu_ternary() {
    check(
        r#"struct widget *widget_get(int id)
{
	int err = lookup(id);

	if (err)
		return ERR_PTR(err);
	return id ?: ERR_PTR(-ENODEV);
}
"#,
        expect![[r#"
            errno ENODEV at 7:23 `-ENODEV` returned at 7:2
            propagates lookup() at 3:12 returned at 6:3
            call #0 lookup(id) at 3:12
            call #1 ERR_PTR(err<-#0) at 6:10
            call #2 ERR_PTR(-ENODEV) at 7:15
            opaque return at 7:2
        "#]],
    );
}

#[test]
fn loops_breaks_and_switch() {
    check(
        r#"int scan(struct list_head *head, int cmd)
{
	struct item *pos;
	int ret = -ENOENT;

	list_for_each_entry(pos, head, list) {
		if (pos->id == cmd) {
			ret = 0;
			break;
		}
	}
	switch (cmd) {
	case 1:
		ret = -EAGAIN;
		break;
	case 2:
		ret = do_two();
		/* fall through */
	case 3:
		break;
	default:
		return -EOPNOTSUPP;
	}
	while (ret == -EINTR)
		ret = retry();
	return ret;
}
"#,
        expect![[r#"
            errno ENOENT at 4:12 `-ENOENT` returned at 26:2
            errno EAGAIN at 14:9 `-EAGAIN` returned at 26:2
            errno EOPNOTSUPP at 22:10 `-EOPNOTSUPP` returned at 22:3
            propagates do_two() at 17:9 returned at 26:2
            propagates retry() at 25:9 returned at 26:2
            call #0 list_for_each_entry(pos; head; list) at 6:2
            call #1 do_two() at 17:9
            call #2 retry() at 25:9
            tests EINTR
        "#]],
    );
}

#[test]
fn backward_goto_reaches_a_fixpoint() {
    check(
        r#"int r(void)
{
	int err;
	unsigned int flags = 0;
retry:
	err = lookup(flags);
	if (err == -ESTALE && !flags) {
		flags = 1;
		goto retry;
	}
	if (err)
		goto out;
	err = -EIO;
out:
	return err;
}
"#,
        expect![[r#"
            errno EIO at 13:8 `-EIO` returned at 15:2
            propagates lookup() at 6:8 returned at 15:2
            call #0 lookup(flags) at 6:8
            tests ESTALE
        "#]],
    );
}

#[test]
fn kernel_statement_macros_and_cleanup_classes() {
    check(
        r#"int ksys_ftruncate(unsigned int fd, loff_t length)
{
	CLASS(fd, f)(fd);
	if (fd_empty(f))
		return -EBADF;
	scoped_guard(super_write, inode->i_sb)
		return do_truncate(fd_file(f), length);
}
"#,
        expect![[r#"
            errno EBADF at 5:10 `-EBADF` returned at 5:3
            propagates do_truncate() at 7:10 returned at 7:3
            call #0 CLASS(fd; f) at 3:2
            call #1 fd_empty(f) at 4:6
            call #2 scoped_guard(super_write; inode->i_sb) at 6:2
            call #3 do_truncate(fd_file(f)<-#4; length) at 7:10
            call #4 fd_file(f) at 7:22
        "#]],
    );
}

#[test]
fn opaque_values_are_reported_not_guessed() {
    check(
        r#"ssize_t rd(struct file *file, size_t count)
{
	ssize_t ret;

	ret = file->f_op->read(file, count);
	if (ret < 0)
		return ret;
	return count - ret;
}
"#,
        expect![[r#"
            opaque return at 7:3
            opaque return at 8:2
        "#]],
    );
}

#[test]
fn capability_checks_and_their_wrappers() {
    check(
        r#"int caps(struct inode *inode, struct sock *sk)
{
	if (!capable(CAP_SYS_ADMIN) && !ns_capable_noaudit(&init_user_ns, CAP_NET_ADMIN))
		return -EPERM;
	if (!capable_wrt_inode_uidgid(idmap, inode, CAP_FOWNER) || !perfmon_capable())
		return -EACCES;
	if (!file_ns_capable(file, ns, CAP_SYS_RESOURCE) || sk_capable(sk, CAP_NET_RAW))
		return -EPERM;
	return has_capability_noaudit(current, CAP_KILL);
}
"#,
        expect![[r#"
            errno EPERM at 4:10 `-EPERM` returned at 4:3
            errno EACCES at 6:10 `-EACCES` returned at 6:3
            errno EPERM at 8:10 `-EPERM` returned at 8:3
            propagates has_capability_noaudit() at 9:9 returned at 9:2
            call #0 capable(CAP_SYS_ADMIN) at 3:7
            call #1 ns_capable_noaudit(&init_user_ns; CAP_NET_ADMIN) at 3:34
            call #2 capable_wrt_inode_uidgid(idmap; inode; CAP_FOWNER) at 5:7
            call #3 perfmon_capable() at 5:62
            call #4 file_ns_capable(file; ns; CAP_SYS_RESOURCE) at 7:7
            call #5 sk_capable(sk; CAP_NET_RAW) at 7:54
            call #6 has_capability_noaudit(current; CAP_KILL) at 9:9
            capability capable CAP_SYS_ADMIN@3:15
            capability ns_capable_noaudit CAP_NET_ADMIN@3:68
            capability capable_wrt_inode_uidgid CAP_FOWNER@5:46
            capability perfmon_capable CAP_PERFMON@5:62 CAP_SYS_ADMIN@5:62 (implied)
            capability file_ns_capable CAP_SYS_RESOURCE@7:33
            capability sk_capable CAP_NET_RAW@7:69
            capability has_capability_noaudit CAP_KILL@9:41
        "#]],
    );
}

#[test]
fn allocations_freed_stored_and_auto_freed() {
    check(
        r#"int alloc(struct ctx *ctx, size_t n)
{
	char *tmp = kmalloc(n, GFP_KERNEL);
	char *buf __free(kfree) = kzalloc(n, GFP_NOWAIT | __GFP_NOWARN);
	void *keep;

	if (!tmp || !buf)
		return -ENOMEM;
	keep = kvmalloc(n, GFP_KERNEL_ACCOUNT);
	ctx->data = keep;
	kfree(tmp);
	ctx->name = no_free_ptr(buf);
	return 0;
}
"#,
        expect![[r#"
            errno ENOMEM at 8:10 `-ENOMEM` returned at 8:3
            call #0 kmalloc(n; GFP_KERNEL) at 3:14
            call #1 kzalloc(n; GFP_NOWAIT | __GFP_NOWARN) at 4:28 escapes auto-freed
            call #2 kvmalloc(n; GFP_KERNEL_ACCOUNT) at 9:9 escapes
            call #3 kfree(tmp<-#0) at 11:2
            call #4 no_free_ptr(buf<-#1) at 12:14
            stores #1 into ctx->name
            stores #2 into ctx->data
        "#]],
    );
}

#[test]
fn preprocessor_branches_join() {
    assert_eq!(
        errnos(
            r#"int p(void)
{
#ifdef CONFIG_FOO
	return -ENOSYS;
#else
	if (bar())
		return -EBUSY;
#endif
	return 0;
}
"#
        ),
        ["EBUSY", "ENOSYS"]
    );
}

#[test]
fn address_taken_variables_become_opaque() {
    check(
        r#"int a(void)
{
	int err = 0;

	fill(&err);
	return err;
}
"#,
        expect![[r#"
            call #0 fill(&err) at 5:2
            opaque return at 6:2
        "#]],
    );
}

#[test]
fn garbage_and_empty_bodies_do_not_panic() {
    for text in [
        "{",
        "{}",
        "{ return -; }",
        "{ goto; }",
        "{ ) ( } {",
        "{ return -EINVAL }",
        "{ \u{e9}\u{1f600} return -E2BIG; }",
    ] {
        let facts = summarize_body(text, TextRange::new(0, text.len()));
        let _ = render(text, &facts);
    }
    let text = "{ \u{1f600} return -E2BIG; }";
    let facts = summarize_body(text, TextRange::new(0, text.len()));
    assert_eq!(facts.errnos[0].range.slice(text), "-E2BIG");
    // A range outside the text gives nothing rather than a panic.
    assert_eq!(
        summarize_body("{}", TextRange::new(5, 9)),
        BodyFacts::default()
    );
}

#[test]
fn cache_survives_edits_elsewhere_and_shifts_ranges() {
    let body = "{\n\treturn -EXDEV;\n}";
    let a = format!("/* a */\nint f(void)\n{body}");
    let b = format!("/* a much longer comment */\nint f(void)\n{body}");
    let fa = summarize_body(&a, TextRange::new(a.find('{').unwrap(), a.len()));
    let fb = summarize_body(&b, TextRange::new(b.find('{').unwrap(), b.len()));
    assert_eq!(fa.errnos[0].range.slice(&a), "-EXDEV");
    assert_eq!(fb.errnos[0].range.slice(&b), "-EXDEV");
}

#[test]
fn finds_same_file_helper_definitions() {
    let text = r#"static int helper(int x);

static inline int
helper(int x) __must_hold(&lock) /* ok */
{
	if (x) { return "}" == 0; }
	return -EINVAL;
}

int caller(void)
{
	return helper(1);
}

static void
other(void) { helper(2); }
"#;
    let body = find_function_body(text, "helper").expect("definition");
    assert!(body.slice(text).starts_with("{\n\tif (x)"));
    assert!(body.slice(text).ends_with("return -EINVAL;\n}"));
    assert_eq!(
        find_function_body(text, "caller").map(|r| r.slice(text).len()),
        Some(22)
    );
    assert!(find_function_body(text, "other").is_some());
    assert_eq!(find_function_body(text, "help"), None);
    assert_eq!(find_function_body(text, "missing"), None);
    // Two definitions (under different #ifdefs) are ambiguous.
    let twice =
        "#ifdef A\nint f(void)\n{\n\treturn 1;\n}\n#else\nint f(void)\n{\n\treturn 2;\n}\n#endif\n";
    assert_eq!(find_function_body(twice, "f"), None);
    // Unbalanced text does not panic.
    assert_eq!(find_function_body("int f(void) { /* ", "f"), None);
    assert_eq!(find_function_body("int f(", "f"), None);
}

/// Timing of body summaries, run by hand (release build, numbers printed):
/// `cargo test --release -p kapi-syntax body_perf -- --ignored --nocapture`.
/// Summarises every function body of the kernel fixtures (cold, then through the cache as
/// every analysis does) and one synthetic 3000-line body.
#[test]
#[ignore = "timing, run by hand"]
fn body_perf() {
    use std::time::Instant;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/kernel");
    let mut bodies: Vec<(String, TextRange)> = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "c") {
            let text = std::fs::read_to_string(&path).unwrap();
            let bytes = text.as_bytes();
            let mut ranges = Vec::new();
            for (i, _) in text.match_indices("\n{") {
                if let Some(close) = matching(bytes, i + 1, b'{', b'}') {
                    ranges.push(TextRange::new(i + 1, close + 1));
                }
            }
            bodies.extend(ranges.into_iter().map(|r| (text.clone(), r)));
        }
    }
    let mut big = String::from("{\n\tint err = 0;\n");
    for i in 0..500 {
        big += &format!("\terr = step_{i}(ctx);\n\tif (err)\n\t\tgoto out_{i};\n\tif (ctx->x == {i})\n\t\treturn -EINVAL;\n\tmutex_lock(&ctx->lock);\n");
    }
    for i in (0..500).rev() {
        big += &format!("out_{i}:\n\tundo_{i}(ctx);\n");
    }
    big += "\treturn err;\n}\n";
    let lines: usize = bodies.iter().map(|(t, r)| r.slice(t).lines().count()).sum();
    let rounds = 50;
    let start = Instant::now();
    for _ in 0..rounds {
        for (text, r) in &bodies {
            let wrapped = format!("{PREFIX}{}", r.slice(text));
            std::hint::black_box(crate::ctree::parse_c(&wrapped, None));
        }
    }
    println!(
        "parse only: {:?} per body",
        start.elapsed() / (rounds * bodies.len() as u32)
    );
    let start = Instant::now();
    for _ in 0..rounds {
        for (text, r) in &bodies {
            std::hint::black_box(summarize_uncached(r.slice(text)));
        }
    }
    let cold = start.elapsed() / (rounds * bodies.len() as u32);
    let start = Instant::now();
    for _ in 0..rounds {
        for (text, r) in &bodies {
            std::hint::black_box(summarize_body(text, *r));
        }
    }
    let warm = start.elapsed() / (rounds * bodies.len() as u32);
    let start = Instant::now();
    let facts = summarize_uncached(&big);
    let big_cold = start.elapsed();
    let big_range = TextRange::new(0, big.len());
    summarize_body(&big, big_range);
    let start = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(summarize_body(&big, big_range));
    }
    let big_warm = start.elapsed() / rounds;
    println!(
        "kernel fixtures: {} bodies, {lines} lines: {cold:?} per body uncached, {warm:?} per body cached\n\
         synthetic body: {} lines, {} calls, {} errnos: {big_cold:?} uncached, {big_warm:?} cached",
        bodies.len(),
        big.lines().count(),
        facts.calls.len(),
        facts.errnos.len()
    );
}

#[test]
fn fields_are_tracked_until_something_may_change_them() {
    check(
        r#"int f(struct frob *frob, void __user *u)
{
	int err;

	frob->cfg = memdup_user(u, 8);
	if (IS_ERR(frob->cfg))
		return PTR_ERR(frob->cfg);
	frob->err = -EINVAL;
	if (frob->x)
		return frob->err;
	frob->err = -EIO;
	frob_update(frob);
	if (frob->y)
		return frob->err;
	kfree(frob->cfg);
	return 0;
}
"#,
        expect![[r#"
            errno EINVAL at 8:14 `-EINVAL` returned at 10:3
            propagates memdup_user() (error code only) at 5:14 returned at 7:3
            call #0 memdup_user(u; 8) at 5:14 escapes
            call #1 IS_ERR(frob->cfg<-#0) at 6:6
            call #2 PTR_ERR(frob->cfg<-#0) at 7:10
            call #3 frob_update(frob) at 12:2
            call #4 kfree(frob->cfg) at 15:2
            stores #0 into frob->cfg
            opaque return at 14:3
        "#]],
    );
}

#[test]
fn dominance_follows_blocks_not_branches() {
    let text = r#"int f(struct d *d)
{
	spin_lock(&d->lock);
	if (d->x) {
		a();
		spin_unlock(&d->lock);
	} else
		b();
	c();
	while (d->y) {
		e();
		g();
	}
	h(i());
}
"#;
    let facts = summarize_body(
        text,
        TextRange::new(text.find('{').unwrap(), text.len() - 1),
    );
    let at = |name: &str| facts.calls.iter().position(|c| c.callee == name).unwrap();
    let lock = at("spin_lock");
    for later in ["a", "spin_unlock", "b", "c", "e", "g", "h", "i"] {
        assert!(facts.dominates(lock, at(later)), "spin_lock before {later}");
    }
    assert!(!facts.dominates(at("a"), at("b")), "branches");
    assert!(!facts.dominates(at("a"), at("c")), "a conditional call");
    assert!(facts.dominates(at("e"), at("g")));
    assert!(!facts.dominates(at("e"), at("h")), "a loop body");
    assert!(!facts.dominates(at("c"), lock), "order");
    assert!(!facts.dominates(at("i"), at("h")), "same statement");
}

mod garbage {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "{",
        "}",
        "(",
        ")",
        ";",
        "\n",
        "return",
        " -EINVAL",
        " err",
        " = ",
        "goto out",
        "out:",
        "if (x)",
        "else",
        "while (1)",
        "switch (c) {",
        "case 1:",
        "break;",
        "f(a, b)",
        "&err",
        "ctx->f",
        "__free(kfree)",
        "/*",
        "*/",
        "\"",
        "'",
        "é",
        "😀",
        "#ifdef A",
        "#endif",
        "scoped_guard(x, y)",
        "? :",
        "?:",
        "ERR_PTR(",
        "PTR_ERR(",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// Any text gives facts (and helper lookups) without panicking, with ranges inside it.
        #[test]
        fn never_panics(pieces in proptest::collection::vec(0..PIECES.len(), 0..60)) {
            let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            let facts = summarize_uncached(&text);
            for e in &facts.errnos {
                prop_assert!(e.range.end <= text.len() && text.is_char_boundary(e.range.start));
            }
            for c in &facts.calls {
                prop_assert!(c.range.end <= text.len());
            }
            let _ = find_function_body(&text, "f");
            let _ = find_function_body(&text, "err");
        }
    }
}
