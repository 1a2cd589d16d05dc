/*
 * Watchlist readers: a list owner's file in, one entry at a time out.
 * Readers stream (a list of millions of entries never sits in memory) and
 * never touch the database: core/store/store.c loads what they deliver.
 */
#ifndef VB_WATCHLIST_H
#define VB_WATCHLIST_H

#include <stddef.h>
#include <stdio.h>

#include <libpq-fe.h>

#include "base/error.h"
#include "match/match.h"

struct wl_document {
	const char *type;	/* may be NULL */
	const char *country;	/* alpha-3 when known, else as given; may be NULL */
	const char *number;	/* as given */
};

/* One entry, borrowed: valid only during the callback. */
struct wl_entry {
	long line;		/* first line of the entry in the file */
	const char *id;
	enum match_kind kind;
	const char *name;
	const char *const *aliases;
	size_t naliases;
	const char *birth_date;	/* YYYY-MM-DD, YYYY-MM or YYYY; NULL */
	const char *nationality;	/* alpha-3; NULL */
	const char *gender;	/* "M", "F", "X"; NULL */
	const struct wl_document *docs;
	size_t ndocs;
	const char *const *phones;
	size_t nphones;
	const char *const *emails;
	size_t nemails;
	const char *const *addresses;
	size_t naddresses;
	const char *category;
	const char *severity;	/* "high", "medium", "low"; NULL */
	const char *note;
	const char *expires;	/* YYYY-MM-DD: no hit after this day; NULL never */
	int withdrawn;		/* 1: the list owner takes this entry off the list */
	/*
	 * 1: not an entry of its own but more of entry `id` (documents,
	 * addresses, phones, e-mails), which may come before or after it in
	 * the file (FollowTheMoney's Passport, Identification, Address). The
	 * loader merges parts into their entry; a part whose entry never
	 * comes is dropped.
	 */
	int part;
};

/* Return 0 to go on, -1 to stop the read (the reader then returns -1). */
typedef int (*wl_entry_fn)(void *arg, const struct wl_entry *e);
/* A row that cannot be an entry: its line and why. The read goes on. */
typedef void (*wl_reject_fn)(void *arg, long line, const char *message);
/*
 * The same with the id the row names, when one could be read (else NULL):
 * the loader keeps that entry as it was rather than withdraw it.
 */
typedef void (*wl_reject_id_fn)(void *arg, long line, const char *id,
    const char *message);

/* Where a reader delivers; rejected rows go to on_reject_id when it is set. */
struct wl_sink {
	wl_entry_fn on_entry;
	wl_reject_fn on_reject;
	wl_reject_id_fn on_reject_id;
	void *arg;
};

/*
 * Reads the native CSV of CONTRACT.md. Returns the number of entries
 * delivered, or -1 when the file cannot be read as CSV at all (no header,
 * no id/kind/name column, I/O error), it is cut short, or a callback
 * stopped it. Cut short: it ends inside a quoted cell, or its last row has
 * no line end and fewer cells than the header (a row with all its cells is
 * whole: some spreadsheets leave the last line end out), or a gzip stream
 * ends early (VB_ESYNTAX, naming the line).
 */
long wl_read_native(FILE *in, wl_entry_fn on_entry, wl_reject_fn on_reject,
    void *arg, struct vb_error *err);

/*
 * OpenSanctions' targets.simple.csv (id, schema, name, aliases, birth_date,
 * countries, addresses, identifiers, sanctions, phones, emails, dataset,
 * first_seen, last_seen, last_change): Person, Organization, Company,
 * LegalEntity and Vessel rows. Same contract as wl_read_native.
 */
long wl_read_opensanctions(FILE *in, wl_entry_fn on_entry,
    wl_reject_fn on_reject, void *arg, struct vb_error *err);

/*
 * FollowTheMoney entities, one JSON object per line: Person, Organization,
 * Company, LegalEntity, Vessel as entries; Passport, Identification,
 * Address entities attached to the entity they name (however the lines are
 * ordered, in bounded memory). Same contract as wl_read_native; `line` is
 * the entity's line. Cut short: the last line has no line end and is not
 * whole JSON.
 */
long wl_read_ftm(FILE *in, wl_entry_fn on_entry, wl_reject_fn on_reject,
    void *arg, struct vb_error *err);

/* The reader of a --format name ("native", "opensanctions", "ftm"), or NULL. */
typedef long (*wl_reader_fn)(FILE *, wl_entry_fn, wl_reject_fn, void *,
    struct vb_error *);
wl_reader_fn wl_reader(const char *format);

/*
 * Reads in with the reader of format into s: what wl_read_native returns;
 * -1 (VB_EUNSUPPORTED) when there is no such reader.
 */
long wl_read(const char *format, FILE *in, const struct wl_sink *s,
    struct vb_error *err);

/*
 * Opens a list file for reading ("-" is standard input), gzip-compressed
 * or not (told by its magic bytes), as one stream of plain bytes. NULL with
 * err (VB_EIO) when it cannot be opened. fclose() closes it.
 */
