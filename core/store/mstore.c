#include "mstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cstore.h"
#include "norm/norm.h"
#include "store.h"

/* What one manifest's storing needs at hand. */
struct ms {
	PGconn *db;
	const struct manifest *mf;
	const char *source;		/* "api" or "pnr" */
	char arrival_id[32];
	char manifest_id[32];
	char (*pnr_ids)[24];		/* per mf->pnrs */
	struct vb_error *err;
};

static const char *
nonempty(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

static const char *
role_name(enum person_role role)
{
	return role == ROLE_CREW ? "crew" : "passenger";
}

static const char *
action_name(enum manifest_action a)
{
	switch (a) {
	case MANIFEST_CHANGE:
		return "change";
	case MANIFEST_CANCEL:
		return "cancel";
	case MANIFEST_REPLACE:
		break;
	}
	return "replace";
}

/* The name as sent, "SURNAME GIVEN MIDDLE", into buf. */
static void
person_name(const struct person *p, char *buf, size_t bufsz)
{
	const char *parts[3] = {p->surname, p->given, p->middle};
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < 3; i++) {
		if (nonempty(parts[i]) == NULL)
			continue;
		int n = snprintf(buf + len, bufsz - len, "%s%s", len > 0 ? " " : "",
		    parts[i]);
		if (n < 0 || (size_t)n >= bufsz - len)
			break;	/* a name longer than the buffer keeps its head */
		len += (size_t)n;
	}
}

/* A JSON text (malloc'ed) of what a model array holds; NULL out of memory. */
static char *
dump(json_t *j)
{
	char *text = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;

	json_decref(j);
	return text;
}

static const char *const contact_kind_name[] = {
	[CONTACT_PHONE] = "phone", [CONTACT_EMAIL] = "email",
	[CONTACT_ADDRESS] = "address",
};

static json_t *
contacts_json(const struct contact *c, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s?, s:s?, s:s?}",
		    "kind", contact_kind_name[c[i].kind], "value", c[i].value,
		    "country", c[i].country, "source", c[i].source));
	return a;
}

/* A person's data-quality notes as a JSON array of strings. */
static json_t *
notes_json(const struct person *p)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < p->nnotes; i++)
		json_array_append_new(a, json_string(p->notes[i]));
	return a;
}

static char *
payments_text(const struct pnr *r)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < r->npayments; i++) {
		const struct payment *y = &r->payments[i];

		json_array_append_new(a, json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?,"
		    " s:s?}", "type", y->type, "card_type", y->card_type,
		    "card_number", y->card_number, "expiry", y->card_expiry,
		    "holder", y->holder, "amount", y->amount));
	}
	return dump(a);
}

static char *
itinerary_text(const struct pnr *r)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < r->nitinerary; i++) {
		const struct segment *g = &r->itinerary[i];

		json_array_append_new(a, json_pack("{s:s?, s:s?, s:s?, s:s?,"
		    " s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}",
		    "carrier", g->carrier, "flight", g->flight,
		    "operating_carrier", g->operating_carrier,
		    "operating_flight", g->operating_flight,
		    "departure_port", g->departure_port,
		    "arrival_port", g->arrival_port,
		    "departure_local", g->departure_local,
		    "arrival_local", g->arrival_local,
		    "booking_class", g->booking_class, "status", g->status));
	}
	return dump(a);
}

static const char *
manifest_mode(const struct manifest *mf)
{
	return mf->mode != NULL && strcmp(mf->mode, "sea") == 0 ? "sea" : "air";
}

static int
oom(struct ms *x)
{
	return vb_err(x->err, VB_ENOMEM, "out of memory storing a manifest");
}

/*
 * A PNRGOV's reported flight often gives its departure only; the PNRs'
 * itineraries may give the same flight's arrival. The first itinerary
 * segment of that flight (number, departure port and time) that has one.
 */
static char *
itinerary_arrival(const struct manifest *mf, const struct leg *arr)
{
	for (size_t i = 0; i < mf->npnrs; i++)
		for (size_t j = 0; j < mf->pnrs[i].nitinerary; j++) {
			const struct segment *g = &mf->pnrs[i].itinerary[j];

			if (nonempty(g->arrival_local) != NULL &&
			    g->flight != NULL && arr->transport_id != NULL &&
			    strcmp(g->flight, arr->transport_id) == 0 &&
			    g->departure_port != NULL && arr->departure_port != NULL &&
			    strcmp(g->departure_port, arr->departure_port) == 0 &&
			    g->departure_local != NULL && arr->departure_local != NULL &&
			    strcmp(g->departure_local, arr->departure_local) == 0)
				return g->arrival_local;
		}
	return NULL;
}

