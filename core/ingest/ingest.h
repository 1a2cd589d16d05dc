/*
 * Ingest: carrier files from the dropbox into the database.
 *
 * A file is claimed by moving it from incoming/ to processing/, parsed, and
 * stored in one transaction; only after the commit does it move on to
 * archive/. A rejected file goes to quarantine/ with <file>.error.json. The
 * carrier gets <file>.ack.json in outbox/ either way. After a crash, files
 * left in processing/ are taken again first, so each file is always either
 * stored (and its bytes recorded) or still waiting.
 */
#ifndef VB_INGEST_H
#define VB_INGEST_H

#include <stddef.h>
#include <time.h>
#include <libpq-fe.h>

#include "base/error.h"

#define INGEST_MAX_BYTES (64u << 20)

enum ingest_outcome {
	INGEST_STORED,
	INGEST_DUPLICATE,	/* the same bytes were stored before */
	INGEST_REJECTED,	/* quarantined with a report */
	INGEST_RETURNED,	/* put back to wait: an internal error, not the carrier's */
};

/* What happened to one file; borrowed, valid during the callback. */
struct ingest_result {
	const char *carrier;
	const char *file;		/* base name */
	const char *moved_to;		/* final path, "" when not moved */
	enum ingest_outcome outcome;
	const char *format;		/* "" when not detected */
	size_t messages, passengers, crew, warnings;
	const struct vb_error *error;	/* REJECTED and RETURNED */
};

typedef void (*ingest_report_fn)(void *arg, const struct ingest_result *r);

struct ingest_stats {
	size_t stored, duplicates, rejected, returned;
	size_t passengers, crew;
};

/*
 * Ingests every complete file of every carrier in dropbox. Returns 0 when
 * the batch went through (stats say what was rejected), or -1: err->code
 * VB_EDB means the database went away and the batch stopped with every file
 * stored or waiting.
 */
int ingest_dropbox(PGconn *db, const char *dropbox, time_t now,
    ingest_report_fn report, void *arg, struct ingest_stats *stats,
    struct vb_error *err);

/*
 * Ingests one file named by the operator. A file inside a dropbox's
 * <carrier>/incoming/ takes the dropbox path; any other file is read where
 * it is, recorded under carrier `carrier`, and neither moved nor acked.
 */
int ingest_file(PGconn *db, const char *path, const char *carrier, time_t now,
    ingest_report_fn report, void *arg, struct ingest_stats *stats,
    struct vb_error *err);

/* 1 when a file name in incoming/ is still being written (.part, .tmp, dot files). */
int ingest_incomplete_name(const char *name);

#endif
