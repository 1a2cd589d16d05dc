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

enum manifest_action {
	MANIFEST_REPLACE,
	MANIFEST_CHANGE,
	MANIFEST_CANCEL,
};

/* Dates are "YYYY-MM-DD"; local times "YYYY-MM-DDTHH:MM" (no zone: local at the port). */
struct document {
	char *type;	/* P passport, V visa, I identity card, ... */
	char *number;	/* as sent */
	char *country;	/* issuing state as sent (alpha-3 usually) */
	char *expiry;	/* YYYY-MM-DD */
};

/* A phone number, an e-mail address or a postal address, as sent. */
enum contact_kind {
	CONTACT_PHONE,
	CONTACT_EMAIL,
	CONTACT_ADDRESS,
};

struct contact {
	enum contact_kind kind;
	char *value;		/* one line: "+49 69 1234", "A@B.EXAMPLE", "1 MAIN ST, BERLIN, DEU" */
	char *country;		/* addresses: the country as sent, else NULL */
	char *source;		/* where it came from: "CTC", "SSR DOCA", "ADD", ... */
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
	char *booking_ref;	/* RFF AVF; in a PNR its record locator */
	struct document *docs;
	size_t ndocs;
	long offset;		/* where the person's NAD (or TIF) starts in the input */

	/* From a PNR (NULL / -1 / 0 for API). */
	int pnr;		/* index into the manifest's pnrs, or -1 */
	char *pnr_ref;		/* the passenger's reference within the PNR (TIF) */
	int infant;		/* 1 for an infant travelling on an adult's lap */
	int adult;		/* an infant's adult: index into people, or -1 */
	char *seat;		/* seat on the reported flight, e.g. "12A" */
	char *bags;		/* checked bags as sent, e.g. "2 PC 30 KG" */
	char *ticket;		/* ticket number */
	char *fare;		/* fare as sent, e.g. "EUR 412.50" */
	char *frequent_flyer;	/* "LH 992001234567" */
	struct contact *contacts;	/* the passenger's own: SSR DOCA, CTCM/CTCE */
	size_t ncontacts;

	/*
	 * Data-quality notes: a value of this person that was read leniently
	 * or left empty ("birth date ' 670603' sent with spaces: read as
	 * 1967-06-03"). Stored on the record and shown on the target list.
	 */
	char **notes;
	size_t nnotes;
};

/* A payment, as sent: card numbers stay masked as the carrier masked them. */
struct payment {
	char *type;		/* form of payment: "CC", "CA", "MS", ... */
	char *card_type;	/* "VI", "CA", ... */
	char *card_number;	/* as received (masked or not) */
	char *card_expiry;	/* as received: "1128" (MMYY) */
	char *holder;
	char *amount;		/* "EUR 825.00" */
};

/* One flight of a PNR's itinerary. */
struct segment {
	char *carrier;		/* marketing carrier */
	char *flight;		/* e.g. "LH0400" */
	char *operating_carrier;	/* codeshare: who flies it, else NULL */
	char *operating_flight;
	char *departure_port;
	char *arrival_port;
	char *departure_local;	/* YYYY-MM-DDTHH:MM */
	char *arrival_local;
	char *booking_class;
	char *status;		/* "HK", ... */
};

/* A passenger name record, as PNRGOV sends one. */
struct pnr {
	char *locator;		/* record locator (RCI) */
	char *locator_carrier;	/* airline that owns the locator */
	char *created;		/* booking date: YYYY-MM-DD or YYYY-MM-DDTHH:MM */
	char *ticketed;		/* ticketing date, same forms */
	char *agency;		/* travel agency as sent (IATA number, name, city) */
	char *split_from;	/* locator of the PNR this one was split from */
	char *bags;		/* bags for the whole PNR, as sent */
	struct contact *contacts;
	size_t ncontacts;
	struct payment *payments;
	size_t npayments;
	struct segment *itinerary;
	size_t nitinerary;
	long offset;		/* where the PNR starts (SRC) */
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
	/*
	 * What this message does to the earlier ones for the same arrival:
	 * MANIFEST_REPLACE (a full list, the usual), MANIFEST_CHANGE (only the
	 * people in it change) or MANIFEST_CANCEL (the people in it are off).
	 */
	enum manifest_action action;
	char *push;		/* PNRGOV push as sent (e.g. "22": 72 hours out), else NULL */
	struct leg *legs;
	size_t nlegs;
	struct person *people;
	size_t npeople;
	struct pnr *pnrs;	/* PNRGOV: the PNRs; people point into them */
	size_t npnrs;
	/*
	 * Cargo: the shipments a manifest (FFM, CUSCAR) lists for its
	 * conveyance, or the waybills of a FWB, FHL, XFWB, XFZB (no legs:
	 * they attach to the manifest that names their number).
	 */
	char *mode;		/* "air" or "sea"; NULL means air */
	char *vessel;		/* sea: the vessel's name; its IMO in the leg's transport_id */
	struct shipment *shipments;
	size_t nshipments;
	long offset;		/* where UNH starts */
};

/* A deviation from the standard that the parser read past: the ack names it. */
struct warning {
	long offset;		/* -1 when not known */
	char *message;
};

/* A shipment's party: shipper, consignee or notify party, as sent. */
struct party {
	char *name;
	char *address;		/* street lines, joined with ", " */
	char *city;
	char *postcode;
	char *country;		/* as sent (ISO alpha-2 usually) */
	char *contact;		/* phone, e-mail or contact name, as sent */
};

