#include "screen.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "base/clock.h"
#include "base/fsutil.h"
#include "base/hash.h"
#include "base/progress.h"
#include "base/version.h"
#include "base/workers.h"
#include "match/match.h"
#include "match/namesim.h"
#include "outcomes/outcomes.h"
#include "referrals/referrals.h"
#include "rules/rules_db.h"
#include "store/cstore.h"
#include "store/store.h"

void
screen_params(const struct screen_window *w, struct screen_params *p)
{
	clock_format(w->now, p->now, sizeof(p->now));
	(void)snprintf(p->hours, sizeof(p->hours), "%d", w->hours);
	p->v[0] = p->now;
	p->v[1] = p->hours;
	p->v[2] = w->all ? "true" : "false";
	p->v[3] = NULL;
	p->v[4] = NULL;
}

/*
 * Whether record r (a person or shipment row) of arrival a stands as its
 * arrival's last screen left it: that screen was against what this one is
 * ($5) and took the carrier file r came in. Its hits are kept; only the
 * others are matched.
 */
#define SCREEN_KEPT(r, a) \
	"EXISTS (SELECT 1 FROM vborder.arrival_screen k" \
	" JOIN vborder.manifest km ON km.id = " r ".manifest_id" \
	" WHERE k.arrival_id = " a " AND k.against = $5" \
	" AND km.file_id = ANY (k.files))"

static enum match_kind
kind_of(const char *s)
{
	if (strcmp(s, "organization") == 0)
		return MATCH_ORGANIZATION;
	if (strcmp(s, "vessel") == 0)
		return MATCH_VESSEL;
	return MATCH_PERSON;
}

static const char *
value(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

/* Documents as JSON [{type, country, number}] into an array the record borrows. */
static struct match_doc *
docs_of(json_t *arr, size_t *n)
{
	struct match_doc *docs;
	size_t i;
	json_t *d;

	*n = 0;
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return NULL;
	if ((docs = calloc(json_array_size(arr), sizeof(*docs))) == NULL)
		return NULL;
	json_array_foreach(arr, i, d) {
		docs[i].type = json_string_value(json_object_get(d, "type"));
		docs[i].country = json_string_value(json_object_get(d, "country"));
		docs[i].number = json_string_value(json_object_get(d, "number"));
	}
	*n = json_array_size(arr);
	return docs;
}

/* What an entry's record points into, besides the query's result. */
struct entry_mem {
	json_t *aliases, *docsj;
	const char **names;
	struct match_doc *docs;
};

static void
entry_put(void *arg, void *mem)
{
	struct entry_mem *m = mem;

	(void)arg;
	if (m == NULL)
		return;
	free(m->docs);
	free(m->names);
	json_decref(m->docsj);
	json_decref(m->aliases);
	free(m);
}

/* Row i of the entries' result (arg) as a record; run on every core. */
static int
entry_get(void *arg, size_t i, long long *id, struct match_record *r,
    void **mem)
{
	const PGresult *res = arg;
	int row = (int)i;
	struct entry_mem *m = calloc(1, sizeof(*m));
	size_t nal, ndocs;

	if ((*mem = m) == NULL)
		return -1;
	m->aliases = json_loads(PQgetvalue(res, row, 3), 0, NULL);
	m->docsj = json_loads(PQgetvalue(res, row, 7), 0, NULL);
	nal = json_array_size(m->aliases);
	m->docs = docs_of(m->docsj, &ndocs);
	if ((m->names = calloc(nal + 1, sizeof(*m->names))) == NULL) {
		entry_put(NULL, m);
		*mem = NULL;
		return -1;
	}
	m->names[0] = PQgetvalue(res, row, 2);
	for (size_t a = 0; a < nal; a++)
		m->names[a + 1] = json_string_value(json_array_get(m->aliases, a));
	*id = strtoll(PQgetvalue(res, row, 0), NULL, 10);
	*r = (struct match_record){
		.kind = kind_of(PQgetvalue(res, row, 1)),
		.names = m->names, .nnames = nal + 1,
		.birth_date = value(res, row, 4),
		.nationality = value(res, row, 5),
		.gender = value(res, row, 6),
		.docs = m->docs, .ndocs = ndocs,
	};
	return 0;
}

/*
 * The entries in force now: not withdrawn, not past their expiry day,
 * read by a cursor (inside the caller's transaction) a block at a time,
 * each block prepared on every core (a million entries' names are most of
 * a run's fixed cost) and filed in the order read.
 */
#define ENTRIES_FETCH		"FETCH 65536 FROM entries"

static int
load_index(PGconn *db, struct match_index *ix, const struct screen_params *sp,
    size_t *count, struct vb_error *err)
{
	const char *params[] = {sp->now};
	PGresult *res = NULL;
	struct match_source src = {0, entry_get, entry_put, NULL};
	size_t total = 0;
	int rc;

	if (store_exec(db, "DECLARE entries NO SCROLL CURSOR FOR"
	    " SELECT id, kind, name, to_json(aliases)::text,"
	    " birth_date, nationality, gender, documents::text"
	    " FROM vborder.watchlist_entry WHERE withdrawn_load IS NULL"
	    " AND (expires IS NULL OR expires >= ($1::timestamptz"
	    "  AT TIME ZONE 'UTC')::date)", 1, params, NULL, err) == -1)
		return -1;
	/* The server reads the next block while this one is prepared. */
	if (store_send(db, ENTRIES_FETCH, err) == -1)
		return -1;
	for (;;) {
		if (store_fetch_next(db, ENTRIES_FETCH, &res, err) == -1)
			return -1;
		if ((src.n = (size_t)PQntuples(res)) == 0)
			break;
		src.arg = res;
		rc = match_index_add_all(ix, &src);
		PQclear(res);
		if (rc == -1) {
			store_fetch_stop(db);
			return vb_err(err, VB_ENOMEM,
			    "out of memory building the index");
		}
		total += src.n;
	}
	PQclear(res);
	*count = total;
	return store_exec(db, "CLOSE entries", 0, NULL, NULL, err);
}

/*
 * The index kept between screens in the file w->index_cache, under a tag
 * naming what it holds: the build that made it (its layout and its way of
 * preparing names), the entries' generation (sql/0028) and the day (entries
 * expire by days). A screen whose tag is the file's reads it back instead
 * of preparing a million names again; any other builds the index from the
 * database and saves it for the next. The file is a cache: one that cannot
 * be read or written costs time, never a match, and says why in st. It holds
 * the lists' names: the owner's alone (0600), read only when it is.
 */
static int
index_tag(PGconn *db, const struct screen_params *sp, char *tag, size_t size,
    struct vb_error *err)
{
	const char *build = vborder_build_id();
	PGresult *res;
	int n;

	tag[0] = '\0';
	if (build[0] == '\0')
		return 0;
	if (store_exec(db, "SELECT n, ($1::timestamptz AT TIME ZONE 'UTC')::date"
	    " FROM vborder.watchlist_generation", 1, sp->v, &res, err) == -1)
		return -1;
	n = PQntuples(res) == 1 ? snprintf(tag, size, "%s %s %s", build,
	    PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1)) : -1;
	if (n < 0 || (size_t)n >= size)
		tag[0] = '\0';
	PQclear(res);
	return 0;
}

