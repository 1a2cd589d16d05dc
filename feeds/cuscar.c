/*
 * UN/EDIFACT CUSCAR (customs cargo report), as sea carriers send it: D95B
 * and every later directory, which add segments and groups but leave the
 * fields read here where they were. Roughly (the groups differ between
 * directories):
 *
 *   UNB [UNG] { UNH BGM DTM* [LOC* QTY*] {RFF DTM} {NAD {CTA COM}} FTX*
 *     {TDT LOC* DTM*} GIS*                       the conveyance
 *     {EQD TSR MEA DIM SEL* ...}                 containers and their seals
 *     {CNI CNT* {RFF|LOC|GIS* {TDT ...} {NAD {CTA COM}}
 *       {GID HAN FTX* MEA* SGP* DGS PCI* CST PIA}}}   bills of lading
 *   UNT } [UNE] UNZ
 *
 * Read as PAXLST is: in order, with a little state saying whose data a
 * segment is (the conveyance's, a container's, a consignment's, one of its
 * parties' or goods items'), since senders move segments about and the
 * versions group them differently. One message is one manifest; its first
 * TDT 20 (main carriage) is the conveyance and each CNI a bill of lading.
 *
 * The conveyance, and so the arrival, is identified the same way whoever
 * reports the call (a carrier, a slot charterer, an NVOCC): the vessel
 * (its IMO number, else its call sign, else its name), not the voyage
 * number, which differs from one carrier to the next.
 *
 * Containers are declared once per message by EQD (with their seals, SEL)
 * and placed into goods items by SGP: a bill of lading's equipment is every
 * container its goods items name, with the seals its EQD gave. Numbers are
 * kept as sent: check digits are core/'s business.
 *
 * A message that names no vessel call (vessel, arrival port, date) or a
 * bill of lading without its number cannot be stored: it is left out with
 * a clear error and the others kept (edi_walk). One without the vessel's
 * place of departure is kept (departure()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "norm/norm.h"
#include "edifact.h"
#include "feed.h"

enum cu_where {
	CU_MESSAGE,	/* header and TDT 20: their LOC, DTM are the leg's */
	CU_ASIDE,	/* a group whose LOC and DTM say nothing we keep */
	CU_EQUIPMENT,	/* EQD with its SEL and MEA */
	CU_CONSIGNMENT,	/* CNI or its RFF, with CNT, LOC, MEA */
	CU_CARRIAGE,	/* a consignment's own TDT (pre- or on-carriage) */
	CU_PARTY,	/* a consignment's NAD with its CTA and COM */
	CU_GOODS,	/* GID with FTX, PIA, CST, MEA, SGP */
};

/* Where a LOC's place goes, by its qualifier (3227). */
enum cu_slot {
	SLOT_DEPARTURE, SLOT_ARRIVAL,		/* the conveyance's leg */
	SLOT_LOADING, SLOT_DISCHARGE, SLOT_DESTINATION, SLOT_ORIGIN,
	SLOT_N
};

/* A container (or other equipment) the message declares with EQD. */
struct cu_unit {
	char *id;
	char *kind;
	char *seals;
};

struct cu {
	const struct feed_ctx *ctx;
	struct model *m;
	struct vb_error *err;
	struct manifest *mf;	/* the open message, NULL outside UNH..UNT */
	int unh_no;		/* its UNH's segment number */
	char *carrier_nad;	/* header NAD CA: carrier if TDT has none */
	struct leg *leg;	/* the conveyance's current leg */
	int leg_tdt;		/* that leg has had its TDT */
	int rank[SLOT_N];	/* each slot's source: 1 the best, 0 none yet */
	struct cu_unit *units;	/* the message's EQDs */
	size_t nunits, unitsz;
	long unit;		/* the EQD that SEL follow, or -1 */
	struct shipment *sh;	/* the open consignment (CNI), or NULL */
	int cni_no;		/* its CNI's segment number */
	char *cni_doc;		/* CNI 1004 */
	char *bm, *bh;		/* RFF BM (bill of lading), BH (house bill) */
	char *via;		/* LOC 13 transhipment places, "-" joined */
	struct party *party;	/* the NAD being read, or NULL */
	int party_com;		/* it has its COM */
	struct goods *g;	/* the open GID */
	enum cu_where where;
};

static int
cu_nomem(struct cu *x)
{
	return vb_err(x->err, VB_ENOMEM, "out of memory");
}

/* Copies v into *dst (the model's arena); an absent v leaves *dst alone. */
static int
set(struct cu *x, char **dst, const char *v)
{
	return edi_set(x->m, x->err, dst, v);
}

/* *dst, then sep, then v: lines of a name, an address, a description. */
static int
append(struct cu *x, char **dst, const char *sep, const char *v)
{
	size_t a, b, c;
	char *t;

	if (v == NULL)
		return 0;
	if (*dst == NULL)
		return set(x, dst, v);
	a = strlen(*dst);
	b = strlen(sep);
	c = strlen(v);
	if ((t = malloc(a + b + c + 1)) == NULL)
		return cu_nomem(x);
	memcpy(t, *dst, a);
	memcpy(t + a, sep, b);
	memcpy(t + a + b, v, c + 1);
	*dst = model_strndup(x->m, t, a + b + c);
	free(t);
	return *dst == NULL ? cu_nomem(x) : 0;
}