/*
 * A vessel call is the vessel, its arrival port and its day: carriers
 * reporting the same call name its departure differently (the place of
 * departure, the last port of call, their own bills' port of loading) or
 * not at all. So a report joins the call of its vessel, port and day
 * whatever departure it names; the departure stays as first named, and one
 * left empty ('') takes the first a later report names. 1 with the call's
 * id when there was one, 0 when there was none, -1 on a database error.
 */
static int
join_vessel_call(struct ms *x, const char *const params[7])
{
	PGresult *res;
	int found;

	if (store_exec_often(x->db, "UPDATE vborder.arrival a SET"
	    " carrier = coalesce($2, a.carrier),"
	    " departure_port = CASE WHEN a.departure_port = '' THEN $4"
	    "  ELSE a.departure_port END,"
	    /* A departure time is the time of the departure the call names. */
	    " scheduled_departure_local = CASE WHEN a.departure_port IN ('', $4)"
	    "  THEN coalesce($6::timestamp, a.scheduled_departure_local)"
	    "  ELSE a.scheduled_departure_local END,"
	    " scheduled_arrival_local = coalesce($7::timestamp,"
	    "  a.scheduled_arrival_local),"
	    " scheduled_arrival_utc = coalesce((SELECT $7::timestamp"
	    "  AT TIME ZONE p.tz FROM vborder.port p WHERE p.code = $5"
	    "  AND p.kind = $1), a.scheduled_arrival_utc)"
	    " WHERE a.id = (SELECT c.id FROM vborder.arrival c"
	    "  WHERE c.mode = $1 AND c.transport_id = $3 AND c.arrival_port = $5"
	    "  AND c.flight_date = coalesce($7::timestamp, $6::timestamp)::date"
	    /* Calls split before vessel calls were joined: the same departure first. */
	    "  ORDER BY c.departure_port = $4 DESC, c.departure_port = '', c.id"
	    "  LIMIT 1) RETURNING a.id", 7, params, &res, x->err) == -1)
		return -1;
	if ((found = PQntuples(res) > 0))
		strlcpy(x->arrival_id, PQgetvalue(res, 0, 0),
		    sizeof(x->arrival_id));
	PQclear(res);
	return found;
}

/*
 * The arrival, shared by every list and PNR of one flight or vessel call.
 * Its UTC time comes from the arrival port's time zone, when vborder.port
 * knows it.
 */
static int
store_arrival(struct ms *x, const struct leg *arr)
{
	char flight[64];
	const char *params[] = {
		manifest_mode(x->mf), nonempty(arr->carrier), flight,
		/* Only a vessel call may lack it (mstore_manifest): kept empty. */
		nonempty(arr->departure_port) != NULL ? arr->departure_port : "",
		arr->arrival_port,
		nonempty(arr->departure_local), nonempty(arr->arrival_local),
	};
	int sea = strcmp(params[0], "sea") == 0, rc;
	PGresult *res;

	/*
	 * The parsers spell EDIFACT flights so; JSON manifests come as typed.
	 * A vessel's id (IMO number, call sign) is no flight number.
	 */
	if (sea || norm_flight(arr->carrier, arr->transport_id, flight,
	    sizeof(flight)) == -1)
		strlcpy(flight, arr->transport_id, sizeof(flight));
	if (sea && (rc = join_vessel_call(x, params)) != 0)
		return rc == 1 ? 0 : -1;
	if (store_exec_often(x->db, "INSERT INTO vborder.arrival (mode, carrier,"
	    " transport_id, departure_port, arrival_port,"
	    " scheduled_departure_local, scheduled_arrival_local,"
	    " scheduled_arrival_utc, flight_date)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7,"
	    "  (SELECT $7::timestamp AT TIME ZONE p.tz FROM vborder.port p"
	    "   WHERE p.code = $5 AND p.kind = $1),"
	    /*
	     * The day keys the call: a flight's departure day (a PNR may give
	     * no arrival), a vessel's arrival day (its last port's departure
	     * is often left out).
	     */
	    "  CASE WHEN $1 = 'sea' THEN coalesce($7::timestamp, $6::timestamp)"
	    "  ELSE coalesce($6::timestamp, $7::timestamp) END::date)"
	    " ON CONFLICT (mode, transport_id, departure_port, arrival_port,"
	    " flight_date) DO UPDATE SET"
	    " carrier = coalesce(EXCLUDED.carrier, arrival.carrier),"
	    " scheduled_departure_local = coalesce("
	    "  EXCLUDED.scheduled_departure_local,"
	    "  arrival.scheduled_departure_local),"
	    " scheduled_arrival_local = coalesce("
	    "  EXCLUDED.scheduled_arrival_local,"
	    "  arrival.scheduled_arrival_local),"
	    " scheduled_arrival_utc = coalesce(EXCLUDED.scheduled_arrival_utc,"
	    "  arrival.scheduled_arrival_utc)"
	    " RETURNING id", 7, params, &res, x->err) == -1)
		return -1;
	strlcpy(x->arrival_id, PQgetvalue(res, 0, 0), sizeof(x->arrival_id));
	PQclear(res);
	return 0;
}

