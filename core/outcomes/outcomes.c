/*
 * Targets and outcomes (outcomes.h): the target table gives ids, the
 * outcome table keeps every decision, the suppression table what a false
 * positive keeps from hitting again.
 */
#include "outcomes.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

static const char *const names[] = {
	"no-action", "false-positive", "referred", "examined", "seized",
	"denied-boarding", "arrested", "other",
};

const char outcome_names[] = "no-action, false-positive, referred, examined,"
    " seized, denied-boarding, arrested, other";

int
outcome_valid(const char *name)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

void
outcome_target_id(const char *arrival_id, const char *key,
    char id[OUTCOME_ID_MAX])
{
	(void)snprintf(id, OUTCOME_ID_MAX, "T%s-%s", arrival_id, key);
}

/* T, digits, "-", then P and digits or S and letters or digits. */
int
outcome_parse_id(const char *id, char *arrival, size_t arrivalsz, char *key,
    size_t keysz)
{
	const char *dash, *errstr;
	size_t n;

	if (id[0] != 'T' || (dash = strchr(id, '-')) == NULL ||
	    (n = (size_t)(dash - id - 1)) == 0 || n >= arrivalsz)
		return -1;
	memcpy(arrival, id + 1, n);
	arrival[n] = '\0';
	(void)strtonum(arrival, 1, LLONG_MAX, &errstr);
	if (errstr != NULL || strlcpy(key, dash + 1, keysz) >= keysz ||
	    (key[0] != 'P' && key[0] != 'S') || key[1] == '\0')
		return -1;
	for (const char *k = key + 1; *k != '\0'; k++)
		if (!(*k >= '0' && *k <= '9') && (key[0] == 'P' ||
		    !((*k >= 'A' && *k <= 'Z') || (*k >= 'a' && *k <= 'z'))))
			return -1;
	return 0;
}

/*
 * A false positive on a person's target: each watchlist entry that hits
 * one of the traveller's current records, as it reads now, with each of
 * the record's documents (or none) and its name and birth date. The hits
 * are marked at once, so the next list shows it without a new screen.
 */
