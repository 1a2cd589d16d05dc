/*
 * Ingest: carrier files from the dropbox into the database.
 *
 * A file is claimed by moving it from incoming/ to processing/, read
 * through its own descriptor (dropbox.h), checked against the limits
 * (limits.h) and against the carriers its folder may send for (binding.h),
 * parsed, and stored in one transaction; only after the commit is a copy
 * of the bytes read written to archive/. A rejected file goes to
 * quarantine/ with <file>.error.json. The carrier gets <file>.ack.json in
 * outbox/ either way. After a crash, files left in processing/ are taken
 * again first, so each file is always either stored (and its bytes
 * recorded) or still waiting.
 *
 * No file and no carrier can stop the batch: a file that cannot even be
 * quarantined is moved aside and reported, a carrier whose folder cannot
 * be used is skipped and reported, and the others go on. Only the loss of
 * the database stops it.
 */
#ifndef VB_INGEST_H
#define VB_INGEST_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>
#include <libpq-fe.h>

#include "base/error.h"
#include "binding.h"
#include "limits.h"

enum ingest_outcome {
	INGEST_STORED,
	INGEST_DUPLICATE,	/* the same bytes were stored before from this carrier */
	INGEST_REJECTED,	/* quarantined with a report */
	INGEST_RETURNED,	/* left waiting: an internal error, not the carrier's */
	INGEST_SKIPPED,		/* a whole carrier folder that could not be used (file is "") */
};

/* What happened to one file; borrowed, valid during the callback. */
struct ingest_result {
	const char *carrier;
	const char *file;		/* base name, made safe (dropbox.h) */
	const char *moved_to;		/* final path, "" when not moved */
	enum ingest_outcome outcome;
	const char *format;		/* "" when not detected */
	size_t messages, passengers, crew, warnings;
	const struct vb_error *error;	/* REJECTED, RETURNED and SKIPPED */
};

typedef void (*ingest_report_fn)(void *arg, const struct ingest_result *r);

struct ingest_opts {
	time_t now;
	struct ingest_limits limits;
	const struct binding *bindings;	/* [carriers] of the configuration */
	size_t nbindings;
	ingest_report_fn report;
	void *arg;
	FILE *progress;		/* where a dropbox's ingest tells its progress (NULL: nowhere) */
	/*
	 * Processes storing at once (ingest_dropbox), each with its own
	 * connection to conninfo; 0 or 1: this process alone.
	 */
	int workers;
	const char *conninfo;
};

#define INGEST_WORKERS_MAX	64

struct ingest_stats {
	size_t stored, duplicates, rejected, returned, skipped;
	size_t passengers, crew;
};

/*
 * Workers sharing a run (core/work/, `run --worker`) ingest in two steps.
 * ingest_gather, by the worker that opens the run, claims every complete
 * file of every carrier's incoming/ into processing/ and calls fn with
 * each file then in processing/ (those a crashed run left too): each
 * becomes a unit of work. ingest_one, by whichever worker claims the
 * unit, takes one such file as ingest_dropbox would; a file no longer
 * there (a worker that died after storing it had moved it on) is nothing
 * to do. Neither places the waybills stored: cstore_place after the last.
 * Each 0, or -1 with err (fn's -1: out of memory).
 */
typedef int (*ingest_gather_fn)(void *arg, const char *carrier,
    const char *pname);
int ingest_gather(const char *dropbox, const struct ingest_opts *o,
    struct ingest_stats *stats, ingest_gather_fn fn, void *arg,
    struct vb_error *err);
int ingest_one(PGconn *db, const char *dropbox, const char *carrier,
    const char *pname, const struct ingest_opts *o,
    struct ingest_stats *stats, struct vb_error *err);

/* Defaults: now, the default limits, no bindings, no report. */
void ingest_opts_init(struct ingest_opts *o, time_t now);

/*
 * Ingests every complete file of every carrier in dropbox. Returns 0 when
 * the batch went through (stats say what was rejected, left waiting or
 * skipped), or -1: err->code VB_EDB means the database went away and the
 * batch stopped with every file stored or waiting.
 *
 * With o->workers above 1, the files a crashed run left in processing/
 * are taken first by this process alone; then that many worker processes
 * claim files from the incoming/ folders (a claim is a rename: no file is
 * taken twice), each storing a file in its own transaction on its own
 * connection, and stats sum theirs. Two files of one arrival wait for
 * each other (the arrival's row is locked until the first commits), so a
 * traveller is still found across messages.
 */
int ingest_dropbox(PGconn *db, const char *dropbox, const struct ingest_opts *o,
    struct ingest_stats *stats, struct vb_error *err);

/*
 * Ingests one file named by the operator. A file inside a dropbox's
 * <carrier>/incoming/ takes the dropbox path; any other file is read where
 * it is, recorded under carrier `carrier`, and neither moved nor acked.
 */
int ingest_file(PGconn *db, const char *path, const char *carrier,
    const struct ingest_opts *o, struct ingest_stats *stats,
    struct vb_error *err);

#endif
