// SPDX-License-Identifier: GPL-2.0
/*
 * A clean KAPI specification (the worked example of the language reference): `kapi-lsp check`
 * reports nothing here. See widget.c for a file with mistakes.
 */

/**
 * sys_frob - Frobnicate a buffer
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
 * lock: frob_lock
 *   type: mutex
 *   acquired: yes
 *   released: yes
 *
 * side-effect: file_position | modify_state
 *   target: file->f_pos
 *   reversible: no
 */
SYSCALL_DEFINE3(frob, unsigned int, fd, char __user *, buf, size_t, len)
{
	struct fd f = fdget(fd);
	ssize_t ret;

	if (!fd_file(f))
		return -EBADF;
	mutex_lock(&frob_lock);
	ret = frob_write(fd_file(f), buf, len);
	mutex_unlock(&frob_lock);
	fdput(f);
	return ret;
}