/* Components from..to of an element, sep between them, appended to *dst. */
static int
append_comps(struct cu *x, char **dst, const char *sep,
    const struct edi_segment *s, size_t el, size_t from, size_t to)
{
	for (size_t c = from; c <= to; c++)
		if (append(x, dst, sep, edi_get(s, el, c)) == -1)
			return -1;
	return 0;
}

static int
is(const char *v, const char *code)
{
	return v != NULL && strcmp(v, code) == 0;
}

/* "value unit", or the value alone: a weight, a volume, as sent. */
static int
set_measure(struct cu *x, char **dst, const char *value, const char *unit)
{
	char buf[128];

	if (value == NULL)
		return 0;
	if (unit == NULL)
		return set(x, dst, value);
	if ((size_t)snprintf(buf, sizeof(buf), "%s %s", value, unit) >=
	    sizeof(buf))
		return set(x, dst, value);	/* an absurd unit is dropped */
	return set(x, dst, buf);
}

/* ---- dates ---- */

/* The length of a value in date/time format 2379, or 0 if we do not read it. */
static size_t
format_length(const char *fmt)
{
	static const struct {
		const char *code;
		size_t len;
	} formats[] = {
		{"101", 6}, {"102", 8}, {"201", 10}, {"203", 12}, {"204", 14},
	};

	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(fmt, formats[i].code) == 0)
			return formats[i].len;
	return 0;
}

/*
 * DTM 2380 in format 2379 (or, without one, told by its length): 101
 * YYMMDD and 102 CCYYMMDD give "YYYY-MM-DD"; 201 YYMMDDHHMM, 203
 * CCYYMMDDHHMM and 204 (with seconds, dropped) "YYYY-MM-DDTHH:MM".
 */
static int
cu_datetime(const char *v, const char *fmt, int ref_year, char out[17])
{
	size_t n = v != NULL ? strlen(v) : 0, ny;
	int y, mon, d, h = 0, min = 0, sec = 0;

	if (fmt != NULL && format_length(fmt) != n)
		return -1;
	if (n != 6 && n != 8 && n != 10 && n != 12 && n != 14)
		return -1;
	ny = n == 6 || n == 10 ? 2 : 4;
	if (norm_digits(v, ny, &y) == -1 || norm_digits(v + ny, 2, &mon) == -1 ||
	    norm_digits(v + ny + 2, 2, &d) == -1)
		return -1;
	if (ny == 2)
		y = norm_year2(y, NORM_NEAR, ref_year);
	if (mon < 1 || mon > 12 || d < 1 || d > norm_days_in_month(y, mon))
		return -1;
	if (n == 6 || n == 8)
		return snprintf(out, 17, "%04d-%02d-%02d", y, mon, d) == 10 ?
		    0 : -1;
	if (norm_digits(v + ny + 4, 2, &h) == -1 ||
	    norm_digits(v + ny + 6, 2, &min) == -1 ||
	    (n == 14 && norm_digits(v + 12, 2, &sec) == -1) ||
	    h > 23 || min > 59 || sec > 59)
		return -1;
	return snprintf(out, 17, "%04d-%02d-%02dT%02d:%02d", y, mon, d, h,
	    min) == 16 ? 0 : -1;
}

/* ---- places ---- */

struct cu_place {
	const char *code;	/* 3227 */
	enum cu_slot slot;
	int rank;		/* 1 is the best source of the slot */
};

/*
 * The conveyance's places. Departure: 5 place of departure, else 125 last
 * port of call, else 9 port of loading. Arrival: 60 place of arrival, 24
 * port of entry or 87 place of initial arrival (all three: in the
 * reporting country), else 153 port of call, 11 place of discharge, 8
 * place of destination.
 */
static const struct cu_place conveyance_places[] = {
	{"5", SLOT_DEPARTURE, 1}, {"125", SLOT_DEPARTURE, 2},
	{"9", SLOT_DEPARTURE, 3},
	{"60", SLOT_ARRIVAL, 1}, {"24", SLOT_ARRIVAL, 2},
	{"87", SLOT_ARRIVAL, 3}, {"153", SLOT_ARRIVAL, 4},
	{"11", SLOT_ARRIVAL, 5}, {"8", SLOT_ARRIVAL, 6},
};
#define CU_REPORTING_RANK 3

/*
 * A consignment's places: 9 loading; 11 (or 12) discharge; 20 ultimate
 * destination, else 7 place of delivery, else 8 destination; 88 place of
 * receipt, else 10 place of acceptance, else 76 original port of loading
 * is the origin. LOC 13 (transhipment) makes the routing.
 */