static int
store_legs(struct ms *x)
{
	for (size_t i = 0; i < x->mf->nlegs; i++) {
		const struct leg *l = &x->mf->legs[i];
		char seq[24];

		(void)snprintf(seq, sizeof(seq), "%zu", i + 1);
		const char *params[] = {
			x->manifest_id, seq, nonempty(l->carrier),
			nonempty(l->transport_id), nonempty(l->departure_port),
			nonempty(l->arrival_port), nonempty(l->departure_local),
			nonempty(l->arrival_local),
		};
		if (store_exec_often(x->db, "INSERT INTO vborder.manifest_leg"
		    " (manifest_id, seq, carrier, transport_id, departure_port,"
		    " arrival_port, departure_local, arrival_local)"
		    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", 8, params, NULL,
		    x->err) == -1)
			return -1;
	}
	return 0;
}

/*
 * A full API list replaces the earlier lists of its arrival and role:
 * whoever is not on it any more is no longer on the flight.
 */
static int
supersede_api_list(struct ms *x)
{
	const char *params[] = {x->arrival_id, role_name(x->mf->role),
	    x->manifest_id};

	return store_exec_often(x->db, "UPDATE vborder.person SET current = false"
	    " WHERE arrival_id = $1 AND role = $2 AND source = 'api'"
	    " AND current AND manifest_id <> $3", 3, params, NULL, x->err);
}

/*
 * n ids taken from seq at once, into ids (24 bytes each): rows get their
 * keys before they are sent, so that a whole message goes by COPY.
 */
static int
next_ids(struct ms *x, const char *seq, size_t n, char (*ids)[24])
{
	char count[24];
	const char *params[] = {seq, count};
	PGresult *res;

	if (n == 0)
		return 0;
	(void)snprintf(count, sizeof(count), "%zu", n);
	if (store_exec_often(x->db, "SELECT nextval($1::regclass)"
	    " FROM generate_series(1, $2::int)", 2, params, &res, x->err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++)
		strlcpy(ids[i], PQgetvalue(res, (int)i, 0), sizeof(ids[i]));
	PQclear(res);
	return 0;
}

/* A JSON array of strings, as jsonb takes it: NULL out of memory. */
static char *
text_array(const char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a, json_string(v[i])) == -1) {
			json_decref(a);
			return NULL;
		}
	return dump(a);
}

/* The locator of PNR i, or NULL (store_pnrs refuses it). */
static const char *
locator_of(const struct ms *x, size_t i)
{
	return nonempty(x->mf->pnrs[i].locator);
}

/*
 * A PNR's later push replaces its earlier version, people included: the
 * message's PNRs make the stored ones of their locators not current, then
 * go in by COPY (one sent twice in a message: its last is current).
 */
