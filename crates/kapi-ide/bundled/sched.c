// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bundled KAPI specs of scheduling, sleeping and waiting primitives (kernel/sched/core.c,
 * kernel/time/sleep_timeout.c, include/linux/wait.h, kernel/sched/completion.c,
 * include/linux/delay.h, kernel/signal.c), written for kapi-lsp. wait_event_interruptible()
 * is a macro; the prototype shows how it is called.
 */

/**
 * schedule - give up the CPU
 *
 * long-desc: Picks the next task to run. Called with the task state set to a sleeping
 *   state, it blocks until the task is woken. Must not be called in atomic context.
 *
 * contexts: process, sleepable
 *
 * side-effect: schedule
 *   target: current task
 */
void schedule(void);

/**
 * cond_resched - yield the CPU if a reschedule is pending
 *
 * long-desc: A voluntary preemption point in long-running loops.
 *
 * contexts: process, sleepable
 *
 * return:
 *   type: int
 *   check-type: custom
 *   desc: 1 if the task was rescheduled, 0 otherwise.
 *
 * side-effect: schedule
 *   target: current task
 */
int cond_resched(void);

/**
 * msleep - sleep safely even with waitqueue interruptions
 * @msecs: time in milliseconds to sleep for
 *
 * long-desc: Sleeps uninterruptibly for at least msecs milliseconds.
 *
 * contexts: process, sleepable
 *
 * param: msecs
 *   type: uint, input
 *
 * side-effect: schedule
 *   target: current task
 */
void msleep(unsigned int msecs);

/**
 * msleep_interruptible - sleep waiting for signals
 * @msecs: time in milliseconds to sleep for
 *
 * long-desc: Sleeps for at least msecs milliseconds unless a signal arrives first.
 *
 * contexts: process, sleepable
 *
 * param: msecs
 *   type: uint, input
 *
 * return:
 *   type: uint
 *   check-type: custom
 *   desc: The remaining milliseconds when a signal cut the sleep short, else 0.
 *
 * side-effect: schedule
 *   target: current task
 */
unsigned long msleep_interruptible(unsigned int msecs);

/**
 * usleep_range - sleep for an approximate time
 * @min: minimum time in microseconds to sleep
 * @max: maximum time in microseconds to sleep
 *
 * long-desc: Sleeps on an hrtimer for between min and max microseconds.
 *
 * contexts: process, sleepable
 *
 * param: min
 *   type: uint, input
 *
 * param: max
 *   type: uint, input
 *
 * side-effect: schedule
 *   target: current task
 */
void usleep_range(unsigned long min, unsigned long max);

/**
 * udelay - busy-wait for a number of microseconds
 * @usecs: time in microseconds to wait
 *
 * long-desc: Spins without giving up the CPU; usable in any context.
 *
 * contexts: process, softirq, hardirq, nmi, atomic
 *
 * param: usecs
 *   type: uint, input
 */
void udelay(unsigned long usecs);

/**
 * mdelay - busy-wait for a number of milliseconds
 * @msecs: time in milliseconds to wait
 *
 * long-desc: Spins without giving up the CPU; usable in any context, but long delays
 *   in atomic context are frowned upon.
 *
 * contexts: process, softirq, hardirq, nmi, atomic
 *
 * param: msecs
 *   type: uint, input
 */
void mdelay(unsigned long msecs);

/**
 * wait_event_interruptible - sleep until a condition gets true
 * @wq_head: the waitqueue to wait on
 * @condition: a C expression for the event to wait for
 *
 * long-desc: A macro: sleeps in TASK_INTERRUPTIBLE until condition is true (checked
 *   each time wq_head is woken) or a signal arrives.
 *
 * contexts: process, sleepable
 *
 * param: wq_head
 *   type: struct, input
 *
 * param: condition
 *   type: int, input
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: 0 when condition became true, -ERESTARTSYS when a signal arrived.
 *
 * error: ERESTARTSYS, A signal arrived.
 *   desc: The syscall layer restarts the call or returns EINTR to user space.
 *
 * side-effect: schedule
 *   target: current task
 */
int wait_event_interruptible(struct wait_queue_head wq_head, int condition);

/**
 * wait_for_completion - wait for completion of a task
 * @x: the completion to wait for
 *
 * long-desc: Sleeps uninterruptibly, without timeout, until complete() is called on x.
 *
 * contexts: process, sleepable
 *
 * param: x
 *   type: ptr, input
 *
 * side-effect: schedule
 *   target: current task
 */
void wait_for_completion(struct completion *x);

/**
 * wait_for_completion_interruptible - wait for completion, interruptible by signals
 * @x: the completion to wait for
 *
 * long-desc: Like wait_for_completion(), but a signal aborts the wait.
 *
 * contexts: process, sleepable
 *
 * param: x
 *   type: ptr, input
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: 0 when completed, -ERESTARTSYS when a signal arrived.
 *
 * error: ERESTARTSYS, A signal arrived before the completion.
 *
 * side-effect: schedule
 *   target: current task
 */
int wait_for_completion_interruptible(struct completion *x);

/**
 * complete - signal a single thread waiting on a completion
 * @x: the completion to signal
 *
 * long-desc: Wakes one waiter. Usable in any context but NMI.
 *
 * contexts: process, softirq, hardirq, atomic
 *
 * param: x
 *   type: ptr, input
 */
void complete(struct completion *x);

/**
 * wake_up_process - wake up a specific process
 * @p: the process to be woken up
 *
 * long-desc: Moves p to the runnable state if it is sleeping.
 *
 * contexts: process, softirq, hardirq, atomic
 *
 * param: p
 *   type: ptr, input
 *
 * return:
 *   type: int
 *   check-type: custom
 *   desc: 1 if the process was woken up, 0 if it was already running.
 *
 * side-effect: process_state
 *   target: p
 *   desc: The task becomes runnable.
 */
int wake_up_process(struct task_struct *p);

/**
 * send_sig - send a signal to a task
 * @sig: the signal number
 * @p: the target task
 * @priv: non-zero when sent by the kernel itself
 *
 * long-desc: Queues sig for p (see send_sig_info()).
 *
 * contexts: process, softirq, hardirq, atomic
 *
 * param: sig
 *   type: int, input
 *
 * param: p
 *   type: ptr, input
 *
 * param: priv
 *   type: int, input
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: 0 on success, or a negative errno.
 *
 * error: EINVAL, sig is not a valid signal number.
 *
 * error: ESRCH, The task is exiting and cannot receive signals.
 *
 * side-effect: signal_send
 *   target: p
 */
int send_sig(int sig, struct task_struct *p, int priv);