static const struct cu_place consignment_places[] = {
	{"9", SLOT_LOADING, 1},
	{"11", SLOT_DISCHARGE, 1}, {"12", SLOT_DISCHARGE, 2},
	{"20", SLOT_DESTINATION, 1}, {"7", SLOT_DESTINATION, 2},
	{"8", SLOT_DESTINATION, 3},
	{"88", SLOT_ORIGIN, 1}, {"10", SLOT_ORIGIN, 2}, {"76", SLOT_ORIGIN, 3},
};

static const struct cu_place *
find_place(const struct cu_place *t, size_t n, const char *q)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].code, q) == 0)
			return &t[i];
	return NULL;
}

static char **
slot_field(struct cu *x, enum cu_slot slot)
{
	switch (slot) {
	case SLOT_DEPARTURE:
		return &x->leg->departure_port;
	case SLOT_ARRIVAL:
		return &x->leg->arrival_port;
	case SLOT_LOADING:
		return &x->sh->loading;
	case SLOT_DISCHARGE:
		return &x->sh->discharge;
	case SLOT_DESTINATION:
		return &x->sh->destination;
	default:
		return &x->sh->origin;
	}
}

/* Fills the place's slot unless a better source already did. */
static int
put_place(struct cu *x, const struct cu_place *p, const char *place)
{
	if (x->rank[p->slot] != 0 && x->rank[p->slot] <= p->rank)
		return 0;
	x->rank[p->slot] = p->rank;
	if (p->slot == SLOT_ARRIVAL)
		x->leg->reporting = p->rank <= CU_REPORTING_RANK;
	return set(x, slot_field(x, p->slot), place);
}

/* ---- the conveyance ---- */

static int
new_leg(struct cu *x)
{
	if ((x->leg = model_add_leg(x->m, x->mf)) == NULL)
		return cu_nomem(x);
	x->leg_tdt = 0;
	x->rank[SLOT_DEPARTURE] = x->rank[SLOT_ARRIVAL] = 0;
	return 0;
}

/* Header LOC and DTM may come before the TDT: they open the leg it fills. */
static int
need_leg(struct cu *x)
{
	return x->leg == NULL ? new_leg(x) : 0;
}

/* "9074729", "IMO9074729", "IMO 9074729": "IMO" and seven digits, or -1. */
static int
imo_form(const char *id, char out[11])
{
	if (strncasecmp(id, "IMO", 3) == 0) {
		id += 3;
		while (*id == ' ' || *id == '-')
			id++;
	}
	if (strlen(id) != 7 || strspn(id, "0123456789") != 7)
		return -1;
	return snprintf(out, 11, "IMO%s", id) == 10 ? 0 : -1;
}

/*
 * C222 (transport identification): 8213 the vessel's id, 1131 its code
 * list (103 a call sign; an IMO number comes with 146 and agency 11,
 * Lloyd's, or with none), 8212 its name. The transport id is the IMO
 * number as "IMO" and seven digits however it was written, else the id as
 * sent, else the name.
 */
static int
vessel(struct cu *x, const struct edi_segment *s)
{
	const char *id = edi_get(s, 8, 0), *list = edi_get(s, 8, 1);
	const char *name = edi_get(s, 8, 3);
	char imo[11];

	if (set(x, &x->mf->vessel, name) == -1)
		return -1;
	if (id != NULL && !is(list, "103") && imo_form(id, imo) == 0)
		return set(x, &x->leg->transport_id, imo);
	return set(x, &x->leg->transport_id, id != NULL ? id : name);
}

static int
seg_tdt(struct cu *x, const struct edi_segment *s)
{
	x->unit = -1;
	if (x->sh != NULL) {
		x->party = NULL;
		x->where = CU_CARRIAGE;
		return 0;
	}
	if (!edi_qualifier_is(s, "20")) {
		x->where = CU_ASIDE;
		return 0;
	}
	if ((x->leg == NULL || x->leg_tdt) && new_leg(x) == -1)
		return -1;
	x->leg_tdt = 1;
	x->where = CU_MESSAGE;
	if (set(x, &x->leg->carrier, edi_get(s, 5, 0)) == -1)
		return -1;
	return vessel(x, s);
}

/* ---- containers ---- */

static struct cu_unit *
find_unit(struct cu *x, const char *id)
{
	for (size_t i = 0; i < x->nunits; i++)
		if (strcmp(x->units[i].id, id) == 0)
			return &x->units[i];
	return NULL;
}

/* The consignment's equipment of that id, added if it is not there yet. */
static int
sh_equipment(struct cu *x, const char *id)
{
	struct equipment *q;

	for (size_t i = 0; i < x->sh->nequipment; i++)
		if (strcmp(x->sh->equipment[i].id, id) == 0)
			return 0;
	if ((q = model_add_equipment(x->m, x->sh)) == NULL)
		return cu_nomem(x);
	return set(x, &q->id, id);
}

/*
 * EQD CN is a container, anything else (trailer, rail car...) equipment
 * of no kind the model names. Declared again, an EQD adds nothing.
 */
