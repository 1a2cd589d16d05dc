/*
 * IATA Cargo-IMP: FWB (air waybill), FHL (consolidation list: house
 * waybills under a master) and FFM (airline flight manifest), the plain
 * text messages air carriers send over Type B. The IATA manual itself is
 * not public; the layouts below follow the public ABNF grammars of
 * parse2.com (cargo-imp FWB/14, FFR/6), the CargoIMP-Compiler grammars
 * (FWB/17, FHL/4, FFM/8) and carriers' messages published with them:
 *
 *   [QK ADDRESS ...]  [.ORIGINATR DDHHMM]        Type B envelope, optional
 *   FWB/16
 *   020-12345675FRAJFK/T3K120.5[MC1.2]           number, origin, destination,
 *   [FLT/LH400/27[/LH7602/28]]                     pieces, weight [, volume]
 *   RTG/JFKLH[/ORDUA]                            destination + carrier pairs
 *   SHP[/ACCOUNT]  CNE[/ACCOUNT]  [NFY[/NAME]]   parties, then either
 *     /NAME /STREET /PLACE[/STATE] /CC[/POSTCODE[/TE/NUMBER]] [/TE/NUMBER]
 *     or (FWB/17) NAM/NAME ADR/STREET LOC/PLACE[/STATE]
 *     /CC/POSTCODE[/TE/NUMBER]
 *   RTD/1/P3/K120.5/...                          one goods line per RTD, with
 *     /NG/DESCRIPTION  /2/NC/CONSOLIDATION         nature of goods, HS codes,
 *     /3/NH/847130  /4/NV/MC1.2                    volume
 *   AGT CVD OTH PPD ISU OSI OCI SSR SPH REF ...  read past
 *
 *   FHL/4
 *   MBI/020-12345675FRAJFK/T3K120.5              the master
 *   HBS/HOUSE1/FRAJFK/1/K40[/SLAC]/DESCRIPTION   each house, then its
 *     TXT/FULL DESCRIPTION  HTS/847130             description, HS codes
 *     SHP/NAME /STREET /PLACE /CC/POSTCODE         and parties (name first)
 *     CNE/NAME ...
 *
 *   FFM/8
 *   1/LH8400/15MAR1030/FRA/DALCA                 part, flight, date, loading
 *   JFK[/NIL][/15MAR1230[/15MAR1400]]            each point of unloading
 *   020-12345675FRAJFK/T5K100MC0.5/BOOKS         consignments, bulk first,
 *   ULD/AKE12345LH                                 then per ULD
 *   LAST | CONT                                  CONT: a further part follows
 *
 * A line starting with "/" continues the element before it; what it holds
 * depends on that element. A file may hold several messages, each starting
 * with its header line; blank lines, "=" lines and Type B envelopes between
 * them are read past. A message is read in two passes: the first checks
 * what must be readable (the header lines, every waybill and house line)
 * and, when something is not, the message is left out and recorded
 * (model_add_error) while the others are kept; the second fills the model
 * and can then fail only for memory. Numbers are kept as sent: check
 * digits and HS codes are core's to judge (core/norm/cargo_check.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "norm/norm.h"
#include "feed.h"

/* Fields kept of a line; the last takes the rest. */
#define CI_MAXF		24
#define CI_MAXHS	16	/* HS codes kept per goods line */
#define CI_DETECT_LINES	24	/* lines detection looks at */

/* ---- lines and fields ---- */

struct ci_line {
	const char *p;		/* no line end, no control characters */
	size_t len;
	long off;		/* where p starts in the input */
};

struct ci_str {
	const char *p;
	size_t n;
};

/* A line cut at its slants: f[0] is what comes before the first. */
struct ci_fields {
	struct ci_str f[CI_MAXF];
	size_t n;
};

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

static int
is_ctrl(char c)
{
	return (unsigned char)c < 0x20 && c != '\t';
}

