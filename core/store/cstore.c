#include "cstore.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "norm/cargo_check.h"
#include "norm/norm.h"
#include "store.h"

static const char *
nonempty(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

static int
issue(json_t *a, const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
issue(json_t *a, const char *rule, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);	/* a cut finding still helps */
	va_end(ap);
	return json_array_append_new(a, json_pack("{s:s, s:s}", "rule_id", rule,
	    "explanation", buf));
}

/* A UN/LOCODE: an ISO 3166 country and three letters or digits 2-9. */
static int
locode_valid(const char *s)
{
	char cc[3];

	if (strlen(s) != 5)
		return 0;
	memcpy(cc, s, 2);
	cc[2] = '\0';
	if (norm_country(cc) == NULL)
		return 0;
	for (int i = 2; i < 5; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '2' && s[i] <= '9')))
			return 0;
	return 1;
}

static void
check_port(json_t *a, const char *what, const char *code, const char *mode)
{
	if (nonempty(code) == NULL)
		return;
	/* Air ports are IATA codes, checked against the airports table later. */
	if (strcmp(mode, "sea") == 0 && !locode_valid(code))
		issue(a, "DQ-PORT-CODE", "%s %s is not a UN/LOCODE", what, code);
}

static void
check_party(json_t *a, const char *role, const struct party *p)
{
	if (nonempty(p->country) != NULL && norm_country(p->country) == NULL)
		issue(a, "DQ-COUNTRY", "%s country %s is not an ISO 3166 code:"
		    " stored empty", role, p->country);
}

json_t *
cstore_issues(const struct shipment *sh, const char *mode)
{
	json_t *a = json_array();

	if (a == NULL)
		return NULL;
	if (strcmp(sh->kind, "air_waybill") == 0 && nonempty(sh->number) != NULL &&
	    !cargo_awb_valid(sh->number))
		issue(a, "DQ-AWB-CHECK-DIGIT", "air waybill %s: the check digit is"
		    " not the serial number modulo 7", sh->number);
	for (size_t i = 0; i < sh->nequipment; i++) {
		const struct equipment *q = &sh->equipment[i];

		if (nonempty(q->id) == NULL || q->kind == NULL)
			continue;
		if (strcmp(q->kind, "container") == 0 && !cargo_container_valid(q->id))
			issue(a, "DQ-CONTAINER-CHECK-DIGIT", "container %s: not an"
			    " ISO 6346 number with its check digit", q->id);
		else if (strcmp(q->kind, "uld") == 0 && !cargo_uld_valid(q->id))
			issue(a, "DQ-ULD-ID", "ULD %s: not an IATA unit load device"
			    " identifier", q->id);
	}
	for (size_t i = 0; i < sh->ngoods; i++)
		if (nonempty(sh->goods[i].hs_code) != NULL &&
		    !cargo_hs_valid(sh->goods[i].hs_code))
			issue(a, "DQ-HS-CODE", "HS code %s is not a harmonised"
			    " system code", sh->goods[i].hs_code);
	check_port(a, "origin", sh->origin, mode);
	check_port(a, "destination", sh->destination, mode);
	check_port(a, "port of loading", sh->loading, mode);
	check_port(a, "port of discharge", sh->discharge, mode);
	check_party(a, "shipper", &sh->shipper);
	check_party(a, "consignee", &sh->consignee);
	check_party(a, "notify party", &sh->notify);
	return a;
}

/*
 * A country is kept as sent (alpha-2 usually) when it is an ISO 3166 code,
 * else left out: check_party's finding says what was sent.
 */
static json_t *
party_json(const struct party *p)
{
	if (nonempty(p->name) == NULL && nonempty(p->address) == NULL)
		return json_null();
	return json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}",
	    "name", nonempty(p->name), "address", nonempty(p->address),
	    "city", nonempty(p->city), "postcode", nonempty(p->postcode),
	    "country", norm_country(p->country) != NULL ? p->country : NULL,
	    "contact", nonempty(p->contact));
}

static json_t *
goods_json(const struct shipment *sh)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < sh->ngoods; i++) {
		const struct goods *g = &sh->goods[i];

		json_array_append_new(a, json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?}",
		    "description", nonempty(g->description),
		    "hs_code", nonempty(g->hs_code), "pieces", nonempty(g->pieces),
		    "weight", nonempty(g->weight), "volume", nonempty(g->volume)));
	}
	return a;
}

