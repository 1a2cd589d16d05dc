/*
 * Links (links.h): the identifiers of the subjects of the arrivals a screen
 * takes, normalised here, go by COPY into vborder.link_value, which keeps
 * those of the whole window between screens (sql/0029); PostgreSQL then
 * pairs the values, drops those shared too widely, and keeps for each
 * subject that shares a value with what changed the links to subjects with
 * a reason, with the best of that subject's reasons.
 */
#include "links.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store/store.h"

/* ---- normalising ---- */

static void
none(char *out, size_t outsz)
{
	if (outsz > 0)
		out[0] = '\0';
}

int
links_norm_phone(const char *in, char *out, size_t outsz)
{
	const char *p = in;
	size_t n = 0;

	none(out, outsz);
	if (in == NULL)
		return -1;
	/* A city code before the number, as PNRs write it: "SEA 866 746-4647". */
	while (*p == ' ' || *p == '(' || isalpha((unsigned char)*p))
		p++;
	if (*p == '+')
		p++;
	else if (p[0] == '0' && p[1] == '0')
		p += 2;
	else if (p[0] == '0')
		p++;	/* the trunk prefix of a national number */
	for (; *p != '\0'; p++) {
		if (isdigit((unsigned char)*p)) {
			if (n + 1 >= outsz)
				return -1;
			out[n++] = *p;
		} else if (strchr(" -./()", *p) == NULL)
			break;	/* "+49 69 1234567 HOME": the number ends */
	}
	out[n < outsz ? n : 0] = '\0';
	if (n < 7) {
		none(out, outsz);
		return -1;
	}
	return 0;
}

int
links_phone_same(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la < lb) {
		const char *t = a;
		size_t lt = la;

		a = b, la = lb;
		b = t, lb = lt;
	}
	return la - lb <= 3 && strcmp(a + (la - lb), b) == 0;
}

int
links_norm_email(const char *in, char *out, size_t outsz)
{
	const char *at, *dot;
	size_t n;

	none(out, outsz);
	if (in == NULL)
		return -1;
	while (*in == ' ')
		in++;
	n = strlen(in);
	while (n > 0 && in[n - 1] == ' ')
		n--;
	if (n == 0 || n >= outsz)
		return -1;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[n] = '\0';
	if ((at = strchr(out, '@')) == NULL || at == out ||
	    strchr(at + 1, '@') != NULL || strchr(out, ' ') != NULL ||
	    (dot = strrchr(at, '.')) == NULL || dot == at + 1 ||
	    dot[1] == '\0') {
		none(out, outsz);
		return -1;
	}
	return 0;
}

int
links_norm_address(const char *in, char *out, size_t outsz)
{
	size_t n = 0, words = 0;
	const char *p = in;

	none(out, outsz);
	if (in == NULL)
		return -1;
	while (*p != '\0') {
		const char *w;
		size_t len, letters = 0;

		/* Punctuation and spaces separate; other bytes (UTF-8 letters) belong to words. */
		while (*p != '\0' && (unsigned char)*p < 0x80 &&
		    !isalnum((unsigned char)*p))
			p++;
		for (w = p; *p != '\0' && ((unsigned char)*p >= 0x80 ||
		    isalnum((unsigned char)*p)); p++)
			letters += isalpha((unsigned char)*p) != 0;
		if ((len = (size_t)(p - w)) == 0)
			continue;
		if (len <= 2 && letters == len)
			continue;	/* ST, NY, DE: written by one side only */
		if (n + (n > 0) + len + 1 > outsz) {
			none(out, outsz);
			return -1;
		}
		if (n > 0)
			out[n++] = ' ';
		for (size_t i = 0; i < len; i++)
			out[n++] = (char)toupper((unsigned char)w[i]);
		words++;
	}
	out[n] = '\0';
	if (words < 2 || n < 10) {
		none(out, outsz);
		return -1;
	}
	return 0;
}

