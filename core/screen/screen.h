/*
 * Screening: every person, and every shipment's parties, on the arrivals
 * due in the window against every agency's watchlists and risk rules
 * (core/rules/), then the links between them (core/links/). A screen replaces
 * the hits of what it covers in one transaction, so it is idempotent and
 * the lists never mix two runs.
 */
#ifndef VB_SCREEN_H
#define VB_SCREEN_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>
#include <libpq-fe.h>

#include "base/error.h"
#include "links/links.h"

struct screen_window {
	time_t now;
	int hours;	/* arrivals due within this many hours of now */
	int all;	/* every arrival, whatever its time */
	size_t link_cap;	/* groups one value may link (0: LINKS_CAP_DEFAULT) */
	FILE *progress;		/* where matching tells its progress (NULL: nowhere) */
	/*
	 * Every arrival of the window, even those unchanged since their last
	 * screen (with all, always: the nightly full re-screen).
	 */
	int full;
	/*
	 * The list index is kept in this file between screens ([screen]
	 * index_cache; NULL: built from the database every time).
	 */
	const char *index_cache;
};

struct screen_stats {
	size_t entries;		/* watchlist entries in the index */
	size_t arrivals;	/* with a person or a shipment screened */
	size_t taken;		/* arrivals of the window the screen took */
	size_t unchanged;	/* those left as their last screen found them */
	size_t persons;		/* person records (API and PNR: two) */
	size_t hits;		/* of persons */
	size_t shipments;	/* shipments whose parties were screened */
	size_t shipment_hits;	/* party and entry: one each */
	size_t rules;		/* risk rules in force */
	size_t rule_hits;	/* person record or shipment, and rule: one each */
	size_t referrals;	/* cargo referrals the rules raised */
	struct links_stats links;
	int index_cached;	/* the index was read from w->index_cache */
	char index_warning[512];	/* why it was not read or saved there */
};

/*
 * A digest (32 hex digits) of what a screen of w and its lists depend on
 * in the database: the carrier files received, the list and rule
 * versions, outcomes and suppressions, lists' sharing, referrals, the
 * arrivals in the window, and the day (rules' validity and entries'
 * expiry go by dates). Two screens with the same digest find the same.
 * 0, or -1 with err.
 */
int screen_inputs(PGconn *db, const struct screen_window *w, char out[33],
    struct vb_error *err);

int screen_run(PGconn *db, const struct screen_window *w, long long run_id,
    struct screen_stats *stats, struct vb_error *err);

/*
 * A screen shared by workers (core/work/, `run --worker`) in parts:
 * screen_plan, once the waybills stored meanwhile are placed (cstore_place),
 * names the arrivals to take (as screen_run would) and what they are
 * screened against; screen_part screens some of them (ids: "{1,2,3}") in
 * one transaction, loading the list index into *ix the first time;
 * screen_links links the window's subjects once every part is done, those
 * that share a value with the arrivals taken ("{1,2}", the parts' ids) and
 * with any whose identifiers are not kept (links_screen). Each
 * 0, or -1 with err.
 */
struct screen_plan {
	char against[33];
	char *ids;		/* the arrivals to take, "{1,2,3}" */
	size_t taken, unchanged;
};
struct match_index;

int screen_plan(PGconn *db, const struct screen_window *w,
    struct screen_plan *plan, struct vb_error *err);
void screen_plan_free(struct screen_plan *plan);
int screen_part(PGconn *db, struct match_index **ix,
    const struct screen_window *w, long long run_id, const char *against,
    const char *ids, struct screen_stats *st, struct vb_error *err);
int screen_links(PGconn *db, const struct screen_window *w, long long run_id,
    const char *taken, struct links_stats *st, struct vb_error *err);

/*
 * The window as the text parameters of STORE_ARRIVAL_DUE ($1..$3) and
 * STORE_ARRIVAL_SCREENED ($4: NULL, or the arrivals a screen takes), and
 * $5: what the screen is against (its digest), under which the records an
 * arrival's last screen took stand; NULL when every record is matched.
 */
struct screen_params {
	char now[32], hours[16];
	const char *v[5];
};
void screen_params(const struct screen_window *w, struct screen_params *p);

#endif
