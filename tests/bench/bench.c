/*
 * make bench: speed and memory of the hot paths, on synthetic data made
 * here from fixed seeds (no personal data, same figures run to run):
 *
 *   parse   a PAXLST interchange of many messages, bytes/s and people/s
 *   norm    name normalisation, names/s
 *   match   an index of ENTRIES watchlist persons; SUBJECTS manifest
 *           persons screened against it on two threads, a share of them
 *           planted as true matches in the ways border data varies;
 *           the index's candidate recall and size, the matcher's recall at
 *           the threshold, peak memory, and a brute-force comparison of a
 *           sample against every entry for the ratio
 *
 *   bench [ENTRIES [SUBJECTS]]     (defaults 100000 and 100000)
 *
 * Results go to stdout as Markdown table rows for BENCHMARKS.md.
 */
#include <sys/resource.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "match/match.h"
#include "model/model.h"
#include "match/namesim.h"
#include "norm/norm.h"
#include "feeds/feed.h"

#define THREADS		2	/* the machine's cores */
#define PLANTED_PER_1000 20	/* true matches among the subjects: 2% */
#define CHUNK		256	/* subjects a thread takes at a time */
#define BRUTE_SECONDS	20.0	/* time the brute-force sample may take */
#define BRUTE_MAX	200	/* subjects in that sample at most */

/*
 * xorshift64*: one generator per item, seeded from the item's number, so
 * entry j and subject i are the same whichever thread makes them and
 * nothing needs storing.
 */
struct rng {
	uint64_t s;
};

static struct rng
rng_seed(uint64_t stream, uint64_t i)
{
	uint64_t z = stream * 0x9e3779b97f4a7c15ULL + i + 1;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (struct rng){(z ^ (z >> 31)) | 1};
}

static uint32_t
rnd(struct rng *r, uint32_t n)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return (uint32_t)((r->s * 0x2545f4914f6cdd1dULL >> 32) % n);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
peak_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* The current resident set, from /proc (0 where there is none). */
static long
rss_kib(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = 0, rss = 0;

	if (f == NULL)
		return 0;
	if (fscanf(f, "%ld %ld", &pages, &rss) != 2)
		rss = 0;
	fclose(f);
	return rss * 4;
}

