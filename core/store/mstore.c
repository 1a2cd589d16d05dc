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
	char (*pnr_ids)[32];		/* per mf->pnrs */
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

static char *
contacts_text(const struct contact *c, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s?, s:s?, s:s?}",
		    "kind", contact_kind_name[c[i].kind], "value", c[i].value,
		    "country", c[i].country, "source", c[i].source));
	return dump(a);
}

/* A person's data-quality notes as a JSON array of strings. */
static char *
notes_text(const struct person *p)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < p->nnotes; i++)
		json_array_append_new(a, json_string(p->notes[i]));
	return dump(a);
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

	if (store_exec(x->db, "UPDATE vborder.arrival a SET"
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
	if (store_exec(x->db, "INSERT INTO vborder.arrival (mode, carrier,"
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
		if (store_exec(x->db, "INSERT INTO vborder.manifest_leg"
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

	return store_exec(x->db, "UPDATE vborder.person SET current = false"
	    " WHERE arrival_id = $1 AND role = $2 AND source = 'api'"
	    " AND current AND manifest_id <> $3", 3, params, NULL, x->err);
}

/* A PNR's later push replaces its earlier version, people included. */
static int
store_pnr(struct ms *x, size_t i)
{
	const struct pnr *r = &x->mf->pnrs[i];
	const char *locator = nonempty(r->locator);
	char *contacts = contacts_text(r->contacts, r->ncontacts);
	char *payments = payments_text(r);
	char *itinerary = itinerary_text(r);
	PGresult *res = NULL;
	int rc = -1;

	if (contacts == NULL || payments == NULL || itinerary == NULL) {
		oom(x);
		goto done;
	}
	if (locator == NULL) {
		vb_err_at(x->err, VB_EINVALID, r->offset, "SRC", 0,
		    "message %s: a PNR without its record locator (RCI)",
		    x->mf->message_ref ? x->mf->message_ref : "?");
		goto done;
	}
	{
		const char *p[] = {x->arrival_id, locator};

		if (store_exec(x->db, "UPDATE vborder.pnr SET current = false"
		    " WHERE arrival_id = $1 AND locator = $2 AND current",
		    2, p, NULL, x->err) == -1 ||
		    store_exec(x->db, "UPDATE vborder.person SET current = false"
		    " WHERE arrival_id = $1 AND source = 'pnr' AND booking_ref = $2"
		    " AND current", 2, p, NULL, x->err) == -1)
			goto done;
	}
	{
		const char *p[] = {
			x->manifest_id, x->arrival_id, locator,
			nonempty(r->locator_carrier), nonempty(r->created),
			nonempty(r->ticketed), nonempty(r->agency),
			nonempty(r->split_from), nonempty(r->bags), contacts,
			payments, itinerary,
		};

		if (store_exec(x->db, "INSERT INTO vborder.pnr (manifest_id,"
		    " arrival_id, locator, locator_carrier, created, ticketed,"
		    " agency, split_from, bags, contacts, payments, itinerary)"
		    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
		    " RETURNING id", 12, p, &res, x->err) == -1)
			goto done;
	}
	strlcpy(x->pnr_ids[i], PQgetvalue(res, 0, 0), sizeof(x->pnr_ids[i]));
	rc = 0;
done:
	PQclear(res);
	free(contacts);
	free(payments);
	free(itinerary);
	return rc;
}

/* The normalised document numbers of p as a PostgreSQL array literal. */
static void
doc_numbers(const struct person *p, char *buf, size_t bufsz)
{
	size_t len = strlcpy(buf, "{", bufsz);

	for (size_t i = 0; i < p->ndocs && len < bufsz; i++) {
		char number[64];

		/* Normalised numbers are letters and digits: nothing to quote. */
		if (nonempty(p->docs[i].number) == NULL ||
		    norm_document(p->docs[i].number, number, sizeof(number)) == -1)
			continue;
		if (len + strlen(number) + 3 >= bufsz)
			break;
		len += (size_t)snprintf(buf + len, bufsz - len, "%s%s",
		    len > 1 ? "," : "", number);
	}
	strlcat(buf, "}", bufsz);
}

/*
 * The traveller this person is: one already on the arrival, named by
 * another message or source, found by a document number, else by booking
 * reference and name, else by name and birth date; or a new one. People of
 * one message are never each other (two namesakes on one list are two).
 */
static int
link_traveller(struct ms *x, const struct person *p, const char *name_norm,
    const char *booking, char *out, size_t outsz)
{
	char docs[1024];
	const char *params[] = {
		x->arrival_id, role_name(p->role), name_norm,
		nonempty(p->birth_date), booking, docs, x->manifest_id,
	};
	PGresult *res;

	doc_numbers(p, docs, sizeof(docs));
	if (store_exec(x->db, "SELECT t FROM ("
	    " SELECT p.traveller_id AS t, 1 AS k FROM vborder.person p"
	    "  JOIN vborder.person_document d ON d.person_id = p.id"
	    "  WHERE p.arrival_id = $1 AND p.role = $2 AND p.manifest_id <> $7"
	    "  AND d.number_norm = ANY ($6::text[])"
	    " UNION ALL"
	    " SELECT p.traveller_id, 2 FROM vborder.person p"
	    "  WHERE p.arrival_id = $1 AND p.role = $2 AND p.manifest_id <> $7"
	    "  AND $5::text IS NOT NULL AND p.booking_ref = $5"
	    "  AND p.name_norm = $3"
	    " UNION ALL"
	    " SELECT p.traveller_id, 3 FROM vborder.person p"
	    "  WHERE p.arrival_id = $1 AND p.role = $2 AND p.manifest_id <> $7"
	    "  AND p.name_norm = $3 AND p.birth_date = $4::date"
	    ") c ORDER BY k, t DESC LIMIT 1", 7, params, &res, x->err) == -1)
		return -1;
	if (PQntuples(res) == 0) {
		PQclear(res);
		if (store_exec(x->db, "INSERT INTO vborder.traveller (arrival_id,"
		    " role) VALUES ($1, $2) RETURNING id", 2, params, &res,
		    x->err) == -1)
			return -1;
	}
	strlcpy(out, PQgetvalue(res, 0, 0), outsz);
	PQclear(res);
	return 0;
}

/* A change or cancellation list replaces the API records of its people. */
static int
supersede_traveller(struct ms *x, const char *traveller)
{
	const char *params[] = {traveller, x->manifest_id};

	return store_exec(x->db, "UPDATE vborder.person SET current = false"
	    " WHERE traveller_id = $1 AND source = 'api' AND current"
	    " AND manifest_id <> $2", 2, params, NULL, x->err);
}

static int
store_documents(struct ms *x, const char *person_id, const struct person *p)
{
	for (size_t i = 0; i < p->ndocs; i++) {
		const struct document *d = &p->docs[i];
		char seq[24], number[64];
		/* A country that is no ISO 3166 code is none (mstore_check). */
		const char *country = norm_country(d->country);

		if (nonempty(d->number) == NULL ||
		    norm_document(d->number, number, sizeof(number)) == -1)
			continue;
		(void)snprintf(seq, sizeof(seq), "%zu", i + 1);
		const char *params[] = {
			person_id, seq, nonempty(d->type), d->number, number,
			country, nonempty(d->expiry),
		};
		if (store_exec(x->db, "INSERT INTO vborder.person_document"
		    " (person_id, seq, type, number, number_norm, country, expiry)"
		    " VALUES ($1, $2, $3, $4, $5, $6, $7)", 7, params, NULL,
		    x->err) == -1)
			return -1;
	}
	return 0;
}

static int
store_person(struct ms *x, const struct person *p)
{
	char raw[NORM_NAME_MAX], given[NORM_NAME_MAX], traveller[32];
	const char *nat, *gender = NULL, *pnr_id = NULL, *booking;
	int api = strcmp(x->source, "api") == 0;
	struct norm_name nn;
	PGresult *res = NULL;
	char g[2] = {0, 0};
	char *contacts, *notes = NULL;
	int rc = -1;

	person_name(p, raw, sizeof(raw));
	if (norm_name(raw, &nn) == -1)
		nn.primary[0] = '\0';
	(void)snprintf(given, sizeof(given), "%s%s%s", p->given ? p->given : "",
	    p->given && p->middle ? " " : "", p->middle ? p->middle : "");
	if ((g[0] = norm_gender(p->gender)) != 0)
		gender = g;
	/* "0", "XX", "GERMAN": stored empty, named in the ack (mstore_check). */
	nat = norm_country(p->nationality);
	booking = nonempty(p->booking_ref);
	if (p->pnr >= 0 && (size_t)p->pnr < x->mf->npnrs) {
		pnr_id = x->pnr_ids[p->pnr];
		if (booking == NULL)
			booking = nonempty(x->mf->pnrs[p->pnr].locator);
	}
	if (link_traveller(x, p, nn.primary, booking, traveller,
	    sizeof(traveller)) == -1)
		return -1;
	if (api && x->mf->action != MANIFEST_REPLACE &&
	    supersede_traveller(x, traveller) == -1)
		return -1;
	if ((contacts = contacts_text(p->contacts, p->ncontacts)) == NULL ||
	    (notes = notes_text(p)) == NULL) {
		free(contacts);
		return oom(x);
	}
	{
		const char *params[] = {
			x->manifest_id, x->arrival_id, role_name(p->role),
			nonempty(p->surname), nonempty(given), raw, nn.primary,
			nonempty(p->birth_date), gender, nat,
			norm_country(p->residence),
			nonempty(p->embark), nonempty(p->debark),
			nonempty(p->transit), booking, traveller,
			x->mf->action == MANIFEST_CANCEL ? "false" : "true",
			x->source, pnr_id, nonempty(p->pnr_ref),
			p->infant ? "true" : "false", nonempty(p->seat),
			nonempty(p->bags), nonempty(p->ticket), nonempty(p->fare),
			nonempty(p->frequent_flyer), contacts, notes,
		};

		if (store_exec(x->db, "INSERT INTO vborder.person (manifest_id,"
		    " arrival_id, role, surname, given_names, name_raw, name_norm,"
		    " birth_date, gender, nationality, residence, embark, debark,"
		    " transit, booking_ref, traveller_id, current, source, pnr_id,"
		    " pnr_ref, infant, seat, bags, ticket, fare, frequent_flyer,"
		    " contacts, quality) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
		    " $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,"
		    " $22, $23, $24, $25, $26, $27, $28) RETURNING id", 28, params, &res,
		    x->err) == -1)
			goto done;
	}
	rc = store_documents(x, PQgetvalue(res, 0, 0), p);
done:
	PQclear(res);
	free(contacts);
	free(notes);
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

		if (store_exec(db, "INSERT INTO vborder.manifest (file_id,"
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
	for (size_t i = 0; i < mf->npnrs; i++)
		if (store_pnr(&x, i) == -1)
			goto done;
	for (size_t i = 0; i < mf->npeople; i++)
		if (store_person(&x, &mf->people[i]) == -1)
			goto done;
	rc = 0;
done:
	PQclear(res);
	free(x.pnr_ids);
	return rc;
}
