/*
 * Missing-data notices, as UN goTravel sends them: a carrier told, before
 * the flight leaves, what it should have sent and did not.
 *
 *   missing-api       the carrier sent PNRs for a flight but no API
 *                     passenger list, and the flight departs within
 *                     api_minutes;
 *   missing-pnr       an API passenger list but no PNR, within pnr_minutes;
 *   missing-waybills  a flight manifest (FFM) lists waybills whose own
 *                     message (FWB, XFWB) never came, within
 *                     waybill_minutes.
 *
 * Minutes count to the scheduled departure in UTC (the departure port's
 * time zone); 0 turns a kind off; a flight whose departure's zone is not
 * known gets none. One notice per arrival and kind goes to the dropbox
 * folder of the carrier that sent what did come, as
 * outbox/notice-N<id>.json ("vborder-notice/1", README); it is open until
 * the data comes, and `status` lists the open ones.
 */
#ifndef VB_NOTICES_H
#define VB_NOTICES_H

#include <stddef.h>
#include <time.h>
#include <libpq-fe.h>

#include "base/error.h"

struct notice_rules {
	int api_minutes, pnr_minutes, waybill_minutes;
};

/*
 * At now_iso: issues the notices due (in the window's arrivals, those not
 * yet departed) and resolves the open ones whose data came; *issued and
 * *resolved say how many. 0, or -1 with err.
 */
int notices_check(PGconn *db, const struct notice_rules *r,
    const char *now_iso, size_t *issued, size_t *resolved,
    struct vb_error *err);

/*
 * Writes every notice not yet delivered into DROPBOX/<carrier>/outbox/ and
 * marks it delivered; *n written. 0, or -1 with err (a folder that could
 * not take one: it waits for the next run).
 */
int notices_deliver(PGconn *db, const char *dropbox, const char *now_iso,
    size_t *n, struct vb_error *err);

#endif
