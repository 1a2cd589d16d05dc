/*
 * Risk rules: each agency's profiles of journeys, bookings and consignments,
 * as data (CONTRACT.md, "Risk rules"). A rule file is parsed and checked
 * whole (rule_set_parse) before anything is stored; a rule is evaluated on
 * a subject given as named fields (struct rule_subject), so evaluation is
 * pure C and knows nothing of the database.
 *
 * Callers see: rule text in, (hit or not, explanation naming the data each
 * condition matched) out. The database side (storing versions, building the
 * subjects of a window, storing hits) is rules_store.c's, rules_db.h.
 */
#ifndef VB_RULES_H
#define VB_RULES_H

#include <stddef.h>

#include <jansson.h>

#include "base/error.h"

enum rule_applies {
	RULE_PASSENGER = 1,
	RULE_CREW = 2,
	RULE_PERSON = RULE_PASSENGER | RULE_CREW,
	RULE_SHIPMENT = 4,
};

struct rule_cond;

/* One rule, checked and compiled (its regular expressions once). */
struct rule {
	char *id;
	char *title;
	enum rule_applies applies_to;
	char *severity;		/* high, medium, low */
	double weight;		/* 0..1 */
	char valid_from[11];	/* YYYY-MM-DD or "" */
	char valid_to[11];
	int enabled;
	char *justification;	/* NULL when none */
	int protected_attr;	/* its conditions use nationality, gender or age */
	json_t *body;		/* the rule as written (owned) */
	struct rule_cond *when;
};

struct rule_set {
	struct rule *v;
	size_t n;
};

/*
 * Parses a rule file's text ({"rules": [...]}) and appends its rules to
 * *set. Refuses, with err naming the file, the rule id and the reason: a
 * malformed file, an unknown field or operator, a bad value, a regular
 * expression that does not compile, a rule id seen twice in the set, and a
 * rule using nationality, gender or age without a justification. 0, or
 * -1 with *set as it was.
 */
int rule_set_parse(struct rule_set *set, const char *text, size_t len,
    const char *file, struct vb_error *err);
/*
 * rule_set_parse on a file's bytes (at most 16 MiB). An unreadable file is
 * VB_EIO; the rest as rule_set_parse.
 */
int rule_set_read(struct rule_set *set, const char *path, struct vb_error *err);
/* One rule from its JSON object (as stored): 0, or -1 with err. */
int rule_parse(struct rule *r, json_t *obj, struct vb_error *err);
void rule_clear(struct rule *r);
void rule_set_clear(struct rule_set *set);

/* applies_to as text, and back (-1 when not one). */
const char *rule_applies_name(enum rule_applies a);
int rule_applies_parse(const char *s, enum rule_applies *out);

/* 1 when the rule is enabled and date (YYYY-MM-DD) within its validity. */
int rule_in_force(const struct rule *r, const char *date);

/*
 * The fields CONTRACT names ("Risk rules"); rules name them as text
 * ("booking.payment_types"), subjects are built by these numbers.
 */
enum rule_field_id {
	RF_NAME, RF_GENDER, RF_AGE, RF_NATIONALITY, RF_DOCUMENT_TYPE,
	RF_DOCUMENT_COUNTRY, RF_DOCUMENT_DAYS_TO_EXPIRY, RF_DEPARTURE_PORT,
	RF_ARRIVAL_PORT, RF_ROUTE_PORTS, RF_ROUTE_COUNTRIES,
	RF_BOOKING_HOURS_BEFORE_DEPARTURE, RF_BOOKING_PAYMENT_TYPES,
	RF_BOOKING_TRAVEL_AGENCY, RF_BOOKING_ONE_WAY, RF_BOOKING_BAGS,
	RF_BOOKING_PARTY_SIZE, RF_BOOKING_PHONES, RF_BOOKING_EMAILS,
	RF_GOODS_DESCRIPTIONS, RF_GOODS_HS_CODES, RF_ORIGIN_COUNTRY,
	RF_DESTINATION_COUNTRY, RF_SHIPPER_NAME, RF_SHIPPER_COUNTRY,
	RF_CONSIGNEE_NAME, RF_CONSIGNEE_COUNTRY, RF_CONSIGNEE_IS_PERSON,
	RF_WEIGHT_KG, RF_PIECES, RF_WEIGHT_PER_PIECE_KG,
	RULE_NFIELDS
};

/*
 * A subject as its fields: one slot per field, each with its values as
 * text and, where a value reads as a number, as that number (NAN when
 * not), so that a comparison never parses twice. A field without values is
 * "missing". Whether a field is a list (route.countries, booking.phones)
 * is the field's own (the fields table of rules.c).
 */
struct rule_field {
	char **v;
	double *num;
	size_t n, size;
};

struct rule_subject {
	struct rule_field f[RULE_NFIELDS];
	int oom;		/* an add failed; the subject is then not evaluated */
};

/* Adds a value to a field; NULL and "" are no value. */
void rule_subject_add(struct rule_subject *s, enum rule_field_id field,
    const char *value);
/* A number as a value. */
void rule_subject_addf(struct rule_subject *s, enum rule_field_id field,
    double v);
/* The field, or NULL when the subject has no value for it. */
const struct rule_field *rule_subject_get(const struct rule_subject *s,
    enum rule_field_id field);
/* Frees the values; the subject is then empty, ready for the next one. */
void rule_subject_clear(struct rule_subject *s);

#define RULE_EXPLAIN_MAX 1024

/*
 * 1 when the rule's conditions hold for the subject, with expl naming the
 * data each condition matched ("booking.payment_types CA; booking.
 * hours_before_departure 6; route.ports FRA-AMS-JFK"); 0 when they do not;
 * -1 when the subject is incomplete (out of memory building it).
 * Validity and applies_to are the caller's (rule_in_force).
 */
int rule_eval(const struct rule *r, const struct rule_subject *s,
    char *expl, size_t explsz);

/* 1 when name is a field the contract names for the kind (person/shipment). */
int rule_field_known(const char *name, enum rule_applies kind);

#endif