int
links_norm_card(const char *number, const char *expiry, char *out,
    size_t outsz)
{
	size_t n = 0, digits = 0, masked = 0;
	char exp[8] = "";

	none(out, outsz);
	if (number == NULL)
		return -1;
	for (const char *p = number; *p != '\0'; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		if (n + 1 >= outsz)
			goto fail;
		if (isdigit((unsigned char)*p))
			digits++;
		else
			masked++;
		out[n++] = (char)toupper((unsigned char)*p);
	}
	out[n] = '\0';
	if (expiry != NULL) {
		size_t k = 0;

		for (const char *p = expiry; *p != '\0' && k + 1 < sizeof(exp); p++)
			if (isdigit((unsigned char)*p))
				exp[k++] = *p;
		exp[k] = '\0';
	}
	/* Four digits or fewer name no card; masked, only with its expiry. */
	if (digits < 4 || (masked > 0 && exp[0] == '\0') ||
	    (masked == 0 && digits < 12))
		goto fail;
	if (exp[0] != '\0') {
		if (n + 1 + strlen(exp) + 1 > outsz)
			goto fail;
		out[n++] = '/';
		memcpy(out + n, exp, strlen(exp) + 1);
	}
	return 0;
fail:
	none(out, outsz);
	return -1;
}

/* ---- the identifiers of the window ---- */

/* One subject's values as they go into link_value. */
struct subject {
	PGconn *db;
	const char *arrival;
	const char *kind;	/* "p" a person record, "s" a shipment */
	const char *id, *subject, *group, *name, *linked;
	struct links_stats *st;
	struct vb_error *err;
};

/* One row of link_value: the join key, the compared form, the form shown. */
static int
add_row(struct subject *s, const char *via, const char *key, const char *norm,
    const char *shown)
{
	const char *row[] = {s->arrival, s->kind, s->id, s->subject, s->group,
	    s->name, via, key, norm, shown, s->linked};

	if (store_copy_row(s->db, row, 11, s->err) == -1)
		return -1;
	s->st->values++;
	return 0;
}

/*
 * One value of via, normalised as via wants (nothing when it is none of
 * its kind), keyed for the join: a phone by its last seven digits, so that
 * a number with and without its country code meet, the rest by the whole.
 */
static int
add_value(struct subject *s, const char *via, const char *value)
{
	char norm[256];
	int rc;

	if (value == NULL)
		return 0;
	if (strcmp(via, "phone") == 0)
		rc = links_norm_phone(value, norm, sizeof(norm));
	else if (strcmp(via, "email") == 0)
		rc = links_norm_email(value, norm, sizeof(norm));
	else if (strcmp(via, "address") == 0)
		rc = links_norm_address(value, norm, sizeof(norm));
	else	/* a document number, normalised when stored */
		rc = strlcpy(norm, value, sizeof(norm)) < sizeof(norm) &&
		    strlen(norm) >= 5 ? 0 : -1;
	if (rc == -1)
		return 0;
	return add_row(s, via, strcmp(via, "phone") == 0 ?
	    norm + strlen(norm) - 7 : norm, norm, value);
}

/* The phones, e-mails and addresses of a contacts array as the store keeps it. */
static int
add_contacts(struct subject *s, const char *text)
{
	json_t *a = text != NULL ? json_loads(text, 0, NULL) : NULL, *c;
	size_t i;
	int rc = 0;

	json_array_foreach(a, i, c) {
		const char *kind = json_string_value(json_object_get(c, "kind"));
		const char *v = json_string_value(json_object_get(c, "value"));

		if (kind == NULL || (strcmp(kind, "phone") != 0 &&
		    strcmp(kind, "email") != 0 && strcmp(kind, "address") != 0))
			continue;
		if (add_value(s, kind, v) == -1) {
			rc = -1;
			break;
		}
	}
	json_decref(a);
	return rc;
}

