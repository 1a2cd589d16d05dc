/*
 * make bench: speed and memory of the hot paths, on synthetic data made
 * here from a fixed seed (no personal data, same figures run to run):
 *
 *   parse   a PAXLST interchange of many messages, bytes/s and people/s
 *   norm    name normalisation, names/s
 *   match   an index of ENTRIES watchlist names; SUBJECTS manifest people
 *           queried against it (a share of them planted as true matches
 *           in other spellings); queries/s, hits found, peak memory
 *
 *   bench [ENTRIES [SUBJECTS]]     (defaults 100000 and 100000)
 *
 * Results go to stdout as a Markdown table row for BENCHMARKS.md.
 */
#include <sys/resource.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../core/match.h"
#include "../../core/model.h"
#include "../../core/norm.h"
#include "../../feeds/feed.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A pronounceable word of 2..4 syllables: names with realistic token spread. */
static void
word(char *out, size_t outsz)
{
	static const char *const syl[] = {
		"AN", "BER", "CO", "DA", "EL", "FRA", "GO", "HEL", "IN", "JO",
		"KA", "LO", "MAR", "NO", "OS", "PE", "RI", "SAN", "TO", "UL",
		"VA", "WEN", "XI", "YA", "ZE", "MUL", "SCH", "OV", "SKI", "SEN",
	};
	size_t n = 2 + rnd(3);

	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		strlcat(out, syl[rnd(sizeof(syl) / sizeof(syl[0]))], outsz);
}

struct synth {
	char surname[32], given[32], middle[32];
	char dob[11];
};

static void
person_make(struct synth *p)
{
	word(p->surname, sizeof(p->surname));
	word(p->given, sizeof(p->given));
	if (rnd(3) == 0)
		word(p->middle, sizeof(p->middle));
	else
		p->middle[0] = '\0';
	snprintf(p->dob, sizeof(p->dob), "%04u-%02u-%02u", 1940 + rnd(65),
	    1 + rnd(12), 1 + rnd(28));
}

static long
peak_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* ---- parse ---- */

static char *
paxlst_make(size_t messages, size_t people, size_t *len)
{
	size_t cap = messages * (people * 160 + 400) + 200, n = 0;
	char *buf = malloc(cap);

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

			person_make(&p);
			PUT("NAD+FL+++%s:%s%s%s'ATT+2++M'DTM+329:%.2s%.2s%.2s'"
			    "NAT+2+DEU'DOC+P:110:111+C%07u'DTM+36:310101'LOC+91+DEU'",
			    p.surname, p.given, p.middle[0] ? ":" : "", p.middle,
			    p.dob + 2, p.dob + 5, p.dob + 8, rnd(10000000));
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

static void
record_of(const struct synth *p, int swap, char *name, size_t namesz,
    const char **names, struct match_record *r)
{
	if (swap)
		snprintf(name, namesz, "%s %s", p->given, p->surname);
	else if (p->middle[0] != '\0')
		snprintf(name, namesz, "%s, %s %s", p->surname, p->given, p->middle);
	else
		snprintf(name, namesz, "%s, %s", p->surname, p->given);
	names[0] = name;
	memset(r, 0, sizeof(*r));
	r->kind = MATCH_PERSON;
	r->names = names;
	r->nnames = 1;
	r->birth_date = p->dob;
}

static void
bench_match(size_t nentries, size_t nsubjects)
{
	struct synth *list = calloc(nentries, sizeof(*list));
	struct match_index *ix = match_index_new();
	size_t planted = 0, found = 0, hits = 0;
	double t0, tb, tq;

	if (list == NULL || ix == NULL)
		exit(1);
	t0 = now_s();
	for (size_t i = 0; i < nentries; i++) {
		char name[128];
		const char *names[1];
		struct match_record r;

		person_make(&list[i]);
		record_of(&list[i], 0, name, sizeof(name), names, &r);
		if (match_index_add(ix, (long long)i, &r) == -1)
			exit(1);
	}
	tb = now_s() - t0;
	t0 = now_s();
	for (size_t i = 0; i < nsubjects; i++) {
		struct synth p;
		char name[128];
		const char *names[1];
		struct match_record r;
		struct match_result *res;
		long n, want = -1;

		/* One in a hundred is on the list, in the other word order. */
		if (rnd(100) == 0) {
			want = (long)rnd((uint32_t)nentries);
			p = list[want];
			planted++;
		} else
			person_make(&p);
		record_of(&p, want >= 0, name, sizeof(name), names, &r);
		if ((n = match_index_query(ix, &r, MATCH_THRESHOLD, &res)) < 0)
			exit(1);
		hits += (size_t)n;
		for (long h = 0; h < n; h++)
			if (res[h].entry_id == want)
				found++;
		free(res);
	}
	tq = now_s() - t0;
	printf("| index %zu entries | | %.2f s | %.0f entries/s |\n", nentries,
	    tb, (double)nentries / tb);
	printf("| screen %zu people | %zu planted, %zu found, %zu hits | %.2f s |"
	    " %.0f people/s; peak RSS %.0f MiB |\n", nsubjects, planted, found,
	    hits, tq, (double)nsubjects / tq, (double)peak_rss_kib() / 1024);
	match_index_free(ix);
	free(list);
}

int
main(int argc, char **argv)
{
	size_t entries = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	size_t subjects = argc > 2 ? strtoul(argv[2], NULL, 10) : 100000;

	if (entries == 0 || subjects == 0) {
		fprintf(stderr, "usage: bench [ENTRIES [SUBJECTS]]\n");
		return 64;
	}
	printf("| step | data | time | rate |\n|---|---|---|---|\n");
	bench_parse();
	bench_norm();
	bench_match(entries, subjects);
	return 0;
}
