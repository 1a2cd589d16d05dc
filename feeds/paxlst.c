/*
 * UN/EDIFACT PAXLST (passenger and crew lists, API): D02B, D05B and any
 * later directory with the same segments, as the WCO/IATA/ICAO guidelines
 * lay them out:
 *
 *   UNB [UNG] { UNH BGM [RFF] [NAD MS COM] {TDT LOC DTM...}
 *               {NAD FL|FM ATT DTM LOC NAT RFF {DOC DTM LOC}} CNT UNT } [UNE] UNZ
 *
 * Segments are read in order with a little state (the current leg, person
 * and document), not against the full branching diagram: senders reorder
 * and omit freely, and what matters is who the data belongs to. Unknown
 * segments are skipped. Counts that disagree (CNT, UNT) are warnings, since
 * the list itself is still what the carrier sent. A message that cannot be
 * understood is left out and recorded, the others kept (edi_walk).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "norm/norm.h"
#include "edifact.h"
#include "feed.h"

enum px_where { IN_HEADER, IN_LEG, IN_PERSON };

struct px {
	const struct feed_ctx *ctx;
	struct model *m;
	struct vb_error *err;
	struct manifest *mf;	/* the open message, NULL outside UNH..UNT */
	struct leg *leg;	/* the last TDT's leg */
	struct person *p;	/* the last NAD FL/FM's person */
	struct document *doc;	/* the person's last DOC */
	enum px_where where;
	/* The message's first NAD without a surname (0: none), and how many. */
	long nameless_offset;
	int nameless_segment, nameless;
	char nameless_q[4];
};

/* Copies v into *dst (the model's arena); an absent v leaves *dst alone. */
static int
set(struct px *x, char **dst, const char *v)
{
	return edi_set(x->m, x->err, dst, v);
}

/*
 * A data-quality note on the current person (model_note): the ack names
 * the person and segment s, the target list shows the note.
 */
