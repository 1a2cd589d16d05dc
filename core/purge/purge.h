/*
 * Retention: personal data is kept for a set number of days after the
 * arrival it concerns, then removed, from the database and from the files
 * the job wrote (dropbox archive, quarantine and acks; target lists).
 * What stays is what holds no personal data: the record that a file was
 * received (name, hash, size, state), runs, watchlists (the list owners').
 */
#ifndef VB_PURGE_H
#define VB_PURGE_H

#include <stddef.h>
#include <time.h>
#include <libpq-fe.h>

#include "base/error.h"

struct purge_stats {
	size_t arrivals, manifests, files, lists;
};

/*
 * Removes what is older than days before now: arrivals that arrived then
 * with everything on them (manifests, people, PNRs, shipments, hits),
 * waybill messages received then, and the details of the carrier files
 * received then; with dropbox, the copies those receipts name in each
 * carrier's archive/ and quarantine/, their reports and acks (by the
 * receipt time the database recorded, never a file's own); with out, the target lists
 * of the days before. One transaction for the database. 0, or -1 with err.
 */
int purge_run(PGconn *db, time_t now, int days, const char *dropbox,
    const char *out, struct purge_stats *st, struct vb_error *err);

#endif
