// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bundled KAPI specs of kernel memory allocation primitives (include/linux/slab.h,
 * include/linux/vmalloc.h, mm/util.c), written for kapi-lsp. kapi-lsp uses them for calls
 * into these functions when the workspace has no spec of the same name.
 *
 * The kmalloc family takes its sleeping behaviour from the gfp_t argument: the specs list
 * both atomic and sleepable contexts, and the checks read the flags at each call (GFP_KERNEL
 * may sleep; GFP_ATOMIC and GFP_NOWAIT never do).
 */

/**
 * kmalloc - allocate kernel memory
 * @size: how many bytes of memory are required
 * @flags: the type of memory to allocate (GFP_*)
 *
 * long-desc: Allocates at least size bytes from the slab allocator (or the page
 *   allocator for large sizes). The memory is not zeroed. Whether the call may sleep
 *   depends on flags: GFP_KERNEL, GFP_NOFS and GFP_NOIO allow direct reclaim and may
 *   sleep; GFP_ATOMIC and GFP_NOWAIT never sleep and may be used in atomic context.
 *
 * contexts: process, softirq, hardirq, atomic, sleepable
 *
 * param: size
 *   type: uint, input
 *
 * param: flags
 *   type: uint, input
 *   cdesc: GFP flags. Only non-blocking flags (GFP_ATOMIC, GFP_NOWAIT) may be used
 *     in atomic context.
 *
 * return:
 *   type: ptr
 *   check-type: custom
 *   desc: The allocated memory, or NULL when the allocation fails. No errno is
 *     returned: callers that fail usually return -ENOMEM themselves.
 *
 * side-effect: alloc_memory
 *   target: slab memory
 *   desc: The caller owns the allocation and must release it with kfree().
 *   reversible: yes
 *
 * side-effect: schedule
 *   target: current task
 *   condition: flags allow direct reclaim (GFP_KERNEL, GFP_NOFS, GFP_NOIO)
 *   desc: Memory reclaim may sleep.
 */
void *kmalloc(size_t size, gfp_t flags);

/**
 * kzalloc - allocate zeroed kernel memory
 * @size: how many bytes of memory are required
 * @flags: the type of memory to allocate (GFP_*)
 *
 * long-desc: Like kmalloc(), and the memory is zeroed.
 *
 * contexts: process, softirq, hardirq, atomic, sleepable
 *
 * param: size
 *   type: uint, input
 *
 * param: flags
 *   type: uint, input
 *   cdesc: GFP flags, as for kmalloc().
 *
 * return:
 *   type: ptr
 *   check-type: custom
 *   desc: The zeroed memory, or NULL when the allocation fails.
 *
 * side-effect: alloc_memory
 *   target: slab memory
 *   desc: The caller owns the allocation and must release it with kfree().
 *   reversible: yes
 *
 * side-effect: schedule
 *   target: current task
 *   condition: flags allow direct reclaim (GFP_KERNEL, GFP_NOFS, GFP_NOIO)
 */
void *kzalloc(size_t size, gfp_t flags);

/**
 * kcalloc - allocate zeroed memory for an array
 * @n: number of elements
 * @size: element size
 * @flags: the type of memory to allocate (GFP_*)
 *
 * long-desc: Allocates n * size zeroed bytes; fails (returns NULL) when the
 *   multiplication overflows.
 *
 * contexts: process, softirq, hardirq, atomic, sleepable
 *
 * param: n
 *   type: uint, input
 *
 * param: size
 *   type: uint, input
 *
 * param: flags
 *   type: uint, input
 *   cdesc: GFP flags, as for kmalloc().
 *
 * return:
 *   type: ptr
 *   check-type: custom
 *   desc: The zeroed array, or NULL on overflow or allocation failure.
 *
 * side-effect: alloc_memory
 *   target: slab memory
 *   desc: The caller owns the allocation and must release it with kfree().
 *   reversible: yes
 *
 * side-effect: schedule
 *   target: current task
 *   condition: flags allow direct reclaim (GFP_KERNEL, GFP_NOFS, GFP_NOIO)
 */
void *kcalloc(size_t n, size_t size, gfp_t flags);

/**
 * kmalloc_array - allocate memory for an array
 * @n: number of elements
 * @size: element size
 * @flags: the type of memory to allocate (GFP_*)
 *
 * long-desc: Allocates n * size bytes (not zeroed); fails (returns NULL) when the
 *   multiplication overflows.
 *
 * contexts: process, softirq, hardirq, atomic, sleepable
 *
 * param: n
 *   type: uint, input
 *
 * param: size
 *   type: uint, input
 *
 * param: flags
 *   type: uint, input
 *   cdesc: GFP flags, as for kmalloc().
 *
 * return:
 *   type: ptr
 *   check-type: custom
 *   desc: The array, or NULL on overflow or allocation failure.
 *
 * side-effect: alloc_memory
 *   target: slab memory
 *   desc: The caller owns the allocation and must release it with kfree().
 *   reversible: yes
 *
 * side-effect: schedule
 *   target: current task
 *   condition: flags allow direct reclaim (GFP_KERNEL, GFP_NOFS, GFP_NOIO)
 */
