/*
 * Shipments on a target list. The flight manifest (FFM) or cargo report
 * (CUSCAR) and the consignment's own waybill each give part of a shipment:
 * one subject per waybill or bill number, its details taken from the
 * waybill first, its reasons from every record of the number.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "targets_int.h"

/* The ids of the arrival's shipment records (the query's r), as an array. */
#define SHIPMENTS_OF_R	"ARRAY(SELECT id FROM r)"

/* The first value that is known, the waybill message's before the manifest's. */
#define PICK(col) "(array_agg(" col " ORDER BY (" col " IS NOT NULL) DESC," \
	" source = 'waybill' DESC, id DESC))[1]"

enum { C_NUMBER, C_KIND, C_MASTER, C_SHIPPER, C_CONSIGNEE, C_NOTIFY, C_GOODS,
    C_EQUIPMENT, C_ORIGIN, C_DESTINATION, C_PIECES, C_WEIGHT, C_ISSUES,
    C_REASONS, C_RULES, C_LINKS, C_NORM, C_REFERRALS };

/* A value as valid UTF-8 (see targets_utf8), NULL for SQL NULL. */
static const char *
value(struct targets_pool *p, const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL :
	    targets_utf8(p, PQgetvalue(res, row, col));
}

static json_t *
loads(struct targets_pool *p, const PGresult *res, int row, int col)
{
	const char *text = value(p, res, row, col);
	json_t *j = text != NULL ? json_loads(text, 0, NULL) : NULL;

	return j != NULL ? j : json_null();
}

/* The goods' descriptions and their HS codes, as the contract lists them. */
static void
goods_lists(json_t *goods, json_t **descriptions, json_t **hs)
{
	json_t *g;
	size_t i;

	*descriptions = json_array();
	*hs = json_array();
	json_array_foreach(goods, i, g) {
		json_t *d = json_object_get(g, "description");
		json_t *h = json_object_get(g, "hs_code");

		if (json_is_string(d))
			json_array_append(*descriptions, d);
		if (json_is_string(h))
			json_array_append(*hs, h);
	}
}

static json_t *
shipment_subject(struct targets_pool *p, const PGresult *res, int r)
{
	json_t *goods = loads(p, res, r, C_GOODS), *descriptions, *hs, *subj;
	const char *kind = PQgetvalue(res, r, C_KIND);
	int sea = strcmp(kind, "bill_of_lading") == 0 ||
	    strcmp(kind, "house_bill") == 0;

	goods_lists(goods, &descriptions, &hs);
	subj = json_pack("{s:s, s:s, s:s, s:s?, s:o, s:o, s:o, s:o, s:o, s:o,"
	    " s:o, s:s?, s:s?, s:s?, s:s?}",
	    "kind", "shipment",
	    sea ? "bill_of_lading" : "waybill",
	    targets_utf8(p, PQgetvalue(res, r, C_NUMBER)),
	    "waybill_kind", targets_utf8(p, kind),
	    "master", value(p, res, r, C_MASTER),
	    "shipper", loads(p, res, r, C_SHIPPER),
	    "consignee", loads(p, res, r, C_CONSIGNEE),
	    "notify", loads(p, res, r, C_NOTIFY),
	    "goods", descriptions, "hs_codes", hs,
	    "goods_lines", goods,
	    "equipment", loads(p, res, r, C_EQUIPMENT),
	    "origin", value(p, res, r, C_ORIGIN),
	    "destination", value(p, res, r, C_DESTINATION),
	    "pieces", value(p, res, r, C_PIECES),
	    "weight", value(p, res, r, C_WEIGHT));
	/* What was asked of the carrier before loading, and its answer. */
	if (subj != NULL && !PQgetisnull(res, r, C_REFERRALS) &&
	    json_object_set_new(subj, "referrals", loads(p, res, r,
	    C_REFERRALS)) == -1) {
		json_decref(subj);
		return NULL;
	}
	return subj;
}

/*
 * The reasons of one shipment: its parties' hits (best first, as the
 * query orders them), its rules' hits and its data-quality findings, which
 * every agency sees and which alone make a low-priority target; s gets
 * their one coordinated score and priority (score.h). NULL out of memory.
 */
static json_t *
shipment_reasons(struct targets_pool *pool, const PGresult *res, int r,
    struct subject *s)
{
	json_t *hits = loads(pool, res, r, C_REASONS);
	json_t *more[] = {loads(pool, res, r, C_RULES),
	    loads(pool, res, r, C_LINKS)};
	json_t *issues = loads(pool, res, r, C_ISSUES);
	json_t *reasons = json_array(), *x;
	struct targets_reason *rv = NULL;
	struct targets_combined c;
	size_t i, k = 0;

