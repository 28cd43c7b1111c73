// SPDX-License-Identifier: GPL-2.0
/*
 * A small driver-style file with KAPI specs and the mistakes kapi-lsp finds in them:
 * run `cargo run --release -p kapi-lsp -- check examples/`.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(widget_lock);

/**
 * widget_alloc() - Allocate a widget
 * @size: payload size in bytes
 * @gfp: allocation flags
 *
 * contexts: process | sleepable
 *
 * param: size
 *   type: uint, input
 *   constraint-type: range(1, 4096)
 *
 * param: gpf
 *   type: uint, input
 *
 * return:
 *   type: ptr
 *   check-type: exact
 *   desc: The new widget, or NULL when memory is short.
 *
 * side-effect: alloc_memory
 *   target: the new widget
 */
struct widget *widget_alloc(size_t size, gfp_t gfp)
{
	return kzalloc(sizeof(struct widget) + size, gfp);
}

/**
 * widget_poke() - Poke a widget from interrupt context
 * @w: the widget
 *
 * contexts: hardirq, atomic
 *
 * param: w
 *   type: ptr, input
 *   constraint-type: nonzero
 *
 * return:
 *   type: int
 *   check-type: error_check
 *   desc: 0, or a negative errno.
 *
 * error: EBUSY, the widget is being reset
 */
int widget_poke(struct widget *w)
{
	void *buf;

	if (w->resetting)
		return -EBUSY;
	buf = kmalloc(64, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	kfree(buf);
	return 0;
}

/**
 * sys_widget_read - Read a widget's payload into user memory
 * @id: widget id
 * @buf: destination buffer
 * @len: size of @buf
 *
 * contexts: process, sleepable
 *
 * param: id
 *   type: KAPI_TYPE_ULONG, input
 *
 * param: buf
 *   type: ptr, output
 *   constraint-type: buffer(3)
 *
 * param: len
 *   type: uint, input
 *   flags: input, user
 *
 * error: ENOENT, no widget has this id
 * error: EFAULT, buf is not writable
 */
SYSCALL_DEFINE3(widget_read, unsigned long, id, char __user *, buf, size_t, len)
{
	struct widget *w = widget_find(id);

	if (!w)
		return -ENOENT;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_to_user(buf, w->payload, min(len, w->size)))
		return -EFAULT;
	return 0;
}
