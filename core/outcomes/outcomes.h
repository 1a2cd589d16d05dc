/*
 * Targets and outcomes: what officers decided, kept, and shown on later
 * lists (CONTRACT "Targets and outcomes").
 *
 * A target's id is stable: one subject of one arrival keeps it across runs
 * and across the lists written for each agency. A subject is a traveller
 * (its key "P<traveller id>") or a shipment ("S<normalised number>"); the
 * id is "T<arrival id>-<key>" ("T57-P1234"), which `outcome record` takes.
 * Writing a list writes nothing to the database.
 *
 * An outcome is kept with who recorded it (the OS user, or --by), the
 * database user and when (the run's now); the latest is the target's. A
 * false-positive on a person's target keeps each watchlist entry that hit
 * the person from hitting the same person again (a document of theirs, or
 * their name and birth date) while the entry says what it said then (its
 * fingerprint): screening marks such a hit suppressed, the list shows it
 * with "suppressed": true, and it counts for nothing.
 */
#ifndef VB_OUTCOMES_H
#define VB_OUTCOMES_H

#include <stddef.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "base/error.h"

/* 1 when name is one of CONTRACT's outcomes ("seized", "false-positive", ...). */
int outcome_valid(const char *name);
/* The outcomes, ", "-joined, for a usage message. */
extern const char outcome_names[];

/* A target id's longest form: "T", 19 digits, "-" and a key. */
#define OUTCOME_ID_MAX	112

struct outcome_result {
	char target[OUTCOME_ID_MAX];	/* "T57-P1234" */
	char subject[160];	/* "passenger ROSSI MARIO on XA401 2026-12-01" */
	size_t suppressed;	/* watchlist entries kept from hitting again */
};

/*
 * Records outcome (with note, may be NULL) for target id ("T57-P1234") by
 * who at now_iso, in one transaction. VB_EINVALID when id names no subject
 * of a stored arrival. 0, or -1 with err.
 */
int outcome_record(PGconn *db, const char *id, const char *outcome,
    const char *note, const char *who, const char *now_iso,
    struct outcome_result *res, struct vb_error *err);

/*
 * Marks the hits of run run_id that a false positive covers (screening
 * calls it in its transaction). 0, or -1 with err.
 */
int outcome_suppress_hits(PGconn *db, const char *run_id, struct vb_error *err);

/*
 * A target id ("T57-P1234") into its arrival ("57") and subject key
 * ("P1234"); -1 when it is none.
 */
int outcome_parse_id(const char *id, char *arrival, size_t arrivalsz,
    char *key, size_t keysz);

/* The target id of the subject keyed key on arrival arrival_id, into id. */
void outcome_target_id(const char *arrival_id, const char *key,
    char id[OUTCOME_ID_MAX]);

/*
 * For the n subjects of arrival arrival_id keyed keys[i]: their latest
 * outcome into outcome[i] ({"outcome", "note", "by", "at"}, a new
 * reference; NULL when none). Reads only. 0, or -1 with err.
 */
int outcome_latest(PGconn *db, const char *arrival_id,
    const char *const *keys, size_t n, json_t **outcome, struct vb_error *err);

/*
 * Accountability: per watchlist and per rule, over the arrivals of the
 * dates from..to (YYYY-MM-DD, the arrivals' local dates), how many subjects
 * it hit, how many of them have an outcome, how many of those were found
 * (referred, examined, seized, denied boarding, arrested) and how many
 * false; the hit rate is found over outcomes. Rows ordered by kind, agency
 * and name; *res (PQclear it) has the columns of enum outcome_report_col.
 * 0, or -1 with err.
 */
enum outcome_report_col { OR_KIND, OR_AGENCY, OR_NAME, OR_HITS,
    OR_OUTCOMES, OR_FOUND, OR_FALSE, OR_NO_ACTION };
int outcome_report(PGconn *db, const char *from, const char *to,
    PGresult **res, struct vb_error *err);

#endif
