/*
 * Retention: personal data is kept for a set number of days after the
 * arrival it concerns, by kind (API, PNR, cargo), then removed or, for a
 * PNR, first depersonalised, in the database and in the files the job
 * wrote (dropbox archive, quarantine and acks; target lists). What stays
 * is what holds no personal data: the record that a file was received
 * (name, hash, size, state) and watchlists (the list owners'); run records
 * and the audit trail stay their own, longer, time.
 */
#ifndef VB_PURGE_H
#define VB_PURGE_H

#include <stddef.h>
#include <time.h>
#include <libpq-fe.h>

#include "base/config.h"
#include "base/error.h"

struct purge_stats {
	size_t arrivals;	/* arrivals removed whole */
	size_t manifests;	/* messages removed (API, PNR, cargo) */
	size_t api_people;	/* API records removed */
	size_t api_kept;	/* API records past their time kept for an outcome */
	size_t pnr_masked;	/* PNR records depersonalised */
	size_t records;		/* run records and audit lines removed */
	size_t files, lists;	/* dropbox files, target list files */
};

/*
 * rt with every period it leaves at 0 set to rt->days; -1 with err when
 * a PNR would be deleted before it is depersonalised.
 */
int purge_policy(const struct config_retention *rt,
    struct config_retention *out, struct vb_error *err);

/*
 * Applies the retention periods of rt (purge_policy's) at now, each kind
 * by the time of the arrival its data concerns, or of the receipt for a
 * file no arrival claimed (the times the database recorded, never a
 * file's own):
 *   api_days	API records deleted, except a traveller's whose target has
 *		an outcome (the decision needs its data); their messages go
 *		with the last record;
 *   pnr_depersonalise_days	PNR records keep the journey, the booking's
 *		dates, agency, bags and forms of payment, and lose names, birth
 *		dates, documents, contacts, card numbers, frequent flyer numbers
 *		and what hits, links and rule explanations quoted of them;
 *   pnr_days	PNR messages deleted;
 *   cargo_days	cargo manifests and waybills deleted;
 *   days	the target lists of the days before, and the error details of
 *		files of no known kind;
 *   records_days	run records (once nothing screened refers to them) and
 *		the audit trail.
 * An arrival with nothing left on it goes too. With dropbox, the copies
 * the receipts name in each carrier's archive/ and quarantine/, their
 * reports and acks, once past the period of the file's kind by its receipt
 * and no longer holding data that is kept as it came (a PNR's go at its
 * depersonalisation: a raw message cannot be masked); with out, the target
 * lists of the days before days. One transaction for the database. 0, or
 * -1 with err.
 */
int purge_run(PGconn *db, time_t now, const struct config_retention *rt,
    const char *dropbox, const char *out, struct purge_stats *st,
    struct vb_error *err);

#endif