/* 1 the index read from path, 0 not (*why says so when it is not just stale). */
static int
index_read(struct match_index *ix, const char *path, const char *tag,
    char *why, size_t whysz)
{
	struct stat sb;
	FILE *f;
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		if (errno != ENOENT)
			(void)snprintf(why, whysz, "%s: %s", path,
			    strerror(errno));
		return 0;
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    sb.st_uid != geteuid() || (sb.st_mode & 077) != 0) {
		(void)snprintf(why, whysz, "%s: not a file of this user's alone"
		    " (0600): left unread", path);
		(void)close(fd);
		return 0;
	}
	if ((f = fdopen(fd, "rb")) == NULL) {
		(void)snprintf(why, whysz, "%s: %s", path, strerror(errno));
		(void)close(fd);
		return 0;
	}
	if ((rc = match_index_load(ix, f, tag)) == -1)
		(void)snprintf(why, whysz, "%s: %s", path, errno == EINVAL ?
		    "not an index file whole" : strerror(errno));
	(void)fclose(f);
	return rc == 1;
}

/* Saves ix to path as fs_atomic writes a file: whole or not at all, 0600. */
static void
index_save(const struct match_index *ix, const char *path, const char *tag,
    char *why, size_t whysz)
{
	struct fs_atomic a;
	struct vb_error err;

	vb_err_clear(&err);
	if (fs_atomic_open(&a, path, 0600, &err) == 0) {
		(void)setvbuf(a.f, NULL, _IOFBF, 1 << 20);
		if (fs_atomic_close(&a, path, match_index_save(ix, a.f,
		    tag) == -1, &err) == 0)
			return;
	}
	(void)snprintf(why, whysz, "not saved (%.400s)", err.message);
}

/*
 * The index is saved while the screen uses it: matching only reads it, and
 * writing the better part of a gigabyte (a million entries) held the screen
 * on one core for seconds. index_get starts the saving thread; index_saved
 * waits for it, and must be called before the index is freed.
 */
struct index_saver {
	pthread_t thread;
	int running;
	const struct match_index *ix;
	const char *path;		/* w->index_cache, which outlives the save */
	char tag[MATCH_TAG_MAX], why[512];
};

static void *
saver_main(void *arg)
{
	struct index_saver *sv = arg;

	index_save(sv->ix, sv->path, sv->tag, sv->why, sizeof(sv->why));
	return NULL;
}

/* Saves ix as index_save does, in the background when a thread can start. */
static void
index_save_start(struct index_saver *sv, const struct match_index *ix,
    const char *path, const char *tag, struct screen_stats *st)
{
	(void)strlcpy(sv->tag, tag, sizeof(sv->tag));
	sv->ix = ix;
	sv->path = path;
	sv->why[0] = '\0';
	if (pthread_create(&sv->thread, NULL, saver_main, sv) == 0)
		sv->running = 1;
	else
		index_save(ix, path, tag, st->index_warning,
		    sizeof(st->index_warning));
}

/* Waits for the save index_get started, if any: its failure is st's warning. */
static void
index_saved(struct index_saver *sv, struct screen_stats *st)
{
	if (!sv->running)
		return;
	(void)pthread_join(sv->thread, NULL);
	sv->running = 0;
	if (sv->why[0] != '\0')
		(void)strlcpy(st->index_warning, sv->why,
		    sizeof(st->index_warning));
}

/*
 * The index of the entries in force, from w->index_cache when it holds
 * theirs, else from the database (and then saved there, by sv).
 */
static int
index_get(PGconn *db, struct match_index *ix, const char *cache,
    const struct screen_params *sp, struct index_saver *sv,
    struct screen_stats *st, struct vb_error *err)
{
	char tag[MATCH_TAG_MAX];

