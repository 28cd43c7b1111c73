// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bundled KAPI specs of the user-space access primitives (include/linux/uaccess.h,
 * arch/x86/include/asm/uaccess.h, lib/strncpy_from_user.c), written for kapi-lsp.
 *
 * copy_from_user() and copy_to_user() return the number of bytes NOT copied: they have no
 * error codes. The -EFAULT a syscall returns after a failed copy comes from the caller's own
 * `return -EFAULT;`, which the checks see in the caller's body. get_user(), put_user() and
 * strncpy_from_user() do return -EFAULT themselves. get_user() and put_user() are macros;
 * the prototypes below show how they are called.
 */

/**
 * copy_from_user - copy a block of data from user space
 * @to: destination address, in kernel space
 * @from: source address, in user space
 * @n: number of bytes to copy
 *
 * long-desc: Copies n bytes from user space. If some data could not be copied, the
 *   rest of the destination is zero-filled. May page in the user buffer, so it may
 *   sleep: it must not be called in atomic context.
 *
 * contexts: process, sleepable
 *
 * param: to
 *   type: ptr, output
 *   constraint-type: buffer(2)
 *
 * param: from
 *   type: user_ptr, input
 *   constraint-type: buffer(2)
 *
 * param: n
 *   type: uint, input
 *
 * return:
 *   type: uint
 *   check-type: exact
 *   success: 0
 *   desc: The number of bytes that could not be copied; 0 on success. Callers
 *     usually turn a non-zero result into -EFAULT.
 *
 * side-effect: schedule
 *   target: current task
 *   condition: the user page is not resident
 *   desc: Handling the page fault may sleep.
 */
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);

/**
 * copy_to_user - copy a block of data into user space
 * @to: destination address, in user space
 * @from: source address, in kernel space
 * @n: number of bytes to copy
 *
 * long-desc: Copies n bytes to user space. May page in the user buffer, so it may
 *   sleep: it must not be called in atomic context.
 *
 * contexts: process, sleepable
 *
 * param: to
 *   type: user_ptr, output
 *   constraint-type: buffer(2)
 *
 * param: from
 *   type: ptr, input
 *   constraint-type: buffer(2)
 *
 * param: n
 *   type: uint, input
 *
 * return:
 *   type: uint
 *   check-type: exact
 *   success: 0
 *   desc: The number of bytes that could not be copied; 0 on success. Callers
 *     usually turn a non-zero result into -EFAULT.
 *
 * side-effect: schedule
 *   target: current task
 *   condition: the user page is not resident
 *   desc: Handling the page fault may sleep.
 */
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);

/**
 * get_user - get a simple variable from user space
 * @x: variable to store the result in
 * @ptr: source address, in user space
 *
 * long-desc: A macro that copies one value of the size of *ptr into x. On failure x
 *   is set to zero.
 *
 * contexts: process, sleepable
 *
 * param: x
 *   type: int, output
 *
 * param: ptr
 *   type: user_ptr, input
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: 0 on success, -EFAULT on error.
 *
 * error: EFAULT, ptr is not a readable user address.
 *
 * side-effect: schedule
 *   target: current task
 *   condition: the user page is not resident
 *   desc: Handling the page fault may sleep.
 */
int get_user(int x, const void __user *ptr);

/**
 * put_user - write a simple value into user space
 * @x: value to copy to user space
 * @ptr: destination address, in user space
 *
 * long-desc: A macro that copies one value of the size of *ptr from x.
 *
 * contexts: process, sleepable
 *
 * param: x
 *   type: int, input
 *
 * param: ptr
 *   type: user_ptr, output
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: 0 on success, -EFAULT on error.
 *
 * error: EFAULT, ptr is not a writable user address.
 *
 * side-effect: schedule
 *   target: current task
 *   condition: the user page is not resident
 *   desc: Handling the page fault may sleep.
 */
int put_user(int x, void __user *ptr);

/**
 * strncpy_from_user - copy a NUL terminated string from user space
 * @dst: destination address, in kernel space; must hold count bytes
 * @src: source address, in user space
 * @count: maximum number of bytes to copy, including the trailing NUL
 *
 * long-desc: Copies the string, NUL included, stopping after count bytes. If the
 *   limit is reached the result is not NUL-terminated.
 *
 * contexts: process, sleepable
 *
 * param: dst
 *   type: ptr, output
 *   constraint-type: buffer(2)
 *
 * param: src
 *   type: user_ptr, input
 *   constraint-type: user_string
 *
 * param: count
 *   type: int, input
 *
 * return:
 *   type: int
 *   check-type: range
 *   success: >= 0
 *   desc: The length of the string (without the NUL), count if the string is too
 *     long, or -EFAULT.
 *
 * error: EFAULT, src is not accessible.
 *
 * side-effect: schedule
 *   target: current task
 *   condition: the user page is not resident
 *   desc: Handling the page fault may sleep.
 */
long strncpy_from_user(char *dst, const char __user *src, long count);

/**
 * clear_user - zero a block of memory in user space
 * @to: destination address, in user space
 * @n: number of bytes to zero
 *
 * long-desc: Writes n zero bytes to user space.
 *
 * contexts: process, sleepable
 *
 * param: to
 *   type: user_ptr, output
 *   constraint-type: buffer(1)
 *
 * param: n
 *   type: uint, input
 *
 * return:
 *   type: uint
 *   check-type: exact
 *   success: 0
 *   desc: The number of bytes that could not be cleared; 0 on success.
 *
 * side-effect: schedule
 *   target: current task
 *   condition: the user page is not resident
 *   desc: Handling the page fault may sleep.
 */
unsigned long clear_user(void __user *to, unsigned long n);

/**
 * copy_struct_from_user - copy an extensible struct from user space
 * @dst: destination address, in kernel space
 * @ksize: size of the kernel struct
 * @src: source address, in user space
 * @usize: size of the user struct, as passed by user space
 *
 * long-desc: Copies min(ksize, usize) bytes, zero-fills the rest of dst, and fails
 *   when the user struct is larger and its trailing bytes are not all zero.
 *
 * contexts: process, sleepable
 *
 * param: dst
 *   type: ptr, output
 *   constraint-type: buffer(1)
 *
 * param: ksize
 *   type: uint, input
 *
 * param: src
 *   type: user_ptr, input
 *   constraint-type: buffer(3)
 *
 * param: usize
 *   type: uint, input
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: 0 on success, or a negative errno.
 *
 * error: EFAULT, src is not accessible.
 *
 * error: E2BIG, usize > ksize and the extra user bytes are not zero.
 *
 * side-effect: schedule
 *   target: current task
 *   condition: the user page is not resident
 *   desc: Handling the page fault may sleep.
 */
int copy_struct_from_user(void *dst, size_t ksize, const void __user *src, size_t usize);