static int
note(struct px *x, const struct edi_segment *s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
note(struct px *x, const struct edi_segment *s, const char *fmt, ...)
{
	char text[512], where[32];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(text, sizeof(text), fmt, ap);	/* a cut note still helps */
	va_end(ap);
	(void)snprintf(where, sizeof(where), "segment %d", s->number);
	if (model_note(x->m, x->p, s->offset, where, "%s", text) == -1)
		return vb_err(x->err, VB_ENOMEM, "out of memory");
	return 0;
}

/* ---- dates ---- */

/*
 * "YYMMDD..." or "CCYYMMDD..." at s (ndate = 6 or 8 digits) into y, mon, d,
 * a two-digit year resolved as norm_year2 does.
 */
static int
read_date(const char *s, size_t ndate, enum norm_when when, int ref_year,
    int *y, int *mon, int *d)
{
	size_t ny = ndate - 4;

	if (norm_digits(s, ny, y) == -1 || norm_digits(s + ny, 2, mon) == -1 ||
	    norm_digits(s + ny + 2, 2, d) == -1)
		return -1;
	if (ny == 2)
		*y = norm_year2(*y, when, ref_year);
	if (*mon < 1 || *mon > 12 || *d < 1 || *d > norm_days_in_month(*y, *mon))
		return -1;
	return 0;
}

/* DTM 329 / 36: format 101 YYMMDD, 102 CCYYMMDD, or told by the length. */
static int
edi_date(const char *v, enum norm_when when, int ref_year, char out[11])
{
	int y, mon, d;
	size_t n = v != NULL ? strlen(v) : 0;

	if ((n != 6 && n != 8) ||
	    read_date(v, n, when, ref_year, &y, &mon, &d) == -1)
		return -1;
	if (snprintf(out, 11, "%04d-%02d-%02d", y, mon, d) != 10)
		return -1;
	return 0;
}

/* DTM 189 / 232: format 201 YYMMDDHHMM or 203 CCYYMMDDHHMM. */
static int
edi_datetime(const char *v, int ref_year, char out[17])
{
	int y, mon, d, h, min;
	size_t n = v != NULL ? strlen(v) : 0;

	if ((n != 10 && n != 12) ||
	    read_date(v, n - 4, NORM_NEAR, ref_year, &y, &mon, &d) == -1 ||
	    norm_digits(v + n - 4, 2, &h) == -1 || norm_digits(v + n - 2, 2, &min) == -1 ||
	    h > 23 || min > 59)
		return -1;
	if (snprintf(out, 17, "%04d-%02d-%02dT%02d:%02d", y, mon, d, h,
	    min) != 16)
		return -1;
	return 0;
}

/* ---- segments ---- */

static int
seg_unb(struct px *x, const struct edi_segment *s)
{
	if (set(x, &x->m->sender, edi_get(s, 2, 0)) == -1 ||
	    set(x, &x->m->interchange_ref, edi_get(s, 5, 0)) == -1)
		return -1;
	return 0;
}

static int
seg_unh(struct px *x, const struct edi_segment *s)
{
	const char *type = edi_get(s, 2, 0);
	char version[32];

	if (type == NULL || strcmp(type, "PAXLST") != 0)
		return edi_seg_err(x->err, VB_EUNSUPPORTED, s,
		    "message type is not PAXLST", type);
	if (edi_message_version(s, version, sizeof(version)) == -1)
		return edi_seg_err(x->err, VB_ESYNTAX, s, "version too long",
		    edi_get(s, 2, 1));
	if ((x->mf = model_add_manifest(x->m)) == NULL)
		return vb_err(x->err, VB_ENOMEM, "out of memory");
	x->mf->offset = s->offset;
	x->mf->role = ROLE_PASSENGER;
	x->leg = NULL;
	x->p = NULL;
	x->doc = NULL;
	x->where = IN_HEADER;
	x->nameless = 0;
	x->mf->sender = x->m->sender;	/* both in the model's arena */
	if (set(x, &x->mf->format, "paxlst") == -1 ||
	    (version[0] != '\0' && set(x, &x->mf->version, version) == -1) ||
	    set(x, &x->mf->message_ref, edi_get(s, 1, 0)) == -1)
		return -1;
	return 0;
}

/*
 * What a list does to the earlier ones (BGM 1004, the document
 * identifier): CP (passengers) and CC, BC, EC, FC (crew changes) change the
 * people in it; XR (reservation cancelled) and RP (reduction in party) take
 * them off; none, or any other, is the full list.
 */
static enum manifest_action
bgm_action(const char *id)
{
	static const char *const change[] = {"CP", "CC", "BC", "EC", "FC"};
	static const char *const cancel[] = {"XR", "RP"};

	for (size_t i = 0; id != NULL && i < sizeof(change) / sizeof(change[0]); i++)
		if (strcmp(id, change[i]) == 0)
			return MANIFEST_CHANGE;
	for (size_t i = 0; id != NULL && i < sizeof(cancel) / sizeof(cancel[0]); i++)
		if (strcmp(id, cancel[i]) == 0)
			return MANIFEST_CANCEL;
	return MANIFEST_REPLACE;
}

static int
seg_bgm(struct px *x, const struct edi_segment *s)
{
	const char *code = edi_get(s, 1, 0);

	if (set(x, &x->mf->document_code, code) == -1)
		return -1;
	x->mf->role = code != NULL && strcmp(code, "250") == 0 ?
	    ROLE_CREW : ROLE_PASSENGER;
	x->mf->action = bgm_action(edi_get(s, 2, 0));
	return 0;
}

/*
 * A flight number without its carrier element (TDT+20+TN506): the airline
 * designator is the first two characters, as in every IATA flight number.
 */
static int
leg_carrier(struct px *x, const char *id)
{
	char c[3];

	if (id == NULL || strlen(id) < 3)
		return 0;
	memcpy(c, id, 2);
	c[2] = '\0';
	return set(x, &x->leg->carrier, c);
}

/* The journey id as every air parser spells it (norm_flight). */
static int
leg_id(struct px *x, const char *carrier, const char *id)
{
	char fl[32];

	if (id == NULL)
		return 0;
	if (norm_flight(carrier, id, fl, sizeof(fl)) == -1)
		return set(x, &x->leg->transport_id, id);
	return set(x, &x->leg->transport_id, fl);
}

static int
seg_tdt(struct px *x, const struct edi_segment *s)
{
	const char *id = edi_get(s, 2, 0), *carrier = edi_get(s, 5, 0);

	x->p = NULL;
	x->doc = NULL;
	if (!edi_qualifier_is(s, "20")) {
		x->where = IN_HEADER;
		return 0;
	}
	if ((x->leg = model_add_leg(x->m, x->mf)) == NULL)
		return vb_err(x->err, VB_ENOMEM, "out of memory");
	x->where = IN_LEG;
	if (leg_id(x, carrier, id) == -1)
		return -1;
	if (carrier != NULL)
		return set(x, &x->leg->carrier, carrier);
	return leg_carrier(x, id);
}

/* Further given names, space separated, from NAD 3036 components 3 to 5. */
static int
set_middle(struct px *x, const struct edi_segment *s, size_t el)
{
	char buf[512];
	size_t n = 0;
	const char *v;

	buf[0] = '\0';
	for (size_t c = 2; c < 5; c++) {
		if ((v = edi_get(s, el, c)) == NULL)
			continue;
		if ((n > 0 && strlcat(buf, " ", sizeof(buf)) >= sizeof(buf)) ||
		    (n = strlcat(buf, v, sizeof(buf))) >= sizeof(buf)) {
			/* Cut before a character strlcat left incomplete. */
			size_t k = n = strlen(buf);

			while (k > 0 && ((unsigned char)buf[k - 1] & 0xc0) == 0x80)
				k--;
			if (k > 0) {
				unsigned char lead = (unsigned char)buf[k - 1];
				size_t len = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 :
				    lead >= 0xe0 ? 3 : 2;

				if (k - 1 + len > n)
					n = k - 1;
			}
			buf[n] = '\0';
			if (note(x, s, "further given names longer than %zu"
			    " bytes: cut", sizeof(buf) - 1) == -1)
				return -1;
			break;
		}
	}
	return set(x, &x->p->middle, n > 0 ? buf : NULL);
}

/*
 * NAD FL passenger, FM crew member (DDU, DDT: the same in transit); NAD MS
 * and the like are the reporting party, not people on board. C080 holds
 * surname, first given name, further given names.
 */
static int
seg_nad(struct px *x, const struct edi_segment *s)
{
	const char *q = edi_get(s, 1, 0);
	enum person_role role;
	size_t el = 4;		/* C080 party name */

	x->doc = NULL;
	if (q != NULL && (strcmp(q, "FL") == 0 || strcmp(q, "DDU") == 0))
		role = ROLE_PASSENGER;
	else if (q != NULL && (strcmp(q, "FM") == 0 || strcmp(q, "DDT") == 0))
		role = ROLE_CREW;
	else {
		x->p = NULL;
		x->where = IN_HEADER;
		return 0;
	}
	/* Some senders put the name in C058 (name and address) instead. */
	if (edi_ncomponents(s, 4) == 0 || (edi_get(s, 4, 0) == NULL &&
	    edi_get(s, 4, 1) == NULL))
		el = 3;
	if (edi_get(s, el, 0) == NULL) {
		/* No one to screen: left out, the others kept. */
		x->p = NULL;
		x->where = IN_HEADER;
		if (x->nameless++ == 0) {
			x->nameless_offset = s->offset;
			x->nameless_segment = s->number;
			strlcpy(x->nameless_q, q, sizeof(x->nameless_q));
		}
		return edi_warn(x->m, x->err, s->offset, "NAD %s (segment %d)"
		    " without a surname: that person left out", q, s->number);
	}
	if ((x->p = model_add_person(x->m, x->mf)) == NULL)
		return vb_err(x->err, VB_ENOMEM, "out of memory");
	x->where = IN_PERSON;
	x->p->role = role;
	x->p->offset = s->offset;
	if (set(x, &x->p->surname, edi_get(s, el, 0)) == -1 ||
	    set(x, &x->p->given, edi_get(s, el, 1)) == -1)
		return -1;
	return set_middle(x, s, el);
}

static int
seg_att(struct px *x, const struct edi_segment *s)
{
	if (x->where != IN_PERSON || !edi_qualifier_is(s, "2"))
		return 0;
	return set(x, &x->p->gender, edi_get(s, 3, 0));
}

static int
seg_nat(struct px *x, const struct edi_segment *s)
{
	if (x->where != IN_PERSON || x->p->nationality != NULL)
		return 0;
	return set(x, &x->p->nationality, edi_get(s, 2, 0));
}

static int
seg_rff(struct px *x, const struct edi_segment *s)
{
	if (x->where != IN_PERSON || !edi_qualifier_is(s, "AVF"))
		return 0;
	return set(x, &x->p->booking_ref, edi_get(s, 1, 1));
}

static int
seg_doc(struct px *x, const struct edi_segment *s)
{
	if (x->where != IN_PERSON)
		return edi_warn(x->m, x->err, s->offset,
		    "DOC (segment %d) outside a person: ignored", s->number);
	if ((x->doc = model_add_document(x->m, x->p)) == NULL)
		return vb_err(x->err, VB_ENOMEM, "out of memory");
	if (set(x, &x->doc->type, edi_get(s, 1, 0)) == -1 ||
	    set(x, &x->doc->number, edi_get(s, 2, 0)) == -1)
		return -1;
	return 0;
}

/*
 * One person's date: a bad one must not lose the message. Spaces around
 * the digits are trimmed (DTM+329: 670603); what still is no date is left
 * empty. Either way the ack names the person and the value.
 */
static int
person_date(struct px *x, const struct edi_segment *s, const char *what,
    const char *v, enum norm_when when, char **dst)
{
	const char *v0 = v;
	char trimmed[32], d[11];
	size_t n;

	if (v == NULL)
		return 0;
	if (edi_date(v, when, x->ctx->ref_year, d) == 0)
		return set(x, dst, d);
	v += strspn(v, " ");
	n = strlen(v);
	while (n > 0 && v[n - 1] == ' ')
		n--;
	if (n < sizeof(trimmed)) {
		memcpy(trimmed, v, n);
		trimmed[n] = '\0';
		if (edi_date(trimmed, when, x->ctx->ref_year, d) == 0) {
			if (note(x, s, "%s '%s' sent with spaces: read as %s",
			    what, v0, d) == -1)
				return -1;
			return set(x, dst, d);
		}
	}
	return note(x, s, "%s '%s' is no date: left empty", what, v0);
}

static int
seg_dtm(struct px *x, const struct edi_segment *s)
{
	const char *q = edi_get(s, 1, 0), *v = edi_get(s, 1, 1);
	int ref = x->ctx->ref_year;
	char d[17];

	if (q == NULL)
		return 0;
	if (x->where == IN_LEG &&
	    (strcmp(q, "189") == 0 || strcmp(q, "232") == 0)) {
		if (edi_datetime(v, ref, d) == -1)
			return edi_seg_err(x->err, VB_EINVALID, s,
			    "invalid date/time", v);
		return set(x, q[0] == '1' ? &x->leg->departure_local :
		    &x->leg->arrival_local, d);
	}
	if (x->where == IN_PERSON && strcmp(q, "329") == 0)
		return person_date(x, s, "birth date", v, NORM_PAST,
		    &x->p->birth_date);
	if (x->where == IN_PERSON && strcmp(q, "36") == 0) {
		if (x->doc == NULL)
			return edi_warn(x->m, x->err, s->offset, "DTM 36"
			    " (segment %d) without a DOC: ignored", s->number);
		return person_date(x, s, "document expiry date", v, NORM_FUTURE,
		    &x->doc->expiry);
	}
	return 0;
}

/* LOC 92 (routing) names the departure first, then the arrival. */
static int
loc_leg(struct px *x, const char *q, const char *place)
{
	struct leg *l = x->leg;

	if (strcmp(q, "125") == 0)
		return set(x, &l->departure_port, place);
	if (strcmp(q, "87") == 0) {
		l->reporting = 1;
		return set(x, &l->arrival_port, place);
	}
	if (strcmp(q, "92") == 0)
		return set(x, l->departure_port == NULL ? &l->departure_port :
		    &l->arrival_port, place);
	return 0;
}

/* The person's field a LOC qualifier fills, or NULL. */
static char **
person_place(struct person *p, const char *q)
{
	if (strcmp(q, "178") == 0)
		return &p->embark;
	if (strcmp(q, "179") == 0)
		return &p->debark;
	if (strcmp(q, "22") == 0)
		return &p->transit;
	if (strcmp(q, "174") == 0)
		return &p->residence;
	if (strcmp(q, "180") == 0)
		return &p->birth_place;
	return NULL;
}

static int
loc_person(struct px *x, const char *q, const char *place)
{
	char **dst;

	if (strcmp(q, "91") == 0)
		return x->doc != NULL ? set(x, &x->doc->country, place) : 0;
	if ((dst = person_place(x->p, q)) == NULL)
		return 0;
	return set(x, dst, place);
}

static int
seg_loc(struct px *x, const struct edi_segment *s)
{
	const char *q = edi_get(s, 1, 0), *place;

	/* C517: the code, or else the name (LOC+180+:::Hartford USA). */
	if ((place = edi_get(s, 2, 0)) == NULL)
		place = edi_get(s, 2, 3);
	if (q == NULL || place == NULL)
		return 0;
	if (x->where == IN_LEG)
		return loc_leg(x, q, place);
	if (x->where == IN_PERSON)
		return loc_person(x, q, place);
	return 0;
}

static size_t
count_role(const struct manifest *mf, enum person_role role)
{
	size_t n = 0;

	for (size_t i = 0; i < mf->npeople; i++)
		if (mf->people[i].role == role)
			n++;
	return n;
}

/* CNT 41 crew, 42 passengers; "CNT+41+8" (count in its own element) is seen too. */
static int
seg_cnt(struct px *x, const struct edi_segment *s)
{
	const char *q = edi_get(s, 1, 0), *v = edi_get(s, 1, 1);
	size_t have;

	if (v == NULL)
		v = edi_get(s, 2, 0);
	if (q == NULL || v == NULL)
		return 0;
	if (strcmp(q, "41") == 0)
		have = count_role(x->mf, ROLE_CREW);
	else if (strcmp(q, "42") == 0)
		have = count_role(x->mf, ROLE_PASSENGER);
	else
		return 0;
	if (strtonum(v, 0, 1000000, NULL) == (long long)have)
		return 0;
	return edi_warn(x->m, x->err, s->offset, "CNT %s says %s %s, the"
	    " message has %zu", q, v,
	    strcmp(q, "41") == 0 ? "crew" : "passengers", have);
}

static const struct {
	const char *tag;
	int (*fn)(struct px *, const struct edi_segment *);
} px_segments[] = {
	{"BGM", seg_bgm},
	{"TDT", seg_tdt},
	{"LOC", seg_loc},
	{"DTM", seg_dtm},
	{"NAD", seg_nad},
	{"ATT", seg_att},
	{"NAT", seg_nat},
	{"RFF", seg_rff},
	{"DOC", seg_doc},
	{"CNT", seg_cnt},
};

/* ---- the walk (edi_walk): one message at a time ---- */

static int
px_envelope(void *arg, const struct edi_segment *s, struct vb_error *err)
{
	struct px *x = arg;

	x->err = err;
	return edi_is(s, "UNB") ? seg_unb(x, s) : 0;
}

static int
px_begin(void *arg, const struct edi_segment *s, struct vb_error *err)
{
	struct px *x = arg;

	x->err = err;
	x->mf = NULL;
	return seg_unh(x, s);
}

static int
px_segment(void *arg, const struct edi_segment *s, struct vb_error *err)
{
	struct px *x = arg;

	x->err = err;
	for (size_t i = 0; i < sizeof(px_segments) / sizeof(px_segments[0]); i++)
		if (edi_is(s, px_segments[i].tag))
			return px_segments[i].fn(x, s);
	return 0;
}

static int
px_end(void *arg, const struct edi_segment *s, struct vb_error *err)
{
	struct px *x = arg;
	int nobody = x->mf != NULL && x->mf->npeople == 0 && x->nameless > 0;

	(void)s;
	x->mf = NULL;
	/* Not one person could be named: an empty list must not replace a full one. */
	if (nobody)
		return vb_err_at(err, VB_EINVALID, x->nameless_offset, "NAD",
		    x->nameless_segment, "NAD %s without a surname: no person"
		    " in the message can be identified", x->nameless_q);
	return 0;
}

static void
px_reset(void *arg)
{
	struct px *x = arg;

	x->mf = NULL;
}

static int
paxlst_detect(const char *buf, size_t len)
{
	return edi_detect_type(buf, len, "PAXLST");
}

static int
paxlst_parse(const char *buf, size_t len, const struct feed_ctx *ctx,
    struct model *out, struct vb_error *err)
{
	struct px x;
	const struct edi_walker w = {&x, px_envelope, px_begin, px_segment,
	    px_end, px_reset, out};

	memset(&x, 0, sizeof(x));
	x.ctx = ctx;
	x.m = out;
	x.err = err;
	return edi_walk(buf, len, &w, err);
}

const struct feed_parser feed_paxlst = {"paxlst", paxlst_detect, paxlst_parse};
