// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bundled KAPI specs of kernel locking primitives (include/linux/mutex.h,
 * include/linux/spinlock.h, include/linux/rwsem.h, include/linux/rcupdate.h,
 * include/linux/kernel.h), written for kapi-lsp. Several are macros; the prototypes show how
 * they are called.
 *
 * Sleeping locks (mutexes, rw-semaphores) are process-context only; spinlocks may be taken in
 * any context and never sleep. Each acquiring function declares `lock_acquire` and each
 * releasing one `lock_release`; the checks pair them by their lock argument.
 */

/**
 * mutex_lock - acquire the mutex
 * @lock: the mutex to be acquired
 *
 * long-desc: Locks the mutex exclusively for this task, sleeping until it is
 *   available. The mutex must later be released by the same task.
 *
 * contexts: process, sleepable
 *
 * param: lock
 *   type: ptr, input
 *
 * lock: lock
 *   type: mutex
 *   acquired: yes
 *
 * side-effect: lock_acquire | schedule
 *   target: lock
 *   desc: Sleeps while another task holds the mutex.
 */
void mutex_lock(struct mutex *lock);

/**
 * mutex_lock_interruptible - acquire the mutex, interruptible by signals
 * @lock: the mutex to be acquired
 *
 * long-desc: Like mutex_lock(), but a signal aborts the wait.
 *
 * contexts: process, sleepable
 *
 * param: lock
 *   type: ptr, input
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: 0 when the mutex was acquired, -EINTR when a signal arrived first.
 *
 * error: EINTR, A signal arrived while waiting; the mutex is not held.
 *
 * lock: lock
 *   type: mutex
 *   acquired: yes
 *
 * side-effect: lock_acquire | schedule
 *   target: lock
 *   condition: the return value is 0
 *   desc: Sleeps while another task holds the mutex.
 */
int mutex_lock_interruptible(struct mutex *lock);

/**
 * mutex_lock_killable - acquire the mutex, interruptible by fatal signals
 * @lock: the mutex to be acquired
 *
 * long-desc: Like mutex_lock(), but a fatal signal aborts the wait.
 *
 * contexts: process, sleepable
 *
 * param: lock
 *   type: ptr, input
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: 0 when the mutex was acquired, -EINTR when a fatal signal arrived first.
 *
 * error: EINTR, A fatal signal arrived while waiting; the mutex is not held.
 *
 * lock: lock
 *   type: mutex
 *   acquired: yes
 *
 * side-effect: lock_acquire | schedule
 *   target: lock
 *   condition: the return value is 0
 *   desc: Sleeps while another task holds the mutex.
 */
int mutex_lock_killable(struct mutex *lock);

/**
 * mutex_trylock - try to acquire the mutex, without waiting
 * @lock: the mutex to be acquired
 *
 * long-desc: Takes the mutex if it is free. Never sleeps, but mutexes belong to a
 *   task, so this must not be called from interrupt context.
 *
 * contexts: process
 *
 * param: lock
 *   type: ptr, input
 *
 * return:
 *   type: int
 *   check-type: custom
 *   desc: 1 when the mutex was acquired, 0 when it is held by someone else.
 *
 * lock: lock
 *   type: mutex
 *   acquired: yes
 *
 * side-effect: lock_acquire
 *   target: lock
 *   condition: the return value is 1
 */
int mutex_trylock(struct mutex *lock);

/**
 * mutex_unlock - release the mutex
 * @lock: the mutex to be released
 *
 * long-desc: Releases a mutex held by the current task. Does not sleep, but must not
 *   be called from interrupt context.
 *
 * contexts: process
 *
 * param: lock
 *   type: ptr, input
 *
 * lock: lock
 *   type: mutex
 *   released: yes
 *
 * side-effect: lock_release
 *   target: lock
 */
void mutex_unlock(struct mutex *lock);

/**
 * spin_lock - acquire a spinlock
 * @lock: the spinlock to be acquired
 *
 * long-desc: Busy-waits until the lock is free and disables preemption while it is
 *   held. The holder must not sleep. Does not disable interrupts: a lock also taken
 *   in interrupt context needs spin_lock_irqsave().
 *
 * contexts: process, softirq, hardirq, atomic
 *
 * param: lock
 *   type: ptr, input
 *
 * lock: lock
 *   type: spinlock
 *   acquired: yes
 *
 * side-effect: lock_acquire
 *   target: lock
 */
void spin_lock(spinlock_t *lock);

/**
 * spin_unlock - release a spinlock
 * @lock: the spinlock to be released
 *
 * long-desc: Releases the lock and enables preemption again.
 *
 * contexts: process, softirq, hardirq, atomic
 *
 * param: lock
 *   type: ptr, input
 *
 * lock: lock
 *   type: spinlock
 *   released: yes
 *
 * side-effect: lock_release
 *   target: lock
 */
void spin_unlock(spinlock_t *lock);

/**
 * spin_lock_irqsave - acquire a spinlock and disable local interrupts
 * @lock: the spinlock to be acquired
 * @flags: where the previous interrupt state is saved
 *
 * long-desc: A macro: saves the interrupt state into flags, disables local
 *   interrupts, then acquires the lock. Usable in any context.
 *
 * contexts: process, softirq, hardirq, atomic, irq_disabled
 *
 * param: lock
 *   type: ptr, input
 *
 * param: flags
 *   type: uint, output
 *
 * lock: lock
 *   type: spinlock
 *   acquired: yes
 *
 * side-effect: lock_acquire
 *   target: lock
 */
void spin_lock_irqsave(spinlock_t *lock, unsigned long flags);