static json_t *
equipment_json(const struct shipment *sh)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < sh->nequipment; i++) {
		const struct equipment *q = &sh->equipment[i];

		json_array_append_new(a, json_pack("{s:s?, s:s?, s:s?}",
		    "id", nonempty(q->id), "kind", nonempty(q->kind),
		    "seals", nonempty(q->seals)));
	}
	return a;
}

/* v as a JSON string, or null for NULL. */
static json_t *
jstr(const char *v)
{
	return v != NULL ? json_string(v) : json_null();
}

/*
 * One shipment as the row it becomes (its columns by name), NULL out of
 * memory; number and master are its normalised numbers.
 */
static json_t *
shipment_row(const char *manifest_id, const char *arrival_id,
    const char *source, const char *mode, const struct shipment *sh,
    const char *number, const char *master, int current)
{
	json_t *o = json_object();

	if (o == NULL ||
	    json_object_set_new(o, "manifest_id", json_string(manifest_id)) ||
	    json_object_set_new(o, "arrival_id", jstr(arrival_id)) ||
	    json_object_set_new(o, "source", json_string(source)) ||
	    json_object_set_new(o, "kind", jstr(sh->kind)) ||
	    json_object_set_new(o, "number", json_string(sh->number)) ||
	    json_object_set_new(o, "number_norm", json_string(number)) ||
	    json_object_set_new(o, "master_norm", jstr(master[0] != '\0' ?
	    master : NULL)) ||
	    json_object_set_new(o, "shipper", party_json(&sh->shipper)) ||
	    json_object_set_new(o, "consignee", party_json(&sh->consignee)) ||
	    json_object_set_new(o, "notify", party_json(&sh->notify)) ||
	    json_object_set_new(o, "goods", goods_json(sh)) ||
	    json_object_set_new(o, "equipment", equipment_json(sh)) ||
	    json_object_set_new(o, "origin", jstr(nonempty(sh->origin))) ||
	    json_object_set_new(o, "destination",
	    jstr(nonempty(sh->destination))) ||
	    json_object_set_new(o, "loading", jstr(nonempty(sh->loading))) ||
	    json_object_set_new(o, "discharge", jstr(nonempty(sh->discharge))) ||
	    json_object_set_new(o, "routing", jstr(nonempty(sh->routing))) ||
	    json_object_set_new(o, "pieces", jstr(nonempty(sh->pieces))) ||
	    json_object_set_new(o, "weight", jstr(nonempty(sh->weight))) ||
	    json_object_set_new(o, "flight", jstr(nonempty(sh->flight))) ||
	    json_object_set_new(o, "issues", cstore_issues(sh, mode)) ||
	    json_object_set_new(o, "current", json_boolean(current))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/*
 * A message's shipments in two statements: a later list of the same
 * conveyance, or a later waybill, replaces the current ones of the same
 * numbers (within the message, the last of a number is current); then
 * every row at once, from a JSON array.
 */
int
cstore_shipments(PGconn *db, const char *manifest_id, const char *arrival_id,
    const struct manifest *mf, struct vb_error *err)
{
	const char *mode = mf->mode != NULL ? mf->mode : "air";
	const char *source = arrival_id != NULL ? "manifest" : "waybill";
	json_t *rows = json_array(), *numbers = json_array();
	char (*norm)[64] = calloc(mf->nshipments + 1, sizeof(*norm));
	char *rtext = NULL, *ntext = NULL;
	int rc = -1;

	if (rows == NULL || numbers == NULL || norm == NULL) {
		vb_err(err, VB_ENOMEM, "out of memory storing shipments");
		goto done;
	}
	for (size_t i = 0; i < mf->nshipments; i++) {
		const struct shipment *sh = &mf->shipments[i];

		if (nonempty(sh->number) == NULL ||
		    norm_document(sh->number, norm[i], sizeof(norm[i])) == -1) {
			vb_err_at(err, VB_EINVALID, sh->offset, NULL, 0, "message %s:"
			    " a shipment without a usable waybill or bill number",
			    mf->message_ref ? mf->message_ref : "?");
			goto done;
		}
	}
	for (size_t i = 0; i < mf->nshipments; i++) {
		const struct shipment *sh = &mf->shipments[i];
		char master[64];
		int current = 1;

		if (nonempty(sh->master) == NULL ||
		    norm_document(sh->master, master, sizeof(master)) == -1)
			master[0] = '\0';
		for (size_t j = i + 1; j < mf->nshipments; j++)
			if (strcmp(norm[j], norm[i]) == 0)
				current = 0;
		if (json_array_append_new(numbers, json_string(norm[i])) == -1 ||
		    json_array_append_new(rows, shipment_row(manifest_id,
		    arrival_id, source, mode, sh, norm[i], master, current)) == -1) {
			vb_err(err, VB_ENOMEM, "out of memory storing shipments");
			goto done;
		}
	}
	if ((rtext = json_dumps(rows, JSON_COMPACT)) == NULL ||
	    (ntext = json_dumps(numbers, JSON_COMPACT)) == NULL) {
		vb_err(err, VB_ENOMEM, "out of memory storing shipments");
		goto done;
	}
	{
		const char *up[] = {ntext, source, arrival_id};
		const char *in[] = {rtext, mode};

		/* An array, not IN: its index, whatever else the planner sees. */
		if (store_exec_often(db, "UPDATE vborder.shipment SET current = false"
		    " WHERE number_norm = ANY (ARRAY(SELECT"
		    " jsonb_array_elements_text($1::jsonb))) AND source = $2"
		    " AND current"
		    " AND arrival_id IS NOT DISTINCT FROM $3::bigint", 3, up, NULL,
		    err) == -1 ||
		    /* An air port the airports table does not know is a finding too. */
		    store_exec_often(db, "INSERT INTO vborder.shipment (manifest_id,"
		    " arrival_id, source, kind, number, number_norm, master_norm,"
		    " shipper, consignee, notify, goods, equipment, origin,"
		    " destination, loading, discharge, routing, pieces, weight,"
		    " flight, issues, current, on_arrival) SELECT x.manifest_id,"
		    " x.arrival_id,"
		    " x.source, x.kind, x.number, x.number_norm, x.master_norm,"
		    " nullif(x.shipper, 'null'), nullif(x.consignee, 'null'),"
		    " nullif(x.notify, 'null'), x.goods, x.equipment, x.origin,"
		    " x.destination, x.loading, x.discharge, x.routing, x.pieces,"
		    " x.weight, x.flight, x.issues || coalesce((SELECT jsonb_agg("
		    "  jsonb_build_object('rule_id', 'DQ-PORT-CODE', 'explanation',"
		    "  'airport ' || c || ' is not an IATA airport code'))"
		    "  FROM unnest(ARRAY[x.origin, x.destination, x.loading,"
		    "  x.discharge]) c WHERE $2 = 'air' AND c IS NOT NULL"
		    "  AND NOT EXISTS (SELECT 1 FROM vborder.port p"
		    "  WHERE p.kind = 'air' AND p.code = c)), '[]'), x.current,"
		    " x.arrival_id"
		    /* In the message's order, so that ids follow it. */
		    " FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS"
		    " (manifest_id bigint, arrival_id bigint, source text, kind text,"
		    " number text, number_norm text, master_norm text, shipper jsonb,"
		    " consignee jsonb, notify jsonb, goods jsonb, equipment jsonb,"
		    " origin text, destination text, loading text, discharge text,"
		    " routing text, pieces text, weight text, flight text,"
		    " issues jsonb, current boolean)) WITH ORDINALITY AS x"
		    " ORDER BY x.ordinality", 2, in, NULL, err) == -1 ||
		    /* Placed once committed (cstore_place). */
		    store_exec_often(db, "INSERT INTO vborder.shipment_unplaced"
		    " SELECT DISTINCT jsonb_array_elements_text($1::jsonb)", 1,
		    up, NULL, err) == -1)
			goto done;
	}
	rc = 0;
done:
	json_decref(rows);
	json_decref(numbers);
	free(rtext);
	free(ntext);
	free(norm);
	return rc;
}

int
cstore_place(PGconn *db, long *moved, struct vb_error *err)
{
	PGresult *res;

	if (store_analyze(db, err) == -1 ||
	    store_exec(db, "SELECT vborder.place_shipments()", 0, NULL, &res,
	    err) == -1)
		return -1;
	if (moved != NULL)
		*moved = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}