static int
seg_eqd(struct cu *x, const struct edi_segment *s)
{
	const char *id = edi_get(s, 2, 0);
	struct cu_unit *u;

	x->where = CU_EQUIPMENT;
	x->unit = -1;
	if (id == NULL)
		return edi_warn(x->m, x->err, s->offset, "EQD (segment %d)"
		    " without an equipment number: ignored", s->number);
	if ((u = find_unit(x, id)) == NULL) {
		if (x->nunits == x->unitsz) {
			size_t sz = x->unitsz == 0 ? 16 : x->unitsz * 2;

			u = reallocarray(x->units, sz, sizeof(*u));
			if (u == NULL)
				return cu_nomem(x);
			x->units = u;
			x->unitsz = sz;
		}
		u = &x->units[x->nunits++];
		memset(u, 0, sizeof(*u));
		if (set(x, &u->id, id) == -1 || (edi_qualifier_is(s, "CN") &&
		    set(x, &u->kind, "container") == -1))
			return -1;
	}
	x->unit = u - x->units;
	/* Inside a consignment (not where the standard puts it): its own. */
	return x->sh != NULL ? sh_equipment(x, id) : 0;
}

static int
seg_sel(struct cu *x, const struct edi_segment *s)
{
	if (x->where != CU_EQUIPMENT || x->unit < 0)
		return edi_warn(x->m, x->err, s->offset, "SEL (segment %d)"
		    " outside an EQD: ignored", s->number);
	return append(x, &x->units[x->unit].seals, ", ", edi_get(s, 1, 0));
}

static int
seg_sgp(struct cu *x, const struct edi_segment *s)
{
	const char *id = edi_get(s, 1, 0);

	if (x->sh == NULL)
		return edi_warn(x->m, x->err, s->offset, "SGP (segment %d)"
		    " outside a consignment: ignored", s->number);
	return id != NULL ? sh_equipment(x, id) : 0;
}

/* Four letters, seven digits: a container number, whatever its check digit. */
static int
container_form(const char *id)
{
	if (strlen(id) != 11)
		return 0;
	for (int i = 0; i < 11; i++)
		if (i < 4 ? (id[i] < 'A' || id[i] > 'Z') :
		    (id[i] < '0' || id[i] > '9'))
			return 0;
	return 1;
}

/* Each consignment's containers get their kind and seals from their EQD. */
static int
resolve_equipment(struct cu *x)
{
	for (size_t i = 0; i < x->mf->nshipments; i++) {
		struct shipment *sh = &x->mf->shipments[i];

		for (size_t j = 0; j < sh->nequipment; j++) {
			struct equipment *q = &sh->equipment[j];
			struct cu_unit *u = find_unit(x, q->id);

			if (u != NULL) {
				q->kind = u->kind;
				q->seals = u->seals;
				continue;
			}
			if (edi_warn(x->m, x->err, sh->offset, "bill %s: SGP"
			    " names %s, which no EQD declares", sh->number,
			    q->id) == -1)
				return -1;
			if (container_form(q->id) &&
			    set(x, &q->kind, "container") == -1)
				return -1;
		}
	}
	return 0;
}

/* ---- consignments ---- */

/*
 * A house bill (RFF BH) is numbered by it, under the ocean bill of lading
 * (RFF BM, else a CNI 1004 that is not the house number); any other
 * consignment is the bill of lading RFF BM, else CNI 1004, names.
 */
static int
close_consignment(struct cu *x)
{
	struct shipment *sh = x->sh;
	char *number, *master = NULL;

	if (sh == NULL)
		return 0;
	x->sh = NULL;
	x->party = NULL;
	x->g = NULL;
	if (x->bh != NULL) {
		number = x->bh;
		master = x->bm;
		if (master == NULL && x->cni_doc != NULL &&
		    strcmp(x->cni_doc, x->bh) != 0)
			master = x->cni_doc;
	} else
		number = x->bm != NULL ? x->bm : x->cni_doc;
	if (number == NULL)
		return vb_err_at(x->err, VB_EINVALID, sh->offset, "CNI",
		    x->cni_no, "CNI (segment %d) without a bill of lading"
		    " number (CNI 1004, RFF BM or RFF BH)", x->cni_no);
	sh->number = number;	/* all in the model's arena */
	sh->master = master;
	if (set(x, &sh->kind, x->bh != NULL ? "house_bill" :
	    "bill_of_lading") == -1)
		return -1;
	if (x->via == NULL)
		return 0;
	if (append(x, &sh->routing, "", sh->loading) == -1 ||
	    append(x, &sh->routing, "-", x->via) == -1)
		return -1;
	return append(x, &sh->routing, "-", sh->discharge);
}

static int
seg_cni(struct cu *x, const struct edi_segment *s)
{
	if (close_consignment(x) == -1)
		return -1;
	if ((x->sh = model_add_shipment(x->m, x->mf)) == NULL)
		return cu_nomem(x);
	x->sh->offset = s->offset;
	x->cni_no = s->number;
	x->cni_doc = x->bm = x->bh = x->via = NULL;
	for (int i = SLOT_LOADING; i < SLOT_N; i++)
		x->rank[i] = 0;
	x->unit = -1;
	x->where = CU_CONSIGNMENT;
	return set(x, &x->cni_doc, edi_get(s, 2, 0));
}

