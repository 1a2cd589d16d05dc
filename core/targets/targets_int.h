/*
 * Inside the target-list writer (targets.c and targets_cargo.c): the
 * subjects of one list, people and shipments alike, before they are ranked.
 */
#ifndef VB_TARGETS_INT_H
#define VB_TARGETS_INT_H

#include <stddef.h>

#include <jansson.h>
#include <libpq-fe.h>

#include "base/error.h"

enum priority { PRIO_LOW = 1, PRIO_MEDIUM, PRIO_HIGH };

struct subject {
	int first, n;		/* a person's rows of the hits result */
	double score;
	enum priority priority;
	const char *name;	/* for the ranking's last tie-break */
	/* A shipment comes built (both owned): */
	json_t *subject, *reasons;
};

/* A reason's priority: its entry's severity (medium by default), one step lower under 0.85. */
enum priority targets_priority(const char *severity, double score);
double targets_round2(double v);

/*
 * Appends the shipments on arrival arrival_id that have reasons (hits on
 * their parties the agency may see, data-quality findings) to the
 * *n subjects of *s (realloc'ed). 0, or -1 with err.
 */
int targets_cargo(PGconn *db, const char *arrival_id, const char *for_agency,
    struct subject **s, size_t *n, struct vb_error *err);

#endif