	if (cache == NULL || cache[0] == '\0')
		return load_index(db, ix, sp, &st->entries, err);
	if (index_tag(db, sp, tag, sizeof(tag), err) == -1)
		return -1;
	if (tag[0] != '\0' && index_read(ix, cache, tag, st->index_warning,
	    sizeof(st->index_warning))) {
		st->entries = match_index_size(ix);
		st->index_cached = 1;
		return 0;
	}
	if (load_index(db, ix, sp, &st->entries, err) == -1)
		return -1;
	if (tag[0] != '\0')
		index_save_start(sv, ix, cache, tag, st);
	return 0;
}

/*
 * The arrivals screened: those of the persons and of the shipments, each
 * counted once (a flight with passengers and cargo, a vessel with cargo only).
 */
struct arrivals {
	long long *id;
	size_t n, size;
};

static int
arrivals_add(struct arrivals *a, const char *id)
{
	long long v = strtoll(id, NULL, 10);

	if (a->n > 0 && a->id[a->n - 1] == v)
		return 0;	/* rows come grouped by arrival mostly */
	if (a->n == a->size) {
		size_t size = a->size == 0 ? 64 : a->size * 2;
		long long *p = reallocarray(a->id, size, sizeof(*p));

		if (p == NULL)
			return -1;
		a->id = p;
		a->size = size;
	}
	a->id[a->n++] = v;
	return 0;
}

static int
by_id(const void *x, const void *y)
{
	long long a = *(const long long *)x, b = *(const long long *)y;

	return a < b ? -1 : a > b;
}

static size_t
arrivals_count(struct arrivals *a)
{
	size_t n = 0;

	if (a->n > 0)
		qsort(a->id, a->n, sizeof(*a->id), by_id);
	for (size_t i = 0; i < a->n; i++)
		if (i == 0 || a->id[i] != a->id[i - 1])
			n++;
	return n;
}

/*
 * Persons are matched in batches, each by every core at once (the index
 * is read-only while it is queried), and written in order by this thread
 * alone, since a libpq connection is not shared.
 */
#define SCREEN_BATCH		4096
#define SCREEN_BATCH_TEXT	"4096"

struct batch {
	const struct match_index *ix;
	const PGresult *res;
	int first, count;
	atomic_int next;
	struct match_result **hits;	/* per person of the batch */
	long *n;			/* their counts; -1 out of memory */
	int *same;			/* the first person of the same inputs */
	int *slots;			/* same_inputs' table: 2 * SCREEN_BATCH */
};

/* The columns of the persons' cursor a match reads: name to documents. */
#define INPUT_FIRST	1
#define INPUT_LAST	5

/* Row i's matching inputs as a hash (a NULL hashes apart from ""). */
static uint64_t
inputs_hash(const PGresult *res, int i)
{
	uint64_t h = HASH_START;

	for (int c = INPUT_FIRST; c <= INPUT_LAST; c++) {
		h = hash_add(h, PQgetisnull(res, i, c) ? "N" : "V", 1);
		h = hash_add(h, PQgetvalue(res, i, c),
		    (size_t)PQgetlength(res, i, c));
	}
	return h;
}

static int
inputs_equal(const PGresult *res, int i, int j)
{
	for (int c = INPUT_FIRST; c <= INPUT_LAST; c++) {
		if (PQgetisnull(res, i, c) != PQgetisnull(res, j, c) ||
		    strcmp(PQgetvalue(res, i, c), PQgetvalue(res, j, c)) != 0)
			return 0;
	}
	return 1;
}

/*
 * Which persons of the batch repeat another's inputs: a traveller's API
 * record and PNR record often give the same name, birth date, gender,
 * nationality and documents (in a day here, 618,697 records held 335,656
 * such inputs), and the same inputs find the same hits. Each is matched
 * once, by the first person of the batch that has them (same[k]); the
 * cursor's order (by arrival) keeps a flight's records in one batch.
 */
static void
same_inputs(struct batch *b)
{
	const size_t mask = 2 * SCREEN_BATCH - 1;

	for (size_t j = 0; j <= mask; j++)
		b->slots[j] = -1;
	for (int k = 0; k < b->count; k++) {
		int i = b->first + k;
		size_t j = (size_t)inputs_hash(b->res, i) & mask;

		while (b->slots[j] != -1 &&
		    !inputs_equal(b->res, b->first + b->slots[j], i))
			j = (j + 1) & mask;
		if (b->slots[j] == -1)
			b->slots[j] = k;
		b->same[k] = b->slots[j];
	}
}

static void
query_one(struct batch *b, int k)
{
	int i = b->first + k;
	json_t *docsj = json_loads(PQgetvalue(b->res, i, 5), 0, NULL);
	const char *names[] = {PQgetvalue(b->res, i, 1)};
	size_t ndocs;
	struct match_doc *docs = docs_of(docsj, &ndocs);
	struct match_record subject = {
		.kind = MATCH_PERSON, .names = names, .nnames = 1,
		.birth_date = value(b->res, i, 2), .gender = value(b->res, i, 3),
		.nationality = value(b->res, i, 4), .docs = docs, .ndocs = ndocs,
	};

	b->hits[k] = NULL;
	b->n[k] = match_index_query(b->ix, &subject, MATCH_THRESHOLD,
	    &b->hits[k]);
	free(docs);
	json_decref(docsj);
}

static void *
worker(void *arg)
{
	struct batch *b = arg;
	int k;

	while ((k = atomic_fetch_add(&b->next, 1)) < b->count) {
		if (b->same[k] == k)
			query_one(b, k);
	}
	return NULL;
}

