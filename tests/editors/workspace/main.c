// SPDX-License-Identifier: GPL-2.0
/*
 * main.c: calls the specified pump functions of pump.c; hovering a call shows its contract.
 */

#include "pump.h"

static struct pump the_pump;

int pump_start(void)
{
	struct pump *p = &the_pump;
	int err;

	err = pump_prime(p, 0);
	if (err)
		return err;
	return pump_set_rate(p, 60);
}
