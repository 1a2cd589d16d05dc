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
 * Reads the native CSV of CONTRACT.md. Returns the number of entries
 * delivered, or -1 when the file cannot be read as CSV at all (no header,
 * no id/kind/name column, I/O error) or a callback stopped it.
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
 * the entity's line.
 */
long wl_read_ftm(FILE *in, wl_entry_fn on_entry, wl_reject_fn on_reject,
    void *arg, struct vb_error *err);

/* The reader of a --format name ("native", "opensanctions", "ftm"), or NULL. */
typedef long (*wl_reader_fn)(FILE *, wl_entry_fn, wl_reject_fn, void *,
    struct vb_error *);
wl_reader_fn wl_reader(const char *format);

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
 * and are counted; when more than WL_MAX_REJECTED_SHARE of the rows are bad,
 * or a replace would leave the list empty, the load is refused (-1,
 * VB_EINVALID) and the previous version stays.
 */
#define WL_MAX_REJECTED_SHARE 0.10

struct wl_load_opts {
	const char *agency;
	const char *list;
	const char *format;	/* "native" */
	int replace;
	const char *file_name;	/* for the record; "-" for stdin */
	const char *now_iso;
};

struct wl_load_stats {
	int version;
	size_t loaded, rejected, withdrawn;
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
 * since the last refresh is loaded as the whole list (--replace), in the
 * format its content shows, gzip or not. A list refused (too many bad rows)
 * keeps its previous version and is not tried again until its file
 * changes. One report per file; -1 only when the database is gone or DIR
 * cannot be read.
 */
enum wl_refresh_status {
	WL_REFRESH_LOADED,
	WL_REFRESH_UNCHANGED,
	WL_REFRESH_REFUSED,	/* the file's fault: previous version stays */
};

struct wl_refresh_report {
	const char *agency, *list, *path, *format;
	enum wl_refresh_status status;
	const struct wl_load_stats *stats;	/* LOADED, REFUSED */
	const struct vb_error *error;		/* REFUSED */
};

typedef void (*wl_refresh_fn)(void *arg, const struct wl_refresh_report *r);

struct wl_refresh_stats {
	size_t loaded, unchanged, refused, rows_rejected;
};

int wl_refresh(PGconn *db, const char *dir, const char *now_iso,
    wl_reject_fn on_reject, wl_refresh_fn report, void *arg,
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
