/*
 * What the fuzz targets share: the feed parsers' body, the model's
 * contract, the replay of files. Test code: it prints and aborts.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feeds/feed.h"
#include "lists/watchlist.h"
#include "fuzz.h"

/* Two-digit years are read against this one, as in the tests. */
#define FUZZ_REF_YEAR	2026

/* Where fuzz_touch() sums the bytes it reads, so that no read is left out. */
static volatile unsigned char fuzz_sink;

void
fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: contract broken: %s\n", file, line, what);
	abort();
}

void
fuzz_touch(const char *s)
{
	unsigned char sum = 0;

	for (; s != NULL && *s != '\0'; s++)
		sum = (unsigned char)(sum + (unsigned char)*s);
	fuzz_sink = (unsigned char)(fuzz_sink + sum);
}

/*
 * An offset in the input, or -1. EDIFACT offsets of an 8-bit file count
 * in its text as UTF-8 (feeds/edifact.c, edi_walk), three bytes for each
 * of Windows-1252's 0x80..0x9F: up to three times the size.
 */
static void
check_offset(long offset, size_t size)
{
	FUZZ_CHECK(offset == -1 ||
	    (offset >= 0 && (size_t)offset <= 3 * size));
}

static void
check_contacts(const struct contact *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(c[i].kind == CONTACT_PHONE ||
		    c[i].kind == CONTACT_EMAIL || c[i].kind == CONTACT_ADDRESS);
		fuzz_touch(c[i].value);
		fuzz_touch(c[i].country);
		fuzz_touch(c[i].source);
	}
}

static void
check_person(const struct manifest *mf, const struct person *p, size_t size)
{
	const char *const s[] = {p->surname, p->given, p->middle,
	    p->birth_date, p->gender, p->nationality, p->residence,
	    p->birth_place, p->embark, p->debark, p->transit, p->booking_ref,
	    p->pnr_ref, p->seat, p->bags, p->ticket, p->fare,
	    p->frequent_flyer};

	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		fuzz_touch(s[i]);
	check_offset(p->offset, size);
	/* core reads pnrs[p->pnr] and people[p->adult] when a PNR sent them. */
	if (mf->npnrs > 0)
		FUZZ_CHECK(p->pnr >= -1 && (p->pnr < 0 ||
		    (size_t)p->pnr < mf->npnrs));
	if (p->infant)
		FUZZ_CHECK(p->adult >= -1 && (p->adult < 0 ||
		    (size_t)p->adult < mf->npeople));
	for (size_t i = 0; i < p->ndocs; i++) {
		fuzz_touch(p->docs[i].type);
		fuzz_touch(p->docs[i].number);
		fuzz_touch(p->docs[i].country);
		fuzz_touch(p->docs[i].expiry);
	}
	check_contacts(p->contacts, p->ncontacts);
}

static void
check_pnr(const struct pnr *r, size_t size)
{
	const char *const s[] = {r->locator, r->locator_carrier, r->created,
	    r->ticketed, r->agency, r->split_from, r->bags};

	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		fuzz_touch(s[i]);
	check_offset(r->offset, size);
	check_contacts(r->contacts, r->ncontacts);
	for (size_t i = 0; i < r->npayments; i++) {
		const struct payment *p = &r->payments[i];

		fuzz_touch(p->type);
		fuzz_touch(p->card_type);
		fuzz_touch(p->card_number);
		fuzz_touch(p->holder);
		fuzz_touch(p->amount);
	}
	for (size_t i = 0; i < r->nitinerary; i++) {
		const struct segment *g = &r->itinerary[i];
		const char *const t[] = {g->carrier, g->flight,
		    g->operating_carrier, g->operating_flight,
		    g->departure_port, g->arrival_port, g->departure_local,
		    g->arrival_local, g->booking_class, g->status};

		for (size_t k = 0; k < sizeof(t) / sizeof(t[0]); k++)
			fuzz_touch(t[k]);
	}
}

static void
check_party(const struct party *p)
{
	fuzz_touch(p->name);
	fuzz_touch(p->address);
	fuzz_touch(p->city);
	fuzz_touch(p->postcode);
	fuzz_touch(p->country);
	fuzz_touch(p->contact);
}