void *kmalloc_array(size_t n, size_t size, gfp_t flags);

/**
 * krealloc - reallocate memory
 * @p: object to reallocate, or NULL
 * @new_size: how many bytes of memory are required
 * @flags: the type of memory to allocate (GFP_*)
 *
 * long-desc: Resizes the allocation p, moving it when needed. On failure p is left
 *   untouched and still owned by the caller. A new_size of 0 frees p.
 *
 * contexts: process, softirq, hardirq, atomic, sleepable
 *
 * param: p
 *   type: ptr, input
 *   constraint-type: custom
 *   cdesc: NULL, or memory returned by the kmalloc family.
 *
 * param: new_size
 *   type: uint, input
 *
 * param: flags
 *   type: uint, input
 *   cdesc: GFP flags, as for kmalloc().
 *
 * return:
 *   type: ptr
 *   check-type: custom
 *   desc: The resized memory, or NULL when the allocation fails.
 *
 * side-effect: alloc_memory
 *   target: slab memory
 *   desc: The caller owns the new allocation and must release it with kfree().
 *   reversible: yes
 *
 * side-effect: schedule
 *   target: current task
 *   condition: flags allow direct reclaim (GFP_KERNEL, GFP_NOFS, GFP_NOIO)
 */
void *krealloc(const void *p, size_t new_size, gfp_t flags);

/**
 * kfree - free memory allocated by the kmalloc family
 * @objp: pointer returned by kmalloc(), or NULL
 *
 * long-desc: Releases the memory. kfree(NULL) does nothing. Never sleeps.
 *
 * contexts: process, softirq, hardirq, atomic
 *
 * param: objp
 *   type: ptr, input
 *   constraint-type: custom
 *   cdesc: NULL, or memory returned by the kmalloc family and not yet freed.
 *
 * side-effect: free_memory
 *   target: slab memory
 *   desc: The object must not be used afterwards.
 */
void kfree(const void *objp);

/**
 * kvmalloc - allocate memory, falling back to vmalloc
 * @size: how many bytes of memory are required
 * @flags: the type of memory to allocate (GFP_*)
 *
 * long-desc: Tries kmalloc() first and falls back to vmalloc() for large sizes. The
 *   vmalloc fallback is used only when flags allow blocking (GFP_KERNEL), so the call
 *   may sleep exactly when the flags do.
 *
 * contexts: process, softirq, hardirq, atomic, sleepable
 *
 * param: size
 *   type: uint, input
 *
 * param: flags
 *   type: uint, input
 *   cdesc: GFP flags; must be GFP_KERNEL compatible for the vmalloc fallback.
 *
 * return:
 *   type: ptr
 *   check-type: custom
 *   desc: The allocated memory, or NULL when the allocation fails.
 *
 * side-effect: alloc_memory
 *   target: slab or vmalloc memory
 *   desc: The caller owns the allocation and must release it with kvfree().
 *   reversible: yes
 *
 * side-effect: schedule
 *   target: current task
 *   condition: flags allow direct reclaim (GFP_KERNEL)
 */
void *kvmalloc(size_t size, gfp_t flags);

/**
 * kvzalloc - allocate zeroed memory, falling back to vmalloc
 * @size: how many bytes of memory are required
 * @flags: the type of memory to allocate (GFP_*)
 *
 * long-desc: Like kvmalloc(), and the memory is zeroed.
 *
 * contexts: process, softirq, hardirq, atomic, sleepable
 *
 * param: size
 *   type: uint, input
 *
 * param: flags
 *   type: uint, input
 *   cdesc: GFP flags; must be GFP_KERNEL compatible for the vmalloc fallback.
 *
 * return:
 *   type: ptr
 *   check-type: custom
 *   desc: The zeroed memory, or NULL when the allocation fails.
 *
 * side-effect: alloc_memory
 *   target: slab or vmalloc memory
 *   desc: The caller owns the allocation and must release it with kvfree().
 *   reversible: yes
 *
 * side-effect: schedule
 *   target: current task
 *   condition: flags allow direct reclaim (GFP_KERNEL)
 */
void *kvzalloc(size_t size, gfp_t flags);

/**
 * kvfree - free memory allocated by kvmalloc
 * @addr: pointer returned by kvmalloc(), or NULL
 *
 * long-desc: Releases memory that may come from kmalloc() or vmalloc(). Freeing vmalloc
 *   memory may sleep when called from task context, so this must not be called with a
 *   spinlock held; from interrupt context the release is deferred.
 *
 * contexts: process, softirq, hardirq, sleepable
 *
 * param: addr
 *   type: ptr, input
 *   constraint-type: custom
 *   cdesc: NULL, or memory returned by the kvmalloc family and not yet freed.
 *
 * side-effect: free_memory
 *   target: slab or vmalloc memory
 *   desc: The memory must not be used afterwards.
 */
void kvfree(const void *addr);