/* Queries one batch on every core, each set of inputs once. */
static void
run_batch(struct batch *b)
{
	same_inputs(b);
	atomic_store(&b->next, 0);
	workers_run(worker, b);
}

/* Writes a batch's hits in person order; -1 with err on a COPY error or out of memory. */
static int
write_batch(PGconn *db, const struct batch *b, struct screen_stats *st,
    struct arrivals *arr, struct vb_error *err)
{
	for (int k = 0; k < b->count; k++) {
		int i = b->first + k, o = b->same[k];

		if (b->n[o] < 0 || arrivals_add(arr, PQgetvalue(b->res, i, 6)) == -1)
			return vb_err(err, VB_ENOMEM, "out of memory matching");
		for (long h = 0; h < b->n[o]; h++) {
			char entry[24], score[16];
			const char *row[] = {PQgetvalue(b->res, i, 0), entry, score,
			    b->hits[o][h].explanation};

			(void)snprintf(entry, sizeof(entry), "%lld",
			    b->hits[o][h].entry_id);
			(void)snprintf(score, sizeof(score), "%.4f",
			    b->hits[o][h].score);
			if (store_copy_row(db, row, 4, err) == -1)
				return -1;
			st->hits++;
		}
		st->persons++;
	}
	return 0;
}

/*
 * Matches every person of the arrivals taken but those whose hits stand
 * (SCREEN_KEPT), a batch at a time from a cursor (the window's people are
 * never all in memory at once, only the list index is), each batch's hits
 * into screen_hit by COPY.
 */
static int
match_persons(PGconn *db, const struct match_index *ix,
    const struct screen_params *sp, FILE *progress, struct screen_stats *st,
    struct arrivals *arr, struct vb_error *err)
{
	struct progress pg;
	struct batch b;
	PGresult *res = NULL;
	size_t total = 0;
	int rc = -1;

	memset(&pg, 0, sizeof(pg));
	memset(&b, 0, sizeof(b));
	b.ix = ix;
	if ((b.hits = calloc(SCREEN_BATCH, sizeof(*b.hits))) == NULL ||
	    (b.n = calloc(SCREEN_BATCH, sizeof(*b.n))) == NULL ||
	    (b.same = calloc(SCREEN_BATCH, sizeof(*b.same))) == NULL ||
	    (b.slots = calloc(2 * SCREEN_BATCH, sizeof(*b.slots))) == NULL) {
		vb_err(err, VB_ENOMEM, "out of memory matching");
		goto done;
	}
	/* The total only for someone watching: it costs a pass of its own. */
	if (progress != NULL) {
		if (store_exec(db, "SELECT count(*) FROM vborder.screened p"
		    " JOIN vborder.arrival a ON a.id = p.arrival_id"
		    " WHERE " STORE_ARRIVAL_SCREENED
		    " AND NOT " SCREEN_KEPT("p", "a.id"), 5, sp->v, &res,
		    err) == -1)
			goto done;
		total = (size_t)strtoull(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
		res = NULL;
	}
	if (store_exec(db, "DECLARE persons NO SCROLL CURSOR FOR"
	    " SELECT p.id, p.name_raw, p.birth_date, p.gender,"
	    " p.nationality, coalesce((SELECT json_agg(json_build_object("
	    "  'type', d.type, 'country', d.country, 'number', d.number_norm))"
	    "  FROM vborder.person_document d WHERE d.person_id = p.id),"
	    "  '[]')::text, p.arrival_id"
	    " FROM vborder.screened p JOIN vborder.arrival a ON a.id = p.arrival_id"
	    " WHERE " STORE_ARRIVAL_SCREENED
	    " AND NOT " SCREEN_KEPT("p", "a.id")
	    " ORDER BY p.arrival_id, p.id",
	    5, sp->v, NULL, err) == -1)
		goto done;
	progress_start(&pg, progress, "screen", "person records", total);
	for (;;) {
		int failed;

		if (store_exec(db, "FETCH " SCREEN_BATCH_TEXT " FROM persons", 0,
		    NULL, &res, err) == -1)
			goto done;
		if ((b.count = PQntuples(res)) == 0)
			break;
		b.res = res;
		b.first = 0;
		run_batch(&b);
		failed = store_copy_begin(db, "COPY screen_hit (person_id,"
		    " entry_pk, score, explanation) FROM STDIN", err) == -1;
		if (!failed && write_batch(db, &b, st, arr, err) == -1) {
			(void)store_copy_end(db, NULL);
			failed = 1;
		}
		if (!failed && store_copy_end(db, err) == -1)
			failed = 1;
		for (int k = 0; k < b.count; k++) {
			if (b.same[k] == k)
				free(b.hits[k]);
		}
		PQclear(res);
		res = NULL;
		if (failed)
			goto done;
		progress_step(&pg, st->persons);
	}
	rc = store_exec(db, "CLOSE persons", 0, NULL, NULL, err);
done:
	progress_end(&pg);
	free(b.hits);
	free(b.n);
	free(b.same);
	free(b.slots);
	PQclear(res);
	return rc;
}

/*
 * A party may be a company or a person; neither the FWB nor the CUSCAR
 * says which. It is matched as both, against each kind of entry, but a
 * name that says it is a company (a legal form, a digit, a word such as
 * TRADING or BANK: namesim_guess_kind) is not matched as a person: read
 * as one, its words would be a person's names without a birth date, which
 * reads every year's list of each of them, and no person's name on a list
 * carries LLC.
 */
static long
match_party(const struct match_index *ix, const char *name,
    struct match_result **out)
{
	static const enum match_kind kinds[] = {MATCH_ORGANIZATION, MATCH_PERSON};
	struct match_result *all = NULL;
	size_t nkinds = namesim_guess_kind(name) == MATCH_PERSON ? 2 : 1;
	long n = 0;

