/*
 * The model a parser fills: what a carrier's file says, as sent, before
 * normalisation and before the database. A parser fills one struct model per
 * file; a model holds one manifest per message in the interchange.
 *
 * Every string in a model is owned by the model's arena and freed with it:
 * model_free() is the only free a caller needs. Strings are NUL-terminated
 * UTF-8 (or the bytes as received, when the sender's character set is not
 * UTF-8); NULL means "not sent".
 */
#ifndef VB_MODEL_H
#define VB_MODEL_H

#include <stddef.h>

struct arena;

enum person_role {
	ROLE_PASSENGER,
	ROLE_CREW,
};

/* Dates are "YYYY-MM-DD"; local times "YYYY-MM-DDTHH:MM" (no zone: local at the port). */
struct document {
	char *type;	/* P passport, V visa, I identity card, ... */
	char *number;	/* as sent */
	char *country;	/* issuing state as sent (alpha-3 usually) */
	char *expiry;	/* YYYY-MM-DD */
};

struct person {
	enum person_role role;
	char *surname;		/* as sent */
	char *given;		/* first given name as sent */
	char *middle;		/* further given names as sent */
	char *birth_date;	/* YYYY-MM-DD */
	char *gender;		/* M, F, X or U as sent */
	char *nationality;	/* as sent */
	char *residence;	/* country of residence (LOC 174) */
	char *birth_place;	/* LOC 180 */
	char *embark;		/* LOC 178: port of embarkation */
	char *debark;		/* LOC 179: port of debarkation */
	char *transit;		/* LOC 22: in-transit / clearance port */
	char *booking_ref;	/* RFF AVF */
	struct document *docs;
	size_t ndocs;
	long offset;		/* where the person's NAD starts in the input */
};

struct leg {
	char *carrier;		/* TDT carrier (e.g. "UA") */
	char *transport_id;	/* TDT journey id, e.g. "UA0989" */
	char *departure_port;	/* LOC 125 (or 92 routing) */
	char *arrival_port;	/* LOC 87 (or 92 routing) */
	char *departure_local;	/* DTM 189 */
	char *arrival_local;	/* DTM 232 */
	int reporting;		/* 1 when the leg arrives in the reporting country (LOC 87) */
};

struct manifest {
	char *format;		/* "paxlst", ... */
	char *version;		/* e.g. "D02B" */
	char *message_ref;	/* UNH reference */
	char *sender;		/* UNB sender */
	char *document_code;	/* BGM: 745 passengers, 250 crew, ... */
	enum person_role role;	/* who the list is about */
	struct leg *legs;
	size_t nlegs;
	struct person *people;
	size_t npeople;
	long offset;		/* where UNH starts */
};

/* A deviation from the standard that the parser read past: the ack names it. */
struct warning {
	long offset;		/* -1 when not known */
	char *message;
};

struct model {
	struct arena *arena;
	struct warning *warnings;
	size_t nwarnings;
	char *interchange_ref;	/* UNB control reference */
	char *sender;
	struct manifest *manifests;
	size_t nmanifests;
};

struct model *model_new(void);
void model_free(struct model *m);

/* Copies len bytes (NUL added) into the model's arena; NULL when out of memory. */
char *model_strndup(struct model *m, const char *s, size_t len);
char *model_strdup(struct model *m, const char *s);

/*
 * Growing arrays: each returns a pointer to a new zeroed element at the end
 * (owned by the model, valid until the next call on the same array), or NULL
 * when out of memory.
 */
struct manifest *model_add_manifest(struct model *m);
struct leg *model_add_leg(struct model *m, struct manifest *mf);
struct person *model_add_person(struct model *m, struct manifest *mf);
struct document *model_add_document(struct model *m, struct person *p);
/* Records a warning; 0, or -1 out of memory. */
int model_warn(struct model *m, long offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The leg that arrives in the reporting country: the last with `reporting` set, else the last. */
const struct leg *manifest_arrival_leg(const struct manifest *mf);

#endif
