/*
 * Cargo referrals (referrals.h): raised into vborder.referral (sql/0013),
 * written to the carriers' outboxes, closed by their answers.
 */
#include "referrals.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/outbox.h"
#include "outcomes/outcomes.h"
#include "store/store.h"

int
referral_valid_type(const char *type)
{
	return strcmp(type, "rfi") == 0 || strcmp(type, "screening") == 0 ||
	    strcmp(type, "do-not-load") == 0;
}

int
referral_raise(PGconn *db, const char *id, const char *type, const char *text,
    const char *who, const char *now_iso, struct referral_result *r,
    struct vb_error *err)
{
	char arrival[24], key[OUTCOME_ID_MAX];
	const char *p[] = {arrival, key + 1, type, text, who, now_iso, NULL,
	    NULL};
	PGresult *s = NULL, *res = NULL;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	if (!referral_valid_type(type))
		return vb_err(err, VB_EINVALID, "unknown referral type %s (rfi,"
		    " screening or do-not-load)", type);
	if (outcome_parse_id(id, arrival, sizeof(arrival), key,
	    sizeof(key)) == -1 || key[0] != 'S')
		return vb_err(err, VB_EINVALID, "%s is no shipment's target id"
		    " (as a list's \"id\" gives it: T57-S02058213643)", id);
	if (store_begin(db, err) == -1)
		return -1;
	if (store_exec(db, "SELECT s.number, f.carrier FROM (SELECT s.*"
	    "  FROM vborder.shipment_on s WHERE s.on_arrival = $1::bigint"
	    "  AND s.number_norm = $2) s"
	    " JOIN vborder.manifest m ON m.id = s.manifest_id"
	    " JOIN vborder.carrier_file f ON f.id = m.file_id"
	    " ORDER BY s.source = 'waybill' DESC, s.id DESC LIMIT 1", 2, p, &s,
	    err) == -1)
		goto done;
	if (PQntuples(s) == 0) {
		vb_err(err, VB_EINVALID, "no target %s: no such shipment on a"
		    " stored arrival", id);
		goto done;
	}
	p[6] = PQgetvalue(s, 0, 0);
	p[7] = PQgetvalue(s, 0, 1);
	if (store_exec(db, "INSERT INTO vborder.target (arrival_id, subject_key)"
	    " VALUES ($1::bigint, 'S' || $2) ON CONFLICT DO NOTHING", 2, p, NULL,
	    err) == -1 ||
	    store_exec(db, "INSERT INTO vborder.referral (target_id, type, text,"
	    " raised_by, raised_at, carrier, waybill)"
	    " SELECT t.id, $3, $4, $5, $6::timestamptz, $8, $7"
	    " FROM vborder.target t WHERE t.arrival_id = $1::bigint"
	    " AND t.subject_key = 'S' || $2 RETURNING id", 8, p, &res,
	    err) == -1)
		goto done;
	(void)snprintf(r->reference, sizeof(r->reference), "R%s",
	    PQgetvalue(res, 0, 0));
	(void)strlcpy(r->carrier, p[7], sizeof(r->carrier));
	(void)strlcpy(r->waybill, p[6], sizeof(r->waybill));
	rc = store_commit(db, err);
done:
	if (rc == -1)
		store_rollback(db);
	PQclear(s);
	PQclear(res);
	return rc;
}

