/*
 * Rules: parsing and checking a rule file, and evaluating a rule on a
 * subject's fields. No database, no files: rules_store.c does those.
 */
#include "rules.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/fsutil.h"

enum op { OP_EQ, OP_NE, OP_IN, OP_NOT_IN, OP_CONTAINS, OP_STARTS_WITH,
    OP_LT, OP_LE, OP_GT, OP_GE, OP_BETWEEN, OP_EXISTS, OP_MISSING,
    OP_MATCHES };

static const char *const op_name[] = {
	[OP_EQ] = "eq", [OP_NE] = "ne", [OP_IN] = "in", [OP_NOT_IN] = "not_in",
	[OP_CONTAINS] = "contains", [OP_STARTS_WITH] = "starts_with",
	[OP_LT] = "lt", [OP_LE] = "le", [OP_GT] = "gt", [OP_GE] = "ge",
	[OP_BETWEEN] = "between", [OP_EXISTS] = "exists",
	[OP_MISSING] = "missing", [OP_MATCHES] = "matches",
};

enum cond_kind { COND_ALL, COND_ANY, COND_NOT, COND_LEAF };

struct rule_cond {
	enum cond_kind kind;
	struct rule_cond *sub;
	size_t nsub;
	/* A leaf: */
	enum rule_field_id field;
	enum op op;
	json_t *value;		/* borrowed from the rule's body */
	/* The value read once: contains and starts_with as text, lt to ge as a
	 * number, between as [num, hi]. */
	const char *text;
	size_t textlen;
	char textbuf[32];	/* text when the value is a number */
	double num, hi;
	regex_t re;
	int has_re;
};

#define F_PERSON	1
#define F_SHIPMENT	2

/* How `contains` reads a field: whole text, list of codes, list of texts. */
enum field_shape { TEXT, CODES, TEXTS };

/* The fields CONTRACT names, with how an explanation shows their data. */
static const struct {
	const char *name;
	int kinds;
	enum field_shape shape;
	const char *label;	/* printf format of the matched data */
} fields[RULE_NFIELDS] = {
	[RF_NAME] = {"name", F_PERSON, TEXT, "name %s"},
	[RF_GENDER] = {"gender", F_PERSON, TEXT, "gender %s"},
	[RF_AGE] = {"age", F_PERSON, TEXT, "age %s"},
	[RF_NATIONALITY] = {"nationality", F_PERSON, TEXT, "nationality %s"},
	[RF_DOCUMENT_TYPE] = {"document.type", F_PERSON, CODES,
	    "document type %s"},
	[RF_DOCUMENT_COUNTRY] = {"document.country", F_PERSON, CODES,
	    "document country %s"},
	[RF_DOCUMENT_DAYS_TO_EXPIRY] = {"document.days_to_expiry", F_PERSON,
	    CODES, "document expires in %s days"},
	[RF_DEPARTURE_PORT] = {"departure_port", F_PERSON, TEXT, "from %s"},
	[RF_ARRIVAL_PORT] = {"arrival_port", F_PERSON, TEXT, "to %s"},
	[RF_ROUTE_PORTS] = {"route.ports", F_PERSON, CODES, "route %s"},
	[RF_ROUTE_COUNTRIES] = {"route.countries", F_PERSON | F_SHIPMENT, CODES,
	    "route countries %s"},
	[RF_BOOKING_HOURS_BEFORE_DEPARTURE] = {"booking.hours_before_departure",
	    F_PERSON, TEXT, "booked %s h before departure"},
	[RF_BOOKING_PAYMENT_TYPES] = {"booking.payment_types", F_PERSON, CODES,
	    "paid by FOP %s"},
	[RF_BOOKING_TRAVEL_AGENCY] = {"booking.travel_agency", F_PERSON, TEXT,
	    "travel agency %s"},
	[RF_BOOKING_ONE_WAY] = {"booking.one_way", F_PERSON, TEXT, "one way %s"},
	[RF_BOOKING_BAGS] = {"booking.bags", F_PERSON, TEXT, "%s bags"},
	[RF_BOOKING_PARTY_SIZE] = {"booking.party_size", F_PERSON, TEXT,
	    "party of %s"},
	[RF_BOOKING_PHONES] = {"booking.phones", F_PERSON, TEXTS, "phone %s"},
	[RF_BOOKING_EMAILS] = {"booking.emails", F_PERSON, TEXTS, "e-mail %s"},
	[RF_GOODS_DESCRIPTIONS] = {"goods.descriptions", F_SHIPMENT, TEXTS,
	    "goods %s"},
	[RF_GOODS_HS_CODES] = {"goods.hs_codes", F_SHIPMENT, CODES, "HS code %s"},
	[RF_ORIGIN_COUNTRY] = {"origin_country", F_SHIPMENT, TEXT, "origin %s"},
	[RF_DESTINATION_COUNTRY] = {"destination_country", F_SHIPMENT, TEXT,
	    "destination %s"},
	[RF_SHIPPER_NAME] = {"shipper.name", F_SHIPMENT, TEXT, "shipper %s"},
	[RF_SHIPPER_COUNTRY] = {"shipper.country", F_SHIPMENT, TEXT,
	    "shipper country %s"},
	[RF_CONSIGNEE_NAME] = {"consignee.name", F_SHIPMENT, TEXT, "consignee %s"},
	[RF_CONSIGNEE_COUNTRY] = {"consignee.country", F_SHIPMENT, TEXT,
	    "consignee country %s"},
	[RF_CONSIGNEE_IS_PERSON] = {"consignee.is_person", F_SHIPMENT, TEXT,
	    "consignee a person: %s"},
	[RF_WEIGHT_KG] = {"weight_kg", F_SHIPMENT, TEXT, "weight %s kg"},
	[RF_PIECES] = {"pieces", F_SHIPMENT, TEXT, "%s pieces"},
	[RF_WEIGHT_PER_PIECE_KG] = {"weight_per_piece_kg", F_SHIPMENT, TEXT,
	    "%s kg per piece"},
};