	/* The risk rules' hits and the links count as the parties' do. */
	for (size_t m = 0; m < sizeof(more) / sizeof(more[0]); m++) {
		if (json_is_array(hits) && json_is_array(more[m]))
			json_array_extend(hits, more[m]);
		else if (!json_is_array(hits)) {
			json_decref(hits);
			hits = json_incref(more[m]);
		}
		json_decref(more[m]);
	}
	if (reasons == NULL || (rv = calloc(json_array_size(hits) +
	    json_array_size(issues) + 1, sizeof(*rv))) == NULL) {
		json_decref(reasons);
		reasons = NULL;
		goto done;
	}
	json_array_foreach(hits, i, x) {
		double score = json_number_value(json_object_get(x, "score"));
		const char *source = json_string_value(json_object_get(x, "source"));

		rv[k].source = source == NULL ? TARGETS_WATCHLIST :
		    strcmp(source, "rule") == 0 ? TARGETS_RULE :
		    strcmp(source, "link") == 0 ? TARGETS_LINK : TARGETS_WATCHLIST;
		rv[k].severity = json_string_value(json_object_get(x, "severity"));
		rv[k].score = score;
		rv[k].agency = json_string_value(json_object_get(x, "agency"));
		rv[k].id = json_string_value(json_object_get(x, "rule_id"));
		k++;
		json_object_set_new(x, "score", json_real(targets_round2(score)));
		json_array_append(reasons, x);
	}
	json_array_foreach(issues, i, x) {
		json_array_append_new(reasons, json_pack("{s:s, s:s, s:O, s:f, s:O}",
		    "agency", "VBORDER", "source", "rule",
		    "rule_id", json_object_get(x, "rule_id"), "score", 0.5,
		    "explanation", json_object_get(x, "explanation")));
		rv[k].source = TARGETS_ISSUE;
		rv[k].score = 0.5;
		k++;
	}
	targets_combine(rv, k, &c);
	s->score = c.score;
	s->priority = c.priority;
done:
	free(rv);
	json_decref(hits);
	json_decref(issues);
	return reasons;
}

