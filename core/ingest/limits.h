/*
 * What one carrier file may cost. A hostile or broken file must be refused
 * before the expensive work (parsing into memory, storing, screening), not
 * after an hour under the run's lock: three million passengers fit in an
 * 8 MB gzip, and libxml2 spends superlinear time on an element with
 * hundreds of thousands of attributes. The defaults are far above real
 * traffic (the largest cruise ships carry under 10,000 people; a full
 * A380's PNR push is some 20,000 segments); the configuration's [limits]
 * section changes them.
 */
#ifndef VB_LIMITS_H
#define VB_LIMITS_H

#include <stddef.h>

#include "base/error.h"
#include "model/model.h"

struct ingest_limits {
	size_t max_bytes;	/* a file as received, and once inflated */
	size_t max_segments;	/* EDIFACT segments, Cargo-IMP lines, XML elements, JSON objects */
	size_t max_attributes;	/* attributes on one XML element */
	size_t max_people;	/* people in one message */
	size_t max_lists;	/* messages listing people (API, PNR) in one file */
	size_t max_shipments;	/* shipments in one file */
};

#define LIMITS_MAX_BYTES	(64u << 20)
#define LIMITS_MAX_SEGMENTS	1000000u
#define LIMITS_MAX_ATTRIBUTES	64u
#define LIMITS_MAX_PEOPLE	20000u
#define LIMITS_MAX_LISTS	200u
#define LIMITS_MAX_SHIPMENTS	200000u

void limits_default(struct ingest_limits *l);

/*
 * Counts, without parsing, what a file of format (a feed parser's name)
 * holds, and refuses it (VB_EINVALID) when over a limit. Linear in len.
 */
int limits_prescan(const char *buf, size_t len, const char *format,
    const struct ingest_limits *l, struct vb_error *err);

/*
 * Refuses a parsed file with a message over max_people, more than
 * max_lists messages that list people (each is linked to every earlier
 * record of its arrival: a file of thousands of copies of one list would
 * hold the run for hours), or more than max_shipments shipments.
 */
int limits_check_model(const struct model *m, const struct ingest_limits *l,
    struct vb_error *err);

#endif