static int
kind_bits(enum rule_applies kind)
{
	return (kind & RULE_SHIPMENT ? F_SHIPMENT : 0) |
	    (kind & RULE_PERSON ? F_PERSON : 0);
}

static int
field_index(const char *name)
{
	for (size_t i = 0; i < RULE_NFIELDS; i++)
		if (strcmp(fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

int
rule_field_known(const char *name, enum rule_applies kind)
{
	int i = field_index(name);

	return i >= 0 && (fields[i].kinds & kind_bits(kind)) != 0;
}

static const struct {
	const char *name;
	enum rule_applies v;
} applies[] = {
	{"passenger", RULE_PASSENGER}, {"crew", RULE_CREW},
	{"person", RULE_PERSON}, {"shipment", RULE_SHIPMENT},
};

const char *
rule_applies_name(enum rule_applies a)
{
	for (size_t i = 0; i < sizeof(applies) / sizeof(applies[0]); i++)
		if (applies[i].v == a)
			return applies[i].name;
	return "?";
}

int
rule_applies_parse(const char *s, enum rule_applies *out)
{
	for (size_t i = 0; i < sizeof(applies) / sizeof(applies[0]); i++)
		if (strcmp(applies[i].name, s) == 0) {
			*out = applies[i].v;
			return 0;
		}
	return -1;
}

/* --- parsing --- */

/* A scalar of a rule as text (numbers printed into buf). */
static const char *
text_of(json_t *v, char *buf, size_t bufsz)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		(void)snprintf(buf, bufsz, "%lld", (long long)json_integer_value(v));
	else if (json_is_number(v))
		(void)snprintf(buf, bufsz, "%g", json_number_value(v));
	else
		(void)strlcpy(buf, "", bufsz);
	return buf;
}


static void
cond_free(struct rule_cond *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nsub; i++)
		cond_free(&c->sub[i]);
	free(c->sub);
	if (c->has_re)
		regfree(&c->re);
}

static int
is_scalar(json_t *v)
{
	return json_is_string(v) || json_is_number(v) || json_is_boolean(v);
}

/* Parses one condition into c (zeroed); the rule's id for messages. */
static int
cond_parse(struct rule_cond *c, json_t *j, enum rule_applies kind,
    int *protected_attr, int depth, struct vb_error *err)
{
	static const char *const groups[] = {"all", "any", "not"};
	const char *field, *opname;
	json_t *v;
	int fi;

	if (!json_is_object(j))
		return vb_err(err, VB_EINVALID, "a condition is not an object");
	if (depth > 32)
		return vb_err(err, VB_EINVALID, "conditions nested too deep");
	for (size_t g = 0; g < 3; g++) {
		json_t *arr = json_object_get(j, groups[g]), *x;
		size_t i;

		if (arr == NULL)
			continue;
		if (json_object_size(j) != 1)
			return vb_err(err, VB_EINVALID, "\"%s\" must stand alone in its"
			    " object", groups[g]);
		c->kind = (enum cond_kind)g;
		if (g == 2) {	/* not: one condition */
			if ((c->sub = calloc(1, sizeof(*c->sub))) == NULL)
				return vb_err(err, VB_ENOMEM, "out of memory");
			c->nsub = 1;
			return cond_parse(c->sub, arr, kind, protected_attr,
			    depth + 1, err);
		}
		if (!json_is_array(arr) || json_array_size(arr) == 0)
			return vb_err(err, VB_EINVALID, "\"%s\" needs a non-empty list"
			    " of conditions", groups[g]);
		if ((c->sub = calloc(json_array_size(arr), sizeof(*c->sub))) == NULL)
			return vb_err(err, VB_ENOMEM, "out of memory");
		json_array_foreach(arr, i, x) {
			c->nsub = i + 1;
			if (cond_parse(&c->sub[i], x, kind, protected_attr, depth + 1,
			    err) == -1)
				return -1;
		}
		return 0;
	}
	c->kind = COND_LEAF;
	field = json_string_value(json_object_get(j, "field"));
	opname = json_string_value(json_object_get(j, "op"));
	if (field == NULL || opname == NULL)
		return vb_err(err, VB_EINVALID, "a condition needs \"field\" and"
		    " \"op\" (or all, any, not)");
	if ((fi = field_index(field)) == -1 ||
	    (fields[fi].kinds & kind_bits(kind)) == 0)
		return vb_err(err, VB_EINVALID, "unknown field \"%s\" for %s", field,
		    rule_applies_name(kind));
	c->field = (enum rule_field_id)fi;
	if (c->field == RF_NATIONALITY || c->field == RF_GENDER ||
	    c->field == RF_AGE)
		*protected_attr = 1;
	for (size_t o = 0; o < sizeof(op_name) / sizeof(op_name[0]); o++)
		if (strcmp(op_name[o], opname) == 0) {
			c->op = (enum op)o;
			goto found;
		}
	return vb_err(err, VB_EINVALID, "unknown operator \"%s\"", opname);
found:
	v = json_object_get(j, "value");
	c->value = v;
	switch (c->op) {
	case OP_EXISTS:
	case OP_MISSING:
		return 0;
	case OP_IN:
	case OP_NOT_IN: {
		json_t *x;
		size_t i;

		if (!json_is_array(v) || json_array_size(v) == 0)
			return vb_err(err, VB_EINVALID, "%s %s: the value must be a"
			    " non-empty list", field, opname);
		json_array_foreach(v, i, x)
			if (!is_scalar(x))
				return vb_err(err, VB_EINVALID, "%s %s: the list holds"
				    " something not a text, number or boolean",
				    field, opname);
		return 0;
	}
	case OP_LT: case OP_LE: case OP_GT: case OP_GE:
		if (!json_is_number(v))
			return vb_err(err, VB_EINVALID, "%s %s: the value must be a"
			    " number", field, opname);
		c->num = json_number_value(v);
		return 0;
	case OP_BETWEEN:
		if (!json_is_array(v) || json_array_size(v) != 2 ||
		    !json_is_number(json_array_get(v, 0)) ||
		    !json_is_number(json_array_get(v, 1)) ||
		    json_number_value(json_array_get(v, 0)) >
		    json_number_value(json_array_get(v, 1)))
			return vb_err(err, VB_EINVALID, "%s between: the value must be"
			    " [low, high], numbers, low <= high", field);
		c->num = json_number_value(json_array_get(v, 0));
		c->hi = json_number_value(json_array_get(v, 1));
		return 0;
	case OP_MATCHES: {
		int rc;

		if (!json_is_string(v))
			return vb_err(err, VB_EINVALID, "%s matches: the value must be"
			    " a regular expression (text)", field);
		if ((rc = regcomp(&c->re, json_string_value(v),
		    REG_EXTENDED | REG_ICASE | REG_NOSUB)) != 0) {
			char msg[128];

			(void)regerror(rc, &c->re, msg, sizeof(msg));
			return vb_err(err, VB_EINVALID, "%s matches \"%s\": %s", field,
			    json_string_value(v), msg);
		}
		c->has_re = 1;
		return 0;
	}
	case OP_CONTAINS:
	case OP_STARTS_WITH:
		if (!json_is_string(v) && !json_is_number(v))
			return vb_err(err, VB_EINVALID, "%s %s: the value must be a"
			    " text", field, opname);
		c->text = text_of(v, c->textbuf, sizeof(c->textbuf));
		c->textlen = strlen(c->text);
		return 0;
	default:
		if (!is_scalar(v))
			return vb_err(err, VB_EINVALID, "%s %s: the value must be a"
			    " text, number or boolean", field, opname);
		return 0;
	}
}

static int
check_date(json_t *v, char out[11], const char *what, struct vb_error *err)
{
	const char *s;

	out[0] = '\0';
	if (v == NULL || json_is_null(v))
		return 0;
	s = json_string_value(v);
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return vb_err(err, VB_EINVALID, "%s must be YYYY-MM-DD or null", what);
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return vb_err(err, VB_EINVALID, "%s must be YYYY-MM-DD or null",
			    what);
	memcpy(out, s, 11);
	return 0;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

int
rule_parse(struct rule *r, json_t *obj, struct vb_error *err)
{
	const char *s;
	json_t *v;

	memset(r, 0, sizeof(*r));
	if (!json_is_object(obj))
		return vb_err(err, VB_EINVALID, "a rule is not an object");
	if ((s = json_string_value(json_object_get(obj, "id"))) == NULL ||
	    *s == '\0')
		return vb_err(err, VB_EINVALID, "a rule without an \"id\"");
	r->body = json_incref(obj);
	if ((r->id = strdup(s)) == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory");
	v = json_object_get(obj, "title");
	if (v != NULL && !json_is_null(v) && !json_is_string(v))
		return vb_err(err, VB_EINVALID, "title must be text");
	r->title = dup_or_null(json_string_value(v));
	if ((s = json_string_value(json_object_get(obj, "applies_to"))) == NULL ||
	    rule_applies_parse(s, &r->applies_to) == -1)
		return vb_err(err, VB_EINVALID, "applies_to must be passenger, crew,"
		    " person or shipment");
	s = json_string_value(json_object_get(obj, "severity"));
	if (s == NULL || (strcmp(s, "high") != 0 && strcmp(s, "medium") != 0 &&
	    strcmp(s, "low") != 0))
		return vb_err(err, VB_EINVALID, "severity must be high, medium or"
		    " low");
	if ((r->severity = strdup(s)) == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory");
	v = json_object_get(obj, "weight");
	if (!json_is_number(v) || !(json_number_value(v) >= 0 &&
	    json_number_value(v) <= 1))
		return vb_err(err, VB_EINVALID, "weight must be a number from 0 to 1");
	r->weight = json_number_value(v);
	if (check_date(json_object_get(obj, "valid_from"), r->valid_from,
	    "valid_from", err) == -1 ||
	    check_date(json_object_get(obj, "valid_to"), r->valid_to,
	    "valid_to", err) == -1)
		return -1;
	if (r->valid_from[0] != '\0' && r->valid_to[0] != '\0' &&
	    strcmp(r->valid_from, r->valid_to) > 0)
		return vb_err(err, VB_EINVALID, "valid_to is before valid_from");
	v = json_object_get(obj, "enabled");
	if (v != NULL && !json_is_boolean(v))
		return vb_err(err, VB_EINVALID, "enabled must be true or false");
	r->enabled = v == NULL || json_is_true(v);
	v = json_object_get(obj, "justification");
	if (v != NULL && !json_is_null(v) && !json_is_string(v))
		return vb_err(err, VB_EINVALID, "justification must be text or null");
	if ((s = json_string_value(v)) != NULL) {
		while (isspace((unsigned char)*s))
			s++;
		if (*s != '\0' && (r->justification = strdup(
		    json_string_value(v))) == NULL)
			return vb_err(err, VB_ENOMEM, "out of memory");
	}
	/* A shipment rule may raise a cargo referral (core/referrals/). */
	if ((v = json_object_get(obj, "referral")) != NULL && !json_is_null(v)) {
		if (!json_is_string(v) || (strcmp(json_string_value(v), "rfi") != 0 &&
		    strcmp(json_string_value(v), "screening") != 0 &&
		    strcmp(json_string_value(v), "do-not-load") != 0))
			return vb_err(err, VB_EINVALID, "referral must be rfi,"
			    " screening or do-not-load");
		if (r->applies_to != RULE_SHIPMENT)
			return vb_err(err, VB_EINVALID, "referral is for shipment"
			    " rules only");
	}
	if ((v = json_object_get(obj, "when")) == NULL)
		return vb_err(err, VB_EINVALID, "a rule without \"when\"");
	if ((r->when = calloc(1, sizeof(*r->when))) == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory");
	if (cond_parse(r->when, v, r->applies_to, &r->protected_attr, 0, err) == -1)
		return -1;
	/* Governance: profiling by who someone is must say why. */
	if (r->protected_attr && r->justification == NULL)
		return vb_err(err, VB_EINVALID, "uses nationality, gender or age"
		    " and has no justification");
	return 0;
}

void
rule_clear(struct rule *r)
{
	if (r == NULL)
		return;
	cond_free(r->when);
	free(r->when);
	free(r->id);
	free(r->title);
	free(r->severity);
	free(r->justification);
	json_decref(r->body);
	memset(r, 0, sizeof(*r));
}

void
rule_set_clear(struct rule_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		rule_clear(&set->v[i]);
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

/* "FILE: rule ID: why", the reason kept from err. */
static int
refuse(struct vb_error *err, const char *file, const char *id)
{
	char why[sizeof(err->message)];

	if (err == NULL)
		return -1;
	(void)strlcpy(why, err->message, sizeof(why));
	if (id != NULL)
		return vb_err(err, err->code == VB_ENOMEM ? VB_ENOMEM : VB_EINVALID,
		    "%s: rule %s: %s", file, id, why);
	return vb_err(err, err->code == VB_ENOMEM ? VB_ENOMEM : VB_EINVALID,
	    "%s: %s", file, why);
}

int
rule_set_parse(struct rule_set *set, const char *text, size_t len,
    const char *file, struct vb_error *err)
{
	json_error_t je;
	json_t *root, *rules, *x;
	size_t i, n0 = set->n;
	int rc = -1;

	if ((root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je)) == NULL)
		return vb_err_at(err, VB_ESYNTAX, je.position, "", je.line,
		    "%s: line %d: %s", file, je.line, je.text);
	rules = json_object_get(root, "rules");
	if (!json_is_array(rules)) {
		vb_err(err, VB_EINVALID, "%s: not a rule file: {\"rules\": [...]}"
		    " expected", file);
		goto done;
	}
	json_array_foreach(rules, i, x) {
		struct rule r, *grown;
		const char *id = json_string_value(json_object_get(x, "id"));
		char pos[32];

		(void)snprintf(pos, sizeof(pos), "#%zu", i + 1);
		if (rule_parse(&r, x, err) == -1) {
			rule_clear(&r);
			refuse(err, file, id != NULL ? id : pos);
			goto done;
		}
		for (size_t k = 0; k < set->n; k++)
			if (strcmp(set->v[k].id, r.id) == 0) {
				rule_clear(&r);
				vb_err(err, VB_EINVALID, "%s: rule %s: the id is given"
				    " twice", file, id);
				goto done;
			}
		if ((grown = reallocarray(set->v, set->n + 1, sizeof(*grown))) ==
		    NULL) {
			rule_clear(&r);
			vb_err(err, VB_ENOMEM, "out of memory");
			goto done;
		}
		set->v = grown;
		set->v[set->n++] = r;
	}
	rc = 0;
done:
	/* A file refused adds nothing. */
	while (rc == -1 && set->n > n0)
		rule_clear(&set->v[--set->n]);
	json_decref(root);
	return rc;
}

int
rule_set_read(struct rule_set *set, const char *path, struct vb_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	int rc;

	if (fs_read_file(path, (size_t)16 << 20, &buf, &len, err) == -1) {
		if (err != NULL && err->code != VB_ENOMEM)
			err->code = VB_EIO;
		return -1;
	}
	rc = rule_set_parse(set, buf, len, path, err);
	free(buf);
	return rc;
}

int
rule_in_force(const struct rule *r, const char *date)
{
	if (!r->enabled)
		return 0;
	if (r->valid_from[0] != '\0' && strcmp(date, r->valid_from) < 0)
		return 0;
	if (r->valid_to[0] != '\0' && strcmp(date, r->valid_to) > 0)
		return 0;
	return 1;
}

/* --- subjects --- */

/* A value's number: the whole text read as one, else NAN. */
static double
number_of(const char *s)
{
	char *end;
	double d;

	/* Most values are words: only what can start a number is read. */
	if (!isdigit((unsigned char)*s) && *s != '-' && *s != '+' && *s != '.')
		return NAN;
	errno = 0;
	d = strtod(s, &end);
	return end != s && *end == '\0' && errno == 0 && isfinite(d) ? d : NAN;
}

void
rule_subject_add(struct rule_subject *s, enum rule_field_id field,
    const char *value)
{
	struct rule_field *f;

	if ((unsigned)field >= RULE_NFIELDS || value == NULL || *value == '\0')
		return;
	f = &s->f[field];
	if (f->n == f->size) {
		size_t size = f->size == 0 ? 4 : f->size * 2;
		char **v = reallocarray(f->v, size, sizeof(*v));
		double *num;

		if (v != NULL)
			f->v = v;
		if (v == NULL ||
		    (num = reallocarray(f->num, size, sizeof(*num))) == NULL) {
			s->oom = 1;
			return;
		}
		f->num = num;
		f->size = size;
	}
	if ((f->v[f->n] = strdup(value)) == NULL) {
		s->oom = 1;
		return;
	}
	f->num[f->n++] = number_of(value);
}

void
rule_subject_addf(struct rule_subject *s, enum rule_field_id field, double v)
{
	char buf[32];

	if (!isfinite(v))
		return;
	if (v == floor(v) && fabs(v) < 1e15)
		(void)snprintf(buf, sizeof(buf), "%.0f", v);
	else
		(void)snprintf(buf, sizeof(buf), "%.2f", v);
	rule_subject_add(s, field, buf);
}

const struct rule_field *
rule_subject_get(const struct rule_subject *s, enum rule_field_id field)
{
	return s->f[field].n > 0 ? &s->f[field] : NULL;
}

void
rule_subject_clear(struct rule_subject *s)
{
	for (size_t i = 0; i < RULE_NFIELDS; i++) {
		for (size_t k = 0; k < s->f[i].n; k++)
			free(s->f[i].v[k]);
		free(s->f[i].v);
		free(s->f[i].num);
	}
	memset(s, 0, sizeof(*s));
}

/* --- evaluation --- */

/* Value k of field f against one scalar of the rule. */
static int
equals(const struct rule_field *f, size_t k, json_t *want)
{
	if (json_is_number(want))
		return f->num[k] == json_number_value(want);	/* NAN never equals */
	if (json_is_boolean(want))
		return strcasecmp(f->v[k], json_is_true(want) ? "true" : "false") == 0;
	return json_is_string(want) &&
	    strcasecmp(f->v[k], json_string_value(want)) == 0;
}

static int
in_list(const struct rule_field *f, size_t k, json_t *list)
{
	json_t *x;
	size_t i;

	json_array_foreach(list, i, x)
		if (equals(f, k, x))
			return 1;
	return 0;
}

static int
has_ci(const char *hay, const char *needle, size_t n)
{
	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return n == 0;
}

/* 1 when value k of field f satisfies the leaf c on it. */
static int
leaf_one(const struct rule_cond *c, const struct rule_field *f, size_t k)
{
	const char *v = f->v[k];
	double d = f->num[k];	/* comparisons with NAN are false */

	switch (c->op) {
	case OP_EQ:
		return equals(f, k, c->value);
	case OP_IN:
		return in_list(f, k, c->value);
	case OP_CONTAINS:
		return fields[c->field].shape == CODES ?
		    strcasecmp(v, c->text) == 0 : has_ci(v, c->text, c->textlen);
	case OP_STARTS_WITH:
		return strncasecmp(v, c->text, c->textlen) == 0;
	case OP_LT: return d < c->num;
	case OP_LE: return d <= c->num;
	case OP_GT: return d > c->num;
	case OP_GE: return d >= c->num;
	case OP_BETWEEN: return d >= c->num && d <= c->hi;
	case OP_MATCHES:
		return regexec(&c->re, v, 0, NULL, 0) == 0;
	default:
		return 0;
	}
}

struct expl {
	char *buf;
	size_t size, len;
};

static void
expl_add(struct expl *e, const char *label, const char *data)
{
	char item[320];
	int n;

	if (e->buf == NULL)
		return;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	/* label is one of the static formats of the fields table. */
	n = snprintf(item, sizeof(item), label, data);
#pragma GCC diagnostic pop
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(item))
		(void)strlcpy(item + sizeof(item) - 4, "...", 4);
	if (e->len > 0)
		(void)strlcat(e->buf, "; ", e->size);
	(void)strlcat(e->buf, item, e->size);
	e->len = strlen(e->buf);
}

/* The values of field id joined: route ports with '-', others with ", ". */
static void
join(enum rule_field_id id, const struct rule_field *f, char *buf,
    size_t bufsz)
{
	const char *sep = id == RF_ROUTE_PORTS || id == RF_ROUTE_COUNTRIES ?
	    "-" : ", ";

	buf[0] = '\0';
	for (size_t i = 0; i < f->n; i++) {
		if (i > 0)
			(void)strlcat(buf, sep, bufsz);
		(void)strlcat(buf, f->v[i], bufsz);
	}
}

static int
leaf_eval(const struct rule_cond *c, const struct rule_subject *s,
    struct expl *e)
{
	const struct rule_field *f = rule_subject_get(s, c->field);
	const char *label = fields[c->field].label;
	char shown[256];
	size_t hit;

	if (c->op == OP_MISSING) {
		if (f == NULL)
			expl_add(e, label, "unknown");
		return f == NULL;
	}
	if (f == NULL)
		return 0;	/* every other operator is false on a missing field */
	switch (c->op) {
	case OP_EXISTS:
	case OP_NE:
	case OP_NOT_IN:
		/* ne and not_in: no value is (one of) the rule's. */
		for (size_t i = 0; i < f->n && c->op != OP_EXISTS; i++)
			if (c->op == OP_NE ? equals(f, i, c->value) :
			    in_list(f, i, c->value))
				return 0;
		if (e->buf != NULL) {
			join(c->field, f, shown, sizeof(shown));
			expl_add(e, label, shown);
		}
		return 1;
	default:
		for (hit = 0; hit < f->n; hit++)
			if (leaf_one(c, f, hit))
				break;
		if (hit == f->n)
			return 0;
		if (e->buf != NULL) {
			/* A route is shown whole: its shape is the point. */
			if (c->field == RF_ROUTE_PORTS || c->field == RF_ROUTE_COUNTRIES)
				join(c->field, f, shown, sizeof(shown));
			else
				(void)strlcpy(shown, f->v[hit], sizeof(shown));
			expl_add(e, label, shown);
		}
		return 1;
	}
}

static void
expl_cut(struct expl *e, size_t len)
{
	if (e->buf != NULL && len < e->size) {
		e->buf[len] = '\0';
		e->len = len;
	}
}

static int
cond_eval(const struct rule_cond *c, const struct rule_subject *s,
    struct expl *e)
{
	switch (c->kind) {
	case COND_ALL:
		for (size_t i = 0; i < c->nsub; i++)
			if (!cond_eval(&c->sub[i], s, e))
				return 0;
		return 1;
	case COND_ANY:
		for (size_t i = 0; i < c->nsub; i++) {
			size_t len = e->len;

			if (cond_eval(&c->sub[i], s, e))
				return 1;
			/* A branch that failed explains nothing. */
			expl_cut(e, len);
		}
		return 0;
	case COND_NOT: {
		/* What did not hold explains nothing: say what was negated. */
		struct expl none = {NULL, 0, 0};

		if (cond_eval(c->sub, s, &none))
			return 0;
		if (c->sub->kind == COND_LEAF && e->buf != NULL) {
			const struct rule_field *f = rule_subject_get(s, c->sub->field);
			char shown[256], item[320];

			if (f != NULL)
				join(c->sub->field, f, shown, sizeof(shown));
			(void)snprintf(item, sizeof(item), "not %s %s (%s)",
			    fields[c->sub->field].name, op_name[c->sub->op],
			    f != NULL ? shown : "unknown");
			expl_add(e, "%s", item);
		}
		return 1;
	}
	default:
		return leaf_eval(c, s, e);
	}
}

int
rule_eval(const struct rule *r, const struct rule_subject *s, char *expl,
    size_t explsz)
{
	struct expl none = {NULL, 0, 0}, e = {expl, explsz, 0};

	if (s->oom)
		return -1;
	if (expl != NULL && explsz > 0)
		expl[0] = '\0';
	/* Most rules miss: decide first, explain only a hit. */
	if (!cond_eval(r->when, s, &none))
		return 0;
	if (expl != NULL && explsz > 0)
		(void)cond_eval(r->when, s, &e);
	return 1;
}
