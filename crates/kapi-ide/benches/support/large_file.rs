//! A large synthetic kernel C file for benchmarks: 10,000 lines with 50 specified syscalls
//! between ordinary kerneldoc-commented helpers, the size of `kernel/sched/core.c`.

/// One specified syscall, with a body that returns errors and calls other functions.
fn spec(i: usize) -> String {
    format!(
        r#"/**
 * sys_frob{i} - Frobnicate buffer number {i}
 * @fd: File descriptor
 * @buf: Output buffer
 * @len: Buffer length
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *   constraint-type: range(0, INT_MAX)
 *
 * param: buf
 *   type: user_ptr, output
 *   constraint-type: buffer(2)
 *   cdesc: Must be writable for len
 *     bytes.
 *
 * param: len
 *   type: uint, input
 *   constraint-type: range(1, 0x1000)
 *
 * return:
 *   type: int
 *   check-type: range
 *   success: >= 0
 *   desc: Bytes written.
 *
 * error: EBADF, Bad file descriptor
 *   desc: fd is not open.
 *
 * error: EFAULT, buf is not writable
 *
 * lock: frob_lock
 *   type: mutex
 *   acquired: yes
 *   released: yes
 *
 * side-effect: file_position | modify_state
 *   target: file->f_pos
 *   reversible: no
 */
SYSCALL_DEFINE3(frob{i}, unsigned int, fd, char __user *, buf, size_t, len)
{{
	struct fd f = fdget(fd);
	ssize_t ret;

	if (!fd_file(f))
		return -EBADF;
	mutex_lock(&frob_lock);
	ret = frob_write(fd_file(f), buf, len);
	mutex_unlock(&frob_lock);
	fdput(f);
	if (ret < 0)
		return -EFAULT;
	return ret;
}}

"#
    )
}

/// Ordinary kernel C between the specs: a kerneldoc-commented helper per block.
fn filler(i: usize, lines: usize) -> String {
    let mut s = format!(
        "/**\n * helper{i}() - An ordinary kerneldoc comment\n * @x: a value\n *\n * Return: 0.\n */\nstatic int helper{i}(int x)\n{{\n"
    );
    for j in 0..lines.saturating_sub(10) {
        s.push_str(&format!("\tx += compute_{j}(x, {j}); /* step {j} */\n"));
    }
    s.push_str("\treturn x;\n}\n\n");
    s
}

/// A 10,000-line file with 50 specs.
pub fn large_file() -> String {
    let mut text = String::from("// SPDX-License-Identifier: GPL-2.0\n#include <linux/fs.h>\n\n");
    let spec_lines = spec(0).lines().count();
    let per_block = 10_000 / 50;
    for i in 0..50 {
        text.push_str(&spec(i));
        text.push_str(&filler(i, per_block - spec_lines));
    }
    text
}