/**
 * spin_unlock_irqrestore - release a spinlock and restore local interrupts
 * @lock: the spinlock to be released
 * @flags: the interrupt state saved by spin_lock_irqsave()
 *
 * long-desc: Releases the lock and restores the interrupt state saved in flags.
 *
 * contexts: process, softirq, hardirq, atomic, irq_disabled
 *
 * param: lock
 *   type: ptr, input
 *
 * param: flags
 *   type: uint, input
 *
 * lock: lock
 *   type: spinlock
 *   released: yes
 *
 * side-effect: lock_release
 *   target: lock
 */
void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags);

/**
 * spin_lock_irq - acquire a spinlock and disable local interrupts
 * @lock: the spinlock to be acquired
 *
 * long-desc: Disables local interrupts unconditionally, then acquires the lock. Use
 *   only where interrupts are known to be enabled.
 *
 * contexts: process, softirq
 *
 * param: lock
 *   type: ptr, input
 *
 * lock: lock
 *   type: spinlock
 *   acquired: yes
 *
 * side-effect: lock_acquire
 *   target: lock
 */
void spin_lock_irq(spinlock_t *lock);

/**
 * spin_unlock_irq - release a spinlock and enable local interrupts
 * @lock: the spinlock to be released
 *
 * long-desc: Releases the lock and enables local interrupts unconditionally.
 *
 * contexts: process, softirq
 *
 * param: lock
 *   type: ptr, input
 *
 * lock: lock
 *   type: spinlock
 *   released: yes
 *
 * side-effect: lock_release
 *   target: lock
 */
void spin_unlock_irq(spinlock_t *lock);

/**
 * spin_lock_bh - acquire a spinlock and disable softirqs
 * @lock: the spinlock to be acquired
 *
 * long-desc: Disables bottom halves on this CPU, then acquires the lock.
 *
 * contexts: process, softirq
 *
 * param: lock
 *   type: ptr, input
 *
 * lock: lock
 *   type: spinlock
 *   acquired: yes
 *
 * side-effect: lock_acquire
 *   target: lock
 */
void spin_lock_bh(spinlock_t *lock);

/**
 * spin_unlock_bh - release a spinlock and enable softirqs
 * @lock: the spinlock to be released
 *
 * long-desc: Releases the lock and enables bottom halves again.
 *
 * contexts: process, softirq
 *
 * param: lock
 *   type: ptr, input
 *
 * lock: lock
 *   type: spinlock
 *   released: yes
 *
 * side-effect: lock_release
 *   target: lock
 */
void spin_unlock_bh(spinlock_t *lock);

/**
 * down_read - acquire a read-write semaphore for reading
 * @sem: the semaphore
 *
 * long-desc: Sleeps until no writer holds the semaphore.
 *
 * contexts: process, sleepable
 *
 * param: sem
 *   type: ptr, input
 *
 * lock: sem
 *   type: semaphore
 *   acquired: yes
 *
 * side-effect: lock_acquire | schedule
 *   target: sem
 */
void down_read(struct rw_semaphore *sem);

/**
 * up_read - release a read-write semaphore held for reading
 * @sem: the semaphore
 *
 * long-desc: Releases a read hold taken by down_read().
 *
 * contexts: process
 *
 * param: sem
 *   type: ptr, input
 *
 * lock: sem
 *   type: semaphore
 *   released: yes
 *
 * side-effect: lock_release
 *   target: sem
 */
void up_read(struct rw_semaphore *sem);

/**
 * down_write - acquire a read-write semaphore for writing
 * @sem: the semaphore
 *
 * long-desc: Sleeps until no reader or writer holds the semaphore.
 *
 * contexts: process, sleepable
 *
 * param: sem
 *   type: ptr, input
 *
 * lock: sem
 *   type: semaphore
 *   acquired: yes
 *
 * side-effect: lock_acquire | schedule
 *   target: sem
 */
void down_write(struct rw_semaphore *sem);

/**
 * up_write - release a read-write semaphore held for writing
 * @sem: the semaphore
 *
 * long-desc: Releases the write hold taken by down_write().
 *
 * contexts: process
 *
 * param: sem
 *   type: ptr, input
 *
 * lock: sem
 *   type: semaphore
 *   released: yes
 *
 * side-effect: lock_release
 *   target: sem
 */
void up_write(struct rw_semaphore *sem);

/**
 * rcu_read_lock - mark the beginning of an RCU read-side critical section
 *
 * long-desc: Readers may not block inside the section (except under PREEMPT_RCU,
 *   where they may be preempted but still must not sleep). Nests; usable in any
 *   context, NMI included.
 *
 * contexts: process, softirq, hardirq, nmi, atomic
 *
 * lock: rcu
 *   type: rcu
 *   acquired: yes
 *
 * side-effect: lock_acquire
 *   target: RCU read-side critical section
 */
void rcu_read_lock(void);

/**
 * rcu_read_unlock - mark the end of an RCU read-side critical section
 *
 * long-desc: Ends the section begun by the matching rcu_read_lock().
 *
 * contexts: process, softirq, hardirq, nmi, atomic
 *
 * lock: rcu
 *   type: rcu
 *   released: yes
 *
 * side-effect: lock_release
 *   target: RCU read-side critical section
 */
void rcu_read_unlock(void);

/**
 * might_sleep - annotation for functions that can sleep
 *
 * long-desc: Documents and, with CONFIG_DEBUG_ATOMIC_SLEEP, checks that the caller
 *   may sleep: it warns when called in atomic context. A caller that allows atomic
 *   context contradicts itself by calling it.
 *
 * contexts: process, sleepable
 */
void might_sleep(void);