int
referral_from_rules(PGconn *db, const char *run_id, const char *now_iso,
    size_t *n, struct vb_error *err)
{
	const char *p[] = {run_id, now_iso};
	PGresult *res = NULL;

	*n = 0;
	/* Each shipment a referring rule hit this run, with its carrier. */
	if (store_exec(db, "CREATE TEMPORARY TABLE referring ON COMMIT DROP AS"
	    " SELECT DISTINCT ON (s.on_arrival, s.number_norm, rs.agency,"
	    "  r.rule_id) s.on_arrival, s.number_norm, s.number,"
	    "  r.body->>'referral' AS type, coalesce(r.title, r.rule_id) AS text,"
	    "  rs.agency || '/' || r.rule_id AS rule_ref,"
	    "  'rule ' || rs.agency || ' ' || r.rule_id || ' v' || rs.version"
	    "   AS raised_by, f.carrier"
	    " FROM vborder.shipment_rule_hit h"
	    " JOIN vborder.rule r ON r.id = h.rule_pk"
	    " JOIN vborder.rule_set rs ON rs.id = r.set_id"
	    " JOIN vborder.shipment_on s ON s.id = h.shipment_id"
	    " JOIN vborder.manifest m ON m.id = s.manifest_id"
	    " JOIN vborder.carrier_file f ON f.id = m.file_id"
	    " WHERE h.run_id = $1::bigint AND r.body ? 'referral'"
	    " ORDER BY s.on_arrival, s.number_norm, rs.agency, r.rule_id,"
	    "  s.source = 'waybill' DESC, s.id DESC", 1, p, NULL, err) == -1 ||
	    store_exec(db, "INSERT INTO vborder.target (arrival_id, subject_key)"
	    " SELECT DISTINCT on_arrival, 'S' || number_norm FROM referring"
	    " ON CONFLICT DO NOTHING", 0, NULL, NULL, err) == -1 ||
	    store_exec(db, "INSERT INTO vborder.referral (target_id, type, text,"
	    " rule_ref, raised_by, raised_at, carrier, waybill)"
	    " SELECT t.id, x.type, x.text, x.rule_ref, x.raised_by,"
	    " $1::timestamptz, x.carrier, x.number FROM referring x"
	    " JOIN vborder.target t ON t.arrival_id = x.on_arrival"
	    "  AND t.subject_key = 'S' || x.number_norm"
	    /* Raised before: not even a reference number spent on it. */
	    " WHERE NOT EXISTS (SELECT 1 FROM vborder.referral f"
	    "  WHERE f.target_id = t.id AND f.rule_ref = x.rule_ref)"
	    " ON CONFLICT (target_id, rule_ref) DO NOTHING", 1, p + 1, &res,
	    err) == -1)
		return -1;
	*n = (size_t)strtoull(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

enum { D_ID, D_TYPE, D_TEXT, D_BY, D_AT, D_CARRIER, D_WAYBILL, D_MASTER,
    D_TRANSPORT, D_FROM, D_TO, D_ARRIVAL, D_TARGET };

/* The referral as the carrier reads it, with how to answer. */
static json_t *
referral_json(const PGresult *res, int i)
{
	char ref[32];

	(void)snprintf(ref, sizeof(ref), "R%s", PQgetvalue(res, i, D_ID));
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:{s:s, s:s, s:s,"
	    " s:s?}, s:s, s:s, s:{s:s, s:s, s:[sss], s:s}}",
	    "format", "vborder-referral/1",
	    "reference", ref,
	    "type", PQgetvalue(res, i, D_TYPE),
	    "request", PQgetvalue(res, i, D_TEXT),
	    "waybill", PQgetvalue(res, i, D_WAYBILL),
	    "master", PQgetisnull(res, i, D_MASTER) ? NULL :
	    PQgetvalue(res, i, D_MASTER),
	    "conveyance",
	    "transport_id", PQgetvalue(res, i, D_TRANSPORT),
	    "departure_port", PQgetvalue(res, i, D_FROM),
	    "arrival_port", PQgetvalue(res, i, D_TO),
	    "scheduled_arrival_local", PQgetisnull(res, i, D_ARRIVAL) ? NULL :
	    PQgetvalue(res, i, D_ARRIVAL),
	    "raised_at", PQgetvalue(res, i, D_AT),
	    "target_id", PQgetvalue(res, i, D_TARGET),
	    "answer_with",
	    "format", "vborder-referral-answer/1",
	    "reference", ref,
	    "status", "answered", "screened", "not-loaded",
	    "text", "what was done or found");
}

int
referral_deliver(PGconn *db, const char *dropbox, const char *now_iso,
    size_t *n, struct vb_error *err)
{
	PGresult *res = NULL;
	struct vb_error why;
	int rc = -1;

	*n = 0;
	vb_err_clear(&why);
	if (store_exec(db, "SELECT r.id, r.type, r.text, r.raised_by,"
	    " to_char(r.raised_at AT TIME ZONE 'UTC',"
	    "  'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), r.carrier, r.waybill,"
	    " (SELECT s.master_norm FROM vborder.shipment_on s"
	    "  WHERE s.on_arrival = t.arrival_id"
	    "  AND 'S' || s.number_norm = t.subject_key"
	    "  AND s.master_norm IS NOT NULL LIMIT 1),"
	    " a.transport_id, a.departure_port, a.arrival_port,"
	    " to_char(a.scheduled_arrival_local, 'YYYY-MM-DD\"T\"HH24:MI'),"
	    " 'T' || t.arrival_id || '-' || t.subject_key"
	    " FROM vborder.referral r JOIN vborder.target t ON t.id = r.target_id"
	    " JOIN vborder.arrival a ON a.id = t.arrival_id"
	    " WHERE r.delivered_at IS NULL ORDER BY r.id", 0, NULL, &res,
	    err) == -1)
		return -1;
	for (int i = 0; i < PQntuples(res); i++) {
		char name[64];
		const char *p[] = {PQgetvalue(res, i, D_ID), now_iso, name};

		(void)snprintf(name, sizeof(name), "referral-R%s.json",
		    PQgetvalue(res, i, D_ID));
		/* One carrier's folder failing holds up only its own referrals. */
		if (outbox_write(dropbox, PQgetvalue(res, i, D_CARRIER), name,
		    referral_json(res, i), &why) == -1) {
			if (why.code == VB_ENOMEM) {
				*err = why;
				goto done;
			}
			continue;
		}
		if (store_exec(db, "UPDATE vborder.referral SET delivered_at ="
		    " $2::timestamptz, delivered_file = $3 WHERE id = $1::bigint",
		    3, p, NULL, err) == -1)
			goto done;
		(*n)++;
	}
	if (why.code != VB_EOK) {
		*err = why;
		goto done;
	}
	rc = 0;
done:
	PQclear(res);
	return rc;
}

int
referral_answer(PGconn *db, const char *file_id, const char *carrier,
    const struct referral_answer *a, const char *now_iso,
    struct vb_error *err)
{
	char *answer;
	json_t *j = json_pack("{s:s, s:s?}", "status", a->status, "text",
	    a->text);
	const char *p[5] = {a->reference + 1, carrier, now_iso, NULL, file_id};
	PGresult *res = NULL;
	int rc = -1;
	const char *errstr;

	if (j == NULL || (answer = json_dumps(j, JSON_COMPACT)) == NULL) {
		json_decref(j);
		return vb_err(err, VB_ENOMEM, "out of memory");
	}
	json_decref(j);
	p[3] = answer;
	(void)strtonum(a->reference + (a->reference[0] == 'R'), 1, LLONG_MAX,
	    &errstr);
	if (a->reference[0] != 'R' || errstr != NULL) {
		vb_err_at(err, VB_EINVALID, a->offset, "", 0, "referral answer:"
		    " %s is no referral reference (R and a number)", a->reference);
		goto done;
	}
	if (store_exec(db, "UPDATE vborder.referral SET closed_at = $3::timestamptz,"
	    " answer = $4::jsonb, answer_file = $5::bigint"
	    " WHERE id = $1::bigint AND carrier = $2 AND closed_at IS NULL",
	    5, p, &res, err) == -1)
		goto done;
	if (strcmp(PQcmdTuples(res), "0") == 0) {
		vb_err_at(err, VB_EINVALID, a->offset, "", 0, "referral answer:"
		    " no open referral %s for this carrier", a->reference);
		goto done;
	}
	/* The trail: by the carrier's file, in ingest's transaction. */
	rc = store_audit(db, now_iso, NULL, "referral answered", a->reference,
	    answer, err);
done:
	PQclear(res);
	free(answer);
	return rc;
}