static int
add_cards(struct subject *s, const char *text)
{
	json_t *a = text != NULL ? json_loads(text, 0, NULL) : NULL, *y;
	size_t i;
	int rc = 0;

	json_array_foreach(a, i, y) {
		char card[128], shown[160];
		const char *number = json_string_value(json_object_get(y,
		    "card_number"));
		const char *expiry = json_string_value(json_object_get(y,
		    "expiry"));

		if (links_norm_card(number, expiry, card, sizeof(card)) == -1)
			continue;
		(void)snprintf(shown, sizeof(shown), "%s%s%s", number,
		    expiry != NULL ? " exp " : "", expiry != NULL ? expiry : "");
		if (add_row(s, "card", card, card, shown) == -1) {
			rc = -1;
			break;
		}
	}
	json_decref(a);
	return rc;
}

static int
add_documents(struct subject *s, const char *text)
{
	json_t *a = text != NULL ? json_loads(text, 0, NULL) : NULL, *d;
	size_t i;
	int rc = 0;

	json_array_foreach(a, i, d)
		if (add_value(s, "document", json_string_value(d)) == -1) {
			rc = -1;
			break;
		}
	json_decref(a);
	return rc;
}

static const char *
field(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v != NULL ? v : "";
}

/* A shipment party: its contact (a phone or an e-mail) and its address. */
static int
add_party(struct subject *s, const char *text)
{
	json_t *p = text != NULL ? json_loads(text, 0, NULL) : NULL;
	const char *contact = json_string_value(json_object_get(p, "contact"));
	char address[512];
	int rc = 0;

	(void)snprintf(address, sizeof(address), "%s, %s, %s", field(p, "address"),
	    field(p, "city"), field(p, "postcode"));	/* cut: still compared */
	if (contact != NULL && add_value(s, strchr(contact, '@') != NULL ?
	    "email" : "phone", contact) == -1)
		rc = -1;
	else if (json_object_get(p, "address") != NULL &&
	    add_value(s, "address", address) == -1)
		rc = -1;
	json_decref(p);
	return rc;
}

/* The linked subject as a list names it, with its target id (core/outcomes/). */
#define ARRIVAL_JSON(kind, name, key) \
	" json_build_object('kind', " kind ", 'name', " name "," \
	"  'transport_id', a.transport_id, 'arrival_date', to_char(coalesce(" \
	"  a.scheduled_arrival_local, a.scheduled_departure_local)," \
	"  'YYYY-MM-DD'), 'target_id', 'T' || a.id || '-' || " key ")::text"

enum { P_ARRIVAL, P_ID, P_TRAVELLER, P_GROUP, P_NAME, P_CONTACTS,
    P_PNR_CONTACTS, P_PAYMENTS, P_DOCS, P_LINKED };

/*
 * A traveller's group is its booking: the locator of its PNR, else the
 * booking reference its API record gives, else the traveller alone. Its API
 * and PNR records are one, whatever each says.
 */
static const char persons_sql[] =
    "SELECT a.id, p.id, 'P' || p.traveller_id,"
    " coalesce((SELECT 'B' || max(upper(r2.locator))"
    "  FROM vborder.screened q JOIN vborder.pnr r2 ON r2.id = q.pnr_id"
    "  WHERE q.traveller_id = p.traveller_id),"
    "  (SELECT 'B' || max(upper(q.booking_ref))"
    "  FROM vborder.screened q WHERE q.traveller_id = p.traveller_id),"
    "  'T' || p.traveller_id), p.name_norm, p.contacts::text,"
    " r.contacts::text, r.payments::text,"
    " (SELECT json_agg(d.number_norm) FROM vborder.person_document d"
    "  WHERE d.person_id = p.id)::text,"
    ARRIVAL_JSON("p.role", "p.name_raw", "'P' || p.traveller_id")
    " FROM vborder.screened p"
    " JOIN vborder.arrival a ON a.id = p.arrival_id"
    " LEFT JOIN vborder.pnr r ON r.id = p.pnr_id"
    " WHERE a.id IN (SELECT id FROM link_refresh)";

static int
copy_persons(PGconn *db, const PGresult *res, struct links_stats *st,
    struct vb_error *err)
{
	int rc = 0;

