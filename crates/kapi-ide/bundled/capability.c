// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bundled KAPI specs of the capability checks (kernel/capability.c), written for kapi-lsp.
 * The checks report the capability a caller tests from the arguments of these calls, not from
 * these specs; the specs document what the calls do when hovered.
 *
 * On success the checks set PF_SUPERPRIV on the current task, an accounting flag for process
 * accounting that is not listed as a side effect here: it is not an effect callers describe.
 */

/**
 * capable - determine if the current task has a superior capability in effect
 * @cap: the capability to be tested for
 *
 * long-desc: Tests cap in the initial user namespace, through the LSM hooks, and
 *   audits the check. Does not sleep.
 *
 * contexts: process, atomic
 *
 * param: cap
 *   type: int, input
 *   constraint-type: range(0, 40)
 *
 * return:
 *   type: int
 *   check-type: custom
 *   desc: true if the current task has the capability, false otherwise.
 */
bool capable(int cap);

/**
 * ns_capable - determine if the current task has a capability in a user namespace
 * @ns: the user namespace the capability is needed in
 * @cap: the capability to be tested for
 *
 * long-desc: Tests cap against ns, through the LSM hooks, and audits the check.
 *
 * contexts: process, atomic
 *
 * param: ns
 *   type: ptr, input
 *
 * param: cap
 *   type: int, input
 *   constraint-type: range(0, 40)
 *
 * return:
 *   type: int
 *   check-type: custom
 *   desc: true if the current task has the capability in ns, false otherwise.
 */
bool ns_capable(struct user_namespace *ns, int cap);

/**
 * ns_capable_noaudit - ns_capable() without an audit record
 * @ns: the user namespace the capability is needed in
 * @cap: the capability to be tested for
 *
 * long-desc: Like ns_capable(), but a denial is not audited.
 *
 * contexts: process, atomic
 *
 * param: ns
 *   type: ptr, input
 *
 * param: cap
 *   type: int, input
 *   constraint-type: range(0, 40)
 *
 * return:
 *   type: int
 *   check-type: custom
 *   desc: true if the current task has the capability in ns, false otherwise.
 */
bool ns_capable_noaudit(struct user_namespace *ns, int cap);

/**
 * file_ns_capable - determine if a file's opener had a capability in effect
 * @file: the file
 * @ns: the user namespace the capability is needed in
 * @cap: the capability to be tested for
 *
 * long-desc: Tests the credentials the file was opened with, not the current
 *   task's.
 *
 * contexts: process, atomic
 *
 * param: file
 *   type: ptr, input
 *
 * param: ns
 *   type: ptr, input
 *
 * param: cap
 *   type: int, input
 *   constraint-type: range(0, 40)
 *
 * return:
 *   type: int
 *   check-type: custom
 *   desc: true if the opener had the capability in ns, false otherwise.
 */
bool file_ns_capable(const struct file *file, struct user_namespace *ns, int cap);

/**
 * capable_wrt_inode_uidgid - check a capability against an inode's owner
 * @idmap: the idmap of the mount the inode was found from
 * @inode: the inode in question
 * @cap: the capability in question
 *
 * long-desc: True when the current task has cap in its user namespace and the
 *   inode's owner and group are mapped into it.
 *
 * contexts: process, atomic
 *
 * param: idmap
 *   type: ptr, input
 *
 * param: inode
 *   type: ptr, input
 *
 * param: cap
 *   type: int, input
 *   constraint-type: range(0, 40)
 *
 * return:
 *   type: int
 *   check-type: custom
 *   desc: true if the capability applies to the inode, false otherwise.
 */
bool capable_wrt_inode_uidgid(struct mnt_idmap *idmap, const struct inode *inode, int cap);

/**
 * has_capability - does a task have a capability in the initial user namespace
 * @t: the task in question
 * @cap: the capability to be tested for
 *
 * long-desc: Tests t's credentials; does not audit and does not set PF_SUPERPRIV.
 *
 * contexts: process, atomic
 *
 * param: t
 *   type: ptr, input
 *
 * param: cap
 *   type: int, input
 *   constraint-type: range(0, 40)
 *
 * return:
 *   type: int
 *   check-type: custom
 *   desc: true if t has the capability, false otherwise.
 */
bool has_capability(struct task_struct *t, int cap);