int
targets_cargo(PGconn *db, const char *arrival_id,
    const char *for_agency, struct targets_pool *pool, struct subject **s,
    size_t *n, struct vb_error *err)
{
	const char *params[] = {arrival_id, for_agency};
	PGresult *res;
	int rc = -1;

	/*
	 * One row per number that has a reason (a hit the agency may see, a
	 * rule's hit, a link, a data-quality finding): its records' fields
	 * picked, their hits read by the group's ids. An arrival carries
	 * thousands of shipments, most without a reason: no subquery may read
	 * them all again for each, and only those with one are gathered.
	 * The hits of its shipments are read by their ids (SHIPMENTS_OF_R):
	 * joined to r alone, each table of hits was read whole and hashed
	 * for every arrival, 50 ms of an arrival's 60 (BENCHMARKS.md).
	 */
	if (store_exec_often(db,
	    "WITH r AS MATERIALIZED (SELECT * FROM vborder.shipment_on"
	    "  WHERE on_arrival = $1),"
	    " t AS (SELECT x.number_norm FROM r x"
	    "  WHERE jsonb_array_length(coalesce(x.issues, '[]')) > 0"
	    "  UNION SELECT x.number_norm FROM r x"
	    "  JOIN vborder.shipment_hit h ON h.shipment_id = x.id"
	    "  AND h.shipment_id = ANY (" SHIPMENTS_OF_R ")"
	    "  JOIN vborder.watchlist_load wl ON wl.id = h.load_id"
	    "  JOIN vborder.watchlist w ON w.id = wl.watchlist_id"
	    "  WHERE " TARGETS_LIST_VISIBLE("w")
	    "  UNION SELECT x.number_norm FROM r x"
	    "  JOIN vborder.shipment_rule_hit y ON y.shipment_id = x.id"
	    "  AND y.shipment_id = ANY (" SHIPMENTS_OF_R ")"
	    "  UNION SELECT x.number_norm FROM r x"
	    "  JOIN vborder.link_hit l ON l.shipment_id = x.id"
	    "  AND l.shipment_id = ANY (" SHIPMENTS_OF_R ")"
	    "  WHERE " TARGETS_LINK_VISIBLE("l") ")"
	    " SELECT " PICK("number") ", " PICK("kind") ", " PICK("master_norm") ","
	    " " PICK("shipper") "::text, " PICK("consignee") "::text,"
	    " " PICK("notify") "::text,"
	    " (array_agg(goods ORDER BY jsonb_array_length(goods) > 0 DESC,"
	    "  source = 'waybill' DESC, id DESC))[1]::text,"
	    " (SELECT coalesce(jsonb_agg(DISTINCT q), '[]')"
	    "  FROM unnest(array_agg(r.equipment)) e,"
	    "  jsonb_array_elements(e) q)::text,"
	    " " PICK("origin") ", " PICK("destination") ", " PICK("pieces") ","
	    " " PICK("weight") ","
	    " (SELECT coalesce(jsonb_agg(DISTINCT i), '[]')"
	    "  FROM unnest(array_agg(r.issues)) e,"
	    "  jsonb_array_elements(e) i)::text,"
	    " (SELECT json_agg(json_build_object('agency', w.agency,"
	    "   'source', 'watchlist', 'list', w.name, 'entry_id', e.entry_id,"
	    "   'list_version', l.version, 'score', h.score,"
	    "   'severity', e.severity, 'category', e.category, 'note', e.note,"
	    "   'party', h.party,"
	    "   'explanation', h.party || ': ' || h.explanation)"
	    "   ORDER BY h.score DESC, w.agency, e.entry_id)"
	    "  FROM vborder.shipment_hit h"
	    "  JOIN vborder.watchlist_entry e ON e.id = h.entry_pk"
	    "  JOIN vborder.watchlist w ON w.id = e.watchlist_id"
	    "  JOIN vborder.watchlist_load l ON l.id = h.load_id"
	    "  WHERE h.shipment_id = ANY (array_agg(r.id))"
	    /* An agency sees its own lists' hits and those shared with it. */
	    "  AND " TARGETS_LIST_VISIBLE("w") ")::text,"
	    /* Every agency sees every agency's rule hits. */
	    " (SELECT json_agg(json_build_object('agency', rs.agency,"
	    "   'source', 'rule', 'rule_id', ru.rule_id,"
	    "   'rule_version', rs.version, 'severity', ru.severity,"
	    "   'score', x.score, 'explanation', x.explanation)"
	    "   ORDER BY x.score DESC, rs.agency, ru.rule_id)"
	    "  FROM vborder.shipment_rule_hit x"
	    "  JOIN vborder.rule ru ON ru.id = x.rule_pk"
	    "  JOIN vborder.rule_set rs ON rs.id = ru.set_id"
	    "  WHERE x.shipment_id = ANY (array_agg(r.id)))::text,"
	    /* Links: one per linked subject and way, as an agency may see its source. */
	    " (SELECT json_agg(json_build_object('agency', x.agency,"
	    "   'source', 'link', 'via', x.via, 'value', x.value,"
	    "   'linked', x.linked, 'severity', x.severity, 'score', x.score,"
	    "   'explanation', x.explanation)"
	    "   ORDER BY x.score DESC, x.agency, x.via, x.linked::text)"
	    "  FROM (SELECT DISTINCT ON (l.via, l.linked::text) l.*"
	    "   FROM vborder.link_hit l"
	    "   WHERE l.shipment_id = ANY (array_agg(r.id))"
	    "   AND " TARGETS_LINK_VISIBLE("l")
	    "   ORDER BY l.via, l.linked::text, l.score DESC) x)::text,"
	    " r.number_norm,"
	    /* Cargo referrals raised on it, open or answered (core/referrals/). */
	    " (SELECT json_agg(json_strip_nulls(json_build_object("
	    "   'reference', 'R' || f.id, 'type', f.type, 'request', f.text,"
	    "   'raised_by', f.raised_by, 'raised_at', to_char(f.raised_at AT"
	    "   TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
	    "   'delivered_at', to_char(f.delivered_at AT TIME ZONE 'UTC',"
	    "   'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
	    "   'status', CASE WHEN f.closed_at IS NULL THEN 'open'"
	    "   ELSE 'answered' END, 'answer', f.answer)) ORDER BY f.id)"
	    "  FROM vborder.referral f JOIN vborder.target t ON t.id = f.target_id"
	    "  WHERE t.arrival_id = $1::bigint"
	    "  AND t.subject_key = 'S' || r.number_norm)::text"
	    " FROM r WHERE r.number_norm IN (SELECT number_norm FROM t)"
	    " GROUP BY r.number_norm ORDER BY r.number_norm",
	    2, params, &res, err) == -1)
		return -1;
	for (int i = 0; i < PQntuples(res); i++) {
		struct subject sub, *grown;

		memset(&sub, 0, sizeof(sub));
		if ((sub.reasons = shipment_reasons(pool, res, i, &sub)) == NULL) {
			vb_err(err, VB_ENOMEM, "out of memory building a target list");
			goto done;
		}
		if (json_array_size(sub.reasons) == 0) {
			json_decref(sub.reasons);
			continue;
		}
		if ((sub.subject = shipment_subject(pool, res, i)) == NULL ||
		    (grown = reallocarray(*s, *n + 1, sizeof(**s))) == NULL) {
			json_decref(sub.subject);
			json_decref(sub.reasons);
			vb_err(err, VB_ENOMEM, "out of memory building a target list");
			goto done;
		}
		(void)snprintf(sub.key, sizeof(sub.key), "S%s",
		    PQgetvalue(res, i, C_NORM));
		/* Ranked by name after priority and score: the number stands in. */
		sub.name = json_string_value(json_object_get(sub.subject,
		    json_object_get(sub.subject, "waybill") != NULL ? "waybill" :
		    "bill_of_lading"));
		*s = grown;
		(*s)[(*n)++] = sub;
	}
	rc = 0;
done:
	PQclear(res);
	return rc;
}