	for (int i = 0; i < PQntuples(res) && rc == 0; i++) {
		struct subject s = {db, PQgetvalue(res, i, P_ARRIVAL), "p",
		    PQgetvalue(res, i, P_ID),
		    PQgetvalue(res, i, P_TRAVELLER), PQgetvalue(res, i, P_GROUP),
		    PQgetvalue(res, i, P_NAME), PQgetvalue(res, i, P_LINKED), st,
		    err};

		/* The booking's contacts and cards are each of its travellers'. */
		rc = add_contacts(&s, PQgetvalue(res, i, P_CONTACTS));
		if (rc == 0 && !PQgetisnull(res, i, P_PNR_CONTACTS))
			rc = add_contacts(&s, PQgetvalue(res, i, P_PNR_CONTACTS));
		if (rc == 0 && !PQgetisnull(res, i, P_PAYMENTS))
			rc = add_cards(&s, PQgetvalue(res, i, P_PAYMENTS));
		if (rc == 0 && !PQgetisnull(res, i, P_DOCS))
			rc = add_documents(&s, PQgetvalue(res, i, P_DOCS));
	}
	return rc;
}

enum { S_ARRIVAL, S_ID, S_NUMBER, S_SHIPPER, S_CONSIGNEE, S_NOTIFY,
    S_LINKED };

static const char shipments_sql[] =
    "SELECT a.id, s.id, 'S' || s.number_norm, s.shipper::text,"
    " s.consignee::text, s.notify::text,"
    ARRIVAL_JSON("'shipment'", "CASE WHEN s.kind LIKE '%waybill'"
    " THEN 'waybill ' ELSE 'bill of lading ' END || s.number",
    "'S' || s.number_norm")
    " FROM vborder.shipment_on s"
    " JOIN vborder.arrival a ON a.id = s.on_arrival"
    " WHERE a.id IN (SELECT id FROM link_refresh)";

static int
copy_shipments(PGconn *db, const PGresult *res, struct links_stats *st,
    struct vb_error *err)
{
	int rc = 0;

	for (int i = 0; i < PQntuples(res) && rc == 0; i++) {
		struct subject s = {db, PQgetvalue(res, i, S_ARRIVAL), "s",
		    PQgetvalue(res, i, S_ID),
		    PQgetvalue(res, i, S_NUMBER), PQgetvalue(res, i, S_NUMBER),
		    "", PQgetvalue(res, i, S_LINKED), st, err};

		for (int c = S_SHIPPER; c <= S_NOTIFY && rc == 0; c++)
			if (!PQgetisnull(res, i, c))
				rc = add_party(&s, PQgetvalue(res, i, c));
	}
	return rc;
}

/* ---- what changed ---- */

/*
 * The arrivals whose values are read again: those of the window the screen
 * takes ($4, "{1,2}"; NULL: every one) and those whose values are not all
 * kept (never linked, or cleared by a purge or a crash).
 */
static const char refresh_sql[] =
    "CREATE TEMPORARY TABLE link_refresh ON COMMIT DROP AS"
    " SELECT a.id FROM vborder.arrival a WHERE " STORE_ARRIVAL_DUE
    " AND ($4::bigint[] IS NULL OR a.id = ANY ($4::bigint[])"
    "  OR NOT EXISTS (SELECT 1 FROM vborder.arrival_linked l"
    "   WHERE l.arrival_id = a.id))";

/* The window's arrivals, whose values alone are kept. */
static const char window_sql[] =
    "CREATE TEMPORARY TABLE link_window ON COMMIT DROP AS"
    " SELECT a.id FROM vborder.arrival a WHERE " STORE_ARRIVAL_DUE;

/* Values that go: those of the arrivals read again or out of the window. */
#define GOING	" arrival_id IN (SELECT id FROM link_refresh)" \
	" OR arrival_id NOT IN (SELECT id FROM link_window)"