	for (size_t k = 0; k < nkinds; k++) {
		const char *names[] = {name};
		struct match_record r = {.kind = kinds[k], .names = names,
		    .nnames = 1};
		struct match_result *res, *grown;
		long m = match_index_query(ix, &r, MATCH_THRESHOLD, &res);

		if (m < 0) {
			free(all);
			return -1;
		}
		if (m > 0 && (grown = reallocarray(all, (size_t)(n + m),
		    sizeof(*all))) == NULL) {
			free(res);
			free(all);
			return -1;
		}
		if (m > 0) {
			all = grown;
			memcpy(all + n, res, (size_t)m * sizeof(*res));
			n += m;
		}
		free(res);
	}
	*out = all;
	return n;
}

/*
 * The parties of the shipments: the same shipper or consignee comes on
 * many shipments (a forwarder, a regular trader), so each name is matched
 * once, every core taking names from the sorted, distinct list.
 */
struct parties {
	const struct match_index *ix;
	const char **name;		/* sorted, each once */
	size_t n;
	atomic_size_t next;
	struct match_result **hits;	/* per name */
	long *nhits;			/* their counts; -1 out of memory */
};

static void *
party_worker(void *arg)
{
	struct parties *pt = arg;
	size_t k;

	while ((k = atomic_fetch_add(&pt->next, 1)) < pt->n)
		pt->nhits[k] = match_party(pt->ix, pt->name[k], &pt->hits[k]);
	return NULL;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names of res's party columns (1..3), sorted and each once, into pt. */
static int
parties_collect(struct parties *pt, const PGresult *res)
{
	size_t n = 0, rows = (size_t)PQntuples(res);

	if ((pt->name = calloc(rows * 3 + 1, sizeof(*pt->name))) == NULL)
		return -1;
	for (size_t i = 0; i < rows; i++)
		for (int p = 0; p < 3; p++)
			if (!PQgetisnull(res, (int)i, 1 + p))
				pt->name[n++] = PQgetvalue(res, (int)i, 1 + p);
	qsort(pt->name, n, sizeof(*pt->name), cmp_name);
	pt->n = 0;
	for (size_t i = 0; i < n; i++)
		if (pt->n == 0 || strcmp(pt->name[pt->n - 1], pt->name[i]) != 0)
			pt->name[pt->n++] = pt->name[i];
	if ((pt->hits = calloc(pt->n + 1, sizeof(*pt->hits))) == NULL ||
	    (pt->nhits = calloc(pt->n + 1, sizeof(*pt->nhits))) == NULL)
		return -1;
	return 0;
}

static void
parties_free(struct parties *pt)
{
	for (size_t i = 0; pt->hits != NULL && i < pt->n; i++)
		free(pt->hits[i]);
	free(pt->hits);
	free(pt->nhits);
	free(pt->name);
}

/*
 * The parties of every shipment on an arrival taken whose hits do not
 * stand (SCREEN_KEPT), into screen_ship_hit.
 */
static int
match_shipments(PGconn *db, const struct match_index *ix,
    const struct screen_params *sp, struct screen_stats *st,
    struct arrivals *arr, struct vb_error *err)
{
	static const char *const party[] = {"shipper", "consignee", "notify"};
	struct parties pt = {.ix = ix};
	PGresult *res;
	int rc = -1;

	if (store_exec(db, "SELECT s.id, s.shipper->>'name', s.consignee->>'name',"
	    " s.notify->>'name', s.on_arrival FROM vborder.shipment_on s"
	    " JOIN vborder.arrival a ON a.id = s.on_arrival"
	    " WHERE " STORE_ARRIVAL_SCREENED
	    " AND NOT " SCREEN_KEPT("s", "a.id") " ORDER BY s.id", 5, sp->v,
	    &res, err) == -1)
		return -1;
	if (parties_collect(&pt, res) == -1) {
		vb_err(err, VB_ENOMEM, "out of memory matching");
		goto done;
	}
	atomic_store(&pt.next, 0);
	workers_run(party_worker, &pt);
	if (store_copy_begin(db, "COPY screen_ship_hit (shipment_id, party,"
	    " entry_pk, score, explanation) FROM STDIN", err) == -1)
		goto done;
	for (int i = 0; i < PQntuples(res); i++) {
		if (arrivals_add(arr, PQgetvalue(res, i, 4)) == -1)
			goto oom;
		for (int p = 0; p < 3; p++) {
			const char *name = PQgetvalue(res, i, 1 + p);
			const char **found;
			size_t k;

			if (PQgetisnull(res, i, 1 + p))
				continue;
			found = bsearch(&name, pt.name, pt.n, sizeof(*pt.name),
			    cmp_name);
			k = (size_t)(found - pt.name);
			if (pt.nhits[k] < 0)
				goto oom;
			for (long h = 0; h < pt.nhits[k]; h++) {
				const struct match_result *m = &pt.hits[k][h];
				char entry[24], score[16];
				const char *row[] = {PQgetvalue(res, i, 0), party[p],
				    entry, score, m->explanation};

				(void)snprintf(entry, sizeof(entry), "%lld",
				    m->entry_id);
				(void)snprintf(score, sizeof(score), "%.4f",
				    m->score);
				if (store_copy_row(db, row, 5, err) == -1) {
					(void)store_copy_end(db, NULL);
					goto done;
				}
			}
		}
		st->shipments++;
	}
	rc = store_copy_end(db, err);
	goto done;
oom:
	(void)store_copy_end(db, NULL);
	vb_err(err, VB_ENOMEM, "out of memory matching");
done:
	parties_free(&pt);
	PQclear(res);
	return rc;
}

/*
 * Proof of screening, in the screen's transaction: the versions of every
 * list and rule set its snapshot held, on the run; on each arrival it
 * took, the run, its now, what it screened (the carrier files of the
 * arrival's records) and against what (the scope's digest), which the
 * next screen compares.
 */
static int
record_proof(PGconn *db, const struct screen_params *sp, const char *run,
    const char *against, struct vb_error *err)
{
	const char *p[] = {sp->v[0], sp->v[1], sp->v[2], sp->v[3], run,
	    against};

	if (store_exec(db, "UPDATE vborder.run SET screened_against ="
	    " jsonb_build_object('watchlists', coalesce((SELECT jsonb_agg("
	    "  jsonb_build_object('agency', w.agency, 'list', w.name,"
	    "  'version', l.version) ORDER BY w.agency, w.name)"
	    "  FROM vborder.watchlist w JOIN LATERAL (SELECT max(version)"
	    "  AS version FROM vborder.watchlist_load"
	    "  WHERE watchlist_id = w.id) l ON l.version IS NOT NULL), '[]'),"
	    " 'rule_sets', coalesce((SELECT jsonb_agg(jsonb_build_object("
	    "  'agency', agency, 'version', version) ORDER BY agency)"
	    "  FROM (SELECT DISTINCT ON (agency) agency, version"
	    "  FROM vborder.rule_set ORDER BY agency, version DESC) r), '[]'))"
	    " WHERE id = $1::bigint", 1, p + 4, NULL, err) == -1)
		return -1;
	return store_exec(db, "INSERT INTO vborder.arrival_screen (arrival_id,"
	    " run_id, screened_at, files, against)"
	    " SELECT a.id, $5::bigint, $1::timestamptz,"
	    " coalesce(f.files, '{}'), $6"
	    " FROM vborder.arrival a"
	    " LEFT JOIN " STORE_ARRIVALS_FILES(STORE_ARRIVAL_SCREENED) " f"
	    " ON f.arrival_id = a.id"
	    " WHERE " STORE_ARRIVAL_SCREENED
	    " ON CONFLICT (arrival_id) DO UPDATE SET run_id = EXCLUDED.run_id,"
	    " screened_at = EXCLUDED.screened_at, files = EXCLUDED.files,"
	    " against = EXCLUDED.against", 6, p, NULL, err);
}

/*
 * Which arrivals of the window this screen takes: those never screened,
 * those whose messages changed since (one added, replaced or purged, a
 * waybill placed on it or moved away) and, when what they are screened
 * against changed (a list or rule version, a suppression, a list's
 * sharing, the day: entries expire and rules come into force by dates,
 * vborder's own version), every one; with w->full, every one anyway.
 * Sets sp->v[3] (scope, NULL for the whole window), against (the digest
 * record_proof keeps), sp->v[4] (against, or NULL when every record is
 * matched again) and the counts. 0 or -1.
 */
static int
screen_scope(PGconn *db, const struct screen_window *w,
    struct screen_params *sp, char **scope, char against[33],
    struct screen_stats *st, struct vb_error *err)
{
	const char *p[] = {sp->v[0], sp->v[1], sp->v[2],
	    w->full || w->all ? "true" : "false", vborder_version};
	PGresult *res;

	if (store_exec(db, "SELECT count(*), count(*) FILTER (WHERE x.taken),"
	    " '{' || coalesce(string_agg(x.id::text, ',') FILTER"
	    "  (WHERE x.taken), '') || '}', min(x.against)"
	    " FROM (SELECT a.id, d.against, $4::boolean"
	    "  OR s.against IS DISTINCT FROM d.against"
	    "  OR s.files IS DISTINCT FROM coalesce(f.files, '{}')"
	    "  AS taken"
	    "  FROM (SELECT md5(concat_ws('|',"
	    "   (SELECT n FROM vborder.watchlist_generation),"
	    "   (SELECT max(id) FROM vborder.rule_set),"
	    "   (SELECT max(id) FROM vborder.suppression),"
	    "   " STORE_LIST_SHARING ","
	    "   ($1::timestamptz AT TIME ZONE 'UTC')::date, $5::text))"
	    "   AS against) d"
	    "  CROSS JOIN vborder.arrival a"
	    "  LEFT JOIN vborder.arrival_screen s ON s.arrival_id = a.id"
	    "  LEFT JOIN " STORE_ARRIVALS_FILES(STORE_ARRIVAL_DUE) " f"
	    "  ON f.arrival_id = a.id"
	    "  WHERE " STORE_ARRIVAL_DUE ") x", 5, p, &res, err) == -1)
		return -1;
	st->taken = (size_t)strtoull(PQgetvalue(res, 0, 1), NULL, 10);
	st->unchanged = (size_t)strtoull(PQgetvalue(res, 0, 0), NULL, 10) -
	    st->taken;
	(void)strlcpy(against, PQgetvalue(res, 0, 3), 33);
	sp->v[4] = w->full || w->all ? NULL : against;
	*scope = NULL;
	if (!w->full && !w->all &&
	    (*scope = strdup(PQgetvalue(res, 0, 2))) == NULL) {
		PQclear(res);
		return vb_err(err, VB_ENOMEM, "out of memory");
	}
	PQclear(res);
	sp->v[3] = *scope;
	return 0;
}

int
screen_inputs(PGconn *db, const struct screen_window *w, char out[33],
    struct vb_error *err)
{
	struct screen_params sp;
	PGresult *res;

	screen_params(w, &sp);
	if (store_exec(db, "SELECT md5(concat_ws('|',"
	    " (SELECT max(id) FROM vborder.carrier_file),"
	    " (SELECT n FROM vborder.watchlist_generation),"
	    " (SELECT max(id) FROM vborder.rule_set),"
	    " (SELECT max(id) FROM vborder.outcome),"
	    " (SELECT max(id) FROM vborder.suppression),"
	    " (SELECT max(id) FROM vborder.referral),"
	    " " STORE_LIST_SHARING ","
	    " (SELECT string_agg(a.id::text, ',' ORDER BY a.id)"
	    "  FROM vborder.arrival a WHERE " STORE_ARRIVAL_DUE "),"
	    " ($1::timestamptz AT TIME ZONE 'UTC')::date))", 3, sp.v, &res,
	    err) == -1)
		return -1;
	(void)strlcpy(out, PQgetvalue(res, 0, 0), 33);
	PQclear(res);
	return 0;
}

/*
 * Opens a screen's transaction: one snapshot (a list replaced meanwhile is
 * seen whole or not at all) and the tables the matches go to.
 */
static int
screen_begin(PGconn *db, struct vb_error *err)
{
	/* jansson seeds its hash tables once: before any thread parses JSON. */
	json_object_seed(0);
	return store_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ", 0, NULL,
	    NULL, err) == -1 ||
	    store_exec(db, "CREATE TEMPORARY TABLE screen_hit (person_id bigint,"
	    " entry_pk bigint, score real, explanation text) ON COMMIT DROP",
	    0, NULL, NULL, err) == -1 ||
	    store_exec(db, "CREATE TEMPORARY TABLE screen_ship_hit (shipment_id"
	    " bigint, party text, entry_pk bigint, score real, explanation text)"
	    " ON COMMIT DROP", 0, NULL, NULL, err) == -1 ? -1 : 0;
}

/*
 * The hits of the arrivals sp takes, replaced by what ix finds now, and
 * the rules' and the referrals they raise, in the transaction
 * screen_begin opened; the links are left to the caller.
 */
static int
screen_hits(PGconn *db, const struct match_index *ix,
    const struct screen_params *sp, const char *run, FILE *progress,
    struct screen_stats *st, struct vb_error *err)
{
	struct arrivals arr = {NULL, 0, 0};
	const char *params[] = {run};
	size_t rules, rule_hits, referrals;
	PGresult *res = NULL;
	int rc = -1;

