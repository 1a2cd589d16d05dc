/*
 * Missing-data notices (notices.h): found and resolved in SQL over the
 * arrivals about to depart, written to the carriers' outboxes.
 */
#include "notices.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/outbox.h"
#include "store/store.h"

/*
 * The arrivals whose scheduled departure (UTC) is within $2 minutes of now
 * ($1) and less than a day past: the notice is due and still of use.
 */
#define DUE \
	"WITH due AS (SELECT a.id, a.mode FROM vborder.arrival a" \
	" JOIN vborder.port d ON d.code = a.departure_port AND d.kind = a.mode" \
	" WHERE a.scheduled_departure_local IS NOT NULL" \
	" AND a.scheduled_departure_local AT TIME ZONE d.tz" \
	"  <= $1::timestamptz + make_interval(mins => $2::int)" \
	" AND a.scheduled_departure_local AT TIME ZONE d.tz" \
	"  > $1::timestamptz - interval '1 day') "

/* Current records of arrival a.id from source src ('api', 'pnr'). */
#define HAS(src) \
	"EXISTS (SELECT 1 FROM vborder.person p WHERE p.arrival_id = a.id" \
	" AND p.current AND p.source = '" src "'" \
	" AND (p.role = 'passenger' OR p.source = 'pnr'))"

/* The folder of the carrier that sent arrival a.id's latest src records. */
#define SENDER(src) \
	"(SELECT f.carrier FROM vborder.person p" \
	" JOIN vborder.manifest m ON m.id = p.manifest_id" \
	" JOIN vborder.carrier_file f ON f.id = m.file_id" \
	" WHERE p.arrival_id = a.id AND p.current AND p.source = '" src "'" \
	" ORDER BY f.received_at DESC, f.id DESC LIMIT 1)"

/* Waybills a flight manifest of arrival a.id lists that never came. */
#define UNSENT \
	"FROM vborder.shipment s WHERE s.arrival_id = a.id AND s.current" \
	" AND s.source = 'manifest' AND NOT EXISTS (SELECT 1" \
	" FROM vborder.shipment w WHERE w.number_norm = s.number_norm" \
	" AND w.current AND w.source = 'waybill')"

static const char *const issue_sql[] = {
	/* PNRs but no API passenger list. */
	DUE "INSERT INTO vborder.notice (arrival_id, kind, carrier, detail,"
	" issued_at) SELECT a.id, 'missing-api', " SENDER("pnr") ","
	" jsonb_build_object('pnr_travellers', (SELECT count(DISTINCT"
	"  p.traveller_id) FROM vborder.person p WHERE p.arrival_id = a.id"
	"  AND p.current AND p.source = 'pnr')), $1::timestamptz"
	" FROM due a WHERE " HAS("pnr") " AND NOT " HAS("api")
	" AND NOT EXISTS (SELECT 1 FROM vborder.notice n"
	"  WHERE n.arrival_id = a.id AND n.kind = 'missing-api')",
	/* An API passenger list but no PNR. */
	DUE "INSERT INTO vborder.notice (arrival_id, kind, carrier, detail,"
	" issued_at) SELECT a.id, 'missing-pnr', " SENDER("api") ","
	" jsonb_build_object('api_passengers', (SELECT count(DISTINCT"
	"  p.traveller_id) FROM vborder.person p WHERE p.arrival_id = a.id"
	"  AND p.current AND p.source = 'api' AND p.role = 'passenger')),"
	" $1::timestamptz FROM due a WHERE a.mode = 'air' AND " HAS("api")
	" AND NOT " HAS("pnr")
	" AND NOT EXISTS (SELECT 1 FROM vborder.notice n"
	"  WHERE n.arrival_id = a.id AND n.kind = 'missing-pnr')",
	/* A flight manifest's waybills that never came. */
	DUE "INSERT INTO vborder.notice (arrival_id, kind, carrier, detail,"
	" issued_at) SELECT a.id, 'missing-waybills',"
	" (SELECT f.carrier FROM vborder.shipment s"
	"  JOIN vborder.manifest m ON m.id = s.manifest_id"
	"  JOIN vborder.carrier_file f ON f.id = m.file_id"
	"  WHERE s.arrival_id = a.id AND s.source = 'manifest'"
	"  ORDER BY f.received_at DESC LIMIT 1),"
	" jsonb_build_object('waybills', (SELECT jsonb_agg(DISTINCT s.number) "
	UNSENT ")), $1::timestamptz FROM due a WHERE a.mode = 'air'"
	" AND EXISTS (SELECT 1 " UNSENT ")"
	" AND NOT EXISTS (SELECT 1 FROM vborder.notice n"
	"  WHERE n.arrival_id = a.id AND n.kind = 'missing-waybills')",
};