/*
 * The subjects whose links are made again: every one that holds a value
 * that came or went (its groups, or its holders' reasons, may differ); all
 * of them when the whole window was read again. Each statement here comes
 * in two, indexed by whether the whole window was read again: a test
 * "whole OR (via, key) IN (...)" leaves the planner a subplan that, too big
 * for its memory, was scanned again for every value (ten minutes and more
 * at a third of bench-day's day), where IN alone is a join.
 */
#define AFFECTED_SQL(where) \
	"CREATE TEMPORARY TABLE link_affected ON COMMIT DROP AS" \
	" SELECT DISTINCT v.kind, v.id FROM vborder.link_value v" where

static const char *const affected_sql[2] = {
	AFFECTED_SQL(" WHERE (v.via, v.key) IN (SELECT via, key"
	    " FROM link_changed)"),
	AFFECTED_SQL(""),
};

/* The values of the affected subjects. */
#define AFFECTED_VALUES \
	"(SELECT o.via, o.key FROM vborder.link_value o" \
	" JOIN link_affected x ON x.kind = o.kind AND x.id = o.id)"

/* ---- pairing ---- */

/*
 * The subjects an affected subject shares a value with, but for the values
 * shared too widely (link_capped), which link none.
 */
#define NEAR_SQL(where) \
	"CREATE TEMPORARY TABLE link_near ON COMMIT DROP AS" \
	" SELECT DISTINCT k.kind, k.id FROM vborder.link_value k" where

static const char *const near_sql[2] = {
	NEAR_SQL(" WHERE (k.via, k.key) IN " AFFECTED_VALUES
	    " AND NOT EXISTS (SELECT 1 FROM link_capped c"
	    "  WHERE c.via = k.via AND c.key = k.key)"),
	NEAR_SQL(""),
};

/* The best reason of each of them that has one. */
static const char sources_sql[] =
    "CREATE TEMPORARY TABLE link_source ON COMMIT DROP AS"
    " SELECT DISTINCT ON (kind, id) * FROM ("
    "  SELECT 'p' AS kind, h.person_id AS id, w.agency, e.severity,"
    "   h.score, w.id AS watchlist_id,"
    "   'on ' || w.agency || '''s list ' || w.name || ' (' || e.entry_id"
    "   || ')' AS why"
    "  FROM vborder.hit h JOIN vborder.watchlist_entry e ON e.id = h.entry_pk"
    "  JOIN vborder.watchlist w ON w.id = e.watchlist_id"
    "  WHERE h.person_id IN (SELECT id FROM link_near WHERE kind = 'p')"
    "  AND NOT h.suppressed"	/* an officer found it false */
    "  UNION ALL"
    "  SELECT 'p', x.person_id, rs.agency, r.severity, x.score, NULL,"
    "   'hit by ' || rs.agency || ' rule ' || r.rule_id"
    "  FROM vborder.rule_hit x JOIN vborder.rule r ON r.id = x.rule_pk"
    "  JOIN vborder.rule_set rs ON rs.id = r.set_id"
    "  WHERE x.person_id IN (SELECT id FROM link_near WHERE kind = 'p')"
    "  UNION ALL"
    "  SELECT 's', h.shipment_id, w.agency, e.severity, h.score, w.id,"
    "   'its ' || h.party || ' on ' || w.agency || '''s list ' || w.name"
    "   || ' (' || e.entry_id || ')'"
    "  FROM vborder.shipment_hit h"
    "  JOIN vborder.watchlist_entry e ON e.id = h.entry_pk"
    "  JOIN vborder.watchlist w ON w.id = e.watchlist_id"
    "  WHERE h.shipment_id IN (SELECT id FROM link_near WHERE kind = 's')"
    "  UNION ALL"
    "  SELECT 's', x.shipment_id, rs.agency, r.severity, x.score, NULL,"
    "   'hit by ' || rs.agency || ' rule ' || r.rule_id"
    "  FROM vborder.shipment_rule_hit x JOIN vborder.rule r ON r.id = x.rule_pk"
    "  JOIN vborder.rule_set rs ON rs.id = r.set_id"
    "  WHERE x.shipment_id IN (SELECT id FROM link_near WHERE kind = 's')"
    " ) z ORDER BY kind, id, score DESC, agency, why";