	if (match_persons(db, ix, sp, progress, st, &arr, err) == -1 ||
	    match_shipments(db, ix, sp, st, &arr, err) == -1)
		goto done;
	st->arrivals += arrivals_count(&arr);
	/*
	 * The hits of the records matched now replaced; those of records no
	 * longer current (a message replaced or withdrawn) go with them.
	 */
	if (store_exec(db, "DELETE FROM vborder.hit h USING vborder.person p,"
	    " vborder.arrival a WHERE h.person_id = p.id"
	    " AND a.id = p.arrival_id AND " STORE_ARRIVAL_SCREENED
	    " AND NOT (p.current AND " SCREEN_KEPT("p", "a.id") ")",
	    5, sp->v, NULL, err) == -1 ||
	    store_exec(db, "INSERT INTO vborder.hit (person_id, entry_pk,"
	    " load_id, run_id, score, explanation)"
	    " SELECT s.person_id, s.entry_pk, e.load_id, $1, s.score,"
	    " s.explanation FROM screen_hit s"
	    " JOIN vborder.watchlist_entry e ON e.id = s.entry_pk",
	    1, params, NULL, err) == -1 ||
	    store_exec(db, "DELETE FROM vborder.shipment_hit h USING"
	    " vborder.shipment_on s, vborder.arrival a"
	    " WHERE h.shipment_id = s.id AND a.id = s.on_arrival AND "
	    STORE_ARRIVAL_SCREENED " AND NOT " SCREEN_KEPT("s", "a.id"), 5,
	    sp->v, NULL, err) == -1 ||
	    /* One row per shipment, party and entry: the best kind's score. */
	    store_exec(db, "INSERT INTO vborder.shipment_hit (shipment_id,"
	    " party, entry_pk, load_id, run_id, score, explanation)"
	    " SELECT DISTINCT ON (s.shipment_id, s.party, s.entry_pk)"
	    " s.shipment_id, s.party, s.entry_pk, e.load_id, $1, s.score,"
	    " s.explanation FROM screen_ship_hit s"
	    " JOIN vborder.watchlist_entry e ON e.id = s.entry_pk"
	    " ORDER BY s.shipment_id, s.party, s.entry_pk, s.score DESC",
	    1, params, &res, err) == -1)
		goto done;
	/* A party matched as organisation and as person is one hit. */
	st->shipment_hits += (size_t)strtoull(PQcmdTuples(res), NULL, 10);
	/* What officers found false stays marked (core/outcomes/). */
	if (outcome_suppress_hits(db, run, err) == -1 ||
	    /* The risk rules, in the same snapshot and transaction. */
	    rules_screen(db, sp->v, run, &rules, &rule_hits, err) == -1 ||
	    /* Cargo referrals the rules call for (core/referrals/). */
	    referral_from_rules(db, run, sp->now, &referrals, err) == -1)
		goto done;
	st->rules = rules;
	st->rule_hits += rule_hits;
	st->referrals += referrals;
	rc = 0;
done:
	PQclear(res);
	free(arr.id);
	return rc;
}

int
screen_run(PGconn *db, const struct screen_window *w, long long run_id,
    struct screen_stats *st, struct vb_error *err)
{
	struct match_index *ix = NULL;
	struct index_saver sv = {.running = 0};
	struct screen_params sp;
	char run[24], against[33], *scope = NULL;
	int rc = -1;