static struct ci_str
trim(struct ci_str s)
{
	while (s.n > 0 && (s.p[0] == ' ' || s.p[0] == '\t')) {
		s.p++;
		s.n--;
	}
	while (s.n > 0 && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t'))
		s.n--;
	return s;
}

/* 1 when s is lit; a NULL lit (a model field not set) is nothing. */
static int
str_is(struct ci_str s, const char *lit)
{
	return lit != NULL && s.n == strlen(lit) && memcmp(s.p, lit, s.n) == 0;
}

static int
all_digits(struct ci_str s)
{
	for (size_t i = 0; i < s.n; i++)
		if (!is_digit(s.p[i]))
			return 0;
	return s.n > 0;
}

static int
all_upper(struct ci_str s)
{
	for (size_t i = 0; i < s.n; i++)
		if (!is_upper(s.p[i]))
			return 0;
	return s.n > 0;
}

static void
split(const struct ci_line *l, struct ci_fields *fs)
{
	size_t start = 0;

	fs->n = 0;
	for (size_t i = 0; i <= l->len; i++) {
		if (i < l->len && (l->p[i] != '/' || fs->n == CI_MAXF - 1))
			continue;
		fs->f[fs->n].p = l->p + start;
		fs->f[fs->n].n = i - start;
		fs->n++;
		start = i + 1;
	}
}

/* Field i, or an empty one past the end. */
static struct ci_str
field(const struct ci_fields *fs, size_t i)
{
	struct ci_str none = {"", 0};

	return i < fs->n ? fs->f[i] : none;
}

/* Everything after the first n slants, raw (descriptions keep their spaces). */
static struct ci_str
rest(const struct ci_line *l, size_t n)
{
	struct ci_str s = {l->p, l->len};

	while (n > 0 && s.n > 0) {
		if (s.p[0] == '/')
			n--;
		s.p++;
		s.n--;
	}
	return s;
}

static int
blank(const struct ci_line *l)
{
	return trim((struct ci_str){l->p, l->len}).n == 0;
}

/*
 * Type B ends lines with CR LF, some systems with CR CR LF or LF alone:
 * each is one line end. SOH, STX and ETX around a message are dropped.
 */
static int
ci_lines(const char *buf, size_t len, struct ci_line **out, size_t *nout)
{
	struct ci_line *l = NULL, *p;
	size_t n = 0, cap = 0, i = 0;

	while (i < len) {
		size_t s = i, e;

		while (i < len && buf[i] != '\r' && buf[i] != '\n')
			i++;
		e = i;
		while (i < len && buf[i] == '\r')
			i++;
		if (i < len && buf[i] == '\n')
			i++;
		while (s < e && is_ctrl(buf[s]))
			s++;
		while (e > s && is_ctrl(buf[e - 1]))
			e--;
		if (n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			if ((p = reallocarray(l, cap, sizeof(*l))) == NULL) {
				free(l);
				return -1;
			}
			l = p;
		}
		l[n].p = buf + s;
		l[n].len = e - s;
		l[n].off = (long)s;
		n++;
	}
	*out = l;
	*nout = n;
	return 0;
}

/* ---- what a line is, outside the messages ---- */

enum ci_kind {
	K_BLANK,
	K_SEPARATOR,	/* "=...": SITA envelopes, between messages */
	K_ADDRESS,	/* Type B: "QK FRAFMLH MUCFMLH" */
	K_ORIGIN,	/* Type B: ".MUCFMLH 151200" */
	K_HEADER,	/* "FWB/16" */
	K_END,		/* FFM: "LAST" or "CONT" */
	K_DATA,
};

/* Message identifiers of Cargo-IMP that do not start with F. */
static const char *const ci_other_types[] = {"CAC", "CIR", "CSI", "CSN", "DCM"};

/* "FWB/16": type and version (3 letters, 1 to 3 digits), nothing else. */
static int
is_header(const struct ci_line *l)
{
	struct ci_str s = trim((struct ci_str){l->p, l->len});
	struct ci_str v;
	int known = 0;

	if (s.n < 5 || s.n > 7 || s.p[3] != '/' || !is_upper(s.p[0]) ||
	    !is_upper(s.p[1]) || !is_upper(s.p[2]))
		return 0;
	v.p = s.p + 4;
	v.n = s.n - 4;
	if (!all_digits(v))
		return 0;
	known = s.p[0] == 'F';
	for (size_t i = 0; !known &&
	    i < sizeof(ci_other_types) / sizeof(ci_other_types[0]); i++)
		known = memcmp(s.p, ci_other_types[i], 3) == 0;
	return known;
}

/* "QK FRAFMLH MUCFMLH": a priority code, then 7-character addresses. */
static int
is_address(const struct ci_line *l)
{
	size_t i = 3, run = 0, naddr = 0;

	if (l->len < 10 || l->p[0] != 'Q' || !is_upper(l->p[1]) ||
	    l->p[2] != ' ')
		return 0;
	for (; i <= l->len; i++) {
		if (i == l->len || l->p[i] == ' ') {
			if (run != 0 && run != 7)
				return 0;
			naddr += run == 7;
			run = 0;
		} else if (is_upper(l->p[i]) || is_digit(l->p[i]))
			run++;
		else
			return 0;
	}
	return naddr > 0;
}

static enum ci_kind
line_kind(const struct ci_line *l)
{
	struct ci_str s = trim((struct ci_str){l->p, l->len});

	if (s.n == 0)
		return K_BLANK;
	if (s.p[0] == '=')
		return K_SEPARATOR;
	if (s.p[0] == '.' && s.n >= 8)
		return K_ORIGIN;
	if (is_address(l))
		return K_ADDRESS;
	if (is_header(l))
		return K_HEADER;
	if (str_is(s, "LAST") || str_is(s, "CONT"))
		return K_END;
	return K_DATA;
}

/* ---- the parser's state ---- */

enum ci_type { CI_FWB, CI_FHL, CI_FFM, CI_OTHER };

/* One message: its header line and the lines up to the next message. */
struct ci_msg {
	enum ci_type type;
	char version[8];	/* "FWB/16" */
	const struct ci_line *l;	/* l[0] is the header */
	size_t n;
	const char *sender;	/* the Type B originator before it, or NULL */
};

/* What a continuation line ("/...") continues. */
enum ci_elem {
	E_IGNORE,	/* an element read past, or none */
	E_FLT,		/* FWB: more flight bookings */
	E_PARTY,	/* a party's lines */
	E_RTD,		/* FWB: a rate description's goods lines */
	E_TXT,		/* FHL: the house's description */
	E_HTS,		/* FHL: more HS codes */
};

enum ci_step {
	P_NAME,		/* positional: name, street, place, country, ... */
	P_STREET,
	P_PLACE,
	P_COUNTRY,
	P_CONTACT,
	P_MORE_NAME,	/* FWB/17: after NAM, a second name line */
	P_MORE_STREET,	/* FWB/17: after ADR, a second street line */
};

enum ci_role { R_SHIPPER, R_CONSIGNEE, R_NOTIFY };

/*
 * One goods line being described: the parts of its description arrive on
 * several lines (NG, NC, TXT) and its HS codes may be several; all is put
 * together when the next element starts (unit_close).
 */
struct ci_unit {
	long goods;		/* in the shipment's goods; -1: none */
	char *ng, *nc, *txt;	/* description parts as sent, concatenated */
	size_t ng_last, nc_last, txt_last;	/* the length of each one's last line */
	char *hs[CI_MAXHS];
	size_t nhs;
};

struct ci_ffm {
	long mf;		/* a CONT part's manifest, for the next part */
	char key[64];		/* its flight, date and port of loading */
	long leg;		/* the current point of unloading's leg */
	char *uld;		/* the next consignments' ULD; NULL: bulk */
	char *flight;		/* "LH8400/15MAR", for the shipments */
	char *loading;		/* the point of loading */
	int year, month, day;	/* the flight's date */
	char *prev_dep;		/* the last point's departure, if sent */
};

struct ci {
	const struct feed_ctx *ctx;
	struct model *m;
	struct vb_error *err;
	const struct ci_msg *g;	/* the message being read */
	size_t line;		/* its line being read (0: the header) */
	size_t mf;		/* its manifest */
	long sh;		/* the current shipment, -1 when none */
	enum ci_elem what;
	enum ci_role role;	/* E_PARTY: whose */
	enum ci_step step;
	struct ci_unit u;
	struct ci_ffm ffm;
	size_t kept;		/* messages read into the model */
	int nrejected;
	struct vb_error first;	/* the first message left out */
};

static int
nomem(struct ci *x)
{
	return vb_err(x->err, VB_ENOMEM, "out of memory");
}

static struct manifest *
cur_mf(struct ci *x)
{
	return &x->m->manifests[x->mf];
}

static struct shipment *
cur_sh(struct ci *x)
{
	return x->sh < 0 ? NULL : &cur_mf(x)->shipments[x->sh];
}

static const struct ci_line *
cur_line(struct ci *x)
{
	return &x->g->l[x->line];
}

static int
ci_warn(struct ci *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A warning on the current line: "FWB/16 line 7: ...". */
static int
ci_warn(struct ci *x, const char *fmt, ...)
{
	char buf[400];
	va_list ap;

	va_start(ap, fmt);
	/* A cut warning still helps. */
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (model_warn(x->m, cur_line(x)->off, "%s line %zu: %s", x->g->version,
	    x->line + 1, buf) == -1)
		return nomem(x);
	return 0;
}

/* At most 40 characters of a line, for messages. */
static int
shown(const struct ci_line *l)
{
	return l->len > 40 ? 40 : (int)l->len;
}

/* ---- model strings ---- */

/* *dst = s without its outer blanks; a blank s leaves *dst alone. */
static int
set(struct ci *x, char **dst, struct ci_str s)
{
	s = trim(s);
	if (s.n == 0)
		return 0;
	if ((*dst = model_strndup(x->m, s.p, s.n)) == NULL)
		return nomem(x);
	return 0;
}

static int
set_cstr(struct ci *x, char **dst, const char *s)
{
	return model_set(x->m, dst, s) == -1 ? nomem(x) : 0;
}

/* *dst followed by sep and s; s alone when *dst is NULL. */
static int
append(struct ci *x, char **dst, const char *sep, struct ci_str s)
{
	size_t old = *dst != NULL ? strlen(*dst) : 0;
	size_t nsep = old > 0 ? strlen(sep) : 0;
	char *tmp, *p;

	if ((tmp = malloc(old + nsep + s.n + 1)) == NULL)
		return nomem(x);
	if (old > 0)
		memcpy(tmp, *dst, old);
	memcpy(tmp + old, sep, nsep);
	memcpy(tmp + old + nsep, s.p, s.n);
	p = model_strndup(x->m, tmp, old + nsep + s.n);
	free(tmp);
	if (p == NULL)
		return nomem(x);
	*dst = p;
	return 0;
}

/*
 * A description's next line. Cargo-IMP cuts NG and NC lines at 20
 * characters and TXT lines at 65: a line that filled its width may end
 * inside a word and is joined as sent, a shorter one ended at a word and
 * keeps a space ("RESTRICTED" + "NOT", not "RESTRICTEDNOT").
 */
static int
append_line(struct ci *x, char **dst, size_t *last, size_t width,
    struct ci_str v)
{
	const char *sep = *last >= width ? "" : " ";

	*last = v.n;
	return append(x, dst, sep, v);
}

/* A name or street line: blanks trimmed, joined to the earlier ones. */
static int
join(struct ci *x, char **dst, const char *sep, struct ci_str s)
{
	s = trim(s);
	return s.n == 0 ? 0 : append(x, dst, sep, s);
}

/* The arena string s without its outer blanks, in place; NULL when blank. */
static char *
trim_in_place(char *s)
{
	size_t n;

	if (s == NULL)
		return NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return n > 0 ? s : NULL;
}

/* ---- dates: DDMMM[HHMM] ---- */

static int
month_of(const char *s)
{
	static const char months[] = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";

	for (int i = 0; i < 12; i++)
		if (memcmp(s, months + 3 * i, 3) == 0)
			return i + 1;
	return 0;
}

struct ci_date {
	int day, month;
	int hour, minute;	/* -1 when only the date was sent */
};

static int
ddmmm(struct ci_str s, struct ci_date *d)
{
	s = trim(s);
	if ((s.n != 5 && s.n != 9) || !is_digit(s.p[0]) || !is_digit(s.p[1]) ||
	    (d->month = month_of(s.p + 2)) == 0)
		return -1;
	d->day = (s.p[0] - '0') * 10 + (s.p[1] - '0');
	d->hour = d->minute = -1;
	if (s.n == 9) {
		struct ci_str t = {s.p + 5, 4};

		if (!all_digits(t))
			return -1;
		d->hour = (t.p[0] - '0') * 10 + (t.p[1] - '0');
		d->minute = (t.p[2] - '0') * 10 + (t.p[3] - '0');
		if (d->hour > 23 || d->minute > 59)
			return -1;
	}
	return d->day >= 1 && d->day <= 31 ? 0 : -1;
}

/*
 * "YYYY-MM-DDTHH:MM" of a day and month in year. Only a date sent: the
 * time is 00:00, since the store keys a flight by its day and wants a time
 * of the day with it; the day is what counts.
 */
static int
local_time(const struct ci_date *d, int year, char out[17])
{
	if (d->day > norm_days_in_month(year, d->month))
		return -1;
	if (snprintf(out, 17, "%04d-%02d-%02dT%02d:%02d", year, d->month,
	    d->day, d->hour < 0 ? 0 : d->hour, d->minute < 0 ? 0 :
	    d->minute) != 16)
		return -1;
	return 0;
}

/* ---- the waybill line: 020-12345675FRAJFK/T3K120.5MC1.2 ---- */

struct ci_awb {
	struct ci_str number;	/* as sent: "020-12345675" */
	struct ci_str origin, destination;
	int quantity;		/* 1 when the quantity was read */
	char pieces[16];
	char weight[32];	/* "120.5 K" */
	char volume[32];	/* "1.2 MC", "" when not sent */
};

/* The waybill number, origin and destination: the whole of f, or -1. */
static int
awb_ident(struct ci_str f, struct ci_awb *a)
{
	size_t i = 0, serial;

	f = trim(f);
	while (i < 3 && i < f.n && is_digit(f.p[i]))
		i++;
	if (i != 3)
		return -1;
	if (i < f.n && f.p[i] == '-')
		i++;
	serial = i;
	while (i < f.n && is_digit(f.p[i]))
		i++;
	/* Kept as sent even when the serial is not 8 digits: core says so. */
	if (i == serial || i - serial > 12 || f.n - i != 6)
		return -1;
	a->number.p = f.p;
	a->number.n = i;
	a->origin.p = f.p + i;
	a->destination.p = f.p + i + 3;
	a->origin.n = a->destination.n = 3;
	return all_upper((struct ci_str){f.p + i, 6}) ? 0 : -1;
}

/* Digits with an optional decimal part at s[*i]; its length, 0 when none. */
static size_t
number_at(struct ci_str s, size_t *i)
{
	size_t start = *i;

	while (*i < s.n && is_digit(s.p[*i]))
		(*i)++;
	if (*i == start)
		return 0;
	if (*i + 1 < s.n && s.p[*i] == '.' && is_digit(s.p[*i + 1])) {
		(*i)++;
		while (*i < s.n && is_digit(s.p[*i]))
			(*i)++;
	}
	return *i - start;
}

static int
is_volume_code(const char *p)
{
	return memcmp(p, "MC", 2) == 0 || memcmp(p, "CI", 2) == 0 ||
	    memcmp(p, "CF", 2) == 0 || memcmp(p, "CC", 2) == 0;
}

/*
 * T3K120.5 (shipment description code T, P, S or D; pieces; K or L and the
 * weight), then a volume (MC1.2), a density group (DG3) or, for a part of
 * the consignment, the total pieces (T12), in any order.
 */
static int
quantity(struct ci_str f, struct ci_awb *a)
{
	size_t i = 1, n, at;

	f = trim(f);
	if (f.n < 4 || strchr("TPSD", f.p[0]) == NULL)
		return -1;
	at = i;
	while (i < f.n && is_digit(f.p[i]))
		i++;
	if ((n = i - at) == 0 || n >= sizeof(a->pieces))
		return -1;
	memcpy(a->pieces, f.p + at, n);
	a->pieces[n] = '\0';
	if (i >= f.n || (f.p[i] != 'K' && f.p[i] != 'L'))
		return -1;
	at = ++i;
	if ((n = number_at(f, &i)) == 0 || n > 20)
		return -1;
	(void)snprintf(a->weight, sizeof(a->weight), "%.*s %c", (int)n,
	    f.p + at, f.p[at - 1]);
	while (i < f.n) {
		if (i + 2 < f.n && is_volume_code(f.p + i)) {
			at = i += 2;
			if ((n = number_at(f, &i)) == 0 || n > 20)
				return -1;
			(void)snprintf(a->volume, sizeof(a->volume), "%.*s %.2s",
			    (int)n, f.p + at, f.p + at - 2);
		} else if (i + 2 < f.n && memcmp(f.p + i, "DG", 2) == 0) {
			i += 2;
			if (number_at(f, &i) == 0)
				return -1;
		} else if (f.p[i] == 'T') {
			i++;
			if (number_at(f, &i) == 0)
				return -1;
		} else
			return -1;
	}
	a->quantity = 1;
	return 0;
}

/* The waybill line's fields from the field `from` on; -1 when no number. */
static int
awb_line(const struct ci_fields *fs, size_t from, struct ci_awb *a)
{
	memset(a, 0, sizeof(*a));
	if (awb_ident(field(fs, from), a) == -1)
		return -1;
	if (quantity(field(fs, from + 1), a) == -1) {
		a->quantity = 0;
		a->pieces[0] = a->weight[0] = a->volume[0] = '\0';
	}
	return 0;
}

static int
is_awb_start(const struct ci_line *l)
{
	return l->len >= 4 && is_digit(l->p[0]) && is_digit(l->p[1]) &&
	    is_digit(l->p[2]) && (l->p[3] == '-' || is_digit(l->p[3]));
}

/* "SHP", "SHP/..." : the tag, or an empty string for a line without one. */
static void
line_tag(const struct ci_line *l, char tag[4])
{
	tag[0] = '\0';
	if (l->len >= 3 && is_upper(l->p[0]) && is_upper(l->p[1]) &&
	    is_upper(l->p[2]) && (l->len == 3 || l->p[3] == '/')) {
		memcpy(tag, l->p, 3);
		tag[3] = '\0';
	}
}

/* ---- manifests, shipments, goods ---- */

static int
new_manifest(struct ci *x, const char *doc)
{
	struct manifest *mf;

	if ((mf = model_add_manifest(x->m)) == NULL)
		return nomem(x);
	x->mf = x->m->nmanifests - 1;
	mf->offset = x->g->l[0].off;
	mf->role = ROLE_PASSENGER;	/* no people: the role says nothing */
	mf->action = MANIFEST_REPLACE;
	if (set_cstr(x, &mf->format, "cargoimp") == -1 ||
	    set_cstr(x, &mf->version, x->g->version) == -1 ||
	    set_cstr(x, &mf->document_code, doc) == -1 ||
	    set_cstr(x, &mf->mode, "air") == -1 ||
	    (x->g->sender != NULL &&
	    set_cstr(x, &mf->sender, x->g->sender) == -1))
		return -1;
	x->sh = -1;
	return 0;
}

static int
new_shipment(struct ci *x, const char *kind)
{
	struct shipment *sh;

	if ((sh = model_add_shipment(x->m, cur_mf(x))) == NULL)
		return nomem(x);
	x->sh = (long)cur_mf(x)->nshipments - 1;
	sh->offset = cur_line(x)->off;
	return set_cstr(x, &sh->kind, kind);
}

/* Number, origin, destination and totals of a waybill line. */
static int
shipment_awb(struct ci *x, const struct ci_awb *a)
{
	struct shipment *sh = cur_sh(x);

	if (set(x, &sh->number, a->number) == -1 ||
	    set(x, &sh->origin, a->origin) == -1 ||
	    set(x, &sh->destination, a->destination) == -1)
		return -1;
	if (!a->quantity)
		return 0;
	sh = cur_sh(x);
	if (set_cstr(x, &sh->pieces, a->pieces) == -1 ||
	    set_cstr(x, &sh->weight, a->weight) == -1)
		return -1;
	return 0;
}

static int
new_goods(struct ci *x)
{
	if (model_add_goods(x->m, cur_sh(x)) == NULL)
		return nomem(x);
	memset(&x->u, 0, sizeof(x->u));
	x->u.goods = (long)cur_sh(x)->ngoods - 1;
	return 0;
}

static struct goods *
cur_goods(struct ci *x)
{
	return x->u.goods < 0 || x->sh < 0 ? NULL :
	    &cur_sh(x)->goods[x->u.goods];
}

static int
unit_hs(struct ci *x, struct ci_str code)
{
	code = trim(code);
	if (code.n == 0)
		return 0;
	if (x->u.nhs == CI_MAXHS)
		return ci_warn(x, "more than %d HS codes for one goods line:"
		    " %.*s ignored", CI_MAXHS, (int)code.n, code.p);
	return set(x, &x->u.hs[x->u.nhs++], code);
}

/*
 * The goods line described: NG (nature and quantity of goods) before NC
 * (consolidation) before TXT, else the short description it came with.
 * Each further HS code is a goods line of its own with the same
 * description, so that each code can be checked against it.
 */
static int
unit_close(struct ci *x)
{
	struct goods *gd = cur_goods(x);
	char *desc, *first;
	int from_txt;

	if (gd == NULL)
		return 0;
	desc = x->u.ng != NULL ? x->u.ng : x->u.nc != NULL ? x->u.nc : x->u.txt;
	from_txt = desc != NULL && desc == x->u.txt;
	gd->description = trim_in_place(gd->description);
	desc = trim_in_place(desc);
	/* An FHL's TXT adds to its HBS description, which stays first. */
	if (desc != NULL && from_txt && gd->description != NULL &&
	    strncasecmp(desc, gd->description, strlen(gd->description)) != 0) {
		struct ci_str more = {desc, strlen(desc)};

		if (append(x, &gd->description, "; ", more) == -1)
			return -1;
	} else if (desc != NULL)
		gd->description = desc;
	if (x->u.nhs > 0 && gd->hs_code == NULL)
		gd->hs_code = x->u.hs[0];
	first = gd->description;
	for (size_t i = 1; i < x->u.nhs; i++) {
		if ((gd = model_add_goods(x->m, cur_sh(x))) == NULL)
			return nomem(x);
		gd->description = first;
		gd->hs_code = x->u.hs[i];
	}
	memset(&x->u, 0, sizeof(x->u));
	x->u.goods = -1;
	return 0;
}

/* ---- parties ---- */

static struct party *
cur_party(struct ci *x)
{
	struct shipment *sh = cur_sh(x);

	if (x->role == R_SHIPPER)
		return &sh->shipper;
	return x->role == R_CONSIGNEE ? &sh->consignee : &sh->notify;
}

/* A contact: "TE/4969123456" keeps the number, the kind goes. */
static int
party_contact(struct ci *x, struct ci_str id, struct ci_str number)
{
	struct ci_str v = trim(number).n > 0 ? number : id;

	return join(x, &cur_party(x)->contact, ", ", v);
}

/* "/DE/60311/TE/4969123456": country, postcode, a contact. */
static int
party_country(struct ci *x, const struct ci_fields *fs)
{
	struct party *p = cur_party(x);

	if (set(x, &p->country, field(fs, 1)) == -1 ||
	    set(x, &cur_party(x)->postcode, field(fs, 2)) == -1)
		return -1;
	if (fs->n > 3)
		return party_contact(x, field(fs, 3), field(fs, 4));
	return 0;
}

/*
 * "SHP", "CNE", "NFY": what follows the tag is an account number in a FWB
 * shipper's or consignee's line, the name in the FWB notify party's and
 * in the FHL's. The state or province of a place has no field: dropped.
 */
static int
party_begin(struct ci *x, enum ci_role role, const struct ci_fields *fs,
    int name_on_tag)
{
	x->what = E_PARTY;
	x->role = role;
	x->step = P_NAME;
	if (!name_on_tag || trim(field(fs, 1)).n == 0)
		return 0;
	x->step = P_STREET;
	return set(x, &cur_party(x)->name, field(fs, 1));
}

/* FWB/17's tagged lines: NAM, ADR, LOC. */
static int
party_tagged(struct ci *x, const char *tag, const struct ci_fields *fs)
{
	struct party *p = cur_party(x);

	if (strcmp(tag, "NAM") == 0) {
		x->step = P_MORE_NAME;
		return join(x, &p->name, " ", field(fs, 1));
	}
	if (strcmp(tag, "ADR") == 0) {
		x->step = P_MORE_STREET;
		return join(x, &p->address, ", ", field(fs, 1));
	}
	x->step = P_COUNTRY;
	return set(x, &p->city, field(fs, 1));
}

static int
party_line(struct ci *x, const struct ci_fields *fs)
{
	struct party *p = cur_party(x);

	switch (x->step) {
	case P_NAME:
		x->step = P_STREET;
		return set(x, &p->name, field(fs, 1));
	case P_MORE_NAME:
		return join(x, &p->name, " ", field(fs, 1));
	case P_STREET:
		x->step = P_PLACE;
		return join(x, &p->address, ", ", field(fs, 1));
	case P_MORE_STREET:
		return join(x, &p->address, ", ", field(fs, 1));
	case P_PLACE:
		x->step = P_COUNTRY;
		return set(x, &p->city, field(fs, 1));
	case P_COUNTRY:
		x->step = P_CONTACT;
		return party_country(x, fs);
	case P_CONTACT:
		break;
	}
	return party_contact(x, field(fs, 1), field(fs, 2));
}

/* ---- messages left out ---- */

static int
ci_reject(struct ci *x, const struct ci_msg *g, size_t line,
    enum vb_errcode code, const char *ref, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/*
 * Records message g as left out, for the error on its line (0-based); the
 * first one is what the parse reports when no message can be kept.
 */
static int
ci_reject(struct ci *x, const struct ci_msg *g, size_t line,
    enum vb_errcode code, const char *ref, const char *fmt, ...)
{
	const struct ci_line *l = &g->l[line < g->n ? line : 0];
	char what[400], msg[512], tag[4];
	va_list ap;

	va_start(ap, fmt);
	/* Cut, it still says which. */
	(void)vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	(void)snprintf(msg, sizeof(msg), "%s line %zu: %s", g->version,
	    line + 1, what);
	line_tag(l, tag);
	if (tag[0] == '\0')
		strlcpy(tag, line == 0 ? g->version : "AWB", sizeof(tag));
	if (x->nrejected++ == 0)
		vb_err_at(&x->first, code, l->off, tag, (int)line + 1, "%s",
		    msg);
	if (model_add_error(x->m, ref, l->off, tag, (int)line + 1, msg) == -1)
		return nomem(x);
	return 0;
}

/* The first line after the header that is not blank; g->n when none. */
static size_t
first_line(const struct ci_msg *g)
{
	size_t i = 1;

	while (i < g->n && blank(&g->l[i]))
		i++;
	return i;
}

/* ---- FWB ---- */

static int
fwb_check(struct ci *x, const struct ci_msg *g)
{
	size_t i = first_line(g);
	struct ci_fields fs;
	struct ci_awb a;

	if (i == g->n)
		return ci_reject(x, g, 0, VB_ESYNTAX, NULL, "no air waybill"
		    " line after the header") == -1 ? -1 : 1;
	split(&g->l[i], &fs);
	if (awb_line(&fs, 0, &a) == -1)
		return ci_reject(x, g, i, VB_ESYNTAX, NULL, "not an air"
		    " waybill number, origin and destination"
		    " (020-12345675FRAJFK/T3K120.5): %.*s", shown(&g->l[i]),
		    g->l[i].p) == -1 ? -1 : 1;
	return 0;
}

/* "FLT/LH400/27/LH7602/28": each flight with its day, ", "-joined. */
static int
fwb_flights(struct ci *x, const struct ci_fields *fs)
{
	for (size_t i = 1; i < fs->n; i += 2) {
		struct ci_str fl = trim(field(fs, i));
		struct ci_str day = trim(field(fs, i + 1));
		char buf[64];

		if (fl.n == 0)
			continue;
		if (snprintf(buf, sizeof(buf), "%.*s%s%.*s", (int)fl.n, fl.p,
		    day.n > 0 ? "/" : "", (int)day.n, day.p) >= (int)sizeof(buf))
			return ci_warn(x, "flight booking too long: ignored");
		if (join(x, &cur_sh(x)->flight, ", ",
		    (struct ci_str){buf, strlen(buf)}) == -1)
			return -1;
	}
	return 0;
}

/*
 * "RTG/JFKLH/ORDUA": each transfer point with the carrier that takes the
 * shipment there, as the route "FRA-LH-JFK-UA-ORD" from the origin.
 */
static int
fwb_routing(struct ci *x, const struct ci_fields *fs)
{
	struct shipment *sh = cur_sh(x);
	char route[256];

	strlcpy(route, sh->origin != NULL ? sh->origin : "", sizeof(route));
	for (size_t i = 1; i < fs->n; i++) {
		struct ci_str r = trim(field(fs, i));
		char part[32];

		if (r.n == 0)
			continue;
		if (r.n == 5 && all_upper((struct ci_str){r.p, 3}))
			(void)snprintf(part, sizeof(part), "-%.2s-%.3s", r.p + 3,
			    r.p);
		else
			(void)snprintf(part, sizeof(part), "-%.*s",
			    (int)(r.n < 20 ? r.n : 20), r.p);
		if (strlcat(route, route[0] == '\0' ? part + 1 : part,
		    sizeof(route)) >= sizeof(route))
			return ci_warn(x, "routing too long: ignored");
	}
	return set_cstr(x, &cur_sh(x)->routing, route);
}

/* "RTD/1/P3/K120.5/CQ/W121/R10/T1210": a new goods line, pieces and weight. */
static int
fwb_rtd(struct ci *x, const struct ci_fields *fs)
{
	if (new_goods(x) == -1)
		return -1;
	x->what = E_RTD;
	for (size_t i = 2; i < fs->n; i++) {
		struct ci_str f = trim(fs->f[i]);
		struct goods *gd = cur_goods(x);
		char w[32];

		if (f.n < 2)
			continue;
		struct ci_str v = {f.p + 1, f.n - 1};

		if (f.p[0] == 'P' && all_digits(v)) {
			if (set(x, &gd->pieces, v) == -1)
				return -1;
		} else if ((f.p[0] == 'K' || f.p[0] == 'L') &&
		    is_digit(f.p[1]) && gd->weight == NULL) {
			(void)snprintf(w, sizeof(w), "%.*s %c",
			    (int)(f.n - 1 < 20 ? f.n - 1 : 20), f.p + 1, f.p[0]);
			if (set_cstr(x, &gd->weight, w) == -1)
				return -1;
		}
	}
	return 0;
}

/*
 * A rate description's further lines: "/NG/...", "/2/NG/...". NG and NC
 * lines are cut at a fixed width and are joined as sent.
 */
static int
fwb_rtd_line(struct ci *x, const struct ci_line *l)
{
	struct ci_fields fs;
	size_t c = 1;
	struct ci_str code, v;
	char vol[32];

	split(l, &fs);
	if (all_digits(trim(field(&fs, 1))))
		c = 2;
	code = trim(field(&fs, c));
	v = rest(l, c + 1);
	if (str_is(code, "NG"))
		return append_line(x, &x->u.ng, &x->u.ng_last, 20, v);
	if (str_is(code, "NC"))
		return append_line(x, &x->u.nc, &x->u.nc_last, 20, v);
	if (str_is(code, "NH")) {
		for (size_t i = c + 1; i < fs.n; i++)
			if (unit_hs(x, fs.f[i]) == -1)
				return -1;
		return 0;
	}
	if (str_is(code, "NV") && cur_goods(x)->volume == NULL) {
		v = trim(v);
		if (v.n > 2 && v.n < 20 && is_volume_code(v.p))
			(void)snprintf(vol, sizeof(vol), "%.*s %.2s",
			    (int)v.n - 2, v.p + 2, v.p);
		else
			(void)snprintf(vol, sizeof(vol), "%.*s",
			    (int)(v.n < 20 ? v.n : 20), v.p);
		return set_cstr(x, &cur_goods(x)->volume, vol);
	}
	return 0;		/* ND dimensions, NS SLAC, NU ULDs, NO ... */
}

static int
fwb_tag(struct ci *x, const char *tag, const struct ci_fields *fs)
{
	if (strcmp(tag, "FLT") == 0) {
		x->what = E_FLT;
		return fwb_flights(x, fs);
	}
	if (strcmp(tag, "RTG") == 0)
		return fwb_routing(x, fs);
	if (strcmp(tag, "SHP") == 0)
		return party_begin(x, R_SHIPPER, fs, 0);
	if (strcmp(tag, "CNE") == 0)
		return party_begin(x, R_CONSIGNEE, fs, 0);
	if (strcmp(tag, "NFY") == 0)
		return party_begin(x, R_NOTIFY, fs, 1);
	if (strcmp(tag, "RTD") == 0)
		return fwb_rtd(x, fs);
	return 0;		/* AGT, SSR, CVD, OTH, PPD, ISU, OCI, ... */
}

static int
fwb_cont(struct ci *x, const struct ci_line *l, const struct ci_fields *fs)
{
	switch (x->what) {
	case E_FLT:
		return fwb_flights(x, fs);
	case E_PARTY:
		return party_line(x, fs);
	case E_RTD:
		return fwb_rtd_line(x, l);
	default:
		return 0;
	}
}

/* The waybill line's volume, when the rate description gives none. */
static int
fwb_volume(struct ci *x, const struct ci_awb *a)
{
	struct shipment *sh = cur_sh(x);

	if (a->volume[0] == '\0' || sh->ngoods == 0)
		return 0;
	for (size_t i = 0; i < sh->ngoods; i++)
		if (sh->goods[i].volume != NULL)
			return 0;
	return set_cstr(x, &sh->goods[0].volume, a->volume);
}

/* ---- FHL ---- */

/* "HBS/HOUSE1/FRAJFK/1/K40[/SLAC][/DESCRIPTION]" */
static int
hbs_fields(const struct ci_fields *fs)
{
	struct ci_str od = trim(field(fs, 2)), w = trim(field(fs, 4));
	size_t i = 1;

	if (trim(field(fs, 1)).n == 0 || od.n != 6 || !all_upper(od) ||
	    !all_digits(trim(field(fs, 3))) || w.n < 2 ||
	    (w.p[0] != 'K' && w.p[0] != 'L'))
		return -1;
	return number_at((struct ci_str){w.p, w.n}, &i) == w.n - 1 ? 0 : -1;
}

static int
fhl_check(struct ci *x, const struct ci_msg *g)
{
	size_t i = first_line(g);
	struct ci_fields fs;
	struct ci_awb a;
	char tag[4];

	if (i < g->n) {
		split(&g->l[i], &fs);
		line_tag(&g->l[i], tag);
	}
	if (i == g->n || strcmp(tag, "MBI") != 0 || awb_line(&fs, 1, &a) == -1)
		return ci_reject(x, g, i < g->n ? i : 0, VB_ESYNTAX, NULL,
		    "no master waybill line (MBI/020-12345675FRAJFK/T3K120.5)")
		    == -1 ? -1 : 1;
	for (i++; i < g->n; i++) {
		line_tag(&g->l[i], tag);
		if (strcmp(tag, "HBS") != 0)
			continue;
		split(&g->l[i], &fs);
		if (hbs_fields(&fs) == -1)
			return ci_reject(x, g, i, VB_ESYNTAX, NULL, "not a house"
			    " waybill line (HBS/HOUSE/FRAJFK/1/K40/...): %.*s",
			    shown(&g->l[i]), g->l[i].p) == -1 ? -1 : 1;
	}
	return 0;
}

/* Origin, destination, pieces and weight of an HBS line (hbs_fields said so). */
static int
fhl_house(struct ci *x, const struct ci_fields *fs, char *master)
{
	struct ci_str od = trim(field(fs, 2)), w = trim(field(fs, 4));
	struct ci_str desc = field(fs, 6);
	struct shipment *sh;
	char weight[40];

	if (unit_close(x) == -1 || new_shipment(x, "house_waybill") == -1)
		return -1;
	sh = cur_sh(x);
	(void)snprintf(weight, sizeof(weight), "%.*s %c",
	    (int)(w.n - 1 < 30 ? w.n - 1 : 30), w.p + 1, w.p[0]);
	sh->master = master;	/* both in the model's arena */
	if (set(x, &sh->number, field(fs, 1)) == -1 ||
	    set(x, &cur_sh(x)->origin, (struct ci_str){od.p, 3}) == -1 ||
	    set(x, &cur_sh(x)->destination,
	    (struct ci_str){od.p + 3, 3}) == -1 ||
	    set(x, &cur_sh(x)->pieces, field(fs, 3)) == -1 ||
	    set_cstr(x, &cur_sh(x)->weight, weight) == -1)
		return -1;
	/* The SLAC (pieces in the shipper's load) is optional: is it there? */
	if (fs->n == 6 && !all_digits(trim(field(fs, 5))))
		desc = field(fs, 5);
	if (new_goods(x) == -1)
		return -1;
	sh = cur_sh(x);
	sh->goods[0].pieces = sh->pieces;
	sh->goods[0].weight = sh->weight;
	x->what = E_IGNORE;	/* its "/" lines: special handling codes */
	return set(x, &cur_goods(x)->description, desc);
}

static int
fhl_tag(struct ci *x, const char *tag, const struct ci_fields *fs,
    char *master)
{
	if (strcmp(tag, "HBS") == 0)
		return fhl_house(x, fs, master);
	if (x->sh < 0) {
		if (strcmp(tag, "MBI") == 0 || strcmp(tag, "CVD") == 0 ||
		    strcmp(tag, "OCI") == 0)
			return 0;
		return ci_warn(x, "%s before the first house (HBS): ignored",
		    tag);
	}
	if (strcmp(tag, "TXT") == 0) {
		x->what = E_TXT;
		return append_line(x, &x->u.txt, &x->u.txt_last, 65,
		    rest(cur_line(x), 1));
	}
	if (strcmp(tag, "HTS") == 0) {
		x->what = E_HTS;
		for (size_t i = 1; i < fs->n; i++)
			if (unit_hs(x, fs->f[i]) == -1)
				return -1;
		return 0;
	}
	if (strcmp(tag, "SHP") == 0)
		return party_begin(x, R_SHIPPER, fs, 1);
	if (strcmp(tag, "CNE") == 0)
		return party_begin(x, R_CONSIGNEE, fs, 1);
	if (strcmp(tag, "NFY") == 0)
		return party_begin(x, R_NOTIFY, fs, 1);
	return 0;		/* OCI, CVD, ... */
}

static int
fhl_cont(struct ci *x, const struct ci_line *l, const struct ci_fields *fs)
{
	switch (x->what) {
	case E_TXT:
		return append_line(x, &x->u.txt, &x->u.txt_last, 65, rest(l, 1));
	case E_HTS:
		for (size_t i = 1; i < fs->n; i++)
			if (unit_hs(x, fs->f[i]) == -1)
				return -1;
		return 0;
	case E_PARTY:
		return party_line(x, fs);
	default:
		return 0;
	}
}

/* ---- FWB and FHL: the lines after the waybill line ---- */

static int
is_party_tag(const char *tag)
{
	return strcmp(tag, "NAM") == 0 || strcmp(tag, "ADR") == 0 ||
	    strcmp(tag, "LOC") == 0;
}

/* One line of a FWB or FHL after its waybill (or MBI) line. */
static int
waybill_line(struct ci *x, char *master)
{
	const struct ci_line *l = cur_line(x);
	struct ci_fields fs;
	char tag[4];

	split(l, &fs);
	if (l->p[0] == '/')
		return x->g->type == CI_FWB ? fwb_cont(x, l, &fs) :
		    fhl_cont(x, l, &fs);
	line_tag(l, tag);
	if (tag[0] == '\0') {
		x->what = E_IGNORE;
		return ci_warn(x, "not a Cargo-IMP line: %.*s", shown(l), l->p);
	}
	if (x->what == E_PARTY && is_party_tag(tag))
		return party_tagged(x, tag, &fs);
	/* A rate description ends where the next element starts. */
	if (x->g->type == CI_FWB && x->what == E_RTD && unit_close(x) == -1)
		return -1;
	x->what = E_IGNORE;
	return x->g->type == CI_FWB ? fwb_tag(x, tag, &fs) :
	    fhl_tag(x, tag, &fs, master);
}

static int
fwb_read(struct ci *x, const struct ci_msg *g)
{
	size_t i = first_line(g);
	struct ci_fields fs;
	struct ci_awb a;
	char *ref = NULL;

	split(&g->l[i], &fs);
	(void)awb_line(&fs, 0, &a);	/* fwb_check said it is one */
	x->line = i;
	if (set(x, &ref, a.number) == -1 || new_manifest(x, "FWB") == -1 ||
	    new_shipment(x, "air_waybill") == -1 || shipment_awb(x, &a) == -1)
		return -1;
	cur_mf(x)->message_ref = ref;
	if (!a.quantity && ci_warn(x, "pieces and weight unreadable:"
	    " %.*s", shown(&g->l[i]), g->l[i].p) == -1)
		return -1;
	for (x->line = i + 1; x->line < g->n; x->line++)
		if (!blank(cur_line(x)) && waybill_line(x, NULL) == -1)
			return -1;
	if (unit_close(x) == -1)
		return -1;
	return fwb_volume(x, &a);
}

static int
fhl_read(struct ci *x, const struct ci_msg *g)
{
	size_t i = first_line(g);
	struct ci_fields fs;
	struct ci_awb a;
	char *master = NULL;

	split(&g->l[i], &fs);
	(void)awb_line(&fs, 1, &a);	/* fhl_check said it is one */
	x->line = i;
	if (set(x, &master, a.number) == -1 || new_manifest(x, "FHL") == -1)
		return -1;
	cur_mf(x)->message_ref = master;
	for (x->line = i + 1; x->line < g->n; x->line++)
		if (!blank(cur_line(x)) && waybill_line(x, master) == -1)
			return -1;
	if (unit_close(x) == -1)
		return -1;
	/* Said of the MBI line: the loop has left the message's lines. */
	x->line = i;
	if (cur_mf(x)->nshipments == 0)
		return ci_warn(x, "no house waybill (HBS) under %s", master);
	return 0;
}

/* ---- FFM ---- */

/*
 * "1/LH8400/15MAR1030/FRA/DALCA": part, flight, date, point of loading.
 * No year is sent: the flight is in the reference year (NORM_NEAR).
 */
struct ci_flight {
	struct ci_str flight, port;
	struct ci_date date;
	int year;
	char departure[17];	/* "YYYY-MM-DDTHH:MM" */
	char key[64];		/* "LH8400/15MAR/FRA": the message's ref */
};

static int
ffm_flight(const struct ci_line *l, int ref_year, struct ci_flight *f)
{
	struct ci_fields fs;
	struct ci_str seq, date;

	split(l, &fs);
	seq = trim(field(&fs, 0));
	date = trim(field(&fs, 2));
	f->flight = trim(field(&fs, 1));
	f->port = trim(field(&fs, 3));
	f->year = norm_year2(ref_year % 100, NORM_NEAR, ref_year);
	if (!all_digits(seq) || seq.n > 3 || f->flight.n < 3 ||
	    f->flight.n > 8 || ddmmm(date, &f->date) == -1 ||
	    local_time(&f->date, f->year, f->departure) == -1 ||
	    f->port.n != 3 || !all_upper(f->port))
		return -1;
	(void)snprintf(f->key, sizeof(f->key), "%.*s/%.5s/%.3s",
	    (int)f->flight.n, f->flight.p, date.p, f->port.p);
	return 0;
}

/*
 * A point of unloading: "JFK", "JFK/NIL", "ORD//15MAR1230[/15MAR1400]"
 * (FFM/8: scheduled arrival, then departure). Told from an element such
 * as "OSI/..." by what follows the code.
 */
static int
ffm_point(const struct ci_line *l, struct ci_str *code, struct ci_date *arr,
    struct ci_date *dep)
{
	struct ci_fields fs;
	struct ci_date *next = arr;

	split(l, &fs);
	/* The code as read, without the blanks a line may start with. */
	*code = trim(field(&fs, 0));
	arr->day = dep->day = 0;
	if (code->n != 3 || !all_upper(*code))
		return 0;
	for (size_t i = 1; i < fs.n; i++) {
		struct ci_str f = trim(fs.f[i]);

		if (f.n == 0 || (i == 1 && str_is(f, "NIL")))
			continue;
		if (next == NULL || ddmmm(f, next) == -1)
			return 0;
		next = next == arr ? dep : NULL;
	}
	return 1;
}

static int
ffm_check(struct ci *x, const struct ci_msg *g)
{
	size_t i = first_line(g);
	struct ci_flight f;
	struct ci_date arr, dep;
	struct ci_fields fs;
	struct ci_str code;
	struct ci_awb a;
	int point = 0;

	if (i == g->n || ffm_flight(&g->l[i], x->ctx->ref_year, &f) == -1)
		return ci_reject(x, g, i < g->n ? i : 0, VB_ESYNTAX, NULL,
		    "no flight line (1/LH8400/15MAR/FRA): %.*s",
		    i < g->n ? shown(&g->l[i]) : 0, i < g->n ? g->l[i].p : "")
		    == -1 ? -1 : 1;
	/* A further part (after CONT) goes on where the last one stopped. */
	point = x->ffm.mf >= 0 && strcmp(x->ffm.key, f.key) == 0;
	for (i++; i < g->n; i++) {
		if (ffm_point(&g->l[i], &code, &arr, &dep))
			point = 1;
		if (!is_awb_start(&g->l[i]))
			continue;
		split(&g->l[i], &fs);
		if (awb_line(&fs, 0, &a) == -1)
			return ci_reject(x, g, i, VB_ESYNTAX, f.key, "not an air"
			    " waybill line (020-12345675FRAJFK/T5K100/BOOKS):"
			    " %.*s", shown(&g->l[i]), g->l[i].p) == -1 ? -1 : 1;
		if (!point)
			return ci_reject(x, g, i, VB_ESYNTAX, f.key, "air"
			    " waybill before any point of unloading") == -1 ?
			    -1 : 1;
	}
	if (!point)
		return ci_reject(x, g, first_line(g), VB_ESYNTAX, f.key, "no"
		    " point of unloading") == -1 ? -1 : 1;
	return 0;
}

/* A date of the flight's route: the flight's year, the next in January. */
static int
ffm_time(struct ci *x, const struct ci_date *d, char **dst)
{
	int year = x->ffm.year + (d->month < x->ffm.month ? 1 : 0);
	char t[17];

	if (local_time(d, year, t) == -1)
		return ci_warn(x, "no such date: %02d/%02d ignored", d->day,
		    d->month);
	return set_cstr(x, dst, t);
}

/* A leg without any time: the flight's date stands in (see ffm_leg). */
static int
ffm_leg_time(struct ci *x)
{
	struct leg *g = &cur_mf(x)->legs[x->ffm.leg];
	char date[17];

	if (g->departure_local != NULL || g->arrival_local != NULL)
		return 0;
	(void)snprintf(date, sizeof(date), "%04d-%02d-%02dT00:00", x->ffm.year,
	    x->ffm.month, x->ffm.day);
	if (set_cstr(x, &g->departure_local, date) == -1)
		return -1;
	return ci_warn(x, "no scheduled time for the leg %s to %s: the"
	    " flight's date is taken", g->departure_port, g->arrival_port);
}

/*
 * Each point of unloading ends a leg from the one before (the first from
 * the point of loading); the last is the arrival leg. A later leg's
 * departure is the previous point's scheduled departure when sent; when
 * the leg has no time at all, the flight's date stands in, since the
 * flight keeps the date of its point of loading and an arrival needs a day.
 */
static int
ffm_leg(struct ci *x, const struct ci_line *l)
{
	struct ci_date arr, dep;
	struct ci_str code;
	struct leg *g;
	long cur = x->ffm.leg;
	char *from, *from_time = x->ffm.prev_dep;

	(void)ffm_point(l, &code, &arr, &dep);	/* ffm_line said it is one */
	x->ffm.uld = NULL;
	if (cur >= 0 && str_is(code, cur_mf(x)->legs[cur].arrival_port))
		return 0;	/* the same point again, in a further part */
	if (cur >= 0) {
		from = cur_mf(x)->legs[cur].arrival_port;
		if ((g = model_add_leg(x->m, cur_mf(x))) == NULL)
			return nomem(x);
		x->ffm.leg = (long)cur_mf(x)->nlegs - 1;
		g->carrier = cur_mf(x)->legs[0].carrier;
		g->transport_id = cur_mf(x)->legs[0].transport_id;
		g->departure_port = from;
		g->departure_local = from_time;
		cur_mf(x)->legs[cur].reporting = 0;
	} else
		x->ffm.leg = 0;
	g = &cur_mf(x)->legs[x->ffm.leg];
	g->reporting = 1;
	x->ffm.prev_dep = NULL;
	if (set(x, &g->arrival_port, code) == -1 ||
	    (arr.day != 0 && ffm_time(x, &arr,
	    &cur_mf(x)->legs[x->ffm.leg].arrival_local) == -1) ||
	    (dep.day != 0 && ffm_time(x, &dep, &x->ffm.prev_dep) == -1))
		return -1;
	return ffm_leg_time(x);
}

/* The first leg's flight; the flight's date is its departure. */
static int
ffm_begin(struct ci *x, const struct ci_flight *f)
{
	struct leg *g;
	char buf[32], carrier[3], number[16];

	if (new_manifest(x, "FFM") == -1 ||
	    set_cstr(x, &cur_mf(x)->message_ref, f->key) == -1)
		return -1;
	x->ffm.year = f->year;
	x->ffm.month = f->date.month;
	x->ffm.day = f->date.day;
	x->ffm.leg = -1;
	x->ffm.uld = x->ffm.prev_dep = NULL;
	/* "LH8400/15MAR": the flight as the key has it, without the port. */
	(void)snprintf(buf, sizeof(buf), "%.*s", (int)(strlen(f->key) - 4),
	    f->key);
	if (set_cstr(x, &x->ffm.flight, buf) == -1 ||
	    set(x, &x->ffm.loading, f->port) == -1)
		return -1;
	/* The leg is ended by the first point of unloading; its flight now. */
	if ((g = model_add_leg(x->m, cur_mf(x))) == NULL)
		return nomem(x);
	/* The airline designator is the first two characters, as in IATA's. */
	memcpy(carrier, f->flight.p, 2);
	carrier[2] = '\0';
	(void)snprintf(number, sizeof(number), "%.*s", (int)f->flight.n,
	    f->flight.p);
	if (norm_flight(carrier, number, buf, sizeof(buf)) == -1)
		strlcpy(buf, number, sizeof(buf));
	g->departure_port = x->ffm.loading;
	if (set_cstr(x, &g->carrier, carrier) == -1 ||
	    set_cstr(x, &cur_mf(x)->legs[0].transport_id, buf) == -1 ||
	    set_cstr(x, &cur_mf(x)->legs[0].departure_local, f->departure) == -1)
		return -1;
	return 0;
}

/* A consignment line: a shipment, in the ULD above it, for this point. */
static int
ffm_consignment(struct ci *x, const struct ci_line *l)
{
	struct ci_fields fs;
	struct ci_awb a;
	struct shipment *sh;
	struct goods *gd;
	struct equipment *q;

	split(l, &fs);
	(void)awb_line(&fs, 0, &a);	/* ffm_check said it is one */
	if (new_shipment(x, "air_waybill") == -1 || shipment_awb(x, &a) == -1)
		return -1;
	sh = cur_sh(x);
	sh->loading = x->ffm.loading;
	sh->discharge = cur_mf(x)->legs[x->ffm.leg].arrival_port;
	sh->flight = x->ffm.flight;
	if ((gd = model_add_goods(x->m, sh)) == NULL)
		return nomem(x);
	gd->pieces = sh->pieces;
	gd->weight = sh->weight;
	if ((a.volume[0] != '\0' && set_cstr(x, &gd->volume, a.volume) == -1) ||
	    set(x, &cur_sh(x)->goods[0].description, field(&fs, 2)) == -1)
		return -1;
	if (!a.quantity && ci_warn(x, "pieces and weight unreadable: %.*s",
	    shown(l), l->p) == -1)
		return -1;
	if (x->ffm.uld == NULL)
		return 0;
	if ((q = model_add_equipment(x->m, cur_sh(x))) == NULL)
		return nomem(x);
	q->id = x->ffm.uld;
	return set_cstr(x, &q->kind, "uld");
}

/* "ULD/AKE12345LH[/...]": the ULD of the consignments below; BULK: none. */
static int
ffm_uld(struct ci *x, const struct ci_line *l)
{
	struct ci_fields fs;
	struct ci_str id;

	split(l, &fs);
	id = trim(field(&fs, 1));
	x->ffm.uld = NULL;
	if (id.n == 0 || (id.n >= 4 && memcmp(id.p, "BULK", 4) == 0))
		return 0;
	return set(x, &x->ffm.uld, id);
}

static int
ffm_line(struct ci *x)
{
	const struct ci_line *l = cur_line(x);
	struct ci_date arr, dep;
	struct ci_str code;
	char tag[4];

	if (l->p[0] == '/')
		return 0;	/* handling codes, onward flights, OCI */
	if (is_awb_start(l))
		return ffm_consignment(x, l);
	if (ffm_point(l, &code, &arr, &dep))
		return ffm_leg(x, l);
	line_tag(l, tag);
	if (strcmp(tag, "ULD") == 0)
		return ffm_uld(x, l);
	if (tag[0] != '\0')
		return 0;	/* OSI, OCI, COR, SCI, SSR, DIM, ... */
	if (line_kind(l) == K_END)
		return 0;
	return ci_warn(x, "not a Cargo-IMP line: %.*s", shown(l), l->p);
}

static int
ffm_read(struct ci *x, const struct ci_msg *g)
{
	size_t i = first_line(g);
	struct ci_flight f;
	struct ci_str last = trim((struct ci_str){g->l[g->n - 1].p,
	    g->l[g->n - 1].len});

	/* ffm_check said it is one. */
	(void)ffm_flight(&g->l[i], x->ctx->ref_year, &f);
	x->line = i;
	if (x->ffm.mf >= 0 && strcmp(x->ffm.key, f.key) == 0)
		x->mf = (size_t)x->ffm.mf;
	else if (ffm_begin(x, &f) == -1)
		return -1;
	x->ffm.mf = -1;
	for (x->line = i + 1; x->line < g->n; x->line++)
		if (!blank(cur_line(x)) && ffm_line(x) == -1)
			return -1;
	if (str_is(last, "CONT")) {
		x->ffm.mf = (long)x->mf;
		strlcpy(x->ffm.key, f.key, sizeof(x->ffm.key));
	}
	return 0;
}

/* ---- the walk over the messages ---- */

static int
ci_message(struct ci *x, const struct ci_msg *g)
{
	int rc;

	x->g = g;
	x->line = 0;
	x->sh = -1;
	x->what = E_IGNORE;
	memset(&x->u, 0, sizeof(x->u));
	x->u.goods = -1;
	if (g->type != CI_FFM)
		x->ffm.mf = -1;	/* a further part comes next or never */
	switch (g->type) {
	case CI_FWB:
		rc = fwb_check(x, g);
		break;
	case CI_FHL:
		rc = fhl_check(x, g);
		break;
	case CI_FFM:
		rc = ffm_check(x, g);
		break;
	default:
		rc = ci_reject(x, g, 0, VB_EUNSUPPORTED, NULL, "message type"
		    " %.3s is not taken (FWB, FHL and FFM are)", g->version);
		return rc == -1 ? -1 : 0;
	}
	if (rc != 0) {
		if (g->type == CI_FFM)
			x->ffm.mf = -1;
		return rc == -1 ? -1 : 0;
	}
	x->kept++;
	if (g->type == CI_FWB)
		return fwb_read(x, g);
	return g->type == CI_FHL ? fhl_read(x, g) : ffm_read(x, g);
}

static void
msg_start(struct ci_msg *g, const struct ci_line *l, const char *sender)
{
	struct ci_str s = trim((struct ci_str){l->p, l->len});

	memset(g, 0, sizeof(*g));
	(void)snprintf(g->version, sizeof(g->version), "%.*s", (int)s.n, s.p);
	g->type = strncmp(s.p, "FWB", 3) == 0 ? CI_FWB :
	    strncmp(s.p, "FHL", 3) == 0 ? CI_FHL :
	    strncmp(s.p, "FFM", 3) == 0 ? CI_FFM : CI_OTHER;
	g->l = l;
	g->sender = sender;
}

/* ".MUCFMLH 151200": the originator's address, the message's sender. */
static int
ci_origin(struct ci *x, const struct ci_line *l, const char **sender)
{
	struct ci_str s = trim((struct ci_str){l->p, l->len});
	size_t n = 0;
	char *v;

	s.p++;		/* the dot: line_kind said it is there */
	s.n--;

	while (n < s.n && s.p[n] != ' ' && s.p[n] != '/')
		n++;
	if (n == 0)
		return 0;
	if ((v = model_strndup(x->m, s.p, n)) == NULL)
		return nomem(x);
	*sender = v;
	if (x->m->sender == NULL)
		x->m->sender = v;
	return 0;
}

static int
ci_walk(struct ci *x, const struct ci_line *l, size_t n)
{
	struct ci_msg g;
	const char *sender = NULL;
	int in = 0, envelope = 0, junk = 0;

	for (size_t i = 0; i <= n; i++) {
		enum ci_kind k = i < n ? line_kind(&l[i]) : K_BLANK;

		if (in && i < n && (k == K_DATA || k == K_BLANK))
			continue;
		if (in) {
			in = 0;
			g.n = i - (size_t)(g.l - l) + (k == K_END ? 1 : 0);
			if (ci_message(x, &g) == -1)
				return -1;
			if (k == K_END)
				continue;
		}
		switch (k) {
		case K_BLANK:
			break;
		case K_SEPARATOR:
		case K_ADDRESS:
			envelope = 1;
			break;
		case K_ORIGIN:
			envelope = 1;
			if (ci_origin(x, &l[i], &sender) == -1)
				return -1;
			break;
		case K_HEADER:
			msg_start(&g, &l[i], sender);
			in = 1;
			envelope = junk = 0;
			break;
		case K_END:
		case K_DATA:
			/* A SITA envelope's lines up to =TEXT: nothing here. */
			if (envelope || junk)
				break;
			junk = 1;
			if (model_warn(x->m, l[i].off, "line %zu: text outside a"
			    " message ignored: %.*s", i + 1, shown(&l[i]),
			    l[i].p) == -1)
				return nomem(x);
			break;
		}
	}
	return 0;
}

static int
cargoimp_detect(const char *buf, size_t len)
{
	struct ci_line *l;
	size_t n;
	int yes = 0, envelope = 0;

	/* Detection is cheap: the head is enough. */
	if (ci_lines(buf, len < 4096 ? len : 4096, &l, &n) == -1)
		return 0;
	for (size_t i = 0; i < n && i < CI_DETECT_LINES; i++) {
		enum ci_kind k = line_kind(&l[i]);

		if (k == K_SEPARATOR)
			envelope = 1;
		if (k == K_BLANK || k == K_SEPARATOR || k == K_ADDRESS ||
		    k == K_ORIGIN)
			continue;
		/* Lines of a SITA envelope (after "=") before the message. */
		if (k != K_HEADER) {
			if (envelope)
				continue;
			break;
		}
		yes = l[i].len >= 4 && (memcmp(l[i].p, "FWB/", 4) == 0 ||
		    memcmp(l[i].p, "FHL/", 4) == 0 ||
		    memcmp(l[i].p, "FFM/", 4) == 0);
		break;
	}
	free(l);
	return yes;
}

static int
cargoimp_parse(const char *buf, size_t len, const struct feed_ctx *ctx,
    struct model *out, struct vb_error *err)
{
	struct ci x;
	struct ci_line *l = NULL;
	size_t n = 0;
	int rc = -1;

	memset(&x, 0, sizeof(x));
	x.ctx = ctx;
	x.m = out;
	x.err = err;
	x.ffm.mf = -1;
	vb_err_clear(&x.first);
	if (ci_lines(buf, len, &l, &n) == -1) {
		nomem(&x);
		goto done;
	}
	if (ci_walk(&x, l, n) == -1)
		goto done;
	if (x.kept == 0) {
		if (x.nrejected > 0) {
			if (err != NULL)
				*err = x.first;
		} else
			vb_err_at(err, VB_ESYNTAX, 0, "", 0, "no Cargo-IMP"
			    " message (FWB/, FHL/ or FFM/ header line)");
		goto done;
	}
	rc = 0;
done:
	free(l);
	return rc;
}

const struct feed_parser feed_cargoimp = {"cargoimp", cargoimp_detect,
    cargoimp_parse};