/*
 * The affected subjects' values shared by more groups than the cap ($1): no
 * link. Groups counted by grouping twice, by value and group then by value,
 * which the planner may hash, where count(DISTINCT) always sorts.
 */
#define CAPPED_SQL(where) \
	"CREATE TEMPORARY TABLE link_capped ON COMMIT DROP AS" \
	" SELECT via, key, min(shown) AS shown, count(*) AS groups FROM" \
	" (SELECT via, key, grp, min(shown) AS shown FROM vborder.link_value" \
	where " GROUP BY via, key, grp) g" \
	" GROUP BY via, key HAVING count(*) > $1::int"

static const char *const capped_sql[2] = {
	CAPPED_SQL(" WHERE (via, key) IN " AFFECTED_VALUES),
	CAPPED_SQL(""),
};

/*
 * A value that came or went changes no link when more groups than the cap
 * ($1) hold it in the arrivals not read again: it was shared too widely
 * before (they held it then) and is now. Left in link_changed, such a
 * value (an agency's address, a forwarder's phone, shared by thousands)
 * made every holder an affected subject, each paired again for nothing.
 */
static const char uncapped_sql[] =
    "DELETE FROM link_changed c USING (SELECT v.via, v.key"
    " FROM vborder.link_value v"
    " JOIN (SELECT DISTINCT via, key FROM link_changed) x"
    "  ON x.via = v.via AND x.key = v.key"
    " WHERE NOT EXISTS (SELECT 1 FROM link_refresh r"
    "  WHERE r.id = v.arrival_id)"
    " GROUP BY v.via, v.key HAVING count(DISTINCT v.grp) > $1::int) g"
    " WHERE c.via = g.via AND c.key = g.key";

/*
 * Each affected subject o sharing a value with a subject k of another
 * group that has a reason: one link per o, k and via, with k's best reason
 * ($1: run). Ties go the same way every run, to k's newest record and the
 * first value: a traveller's API and PNR records may both hold the value (a
 * document, an address) with the same hits, and a link that named one of
 * them in one run and the other in the next (each spelling the name its
 * own way) changed the list for nothing.
 */
static const char links_sql[] =
    "INSERT INTO vborder.link_hit (person_id, shipment_id, via, value,"
    " linked_person_id, linked_shipment_id, agency, severity, score,"
    " watchlist_id, explanation, linked, run_id)"
    " SELECT DISTINCT ON (o.kind, o.id, k.subject, o.via)"
    "  CASE WHEN o.kind = 'p' THEN o.id END,"
    "  CASE WHEN o.kind = 's' THEN o.id END, o.via, o.shown,"
    "  CASE WHEN k.kind = 'p' THEN k.id END,"
    "  CASE WHEN k.kind = 's' THEN k.id END,"
    "  src.agency, src.severity, src.score, src.watchlist_id,"
    "  'shares ' || CASE o.via WHEN 'email' THEN 'e-mail'"
    "   WHEN 'card' THEN 'payment card' ELSE o.via END || ' ' || o.shown"
    "   || ' with ' || (k.linked->>'kind') || ' ' || (k.linked->>'name')"
    "   || ' on ' || (k.linked->>'transport_id') || ' '"
    "   || coalesce(k.linked->>'arrival_date', '') || ', ' || src.why,"
    "  k.linked, $1"
    " FROM vborder.link_value o"
    " JOIN link_affected x ON x.kind = o.kind AND x.id = o.id"
    " JOIN vborder.link_value k ON k.via = o.via AND k.key = o.key"
    "  AND k.grp <> o.grp"
    " JOIN link_source src ON src.kind = k.kind AND src.id = k.id"
    " WHERE (o.via <> 'phone' OR o.norm = k.norm"
    "  OR (length(o.norm) - length(k.norm) BETWEEN 1 AND 3"
    "   AND right(o.norm, length(k.norm)) = k.norm)"
    "  OR (length(k.norm) - length(o.norm) BETWEEN 1 AND 3"
    "   AND right(k.norm, length(o.norm)) = o.norm))"
    /* One traveller on two flights shares a document with himself. */
    " AND NOT (o.via = 'document' AND o.name = k.name)"
    " AND NOT EXISTS (SELECT 1 FROM link_capped c"
    "  WHERE c.via = o.via AND c.key = o.key)"
    " ORDER BY o.kind, o.id, k.subject, o.via, src.score DESC, src.agency,"
    " k.id DESC, o.shown";