/*
 * RFF in a consignment starts its reference group (SG8 in the later
 * directories), whose LOC are the consignment's; a container's or a goods
 * item's other references stay theirs. Outside one, RFF DTM is not the
 * arrival's.
 */
static int
seg_rff(struct cu *x, const struct edi_segment *s)
{
	const char *v = edi_get(s, 1, 1);
	int bm = edi_qualifier_is(s, "BM"), bh = edi_qualifier_is(s, "BH");

	if (x->sh == NULL) {
		x->where = CU_ASIDE;
		return 0;
	}
	if ((x->where == CU_EQUIPMENT || x->where == CU_GOODS) && !bm && !bh)
		return 0;
	x->party = NULL;
	x->unit = -1;
	x->where = CU_CONSIGNMENT;
	if (bm && x->bm == NULL)
		return set(x, &x->bm, v);
	if (bh && x->bh == NULL)
		return set(x, &x->bh, v);
	return 0;
}

/* CNT 7 total gross weight, 11 packages (else 8 pieces) of the consignment. */
static int
seg_cnt(struct cu *x, const struct edi_segment *s)
{
	const char *q = edi_get(s, 1, 0), *v = edi_get(s, 1, 1);

	if (x->sh == NULL || q == NULL)
		return 0;
	if (strcmp(q, "7") == 0)
		return set_measure(x, &x->sh->weight, v, edi_get(s, 1, 2));
	if (strcmp(q, "11") == 0 || (strcmp(q, "8") == 0 &&
	    x->sh->pieces == NULL))
		return set(x, &x->sh->pieces, v);
	return 0;
}

/* ---- parties ---- */

/*
 * NAD: C080 (element 4) the name in up to five parts, C059 (5) the street
 * lines, then city (6), postcode (8), country (9). A sender without the
 * structured form writes name and address lines in C058 (3).
 */
static int
fill_party(struct cu *x, struct party *p, const struct edi_segment *s)
{
	size_t nc;

	if (append_comps(x, &p->name, " ", s, 4, 0, 4) == -1 ||
	    append_comps(x, &p->address, ", ", s, 5, 0, 3) == -1)
		return -1;
	if (p->name == NULL && (nc = edi_ncomponents(s, 3)) > 0) {
		if (set(x, &p->name, edi_get(s, 3, 0)) == -1)
			return -1;
		if (p->address == NULL &&
		    append_comps(x, &p->address, ", ", s, 3, 1, 4) == -1)
			return -1;
	}
	if (set(x, &p->city, edi_get(s, 6, 0)) == -1 ||
	    set(x, &p->postcode, edi_get(s, 8, 0)) == -1 ||
	    set(x, &p->country, edi_get(s, 9, 0)) == -1)
		return -1;
	return 0;
}

/* The consignment's party a NAD qualifier (3035) names, or NULL. */
static struct party *
party_of(struct shipment *sh, const char *q)
{
	if (is(q, "CZ") || is(q, "SH"))
		return &sh->shipper;
	if (is(q, "CN"))
		return &sh->consignee;
	if (is(q, "N1") || is(q, "NI"))
		return &sh->notify;
	return NULL;
}

static int
seg_nad(struct cu *x, const struct edi_segment *s)
{
	const char *q = edi_get(s, 1, 0);
	struct party *p;

	x->party = NULL;
	x->unit = -1;
	if (x->sh == NULL) {
		x->where = CU_ASIDE;
		if (is(q, "CA") && x->carrier_nad == NULL)
			return set(x, &x->carrier_nad, edi_get(s, 2, 0));
		return 0;
	}
	x->where = CU_PARTY;
	if ((p = party_of(x->sh, q)) == NULL)
		return 0;
	if (p->name != NULL || p->address != NULL)
		return edi_warn(x->m, x->err, s->offset, "NAD %s (segment %d):"
		    " the consignment has one already, ignored", q, s->number);
	x->party = p;
	x->party_com = 0;
	return fill_party(x, p, s);
}

/* The party's contact: its first COM number, else its CTA name. */
static int
seg_cta(struct cu *x, const struct edi_segment *s)
{
	if (x->where != CU_PARTY || x->party == NULL ||
	    x->party->contact != NULL)
		return 0;
	return set(x, &x->party->contact, edi_get(s, 2, 1));
}

static int
seg_com(struct cu *x, const struct edi_segment *s)
{
	const char *v = edi_get(s, 1, 0);

	if (x->where != CU_PARTY || x->party == NULL || x->party_com ||
	    v == NULL)
		return 0;
	x->party_com = 1;
	return set(x, &x->party->contact, v);
}

/* ---- goods ---- */

static int
seg_gid(struct cu *x, const struct edi_segment *s)
{
	x->party = NULL;
	x->unit = -1;
	if (x->sh == NULL) {
		x->where = CU_ASIDE;
		return edi_warn(x->m, x->err, s->offset, "GID (segment %d)"
		    " outside a consignment: ignored", s->number);
	}
	x->where = CU_GOODS;
	if ((x->g = model_add_goods(x->m, x->sh)) == NULL)
		return cu_nomem(x);
	return set(x, &x->g->pieces, edi_get(s, 2, 0));
}

