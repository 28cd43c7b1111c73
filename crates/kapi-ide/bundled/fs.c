// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bundled KAPI specs of file-descriptor and file primitives (include/linux/file.h,
 * fs/file.c, fs/file_table.c, fs/namei.c), written for kapi-lsp.
 */

/**
 * fdget - look up a file descriptor of the current task
 * @fd: the file descriptor
 *
 * long-desc: Looks up fd in the current task's file table and takes a reference when
 *   the table is shared. The result is empty (fd_empty()) when fd is not open; it must
 *   be released with fdput(). Uses current, so process context only; does not sleep.
 *
 * contexts: process
 *
 * param: fd
 *   type: fd, input
 *
 * return:
 *   type: struct
 *   check-type: custom
 *   desc: The file reference; empty when fd is not open.
 */
struct fd fdget(unsigned int fd);

/**
 * fdput - release a file reference taken by fdget
 * @fd: the reference returned by fdget()
 *
 * long-desc: Drops the reference taken by fdget(), if one was taken.
 *
 * contexts: process
 *
 * param: fd
 *   type: struct, input
 */
void fdput(struct fd fd);

/**
 * fget - take a reference to the file behind a file descriptor
 * @fd: the file descriptor
 *
 * long-desc: Looks up fd in the current task's file table and takes a reference to
 *   the file, to be released with fput().
 *
 * contexts: process
 *
 * param: fd
 *   type: fd, input
 *
 * return:
 *   type: ptr
 *   check-type: custom
 *   desc: The file, or NULL when fd is not open.
 */
struct file *fget(unsigned int fd);

/**
 * fput - release a reference to a file
 * @file: the file
 *
 * long-desc: Drops a reference; the last one schedules the final release (which runs
 *   later in process context), so fput() itself may be called in any context but NMI.
 *
 * contexts: process, softirq, hardirq, atomic
 *
 * param: file
 *   type: ptr, input
 */
void fput(struct file *file);

/**
 * get_unused_fd_flags - reserve a file descriptor number
 * @flags: O_CLOEXEC or 0
 *
 * long-desc: Reserves the lowest free descriptor number in the current task's table,
 *   growing the table if needed. The number is not visible to the task until
 *   fd_install(); an unused one is given back with put_unused_fd().
 *
 * contexts: process, sleepable
 *
 * param: flags
 *   type: uint, input
 *
 * return:
 *   type: int
 *   check-type: fd
 *   desc: The descriptor number, or a negative errno.
 *
 * error: EMFILE, The task's RLIMIT_NOFILE is reached.
 *
 * side-effect: schedule
 *   target: current task
 *   condition: the file table must grow
 *   desc: Growing the table allocates with GFP_KERNEL.
 */
int get_unused_fd_flags(unsigned int flags);

/**
 * put_unused_fd - give back a reserved file descriptor number
 * @fd: the number returned by get_unused_fd_flags()
 *
 * long-desc: Releases a number that was reserved but never installed.
 *
 * contexts: process
 *
 * param: fd
 *   type: fd, input
 */
void put_unused_fd(unsigned int fd);

/**
 * fd_install - install a file into a reserved file descriptor
 * @fd: the number returned by get_unused_fd_flags()
 * @file: the file; the caller's reference is transferred to the table
 *
 * long-desc: Makes file visible to the task as fd. Cannot fail and cannot be undone
 *   by the caller: user space may use or close the descriptor at once.
 *
 * contexts: process
 *
 * param: fd
 *   type: fd, input
 *
 * param: file
 *   type: ptr, input
 *
 * side-effect: resource_create
 *   target: the task's file descriptor table
 *   desc: A new descriptor becomes visible to user space.
 */
void fd_install(unsigned int fd, struct file *file);

/**
 * getname - copy a path name from user space
 * @filename: the user pointer to the path
 *
 * long-desc: Copies the NUL-terminated path into a new struct filename, to be
 *   released with putname().
 *
 * contexts: process, sleepable
 *
 * param: filename
 *   type: path, input
 *   constraint-type: user_path
 *
 * return:
 *   type: ptr
 *   check-type: error_check
 *   desc: The copied name, or an ERR_PTR() on failure.
 *
 * error: EFAULT, filename is not accessible.
 *
 * error: ENAMETOOLONG, The path is longer than PATH_MAX.
 *
 * error: ENOENT, The path is empty.
 *
 * error: ENOMEM, The allocation failed.
 *
 * side-effect: alloc_memory
 *   target: names cache
 *   desc: Released with putname().
 *   reversible: yes
 *
 * side-effect: schedule
 *   target: current task
 *   desc: The allocation and page faults on the user string may sleep.
 */
struct filename *getname(const char __user *filename);

/**
 * putname - release a name returned by getname
 * @name: the name
 *
 * long-desc: Drops a reference to name and frees it with the last one.
 *
 * contexts: process
 *
 * param: name
 *   type: ptr, input
 *
 * side-effect: free_memory
 *   target: names cache
 */
void putname(struct filename *name);
