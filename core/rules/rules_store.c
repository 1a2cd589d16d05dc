/*
 * Rules and the database: versions of each agency's rule set, and the
 * subjects of a window as fields (one streamed query for the people, one for
 * the shipments), evaluated by rules.c.
 */
#include "rules_db.h"

#include <ctype.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "base/clock.h"
#include "base/workers.h"
#include "match/match.h"
#include "match/namesim.h"
#include "norm/norm.h"
#include "store/store.h"

static const char *
value(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

int
rules_store_load(PGconn *db, const char *agency, const struct rule_set *set,
    const char *files, const char *now_iso, int *version, struct vb_error *err)
{
	char count[24];
	const char *p[] = {agency, files, count, now_iso};
	PGresult *res = NULL;
	int rc = -1;

	(void)snprintf(count, sizeof(count), "%zu", set->n);
	if (store_begin(db, err) == -1)
		return -1;
	if (store_exec(db, "INSERT INTO vborder.agency (code) VALUES ($1)"
	    " ON CONFLICT DO NOTHING", 1, p, NULL, err) == -1 ||
	    /* Two loads of one agency at once: the second waits, then counts on. */
	    store_exec(db, "SELECT pg_advisory_xact_lock(hashtext('vborder.rules.'"
	    " || $1))", 1, p, NULL, err) == -1 ||
	    store_exec(db, "INSERT INTO vborder.rule_set (agency, version, files,"
	    " rules, loaded_at) SELECT $1, coalesce(max(version), 0) + 1, $2,"
	    " $3::int, $4::timestamptz FROM vborder.rule_set WHERE agency = $1"
	    " RETURNING id, version", 4, p, &res, err) == -1)
		goto fail;
	*version = (int)strtol(PQgetvalue(res, 0, 1), NULL, 10);
	if (store_copy_begin(db, "COPY vborder.rule (set_id, rule_id, title,"
	    " applies_to, severity, weight, valid_from, valid_to, enabled,"
	    " justification, protected, body) FROM STDIN", err) == -1)
		goto fail;
	for (size_t i = 0; i < set->n; i++) {
		const struct rule *r = &set->v[i];
		char weight[32];
		char *body = json_dumps(r->body, JSON_COMPACT | JSON_PRESERVE_ORDER);
		const char *row[] = {PQgetvalue(res, 0, 0), r->id, r->title,
		    rule_applies_name(r->applies_to), r->severity, weight,
		    r->valid_from[0] != '\0' ? r->valid_from : NULL,
		    r->valid_to[0] != '\0' ? r->valid_to : NULL,
		    r->enabled ? "t" : "f", r->justification,
		    r->protected_attr ? "t" : "f", body};
		int bad;

		(void)snprintf(weight, sizeof(weight), "%.4f", r->weight);
		bad = body == NULL || store_copy_row(db, row, 12, err) == -1;
		if (body == NULL)
			vb_err(err, VB_ENOMEM, "out of memory storing the rules");
		free(body);
		if (bad) {
			(void)store_copy_end(db, NULL);
			goto fail;
		}
	}
	if (store_copy_end(db, err) == -1 || store_commit(db, err) == -1)
		goto fail;
	rc = 0;
	goto done;
fail:
	store_rollback(db);
done:
	PQclear(res);
	return rc;
}

/* The latest version of each agency's set. */
#define RULES_CURRENT \
	" FROM vborder.rule r JOIN vborder.rule_set s ON s.id = r.set_id" \
	" WHERE s.version = (SELECT max(s2.version) FROM vborder.rule_set s2" \
	"  WHERE s2.agency = s.agency)"

int
rules_store_ls(PGconn *db, rules_ls_fn fn, void *arg, struct vb_error *err)
{
	PGresult *res;

	if (store_exec(db, "SELECT s.agency, s.version, to_char(s.loaded_at AT TIME"
	    " ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), r.rule_id, r.title,"
	    " r.applies_to, r.severity, to_char(r.weight, 'FM0.00'),"
	    " r.enabled::text, r.valid_from::text, r.valid_to::text,"
	    " r.justification, r.protected" RULES_CURRENT
	    " ORDER BY r.protected, s.agency, r.rule_id", 0, NULL, &res,
	    err) == -1)
		return -1;
	for (int i = 0; i < PQntuples(res); i++) {
		struct rules_ls_row row = {
			value(res, i, 0), value(res, i, 1), value(res, i, 2),
			value(res, i, 3), value(res, i, 4), value(res, i, 5),
			value(res, i, 6), value(res, i, 7), value(res, i, 8),
			value(res, i, 9), value(res, i, 10), value(res, i, 11),
			strcmp(PQgetvalue(res, i, 12), "t") == 0,
		};
		fn(arg, &row);
	}
	PQclear(res);
	return 0;
}

static int
engine_add(struct rules_engine *e, struct rule *r, const char *agency,
    int version, long long pk, struct vb_error *err)
{
	struct rules_entry *grown;

	if ((grown = reallocarray(e->v, e->n + 1, sizeof(*grown))) == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory loading the rules");
	e->v = grown;
	memset(&e->v[e->n], 0, sizeof(e->v[e->n]));
	e->v[e->n].r = *r;
	(void)strlcpy(e->v[e->n].agency, agency, sizeof(e->v[e->n].agency));
	e->v[e->n].version = version;
	e->v[e->n].pk = pk;
	e->n++;
	return 0;
}

int
rules_engine_load(PGconn *db, const char *date, struct rules_engine *e,
    struct vb_error *err)
{
	PGresult *res;
	int rc = -1;

	memset(e, 0, sizeof(*e));
	if (store_exec(db, "SELECT r.id, s.agency, s.version, r.body::text"
	    RULES_CURRENT " ORDER BY s.agency, r.rule_id", 0, NULL, &res,
	    err) == -1)
		return -1;
	for (int i = 0; i < PQntuples(res); i++) {
		json_t *body = json_loads(PQgetvalue(res, i, 3), 0, NULL);
		struct rule r;

		memset(&r, 0, sizeof(r));
		if (body == NULL || rule_parse(&r, body, err) == -1) {
			json_decref(body);
			rule_clear(&r);
			vb_err(err, VB_EINTERNAL, "stored rule %s of %s no longer"
			    " parses", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
			goto done;
		}
		json_decref(body);
		if (!rule_in_force(&r, date)) {
			rule_clear(&r);
			continue;
		}
		if (engine_add(e, &r, PQgetvalue(res, i, 1),
		    (int)strtol(PQgetvalue(res, i, 2), NULL, 10),
		    strtoll(PQgetvalue(res, i, 0), NULL, 10), err) == -1) {
			rule_clear(&r);
			goto done;
		}
	}
	rc = 0;
done:
	PQclear(res);
	return rc;
}

int
rules_engine_take(struct rules_engine *e, struct rule_set *set,
    const char *agency, const char *date, struct vb_error *err)
{
	int rc = 0;

	memset(e, 0, sizeof(*e));
	for (size_t i = 0; i < set->n; i++) {
		if (rc == 0 && rule_in_force(&set->v[i], date) &&
		    engine_add(e, &set->v[i], agency, 0, 0, err) == 0)
			continue;
		if (rc == 0 && rule_in_force(&set->v[i], date))
			rc = -1;
		rule_clear(&set->v[i]);
	}
	free(set->v);
	set->v = NULL;
	set->n = 0;
	return rc;
}

void
rules_engine_free(struct rules_engine *e)
{
	for (size_t i = 0; i < e->n; i++)
		rule_clear(&e->v[i].r);
	free(e->v);
	memset(e, 0, sizeof(*e));
}

/* --- subjects --- */

/* Ports and their countries (alpha-2 in vborder.port), looked up by code. */
struct ports {
	PGresult *res;		/* code, kind, country ordered by kind, code */
};

static const char *
port_country(const struct ports *pt, const char *kind, const char *code)
{
	int lo = 0, hi = PQntuples(pt->res) - 1;

	if (code == NULL)
		return NULL;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2, c;

		c = strcmp(PQgetvalue(pt->res, mid, 1), kind);
		if (c == 0)
			c = strcmp(PQgetvalue(pt->res, mid, 0), code);
		if (c == 0)
			return norm_country(PQgetvalue(pt->res, mid, 2));
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" as a time (UTC taken for local). */
static int
local_time(const char *s, time_t *t)
{
	char buf[32];
	int n;

	if (s == NULL)
		return -1;
	n = snprintf(buf, sizeof(buf), strlen(s) == 10 ? "%sT00:00Z" : "%sZ", s);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return -1;
	return clock_parse(buf, t);
}

/* The first number in s ("2 PC 34 KG", "K120.5"), or -1 when none. */
static double
first_number(const char *s)
{
	if (s == NULL)
		return -1;
	for (; *s != '\0'; s++)
		if (isdigit((unsigned char)*s))
			return strtod(s, NULL);
	return -1;
}

/* Adds a port to the route once in a row, and its country. */
static void
route_add(struct rule_subject *s, const struct ports *pt, const char *kind,
    const char *port)
{
	const struct rule_field *f = rule_subject_get(s, RF_ROUTE_PORTS);
	const char *country;

	if (port == NULL || *port == '\0' ||
	    (f != NULL && strcmp(f->v[f->n - 1], port) == 0))
		return;
	rule_subject_add(s, RF_ROUTE_PORTS, port);
	if ((country = port_country(pt, kind, port)) != NULL)
		rule_subject_add(s, RF_ROUTE_COUNTRIES, country);
}

enum { P_ID, P_ROLE, P_NAME, P_GENDER, P_NAT, P_AGE, P_DOCS, P_FROM, P_TO,
    P_ITIN, P_PAY, P_AGENCY, P_CREATED, P_BAGS, P_CONTACTS, P_PARTY,
    P_DEPARTURE, P_LEGS, P_MODE, P_ARRIVAL };

static void
person_fields(struct rule_subject *s, const PGresult *res, int i,
    const struct ports *pt)
{
	const char *mode = PQgetvalue(res, i, P_MODE), *v;
	json_t *docs = json_loads(PQgetvalue(res, i, P_DOCS), 0, NULL);
	json_t *itin = PQgetisnull(res, i, P_ITIN) ? NULL :
	    json_loads(PQgetvalue(res, i, P_ITIN), 0, NULL);
	json_t *pay = PQgetisnull(res, i, P_PAY) ? NULL :
	    json_loads(PQgetvalue(res, i, P_PAY), 0, NULL);
	json_t *contacts = json_loads(PQgetvalue(res, i, P_CONTACTS), 0, NULL);
	json_t *legs = PQgetisnull(res, i, P_LEGS) ? NULL :
	    json_loads(PQgetvalue(res, i, P_LEGS), 0, NULL);
	json_t *x;
	size_t k;
	time_t created, dep;
	double d;

	rule_subject_add(s, RF_NAME, PQgetvalue(res, i, P_NAME));
	rule_subject_add(s, RF_GENDER, value(res, i, P_GENDER));
	rule_subject_add(s, RF_NATIONALITY, value(res, i, P_NAT));
	rule_subject_add(s, RF_AGE, value(res, i, P_AGE));
	json_array_foreach(docs, k, x) {
		rule_subject_add(s, RF_DOCUMENT_TYPE,
		    json_string_value(json_object_get(x, "type")));
		rule_subject_add(s, RF_DOCUMENT_COUNTRY,
		    json_string_value(json_object_get(x, "country")));
		if (json_is_integer(json_object_get(x, "days")))
			rule_subject_addf(s, RF_DOCUMENT_DAYS_TO_EXPIRY,
			    (double)json_integer_value(json_object_get(x, "days")));
	}
	rule_subject_add(s, RF_DEPARTURE_PORT, PQgetvalue(res, i, P_FROM));
	rule_subject_add(s, RF_ARRIVAL_PORT, PQgetvalue(res, i, P_TO));
	/* The journey: the PNR's itinerary, else the manifest's legs, else this flight. */
	if (json_array_size(itin) > 0) {
		const char *origin = json_string_value(json_object_get(
		    json_array_get(itin, 0), "departure_port"));
		int back = 0;

		json_array_foreach(itin, k, x) {
			const char *to = json_string_value(json_object_get(x,
			    "arrival_port"));

			route_add(s, pt, "air", json_string_value(json_object_get(x,
			    "departure_port")));
			route_add(s, pt, "air", to);
			if (origin != NULL && to != NULL && strcmp(origin, to) == 0)
				back = 1;
		}
		rule_subject_add(s, RF_BOOKING_ONE_WAY, back ? "false" : "true");
	} else if (json_array_size(legs) > 0) {
		json_array_foreach(legs, k, x) {
			route_add(s, pt, mode, json_string_value(json_array_get(x, 0)));
			route_add(s, pt, mode, json_string_value(json_array_get(x, 1)));
		}
	} else {
		route_add(s, pt, mode, PQgetvalue(res, i, P_FROM));
		route_add(s, pt, mode, PQgetvalue(res, i, P_TO));
	}
	json_array_foreach(pay, k, x)
		rule_subject_add(s, RF_BOOKING_PAYMENT_TYPES,
		    json_string_value(json_object_get(x, "type")));
	rule_subject_add(s, RF_BOOKING_TRAVEL_AGENCY, value(res, i, P_AGENCY));
	if (local_time(value(res, i, P_CREATED), &created) == 0 &&
	    local_time(value(res, i, P_DEPARTURE), &dep) == 0)
		rule_subject_addf(s, RF_BOOKING_HOURS_BEFORE_DEPARTURE,
		    floor(difftime(dep, created) / 3600.0));
	if ((d = first_number(value(res, i, P_BAGS))) >= 0)
		rule_subject_addf(s, RF_BOOKING_BAGS, d);
	if ((v = value(res, i, P_PARTY)) != NULL && strcmp(v, "0") != 0)
		rule_subject_add(s, RF_BOOKING_PARTY_SIZE, v);
	json_array_foreach(contacts, k, x) {
		const char *kind = json_string_value(json_object_get(x, "kind"));

		if (kind != NULL && strcmp(kind, "phone") == 0)
			rule_subject_add(s, RF_BOOKING_PHONES,
			    json_string_value(json_object_get(x, "value")));
		else if (kind != NULL && strcmp(kind, "email") == 0)
			rule_subject_add(s, RF_BOOKING_EMAILS,
			    json_string_value(json_object_get(x, "value")));
	}
	json_decref(docs);
	json_decref(itin);
	json_decref(pay);
	json_decref(contacts);
	json_decref(legs);
}

static const char *const person_sql =
    "SELECT p.id, p.role, p.name_raw, p.gender, p.nationality,"
    " extract(year FROM age(ad.d, p.birth_date))::int,"
    " coalesce((SELECT json_agg(json_build_object('type', d.type,"
    "  'country', d.country, 'days', d.expiry - ad.d) ORDER BY d.seq)"
    "  FROM vborder.person_document d WHERE d.person_id = p.id), '[]')::text,"
    " a.departure_port, a.arrival_port, r.itinerary::text, r.payments::text,"
    " r.agency, r.created, coalesce(p.bags, r.bags),"
    " (coalesce(r.contacts, '[]') || p.contacts)::text,"
    " (SELECT count(DISTINCT q.traveller_id) FROM vborder.person q"
    "  WHERE q.pnr_id = r.id AND q.current),"
    " to_char(a.scheduled_departure_local, 'YYYY-MM-DD\"T\"HH24:MI'),"
    " (SELECT json_agg(json_build_array(l.departure_port, l.arrival_port)"
    "  ORDER BY l.seq) FROM vborder.manifest_leg l"
    "  WHERE l.manifest_id = p.manifest_id)::text,"
    " a.mode, a.transport_id || ' ' || a.departure_port || '-' ||"
    "  a.arrival_port || ' ' || ad.d"
    /* Every current record (vborder.screened's, without its boarding). */
    " FROM vborder.person p JOIN vborder.arrival a ON a.id = p.arrival_id"
    " CROSS JOIN LATERAL (SELECT coalesce(a.scheduled_arrival_local,"
    "  a.scheduled_departure_local)::date AS d) ad"
    /* An API record has its booking in the traveller's PNR record. */
    " LEFT JOIN LATERAL (SELECT r.* FROM vborder.person q"
    "  JOIN vborder.pnr r ON r.id = q.pnr_id"
    "  WHERE q.traveller_id = p.traveller_id AND q.current"
    "  ORDER BY q.id DESC LIMIT 1) r ON true"
    " WHERE p.current AND " STORE_ARRIVAL_SCREENED
    " ORDER BY p.arrival_id, p.id";

/* The first value known, the waybill message's before the manifest's. */
#define PICK(col) "(array_agg(" col " ORDER BY (" col " IS NOT NULL) DESC," \
	" s.source = 'waybill' DESC, s.id DESC))[1]"

enum { S_ID, S_NUMBER, S_SHIPPER, S_CONSIGNEE, S_GOODS, S_ORIGIN, S_DEST,
    S_LOADING, S_DISCHARGE, S_ROUTING, S_PIECES, S_WEIGHT, S_MODE, S_ARRIVAL };

static const char *const shipment_sql =
    "SELECT max(s.id), " PICK("s.number") ", " PICK("s.shipper") "::text,"
    " " PICK("s.consignee") "::text,"
    " (array_agg(s.goods ORDER BY jsonb_array_length(s.goods) > 0 DESC,"
    "  s.source = 'waybill' DESC, s.id DESC))[1]::text,"
    " " PICK("s.origin") ", " PICK("s.destination") ", " PICK("s.loading") ","
    " " PICK("s.discharge") ", " PICK("s.routing") ", " PICK("s.pieces") ","
    " " PICK("s.weight") ", min(a.mode),"
    " min(a.transport_id || ' ' || a.departure_port || '-' || a.arrival_port"
    "  || ' ' || coalesce(a.scheduled_arrival_local,"
    "  a.scheduled_departure_local)::date)"
    " FROM vborder.shipment_on s JOIN vborder.arrival a ON a.id = s.on_arrival"
    " WHERE " STORE_ARRIVAL_SCREENED
    " GROUP BY s.on_arrival, s.number_norm ORDER BY s.on_arrival, s.number_norm";

/* A weight as sent ("120.5 K", "K120.5", "300 L") in kilograms, or -1. */
static double
weight_kg(const char *s)
{
	double w = first_number(s);

	if (w < 0)
		return -1;
	for (const char *p = s; *p != '\0'; p++)
		if (*p == 'L' || *p == 'l')
			return w * 0.45359237;
	return w;
}

static void
party_fields(struct rule_subject *s, json_t *party,
    enum rule_field_id name_field, enum rule_field_id country_field)
{
	const char *c = json_string_value(json_object_get(party, "country"));

	rule_subject_add(s, name_field,
	    json_string_value(json_object_get(party, "name")));
	if (c != NULL)
		rule_subject_add(s, country_field, norm_country(c) != NULL ?
		    norm_country(c) : c);
}

static void
shipment_fields(struct rule_subject *s, const PGresult *res, int i,
    const struct ports *pt)
{
	const char *mode = PQgetvalue(res, i, S_MODE);
	json_t *shipper = PQgetisnull(res, i, S_SHIPPER) ? NULL :
	    json_loads(PQgetvalue(res, i, S_SHIPPER), 0, NULL);
	json_t *consignee = PQgetisnull(res, i, S_CONSIGNEE) ? NULL :
	    json_loads(PQgetvalue(res, i, S_CONSIGNEE), 0, NULL);
	json_t *goods = json_loads(PQgetvalue(res, i, S_GOODS), 0, NULL), *x;
	const char *cname, *c, *routing = value(res, i, S_ROUTING);
	double w, n;
	size_t k;

	json_array_foreach(goods, k, x) {
		rule_subject_add(s, RF_GOODS_DESCRIPTIONS,
		    json_string_value(json_object_get(x, "description")));
		rule_subject_add(s, RF_GOODS_HS_CODES,
		    json_string_value(json_object_get(x, "hs_code")));
	}
	party_fields(s, shipper, RF_SHIPPER_NAME, RF_SHIPPER_COUNTRY);
	party_fields(s, consignee, RF_CONSIGNEE_NAME, RF_CONSIGNEE_COUNTRY);
	if ((cname = json_string_value(json_object_get(consignee, "name"))) != NULL)
		rule_subject_add(s, RF_CONSIGNEE_IS_PERSON,
		    namesim_guess_kind(cname) == MATCH_PERSON ? "true" : "false");
	if ((c = port_country(pt, mode, value(res, i, S_ORIGIN))) == NULL)
		c = port_country(pt, mode, value(res, i, S_LOADING));
	if (c == NULL)
		c = rule_subject_get(s, RF_SHIPPER_COUNTRY) != NULL ?
		    rule_subject_get(s, RF_SHIPPER_COUNTRY)->v[0] : NULL;
	rule_subject_add(s, RF_ORIGIN_COUNTRY, c);
	if ((c = port_country(pt, mode, value(res, i, S_DEST))) == NULL)
		c = port_country(pt, mode, value(res, i, S_DISCHARGE));
	if (c == NULL)
		c = rule_subject_get(s, RF_CONSIGNEE_COUNTRY) != NULL ?
		    rule_subject_get(s, RF_CONSIGNEE_COUNTRY)->v[0] : NULL;
	rule_subject_add(s, RF_DESTINATION_COUNTRY, c);
	/* The route: origin, the ports the routing names, destination. */
	route_add(s, pt, mode, value(res, i, S_ORIGIN));
	route_add(s, pt, mode, value(res, i, S_LOADING));
	if (routing != NULL) {
		char buf[256], *p = buf, *tok;

		(void)strlcpy(buf, routing, sizeof(buf));
		while ((tok = strsep(&p, "-/ ")) != NULL)
			if (port_country(pt, mode, tok) != NULL)
				route_add(s, pt, mode, tok);
	}
	route_add(s, pt, mode, value(res, i, S_DISCHARGE));
	route_add(s, pt, mode, value(res, i, S_DEST));
	if ((w = weight_kg(value(res, i, S_WEIGHT))) >= 0)
		rule_subject_addf(s, RF_WEIGHT_KG, w);
	if ((n = first_number(value(res, i, S_PIECES))) >= 0)
		rule_subject_addf(s, RF_PIECES, n);
	if (w >= 0 && n > 0)
		rule_subject_addf(s, RF_WEIGHT_PER_PIECE_KG, w / n);
	json_decref(shipper);
	json_decref(consignee);
	json_decref(goods);
}

/*
 * A query's rows are evaluated in chunks by every core at once (the
 * result, the ports and the rules are read-only meanwhile), each chunk
 * keeping its own hits, which are then joined in row order.
 */
#define SCAN_CHUNK	1024
#define SUBJECTS_FETCH	"FETCH 16384 FROM subjects"	/* rows at once */

struct chunk {
	struct rules_hit *hits;
	size_t n, size;
	int oom;
};

struct scan {
	const struct rules_engine *e;
	const struct ports *pt;
	const PGresult *res;
	int shipment;
	struct chunk *chunks;
	int nchunks;
	atomic_int next;
};

static void
chunk_hit(struct chunk *c, const struct rules_hit *h)
{
	if (c->n == c->size) {
		size_t size = c->size == 0 ? 16 : c->size * 2;
		struct rules_hit *p = reallocarray(c->hits, size, sizeof(*p));

		if (p == NULL) {
			c->oom = 1;
			return;
		}
		c->hits = p;
		c->size = size;
	}
	c->hits[c->n++] = *h;
}

/* Evaluates every rule that applies on row i's subject s; hits into c. */
static void
eval_all(const struct scan *sc, const struct rule_subject *s, int i,
    struct chunk *c)
{
	const PGresult *res = sc->res;
	enum rule_applies what = sc->shipment ? RULE_SHIPMENT :
	    strcmp(PQgetvalue(res, i, P_ROLE), "crew") == 0 ? RULE_CREW :
	    RULE_PASSENGER;
	struct rules_hit h;

	for (size_t r = 0; r < sc->e->n && !c->oom; r++) {
		int hit;

		if ((sc->e->v[r].r.applies_to & what) == 0)
			continue;
		if ((hit = rule_eval(&sc->e->v[r].r, s, h.explanation,
		    sizeof(h.explanation))) == -1)
			c->oom = 1;
		if (hit != 1)
			continue;
		h.shipment = sc->shipment;
		h.rule = r;
		if (sc->shipment) {
			h.subject_id = strtoll(PQgetvalue(res, i, S_ID), NULL, 10);
			(void)strlcpy(h.arrival, PQgetvalue(res, i, S_ARRIVAL),
			    sizeof(h.arrival));
			(void)snprintf(h.subject, sizeof(h.subject), "shipment %s",
			    PQgetvalue(res, i, S_NUMBER));
		} else {
			h.subject_id = strtoll(PQgetvalue(res, i, P_ID), NULL, 10);
			(void)strlcpy(h.arrival, PQgetvalue(res, i, P_ARRIVAL),
			    sizeof(h.arrival));
			(void)snprintf(h.subject, sizeof(h.subject), "%s %s",
			    PQgetvalue(res, i, P_ROLE), PQgetvalue(res, i, P_NAME));
		}
		chunk_hit(c, &h);
	}
}

static void *
scan_worker(void *arg)
{
	struct scan *sc = arg;
	int k;

	while ((k = atomic_fetch_add(&sc->next, 1)) < sc->nchunks) {
		struct chunk *c = &sc->chunks[k];
		int end = (k + 1) * SCAN_CHUNK;

		if (end > PQntuples(sc->res))
			end = PQntuples(sc->res);
		for (int i = k * SCAN_CHUNK; i < end && !c->oom; i++) {
			struct rule_subject s;

			memset(&s, 0, sizeof(s));
			if (sc->shipment)
				shipment_fields(&s, sc->res, i, sc->pt);
			else
				person_fields(&s, sc->res, i, sc->pt);
			eval_all(sc, &s, i, c);
			rule_subject_clear(&s);
		}
	}
	return NULL;
}

/* Runs the rules on every row of res; the hits appended to *hits. 0 or -1. */
static int
scan_rows(const struct rules_engine *e, const struct ports *pt,
    const PGresult *res, int shipment, struct rules_hit **hits, size_t *nhits,
    struct vb_error *err)
{
	struct scan sc = {e, pt, res, shipment, NULL, 0, 0};
	size_t total = *nhits;
	int rc = -1;

	sc.nchunks = (PQntuples(res) + SCAN_CHUNK - 1) / SCAN_CHUNK;
	if (sc.nchunks == 0)
		return 0;
	if ((sc.chunks = calloc((size_t)sc.nchunks, sizeof(*sc.chunks))) == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory screening rules");
	atomic_store(&sc.next, 0);
	workers_run(scan_worker, &sc);
	for (int k = 0; k < sc.nchunks; k++) {
		if (sc.chunks[k].oom)
			goto done;
		total += sc.chunks[k].n;
	}
	if (total > *nhits) {
		struct rules_hit *p = reallocarray(*hits, total, sizeof(*p));

		if (p == NULL)
			goto done;
		*hits = p;
		for (int k = 0; k < sc.nchunks; k++) {
			if (sc.chunks[k].n > 0)
				memcpy(*hits + *nhits, sc.chunks[k].hits,
				    sc.chunks[k].n * sizeof(**hits));
			*nhits += sc.chunks[k].n;
		}
	}
	rc = 0;
done:
	for (int k = 0; k < sc.nchunks; k++)
		free(sc.chunks[k].hits);
	free(sc.chunks);
	return rc == 0 ? 0 :
	    vb_err(err, VB_ENOMEM, "out of memory screening rules");
}

/* A cursor "subjects" over query (window: its $1..$4). */
static int
declare(PGconn *db, const char *query, const char *const *window,
    struct vb_error *err)
{
	static const char head[] = "DECLARE subjects NO SCROLL CURSOR FOR ";
	size_t len = sizeof(head) + strlen(query);
	char *sql = malloc(len);
	int rc;

	if (sql == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory screening rules");
	(void)snprintf(sql, len, "%s%s", head, query);
	rc = store_exec(db, sql, 4, window, NULL, err);
	free(sql);
	return rc;
}

int
rules_scan(PGconn *db, const struct rules_engine *e, const char *const *window,
    struct rules_hit **hits, size_t *nhits, size_t *subjects,
    struct vb_error *err)
{
	struct ports pt = {NULL};
	PGresult *res = NULL;
	int rc = -1;

	*hits = NULL;
	*nhits = 0;
	*subjects = 0;
	if (e->n == 0)
		return 0;
	if (store_exec(db, "SELECT code, kind, country FROM vborder.port"
	    " ORDER BY kind COLLATE \"C\", code COLLATE \"C\"", 0, NULL, &pt.res,
	    err) == -1)
		goto done;
	/*
	 * A chunk of subjects at a time: the window is never all in memory.
	 * The server gathers the next chunk while this one is judged.
	 */
	for (int shipment = 0; shipment < 2; shipment++) {
		if (declare(db, shipment ? shipment_sql : person_sql, window,
		    err) == -1 || store_send(db, SUBJECTS_FETCH, err) == -1)
			goto done;
		for (;;) {
			int failed;

			if (store_fetch_next(db, SUBJECTS_FETCH, &res, err) == -1)
				goto done;
			if (PQntuples(res) == 0)
				break;
			failed = scan_rows(e, &pt, res, shipment, hits, nhits,
			    err) == -1;
			*subjects += (size_t)PQntuples(res);
			PQclear(res);
			res = NULL;
			if (failed) {
				store_fetch_stop(db);
				goto done;
			}
		}
		PQclear(res);
		res = NULL;
		if (store_exec(db, "CLOSE subjects", 0, NULL, NULL, err) == -1)
			goto done;
	}
	rc = 0;
done:
	if (rc == -1)
		PQclear(res);
	res = NULL;
	if (rc == -1) {
		free(*hits);
		*hits = NULL;
		*nhits = 0;
	}
	PQclear(res);
	PQclear(pt.res);
	return rc;
}

int
rules_screen(PGconn *db, const char *const *window, const char *run_id,
    size_t *nrules, size_t *nhits, struct vb_error *err)
{
	struct rules_engine eng = {NULL, 0};
	struct rules_hit *hits = NULL;
	size_t n = 0, subjects = 0;
	char date[11];
	int rc = -1;

	(void)strlcpy(date, window[0], sizeof(date));
	if (rules_engine_load(db, date, &eng, err) == -1 ||
	    rules_scan(db, &eng, window, &hits, &n, &subjects, err) == -1 ||
	    store_exec(db, "DELETE FROM vborder.rule_hit h USING vborder.person p,"
	    " vborder.arrival a WHERE h.person_id = p.id"
	    " AND a.id = p.arrival_id AND " STORE_ARRIVAL_SCREENED,
	    4, window, NULL, err) == -1 ||
	    store_exec(db, "DELETE FROM vborder.shipment_rule_hit h USING"
	    " vborder.shipment s, vborder.shipment_on o, vborder.arrival a"
	    " WHERE h.shipment_id = s.id AND o.number_norm = s.number_norm"
	    " AND a.id = o.on_arrival AND " STORE_ARRIVAL_SCREENED,
	    4, window, NULL, err) == -1)
		goto done;
	for (int shipment = 0; shipment < 2; shipment++) {
		if (store_copy_begin(db, shipment ?
		    "COPY vborder.shipment_rule_hit (shipment_id, rule_pk, run_id,"
		    " score, explanation) FROM STDIN" :
		    "COPY vborder.rule_hit (person_id, rule_pk, run_id, score,"
		    " explanation) FROM STDIN", err) == -1)
			goto done;
		for (size_t i = 0; i < n; i++) {
			const struct rules_entry *r = &eng.v[hits[i].rule];
			char id[24], pk[24], score[16];
			const char *row[] = {id, pk, run_id, score,
			    hits[i].explanation};

			if (hits[i].shipment != shipment)
				continue;
			(void)snprintf(id, sizeof(id), "%lld", hits[i].subject_id);
			(void)snprintf(pk, sizeof(pk), "%lld", r->pk);
			(void)snprintf(score, sizeof(score), "%.4f", r->r.weight);
			if (store_copy_row(db, row, 5, err) == -1) {
				(void)store_copy_end(db, NULL);
				goto done;
			}
		}
		if (store_copy_end(db, err) == -1)
			goto done;
	}
	if (nrules != NULL)
		*nrules = eng.n;
	if (nhits != NULL)
		*nhits = n;
	rc = 0;
done:
	free(hits);
	rules_engine_free(&eng);
	return rc;
}