static void
check_shipment(const struct shipment *sh, size_t size)
{
	const char *const s[] = {sh->kind, sh->number, sh->master, sh->origin,
	    sh->destination, sh->loading, sh->discharge, sh->routing,
	    sh->pieces, sh->weight, sh->flight};

	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		fuzz_touch(s[i]);
	check_offset(sh->offset, size);
	check_party(&sh->shipper);
	check_party(&sh->consignee);
	check_party(&sh->notify);
	for (size_t i = 0; i < sh->ngoods; i++) {
		fuzz_touch(sh->goods[i].description);
		fuzz_touch(sh->goods[i].hs_code);
		fuzz_touch(sh->goods[i].pieces);
		fuzz_touch(sh->goods[i].weight);
		fuzz_touch(sh->goods[i].volume);
	}
	for (size_t i = 0; i < sh->nequipment; i++) {
		fuzz_touch(sh->equipment[i].id);
		fuzz_touch(sh->equipment[i].kind);
		fuzz_touch(sh->equipment[i].seals);
	}
}

static void
check_manifest(const struct manifest *mf, size_t size)
{
	const char *const s[] = {mf->format, mf->version, mf->message_ref,
	    mf->sender, mf->document_code, mf->push, mf->mode, mf->vessel};

	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		fuzz_touch(s[i]);
	check_offset(mf->offset, size);
	FUZZ_CHECK(mf->format != NULL);
	FUZZ_CHECK(mf->role == ROLE_PASSENGER || mf->role == ROLE_CREW);
	FUZZ_CHECK(mf->action == MANIFEST_REPLACE ||
	    mf->action == MANIFEST_CHANGE || mf->action == MANIFEST_CANCEL);
	for (size_t i = 0; i < mf->nlegs; i++) {
		const struct leg *l = &mf->legs[i];

		fuzz_touch(l->carrier);
		fuzz_touch(l->transport_id);
		fuzz_touch(l->departure_port);
		fuzz_touch(l->arrival_port);
		fuzz_touch(l->departure_local);
		fuzz_touch(l->arrival_local);
	}
	if (mf->nlegs > 0)
		FUZZ_CHECK(manifest_arrival_leg(mf) != NULL);
	for (size_t i = 0; i < mf->npeople; i++)
		check_person(mf, &mf->people[i], size);
	for (size_t i = 0; i < mf->npnrs; i++)
		check_pnr(&mf->pnrs[i], size);
	for (size_t i = 0; i < mf->nshipments; i++)
		check_shipment(&mf->shipments[i], size);
}

void
fuzz_check_model(const struct model *m, size_t size)
{
	fuzz_touch(m->interchange_ref);
	fuzz_touch(m->sender);
	for (size_t i = 0; i < m->nwarnings; i++) {
		check_offset(m->warnings[i].offset, size);
		FUZZ_CHECK(m->warnings[i].message != NULL);
		fuzz_touch(m->warnings[i].message);
	}
	for (size_t i = 0; i < m->nerrors; i++) {
		const struct message_error *e = &m->errors[i];

		check_offset(e->offset, size);
		FUZZ_CHECK(e->message != NULL);
		fuzz_touch(e->message_ref);
		fuzz_touch(e->segment);
		fuzz_touch(e->message);
	}
	for (size_t i = 0; i < m->nmanifests; i++)
		check_manifest(&m->manifests[i], size);
}

int
fuzz_feed(const struct feed_parser *p, const uint8_t *data, size_t size)
{
	static const struct feed_ctx ctx = {FUZZ_REF_YEAR};
	const char *buf = (const char *)data;
	struct vb_error err;
	struct model *m;
	int rc;

	(void)p->detect(buf, size);
	if ((m = model_new()) == NULL)
		return 0;
	vb_err_clear(&err);
	rc = p->parse(buf, size, &ctx, m, &err);
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc == -1) {
		/* The quarantine report says why and where. */
		FUZZ_CHECK(err.code != VB_EOK);
		FUZZ_CHECK(memchr(err.message, '\0', sizeof(err.message)));
		FUZZ_CHECK(err.message[0] != '\0');
		FUZZ_CHECK(memchr(err.segment, '\0', sizeof(err.segment)));
		check_offset(err.offset, size);
	}
	/* What a failed parse left is read too: ingest reports its errors. */
	fuzz_check_model(m, size);
	model_free(m);
	return 0;
}

struct wl_count {
	size_t size;
	long entries;
};