/* FTX AAA: the goods description, every line and every FTX of the item. */
static int
seg_ftx(struct cu *x, const struct edi_segment *s)
{
	if (!edi_qualifier_is(s, "AAA"))
		return 0;
	if (x->where != CU_GOODS)
		return x->sh == NULL ? 0 : edi_warn(x->m, x->err, s->offset,
		    "FTX AAA (segment %d) outside a goods item: ignored",
		    s->number);
	return append_comps(x, &x->g->description, " ", s, 4, 0, 4);
}

/* PIA: the item number (7140) of type (7143) HS, the harmonised system. */
static int
seg_pia(struct cu *x, const struct edi_segment *s)
{
	if (x->where != CU_GOODS)
		return 0;
	for (size_t el = 2; el <= 6; el++)
		if (is(edi_get(s, el, 1), "HS"))
			return set(x, &x->g->hs_code, edi_get(s, el, 0));
	return 0;
}

/* CST: customs identity codes (C246), the tariff number, when PIA gave none. */
static int
seg_cst(struct cu *x, const struct edi_segment *s)
{
	if (x->where != CU_GOODS || x->g->hs_code != NULL)
		return 0;
	return set(x, &x->g->hs_code, edi_get(s, 2, 0));
}

/*
 * MEA: 6311 purpose (AAE measurement, WT weight, VOL volume), C502 6313
 * what (G gross weight, AAB goods item gross weight, AAD consignment gross
 * weight, AAE item gross weight; AAW gross volume), C174 unit and value.
 * A goods item's own, or a consignment's gross weight; a container's
 * (tare, verified gross mass) says nothing about the goods.
 */
static int
seg_mea(struct cu *x, const struct edi_segment *s)
{
	const char *purpose = edi_get(s, 1, 0), *what = edi_get(s, 2, 0);
	const char *unit = edi_get(s, 3, 0), *v = edi_get(s, 3, 1);
	int weight, volume;

	weight = is(what, "G") || is(what, "AAB") || is(what, "AAD") ||
	    is(what, "AAE") || (what == NULL && is(purpose, "WT"));
	volume = is(what, "AAW") || is(purpose, "VOL");
	if (x->where == CU_GOODS && weight)
		return set_measure(x, &x->g->weight, v, unit);
	if (x->where == CU_GOODS && volume)
		return set_measure(x, &x->g->volume, v, unit);
	if (x->where == CU_CONSIGNMENT && weight && x->sh->weight == NULL)
		return set_measure(x, &x->sh->weight, v, unit);
	return 0;
}

/* ---- places and dates ---- */

static int
loc_consignment(struct cu *x, const char *q, const char *place)
{
	const struct cu_place *p;

	if (strcmp(q, "13") == 0)
		return append(x, &x->via, "-", place);
	p = find_place(consignment_places, sizeof(consignment_places) /
	    sizeof(consignment_places[0]), q);
	return p != NULL ? put_place(x, p, place) : 0;
}

static int
seg_loc(struct cu *x, const struct edi_segment *s)
{
	const char *q = edi_get(s, 1, 0), *place;
	const struct cu_place *p;

	/* C517: the code, or else the name. */
	if ((place = edi_get(s, 2, 0)) == NULL)
		place = edi_get(s, 2, 3);
	if (q == NULL || place == NULL)
		return 0;
	switch (x->where) {
	case CU_MESSAGE:
		p = find_place(conveyance_places, sizeof(conveyance_places) /
		    sizeof(conveyance_places[0]), q);
		if (p == NULL)
			return 0;
		return need_leg(x) == -1 ? -1 : put_place(x, p, place);
	case CU_CONSIGNMENT:
	case CU_PARTY:
		return loc_consignment(x, q, place);
	default:
		return 0;	/* a container's, goods item's, carriage's */
	}
}

/*
 * The conveyance's DTM: 132 estimated, 232 scheduled, 178 actual arrival;
 * 133, 189, 186 the same for the departure. The first given is kept.
 */
static int
seg_dtm(struct cu *x, const struct edi_segment *s)
{
	const char *q = edi_get(s, 1, 0), *v = edi_get(s, 1, 1);
	const char *fmt = edi_get(s, 1, 2);
	char d[17];
	char **dst;
	int arrival;

	if (x->where != CU_MESSAGE || q == NULL)
		return 0;
	arrival = is(q, "132") || is(q, "232") || is(q, "178");
	if (!arrival && !is(q, "133") && !is(q, "189") && !is(q, "186"))
		return 0;
	if (need_leg(x) == -1)
		return -1;
	dst = arrival ? &x->leg->arrival_local : &x->leg->departure_local;
	if (*dst != NULL)
		return 0;
	if (cu_datetime(v, fmt, x->ctx->ref_year, d) == -1) {
		char what[64];

		(void)snprintf(what, sizeof(what), "%s date/time in format %s",
		    q, fmt != NULL ? fmt : "(none)");
		return edi_seg_err(x->err, VB_EINVALID, s, what, v);
	}
	return set(x, dst, d);
}