/**
 * vmalloc - allocate virtually contiguous memory
 * @size: allocation size in bytes
 *
 * long-desc: Allocates enough pages to cover size and maps them into a contiguous
 *   kernel virtual range. Always uses GFP_KERNEL and may sleep.
 *
 * contexts: process, sleepable
 *
 * param: size
 *   type: uint, input
 *
 * return:
 *   type: ptr
 *   check-type: custom
 *   desc: The mapped memory, or NULL when the allocation fails.
 *
 * side-effect: alloc_memory
 *   target: vmalloc area
 *   desc: The caller owns the allocation and must release it with vfree().
 *   reversible: yes
 *
 * side-effect: schedule
 *   target: current task
 *   desc: Page allocation and page table setup may sleep.
 */
void *vmalloc(unsigned long size);

/**
 * vzalloc - allocate zeroed virtually contiguous memory
 * @size: allocation size in bytes
 *
 * long-desc: Like vmalloc(), and the memory is zeroed.
 *
 * contexts: process, sleepable
 *
 * param: size
 *   type: uint, input
 *
 * return:
 *   type: ptr
 *   check-type: custom
 *   desc: The zeroed memory, or NULL when the allocation fails.
 *
 * side-effect: alloc_memory
 *   target: vmalloc area
 *   desc: The caller owns the allocation and must release it with vfree().
 *   reversible: yes
 *
 * side-effect: schedule
 *   target: current task
 *   desc: Page allocation and page table setup may sleep.
 */
void *vzalloc(unsigned long size);

/**
 * vfree - release memory allocated by vmalloc
 * @addr: memory base address, or NULL
 *
 * long-desc: Frees the pages and the virtual range. May sleep when called from task
 *   context; from interrupt context (but not NMI) the release is deferred to a work
 *   item.
 *
 * contexts: process, softirq, hardirq, sleepable
 *
 * param: addr
 *   type: ptr, input
 *   constraint-type: custom
 *   cdesc: NULL, or memory returned by vmalloc() and not yet freed.
 *
 * side-effect: free_memory
 *   target: vmalloc area
 *   desc: The memory must not be used afterwards.
 */
void vfree(const void *addr);

/**
 * kstrdup - allocate space for and copy an existing string
 * @s: the string to duplicate
 * @gfp: the GFP mask used in the kmalloc() call when allocating memory
 *
 * long-desc: Returns a kmalloc()ed copy of s, or NULL when s is NULL or the
 *   allocation fails.
 *
 * contexts: process, softirq, hardirq, atomic, sleepable
 *
 * param: s
 *   type: ptr, input
 *
 * param: gfp
 *   type: uint, input
 *   cdesc: GFP flags, as for kmalloc().
 *
 * return:
 *   type: ptr
 *   check-type: custom
 *   desc: The copy, or NULL.
 *
 * side-effect: alloc_memory
 *   target: slab memory
 *   desc: The caller owns the copy and must release it with kfree().
 *   reversible: yes
 *
 * side-effect: schedule
 *   target: current task
 *   condition: gfp allows direct reclaim (GFP_KERNEL)
 */
char *kstrdup(const char *s, gfp_t gfp);

/**
 * memdup_user - duplicate memory region from user space
 * @src: source address in user space
 * @len: number of bytes to copy
 *
 * long-desc: Allocates len bytes with GFP_KERNEL and copies them from user space.
 *   Errors come back as an ERR_PTR(), never NULL.
 *
 * contexts: process, sleepable
 *
 * param: src
 *   type: user_ptr, input
 *   constraint-type: buffer(1)
 *
 * param: len
 *   type: uint, input
 *
 * return:
 *   type: ptr
 *   check-type: error_check
 *   desc: The kernel copy, or an ERR_PTR() on failure.
 *
 * error: EFAULT, Part of the user buffer is not accessible.
 *
 * error: ENOMEM, The allocation failed.
 *
 * side-effect: alloc_memory
 *   target: slab memory
 *   desc: The caller owns the copy and must release it with kfree().
 *   reversible: yes
 *
 * side-effect: schedule
 *   target: current task
 *   desc: The allocation and page faults on the user buffer may sleep.
 */
void *memdup_user(const void __user *src, size_t len);

/**
 * strndup_user - duplicate an existing string from user space
 * @s: the string to duplicate
 * @n: maximum number of bytes to copy, including the trailing NUL
 *
 * long-desc: Copies a NUL-terminated string of at most n bytes from user space into
 *   a new kernel allocation.
 *
 * contexts: process, sleepable
 *
 * param: s
 *   type: user_ptr, input
 *   constraint-type: user_string
 *
 * param: n
 *   type: int, input
 *
 * return:
 *   type: ptr
 *   check-type: error_check
 *   desc: The kernel copy, or an ERR_PTR() on failure.
 *
 * error: EFAULT, The string is not accessible.
 *
 * error: EINVAL, The string (with its NUL) is longer than n bytes.
 *
 * error: ENOMEM, The allocation failed.
 *
 * side-effect: alloc_memory
 *   target: slab memory
 *   desc: The caller owns the copy and must release it with kfree().
 *   reversible: yes
 *
 * side-effect: schedule
 *   target: current task
 *   desc: The allocation and page faults on the user string may sleep.
 */
char *strndup_user(const char __user *s, long n);