static int
store_pnrs(struct ms *x)
{
	const struct manifest *mf = x->mf;
	const char **locators = NULL;
	char *json = NULL;
	int rc = -1;

	if (mf->npnrs == 0)
		return 0;
	if ((locators = calloc(mf->npnrs, sizeof(*locators))) == NULL)
		return oom(x);
	for (size_t i = 0; i < mf->npnrs; i++)
		if ((locators[i] = locator_of(x, i)) == NULL) {
			vb_err_at(x->err, VB_EINVALID, mf->pnrs[i].offset, "SRC", 0,
			    "message %s: a PNR without its record locator (RCI)",
			    mf->message_ref ? mf->message_ref : "?");
			goto done;
		}
	if ((json = text_array(locators, mf->npnrs)) == NULL) {
		oom(x);
		goto done;
	}
	{
		const char *p[] = {x->arrival_id, json};

		if (store_exec_often(x->db, "UPDATE vborder.pnr SET current = false"
		    " WHERE arrival_id = $1 AND current AND locator IN"
		    " (SELECT jsonb_array_elements_text($2::jsonb))", 2, p, NULL,
		    x->err) == -1 ||
		    store_exec_often(x->db, "UPDATE vborder.person SET current = false"
		    " WHERE arrival_id = $1 AND source = 'pnr' AND current"
		    " AND booking_ref IN (SELECT jsonb_array_elements_text($2::jsonb))",
		    2, p, NULL, x->err) == -1)
			goto done;
	}
	if (next_ids(x, "vborder.pnr_id_seq", mf->npnrs, x->pnr_ids) == -1 ||
	    store_copy_begin(x->db, "COPY vborder.pnr (id, manifest_id,"
	    " arrival_id, locator, locator_carrier, created, ticketed, agency,"
	    " split_from, bags, contacts, payments, itinerary, current)"
	    " FROM STDIN", x->err) == -1)
		goto done;
	for (size_t i = 0; i < mf->npnrs; i++) {
		const struct pnr *r = &mf->pnrs[i];
		char *contacts = dump(contacts_json(r->contacts, r->ncontacts));
		char *payments = payments_text(r);
		char *itinerary = itinerary_text(r);
		int current = 1, bad;

		for (size_t j = i + 1; j < mf->npnrs; j++)
			if (strcmp(locators[j], locators[i]) == 0)
				current = 0;
		{
			const char *row[] = {
				x->pnr_ids[i], x->manifest_id, x->arrival_id,
				locators[i], nonempty(r->locator_carrier),
				nonempty(r->created), nonempty(r->ticketed),
				nonempty(r->agency), nonempty(r->split_from),
				nonempty(r->bags), contacts, payments, itinerary,
				current ? "t" : "f",
			};

			bad = contacts == NULL || payments == NULL ||
			    itinerary == NULL ? oom(x) :
			    store_copy_row(x->db, row, 14, x->err);
		}
		free(contacts);
		free(payments);
		free(itinerary);
		if (bad == -1) {
			(void)store_copy_end(x->db, NULL);
			goto done;
		}
	}
	rc = store_copy_end(x->db, x->err);
done:
	free(json);
	free(locators);
	return rc;
}

/* The normalised document numbers of p as a JSON array. */
static json_t *
doc_numbers(const struct person *p)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < p->ndocs; i++) {
		char number[64];

		if (nonempty(p->docs[i].number) != NULL &&
		    norm_document(p->docs[i].number, number, sizeof(number)) == 0)
			json_array_append_new(a, json_string(number));
	}
	return a;
}

/* One person of the message as it is stored. */
struct row {
	char raw[NORM_NAME_MAX], given[NORM_NAME_MAX];
	struct norm_name nn;
	char gender[2];
	const char *booking, *pnr_id;
	char id[24], traveller[24];
};

static void
row_of(const struct ms *x, const struct person *p, struct row *w)
{
	memset(w, 0, sizeof(*w));
	person_name(p, w->raw, sizeof(w->raw));
	if (norm_name(w->raw, &w->nn) == -1)
		w->nn.primary[0] = '\0';
	(void)snprintf(w->given, sizeof(w->given), "%s%s%s",
	    p->given ? p->given : "", p->given && p->middle ? " " : "",
	    p->middle ? p->middle : "");
	w->gender[0] = norm_gender(p->gender);
	w->booking = nonempty(p->booking_ref);
	if (p->pnr >= 0 && (size_t)p->pnr < x->mf->npnrs) {
		w->pnr_id = x->pnr_ids[p->pnr];
		if (w->booking == NULL)
			w->booking = nonempty(x->mf->pnrs[p->pnr].locator);
	}
}

/*
 * The traveller each person is: one already on the arrival, named by
 * another message or source, found by a document number, else by booking
 * reference and name, else by name and birth date; or a new one. People of
 * one message are never each other (two namesakes on one list are two).
 * One query for the whole message; the new travellers by COPY.
 */