/* ---- the message ---- */

static int
seg_unb(struct cu *x, const struct edi_segment *s)
{
	if (set(x, &x->m->sender, edi_get(s, 2, 0)) == -1 ||
	    set(x, &x->m->interchange_ref, edi_get(s, 5, 0)) == -1)
		return -1;
	return 0;
}

static int
seg_unh(struct cu *x, const struct edi_segment *s)
{
	const char *type = edi_get(s, 2, 0);
	char version[32];

	if (!is(type, "CUSCAR"))
		return edi_seg_err(x->err, VB_EUNSUPPORTED, s,
		    "message type is not CUSCAR", type);
	if (edi_message_version(s, version, sizeof(version)) == -1)
		return edi_seg_err(x->err, VB_EINVALID, s, "version too long",
		    edi_get(s, 2, 1));
	if ((x->mf = model_add_manifest(x->m)) == NULL)
		return cu_nomem(x);
	x->mf->offset = s->offset;
	x->unh_no = s->number;
	x->mf->sender = x->m->sender;	/* both in the model's arena */
	if (set(x, &x->mf->format, "cuscar") == -1 ||
	    set(x, &x->mf->mode, "sea") == -1 ||
	    (version[0] != '\0' && set(x, &x->mf->version, version) == -1) ||
	    set(x, &x->mf->message_ref, edi_get(s, 1, 0)) == -1)
		return -1;
	return 0;
}

/*
 * BGM: the document code (1001: 85 customs manifest, 785 cargo manifest,
 * ...) and what the message does (1225): 1 cancellation and 3 deletion take
 * its bills off, 4 change amends them, anything else is the report itself.
 */
static int
seg_bgm(struct cu *x, const struct edi_segment *s)
{
	const char *fn = edi_get(s, 3, 0);

	if (is(fn, "1") || is(fn, "3"))
		x->mf->action = MANIFEST_CANCEL;
	else if (is(fn, "4"))
		x->mf->action = MANIFEST_CHANGE;
	else
		x->mf->action = MANIFEST_REPLACE;
	return set(x, &x->mf->document_code, edi_get(s, 1, 0));
}

/*
 * What the store needs to name the vessel call (the vessel, where and when
 * it arrives): without it the message cannot be attached to an arrival,
 * and saying so here loses this message only, not the file. Where the
 * vessel comes from describes the call but does not name it (departure()).
 */
static int
check_conveyance(struct cu *x)
{
	const struct leg *l = manifest_arrival_leg(x->mf);
	const char *missing = NULL;

	if (l == NULL || !x->leg_tdt)
		missing = "no conveyance (TDT 20, main carriage)";
	else if (l->transport_id == NULL)
		missing = "TDT 20 names no vessel (C222: IMO number, call sign"
		    " or name)";
	else if (l->arrival_port == NULL)
		missing = "no place of arrival (LOC 60, 24, 87, 153, 11 or 8)";
	else if (l->arrival_local == NULL && l->departure_local == NULL)
		missing = "no arrival or departure date (DTM 132, 232, 178,"
		    " 133, 189 or 186)";
	if (missing == NULL)
		return 0;
	return vb_err_at(x->err, VB_EINVALID, x->mf->offset, "UNH", x->unh_no,
	    "CUSCAR message %s does not name its vessel call: %s",
	    x->mf->message_ref != NULL ? x->mf->message_ref : "", missing);
}

/* Up to this many ports of loading are named in a warning. */
#define CU_PORTS_NAMED 4

/*
 * A message without the vessel's place of departure (LOC 5, 125 or 9 with
 * TDT 20; seen from slot charterers, who report their own bills only): the
 * previous leg's arrival port when the message has one; else the port of
 * loading of its bills (LOC 9) when they all name the same one, since then
 * that is where the reported cargo left from; else none, since which of
 * several ports the vessel called at last cannot be told from the bills.
 * The store keys a vessel call on the vessel, its arrival port and day, so
 * a departure left empty loses no match. Either way the ack says so.
 */
