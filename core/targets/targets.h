/*
 * Target lists: one file per arrival, the people with hits first. A subject
 * appears once per arrival with every agency's reasons; subjects are ranked
 * by priority, then score. Files are written whole (temporary name, then
 * rename) under OUT/<arrival date>/<transport>_<from>-<to>.<ext>; when two
 * arrivals of one day would share that name, each name gets the scheduled
 * local departure time (_0820), or what else tells them apart (names.c),
 * and the file under the plain name, now ambiguous, is removed.
 *
 * Carrier values reach the JSON as valid UTF-8 (a byte that is not becomes
 * U+FFFD) and the CSV and HTML without control characters.
 */
#ifndef VB_TARGETS_H
#define VB_TARGETS_H

#include <stddef.h>
#include <libpq-fe.h>

#include "base/error.h"
#include "screen/screen.h"

enum {
	TARGETS_JSON = 1 << 0,
	TARGETS_CSV = 1 << 1,
	TARGETS_HTML = 1 << 2,
};

/* "json,csv,html" (any subset, any order) into TARGETS_* bits; -1 if unknown. */
int targets_parse_formats(const char *s, unsigned *formats);

struct targets_list {
	const char *path;	/* the JSON (or first) file written */
	const char *transport_id;
	size_t screened, targets;
	/* A file of the arrival's former, now ambiguous, name that was removed; NULL if none. */
	const char *replaced;
};

typedef void (*targets_report_fn)(void *arg, const struct targets_list *l);

struct targets_stats {
	size_t lists, targets;	/* written */
	size_t unchanged;	/* lists left as they were: made from the same */
	size_t removed;		/* files of former names removed */
	/* "", or what the lists were written without: a thread's connection */
	char warning[256];
};

/*
 * for_agency NULL writes the coordinated lists, every agency's reasons.
 * Else the lists that agency may see: reasons from its own lists and from
 * lists shared with it (watchlist share), subjects without such a reason
 * left out, and "for_agency" in the JSON.
 */
int targets_write(PGconn *db, const struct screen_window *w, const char *out,
    unsigned formats, const char *for_agency, targets_report_fn report,
    void *arg, struct targets_stats *stats, struct vb_error *err);

/*
 * The lists written in parts by workers sharing a run (core/work/):
 * targets_window names the window's arrivals ("{1,2,3}", malloc'ed) and
 * counts them; targets_write_part writes the coordinated lists of some of
 * them (ids) as targets_write would, adding to stats, but not the days'
 * indexes, which targets_write_days writes once every part is done (the
 * days with a list written at the window's now, with HTML lists). Each 0, or -1 with err.
 */
int targets_window(PGconn *db, const struct screen_window *w, char **ids,
    size_t *n, struct vb_error *err);
int targets_write_part(PGconn *db, const struct screen_window *w,
    const char *out, unsigned formats, const char *ids,
    targets_report_fn report, void *arg, struct targets_stats *stats,
    struct vb_error *err);
int targets_write_days(PGconn *db, const struct screen_window *w,
    const char *out, unsigned formats, struct vb_error *err);

#endif