	memset(st, 0, sizeof(*st));
	screen_params(w, &sp);
	(void)snprintf(run, sizeof(run), "%lld", run_id);
	if ((ix = match_index_new()) == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory");
	/* Waybills an ingest elsewhere stored (core/store/cstore.c), placed. */
	if (cstore_place(db, NULL, err) == -1 || store_analyze(db, err) == -1)
		goto done;
	if (screen_begin(db, err) == -1 ||
	    screen_scope(db, w, &sp, &scope, against, st, err) == -1)
		goto fail;
	/* Nothing changed: the last screens stand, links and all. */
	if (st->taken == 0) {
		if (store_commit(db, err) == -1)
			goto fail;
		rc = 0;
		goto done;
	}
	if (index_get(db, ix, w->index_cache, &sp, &sv, st, err) == -1 ||
	    screen_hits(db, ix, &sp, run, w->progress, st, err) == -1)
		goto fail;
	index_saved(&sv, st);
	/*
	 * The list index is the biggest thing here: gone, and its memory
	 * given back (glibc keeps freed small blocks otherwise), before the
	 * links load their identifiers.
	 */
	match_index_free(ix);
	ix = NULL;
	(void)malloc_trim(0);
	/* Links, once every hit of the window is in. */
	if (links_screen(db, sp.v, run, w->link_cap, &st->links, err) == -1 ||
	    record_proof(db, &sp, run, against, err) == -1 ||
	    store_commit(db, err) == -1)
		goto fail;
	rc = 0;
	goto done;
fail:
	store_rollback(db);
done:
	free(scope);
	index_saved(&sv, st);
	match_index_free(ix);
	return rc;
}

int
screen_plan(PGconn *db, const struct screen_window *w,
    struct screen_plan *plan, struct vb_error *err)
{
	struct screen_params sp;
	struct screen_stats st;
	int rc;