static int
link_travellers(struct ms *x, struct row *w)
{
	const struct manifest *mf = x->mf;
	json_t *who = json_array();
	char *json = NULL, (*ids)[24] = NULL;
	PGresult *res = NULL;
	size_t fresh = 0, k = 0;
	int rc = -1;

	for (size_t i = 0; who != NULL && i < mf->npeople; i++) {
		const struct person *p = &mf->people[i];

		/* One missing would shift every traveller after it. */
		if (json_array_append_new(who, json_pack("{s:I, s:s, s:s, s:s?,"
		    " s:s?, s:o}", "seq", (json_int_t)i, "role", role_name(p->role),
		    "name", w[i].nn.primary, "birth", nonempty(p->birth_date),
		    "booking", w[i].booking, "docs", doc_numbers(p))) == -1) {
			json_decref(who);
			return oom(x);
		}
	}
	if ((json = dump(who)) == NULL)
		return oom(x);
	{
		const char *params[] = {x->arrival_id, x->manifest_id, json};

		/*
		 * Set-based, each side read once and joined by hash: an
		 * arrival's people are always newer than the planner's
		 * statistics, which then take them for one and would look
		 * each person up again for every person of the message.
		 */
		if (store_exec_often(x->db, "WITH x AS MATERIALIZED (SELECT * FROM"
		    " jsonb_to_recordset($3::jsonb) AS x(seq int, role text,"
		    " name text, birth date, booking text, docs text[])),"
		    " p AS MATERIALIZED (SELECT p.id, p.traveller_id, p.role,"
		    "  p.name_norm, p.birth_date, p.booking_ref"
		    "  FROM vborder.person p WHERE p.arrival_id = $1"
		    "  AND p.manifest_id <> $2),"
		    " pd AS MATERIALIZED (SELECT p.traveller_id, p.role,"
		    "  d.number_norm FROM p JOIN vborder.person_document d"
		    "  ON d.person_id = p.id),"
		    " xd AS MATERIALIZED (SELECT x.seq, x.role, doc"
		    "  FROM x, unnest(x.docs) doc),"
		    " c AS (SELECT xd.seq, pd.traveller_id AS t, 1 AS k FROM xd"
		    "  JOIN pd ON pd.number_norm = xd.doc AND pd.role = xd.role"
		    " UNION ALL SELECT x.seq, p.traveller_id, 2 FROM x JOIN p"
		    "  ON p.role = x.role AND p.booking_ref = x.booking"
		    "  AND p.name_norm = x.name"
		    " UNION ALL SELECT x.seq, p.traveller_id, 3 FROM x JOIN p"
		    "  ON p.role = x.role AND p.name_norm = x.name"
		    "  AND p.birth_date = x.birth)"
		    /* By document, else booking and name, else name and birth. */
		    " SELECT x.seq, b.t FROM x LEFT JOIN (SELECT DISTINCT ON (seq)"
		    "  seq, t FROM c ORDER BY seq, k, t DESC) b ON b.seq = x.seq"
		    " ORDER BY x.seq", 3, params, &res, x->err) == -1)
			goto done;
	}
	for (size_t i = 0; i < mf->npeople; i++)
		if (PQgetisnull(res, (int)i, 1))
			fresh++;
		else
			strlcpy(w[i].traveller, PQgetvalue(res, (int)i, 1),
			    sizeof(w[i].traveller));
	if (fresh > 0 && (ids = calloc(fresh, sizeof(*ids))) == NULL) {
		oom(x);
		goto done;
	}
	if (next_ids(x, "vborder.traveller_id_seq", fresh, ids) == -1 ||
	    (fresh > 0 && store_copy_begin(x->db, "COPY vborder.traveller (id,"
	    " arrival_id, role) FROM STDIN", x->err) == -1))
		goto done;
	for (size_t i = 0; i < mf->npeople && fresh > 0; i++) {
		const char *row[3];

		if (w[i].traveller[0] != '\0')
			continue;
		strlcpy(w[i].traveller, ids[k++], sizeof(w[i].traveller));
		row[0] = w[i].traveller;
		row[1] = x->arrival_id;
		row[2] = role_name(mf->people[i].role);
		if (store_copy_row(x->db, row, 3, x->err) == -1) {
			(void)store_copy_end(x->db, NULL);
			goto done;
		}
	}
	rc = fresh > 0 ? store_copy_end(x->db, x->err) : 0;
done:
	PQclear(res);
	free(json);
	free(ids);
	return rc;
}

/* A change or cancellation list replaces the API records of its people. */
static int
supersede_travellers(struct ms *x, const struct row *w)
{
	const char **t = calloc(x->mf->npeople, sizeof(*t));
	char *json;
	int rc;

	if (t == NULL)
		return oom(x);
	for (size_t i = 0; i < x->mf->npeople; i++)
		t[i] = w[i].traveller;
	json = text_array(t, x->mf->npeople);
	free(t);
	if (json == NULL)
		return oom(x);
	{
		const char *params[] = {json, x->manifest_id};

		rc = store_exec_often(x->db, "UPDATE vborder.person SET current = false"
		    " WHERE traveller_id IN (SELECT t::bigint FROM"
		    " jsonb_array_elements_text($1::jsonb) t) AND source = 'api'"
		    " AND current AND manifest_id <> $2", 2, params, NULL, x->err);
	}
	free(json);
	return rc;
}

/* v as a JSON string, or null for NULL. */
static json_t *
jstr(const char *v)
{
	return v != NULL ? json_string(v) : json_null();
}