/*
 * The values of the arrivals read again, fresh: what came and went into
 * link_changed (left empty when the whole window is read again: *whole),
 * and those arrivals marked whole again.
 */
static int
refresh_values(PGconn *db, const char *const *window, const char *cap,
    int *whole, struct links_stats *st, struct vb_error *err)
{
	PGresult *persons = NULL, *shipments = NULL, *all = NULL, *taken = NULL;
	int rc = -1;

	if (store_exec(db, window_sql, 3, window, &all, err) == -1 ||
	    store_exec(db, refresh_sql, 4, window, &taken, err) == -1)
		goto done;
	*whole = strcmp(PQcmdTuples(all), PQcmdTuples(taken)) == 0;
	if (store_exec(db, *whole ? "CREATE TEMPORARY TABLE link_changed"
	    " (via text, key text) ON COMMIT DROP" :
	    "CREATE TEMPORARY TABLE link_changed ON COMMIT DROP"
	    " AS SELECT DISTINCT via, key FROM vborder.link_value WHERE" GOING,
	    0, NULL, NULL, err) == -1 ||
	    store_exec(db, "DELETE FROM vborder.link_value WHERE" GOING, 0,
	    NULL, NULL, err) == -1 ||
	    store_exec(db, "DELETE FROM vborder.arrival_linked WHERE" GOING, 0,
	    NULL, NULL, err) == -1 ||
	    store_exec(db, persons_sql, 0, NULL, &persons, err) == -1 ||
	    store_exec(db, shipments_sql, 0, NULL, &shipments, err) == -1 ||
	    store_copy_begin(db, "COPY vborder.link_value (arrival_id, kind,"
	    " id, subject, grp, name, via, key, norm, shown, linked)"
	    " FROM STDIN", err) == -1)
		goto done;
	if (copy_persons(db, persons, st, err) == -1 ||
	    copy_shipments(db, shipments, st, err) == -1) {
		(void)store_copy_end(db, NULL);
		goto done;
	}
	if (store_copy_end(db, err) == -1 ||
	    (!*whole && (store_exec(db, "INSERT INTO link_changed SELECT"
	    " DISTINCT via, key FROM vborder.link_value WHERE arrival_id IN"
	    " (SELECT id FROM link_refresh)", 0, NULL, NULL, err) == -1 ||
	    store_exec(db, uncapped_sql, 1, &cap, NULL, err) == -1)) ||
	    store_exec(db, "INSERT INTO vborder.arrival_linked (arrival_id)"
	    " SELECT id FROM link_refresh", 0, NULL, NULL, err) == -1)
		goto done;
	rc = 0;
done:
	PQclear(all);
	PQclear(taken);
	PQclear(persons);
	PQclear(shipments);
	return rc;
}

/* The affected subjects' values shared too widely, the first named in st. */
static int
capped(PGconn *db, const char *cap, int whole, struct links_stats *st,
    struct vb_error *err)
{
	const char *cp[] = {cap};
	PGresult *res;

	if (store_exec(db, capped_sql[whole], 1, cp, NULL, err) == -1 ||
	    store_exec(db, "SELECT via, shown, groups FROM link_capped"
	    " ORDER BY groups DESC, via, shown", 0, NULL, &res, err) == -1)
		return -1;
	st->capped = (size_t)PQntuples(res);
	for (int i = 0; i < PQntuples(res) && i < LINKS_CAPPED_NAMED; i++) {
		struct links_capped *c = &st->named[i];

		(void)strlcpy(c->via, PQgetvalue(res, i, 0), sizeof(c->via));
		(void)strlcpy(c->value, PQgetvalue(res, i, 1), sizeof(c->value));
		c->groups = (size_t)strtoull(PQgetvalue(res, i, 2), NULL, 10);
	}
	PQclear(res);
	return 0;
}

