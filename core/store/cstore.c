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

char *
cstore_issues(const struct shipment *sh, const char *mode)
{
	json_t *a = json_array();
	char *text;

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
	text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return text;
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

/* A shipment's JSON columns as text (each malloc'ed): texts_make fills them. */
struct texts {
	char *shipper, *consignee, *notify, *goods, *equipment, *issues;
};

static char *
dump(json_t *j)
{
	char *s = j != NULL ? json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;

	json_decref(j);
	return s;
}

static void
texts_free(struct texts *t)
{
	free(t->shipper);
	free(t->consignee);
	free(t->notify);
	free(t->goods);
	free(t->equipment);
	free(t->issues);
}

static int
texts_make(struct texts *t, const struct shipment *sh, const char *mode)
{
	memset(t, 0, sizeof(*t));
	t->shipper = dump(party_json(&sh->shipper));
	t->consignee = dump(party_json(&sh->consignee));
	t->notify = dump(party_json(&sh->notify));
	t->goods = dump(goods_json(sh));
	t->equipment = dump(equipment_json(sh));
	t->issues = cstore_issues(sh, mode);
	if (t->shipper == NULL || t->consignee == NULL || t->notify == NULL ||
	    t->goods == NULL || t->equipment == NULL || t->issues == NULL) {
		texts_free(t);
		return -1;
	}
	return 0;
}

static int
store_one(PGconn *db, const char *manifest_id, const char *arrival_id,
    const struct manifest *mf, const struct shipment *sh, struct vb_error *err)
{
	const char *mode = mf->mode != NULL ? mf->mode : "air";
	const char *source = arrival_id != NULL ? "manifest" : "waybill";
	char number[64], master[64];
	struct texts t;
	int rc;

	if (nonempty(sh->number) == NULL ||
	    norm_document(sh->number, number, sizeof(number)) == -1)
		return vb_err_at(err, VB_EINVALID, sh->offset, NULL, 0,
		    "message %s: a shipment without a usable waybill or bill"
		    " number", mf->message_ref ? mf->message_ref : "?");
	if (nonempty(sh->master) == NULL ||
	    norm_document(sh->master, master, sizeof(master)) == -1)
		master[0] = '\0';
	if (texts_make(&t, sh, mode) == -1)
		return vb_err(err, VB_ENOMEM, "out of memory storing a shipment");
	{
		/* A later list of the same conveyance, or a later waybill, replaces. */
		const char *p[] = {number, source, arrival_id};

		rc = store_exec(db, "UPDATE vborder.shipment SET current = false"
		    " WHERE number_norm = $1 AND source = $2 AND current"
		    " AND arrival_id IS NOT DISTINCT FROM $3::bigint", 3, p, NULL,
		    err);
	}
	if (rc == 0) {
		const char *p[] = {
			manifest_id, arrival_id, source, sh->kind, sh->number,
			number, master[0] != '\0' ? master : NULL, t.shipper,
			t.consignee, t.notify, t.goods, t.equipment,
			nonempty(sh->origin), nonempty(sh->destination),
			nonempty(sh->loading), nonempty(sh->discharge),
			nonempty(sh->routing), nonempty(sh->pieces),
			nonempty(sh->weight), nonempty(sh->flight), t.issues, mode,
		};

		/* An air port the airports table does not know is a finding too. */
		rc = store_exec(db, "INSERT INTO vborder.shipment (manifest_id,"
		    " arrival_id, source, kind, number, number_norm, master_norm,"
		    " shipper, consignee, notify, goods, equipment, origin,"
		    " destination, loading, discharge, routing, pieces, weight,"
		    " flight, issues) SELECT $1, $2, $3, $4, $5, $6, $7,"
		    " nullif($8::jsonb, 'null'), nullif($9::jsonb, 'null'),"
		    " nullif($10::jsonb, 'null'), $11, $12, $13, $14, $15, $16, $17,"
		    " $18, $19, $20, $21::jsonb || coalesce((SELECT jsonb_agg("
		    "  jsonb_build_object('rule_id', 'DQ-PORT-CODE', 'explanation',"
		    "  'airport ' || c || ' is not an IATA airport code'))"
		    "  FROM unnest(ARRAY[$13, $14, $15, $16]) c"
		    "  WHERE $22 = 'air' AND c IS NOT NULL AND NOT EXISTS ("
		    "   SELECT 1 FROM vborder.port p WHERE p.kind = 'air'"
		    "   AND p.code = c)), '[]')", 22, p, NULL, err);
	}
	texts_free(&t);
	return rc;
}

int
cstore_shipments(PGconn *db, const char *manifest_id, const char *arrival_id,
    const struct manifest *mf, struct vb_error *err)
{
	for (size_t i = 0; i < mf->nshipments; i++)
		if (store_one(db, manifest_id, arrival_id, mf, &mf->shipments[i],
		    err) == -1)
			return -1;
	return 0;
}