/*
 * The people's rows, then their documents, each as one statement over a
 * JSON array. Not COPY: these two tables have row-level security (an
 * officer reads only records with a reason, sql/roles.sql), which COPY
 * FROM does not support.
 */
static int
insert_people(struct ms *x, const struct row *w)
{
	const struct manifest *mf = x->mf;
	const char *current = mf->action == MANIFEST_CANCEL ? "f" : "t";
	json_t *people = json_array(), *docs = json_array();
	char *ptext = NULL, *dtext = NULL;
	int rc = -1;

	for (size_t i = 0; people != NULL && docs != NULL && i < mf->npeople;
	    i++) {
		const struct person *p = &mf->people[i];
		json_t *o = json_object();

		/* people owns o from here, whatever fails later. */
		if (o == NULL || json_array_append_new(people, o) == -1)
			goto oom;
		/* "0", "XX", "GERMAN": stored empty, named in the ack (mstore_check). */
		if (json_object_set_new(o, "id", json_string(w[i].id)) ||
		    json_object_set_new(o, "manifest_id", json_string(x->manifest_id)) ||
		    json_object_set_new(o, "arrival_id", json_string(x->arrival_id)) ||
		    json_object_set_new(o, "role", json_string(role_name(p->role))) ||
		    json_object_set_new(o, "surname", jstr(nonempty(p->surname))) ||
		    json_object_set_new(o, "given_names", jstr(nonempty(w[i].given))) ||
		    json_object_set_new(o, "name_raw", json_string(w[i].raw)) ||
		    json_object_set_new(o, "name_norm", json_string(w[i].nn.primary)) ||
		    json_object_set_new(o, "birth_date", jstr(nonempty(p->birth_date))) ||
		    json_object_set_new(o, "gender", jstr(nonempty(w[i].gender))) ||
		    json_object_set_new(o, "nationality", jstr(norm_country(p->nationality))) ||
		    json_object_set_new(o, "residence", jstr(norm_country(p->residence))) ||
		    json_object_set_new(o, "embark", jstr(nonempty(p->embark))) ||
		    json_object_set_new(o, "debark", jstr(nonempty(p->debark))) ||
		    json_object_set_new(o, "transit", jstr(nonempty(p->transit))) ||
		    json_object_set_new(o, "booking_ref", jstr(w[i].booking)) ||
		    json_object_set_new(o, "traveller_id", json_string(w[i].traveller)) ||
		    json_object_set_new(o, "current", json_string(current)) ||
		    json_object_set_new(o, "source", json_string(x->source)) ||
		    json_object_set_new(o, "pnr_id", jstr(w[i].pnr_id)) ||
		    json_object_set_new(o, "pnr_ref", jstr(nonempty(p->pnr_ref))) ||
		    json_object_set_new(o, "infant", json_string(p->infant ? "t" : "f")) ||
		    json_object_set_new(o, "seat", jstr(nonempty(p->seat))) ||
		    json_object_set_new(o, "bags", jstr(nonempty(p->bags))) ||
		    json_object_set_new(o, "ticket", jstr(nonempty(p->ticket))) ||
		    json_object_set_new(o, "fare", jstr(nonempty(p->fare))) ||
		    json_object_set_new(o, "frequent_flyer", jstr(nonempty(p->frequent_flyer))) ||
		    json_object_set_new(o, "contacts", contacts_json(p->contacts,
		    p->ncontacts)) ||
		    json_object_set_new(o, "quality", notes_json(p)))
			goto oom;
		for (size_t k = 0; k < p->ndocs; k++) {
			const struct document *d = &p->docs[k];
			char number[64];

			if (nonempty(d->number) == NULL ||
			    norm_document(d->number, number, sizeof(number)) == -1)
				continue;
			/* A country that is no ISO 3166 code is none. */
			if (json_array_append_new(docs, json_pack("{s:s, s:I, s:o,"
			    " s:s, s:s, s:o, s:o}", "person_id", w[i].id, "seq",
			    (json_int_t)(k + 1), "type", jstr(nonempty(d->type)),
			    "number", d->number, "number_norm", number, "country",
			    jstr(norm_country(d->country)), "expiry",
			    jstr(nonempty(d->expiry)))) == -1)
				goto oom;
		}
	}
	ptext = dump(people);
	dtext = dump(docs);
	people = docs = NULL;
	if (ptext == NULL || dtext == NULL)
		goto oom;
	{
		const char *pp[] = {ptext}, *dp[] = {dtext};

		rc = store_exec_often(x->db, "INSERT INTO vborder.person (id, manifest_id,"
		    " arrival_id, role, surname, given_names, name_raw, name_norm,"
		    " birth_date, gender, nationality, residence, embark, debark,"
		    " transit, booking_ref, traveller_id, current, source, pnr_id,"
		    " pnr_ref, infant, seat, bags, ticket, fare, frequent_flyer,"
		    " contacts, quality) SELECT id, manifest_id, arrival_id, role,"
		    " surname, given_names, name_raw, name_norm, birth_date, gender,"
		    " nationality, residence, embark, debark, transit, booking_ref,"
		    " traveller_id, current, source, pnr_id, pnr_ref, infant, seat,"
		    " bags, ticket, fare, frequent_flyer, contacts, quality"
		    " FROM jsonb_populate_recordset(NULL::vborder.person, $1::jsonb)",
		    1, pp, NULL, x->err) == -1 ||
		    store_exec_often(x->db, "INSERT INTO vborder.person_document"
		    " (person_id, seq, type, number, number_norm, country, expiry)"
		    " SELECT person_id, seq, type, number, number_norm, country,"
		    " expiry FROM jsonb_populate_recordset("
		    " NULL::vborder.person_document, $1::jsonb)", 1, dp, NULL,
		    x->err) == -1 ? -1 : 0;
	}
	goto done;
oom:
	rc = oom(x);
done:
	json_decref(people);
	json_decref(docs);
	free(ptext);
	free(dtext);
	return rc;
}