static int
suppress(PGconn *db, const char *outcome_id, const char *traveller,
    const char *now_iso, size_t *n, struct vb_error *err)
{
	const char *p[] = {outcome_id, traveller, now_iso};
	PGresult *res = NULL;

	if (store_exec(db, "INSERT INTO vborder.suppression (outcome_id,"
	    " watchlist_id, entry_id, fingerprint, document, name_norm,"
	    " birth_date, created_at)"
	    " SELECT DISTINCT $1::bigint, e.watchlist_id, e.entry_id,"
	    " vborder.entry_fingerprint(e), d.number_norm, p.name_norm,"
	    " p.birth_date, $3::timestamptz"
	    " FROM vborder.person p JOIN vborder.hit h ON h.person_id = p.id"
	    " JOIN vborder.watchlist_entry e ON e.id = h.entry_pk"
	    " LEFT JOIN vborder.person_document d ON d.person_id = p.id"
	    " WHERE p.traveller_id = $2::bigint AND p.current", 3, p, NULL,
	    err) == -1 ||
	    store_exec(db, "UPDATE vborder.hit h SET suppressed = true"
	    " FROM vborder.person p, vborder.watchlist_entry e,"
	    " vborder.suppression s"
	    " WHERE p.id = h.person_id AND p.traveller_id = $2::bigint"
	    " AND e.id = h.entry_pk AND s.outcome_id = $1::bigint"
	    " AND s.watchlist_id = e.watchlist_id AND s.entry_id = e.entry_id",
	    2, p, NULL, err) == -1 ||
	    store_exec(db, "SELECT count(DISTINCT (watchlist_id, entry_id))"
	    " FROM vborder.suppression WHERE outcome_id = $1::bigint", 1, p,
	    &res, err) == -1)
		return -1;
	*n = (size_t)strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

int
outcome_record(PGconn *db, const char *id, const char *outcome,
    const char *note, const char *who, const char *now_iso,
    struct outcome_result *r, struct vb_error *err)
{
	char arrival[24], key[OUTCOME_ID_MAX];
	const char *p[] = {arrival, key, outcome, note, who, now_iso};
	PGresult *t = NULL, *o = NULL;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	if (outcome_parse_id(id, arrival, sizeof(arrival), key, sizeof(key)) == -1)
		return vb_err(err, VB_EINVALID, "%s is no target id (as a list's"
		    " \"id\" gives it: T57-P1234)", id);
	if (!outcome_valid(outcome))
		return vb_err(err, VB_EINVALID, "unknown outcome %s (one of %s)",
		    outcome, outcome_names);
	if (store_begin(db, err) == -1)
		return -1;
	/* Whom it is about, in the words of the list; nothing when none. */
	if (store_exec(db, key[0] == 'P' ?
	    "SELECT q.role || ' ' || q.name_raw || ' on ' || a.transport_id"
	    " || ' ' || a.flight_date FROM vborder.person q"
	    " JOIN vborder.arrival a ON a.id = q.arrival_id"
	    " WHERE q.arrival_id = $1::bigint"
	    " AND q.traveller_id = substr($2, 2)::bigint"
	    " ORDER BY q.current DESC, q.source = 'api' DESC, q.id DESC LIMIT 1" :
	    "SELECT 'shipment ' || s.number || ' on ' || a.transport_id"
	    " || ' ' || a.flight_date FROM vborder.shipment_on s"
	    " JOIN vborder.arrival a ON a.id = s.on_arrival"
	    " WHERE s.on_arrival = $1::bigint AND s.number_norm = substr($2, 2)"
	    " ORDER BY s.id DESC LIMIT 1", 2, p, &t, err) == -1)
		goto done;
	if (PQntuples(t) == 0) {
		vb_err(err, VB_EINVALID, "no target %s: no such subject on a"
		    " stored arrival", id);
		goto done;
	}
	(void)strlcpy(r->target, id, sizeof(r->target));
	(void)strlcpy(r->subject, PQgetvalue(t, 0, 0), sizeof(r->subject));
	if (store_exec(db, "INSERT INTO vborder.target (arrival_id, subject_key)"
	    " VALUES ($1::bigint, $2) ON CONFLICT (arrival_id, subject_key)"
	    " DO NOTHING", 2, p, NULL, err) == -1 ||
	    store_exec(db, "INSERT INTO vborder.outcome (target_id, outcome, note,"
	    " recorded_by, recorded_at) SELECT t.id, $3, $4, $5, $6::timestamptz"
	    " FROM vborder.target t WHERE t.arrival_id = $1::bigint"
	    " AND t.subject_key = $2 RETURNING id", 6, p, &o, err) == -1)
		goto done;
	if (strcmp(outcome, "false-positive") == 0 && key[0] == 'P' &&
	    suppress(db, PQgetvalue(o, 0, 0), key + 1, now_iso,
	    &r->suppressed, err) == -1)
		goto done;
	rc = store_commit(db, err);
done:
	if (rc == -1)
		store_rollback(db);
	PQclear(t);
	PQclear(o);
	return rc;
}

int
outcome_suppress_hits(PGconn *db, const char *run_id, struct vb_error *err)
{
	const char *p[] = {run_id};

	/* The same person: a document of theirs, or their name and birth date. */
	return store_exec(db, "UPDATE vborder.hit h SET suppressed = true"
	    " FROM vborder.watchlist_entry e, vborder.person p,"
	    " vborder.suppression s"
	    " WHERE h.run_id = $1::bigint AND e.id = h.entry_pk"
	    " AND p.id = h.person_id"
	    " AND s.watchlist_id = e.watchlist_id AND s.entry_id = e.entry_id"
	    " AND s.fingerprint = vborder.entry_fingerprint(e)"
	    " AND ((s.document IS NOT NULL AND EXISTS (SELECT 1"
	    "   FROM vborder.person_document d WHERE d.person_id = p.id"
	    "   AND d.number_norm = s.document))"
	    "  OR (s.name_norm = p.name_norm AND s.birth_date = p.birth_date))",
	    1, p, NULL, err);
}

/* The row of key in res (ordered by key, bytewise), or -1. */
static int
row_of(const PGresult *res, const char *key)
{
	int lo = 0, hi = PQntuples(res) - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		int c = strcmp(key, PQgetvalue(res, mid, 0));

		if (c == 0)
			return mid;
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return -1;
}

int
outcome_latest(PGconn *db, const char *arrival_id, const char *const *keys,
    size_t n, json_t **outcome, struct vb_error *err)
{
	char *arr;
	const char *p[2] = {arrival_id, NULL};
	PGresult *res = NULL;
	int rc = -1;

	for (size_t i = 0; i < n; i++)
		outcome[i] = NULL;
	if (n == 0)
		return 0;
	if ((p[1] = arr = store_text_array(keys, n)) == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory");
	if (store_exec(db, "SELECT t.subject_key, o.outcome, o.note,"
	    " o.recorded_by, to_char(o.recorded_at AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
	    " FROM vborder.target t JOIN LATERAL (SELECT * FROM"
	    "  vborder.outcome o WHERE o.target_id = t.id"
	    "  ORDER BY o.recorded_at DESC, o.id DESC LIMIT 1) o ON true"
	    " WHERE t.arrival_id = $1::bigint AND t.subject_key = ANY ($2::text[])"
	    " ORDER BY t.subject_key COLLATE \"C\"", 2, p, &res, err) == -1)
		goto done;
	for (size_t i = 0; i < n; i++) {
		int r = row_of(res, keys[i]);

		if (r < 0)
			continue;
		if ((outcome[i] = json_pack("{s:s, s:s?, s:s, s:s}",
		    "outcome", PQgetvalue(res, r, 1),
		    "note", PQgetisnull(res, r, 2) ? NULL : PQgetvalue(res, r, 2),
		    "by", PQgetvalue(res, r, 3), "at", PQgetvalue(res, r, 4))) == NULL) {
			vb_err(err, VB_ENOMEM, "out of memory");
			goto done;
		}
	}
	rc = 0;
done:
	if (rc == -1)
		for (size_t i = 0; i < n; i++) {
			json_decref(outcome[i]);
			outcome[i] = NULL;
		}
	PQclear(res);
	free(arr);
	return rc;
}

/*
 * Each subject a source hit, with its target's latest outcome: persons by
 * traveller (its API and PNR records are one), shipments by number.
 */
int
outcome_report(PGconn *db, const char *from, const char *to, PGresult **res,
    struct vb_error *err)
{
	const char *p[] = {from, to};

	return store_exec(db, "WITH a AS (SELECT id FROM vborder.arrival"
	    "  WHERE scheduled_arrival_local::date BETWEEN $1::date AND $2::date),"
	    " hit AS ("
	    "  SELECT 'list' AS kind, w.agency, w.name, q.arrival_id,"
	    "   'P' || q.traveller_id AS subject"
	    "  FROM vborder.hit h JOIN vborder.person q ON q.id = h.person_id"
	    "  JOIN vborder.watchlist_entry e ON e.id = h.entry_pk"
	    "  JOIN vborder.watchlist w ON w.id = e.watchlist_id"
	    "  WHERE q.arrival_id IN (SELECT id FROM a)"
	    "  UNION"
	    "  SELECT 'list', w.agency, w.name, s.on_arrival, 'S' || s.number_norm"
	    "  FROM vborder.shipment_hit h"
	    "  JOIN vborder.shipment_on s ON s.id = h.shipment_id"
	    "  JOIN vborder.watchlist_entry e ON e.id = h.entry_pk"
	    "  JOIN vborder.watchlist w ON w.id = e.watchlist_id"
	    "  WHERE s.on_arrival IN (SELECT id FROM a)"
	    "  UNION"
	    "  SELECT 'rule', rs.agency, r.rule_id, q.arrival_id,"
	    "   'P' || q.traveller_id"
	    "  FROM vborder.rule_hit x JOIN vborder.person q ON q.id = x.person_id"
	    "  JOIN vborder.rule r ON r.id = x.rule_pk"
	    "  JOIN vborder.rule_set rs ON rs.id = r.set_id"
	    "  WHERE q.arrival_id IN (SELECT id FROM a)"
	    "  UNION"
	    "  SELECT 'rule', rs.agency, r.rule_id, s.on_arrival,"
	    "   'S' || s.number_norm"
	    "  FROM vborder.shipment_rule_hit x"
	    "  JOIN vborder.shipment_on s ON s.id = x.shipment_id"
	    "  JOIN vborder.rule r ON r.id = x.rule_pk"
	    "  JOIN vborder.rule_set rs ON rs.id = r.set_id"
	    "  WHERE s.on_arrival IN (SELECT id FROM a)),"
	    " judged AS (SELECT hit.*, (SELECT o.outcome FROM vborder.target t"
	    "   JOIN vborder.outcome o ON o.target_id = t.id"
	    "   WHERE t.arrival_id = hit.arrival_id"
	    "   AND t.subject_key = hit.subject"
	    "   ORDER BY o.recorded_at DESC, o.id DESC LIMIT 1) AS outcome"
	    "  FROM hit)"
	    " SELECT kind, agency, name, count(*),"
	    "  count(outcome),"
	    "  count(*) FILTER (WHERE outcome IN ('referred', 'examined',"
	    "   'seized', 'denied-boarding', 'arrested')),"
	    "  count(*) FILTER (WHERE outcome = 'false-positive'),"
	    "  count(*) FILTER (WHERE outcome = 'no-action')"
	    " FROM judged GROUP BY kind, agency, name"
	    " ORDER BY kind, agency, name", 2, p, res, err);
}