int
links_screen(PGconn *db, const char *const *window, const char *run_id,
    size_t cap, struct links_stats *st, struct vb_error *err)
{
	char capbuf[24];
	const char *rp[] = {run_id};
	PGresult *res;
	int whole;

	memset(st, 0, sizeof(*st));
	(void)snprintf(capbuf, sizeof(capbuf), "%zu",
	    cap > 0 ? cap : (size_t)LINKS_CAP_DEFAULT);
	/*
	 * Grouped by sorting, never by hashing: a hashed DISTINCT of the
	 * window's million values that outgrows work_mem spills in batches,
	 * and PostgreSQL 15 clears a table sized by its estimate for each; an
	 * estimate gone wrong (a table emptied and filled again in this
	 * transaction, ANALYZE or not) kept a nightly screen --all at it for
	 * more than ten minutes, where a sort takes a second or two.
	 */
	if (store_exec(db, "SET LOCAL enable_hashagg = off", 0, NULL, NULL,
	    err) == -1)
		return -1;
	/*
	 * The links of the affected subjects go, and those of every subject
	 * of an arrival read again (one with no value left has none).
	 */
	if (refresh_values(db, window, capbuf, &whole, st, err) == -1)
		return -1;
	/*
	 * The whole window's values are this transaction's, which no
	 * statistics count yet: the joins below are planned for the table
	 * as it is, not as it was (empty before the first screen).
	 */
	if (whole && store_analyze_now(db, "link_value", err) == -1)
		return -1;
	if (store_exec(db, "ANALYZE link_changed", 0, NULL, NULL, err) == -1 ||
	    store_exec(db, affected_sql[whole], 0, NULL, &res, err) == -1)
		return -1;
	st->affected = (size_t)strtoull(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	if (store_exec(db, "ANALYZE link_affected", 0, NULL, NULL, err) == -1 ||
	    store_exec(db, "DELETE FROM vborder.link_hit h USING link_affected x"
	    " WHERE x.kind = 'p' AND h.person_id = x.id", 0, NULL, NULL,
	    err) == -1 ||
	    store_exec(db, "DELETE FROM vborder.link_hit h USING link_affected x"
	    " WHERE x.kind = 's' AND h.shipment_id = x.id", 0, NULL, NULL,
	    err) == -1 ||
	    store_exec(db, "DELETE FROM vborder.link_hit h USING vborder.person p"
	    " WHERE h.person_id = p.id AND p.arrival_id IN"
	    " (SELECT id FROM link_refresh)", 0, NULL, NULL, err) == -1 ||
	    store_exec(db, "DELETE FROM vborder.link_hit h USING"
	    " vborder.shipment_on s WHERE h.shipment_id = s.id"
	    " AND s.on_arrival IN (SELECT id FROM link_refresh)", 0, NULL, NULL,
	    err) == -1 ||
	    capped(db, capbuf, whole, st, err) == -1 ||
	    store_exec(db, near_sql[whole], 0, NULL, NULL, err) == -1 ||
	    store_exec(db, sources_sql, 0, NULL, NULL, err) == -1 ||
	    /*
	     * The pairing planned for what the tables it joins hold:
	     * without their counts, the last hour's pairing of bench-day's
	     * whole day (its addresses shared by hundreds) took 15 to 18 s
	     * where the whole window's takes 6; with them 10.
	     */
	    store_exec(db, "ANALYZE link_source, link_capped", 0, NULL, NULL,
	    err) == -1 ||
	    store_exec(db, links_sql, 1, rp, &res, err) == -1)
		return -1;
	st->links = (size_t)strtoull(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return store_exec(db, "SET LOCAL enable_hashagg = DEFAULT", 0, NULL,
	    NULL, err);
}