static void
touch_all(const char *const *v, size_t n)
{
	FUZZ_CHECK(n == 0 || v != NULL);
	for (size_t i = 0; i < n; i++)
		fuzz_touch(v[i]);
}

static int
wl_entry_read(void *arg, const struct wl_entry *e)
{
	struct wl_count *c = arg;
	const char *const s[] = {e->id, e->name, e->birth_date,
	    e->nationality, e->gender, e->category, e->severity, e->note,
	    e->expires};

	c->entries++;
	FUZZ_CHECK(e->line >= 1 && (size_t)e->line <= c->size + 1);
	FUZZ_CHECK(e->kind == MATCH_PERSON || e->kind == MATCH_ORGANIZATION ||
	    e->kind == MATCH_VESSEL);
	FUZZ_CHECK(e->id != NULL && e->id[0] != '\0');
	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		fuzz_touch(s[i]);
	touch_all(e->aliases, e->naliases);
	touch_all(e->phones, e->nphones);
	touch_all(e->emails, e->nemails);
	touch_all(e->addresses, e->naddresses);
	FUZZ_CHECK(e->ndocs == 0 || e->docs != NULL);
	for (size_t i = 0; i < e->ndocs; i++) {
		fuzz_touch(e->docs[i].type);
		fuzz_touch(e->docs[i].country);
		fuzz_touch(e->docs[i].number);
	}
	return 0;
}

static void
wl_reject_read(void *arg, long line, const char *message)
{
	const struct wl_count *c = arg;

	FUZZ_CHECK(line >= 0 && (size_t)line <= c->size + 1);
	FUZZ_CHECK(message != NULL);
	fuzz_touch(message);
}

int
fuzz_watchlist(const char *format, const uint8_t *data, size_t size)
{
	wl_reader_fn read = wl_reader(format);
	struct wl_count c = {size, 0};
	struct vb_error err;
	char *copy;
	FILE *in;
	long n;

	FUZZ_CHECK(read != NULL);
	/* fmemopen wants a buffer it may write to: a copy of the bytes. */
	if (size == 0 || (copy = malloc(size)) == NULL)
		return 0;
	memcpy(copy, data, size);
	if ((in = fmemopen(copy, size, "r")) == NULL) {
		free(copy);
		return 0;
	}
	vb_err_clear(&err);
	n = read(in, wl_entry_read, wl_reject_read, &c, &err);
	if (n == -1)
		FUZZ_CHECK(err.code != VB_EOK && err.message[0] != '\0');
	else
		FUZZ_CHECK(n == c.entries);
	fclose(in);
	free(copy);
	return 0;
}

static int
replay_file(const char *path, fuzz_fn fn, size_t *n)
{
	FILE *f;
	struct stat st;
	uint8_t *buf;
	size_t len;
	int rc = -1;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &st) == -1 || st.st_size < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		goto done;
	}
	len = (size_t)st.st_size;
	/* Exactly len bytes: one past them is outside the allocation. */
	if ((buf = malloc(len > 0 ? len : 1)) == NULL) {
		fprintf(stderr, "%s: out of memory\n", path);
		goto done;
	}
	if (fread(buf, 1, len, f) != len) {
		fprintf(stderr, "%s: short read\n", path);
		free(buf);
		goto done;
	}
	(void)fn(buf, len);
	free(buf);
	(*n)++;
	rc = 0;
done:
	fclose(f);
	return rc;
}

int
fuzz_replay(const char *path, fuzz_fn fn, size_t *n)
{
	struct dirent **names = NULL;
	struct stat st;
	char file[4096];
	int count, rc = 0;

	if (stat(path, &st) == -1) {
		if (errno == ENOENT)
			return 0;
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path, fn, n);
	if ((count = scandir(path, &names, NULL, alphasort)) == -1) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	for (int i = 0; i < count; i++) {
		int k = snprintf(file, sizeof(file), "%s/%s", path,
		    names[i]->d_name);

		if (names[i]->d_name[0] == '.')
			continue;
		if (k < 0 || (size_t)k >= sizeof(file)) {
			fprintf(stderr, "%s/%s: name too long\n", path,
			    names[i]->d_name);
			rc = -1;
		} else if (stat(file, &st) == 0 && S_ISREG(st.st_mode) &&
		    replay_file(file, fn, n) == -1)
			rc = -1;
	}
	for (int i = 0; i < count; i++)
		free(names[i]);
	free(names);
	return rc;
}
