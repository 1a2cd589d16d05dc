/*
 * PNRGOV (PNR data pushed to states), as the IATA/WCO/ICAO implementation
 * guides 10.1 to 15.1 lay it out: one message per push of one flight, one
 * SRC group per PNR.
 *
 *   UNB [UNG] { UNH MSG ORG TVL EQN
 *     { SRC RCI SSR* DAT IFT* ORG ADD* EBD
 *       { TIF FTI IFT* REF EBD FAR SSR* ADD* { TKT MON PTK TXD* DAT [FOP IFT ADD] } }
 *       { TVL TRA RPI APD SSR* RCI IFT* { DAT ORG { TRI TIF SSD TBD } } }
 *       [EQN RCI*] { MSG TVL* } { ABI DAT { SAC TIF SSR IFT TBD TVL RPI } } LTS* }
 *   UNT } [UNE] UNZ
 *
 * Read as PAXLST is: in order, with a little state saying whose data a
 * segment is (the PNR's, a traveller's, a flight's, a check-in's), since
 * senders move segments about. The versions differ in codes and optional
 * segments, not in where these fields lie, so one reader takes them all.
 * Non-air products (MSG 8), history (ABI, SAC) and long text (LTS) are not
 * the booking as it stands and are skipped. A split is told by the split
 * group (EQN RCI) or, from some senders, by an SPL segment.
 *
 * Dates in PNRGOV are DDMMYY; the reported flight (the TVL before the
 * first SRC) is the manifest's leg, and a traveller's seat and bags are
 * those of the itinerary flight that is the reported one.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "norm/norm.h"
#include "edifact.h"
#include "feed.h"

enum pg_where {
	PG_HEADER,	/* MSG ORG TVL EQN, before the first SRC */
	PG_PNR,		/* SRC up to the first TIF: the PNR's own data */
	PG_TRAVELLER,	/* a TIF with its tickets and payments */
	PG_FLIGHT,	/* a TVL of the itinerary */
	PG_CHECKIN,	/* DAT ORG TRI TIF SSD TBD under a TVL */
	PG_SPLIT,	/* EQN RCI inside a PNR: PNRs split off */
	PG_ASIDE,	/* non-air, history, long text: skipped */
};

/* Adults announced with an infant (TIF) whose infant is not yet seen. */
#define PG_LAPS 16

struct pg {
	const struct feed_ctx *ctx;
	struct model *m;
	struct vb_error *err;
	struct manifest *mf;	/* the open message */
	char leg_date[11];	/* the reported flight's departure date */
	long eqn;		/* PNRs the header's EQN announces, or -1 */
	size_t nsrc;
	struct pnr *r;		/* the open PNR */
	int src_no;		/* its SRC's segment number */
	size_t first;		/* its first person in mf->people */
	long pi;		/* the current traveller, or -1 */
	long ci;		/* the traveller of the current check-in, or -1 */
	struct segment *seg;	/* the current itinerary flight */
	char seg_date[11];	/* its departure date */
	int reported;		/* it is the reported flight */
	struct payment *pay;	/* the last FOP's, for the IFT after it */
	char currency[8];	/* the current ticket's (MON) */
	long laps[PG_LAPS];
	size_t nlaps;
	enum pg_where where;
	/* The message's first TIF without a surname, and how many. */
	long nameless_offset;
	int nameless_segment, nameless;
};

static int
pg_nomem(struct pg *x)
{
	return vb_err(x->err, VB_ENOMEM, "out of memory");
}

/*
 * Copies v into *dst (the model's arena) without the spaces around it,
 * which line wraps leave in free text; an absent or blank v leaves *dst
 * alone.
 */
static int
set(struct pg *x, char **dst, const char *v)
{
	size_t n;

	if (v == NULL)
		return 0;
	while (*v == ' ')
		v++;
	for (n = strlen(v); n > 0 && v[n - 1] == ' '; n--)
		;
	if (n == 0)
		return 0;
	if ((*dst = model_strndup(x->m, v, n)) == NULL)
		return pg_nomem(x);
	return 0;
}

/*
 * A data-quality note on traveller p (model_note): the ack names the
 * traveller and segment s, the target list shows the note.
 */
