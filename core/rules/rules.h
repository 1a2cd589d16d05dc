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
 * A subject as its fields: name -> one or more text values. A field that is
 * absent is "missing". Numbers are given as text ("6", "-3.5"); a list
 * field (route.countries, booking.payment_types) has list set, so that
 * `contains` means "holds an element equal to" rather than "has in its text".
 */
struct rule_field {
	const char *name;	/* borrowed: a static field name */
	char **v;
	size_t n, size;
	int list;
};

struct rule_subject {
	struct rule_field *f;
	size_t n, size;
	int oom;		/* an add failed; the subject is then not evaluated */
};

/* Adds a value to a field (created on first use); NULL and "" are no value. */
void rule_subject_add(struct rule_subject *s, const char *field,
    const char *value, int list);
/* A number as a value. */
void rule_subject_addf(struct rule_subject *s, const char *field, double v);
/* Marks a list field present even when it holds nothing (an empty route). */
const struct rule_field *rule_subject_get(const struct rule_subject *s,
    const char *field);
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