	memset(plan, 0, sizeof(*plan));
	memset(&st, 0, sizeof(st));
	screen_params(w, &sp);
	if (store_analyze(db, err) == -1 ||
	    store_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ", 0, NULL,
	    NULL, err) == -1)
		return -1;
	rc = screen_scope(db, w, &sp, &plan->ids, plan->against, &st, err);
	if (rc == 0 && plan->ids == NULL) {
		/* The whole window: its arrivals, named. */
		PGresult *res;

		if ((rc = store_exec(db, "SELECT '{' || coalesce(string_agg("
		    "a.id::text, ','), '') || '}' FROM vborder.arrival a"
		    " WHERE " STORE_ARRIVAL_DUE, 3, sp.v, &res, err)) == 0) {
			if ((plan->ids = strdup(PQgetvalue(res, 0, 0))) == NULL)
				rc = vb_err(err, VB_ENOMEM, "out of memory");
			PQclear(res);
		}
	}
	if (rc == -1 || store_commit(db, err) == -1) {
		store_rollback(db);
		screen_plan_free(plan);
		return -1;
	}
	plan->taken = st.taken;
	plan->unchanged = st.unchanged;
	return 0;
}

void
screen_plan_free(struct screen_plan *plan)
{
	free(plan->ids);
	plan->ids = NULL;
}

int
screen_part(PGconn *db, struct match_index **ix, const struct screen_window *w,
    long long run_id, const char *against, const char *ids,
    struct screen_stats *st, struct vb_error *err)
{
	struct index_saver sv = {.running = 0};
	struct screen_params sp;
	char run[24];

	screen_params(w, &sp);
	sp.v[3] = ids;
	sp.v[4] = w->full || w->all ? NULL : against;
	(void)snprintf(run, sizeof(run), "%lld", run_id);
	if (screen_begin(db, err) == -1)
		goto fail;
	/* The index once per worker: its first part's snapshot. */
	if (*ix == NULL) {
		if ((*ix = match_index_new()) == NULL) {
			vb_err(err, VB_ENOMEM, "out of memory");
			goto fail;
		}
		if (index_get(db, *ix, w->index_cache, &sp, &sv, st,
		    err) == -1)
			goto fail;
	}
	if (screen_hits(db, *ix, &sp, run, NULL, st, err) == -1 ||
	    record_proof(db, &sp, run, against, err) == -1 ||
	    store_commit(db, err) == -1)
		goto fail;
	index_saved(&sv, st);
	return 0;
fail:
	store_rollback(db);
	index_saved(&sv, st);
	return -1;
}

int
screen_links(PGconn *db, const struct screen_window *w, long long run_id,
    const char *taken, struct links_stats *st, struct vb_error *err)
{
	struct screen_params sp;
	char run[24];

	screen_params(w, &sp);
	sp.v[3] = taken;
	(void)snprintf(run, sizeof(run), "%lld", run_id);
	if (store_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ", 0, NULL,
	    NULL, err) == -1 ||
	    links_screen(db, sp.v, run, w->link_cap, st, err) == -1 ||
	    store_commit(db, err) == -1) {
		store_rollback(db);
		return -1;
	}
	return 0;
}