static int
departure(struct cu *x)
{
	const struct leg *arrival = manifest_arrival_leg(x->mf);
	char *port[CU_PORTS_NAMED], named[CU_PORTS_NAMED * 24] = "";
	size_t n = 0, more = 0, i, k;
	const char *ref;
	struct leg *l;

	if (arrival == NULL || arrival->departure_port != NULL)
		return 0;
	l = &x->mf->legs[arrival - x->mf->legs];
	ref = x->mf->message_ref != NULL ? x->mf->message_ref : "";
	if (l > x->mf->legs && l[-1].arrival_port != NULL) {
		l->departure_port = l[-1].arrival_port;	/* the model's arena */
		return edi_warn(x->m, x->err, x->mf->offset, "CUSCAR message %s"
		    " names no place of departure for its last leg (LOC 5, 125"
		    " or 9): the previous leg's arrival %s taken", ref,
		    l->departure_port);
	}
	for (i = 0; i < x->mf->nshipments; i++) {
		char *p = x->mf->shipments[i].loading;

		/* Cargo loaded where the vessel arrives says nothing of its route. */
		if (p == NULL || strcmp(p, l->arrival_port) == 0)
			continue;
		for (k = 0; k < n && strcmp(port[k], p) != 0; k++)
			;
		if (k < n)
			continue;
		if (n < CU_PORTS_NAMED)
			port[n++] = p;
		else
			more++;
	}
	if (n == 1 && more == 0) {
		l->departure_port = port[0];	/* the model's arena */
		return edi_warn(x->m, x->err, x->mf->offset, "CUSCAR message %s"
		    " names no place of departure (LOC 5, 125 or 9): its bills'"
		    " port of loading %s taken", ref, port[0]);
	}
	for (k = 0; k < n; k++) {
		(void)strlcat(named, k > 0 ? ", " : "", sizeof(named));
		(void)strlcat(named, port[k], sizeof(named));	/* cut: a hint */
	}
	if (n == 0)
		return edi_warn(x->m, x->err, x->mf->offset, "CUSCAR message %s"
		    " names no place of departure (LOC 5, 125 or 9), nor do its"
		    " bills: the departure is left empty", ref);
	return edi_warn(x->m, x->err, x->mf->offset, "CUSCAR message %s names"
	    " no place of departure (LOC 5, 125 or 9) and its bills were loaded"
	    " at %s%s: the departure is left empty", ref, named,
	    more > 0 ? " and more" : "");
}

static int
end_message(struct cu *x)
{
	if (close_consignment(x) == -1 || check_conveyance(x) == -1 ||
	    departure(x) == -1 || resolve_equipment(x) == -1)
		return -1;
	for (size_t i = 0; i < x->mf->nlegs; i++)
		if (x->mf->legs[i].carrier == NULL)
			x->mf->legs[i].carrier = x->carrier_nad;
	return 0;
}

static const struct {
	const char *tag;
	int (*fn)(struct cu *, const struct edi_segment *);
} cu_segments[] = {
	{"BGM", seg_bgm},
	{"TDT", seg_tdt},
	{"LOC", seg_loc},
	{"DTM", seg_dtm},
	{"EQD", seg_eqd},
	{"SEL", seg_sel},
	{"CNI", seg_cni},
	{"RFF", seg_rff},
	{"CNT", seg_cnt},
	{"NAD", seg_nad},
	{"CTA", seg_cta},
	{"COM", seg_com},
	{"GID", seg_gid},
	{"FTX", seg_ftx},
	{"PIA", seg_pia},
	{"CST", seg_cst},
	{"MEA", seg_mea},
	{"SGP", seg_sgp},
};
#define CU_NSEGMENTS (sizeof(cu_segments) / sizeof(cu_segments[0]))

/* ---- the walk (edi_walk): one message at a time ---- */

/* Forgets the message's state: a new UNH, or a second reading. */
static void
cu_forget(struct cu *x)
{
	x->mf = NULL;
	x->leg = NULL;
	x->leg_tdt = 0;
	x->carrier_nad = NULL;
	memset(x->rank, 0, sizeof(x->rank));
	x->nunits = 0;
	x->unit = -1;
	x->sh = NULL;
	x->party = NULL;
	x->g = NULL;
	x->where = CU_MESSAGE;
}

static int
cu_envelope(void *arg, const struct edi_segment *s, struct vb_error *err)
{
	struct cu *x = arg;

	x->err = err;
	return edi_is(s, "UNB") ? seg_unb(x, s) : 0;
}

static int
cu_begin(void *arg, const struct edi_segment *s, struct vb_error *err)
{
	struct cu *x = arg;

	x->err = err;
	cu_forget(x);
	return seg_unh(x, s);
}

static int
cu_segment(void *arg, const struct edi_segment *s, struct vb_error *err)
{
	struct cu *x = arg;

	x->err = err;
	for (size_t i = 0; i < CU_NSEGMENTS; i++)
		if (edi_is(s, cu_segments[i].tag))
			return cu_segments[i].fn(x, s);
	return 0;
}

static int
cu_end(void *arg, const struct edi_segment *s, struct vb_error *err)
{
	struct cu *x = arg;
	int rc;

	(void)s;
	x->err = err;
	rc = end_message(x);
	cu_forget(x);
	return rc;
}

static void
cu_reset(void *arg)
{
	cu_forget(arg);
}

static int
cuscar_detect(const char *buf, size_t len)
{
	return edi_detect_type(buf, len, "CUSCAR");
}

static int
cuscar_parse(const char *buf, size_t len, const struct feed_ctx *ctx,
    struct model *out, struct vb_error *err)
{
	struct cu x;
	const struct edi_walker w = {&x, cu_envelope, cu_begin, cu_segment,
	    cu_end, cu_reset, out};
	int rc;

	memset(&x, 0, sizeof(x));
	x.ctx = ctx;
	x.m = out;
	x.err = err;
	cu_forget(&x);
	rc = edi_walk(buf, len, &w, err);
	free(x.units);
	return rc;
}

const struct feed_parser feed_cuscar = {"cuscar", cuscar_detect, cuscar_parse};