/*
 * The message's people: each linked to the traveller it is, the API
 * records a change or cancellation replaces made not current, then every
 * row at once. A round trip per step, not per person.
 */
static int
store_people(struct ms *x)
{
	const struct manifest *mf = x->mf;
	struct row *w;
	char (*ids)[24] = NULL;
	int rc = -1;

	if (mf->npeople == 0)
		return 0;
	if ((w = calloc(mf->npeople, sizeof(*w))) == NULL ||
	    (ids = calloc(mf->npeople, sizeof(*ids))) == NULL) {
		free(w);
		return oom(x);
	}
	for (size_t i = 0; i < mf->npeople; i++)
		row_of(x, &mf->people[i], &w[i]);
	if (link_travellers(x, w) == -1 ||
	    (strcmp(x->source, "api") == 0 && mf->action != MANIFEST_REPLACE &&
	    supersede_travellers(x, w) == -1) ||
	    next_ids(x, "vborder.person_id_seq", mf->npeople, ids) == -1)
		goto done;
	for (size_t i = 0; i < mf->npeople; i++)
		strlcpy(w[i].id, ids[i], sizeof(w[i].id));
	rc = insert_people(x, w);
done:
	free(ids);
	free(w);
	return rc;
}

/* "", "   ", "<<<": not sent, so nothing to say. */
static int
blank_code(const char *v)
{
	return v == NULL || v[strspn(v, " <")] == '\0';
}

/* A warning for the carrier and, on a person p, a note on its record. */
static int
check_country(struct model *m, struct person *p, long offset, const char *ref,
    const char *who, const char *field, const char *v, struct vb_error *err)
{
	char text[256];

	if (blank_code(v) || norm_country(v) != NULL)
		return 0;
	(void)snprintf(text, sizeof(text), "%s %s is not an ISO 3166 country"
	    " code: stored empty", field, v);	/* cut: still says what */
	if (model_warn(m, offset, "message %s: %s: %s", ref, who, text) == -1 ||
	    (p != NULL && model_add_note(m, p, text) == -1))
		return vb_err(err, VB_ENOMEM, "out of memory");
	return 0;
}

static int
check_person(struct model *m, const char *ref, struct person *p,
    struct vb_error *err)
{
	char name[NORM_NAME_MAX], who[NORM_NAME_MAX + 16], field[96];

	person_name(p, name, sizeof(name));
	(void)snprintf(who, sizeof(who), "%s %s", role_name(p->role),
	    name[0] != '\0' ? name : "(no name)");	/* cut: still names them */
	if (check_country(m, p, p->offset, ref, who, "nationality",
	    p->nationality, err) == -1 || check_country(m, p, p->offset, ref,
	    who, "country of residence", p->residence, err) == -1)
		return -1;
	for (size_t i = 0; i < p->ndocs; i++) {
		(void)snprintf(field, sizeof(field), "issuing country of"
		    " document %s", p->docs[i].number != NULL ?
		    p->docs[i].number : "(no number)");
		if (check_country(m, p, p->offset, ref, who, field,
		    p->docs[i].country, err) == -1)
			return -1;
	}
	return 0;
}

