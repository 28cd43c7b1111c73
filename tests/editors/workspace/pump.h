/* SPDX-License-Identifier: GPL-2.0 */
/* A made-up driver: the fixture workspace of kapi-lsp's editor tests. */
#ifndef PUMP_H
#define PUMP_H

#define PUMP_PRIME_FORCE	0x1

struct pump {
	unsigned int primed;
	unsigned long rate;
};

int pump_prime(struct pump *p, unsigned int flags);
int pump_set_rate(struct pump *p, unsigned long rate);

#endif /* PUMP_H */