static int
note(struct pg *x, struct person *p, const struct edi_segment *s,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
note(struct pg *x, struct person *p, const struct edi_segment *s,
    const char *fmt, ...)
{
	char text[512], where[64];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(text, sizeof(text), fmt, ap);	/* a cut note still helps */
	va_end(ap);
	(void)snprintf(where, sizeof(where), "segment %d of PNR %s", s->number,
	    x->r != NULL && x->r->locator != NULL ? x->r->locator : "?");
	if (model_note(x->m, p, s->offset, where, "%s", text) == -1)
		return pg_nomem(x);
	return 0;
}

/* set() when *dst is still unset: the first of several sources wins. */
static int
set_new(struct pg *x, char **dst, const char *v)
{
	return *dst == NULL ? set(x, dst, v) : 0;
}

static int
setf(struct pg *x, char **dst, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
setf(struct pg *x, char **dst, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return vb_err(x->err, VB_EINVALID, "value too long: %.40s...",
		    buf);
	return set(x, dst, buf);
}

static int
streq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static size_t
count_digits(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (is_digit(*s))
			n++;
	return n;
}

static struct person *
person(struct pg *x, long i)
{
	return &x->mf->people[i];
}

/* ---- dates: DDMMYY, times HHMM or HHMMSS ---- */

/* "DDMMYY" into out[11] "YYYY-MM-DD", the year resolved as norm_year2 does. */
static int
pnr_day(const char *d, enum norm_when when, int ref_year, char out[11])
{
	int y, mon, day;

	if (d == NULL || strlen(d) != 6 || norm_digits(d, 2, &day) == -1 ||
	    norm_digits(d + 2, 2, &mon) == -1 || norm_digits(d + 4, 2, &y) == -1)
		return -1;
	y = norm_year2(y, when, ref_year);
	if (mon < 1 || mon > 12 || day < 1 || day > norm_days_in_month(y, mon))
		return -1;
	return snprintf(out, 11, "%04d-%02d-%02d", y, mon, day) == 10 ? 0 : -1;
}

/* A day and an optional time (HHMM, seconds ignored) into out[17]. */
static int
pnr_when(const char *d, const char *t, enum norm_when when, int ref_year,
    char out[17])
{
	char day[11];
	int h, min;
	size_t n = t != NULL ? strlen(t) : 0;

	if (pnr_day(d, when, ref_year, day) == -1)
		return -1;
	if (t == NULL)
		return snprintf(out, 17, "%s", day) == 10 ? 0 : -1;
	if ((n != 4 && n != 6) || norm_digits(t, 2, &h) == -1 ||
	    norm_digits(t + 2, 2, &min) == -1 || h > 23 || min > 59)
		return -1;
	return snprintf(out, 17, "%sT%02d:%02d", day, h, min) == 16 ? 0 : -1;
}

/*
 * TVL C310: departure date, time, arrival date, time. An arrival date left
 * out is the departure's. Some senders put the arrival time where the
 * arrival date belongs (TVL+120518:1220:1505): taken as a time that day,
 * with a warning. Empty strings where nothing was sent; -1 and err on a
 * date or time that is not one.
 */
struct tvl_times {
	char day[11];
	char dep[17];
	char arr[17];
};

static int
tvl_times(struct pg *x, const struct edi_segment *s, struct tvl_times *t)
{
	const char *dd = edi_get(s, 1, 0), *dt = edi_get(s, 1, 1);
	const char *ad = edi_get(s, 1, 2), *at = edi_get(s, 1, 3);
	int ref = x->ctx->ref_year;

	memset(t, 0, sizeof(*t));
	if (dd == NULL)
		return 0;
	if (pnr_day(dd, NORM_NEAR, ref, t->day) == -1)
		return edi_seg_err(x->err, VB_EINVALID, s,
		    "invalid departure date", dd);
	if (dt != NULL && pnr_when(dd, dt, NORM_NEAR, ref, t->dep) == -1)
		return edi_seg_err(x->err, VB_EINVALID, s,
		    "invalid departure time", dt);
	if (ad != NULL && at == NULL && strlen(ad) == 4) {
		if (edi_warn(x->m, x->err, s->offset, "TVL (segment %d):"
		    " arrival time %s stands where the arrival date belongs:"
		    " taken as a time on the departure day", s->number,
		    ad) == -1)
			return -1;
		at = ad;
		ad = NULL;
	}
	if (at == NULL)
		return 0;
	if (pnr_when(ad != NULL ? ad : dd, at, NORM_NEAR, ref, t->arr) == -1)
		return edi_seg_err(x->err, VB_EINVALID, s,
		    "invalid arrival date/time", ad != NULL ? ad : at);
	return 0;
}

/* ---- people ---- */

/* The traveller of this PNR with that reference (TIF 9944), or -1. */
static long
by_ref(struct pg *x, const char *ref)
{
	if (ref == NULL || x->r == NULL)
		return -1;
	for (size_t i = x->first; i < x->mf->npeople; i++)
		if (streq(x->mf->people[i].pnr_ref, ref))
			return (long)i;
	return -1;
}

/* The first traveller reference of an SSR's C332 elements, or NULL. */
static const char *
ssr_ref(const struct edi_segment *s)
{
	const char *ref;

	for (size_t el = 2; el <= s->nelements; el++)
		if ((ref = edi_get(s, el, 2)) != NULL)
			return ref;
	return NULL;
}

/* An adult's infant already in the model, or -1. */
static long
infant_of(struct pg *x, long adult)
{
	for (size_t i = x->first; i < x->mf->npeople; i++)
		if (x->mf->people[i].infant && x->mf->people[i].adult == adult)
			return (long)i;
	return -1;
}

static void
lap_remove(struct pg *x, long adult)
{
	for (size_t i = 0; i < x->nlaps; i++)
		if (x->laps[i] == adult) {
			memmove(&x->laps[i], &x->laps[i + 1],
			    (x->nlaps - i - 1) * sizeof(x->laps[0]));
			x->nlaps--;
			return;
		}
}

static long
new_person(struct pg *x, long offset)
{
	struct person *p;

	if ((p = model_add_person(x->m, x->mf)) == NULL)
		return pg_nomem(x);
	p->offset = offset;
	p->pnr = (int)(x->r - x->mf->pnrs);
	return (long)(x->mf->npeople - 1);
}

/*
 * An adult's infant, made when an SSR (INFT, an infant's DOCS) names it
 * before its own TIF: that TIF then fills it in. The index, or -1 on error.
 */
static long
infant_for(struct pg *x, long adult, long offset)
{
	long i;

	if ((i = infant_of(x, adult)) >= 0)
		return i;
	if ((i = new_person(x, offset)) == -1)
		return -1;
	person(x, i)->infant = 1;
	person(x, i)->adult = (int)adult;
	lap_remove(x, adult);
	return i;
}

/*
 * An infant's adult: the traveller whose reference the infant's carries
 * with an I after it (43578I), else the first adult announced with an
 * infant, else the traveller before it.
 */
static long
adult_for(struct pg *x, const char *ref)
{
	char base[64];
	size_t n;
	long a;

	if (ref != NULL && (n = strlen(ref)) > 1 && n < sizeof(base) &&
	    ref[n - 1] == 'I') {
		memcpy(base, ref, n - 1);
		base[n - 1] = '\0';
		if ((a = by_ref(x, base)) >= 0 && !person(x, a)->infant)
			return a;
	}
	if (x->nlaps > 0)
		return x->laps[0];
	for (a = (long)x->mf->npeople - 1; a >= (long)x->first; a--)
		if (!person(x, a)->infant)
			return a;
	return -1;
}

static const char *const titles[] = {"MR", "MRS", "MS", "MISS", "MSTR", "DR"};

/*
 * A given name without the title AIRIMP puts after it when a space sets
 * it apart ("NINA MS"); a title run into the name ("JOHNMR") cannot be
 * told from the name and stays.
 */
static void
strip_title(char *g)
{
	char *sp = strrchr(g, ' ');

	if (sp == NULL)
		return;
	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
		if (strcmp(sp + 1, titles[i]) == 0) {
			while (sp > g && sp[-1] == ' ')
				sp--;
			*sp = '\0';
			return;
		}
}

/* The TIF's given name of p, without a title; one too long is cut. */
static int
set_given(struct pg *x, const struct edi_segment *s, struct person *p,
    const char *given)
{
	char buf[256];

	if (given == NULL)
		return 0;
	if (text_copy_cut(buf, sizeof(buf), given) &&
	    note(x, p, s, "given name longer than %zu bytes: cut",
	    sizeof(buf) - 1) == -1)
		return -1;
	strip_title(buf);
	return set(x, &p->given, buf);
}

/* A TIF in the check-in of a flight: whose seat and bags follow. */
static int
checkin_traveller(struct pg *x, const struct edi_segment *s)
{
	const char *sur = edi_get(s, 1, 0), *given = edi_get(s, 2, 0);
	char g[256] = "";
	long i;

	if ((i = by_ref(x, edi_get(s, 2, 2))) < 0 && sur != NULL) {
		if (given != NULL && strlcpy(g, given, sizeof(g)) < sizeof(g))
			strip_title(g);
		for (size_t k = x->first; k < x->mf->npeople && i < 0; k++)
			if (streq(x->mf->people[k].surname, sur) &&
			    streq(x->mf->people[k].given, g))
				i = (long)k;
	}
	if (i >= 0)
		x->ci = i;
	return 0;
}

/*
 * An infant's TIF: the infant an SSR already made for the same adult (or
 * else with the same surname), or a new one.
 */
static long
tif_infant(struct pg *x, const struct edi_segment *s)
{
	const char *sur = edi_get(s, 1, 0);
	long i, named = -1, adult = adult_for(x, edi_get(s, 2, 2));

	for (size_t k = x->first; k < x->mf->npeople; k++) {
		const struct person *p = &x->mf->people[k];

		if (!p->infant || p->pnr_ref != NULL)
			continue;	/* not an SSR's infant waiting for its TIF */
		if (p->adult == adult)
			return (long)k;
		if (named < 0 && streq(p->surname, sur))
			named = (long)k;
	}
	if (named >= 0)
		return named;
	if ((i = new_person(x, s->offset)) == -1)
		return -1;
	person(x, i)->infant = 1;
	person(x, i)->adult = (int)adult;
	lap_remove(x, adult);
	return i;
}

/*
 * TIF in a PNR: a traveller. C322 surname and qualifier (G: a group name,
 * nobody's); C324 given name, type (A adult, C child, IN infant), reference,
 * and 1 when an infant travels on the traveller's lap.
 */
static int
new_traveller(struct pg *x, const struct edi_segment *s)
{
	const char *sur = edi_get(s, 1, 0), *given = edi_get(s, 2, 0);
	const char *type = edi_get(s, 2, 1), *lap = edi_get(s, 2, 3);
	int infant = streq(type, "IN") || streq(type, "INF");
	struct person *p;
	long i;

	x->where = PG_TRAVELLER;
	x->pi = -1;
	x->pay = NULL;
	x->currency[0] = '\0';
	if (streq(edi_get(s, 1, 1), "G") && given == NULL)
		return 0;
	if (sur == NULL) {
		/* No one to screen: left out, the others kept (pg_end). */
		if (x->nameless++ == 0) {
			x->nameless_offset = s->offset;
			x->nameless_segment = s->number;
		}
		return edi_warn(x->m, x->err, s->offset, "TIF (segment %d) of"
		    " PNR %s without a surname (given name %s): that traveller"
		    " left out", s->number, x->r->locator != NULL ?
		    x->r->locator : "?", given != NULL ? given : "none");
	}
	/*
	 * A reference the PNR gave a traveller already is that traveller,
	 * however spelt (a check-in group's TIF+LEE+SE JOON after the booking's
	 * TIF+LEE+SEJOONMR): one person, with the booking's name and documents.
	 */
	if (!infant && (i = by_ref(x, edi_get(s, 2, 2))) >= 0) {
		x->pi = i;
		return edi_warn(x->m, x->err, s->offset, "TIF (segment %d) names"
		    " traveller %s of PNR %s again: taken as the same traveller",
		    s->number, edi_get(s, 2, 2), x->r != NULL &&
		    x->r->locator != NULL ? x->r->locator : "?");
	}
	if ((i = infant ? tif_infant(x, s) : new_person(x, s->offset)) == -1)
		return -1;
	p = person(x, i);
	p->offset = s->offset;
	p->surname = p->given = NULL;	/* the TIF's name over an SSR's */
	if (set(x, &p->surname, sur) == -1 ||
	    set_given(x, s, p, given) == -1 ||
	    set(x, &p->pnr_ref, edi_get(s, 2, 2)) == -1)
		return -1;
	/* "" marks a traveller who has had a TIF (close_pnr makes it NULL). */
	if (p->pnr_ref == NULL && (p->pnr_ref = model_strdup(x->m, "")) == NULL)
		return pg_nomem(x);
	if (!infant && streq(lap, "1") && x->nlaps < PG_LAPS)
		x->laps[x->nlaps++] = i;
	x->pi = i;
	return 0;
}

static int
seg_tif(struct pg *x, const struct edi_segment *s)
{
	switch (x->where) {
	case PG_PNR:
	case PG_TRAVELLER:
		return new_traveller(x, s);
	case PG_FLIGHT:
	case PG_CHECKIN:
		return checkin_traveller(x, s);
	default:
		return 0;
	}
}

/* ---- contacts ---- */

/* Appends a contact unless it is there already (sponsors repeat per ticket). */
static int
add_contact(struct pg *x, long pi, enum contact_kind kind, const char *value,
    const char *country, const char *source)
{
	struct contact *list, *c;
	size_t n;

	if (value == NULL || value[0] == '\0')
		return 0;
	if (pi >= 0) {
		list = person(x, pi)->contacts;
		n = person(x, pi)->ncontacts;
	} else {
		list = x->r->contacts;
		n = x->r->ncontacts;
	}
	for (size_t i = 0; i < n; i++)
		if (list[i].kind == kind && streq(list[i].value, value))
			return 0;
	c = pi >= 0 ? model_add_person_contact(x->m, person(x, pi)) :
	    model_add_pnr_contact(x->m, x->r);
	if (c == NULL)
		return pg_nomem(x);
	c->kind = kind;
	if (set(x, &c->value, value) == -1 ||
	    set(x, &c->country, country) == -1 ||
	    set(x, &c->source, source) == -1)
		return -1;
	return 0;
}

/* AIRIMP writes @ as //, _ as .. and - as ./ in e-mail addresses. */
static int
add_email(struct pg *x, long pi, const char *text, const char *source)
{
	char buf[256];
	size_t n = 0;

	while (*text == ' ')
		text++;
	for (const char *p = text; *p != '\0' && *p != ' ' && n + 1 < sizeof(buf);
	    p++) {
		char c = *p;

		if (p[0] == '/' && p[1] == '/')
			c = '@';
		else if (p[0] == '.' && p[1] == '.')
			c = '_';
		else if (p[0] == '.' && p[1] == '/')
			c = '-';
		if (c != *p)
			p++;
		buf[n++] = c;
	}
	buf[n] = '\0';
	return add_contact(x, pi, CONTACT_EMAIL, buf, NULL, source);
}

/*
 * A telephone number in free text: an optional city code, then digits,
 * spaces, +, - and parentheses ("SEA 866 746-4647 CARLSON WAGONLIT" gives
 * "SEA 866 746-4647"). Fewer than five digits is no number.
 */
static int
add_phone(struct pg *x, long pi, const char *text, const char *source)
{
	char buf[128];
	size_t n = 0, end = 0;
	const char *p = text;

	while (*p == ' ')
		p++;
	while (is_upper(*p) && n < 3)
		buf[n++] = *p++;
	if (n > 0 && *p != ' ' && !is_digit(*p))
		return 0;
	end = n;
	for (; *p != '\0' && n + 1 < sizeof(buf); p++) {
		if (!is_digit(*p) && strchr(" +-()", *p) == NULL)
			break;
		buf[n++] = *p;
		if (is_digit(*p))
			end = n;
	}
	buf[end] = '\0';
	if (count_digits(buf) < 5)
		return 0;
	return add_contact(x, pi, CONTACT_PHONE, buf, NULL, source);
}

/*
 * "CTCE MOLLY..LOBB//GMAIL.COM", "AM CTCP MEX1800 002 5200 TOLL FREE",
 * "CTCBOG 571-600 5820": a contact tagged in free text (IFT, OSI), after
 * an optional airline code. E is an e-mail, A an address, the rest phones.
 */
static int
ctc_text(struct pg *x, long pi, const char *text)
{
	const char *p = text;
	char source[16];
	char type = ' ';

	while (*p == ' ')
		p++;
	if (strncmp(p, "CTC", 3) != 0 && p[0] != '\0' && p[1] != '\0' &&
	    p[2] == ' ')
		p += 3;
	if (strncmp(p, "CTC", 3) != 0)
		return 0;
	p += 3;
	if (is_upper(p[0]) && p[1] == ' ') {
		type = p[0];
		p += 2;
	}
	(void)snprintf(source, sizeof(source), "IFT CTC%c", type);
	if (type == ' ')
		source[7] = '\0';
	if (type == 'E')
		return add_email(x, pi, p, source);
	if (type == 'A')
		return add_contact(x, pi, CONTACT_ADDRESS, p, NULL, source);
	return add_phone(x, pi, p, source);
}

/* Joins the non-empty parts with ", " into out. */
static int
join(struct pg *x, char *out, size_t outsz, const char *const *parts,
    size_t nparts)
{
	out[0] = '\0';
	for (size_t i = 0; i < nparts; i++) {
		const char *v = parts[i];

		while (v != NULL && *v == ' ')
			v++;
		if (v == NULL || *v == '\0')
			continue;
		if ((out[0] != '\0' && strlcat(out, ", ", outsz) >= outsz) ||
		    strlcat(out, v, outsz) >= outsz)
			return vb_err(x->err, VB_EINVALID, "address too long:"
			    " %.40s...", out);
	}
	return 0;
}

/*
 * ADD C031: purpose, street, city, state, sub-entity, country, postal code,
 * then a telephone (or, purpose E, an e-mail). The PNR's contact address,
 * a traveller's emergency contact or a payer's: all the PNR's contacts.
 */
static int
seg_add(struct pg *x, const struct edi_segment *s)
{
	const char *purpose = edi_get(s, 2, 0), *extra = edi_get(s, 2, 7);
	const char *parts[6];
	const char *ctce;
	char line[512];

	if (x->where != PG_PNR && x->where != PG_TRAVELLER)
		return 0;
	if (extra != NULL && (streq(purpose, "E") ||
	    (ctce = strstr(extra, "CTCE")) != NULL)) {
		if (add_email(x, -1, streq(purpose, "E") ? extra : ctce + 4,
		    "ADD") == -1)
			return -1;
		extra = NULL;
	} else if (extra != NULL && count_digits(extra) >= 5) {
		if (add_contact(x, -1, CONTACT_PHONE, extra, NULL, "ADD") == -1)
			return -1;
		extra = NULL;
	}
	parts[0] = edi_get(s, 2, 1);
	parts[1] = edi_get(s, 2, 2);
	parts[2] = edi_get(s, 2, 3);
	parts[3] = edi_get(s, 2, 4);
	parts[4] = edi_get(s, 2, 6);
	parts[5] = extra;	/* not a number: part of the address as sent */
	if (join(x, line, sizeof(line), parts, 6) == -1)
		return -1;
	return add_contact(x, -1, CONTACT_ADDRESS, line, edi_get(s, 2, 5),
	    "ADD");
}

/*
 * IFT: free text. After a FOP, 4:43 is the sponsor who paid: name,
 * address, telephone. Elsewhere contacts tagged CTC are taken, the
 * traveller's inside a TIF group, else the PNR's.
 */
static int
seg_ift(struct pg *x, const struct edi_segment *s)
{
	long pi = x->where == PG_TRAVELLER ? x->pi : -1;
	const char *v;

	if (x->where != PG_PNR && x->where != PG_TRAVELLER)
		return 0;
	if (streq(edi_get(s, 1, 1), "43") && x->pay != NULL) {
		if (set_new(x, &x->pay->holder, edi_get(s, 2, 0)) == -1 ||
		    add_contact(x, -1, CONTACT_ADDRESS, edi_get(s, 3, 0), NULL,
		    "IFT sponsor") == -1 ||
		    ((v = edi_get(s, 4, 0)) != NULL &&
		    add_phone(x, -1, v, "IFT sponsor") == -1))
			return -1;
		return 0;
	}
	for (size_t el = 2; el <= s->nelements; el++)
		if ((v = edi_get(s, el, 0)) != NULL && ctc_text(x, pi, v) == -1)
			return -1;
	return 0;
}

/* ---- SSR: documents, contacts, infants, seats, tickets ---- */

#define SSR_FIELDS 12

/*
 * Splits SSR free text at its slashes into f (a leading one dropped). The
 * fields it does not fill are NULL, all of them when text does not fit buf
 * (0 returned), so that a caller never reads one that was not set.
 */
static size_t
split_slash(const char *text, char *buf, size_t bufsz, char **f)
{
	size_t n = 0;
	char *p;

	for (size_t i = 0; i < SSR_FIELDS; i++)
		f[i] = NULL;
	if (text == NULL || strlcpy(buf, text, bufsz) >= bufsz)
		return 0;
	p = buf[0] == '/' ? buf + 1 : buf;
	while (n < SSR_FIELDS) {
		f[n++] = p;
		if ((p = strchr(p, '/')) == NULL)
			break;
		*p++ = '\0';
	}
	return n;
}

/*
 * split_slash() for an SSR read here. Free text longer than buf is no
 * value of these SSRs (a document line is well under 100 bytes): the SSR
 * is ignored with a warning, and its traveller and the SSRs beside it are
 * read as usual. The number of fields, 0 for text ignored, -1 (VB_ENOMEM)
 * when the warning cannot be kept.
 */
static int
ssr_split(struct pg *x, const struct edi_segment *s, const char *code,
    const char *text, char *buf, size_t bufsz, char **f)
{
	size_t n = split_slash(text, buf, bufsz, f);

	if (n > 0 || text == NULL)
		return (int)n;
	return edi_warn(x->m, x->err, s->offset, "SSR %s (segment %d): free"
	    " text longer than %zu bytes ignored", code, s->number, bufsz - 1);
}

static const char *
field(char *const *f, size_t i)
{
	const char *v = f[i];

	while (v != NULL && *v == ' ')
		v++;
	return v != NULL && *v != '\0' ? v : NULL;
}

/* MI and FI are a male and a female infant. */
static int
set_gender(struct pg *x, char **dst, const char *g)
{
	char one[2];

	if (g == NULL)
		return 0;
	if (strlen(g) == 2 && g[1] == 'I') {
		one[0] = g[0];
		one[1] = '\0';
		g = one;
	}
	return set_new(x, dst, g);
}

/* Copies s without its spaces into out; 0, or -1 when it does not fit. */
static int
squeeze(const char *s, char *out, size_t outsz)
{
	size_t n = 0;

	for (; s != NULL && *s != '\0'; s++) {
		if (*s == ' ')
			continue;
		if (n + 1 >= outsz)
			return -1;
		out[n++] = *s;
	}
	out[n] = '\0';
	return 0;
}

static int
is_title(const char *s)
{
	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
		if (strcmp(s, titles[i]) == 0)
			return 1;
	return 0;
}

/*
 * "JANMR" in the TIF, "JAN" in the passport (DOCS): a title run into the
 * given name, which only the document can tell apart. 1 when the TIF's
 * given name is the document's given (and middle) names and a title.
 */
static int
glued_title(const char *tif, const char *given, const char *middle)
{
	char t[256], g[256], m[256], gm[512];
	size_t n;

	if (squeeze(tif, t, sizeof(t)) == -1 ||
	    squeeze(given, g, sizeof(g)) == -1 || g[0] == '\0')
		return 0;
	n = strlen(g);
	if (strncmp(t, g, n) == 0 && is_title(t + n))
		return 1;
	if (middle == NULL || squeeze(middle, m, sizeof(m)) == -1 ||
	    strlcpy(gm, g, sizeof(gm)) >= sizeof(gm) ||
	    strlcat(gm, m, sizeof(gm)) >= sizeof(gm))
		return 0;
	n = strlen(gm);
	return strncmp(t, gm, n) == 0 && is_title(t + n);
}

/* 1 when every word of part is a word of name ("JAN" of "PIOTR JAN MR"). */
static int
has_words(const char *name, const char *part)
{
	while (part != NULL && *part != '\0') {
		size_t n = strcspn(part, " "), m;
		const char *w = name;
		int found = 0;

		for (; n > 0 && w != NULL && *w != '\0'; w += m) {
			w += strspn(w, " ");
			m = strcspn(w, " ");
			if (m == n && strncmp(w, part, n) == 0)
				found = 1;
		}
		if (n > 0 && !found)
			return 0;
		part += n;
		part += strspn(part, " ");
	}
	return 1;
}

static int
has_document(const struct person *p, const char *number)
{
	for (size_t i = 0; i < p->ndocs; i++)
		if (streq(p->docs[i].number, number))
			return 1;
	return 0;
}

/*
 * DOCS: /type/issuing state/number/nationality/birth date/gender/expiry/
 * surname/given/middle. The TIF's name stays; the rest fills what is
 * unset. An infant's DOCS (gender MI, FI) under its adult is the infant's.
 */
static int
ssr_docs(struct pg *x, long i, const char *text, const struct edi_segment *s)
{
	char buf[512], *f[SSR_FIELDS];
	const char *g, *v;
	char d[11];
	struct person *p;
	struct document *doc;
	int n;

	if ((n = ssr_split(x, s, "DOCS", text, buf, sizeof(buf), f)) <= 0)
		return n;
	g = field(f, 5);
	if (g != NULL && strlen(g) == 2 && g[1] == 'I' &&
	    !person(x, i)->infant && (i = infant_for(x, i, s->offset)) == -1)
		return -1;
	p = person(x, i);
	if (p->given != NULL && field(f, 8) != NULL &&
	    glued_title(p->given, field(f, 8), field(f, 9)))
		p->given = NULL;	/* the document's, without the title */
	/* The TIF's given names often carry the middle name already. */
	if (p->given != NULL && field(f, 9) != NULL &&
	    has_words(p->given, field(f, 9)))
		f[9] = NULL;
	if (set_new(x, &p->surname, field(f, 7)) == -1 ||
	    set_new(x, &p->given, field(f, 8)) == -1 ||
	    set_new(x, &p->middle, field(f, 9)) == -1 ||
	    set_new(x, &p->nationality, field(f, 3)) == -1 ||
	    set_gender(x, &p->gender, g) == -1)
		return -1;
	/* A bad date of one traveller is a warning, never the loss of the PNR. */
	if ((v = field(f, 4)) != NULL && p->birth_date == NULL) {
		if (norm_date(v, NORM_PAST, x->ctx->ref_year, d) == -1) {
			if (note(x, p, s, "SSR DOCS birth date '%s' is no date:"
			    " left empty", v) == -1)
				return -1;
		} else if (set(x, &p->birth_date, d) == -1)
			return -1;
	}
	if ((v = field(f, 2)) == NULL || has_document(p, v))
		return 0;
	if ((doc = model_add_document(x->m, p)) == NULL)
		return pg_nomem(x);
	if (set(x, &doc->type, field(f, 0)) == -1 ||
	    set(x, &doc->number, v) == -1 ||
	    set(x, &doc->country, field(f, 1)) == -1)
		return -1;
	if ((v = field(f, 6)) == NULL)
		return 0;
	if (norm_date(v, NORM_FUTURE, x->ctx->ref_year, d) == -1)
		return note(x, p, s, "SSR DOCS expiry date '%s' of document"
		    " %s is no date: left empty", v, doc->number);
	return set(x, &doc->expiry, d);
}

/*
 * DOCA: /D or R (destination, residence)/country/street/city/state/postal
 * code. A residence address names the country of residence too.
 */
static int
ssr_doca(struct pg *x, long i, const char *text, const struct edi_segment *s)
{
	char buf[512], line[512], *f[SSR_FIELDS];
	const char *parts[4];
	int n;

	if ((n = ssr_split(x, s, "DOCA", text, buf, sizeof(buf), f)) <= 0)
		return n;
	parts[0] = field(f, 2);
	parts[1] = field(f, 3);
	parts[2] = field(f, 4);
	parts[3] = field(f, 5);
	if (join(x, line, sizeof(line), parts, 4) == -1)
		return -1;
	if (streq(field(f, 0), "R") &&
	    set_new(x, &person(x, i)->residence, field(f, 1)) == -1)
		return -1;
	return add_contact(x, i, CONTACT_ADDRESS, line, field(f, 1), "SSR DOCA");
}

/*
 * DOCO: place of birth/type (V visa)/number/place of issue/date of
 * issue/the state it is for. A visa is a document of that state.
 */
static int
ssr_doco(struct pg *x, long i, const char *text, const struct edi_segment *s)
{
	char buf[512], *f[SSR_FIELDS];
	struct person *p = person(x, i);
	struct document *doc;
	const char *num;
	int n;

	if ((n = ssr_split(x, s, "DOCO", text, buf, sizeof(buf), f)) <= 0)
		return n;
	if (set_new(x, &p->birth_place, field(f, 0)) == -1)
		return -1;
	if ((num = field(f, 2)) == NULL || has_document(p, num))
		return 0;
	if ((doc = model_add_document(x->m, p)) == NULL)
		return pg_nomem(x);
	if (set(x, &doc->type, field(f, 1)) == -1 ||
	    set(x, &doc->number, num) == -1 ||
	    set(x, &doc->country, field(f, 5)) == -1)
		return -1;
	return 0;
}

/* INFT: SURNAME/GIVEN/DDMONYY or SURNAME/GIVEN DDMONYY, the adult's infant. */
static int
ssr_inft(struct pg *x, long adult, const char *text,
    const struct edi_segment *s)
{
	char buf[256], *f[SSR_FIELDS], *given, *sp, d[11];
	const char *date = NULL;
	struct person *p;
	long i;
	int n;

	if ((n = ssr_split(x, s, "INFT", text, buf, sizeof(buf), f)) < 2)
		return n < 0 ? -1 : 0;
	given = f[1];
	if (f[2] != NULL)
		date = f[2];
	else if ((sp = strrchr(given, ' ')) != NULL && strlen(sp + 1) == 7) {
		*sp = '\0';
		date = sp + 1;
	}
	if ((i = infant_for(x, adult, s->offset)) == -1)
		return -1;
	p = person(x, i);
	if (set_new(x, &p->surname, field(f, 0)) == -1 ||
	    set_new(x, &p->given, given) == -1)
		return -1;
	/* Free text: a date that is none is left out, not an error. */
	if (date != NULL && norm_date(date, NORM_PAST, x->ctx->ref_year, d) == 0)
		return set_new(x, &p->birth_date, d);
	return 0;
}

/* TKNE: the ticket number and coupon ("9631270001234C2"); INF: the infant's. */
static int
ssr_tkne(struct pg *x, long i, const char *text)
{
	char num[32];
	size_t n = 0;

	while (*text == ' ' || *text == '.')
		text++;
	if (strncmp(text, "INF", 3) == 0) {
		text += 3;
		if (!person(x, i)->infant && (i = infant_of(x, i)) < 0)
			return 0;
	}
	while (is_digit(text[n]) && n + 1 < sizeof(num)) {
		num[n] = text[n];
		n++;
	}
	num[n] = '\0';
	if (n < 8)
		return 0;
	return set_new(x, &person(x, i)->ticket, num);
}

/* "039G" and "39G" are one seat: the row without its leading zeros. */
static int
set_seat(struct pg *x, char **dst, const char *seat)
{
	while (seat != NULL && seat[0] == '0' && is_digit(seat[1]))
		seat++;
	return set(x, dst, seat);
}

static int
is_seat_ssr(const char *code)
{
	static const char *const seats[] = {"SEAT", "RQST", "NSST", "NSSA",
	    "NSSW", "SMST", "SMSA", "SMSW"};

	for (size_t i = 0; i < sizeof(seats) / sizeof(seats[0]); i++)
		if (streq(code, seats[i]))
			return 1;
	return 0;
}

/*
 * A seat SSR is for the flight its board and off points name, else for
 * the TVL it stands under; only the reported flight's seats are kept.
 * C332 per traveller: seat, -, reference.
 */
static int
ssr_seats(struct pg *x, const struct edi_segment *s)
{
	const char *board = edi_get(s, 1, 6), *off = edi_get(s, 1, 7);
	const struct leg *l = x->mf->nlegs > 0 ? &x->mf->legs[0] : NULL;
	int reported = x->reported;
	long i;

	if (x->where != PG_FLIGHT)
		return 0;
	if (board != NULL && off != NULL && x->seg != NULL &&
	    !(streq(board, x->seg->departure_port) &&
	    streq(off, x->seg->arrival_port)))
		reported = l != NULL && streq(board, l->departure_port) &&
		    streq(off, l->arrival_port);
	if (!reported)
		return 0;
	for (size_t el = 2; el <= s->nelements; el++) {
		const char *seat = edi_get(s, el, 0);

		if (seat == NULL || (i = by_ref(x, edi_get(s, el, 2))) < 0 ||
		    person(x, i)->seat != NULL)
			continue;
		if (set_seat(x, &person(x, i)->seat, seat) == -1)
			return -1;
	}
	return 0;
}

/*
 * Whose an SSR is: the traveller its reference names, else the TIF it
 * stands under. A reference that names nobody under a TIF is the sender's
 * slip, read as that TIF's, with a warning.
 */
static long
ssr_person(struct pg *x, const struct edi_segment *s, const char *code)
{
	const char *ref = ssr_ref(s);
	long i = by_ref(x, ref);

	if (i >= 0 || x->where != PG_TRAVELLER || x->pi < 0)
		return i;
	if (ref != NULL && edi_warn(x->m, x->err, s->offset, "SSR %s"
	    " (segment %d) refers to traveller %s, who is not in the PNR:"
	    " taken as the traveller it stands under", code, s->number,
	    ref) == -1)
		return -2;
	return x->pi;
}

/* CTCx: a contact; E an e-mail, A an address, the others phones. */
static int
ssr_ctc(struct pg *x, long i, const char *code, const char *text)
{
	char source[16];

	(void)snprintf(source, sizeof(source), "SSR %.4s", code);
	if (code[3] == 'E')
		return add_email(x, i, text, source);
	if (code[3] == 'A')
		return add_contact(x, i, CONTACT_ADDRESS, text, NULL, source);
	return add_phone(x, i, text, source);
}

/* The SSRs read here; the others (meals, assistance, ...) are skipped. */
static int
ssr_wanted(const char *code)
{
	static const char *const wanted[] = {"DOCS", "DOCA", "DOCO", "INFT",
	    "TKNE", "FQTV"};

	if (strncmp(code, "CTC", 3) == 0 && strlen(code) == 4)
		return 1;
	for (size_t i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++)
		if (streq(code, wanted[i]))
			return 1;
	return 0;
}

static int
seg_ssr(struct pg *x, const struct edi_segment *s)
{
	const char *code = edi_get(s, 1, 0), *text = edi_get(s, 1, 8);
	long i;

	if (code == NULL || x->r == NULL || x->where == PG_ASIDE ||
	    x->where == PG_SPLIT)
		return 0;
	if (is_seat_ssr(code))
		return ssr_seats(x, s);
	if (!ssr_wanted(code) || text == NULL)
		return 0;
	if ((i = ssr_person(x, s, code)) == -2)
		return -1;
	if (code[0] == 'C')
		return ssr_ctc(x, i, code, text);
	if (i < 0) {
		if (code[0] != 'D')
			return 0;
		return edi_warn(x->m, x->err, s->offset, "SSR %s (segment %d)"
		    " for no traveller of the PNR: ignored", code, s->number);
	}
	if (streq(code, "DOCS"))
		return ssr_docs(x, i, text, s);
	if (streq(code, "DOCA"))
		return ssr_doca(x, i, text, s);
	if (streq(code, "DOCO"))
		return ssr_doco(x, i, text, s);
	if (streq(code, "INFT"))
		return ssr_inft(x, i, text, s);
	if (streq(code, "TKNE"))
		return ssr_tkne(x, i, text);
	return set_new(x, &person(x, i)->frequent_flyer, text);
}

/* ---- the PNR ---- */

/* The PNR is read: its travellers carry its locator. */
static int
close_pnr(struct pg *x)
{
	if (x->r == NULL)
		return 0;
	if (x->r->locator == NULL)
		return vb_err_at(x->err, VB_EINVALID, x->r->offset, "SRC",
		    x->src_no, "PNR (SRC segment %d) without a record locator"
		    " (RCI)", x->src_no);
	for (size_t i = x->first; i < x->mf->npeople; i++) {
		struct person *p = &x->mf->people[i];

		p->booking_ref = x->r->locator;	/* both in the model's arena */
		if (p->pnr_ref != NULL && p->pnr_ref[0] == '\0')
			p->pnr_ref = NULL;
	}
	x->r = NULL;
	return 0;
}

static int
seg_src(struct pg *x, const struct edi_segment *s)
{
	if (close_pnr(x) == -1)
		return -1;
	if ((x->r = model_add_pnr(x->m, x->mf)) == NULL)
		return pg_nomem(x);
	x->r->offset = s->offset;
	x->src_no = s->number;
	x->first = x->mf->npeople;
	x->pi = x->ci = -1;
	x->seg = NULL;
	x->reported = 0;
	x->pay = NULL;
	x->nlaps = 0;
	x->nsrc++;
	x->where = PG_PNR;
	return 0;
}

/*
 * RCI C330: airline, locator, type, creation date, time. Some senders put
 * the date where the type belongs (RCI+UA:80F4E3:110318:2220): read as
 * meant, with a warning. Inside the split group: the PNR split off.
 */
static int
seg_rci(struct pg *x, const struct edi_segment *s)
{
	const char *loc = edi_get(s, 1, 1), *type = edi_get(s, 1, 2);
	const char *d = edi_get(s, 1, 3), *t = edi_get(s, 1, 4);
	char when[17];

	if (x->where == PG_SPLIT && x->r != NULL)
		return set_new(x, &x->r->split_from, loc);
	if (x->where != PG_PNR || x->r == NULL || x->r->locator != NULL)
		return 0;
	if (loc == NULL)
		return edi_seg_err(x->err, VB_EINVALID, s,
		    "without a record locator", edi_get(s, 1, 0));
	if (set(x, &x->r->locator, loc) == -1 ||
	    set(x, &x->r->locator_carrier, edi_get(s, 1, 0)) == -1)
		return -1;
	if (type != NULL && strlen(type) == 6 && count_digits(type) == 6 &&
	    t == NULL) {
		if (edi_warn(x->m, x->err, s->offset, "RCI (segment %d):"
		    " creation date %s stands where the reservation control"
		    " type belongs: taken as the date", s->number,
		    type) == -1)
			return -1;
		t = d;
		d = type;
	}
	if (d == NULL)
		return 0;
	if (pnr_when(d, t, NORM_PAST, x->ctx->ref_year, when) == -1)
		return edi_seg_err(x->err, VB_EINVALID, s,
		    "invalid creation date", d);
	return set(x, &x->r->created, when);
}

/*
 * SPL: the locator of the PNR this one was split from, as some carriers
 * send it instead of the split group (SPL+++KWL7Q2): its last value.
 */
static int
seg_spl(struct pg *x, const struct edi_segment *s)
{
	const char *loc = NULL, *v;

	if (x->where == PG_HEADER || x->where == PG_ASIDE)
		return 0;
	for (size_t el = 1; el <= s->nelements; el++)
		for (size_t c = 0; c < edi_ncomponents(s, el); c++)
			if ((v = edi_get(s, el, c)) != NULL)
				loc = v;
	return set_new(x, &x->r->split_from, loc);
}

/* DAT: 710 the ticket issue date; under a TVL, a check-in begins. */
static int
seg_dat(struct pg *x, const struct edi_segment *s)
{
	char when[17];

	if (x->where == PG_FLIGHT || x->where == PG_CHECKIN) {
		x->where = PG_CHECKIN;
		x->ci = -1;
		return 0;
	}
	if ((x->where != PG_PNR && x->where != PG_TRAVELLER) ||
	    x->r->ticketed != NULL)
		return 0;
	for (size_t el = 1; el <= s->nelements; el++) {
		const char *d = edi_get(s, el, 1);

		if (!streq(edi_get(s, el, 0), "710") || d == NULL)
			continue;
		if (pnr_when(d, edi_get(s, el, 2), NORM_PAST,
		    x->ctx->ref_year, when) == -1)
			return edi_seg_err(x->err, VB_EINVALID, s,
			    "invalid ticket issue date", d);
		return set(x, &x->r->ticketed, when);
	}
	return 0;
}

/*
 * ORG in a PNR: who booked it. The travel agent's IATA number and office
 * (C300) and location when sent, else the airline and its office.
 */
static int
seg_org(struct pg *x, const struct edi_segment *s)
{
	const char *a = edi_get(s, 2, 0), *b = edi_get(s, 2, 1);
	const char *c = edi_get(s, 3, 0);
	char buf[256];
	int n;

	if (x->where != PG_PNR || x->r->agency != NULL)
		return 0;
	if (a == NULL && b == NULL && c == NULL) {
		a = edi_get(s, 1, 0);
		b = edi_get(s, 1, 1);
	}
	n = snprintf(buf, sizeof(buf), "%s%s%s%s%s", a != NULL ? a : "",
	    a != NULL && b != NULL ? " " : "", b != NULL ? b : "",
	    (a != NULL || b != NULL) && c != NULL ? " " : "",
	    c != NULL ? c : "");
	if (n < 0 || (size_t)n >= sizeof(buf))
		return edi_seg_err(x->err, VB_EINVALID, s, "agency too long",
		    a);
	return set(x, &x->r->agency, buf);
}

/* EBD: excess baggage, "4 PC EXCESS GBP 40.00". */
static int
seg_ebd(struct pg *x, const struct edi_segment *s)
{
	const char *qty = edi_get(s, 2, 0), *unit = edi_get(s, 2, 2);
	const char *parts[5];
	char **dst, line[128];
	size_t n = 0;

	if (x->where == PG_PNR)
		dst = &x->r->bags;
	else if (x->where == PG_TRAVELLER && x->pi >= 0)
		dst = &person(x, x->pi)->bags;
	else
		return 0;
	if (qty == NULL || *dst != NULL)
		return 0;
	if (streq(unit, "N"))
		unit = "PC";
	else if (streq(unit, "K") || streq(unit, "700"))
		unit = "KG";
	else if (streq(unit, "L") || streq(unit, "701"))
		unit = "LB";
	parts[0] = qty;
	parts[1] = unit;
	parts[2] = "EXCESS";
	parts[3] = edi_get(s, 1, 0);	/* currency */
	parts[4] = edi_get(s, 1, 1);	/* amount */
	line[0] = '\0';
	for (size_t i = 0; i < 5; i++) {
		if (parts[i] == NULL)
			continue;
		if ((n > 0 && strlcat(line, " ", sizeof(line)) >= sizeof(line)) ||
		    (n = strlcat(line, parts[i], sizeof(line))) >= sizeof(line))
			return edi_seg_err(x->err, VB_EINVALID, s, "too long",
			    qty);
	}
	return set(x, dst, line);
}

/* FTI: the first frequent flyer account, "DL 1234567890". */
static int
seg_fti(struct pg *x, const struct edi_segment *s)
{
	const char *c = edi_get(s, 1, 0), *n = edi_get(s, 1, 1);

	if (x->where != PG_TRAVELLER || x->pi < 0 || n == NULL)
		return 0;
	return c != NULL ? setf(x, &person(x, x->pi)->frequent_flyer, "%s %s",
	    c, n) : set(x, &person(x, x->pi)->frequent_flyer, n);
}

static int
seg_tkt(struct pg *x, const struct edi_segment *s)
{
	if (x->where != PG_TRAVELLER || x->pi < 0)
		return 0;
	x->pay = NULL;
	x->currency[0] = '\0';
	return set_new(x, &person(x, x->pi)->ticket, edi_get(s, 1, 0));
}

/* MON: B base fare, T total; the fare is the total when sent. */
static int
seg_mon(struct pg *x, const struct edi_segment *s)
{
	const char *amt = NULL, *cur = NULL;

	if (x->where != PG_TRAVELLER || x->pi < 0)
		return 0;
	for (size_t el = 1; el <= s->nelements; el++) {
		const char *q = edi_get(s, el, 0);

		if (edi_get(s, el, 1) == NULL)
			continue;
		if (streq(q, "T") || (amt == NULL && streq(q, "B"))) {
			amt = edi_get(s, el, 1);
			cur = edi_get(s, el, 2);
		}
	}
	if (amt == NULL)
		return 0;
	if (cur != NULL && strlcpy(x->currency, cur, sizeof(x->currency)) >=
	    sizeof(x->currency))
		x->currency[0] = '\0';
	if (cur == NULL)
		return set(x, &person(x, x->pi)->fare, amt);
	return setf(x, &person(x, x->pi)->fare, "%s %s", cur, amt);
}

/*
 * FOP: each element a payment: type, old/new, amount, card vendor, card
 * number as received (masked or not), expiry. The amount takes the
 * currency of the ticket's MON, since FOP has none.
 */
static int
seg_fop(struct pg *x, const struct edi_segment *s)
{
	struct payment *p = NULL;

	if (x->where != PG_PNR && x->where != PG_TRAVELLER)
		return 0;
	for (size_t el = 1; el <= s->nelements; el++) {
		const char *amt = edi_get(s, el, 2);

		if (edi_get(s, el, 0) == NULL && edi_get(s, el, 4) == NULL)
			continue;
		if ((p = model_add_payment(x->m, x->r)) == NULL)
			return pg_nomem(x);
		if (set(x, &p->type, edi_get(s, el, 0)) == -1 ||
		    set(x, &p->card_type, edi_get(s, el, 3)) == -1 ||
		    set(x, &p->card_number, edi_get(s, el, 4)) == -1 ||
		    set(x, &p->card_expiry, edi_get(s, el, 5)) == -1)
			return -1;
		if (amt != NULL && (x->currency[0] != '\0' ?
		    setf(x, &p->amount, "%s %s", x->currency, amt) :
		    set(x, &p->amount, amt)) == -1)
			return -1;
	}
	x->pay = p;
	return 0;
}

/* ---- flights ---- */

static int
flight_id(struct pg *x, const struct edi_segment *s, const char *carrier,
    const char *number, char **dst)
{
	char id[32];

	if (number == NULL)
		return 0;
	if (norm_flight(carrier, number, id, sizeof(id)) == -1)
		return edi_seg_err(x->err, VB_EINVALID, s,
		    "flight number too long", number);
	return set(x, dst, id);
}

/* The TVL before the first SRC: the flight pushed, the manifest's leg. */
static int
header_tvl(struct pg *x, const struct edi_segment *s)
{
	const char *carrier = edi_get(s, 4, 0);
	struct tvl_times t;
	struct leg *l;

	if (tvl_times(x, s, &t) == -1)
		return -1;
	if ((l = model_add_leg(x->m, x->mf)) == NULL)
		return pg_nomem(x);
	l->reporting = 1;
	if (x->leg_date[0] == '\0')
		memcpy(x->leg_date, t.day, sizeof(x->leg_date));
	if (set(x, &l->carrier, carrier) == -1 ||
	    flight_id(x, s, carrier, edi_get(s, 5, 0),
	    &l->transport_id) == -1 ||
	    set(x, &l->departure_port, edi_get(s, 2, 0)) == -1 ||
	    set(x, &l->arrival_port, edi_get(s, 3, 0)) == -1 ||
	    set(x, &l->departure_local, t.dep) == -1 ||
	    set(x, &l->arrival_local, t.arr) == -1)
		return -1;
	return 0;
}

/* The flight pushed, by its ports and, when both are known, its day. */
static int
is_reported(struct pg *x, const struct segment *g, const char *day)
{
	const struct leg *l = x->mf->nlegs > 0 ? &x->mf->legs[0] : NULL;

	if (l == NULL || !streq(g->departure_port, l->departure_port) ||
	    !streq(g->arrival_port, l->arrival_port))
		return 0;
	return day[0] == '\0' || x->leg_date[0] == '\0' ||
	    strcmp(day, x->leg_date) == 0;
}

/*
 * A codeshare comes as two TVLs: the marketing flight naming both
 * carriers (C306 UA:LH), then one with only the operating flight's number.
 */
static int
operating_tvl(struct pg *x, const struct edi_segment *s)
{
	const char *num = edi_get(s, 5, 0);

	if (x->seg == NULL || x->seg->operating_carrier == NULL ||
	    x->seg->operating_flight != NULL)
		return edi_warn(x->m, x->err, s->offset, "TVL (segment %d)"
		    " with only a flight number and no codeshare flight before"
		    " it: ignored", s->number);
	return flight_id(x, s, x->seg->operating_carrier, num,
	    &x->seg->operating_flight);
}

/* An itinerary TVL: departure, ports, carriers, flight and class. */
static int
itinerary_tvl(struct pg *x, const struct edi_segment *s)
{
	const char *mkt = edi_get(s, 4, 0), *op = edi_get(s, 4, 1);
	struct tvl_times t;
	struct segment *g;

	if (edi_get(s, 1, 0) == NULL && edi_get(s, 2, 0) == NULL &&
	    mkt == NULL) {
		if (edi_get(s, 5, 0) == NULL)
			return 0;
		return operating_tvl(x, s);
	}
	/*
	 * One impossible time in a flight of the itinerary must not lose the
	 * PNR: the flight is kept without its times, and the ack says so.
	 */
	if (tvl_times(x, s, &t) == -1) {
		if (x->err == NULL || x->err->code != VB_EINVALID)
			return -1;
		memset(&t, 0, sizeof(t));
		if (edi_warn(x->m, x->err, s->offset, "TVL (segment %d) of PNR"
		    " %s: %s: the flight kept without its times", s->number,
		    x->r != NULL && x->r->locator != NULL ? x->r->locator : "?",
		    x->err->message) == -1)
			return -1;
		vb_err_clear(x->err);
	}
	if ((g = model_add_segment(x->m, x->r)) == NULL)
		return pg_nomem(x);
	x->seg = g;
	x->where = PG_FLIGHT;
	x->ci = -1;
	if (set(x, &g->carrier, mkt) == -1 ||
	    flight_id(x, s, mkt, edi_get(s, 5, 0), &g->flight) == -1 ||
	    (op != NULL && !streq(op, mkt) &&
	    set(x, &g->operating_carrier, op) == -1) ||
	    set(x, &g->departure_port, edi_get(s, 2, 0)) == -1 ||
	    set(x, &g->arrival_port, edi_get(s, 3, 0)) == -1 ||
	    set(x, &g->departure_local, t.dep) == -1 ||
	    set(x, &g->arrival_local, t.arr) == -1 ||
	    set(x, &g->booking_class, edi_get(s, 5, 1)) == -1)
		return -1;
	memcpy(x->seg_date, t.day, sizeof(x->seg_date));
	x->reported = is_reported(x, g, t.day);
	return 0;
}

static int
seg_tvl(struct pg *x, const struct edi_segment *s)
{
	switch (x->where) {
	case PG_HEADER:
		return header_tvl(x, s);
	case PG_ASIDE:
		return 0;
	default:
		return itinerary_tvl(x, s);
	}
}

/* RPI+2+HK: the booking status on this flight. */
static int
seg_rpi(struct pg *x, const struct edi_segment *s)
{
	if (x->where != PG_FLIGHT || x->seg == NULL)
		return 0;
	return set_new(x, &x->seg->status, edi_get(s, 2, 0));
}

/*
 * TRI: one traveller's check-in; its fourth component is the TIF's
 * reference (TRI++108:::1). A TIF after it names the traveller too.
 */
static int
seg_tri(struct pg *x, const struct edi_segment *s)
{
	if (x->where != PG_FLIGHT && x->where != PG_CHECKIN)
		return 0;
	x->where = PG_CHECKIN;
	x->ci = by_ref(x, edi_get(s, 2, 3));
	return 0;
}

/* SSD: the seat the traveller checked in for, over the one booked. */
static int
seg_ssd(struct pg *x, const struct edi_segment *s)
{
	if (x->where != PG_CHECKIN || !x->reported || x->ci < 0 ||
	    edi_get(s, 1, 0) == NULL)
		return 0;
	person(x, x->ci)->seat = NULL;
	return set_seat(x, &person(x, x->ci)->seat, edi_get(s, 1, 0));
}

/* TBD: bags checked, "2 PC 34 KG" (700 kilograms, 701 pounds). */
static int
seg_tbd(struct pg *x, const struct edi_segment *s)
{
	const char *n = edi_get(s, 2, 0), *w = edi_get(s, 2, 1);
	const char *u = edi_get(s, 2, 2);

	if (x->where != PG_CHECKIN || !x->reported || x->ci < 0 || n == NULL)
		return 0;
	while (n[0] == '0' && is_digit(n[1]))
		n++;
	u = streq(u, "700") ? "KG" : streq(u, "701") ? "LB" : u;
	person(x, x->ci)->bags = NULL;
	if (w == NULL || strspn(w, "0") == strlen(w))
		return setf(x, &person(x, x->ci)->bags, "%s PC", n);
	return setf(x, &person(x, x->ci)->bags, "%s PC %s%s%s", n, w,
	    u != NULL ? " " : "", u != NULL ? u : "");
}

/* ---- the message ---- */

/*
 * MSG C302: 22 a full push, 141 an update (only the PNRs that changed).
 * Inside a PNR it opens non-air products (MSG+8): not flights.
 */
static int
seg_msg(struct pg *x, const struct edi_segment *s)
{
	const char *code = edi_get(s, 1, 1);

	if (x->where != PG_HEADER) {
		x->where = PG_ASIDE;
		return 0;
	}
	if (code == NULL)
		code = edi_get(s, 1, 0);
	if (streq(code, "141"))
		x->mf->action = MANIFEST_CHANGE;
	if (set(x, &x->mf->document_code, code) == -1 ||
	    set(x, &x->mf->push, code) == -1)
		return -1;
	return 0;
}

/* EQN: before the first SRC, the PNRs announced; inside one, a split. */
static int
seg_eqn(struct pg *x, const struct edi_segment *s)
{
	const char *n = edi_get(s, 1, 0);
	const char *why = NULL;

	if (x->where != PG_HEADER) {
		if (x->where != PG_ASIDE)
			x->where = PG_SPLIT;
		return 0;
	}
	if (n == NULL)
		return 0;
	x->eqn = (long)strtonum(n, 0, 1000000, &why);
	if (why != NULL)
		x->eqn = -1;
	return 0;
}

/* History (ABI, SAC) and long text (LTS): what was, not what is. */
static int
seg_aside(struct pg *x, const struct edi_segment *s)
{
	(void)s;
	if (x->where != PG_HEADER)
		x->where = PG_ASIDE;
	return 0;
}

static const struct {
	const char *tag;
	int (*fn)(struct pg *, const struct edi_segment *);
} pg_segments[] = {
	{"MSG", seg_msg},
	{"EQN", seg_eqn},
	{"SRC", seg_src},
	{"RCI", seg_rci},
	{"SPL", seg_spl},
	{"DAT", seg_dat},
	{"ORG", seg_org},
	{"ADD", seg_add},
	{"EBD", seg_ebd},
	{"IFT", seg_ift},
	{"TIF", seg_tif},
	{"FTI", seg_fti},
	{"SSR", seg_ssr},
	{"TKT", seg_tkt},
	{"MON", seg_mon},
	{"FOP", seg_fop},
	{"TVL", seg_tvl},
	{"RPI", seg_rpi},
	{"TRI", seg_tri},
	{"SSD", seg_ssd},
	{"TBD", seg_tbd},
	{"ABI", seg_aside},
	{"SAC", seg_aside},
	{"LTS", seg_aside},
};

#define NSEGMENTS (sizeof(pg_segments) / sizeof(pg_segments[0]))

/* ---- the walk (edi_walk): one message at a time ---- */

static int
pg_envelope(void *arg, const struct edi_segment *s, struct vb_error *err)
{
	struct pg *x = arg;

	x->err = err;
	if (!edi_is(s, "UNB"))
		return 0;
	if (set(x, &x->m->sender, edi_get(s, 2, 0)) == -1 ||
	    set(x, &x->m->interchange_ref, edi_get(s, 5, 0)) == -1)
		return -1;
	return 0;
}

static int
pg_begin(void *arg, const struct edi_segment *s, struct vb_error *err)
{
	struct pg *x = arg;
	const char *type = edi_get(s, 2, 0);
	char version[32];

	x->err = err;
	x->mf = NULL;
	x->r = NULL;
	if (!streq(type, "PNRGOV"))
		return edi_seg_err(x->err, VB_EUNSUPPORTED, s,
		    "message type is not PNRGOV", type);
	if (edi_message_version(s, version, sizeof(version)) == -1)
		return edi_seg_err(x->err, VB_ESYNTAX, s, "version too long",
		    edi_get(s, 2, 1));
	if ((x->mf = model_add_manifest(x->m)) == NULL)
		return pg_nomem(x);
	x->mf->offset = s->offset;
	x->mf->role = ROLE_PASSENGER;
	x->mf->action = MANIFEST_REPLACE;
	x->mf->sender = x->m->sender;	/* both in the model's arena */
	x->where = PG_HEADER;
	x->leg_date[0] = '\0';
	x->eqn = -1;
	x->nsrc = 0;
	x->nameless = 0;
	if (set(x, &x->mf->format, "pnrgov") == -1 ||
	    set(x, &x->mf->version, version) == -1 ||
	    set(x, &x->mf->message_ref, edi_get(s, 1, 0)) == -1)
		return -1;
	return 0;
}

/*
 * A value of an identified PNR that cannot be read (an impossible date, a
 * text longer than any field): the segment is ignored, the PNR and its
 * travellers kept, and the ack says so; on a traveller's data, the
 * traveller's record says so too. Only a PNR without a locator, or the
 * reported flight, still fails the message.
 */
static int
pg_tolerate(struct pg *x, const struct edi_segment *s)
{
	long pi = x->where == PG_TRAVELLER ? x->pi :
	    x->where == PG_CHECKIN && x->reported ? x->ci : -1;
	char why[sizeof(x->err->message)];

	if (x->err == NULL || x->err->code != VB_EINVALID || x->r == NULL ||
	    x->r->locator == NULL || edi_is(s, "SRC"))
		return -1;
	(void)strlcpy(why, x->err->message, sizeof(why));
	vb_err_clear(x->err);
	if (pi >= 0)
		return note(x, person(x, pi), s, "%s: ignored", why);
	return edi_warn(x->m, x->err, s->offset, "%s (segment %d) of PNR %s:"
	    " %s: ignored, the rest of the PNR kept", s->tag, s->number,
	    x->r->locator, why);
}

static int
pg_segment(void *arg, const struct edi_segment *s, struct vb_error *err)
{
	struct pg *x = arg;

	x->err = err;
	for (size_t i = 0; i < NSEGMENTS; i++)
		if (edi_is(s, pg_segments[i].tag)) {
			/* Before the first SRC, only the header's count. */
			if (x->r == NULL && x->where != PG_HEADER)
				return 0;
			if (x->where == PG_HEADER && x->r == NULL &&
			    !edi_is(s, "MSG") && !edi_is(s, "TVL") &&
			    !edi_is(s, "EQN") && !edi_is(s, "SRC"))
				return 0;
			if (pg_segments[i].fn(x, s) == -1)
				return pg_tolerate(x, s);
			return 0;
		}
	return 0;
}

static int
pg_end(void *arg, const struct edi_segment *s, struct vb_error *err)
{
	struct pg *x = arg;
	const char *ref = x->mf->message_ref;

	x->err = err;
	if (close_pnr(x) == -1)
		return -1;
	if (x->eqn >= 0 && (size_t)x->eqn != x->nsrc &&
	    edi_warn(x->m, x->err, s->offset, "EQN says %ld PNRs, message %s"
	    " has %zu", x->eqn, ref != NULL ? ref : "", x->nsrc) == -1)
		return -1;
	/* Not one traveller could be named: an empty push replaces nothing. */
	if (x->mf->npeople == 0 && x->nameless > 0) {
		x->mf = NULL;
		return vb_err_at(err, VB_EINVALID, x->nameless_offset, "TIF",
		    x->nameless_segment, "TIF without a surname: no traveller"
		    " in the message can be identified");
	}
	x->mf = NULL;
	return 0;
}

static void
pg_reset(void *arg)
{
	struct pg *x = arg;

	x->mf = NULL;
	x->r = NULL;
}

static int
pnrgov_detect(const char *buf, size_t len)
{
	return edi_detect_type(buf, len, "PNRGOV");
}

static int
pnrgov_parse(const char *buf, size_t len, const struct feed_ctx *ctx,
    struct model *out, struct vb_error *err)
{
	struct pg x;
	const struct edi_walker w = {&x, pg_envelope, pg_begin, pg_segment,
	    pg_end, pg_reset, out};

	memset(&x, 0, sizeof(x));
	x.ctx = ctx;
	x.m = out;
	x.err = err;
	return edi_walk(buf, len, &w, err);
}

const struct feed_parser feed_pnrgov = {"pnrgov", pnrgov_detect, pnrgov_parse};