/* One line of goods. */
struct goods {
	char *description;
	char *hs_code;		/* as sent: 6 to 10 digits, dots allowed */
	char *pieces;
	char *weight;		/* with its unit: "120.5 K" */
	char *volume;		/* with its unit: "1.2 MC" */
};

/* A container (ISO 6346) or an air unit load device, with its seals. */
struct equipment {
	char *id;		/* "MSKU1234565", "AKE12345LH" */
	char *kind;		/* "container" or "uld" */
	char *seals;		/* seal numbers, ", "-joined */
};

/*
 * A consignment: an air waybill (master or house) or a bill of lading.
 * Numbers are as sent; validation (check digits, HS code form, ports)
 * happens in core/ and becomes data-quality reasons, never a drop.
 */
struct shipment {
	char *kind;		/* "air_waybill", "house_waybill", "bill_of_lading", "house_bill" */
	char *number;		/* "157-12345675", a B/L number */
	char *master;		/* a house's master waybill or bill, else NULL */
	struct party shipper, consignee, notify;
	struct goods *goods;
	size_t ngoods;
	struct equipment *equipment;
	size_t nequipment;
	char *origin;		/* port of origin (IATA or UN/LOCODE) */
	char *destination;	/* final destination */
	char *loading;		/* port of loading */
	char *discharge;	/* port of discharge */
	char *routing;		/* the route as sent, e.g. "FRA-LH-JFK" */
	char *pieces;		/* totals as sent */
	char *weight;
	char *flight;		/* FWB FLT: the booked flight, e.g. "LH400/27" */
	long offset;		/* where it starts in the input */
};

/*
 * A message of the interchange that could not be understood and was left
 * out, while the others beside it were kept: the ack names it.
 */
struct message_error {
	char *message_ref;	/* its UNH reference, or NULL */
	long offset;		/* where the error is */
	char *segment;		/* the segment at fault, or NULL */
	int segment_no;
	char *message;
};

/*
 * A carrier's answer to a cargo referral (core/referrals/referrals.h), as
 * its answer file says it.
 */
struct referral_answer {
	char *reference;	/* "R12" */
	char *status;		/* answered, screened, not-loaded */
	char *text;		/* what was done or found, or NULL */
	long offset;
};

struct model {
	struct arena *arena;
	struct warning *warnings;
	size_t nwarnings;
	struct message_error *errors;
	size_t nerrors;
	struct referral_answer *answers;	/* a referral answer file's */
	size_t nanswers;
	char *interchange_ref;	/* UNB control reference */
	char *sender;
	struct manifest *manifests;
	size_t nmanifests;
};

struct model *model_new(void);
void model_free(struct model *m);
/* Forgets everything m holds: m is then as model_new() made it. 0, or -1 out of memory. */
int model_reset(struct model *m);

/* Copies len bytes (NUL added) into the model's arena; NULL when out of memory. */
char *model_strndup(struct model *m, const char *s, size_t len);
char *model_strdup(struct model *m, const char *s);
/*
 * Copies v into *dst (the arena) for a parser filling a field; a NULL v
 * leaves *dst alone. 0, or -1 out of memory.
 */
int model_set(struct model *m, char **dst, const char *v);

/*
 * Growing arrays: each returns a pointer to a new zeroed element at the end
 * (owned by the model, valid until the next call on the same array), or NULL
 * when out of memory.
 */
struct manifest *model_add_manifest(struct model *m);
struct leg *model_add_leg(struct model *m, struct manifest *mf);
struct person *model_add_person(struct model *m, struct manifest *mf);
struct document *model_add_document(struct model *m, struct person *p);
struct pnr *model_add_pnr(struct model *m, struct manifest *mf);
struct contact *model_add_pnr_contact(struct model *m, struct pnr *r);
struct contact *model_add_person_contact(struct model *m, struct person *p);
struct payment *model_add_payment(struct model *m, struct pnr *r);
struct segment *model_add_segment(struct model *m, struct pnr *r);
struct shipment *model_add_shipment(struct model *m, struct manifest *mf);
struct goods *model_add_goods(struct model *m, struct shipment *sh);
struct equipment *model_add_equipment(struct model *m, struct shipment *sh);
struct referral_answer *model_add_answer(struct model *m);
/* Records a message left out, with the error that made it so; 0, or -1 out of memory. */
int model_add_error(struct model *m, const char *message_ref, long offset,
    const char *segment, int segment_no, const char *message);
/* Records a warning; 0, or -1 out of memory. */
int model_warn(struct model *m, long offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records a data-quality note on person p of m (no warning); 0, or -1 out of memory. */
int model_add_note(struct model *m, struct person *p, const char *text);

/*
 * Records a data-quality note on person p of m, and the same as a warning
 * of the file, prefixed with the person's name and, when where is not
 * NULL, where it is ("segment 12"): the ack names the person, the target
 * list shows the note. 0, or -1 out of memory.
 */
int model_note(struct model *m, struct person *p, long offset,
    const char *where, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/*
 * Removes control characters (C0, DEL and C1; a tab or line break becomes a
 * space) from the names of people and shipment parties, in place: a name
 * is stored and shown without them. Returns how many were removed.
 */
size_t model_clean_names(struct model *m);

/* The leg that arrives in the reporting country: the last with `reporting` set, else the last. */
const struct leg *manifest_arrival_leg(const struct manifest *mf);

#endif