/* Thousands separated, for the table: 1,000,000. */
static const char *
num(double v, char *buf, size_t bufsz)
{
	char digits[32];
	size_t n, o = 0;

	(void)snprintf(digits, sizeof(digits), "%.0f", v);
	n = strlen(digits);
	for (size_t i = 0; i < n && o + 2 < bufsz; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

/*
 * A pronounceable word of 2..4 syllables: names with a realistic spread of
 * frequent and rare words. Some syllables carry letters that ICAO 9303
 * spells two ways (Ü as UE or U).
 */
static const char *const syl[] = {
	"AN", "BER", "CO", "DA", "EL", "FRA", "GO", "HEL", "IN", "JO",
	"KA", "LO", "MAR", "NO", "OS", "PE", "RI", "SAN", "TO", "UL",
	"VA", "WEN", "XI", "YA", "ZE", "MUL", "SCH", "OV", "SKI", "SEN",
	"MÜL", "SCHÖ", "BÄR", "GRÜ", "JØR",
};

static void
word(struct rng *r, char *out, size_t outsz)
{
	size_t n = 2 + rnd(r, 3);

	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		strlcat(out, syl[rnd(r, sizeof(syl) / sizeof(syl[0]))], outsz);
}

static const char *const nats[] = {
	"DEU", "FRA", "ITA", "ESP", "POL", "GBR", "USA", "TUR", "RUS", "UKR",
	"NLD", "BEL", "AUT", "CHE", "SWE", "NOR", "DNK", "CZE", "HUN", "ROU",
};

/* A person as list owners and carriers know it. */
struct synth {
	char surname[48], surname2[48], given[48], middle[48];
	int y, m, d;		/* 0 unknown */
	char gender[2];
	const char *nat;
	char doc[16];
	int comma;		/* written "SURNAME, Given" */
	int alias;		/* the list also knows the given name as an initial */
};

static void
synth_make(struct rng *r, struct synth *p, int list)
{
	uint32_t k;

	memset(p, 0, sizeof(*p));
	word(r, p->surname, sizeof(p->surname));
	word(r, p->given, sizeof(p->given));
	if (rnd(r, 3) == 0)
		word(r, p->middle, sizeof(p->middle));
	if (rnd(r, 10) == 0)
		word(r, p->surname2, sizeof(p->surname2));
	/* Lists miss birth dates more often than manifests do. */
	k = rnd(r, 100);
	if (!list || k < 85) {
		p->y = 1940 + (int)rnd(r, 65);
		p->m = 1 + (int)rnd(r, 12);
		p->d = 1 + (int)rnd(r, 28);
	} else if (k < 90)
		p->y = 1940 + (int)rnd(r, 65);
	if (!list || rnd(r, 10) != 0)
		p->gender[0] = rnd(r, 2) ? 'M' : 'F';
	if (!list || rnd(r, 20) != 0)
		p->nat = nats[rnd(r, sizeof(nats) / sizeof(nats[0]))];
	if (!list || rnd(r, 10) < 3)
		(void)snprintf(p->doc, sizeof(p->doc), "%c%c%07u",
		    'A' + rnd(r, 26), 'A' + rnd(r, 26), rnd(r, 10000000));
	p->comma = (int)rnd(r, 2);
	p->alias = list && rnd(r, 10) == 0;
}

static void
dob_text(int y, int m, int d, char *out, size_t outsz)
{
	if (y == 0)
		out[0] = '\0';
	else if (m == 0)
		(void)snprintf(out, outsz, "%04d", y);
	else
		(void)snprintf(out, outsz, "%04d-%02d-%02d", y, m, d);
}

/* Storage for a record's strings. */
struct recbuf {
	char name[256], alias[256], dob[11], gender[2], docnum[16];
	const char *names[2];
	struct match_doc doc;
};

static void
record_fill(const struct synth *p, struct recbuf *b, struct match_record *r)
{
	memset(r, 0, sizeof(*r));
	r->kind = MATCH_PERSON;
	r->names = b->names;
	r->nnames = 1;
	b->names[0] = b->name;
	dob_text(p->y, p->m, p->d, b->dob, sizeof(b->dob));
	r->birth_date = b->dob[0] != '\0' ? b->dob : NULL;
	memcpy(b->gender, p->gender, sizeof(b->gender));
	r->gender = b->gender[0] != '\0' ? b->gender : NULL;
	r->nationality = p->nat;
	if (p->doc[0] != '\0') {
		memcpy(b->docnum, p->doc, sizeof(b->docnum));
		b->doc = (struct match_doc){"P", p->nat, b->docnum};
		r->docs = &b->doc;
		r->ndocs = 1;
	}
}

/* Watchlist entry j: the list owner's spelling, with diacritics. */
static void
entry_make(uint64_t j, struct synth *p, struct recbuf *b,
    struct match_record *r)
{
	struct rng g = rng_seed(1, j);
	char sur[100];

	synth_make(&g, p, 1);
	if (p->surname2[0] != '\0')
		(void)snprintf(sur, sizeof(sur), "%s%s%s", p->surname,
		    rnd(&g, 2) ? "-" : " ", p->surname2);
	else
		(void)snprintf(sur, sizeof(sur), "%s", p->surname);
	if (p->comma)
		(void)snprintf(b->name, sizeof(b->name), "%s, %s%s%s", sur,
		    p->given, p->middle[0] ? " " : "", p->middle);
	else
		(void)snprintf(b->name, sizeof(b->name), "%s%s%s %s", p->given,
		    p->middle[0] ? " " : "", p->middle, sur);
	record_fill(p, b, r);
	if (p->alias) {
		(void)snprintf(b->alias, sizeof(b->alias), "%c. %s", p->given[0],
		    sur);
		b->names[1] = b->alias;
		r->nnames = 2;
	}
}

/* ICAO 9303 as a carrier writes it: ASCII, Ü as UE or as U throughout. */
static void
ascii(const char *in, int short_form, char *out, size_t outsz)
{
	static const struct {
		const char *utf8, *two, *one;
	} map[] = {
		{"Ü", "UE", "U"}, {"Ö", "OE", "O"}, {"Ä", "AE", "A"},
		{"Ø", "OE", "O"},
	};
	size_t o = 0;

	while (*in != '\0' && o + 3 < outsz) {
		size_t k;

		for (k = 0; k < sizeof(map) / sizeof(map[0]); k++) {
			if (strncmp(in, map[k].utf8, strlen(map[k].utf8)) == 0)
				break;
		}
		if (k == sizeof(map) / sizeof(map[0])) {
			out[o++] = *in++;
			continue;
		}
		for (const char *s = short_form ? map[k].one : map[k].two;
		    *s != '\0'; s++)
			out[o++] = *s;
		in += strlen(map[k].utf8);
	}
	out[o] = '\0';
}

/* One keying error: a letter changed, lost, added or two swapped. */
static void
typo(struct rng *r, char *w, size_t wsz)
{
	size_t n = strlen(w), at = rnd(r, (uint32_t)n);
	char c = (char)('A' + rnd(r, 26));

	switch (rnd(r, 4)) {
	case 0:
		w[at] = c != w[at] ? c : (char)(c == 'Z' ? 'A' : c + 1);
		break;
	case 1:
		memmove(w + at, w + at + 1, n - at);
		break;
	case 2:
		if (n + 2 > wsz)
			break;
		memmove(w + at + 1, w + at, n - at + 1);
		w[at] = c;
		break;
	default:
		if (at + 1 < n && w[at] != w[at + 1]) {
			c = w[at];
			w[at] = w[at + 1];
			w[at + 1] = c;
		} else
			w[at] = w[at] != 'X' ? 'X' : 'Y';
	}
}

/* How a planted subject's name differs from the entry's, besides ASCII. */
enum variant {
	V_ICAO,		/* transliteration only */
	V_TYPO,
	V_ORDER,	/* given names first */
	V_NO_MIDDLE,	/* middle name or second surname left out */
	V_MRZ,		/* the last given name cut short */
	V_INITIAL,	/* the given name as an initial */
	V_JOINED,	/* two words as one */
	V_DOC,		/* the document, under a garbled name */
	NVARIANTS
};

static const char *const variant_name[] = {
	"ICAO transliteration", "typo (one edit)", "word order",
	"middle name missing", "MRZ truncation", "initial",
	"compound joined", "document, name garbled",
};

enum dob_variant { D_EQUAL, D_SWAPPED, D_YEAR_OFF, D_YEAR_ONLY, D_UNKNOWN };

/*
 * The name field of an ID card's MRZ (TD1) holds 30 characters,
 * SURNAME<<GIVEN<MIDDLE, and a longer name is cut where it ends. The
 * words kept.
 */
#define MRZ_FIELD	30

static size_t
mrz_cut(char w[][100], size_t nw, size_t nsur)
{
	size_t used = 0;

	for (size_t k = 0; k < nw; k++) {
		size_t sep = k == 0 ? 0 : k == nsur ? 2 : 1;

		if (used + sep >= MRZ_FIELD)
			return k;
		used += sep;
		if (strlen(w[k]) > MRZ_FIELD - used) {
			w[k][MRZ_FIELD - used] = '\0';
			return k + 1;
		}
		used += strlen(w[k]);
	}
	return nw;
}

static size_t
mrz_len(char w[][100], size_t nw)
{
	size_t n = nw;		/* the separators, "<<" counting two */

	for (size_t k = 0; k < nw; k++)
		n += strlen(w[k]);
	return n;
}

/*
 * Subject i: a stranger, or (PLANTED_PER_1000 in 1000) an entry of the
 * list as a carrier sends it. *want is the entry's id or -1.
 */
static void
subject_make(uint64_t i, size_t nentries, struct recbuf *b,
    struct match_record *r, long long *want, enum variant *v)
{
	struct rng g = rng_seed(2, i);
	struct synth p, e;
	struct recbuf eb;
	struct match_record er;
	char w[4][100], tmp[100];
	size_t nw = 0, nsur, k;
	int shortf;

	*want = -1;
	if (rnd(&g, 1000) >= PLANTED_PER_1000) {
		synth_make(&g, &p, 0);
		(void)snprintf(b->name, sizeof(b->name), "%s%s%s %s%s%s",
		    p.surname, p.surname2[0] ? " " : "", p.surname2, p.given,
		    p.middle[0] ? " " : "", p.middle);
		ascii(b->name, (int)rnd(&g, 2), b->alias, sizeof(b->alias));
		memcpy(b->name, b->alias, sizeof(b->name));
		record_fill(&p, b, r);
		return;
	}
	*v = (enum variant)rnd(&g, NVARIANTS);
	shortf = (int)rnd(&g, 2);
	/*
	 * An entry the variant applies to: one with a document, a long
	 * name, a middle name or a second surname.
	 */
	for (int tries = 0;; tries++) {
		*want = (long long)rnd(&g, (uint32_t)nentries);
		entry_make((uint64_t)*want, &e, &eb, &er);
		nw = 0;
		ascii(e.surname, shortf, w[nw++], sizeof(w[0]));
		if (e.surname2[0] != '\0')
			ascii(e.surname2, shortf, w[nw++], sizeof(w[0]));
		nsur = nw;
		ascii(e.given, shortf, w[nw++], sizeof(w[0]));
		if (e.middle[0] != '\0')
			ascii(e.middle, shortf, w[nw++], sizeof(w[0]));
		if (tries == 1000 || (*v == V_DOC ? e.doc[0] != '\0' :
		    *v == V_MRZ ? mrz_len(w, nw) > MRZ_FIELD :
		    *v == V_NO_MIDDLE || *v == V_JOINED ? nw > 2 : 1))
			break;
	}
	p = e;
	switch (*v) {
	case V_TYPO:
		typo(&g, w[rnd(&g, (uint32_t)nw)], sizeof(w[0]));
		break;
	case V_ORDER:
		/* the surname last */
		memcpy(tmp, w[0], sizeof(tmp));
		memmove(w[0], w[1], sizeof(w[0]) * (nw - 1));
		memcpy(w[nw - 1], tmp, sizeof(tmp));
		break;
	case V_NO_MIDDLE:
		/* the middle name, else the second surname */
		if (e.middle[0] != '\0')
			nw--;
		else {
			memmove(w[1], w[2], sizeof(w[0]) * (nw - 2));
			nw--;
		}
		break;
	case V_MRZ:
		nw = mrz_cut(w, nw, nsur);
		break;
	case V_INITIAL:
		w[nw - 1 - (e.middle[0] != '\0')][1] = '\0';
		break;
	case V_JOINED:
		/* SMITH-JONES as SMITHJONES, JAN DANIEL as JANDANIEL */
		k = e.surname2[0] != '\0' ? 0 : nw - 2;
		strlcat(w[k], w[k + 1], sizeof(w[0]));
		if (k + 2 < nw)
			memmove(w[k + 1], w[k + 2], sizeof(w[0]) * (nw - k - 2));
		nw--;
		break;
	case V_DOC:
		if (e.doc[0] == '\0') {
			*v = V_TYPO;
			typo(&g, w[nw - 1], sizeof(w[0]));
			break;
		}
		/* a name that has little to do with the listed one */
		for (k = 0; k < nw; k++) {
			typo(&g, w[k], sizeof(w[0]));
			typo(&g, w[k], sizeof(w[0]));
			typo(&g, w[k], sizeof(w[0]));
		}
		break;
	default:
		break;
	}
	b->name[0] = '\0';
	for (k = 0; k < nw; k++) {
		if (k > 0)
			strlcat(b->name, " ", sizeof(b->name));
		strlcat(b->name, w[k], sizeof(b->name));
	}
	/* The carrier knows the full date, or the list does not. */
	if (p.y == 0 || p.m == 0) {
		p.y = p.y != 0 ? p.y : 1940 + (int)rnd(&g, 65);
		p.m = 1 + (int)rnd(&g, 12);
		p.d = 1 + (int)rnd(&g, 28);
	} else {
		switch ((enum dob_variant)rnd(&g, 10)) {
		case D_SWAPPED:
			if (p.d <= 12 && p.d != p.m) {
				int t = p.d;

				p.d = p.m;
				p.m = t;
			}
			break;
		case D_YEAR_OFF:
			p.y += rnd(&g, 2) ? 1 : -1;
			break;
		case D_YEAR_ONLY:
			p.m = p.d = 0;
			break;
		case D_UNKNOWN:
			p.y = 0;
			break;
		default:
			break;
		}
	}
	if (*v != V_DOC)
		p.doc[0] = '\0';
	else {
		/* as a reader of the MRZ may send it */
		char d[32];

		(void)snprintf(d, sizeof(d), "%.3s %s", p.doc, p.doc + 3);
		(void)strlcpy(p.doc, d, sizeof(p.doc));
	}
	if (p.gender[0] == '\0')
		p.gender[0] = rnd(&g, 2) ? 'M' : 'F';
	if (p.nat == NULL)
		p.nat = nats[rnd(&g, sizeof(nats) / sizeof(nats[0]))];
	record_fill(&p, b, r);
}

/* ---- parse ---- */

static char *
paxlst_make(size_t messages, size_t people, size_t *len)
{
	size_t cap = messages * (people * 160 + 400) + 200, n = 0;
	char *buf = malloc(cap);
	struct rng g = rng_seed(3, 0);

	if (buf == NULL)
		return NULL;
#define PUT(...) (n += (size_t)snprintf(buf + n, cap - n, __VA_ARGS__))
	PUT("UNA:+.? 'UNB+UNOA:4+ZZAIR+BORDER+261127:0600+B1'");
	for (size_t m = 0; m < messages; m++) {
		PUT("UNH+M%zu+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+ZZ%zu+++ZZ'"
		    "LOC+125+FRA'DTM+189:2611270820:201'LOC+87+JFK'"
		    "DTM+232:2611271105:201'", m, m);
		for (size_t i = 0; i < people; i++) {
			struct synth p;
			char sur[64], giv[64], mid[64];

			synth_make(&g, &p, 0);
			ascii(p.surname, 0, sur, sizeof(sur));
			ascii(p.given, 0, giv, sizeof(giv));
			ascii(p.middle, 0, mid, sizeof(mid));
			PUT("NAD+FL+++%s:%s%s%s'ATT+2++M'DTM+329:%02d%02d%02d'"
			    "NAT+2+DEU'DOC+P:110:111+C%07u'DTM+36:310101'LOC+91+DEU'",
			    sur, giv, mid[0] ? ":" : "", mid, p.y % 100, p.m,
			    p.d, rnd(&g, 10000000));
		}
		PUT("CNT+42:%zu'UNT+%zu+M%zu'", people, 7 + people * 7, m);
	}
	PUT("UNZ+%zu+B1'", messages);
#undef PUT
	*len = n;
	return buf;
}

static void
bench_parse(void)
{
	const struct feed_ctx ctx = {2026};
	size_t len, people = 0;
	char *buf = paxlst_make(200, 400, &len);
	struct vb_error err;
	double t0, dt;
	int reps = 5;

	if (buf == NULL)
		exit(1);
	t0 = now_s();
	for (int r = 0; r < reps; r++) {
		struct model *m = model_new();

		if (m == NULL || feed_paxlst.parse(buf, len, &ctx, m, &err) == -1) {
			fprintf(stderr, "bench: parse: %s\n", err.message);
			exit(1);
		}
		for (size_t i = 0; i < m->nmanifests; i++)
			people += m->manifests[i].npeople;
		model_free(m);
	}
	dt = now_s() - t0;
	printf("| parse PAXLST | %zu people in %d x %.1f MB | %.2f s | %.0f MB/s,"
	    " %.0f people/s |\n", people / (size_t)reps, reps, (double)len / 1e6,
	    dt, (double)len * reps / dt / 1e6, (double)people / dt);
	free(buf);
}

/* ---- norm ---- */

static void
bench_norm(void)
{
	static const char *const names[] = {
		"MÜLLER, Hans-Jürgen", "José Antonio García Márquez",
		"O'Brien Seán", "Ægir Þórsson", "ŁUKASZ WÓJCIK", "Smith Jones, Anna",
	};
	struct norm_name nn;
	size_t n = 2000000;
	double t0 = now_s(), dt;

	for (size_t i = 0; i < n; i++)
		if (norm_name(names[i % 6], &nn) == -1)
			exit(1);
	dt = now_s() - t0;
	printf("| normalise names | %zu names | %.2f s | %.0f names/s |\n", n, dt,
	    (double)n / dt);
}

/* ---- match ---- */

/* What the screening threads count, each its own, summed at the end. */
struct tally {
	size_t subjects, planted, found, hits, candidates, postings;
	size_t missed;		/* brute-force hits the index did not return */
	size_t v_planted[NVARIANTS], v_cand[NVARIANTS], v_found[NVARIANTS];
};

struct job {
	const struct match_index *ix;
	size_t nentries, from, to;
	atomic_size_t *next;		/* the next chunk to take */
	int candidates;			/* the recall pass: planted only */
	int scan;			/* the brute-force pass */
	struct tally t;
	int failed;
};

static int
has(const long long *ids, long n, long long id)
{
	for (long i = 0; i < n; i++) {
		if (ids[i] == id)
			return 1;
	}
	return 0;
}

/* Counts the pairs of a scan that the index's query does not return. */
static int
missed(const struct match_index *ix, const struct match_record *r,
    const struct match_result *scan, long nscan, size_t *count)
{
	struct match_result *res;
	long n = match_index_query(ix, r, MATCH_THRESHOLD, &res), k;

	if (n < 0)
		return -1;
	for (long i = 0; i < nscan; i++) {
		for (k = 0; k < n && res[k].entry_id != scan[i].entry_id; k++)
			;
		*count += k == n;
	}
	free(res);
	return 0;
}

static int
screen_one(struct job *j, size_t i)
{
	struct recbuf b;
	struct match_record r;
	struct match_result *res;
	struct match_query_stats st;
	enum variant v = V_ICAO;
	long long want, *ids;
	long n;

	subject_make(i, j->nentries, &b, &r, &want, &v);
	if (j->candidates) {
		/* does the true match reach the comparison at all? */
		if (want < 0)
			return 0;
		if ((n = match_index_candidates(j->ix, &r, &ids)) < 0)
			return -1;
		j->t.planted++;
		j->t.v_planted[v]++;
		if (has(ids, n, want)) {
			j->t.found++;
			j->t.v_cand[v]++;
		}
		free(ids);
		return 0;
	}
	if (j->scan) {
		n = match_index_scan(j->ix, &r, MATCH_THRESHOLD, &res);
		if (n >= 0 && missed(j->ix, &r, res, n, &j->t.missed) == -1)
			n = -1;
	} else
		n = match_index_query_stats(j->ix, &r, MATCH_THRESHOLD, &res,
		    &st);
	if (n < 0)
		return -1;
	j->t.subjects++;
	j->t.hits += (size_t)n;
	if (!j->scan) {
		j->t.candidates += st.candidates;
		j->t.postings += st.postings;
	}
	if (want >= 0) {
		j->t.planted++;
		j->t.v_planted[v]++;
		for (long h = 0; h < n; h++) {
			if (res[h].entry_id == want) {
				j->t.found++;
				j->t.v_found[v]++;
				break;
			}
		}
	}
	free(res);
	return 0;
}

static void *
worker(void *arg)
{
	struct job *j = arg;

	for (;;) {
		size_t from = atomic_fetch_add(j->next, CHUNK) + j->from;

		if (from >= j->to)
			break;
		for (size_t i = from; i < from + CHUNK && i < j->to; i++) {
			if (screen_one(j, i) == -1) {
				j->failed = 1;
				return NULL;
			}
		}
	}
	return NULL;
}

static void
tally_add(struct tally *sum, const struct tally *t)
{
	sum->subjects += t->subjects;
	sum->planted += t->planted;
	sum->found += t->found;
	sum->hits += t->hits;
	sum->candidates += t->candidates;
	sum->postings += t->postings;
	sum->missed += t->missed;
	for (int v = 0; v < NVARIANTS; v++) {
		sum->v_planted[v] += t->v_planted[v];
		sum->v_cand[v] += t->v_cand[v];
		sum->v_found[v] += t->v_found[v];
	}
}

/* Subjects [from, to) on THREADS threads; the wall time. */
static double
run_jobs(const struct match_index *ix, size_t nentries, size_t from,
    size_t to, int candidates, int scan, struct tally *sum)
{
	pthread_t th[THREADS];
	struct job jobs[THREADS];
	atomic_size_t next = 0;
	double t0 = now_s();

	memset(sum, 0, sizeof(*sum));
	for (int k = 0; k < THREADS; k++) {
		jobs[k] = (struct job){ix, nentries, from, to, &next,
		    candidates, scan, {0}, 0};
		if (pthread_create(&th[k], NULL, worker, &jobs[k]) != 0) {
			fprintf(stderr, "bench: cannot start a thread\n");
			exit(1);
		}
	}
	for (int k = 0; k < THREADS; k++) {
		pthread_join(th[k], NULL);
		if (jobs[k].failed) {
			fprintf(stderr, "bench: out of memory matching\n");
			exit(1);
		}
		tally_add(sum, &jobs[k].t);
	}
	return now_s() - t0;
}

/*
 * namesim_compare alone, every name with every name: what comparing
 * without any blocking at all would cost per pair.
 */
static double
name_pair_seconds(size_t nentries)
{
	enum { NS = 64, NE = 4096 };
	struct namesim *s[NS], *e[NE];
	double t0, dt, sum = 0.0;

	for (size_t i = 0; i < NS + NE; i++) {
		struct recbuf b;
		struct match_record r;
		struct synth p;
		long long want;
		enum variant v;

		if (i < NS)
			subject_make(i, nentries, &b, &r, &want, &v);
		else
			entry_make(i, &p, &b, &r);
		if ((*(i < NS ? &s[i] : &e[i - NS]) = namesim_new(b.name,
		    MATCH_PERSON)) == NULL)
			exit(1);
	}
	t0 = now_s();
	for (size_t i = 0; i < NS; i++) {
		for (size_t k = 0; k < NE; k++)
			sum += namesim_compare(s[i], e[k], NULL, 0);
	}
	dt = now_s() - t0;
	for (size_t i = 0; i < NS + NE; i++)
		namesim_free(i < NS ? s[i] : e[i - NS]);
	return sum >= 0.0 ? dt / (double)(NS * NE) : 0.0;
}

static void
bench_match(size_t nentries, size_t nsubjects)
{
	struct match_index *ix = match_index_new();
	struct tally scr, cand, brute;
	size_t k, nbrute = 0;
	long rss0 = rss_kib(), rss1;
	double t0, tb, tq, tc, tk = 0.0, pair, brute_s, names_s;
	char a[32], b[32], c[32], d[32];

	if (ix == NULL)
		exit(1);
	t0 = now_s();
	for (size_t j = 0; j < nentries; j++) {
		struct synth p;
		struct recbuf rb;
		struct match_record r;

		entry_make(j, &p, &rb, &r);
		if (match_index_add(ix, (long long)j, &r) == -1) {
			fprintf(stderr, "bench: out of memory indexing\n");
			exit(1);
		}
	}
	tb = now_s() - t0;
	rss1 = rss_kib();
	tq = run_jobs(ix, nentries, 0, nsubjects, 0, 0, &scr);
	tc = run_jobs(ix, nentries, 0, nsubjects, 1, 0, &cand);
	/* Brute force: as many subjects as BRUTE_SECONDS allows. */
	memset(&brute, 0, sizeof(brute));
	for (k = THREADS; nbrute < BRUTE_MAX && tk < BRUTE_SECONDS; k *= 2) {
		struct tally t;

		if (nbrute + k > BRUTE_MAX)
			k = BRUTE_MAX - nbrute;
		tk += run_jobs(ix, nentries, nbrute, nbrute + k, 0, 1, &t);
		tally_add(&brute, &t);
		nbrute += k;
	}
	pair = name_pair_seconds(nentries);
	brute_s = tk / (double)nbrute * (double)nsubjects;
	names_s = pair * (double)nentries * (double)nsubjects / THREADS;

	printf("| index | %s entries | %.2f s | %s entries/s; %.0f MiB |\n",
	    num((double)nentries, a, sizeof(a)), tb,
	    num((double)nentries / tb, b, sizeof(b)),
	    (double)(rss1 - rss0) / 1024);
	printf("| screen (%d threads) | %s people; %s planted, %s found, %s"
	    " hits | %.2f s | ", THREADS, num((double)nsubjects, a, sizeof(a)),
	    num((double)scr.planted, b, sizeof(b)),
	    num((double)scr.found, c, sizeof(c)),
	    num((double)scr.hits, d, sizeof(d)), tq);
	printf("%s people/s; peak RSS %.0f MiB |\n",
	    num((double)nsubjects / tq, a, sizeof(a)),
	    (double)peak_rss_kib() / 1024);
	printf("| candidates | %.1f per person (%.0f list entries read)"
	    " | | candidate recall %.2f%% (%s of %s planted);"
	    " found at %.2f: %.2f%% |\n",
	    (double)scr.candidates / (double)scr.subjects,
	    (double)scr.postings / (double)scr.subjects,
	    100.0 * (double)cand.found / (double)cand.planted,
	    num((double)cand.found, a, sizeof(a)),
	    num((double)cand.planted, b, sizeof(b)), MATCH_THRESHOLD,
	    100.0 * (double)scr.found / (double)scr.planted);
	printf("| brute force (%d threads) | %zu people x %s entries, every"
	    " pair scored | %.2f s | %s s for all (extrapolated), %.0fx the"
	    " index; %zu hits, %zu of them missed by the index |\n", THREADS,
	    nbrute, num((double)nentries, a, sizeof(a)), tk,
	    num(brute_s, b, sizeof(b)), brute_s / tq, brute.hits,
	    brute.missed);
	printf("| names only | namesim_compare | %.2f us/pair | %s s for every"
	    " name pair on %d threads, %.0fx the index |\n", pair * 1e6,
	    num(names_s, a, sizeof(a)), THREADS, names_s / tq);
	printf("\nPlanted variants (candidate recall, found at the"
	    " threshold; the recall pass took %.2f s):\n\n"
	    "| variant | planted | candidates | found |\n|---|---|---|---|\n",
	    tc);
	for (int v = 0; v < NVARIANTS; v++) {
		printf("| %s | %zu | %.1f%% | %.1f%% |\n", variant_name[v],
		    cand.v_planted[v], cand.v_planted[v] == 0 ? 0.0 :
		    100.0 * (double)cand.v_cand[v] / (double)cand.v_planted[v],
		    scr.v_planted[v] == 0 ? 0.0 :
		    100.0 * (double)scr.v_found[v] / (double)scr.v_planted[v]);
	}
	match_index_free(ix);
}

int
main(int argc, char **argv)
{
	size_t entries = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	size_t subjects = argc > 2 ? strtoul(argv[2], NULL, 10) : 100000;

	if (entries == 0 || subjects == 0 || entries > UINT32_MAX) {
		fprintf(stderr, "usage: bench [ENTRIES [SUBJECTS]]\n");
		return 64;
	}
	printf("| step | data | time | rate |\n|---|---|---|---|\n");
	bench_parse();
	bench_norm();
	bench_match(entries, subjects);
	return 0;
}
