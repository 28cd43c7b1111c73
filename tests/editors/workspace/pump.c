// SPDX-License-Identifier: GPL-2.0
/*
 * pump.c: specified functions with two mistakes for kapi-lsp's editor tests.
 * - pump_prime's spec has no "param: flags" block (missing-param-spec, with a quick fix).
 * - pump_set_rate's rate uses the C enum name KAPI_TYPE_ULONG, which is not a KAPI type
 *   (unknown-value).
 */

#include <linux/errno.h>
#include "pump.h"

/**
 * pump_prime - Fill the pump chamber before the first stroke
 * @p: Pump to prime
 * @flags: PUMP_PRIME_* flags
 *
 * contexts: process, sleepable
 *
 * param: p
 *   type: ptr, input
 *   constraint-type: nonzero
 *
 * return:
 *   type: int
 *   check-type: error_check
 *   desc: Zero or a negative errno.
 *
 * error: EBUSY, The pump is already primed
 *   desc: pump_prime() was called twice.
 */
int pump_prime(struct pump *p, unsigned int flags)
{
	if (p->primed && !(flags & PUMP_PRIME_FORCE))
		return -EBUSY;
	p->primed = 1;
	return 0;
}

/**
 * pump_set_rate - Set the stroke rate
 * @p: Pump to change
 * @rate: Strokes per minute
 *
 * contexts: process, sleepable
 *
 * param: p
 *   type: ptr, input
 *   constraint-type: nonzero
 *
 * param: rate
 *   type: KAPI_TYPE_ULONG, input
 *   constraint-type: range(1, 600)
 *
 * return:
 *   type: int
 *   check-type: error_check
 *   desc: Zero or a negative errno.
 *
 * error: EINVAL, The rate is out of range
 *   desc: rate is zero or above 600.
 */
int pump_set_rate(struct pump *p, unsigned long rate)
{
	if (rate == 0 || rate > 600)
		return -EINVAL;
	p->rate = rate;
	return 0;
}