FILE *wl_open(const char *path, struct vb_error *err);

/*
 * Loading into the database. Each load is a new version of the list
 * (agency, list). Entries upsert by their id; with replace, entries absent
 * from the file are withdrawn. The load is one transaction: a screen sees
 * the old list or the new one, never half. Rejected rows go to on_reject
 * and are counted; an entry whose row was rejected stays as it was (in
 * force, not withdrawn, not updated) and is told to on_kept. The load is
 * refused (-1, VB_EINVALID) and the previous version stays when more than
 * WL_MAX_REJECTED_SHARE of the rows are bad, and, unless forced, when a
 * replace would leave the list empty or withdraw more than
 * max_withdraw_share of the entries in force (not withdrawn, not expired
 * on now's day) and more than max_withdraw_floor entries; stats then say
 * withdraw_refused. A file cut short (see wl_read_native) is refused too.
 */
#define WL_MAX_REJECTED_SHARE 0.10

/* An entry kept as it was because its row (at line) was rejected: why. */
typedef void (*wl_kept_fn)(void *arg, const char *id, long line,
    const char *message);

struct wl_load_opts {
	const char *agency;
	const char *list;
	const char *format;	/* "native" */
	int replace;
	const char *file_name;	/* for the record; "-" for stdin */
	const char *now_iso;
	/* A replace's limits (struct config's); force lifts them. */
	double max_withdraw_share;
	size_t max_withdraw_floor;
	int force;
	wl_kept_fn on_kept;	/* may be NULL; called with on_reject's arg */
	FILE *progress;		/* where a long load tells its progress (NULL: nowhere) */
};

struct wl_load_stats {
	int version;
	size_t loaded, rejected, withdrawn;
	size_t kept;		/* entries kept as they were: their row was rejected */
	size_t in_force;	/* replace: entries in force before the load */
	size_t withdrawn_in_force;	/* replace: of those, how many it withdraws */
	int withdraw_refused;	/* refused for what the replace would withdraw */
};

int wl_load(PGconn *db, const struct wl_load_opts *o, FILE *in,
    wl_reject_fn on_reject, void *arg, struct wl_load_stats *st,
    struct vb_error *err);

/*
 * The format of a list file from its content: "ftm" when its first byte is
 * '{', "opensanctions" when its CSV header has a schema column and no kind,
 * else "native". NULL with err when it cannot be read.
 */
const char *wl_detect_format(const char *path, struct vb_error *err);

/*
 * The nightly refresh: every DIR/<agency>/<list>.<ext> whose bytes changed
 * since the last refresh is loaded as the whole list (--replace, never
 * forced), in the format its content shows, gzip or not. A file still
 * being uploaded (fs_incomplete_name) is skipped and reported. A list
 * refused (too many bad rows, cut short, too many withdrawn) keeps its
 * previous version and is not tried again until its file changes. One
 * report per file; -1 only when the database is gone or DIR cannot be read.
 */
enum wl_refresh_status {
	WL_REFRESH_LOADED,
	WL_REFRESH_UNCHANGED,
	WL_REFRESH_REFUSED,	/* the file's fault: previous version stays */
	WL_REFRESH_UPLOADING,	/* still being uploaded: left alone */
};

struct wl_refresh_report {
	const char *agency, *list, *path, *format;
	enum wl_refresh_status status;
	const struct wl_load_stats *stats;	/* LOADED, REFUSED */
	const struct vb_error *error;		/* REFUSED */
};

typedef void (*wl_refresh_fn)(void *arg, const struct wl_refresh_report *r);

struct wl_refresh_stats {
	size_t loaded, unchanged, refused, uploading, rows_rejected, kept;
};

struct wl_refresh_opts {
	const char *now_iso;
	double max_withdraw_share;	/* as in struct wl_load_opts */
	size_t max_withdraw_floor;
	wl_reject_fn on_reject;		/* a file's rows, as they are read */
	wl_kept_fn on_kept;
	wl_refresh_fn report;		/* then one report per file */
	void *arg;
	FILE *progress;			/* as in struct wl_load_opts */
};

int wl_refresh(PGconn *db, const char *dir, const struct wl_refresh_opts *o,
    struct wl_refresh_stats *st, struct vb_error *err);

/*
 * Sharing: which agencies besides the owner may see a list's hits in
 * `targets --for`. with NULL: every agency (the default); else a
 * comma-separated list, "" for none. 0, or -1 (VB_EINVALID when there is
 * no such list).
 */
int wl_share(PGconn *db, const char *agency, const char *list,
    const char *with, struct vb_error *err);

/*
 * The lists and their latest versions, for `watchlist ls`. Columns: agency,
 * list, version, entries (now in the list), loaded_at, format, file_name,
 * shared_with ("all", or the agencies).
 */
PGresult *wl_ls(PGconn *db, struct vb_error *err);

#endif