static int
check_shipment(struct model *m, const char *ref, const struct shipment *sh,
    struct vb_error *err)
{
	const struct party *party[] = {&sh->shipper, &sh->consignee,
	    &sh->notify};
	static const char *const field[] = {"shipper country",
	    "consignee country", "notify party country"};
	char who[96];

	(void)snprintf(who, sizeof(who), "%s %s", sh->kind != NULL &&
	    strstr(sh->kind, "waybill") != NULL ? "waybill" : "bill",
	    sh->number != NULL ? sh->number : "(no number)");
	for (size_t i = 0; i < 3; i++)
		if (check_country(m, NULL, sh->offset, ref, who, field[i],
		    party[i]->country, err) == -1)
			return -1;
	return 0;
}

int
mstore_check(struct model *m, struct vb_error *err)
{
	for (size_t i = 0; i < m->nmanifests; i++) {
		struct manifest *mf = &m->manifests[i];
		const char *ref = mf->message_ref != NULL ? mf->message_ref : "?";

		for (size_t j = 0; j < mf->npeople; j++)
			if (check_person(m, ref, &mf->people[j], err) == -1)
				return -1;
		for (size_t j = 0; j < mf->nshipments; j++)
			if (check_shipment(m, ref, &mf->shipments[j], err) == -1)
				return -1;
	}
	return 0;
}

int
mstore_manifest(PGconn *db, const char *file_id, const struct manifest *mf,
    struct vb_error *err)
{
	const struct leg *arr = manifest_arrival_leg(mf);
	struct ms x = {db, mf, "api", "", "", NULL, err};
	PGresult *res = NULL;
	int rc = -1;

	/* A waybill message names no conveyance: its shipments attach later. */
	if (arr == NULL && mf->nshipments > 0 && mf->npeople == 0)
		goto stored_arrival;
	/* A vessel call is named without its departure (join_vessel_call). */
	if (arr == NULL || nonempty(arr->transport_id) == NULL ||
	    (nonempty(arr->departure_port) == NULL &&
	    strcmp(manifest_mode(mf), "sea") != 0) ||
	    nonempty(arr->arrival_port) == NULL ||
	    (nonempty(arr->arrival_local) == NULL &&
	    nonempty(arr->departure_local) == NULL))
		return vb_err_at(err, VB_EINVALID, mf->offset, "UNH", 0,
		    "message %s: the arriving flight lacks its number, ports or "
		    "scheduled times (PAXLST TDT, LOC 125/87, DTM 189/232;"
		    " PNRGOV TVL)", mf->message_ref ? mf->message_ref : "?");
	if (strcmp(mf->format, "pnrgov") == 0)
		x.source = "pnr";
	if (mf->npnrs > 0 &&
	    (x.pnr_ids = calloc(mf->npnrs, sizeof(*x.pnr_ids))) == NULL)
		return oom(&x);
	{
		struct leg known = *arr;

		if (nonempty(arr->arrival_local) == NULL)
			known.arrival_local = itinerary_arrival(mf, arr);
		if (store_arrival(&x, &known) == -1)
			goto done;
	}
stored_arrival:
	{
		const char *params[] = {
			file_id, nonempty(x.arrival_id), mf->format,
			nonempty(mf->version), nonempty(mf->message_ref),
			nonempty(mf->sender), nonempty(mf->document_code),
			role_name(mf->role), action_name(mf->action),
			nonempty(mf->push), manifest_mode(mf), nonempty(mf->vessel),
		};

		if (store_exec_often(db, "INSERT INTO vborder.manifest (file_id,"
		    " arrival_id, format, version, message_ref, sender,"
		    " document_code, role, action, push, mode, vessel)"
		    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
		    " RETURNING id", 12, params, &res, err) == -1)
			goto done;
		strlcpy(x.manifest_id, PQgetvalue(res, 0, 0), sizeof(x.manifest_id));
	}
	if (mf->nshipments > 0 && cstore_shipments(db, x.manifest_id,
	    nonempty(x.arrival_id), mf, err) == -1)
		goto done;
	if (store_legs(&x) == -1)
		goto done;
	/* People need an arrival; a waybill message has shipments only. */
	if (x.arrival_id[0] == '\0') {
		rc = 0;
		goto done;
	}
	if (strcmp(x.source, "api") == 0 && mf->npeople > 0 &&
	    mf->action == MANIFEST_REPLACE && supersede_api_list(&x) == -1)
		goto done;
	if (store_pnrs(&x) == -1 || store_people(&x) == -1)
		goto done;
	rc = 0;
done:
	PQclear(res);
	free(x.pnr_ids);
	return rc;
}