/* The data came: the notice is resolved (and its file stays as sent). */
static const char resolve_sql[] =
    "UPDATE vborder.notice n SET resolved_at = $1::timestamptz"
    " FROM vborder.arrival a WHERE a.id = n.arrival_id"
    " AND n.resolved_at IS NULL AND ("
    " (n.kind = 'missing-api' AND " HAS("api") ")"
    " OR (n.kind = 'missing-pnr' AND " HAS("pnr") ")"
    " OR (n.kind = 'missing-waybills' AND NOT EXISTS (SELECT 1 " UNSENT ")))";

int
notices_check(PGconn *db, const struct notice_rules *r, const char *now_iso,
    size_t *issued, size_t *resolved, struct vb_error *err)
{
	const int minutes[] = {r->api_minutes, r->pnr_minutes,
	    r->waybill_minutes};
	PGresult *res = NULL;

	*issued = *resolved = 0;
	if (store_begin(db, err) == -1)
		return -1;
	for (size_t i = 0; i < sizeof(issue_sql) / sizeof(issue_sql[0]); i++) {
		char m[16];
		const char *p[] = {now_iso, m};

		if (minutes[i] <= 0)
			continue;	/* that kind is off */
		(void)snprintf(m, sizeof(m), "%d", minutes[i]);
		if (store_exec(db, issue_sql[i], 2, p, &res, err) == -1)
			goto fail;
		*issued += (size_t)strtoull(PQcmdTuples(res), NULL, 10);
		PQclear(res);
		res = NULL;
	}
	{
		const char *p[] = {now_iso};

		if (store_exec(db, resolve_sql, 1, p, &res, err) == -1)
			goto fail;
		*resolved = (size_t)strtoull(PQcmdTuples(res), NULL, 10);
		PQclear(res);
		res = NULL;
	}
	return store_commit(db, err);
fail:
	PQclear(res);
	store_rollback(db);
	return -1;
}

static const char *const what[] = {
	"missing-api", "PNRs came for this flight but no API passenger list",
	"missing-pnr", "an API passenger list came for this flight but no PNR",
	"missing-waybills", "the flight manifest lists waybills whose own"
	    " message never came",
};

static const char *
message_of(const char *kind)
{
	for (size_t i = 0; i < sizeof(what) / sizeof(what[0]); i += 2)
		if (strcmp(what[i], kind) == 0)
			return what[i + 1];
	return kind;
}

enum { N_ID, N_KIND, N_CARRIER, N_DETAIL, N_AT, N_TRANSPORT, N_FROM, N_TO,
    N_DEP };

int
notices_deliver(PGconn *db, const char *dropbox, const char *now_iso,
    size_t *n, struct vb_error *err)
{
	PGresult *res = NULL;
	struct vb_error why;
	int rc = -1;

	*n = 0;
	vb_err_clear(&why);
	if (store_exec(db, "SELECT n.id, n.kind, n.carrier, n.detail::text,"
	    " to_char(n.issued_at AT TIME ZONE 'UTC',"
	    "  'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), a.transport_id,"
	    " a.departure_port, a.arrival_port,"
	    " to_char(a.scheduled_departure_local, 'YYYY-MM-DD\"T\"HH24:MI')"
	    " FROM vborder.notice n JOIN vborder.arrival a ON a.id = n.arrival_id"
	    " WHERE n.delivered_at IS NULL AND n.resolved_at IS NULL"
	    " AND n.carrier IS NOT NULL ORDER BY n.id", 0, NULL, &res, err) == -1)
		return -1;
	for (int i = 0; i < PQntuples(res); i++) {
		char ref[32], name[64];
		const char *p[] = {PQgetvalue(res, i, N_ID), now_iso};

		(void)snprintf(ref, sizeof(ref), "N%s", PQgetvalue(res, i, N_ID));
		(void)snprintf(name, sizeof(name), "notice-%s.json", ref);
		if (outbox_write(dropbox, PQgetvalue(res, i, N_CARRIER), name,
		    json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s}, s:o,"
		    " s:s}",
		    "format", "vborder-notice/1", "notice", ref,
		    "kind", PQgetvalue(res, i, N_KIND),
		    "message", message_of(PQgetvalue(res, i, N_KIND)),
		    "conveyance",
		    "transport_id", PQgetvalue(res, i, N_TRANSPORT),
		    "departure_port", PQgetvalue(res, i, N_FROM),
		    "arrival_port", PQgetvalue(res, i, N_TO),
		    "scheduled_departure_local", PQgetvalue(res, i, N_DEP),
		    "detail", json_loads(PQgetvalue(res, i, N_DETAIL), 0, NULL),
		    "issued_at", PQgetvalue(res, i, N_AT)), &why) == -1) {
			if (why.code == VB_ENOMEM) {
				*err = why;
				goto done;
			}
			continue;	/* its folder's fault: the next run tries again */
		}
		if (store_exec(db, "UPDATE vborder.notice SET delivered_at ="
		    " $2::timestamptz WHERE id = $1::bigint", 2, p, NULL,
		    err) == -1)
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
