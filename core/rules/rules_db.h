/*
 * Risk rules in the database: each agency's rule set stored as versions
 * (a load is a new version, whole or not at all), the rules in force read
 * back, and the subjects of a screening window built as fields and run
 * through them. Nothing here prints; screen.c stores the hits, `rules test`
 * only shows them.
 */
#ifndef VB_RULES_DB_H
#define VB_RULES_DB_H

#include <stddef.h>
#include <libpq-fe.h>

#include "base/error.h"
#include "rules/rules.h"

/*
 * Stores set as the next version of agency's rule set, in one transaction
 * (files: the file names, for audit). *version gets its number. 0 or -1.
 */
int rules_store_load(PGconn *db, const char *agency, const struct rule_set *set,
    const char *files, const char *now_iso, int *version, struct vb_error *err);

/* One stored rule of the versions in force, for `rules ls` (all borrowed). */
struct rules_ls_row {
	const char *agency, *version, *loaded_at, *rule_id, *title, *applies_to,
	    *severity, *weight, *enabled, *valid_from, *valid_to, *justification;
	int protected_attr;
};
typedef void (*rules_ls_fn)(void *arg, const struct rules_ls_row *row);
/* Every agency's current version, rule by rule. 0 or -1. */
int rules_store_ls(PGconn *db, rules_ls_fn fn, void *arg, struct vb_error *err);

/* A rule with where it comes from. */
struct rules_entry {
	struct rule r;
	char agency[64];
	int version;
	long long pk;		/* vborder.rule.id; 0 for a rule not stored */
};

struct rules_engine {
	struct rules_entry *v;
	size_t n;
};

/*
 * The rules in force on date (YYYY-MM-DD): the latest version of every
 * agency's set, enabled and valid then. 0 or -1.
 */
int rules_engine_load(PGconn *db, const char *date, struct rules_engine *e,
    struct vb_error *err);
/* Takes set's rules (set is left empty) as agency's, not stored; only those in force on date. */
int rules_engine_take(struct rules_engine *e, struct rule_set *set,
    const char *agency, const char *date, struct vb_error *err);
void rules_engine_free(struct rules_engine *e);

struct rules_hit {
	int shipment;		/* 0 a person record, 1 a shipment */
	long long subject_id;	/* vborder.person.id or vborder.shipment.id */
	size_t rule;		/* index into the engine */
	char arrival[96];	/* "XB710 CDG-JFK 2026-11-27" */
	char subject[160];	/* "passenger RIVERA LUIS", "shipment 020-12345675" */
	char explanation[RULE_EXPLAIN_MAX];
};

/*
 * Runs every rule of e on every person record and every shipment of the
 * arrivals a screen takes (window: STORE_ARRIVAL_SCREENED's $1..$4). Fills
 * *hits (malloc'ed, caller frees) and *nhits; *subjects counts the
 * subjects evaluated. Reads only. 0 or -1.
 */
int rules_scan(PGconn *db, const struct rules_engine *e,
    const char *const *window, struct rules_hit **hits, size_t *nhits,
    size_t *subjects, struct vb_error *err);

/*
 * Screening's part, inside the caller's transaction: runs the rules in
 * force on the run's date (window[0]'s) on the window, and replaces the rule
 * hits of the arrivals it covers (vborder.rule_hit, shipment_rule_hit)
 * with what they hit now. *nrules, *nhits (either may be NULL) count. 0 or -1.
 */
int rules_screen(PGconn *db, const char *const *window, const char *run_id,
    size_t *nrules, size_t *nhits, struct vb_error *err);

#endif
