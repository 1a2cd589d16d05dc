#include "targets.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "base/clock.h"
#include "base/fsutil.h"
#include "base/version.h"
#include "base/workers.h"
#include "outcomes/outcomes.h"
#include "store/store.h"
#include "targets_int.h"

static const char *const priority_name[] = {
	[PRIO_LOW] = "low", [PRIO_MEDIUM] = "medium", [PRIO_HIGH] = "high",
};

/* The columns of the hits query, in order. */
enum { H_TRAVELLER, H_ROLE, H_NAME, H_BIRTH, H_GENDER, H_NAT, H_DOCS,
    H_AGENCY, H_LIST, H_ENTRY, H_SEVERITY, H_CATEGORY, H_NOTE, H_SCORE,
    H_EXPLAIN, H_VERSION, H_ENTRY_PK, H_SOURCES, H_BOOKING, H_BOARDING,
    H_SOURCE, H_QUALITY, H_VIA, H_VALUE, H_LINKED, H_SUPPRESSED };

/*
 * SQL: a digest of what arrival a's list is made from, beside what the
 * list shows of a moment (its generation, the time left): its messages,
 * its last screen (the hits and rule hits), the links of its subjects
 * (worked out again for the whole window by every screen), the outcomes
 * and referrals of its targets, suppressions, the lists' sharing, and $6
 * (vborder's version and the formats). sc is its vborder.arrival_screen, af
 * its carrier files (STORE_ARRIVALS_FILES). Links are read by their
 * subjects' ids: joined to the shipments, every link was read and hashed
 * for each arrival (3 ms each, 4.7 s of an hourly run's 6.7 s here).
 */
#define LIST_INPUTS \
	"md5(concat_ws('|', $6::text," \
	" coalesce(array_to_string(af.files, ','), '-')," \
	" coalesce(sc.run_id::text, '-')," \
	" coalesce((SELECT max(id) FROM vborder.suppression)::text, '-')," \
	" coalesce(" STORE_LIST_SHARING ", '-')," \
	" coalesce((SELECT max(o.id) FROM vborder.outcome o" \
	"  JOIN vborder.target t ON t.id = o.target_id" \
	"  WHERE t.arrival_id = a.id)::text, '-')," \
	" coalesce((SELECT string_agg(f.id || ':' || coalesce(" \
	"  f.delivered_at::text, '') || ':' || coalesce(f.closed_at::text, '')," \
	"  ',' ORDER BY f.id) FROM vborder.referral f" \
	"  JOIN vborder.target t ON t.id = f.target_id" \
	"  WHERE t.arrival_id = a.id), '-')," \
	" coalesce((SELECT md5(string_agg(x, ',' ORDER BY x)) FROM (SELECT" \
	"  concat_ws(':', l.person_id, l.via, l.value, l.linked, l.agency," \
	"  l.severity, l.score, l.watchlist_id, l.explanation) AS x" \
	"  FROM vborder.link_hit l WHERE l.person_id = ANY (ARRAY(" \
	"  SELECT p.id FROM vborder.person p WHERE p.arrival_id = a.id))) y)," \
	" '-')," \
	" coalesce((SELECT md5(string_agg(x, ',' ORDER BY x)) FROM (SELECT" \
	"  concat_ws(':', l.shipment_id, l.via, l.value, l.linked, l.agency," \
	"  l.severity, l.score, l.watchlist_id, l.explanation) AS x" \
	"  FROM vborder.link_hit l WHERE l.shipment_id = ANY (ARRAY(" \
	"  SELECT s.id FROM vborder.shipment s WHERE s.on_arrival = a.id" \
	"  AND s.current))) y), '-')))"

/*
 * The ids of arrival $1's person records, as an array: hits read by it go
 * by their person_id index, where "IN (SELECT ...)" was planned, once for
 * every arrival, as a hash join over every hit of the window.
 */
#define ARRIVAL_PERSONS \
	"ARRAY(SELECT q.id FROM vborder.person q WHERE q.arrival_id = $1)"

/* The columns of the arrivals query. */
enum { A_ID, A_MODE, A_CARRIER, A_TRANSPORT, A_FROM, A_TO, A_DEP_LOCAL,
    A_ARR_LOCAL, A_ARR_UTC, A_DATE, A_PASSENGERS, A_CREW, A_SHIPMENTS,
    A_INPUTS, A_WRITTEN_NAME, A_WRITTEN_INPUTS };


int
targets_parse_formats(const char *s, unsigned *formats)
{
	char buf[64], *p = buf, *tok;

	*formats = 0;
	if (strlcpy(buf, s, sizeof(buf)) >= sizeof(buf))
		return -1;
	while ((tok = strsep(&p, ",")) != NULL) {
		if (strcmp(tok, "json") == 0)
			*formats |= TARGETS_JSON;
		else if (strcmp(tok, "csv") == 0)
			*formats |= TARGETS_CSV;
		else if (strcmp(tok, "html") == 0)
			*formats |= TARGETS_HTML;
		else
			return -1;
	}
	return *formats != 0 ? 0 : -1;
}

static const char *
value(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

static double
score_of(const PGresult *res, int row)
{
	return strtod(PQgetvalue(res, row, H_SCORE), NULL);
}

static int
compare_subjects(const void *a, const void *b)
{
	const struct subject *x = a, *y = b;

	if (x->priority != y->priority)
		return x->priority > y->priority ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return strcmp(x->name, y->name);
}

double
targets_round2(double v)
{
	return round(v * 100.0) / 100.0;
}

static int
suppressed(const PGresult *res, int row)
{
	return strcmp(PQgetvalue(res, row, H_SUPPRESSED), "t") == 0;
}

static enum targets_source
source_of(const PGresult *res, int row)
{
	const char *s = PQgetvalue(res, row, H_SOURCE);

	return strcmp(s, "rule") == 0 ? TARGETS_RULE :
	    strcmp(s, "link") == 0 ? TARGETS_LINK : TARGETS_WATCHLIST;
}

/*
 * Groups the hits (ordered by person) into subjects, each with its one
 * coordinated score and priority (score.h).
 */
static struct subject *
subjects_of(const PGresult *res, size_t *n)
{
	struct targets_reason *rv;
	struct targets_combined c;
	struct subject *s;
	int rows = PQntuples(res);
	size_t *from, k = 0;

	*n = 0;
	s = calloc((size_t)rows + 1, sizeof(*s));
	rv = calloc((size_t)rows + 1, sizeof(*rv));
	from = calloc((size_t)rows + 2, sizeof(*from));
	if (s == NULL || rv == NULL || from == NULL) {
		free(s);
		free(rv);
		free(from);
		return NULL;
	}
	for (int i = 0; i < rows; i++) {
		struct subject *cur = *n > 0 ? &s[*n - 1] : NULL;

		if (cur == NULL || strcmp(PQgetvalue(res, i, H_TRAVELLER),
		    PQgetvalue(res, cur->first, H_TRAVELLER)) != 0) {
			from[*n] = k;
			cur = &s[(*n)++];
			cur->first = i;
			cur->name = PQgetvalue(res, i, H_NAME);
			(void)snprintf(cur->key, sizeof(cur->key), "P%s",
			    PQgetvalue(res, i, H_TRAVELLER));
		}
		cur->n++;
		/* A hit an officer found false stays on the list, counting for nothing. */
		if (suppressed(res, i))
			continue;
		rv[k].source = source_of(res, i);
		rv[k].severity = value(res, i, H_SEVERITY);
		rv[k].score = score_of(res, i);
		rv[k].agency = PQgetvalue(res, i, H_AGENCY);
		rv[k].id = PQgetvalue(res, i, H_ENTRY);
		k++;
	}
	from[*n] = k;
	for (size_t j = 0; j < *n; j++) {
		targets_combine(&rv[from[j]], from[j + 1] - from[j], &c);
		s[j].score = c.score;
		/* Listed for its outcome though nothing counts: the lowest priority. */
		s[j].priority = c.priority != PRIO_NONE ? c.priority : PRIO_LOW;
	}
	free(rv);
	free(from);
	return s;
}

/*
 * 1 when an earlier row of the subject names the same entry: the API and
 * the PNR record of one traveller both hit it, and the officer needs the
 * reason once, at its best score (rows come best first).
 */
static int
seen_entry(const PGresult *res, const struct subject *s, int row)
{
	for (int i = s->first; i < row; i++)
		if (strcmp(PQgetvalue(res, i, H_ENTRY_PK),
		    PQgetvalue(res, row, H_ENTRY_PK)) == 0)
			return 1;
	return 0;
}

/* A text column, as valid UTF-8. */
#define V(res, row, col) targets_utf8(pool, PQgetvalue(res, row, col))
/* The same, NULL for SQL NULL. */
#define VN(res, row, col) targets_utf8(pool, value(res, row, col))

/* One reason of a person, as CONTRACT.md has it per source; NULL out of memory. */
static json_t *
reason_json(struct targets_pool *pool, const PGresult *res, int i)
{
	json_t *r;

	switch (source_of(res, i)) {
	case TARGETS_LINK:
		return json_pack("{s:s, s:s, s:s, s:s, s:o, s:s?, s:f, s:s}",
		    "agency", V(res, i, H_AGENCY),
		    "source", "link",
		    "via", V(res, i, H_VIA),
		    "value", V(res, i, H_VALUE),
		    "linked", json_loads(V(res, i, H_LINKED), 0, NULL),
		    "severity", VN(res, i, H_SEVERITY),
		    "score", targets_round2(score_of(res, i)),
		    "explanation", V(res, i, H_EXPLAIN));
	case TARGETS_RULE:
		return json_pack("{s:s, s:s, s:s, s:i, s:s?, s:f, s:s}",
		    "agency", V(res, i, H_AGENCY),
		    "source", "rule",
		    "rule_id", V(res, i, H_ENTRY),
		    "rule_version", (int)strtol(PQgetvalue(res, i, H_VERSION),
		    NULL, 10),
		    "severity", VN(res, i, H_SEVERITY),
		    "score", targets_round2(score_of(res, i)),
		    "explanation", V(res, i, H_EXPLAIN));
	default:
		r = json_pack("{s:s, s:s, s:s, s:s, s:i, s:f, s:s?, s:s?, s:s?,"
		    " s:s}",
		    "agency", V(res, i, H_AGENCY),
		    "source", "watchlist",
		    "list", V(res, i, H_LIST),
		    "entry_id", V(res, i, H_ENTRY),
		    "list_version", (int)strtol(PQgetvalue(res, i, H_VERSION),
		    NULL, 10),
		    "score", targets_round2(score_of(res, i)),
		    "severity", VN(res, i, H_SEVERITY),
		    "category", VN(res, i, H_CATEGORY),
		    "note", VN(res, i, H_NOTE),
		    "explanation", V(res, i, H_EXPLAIN));
		/* Only when true: an officer found it false (core/outcomes/). */
		if (r != NULL && suppressed(res, i) &&
		    json_object_set_new(r, "suppressed", json_true()) == -1) {
			json_decref(r);
			r = NULL;
		}
		return r;
	}
}

/* A target as CONTRACT.md lists it, taking subject and reasons; NULL when one is missing. */
static json_t *
target_json(const struct subject *s, size_t rank, json_t *subject,
    json_t *reasons)
{
	json_t *t = json_pack("{s:s, s:I, s:s, s:f, s:o, s:o}",
	    "id", s->id,
	    "rank", (json_int_t)rank,
	    "priority", priority_name[s->priority],
	    "score", targets_round2(s->score),
	    "subject", subject,
	    "reasons", reasons);

	/* What an officer recorded, the latest. */
	if (t != NULL && s->outcome != NULL &&
	    json_object_set(t, "outcome", s->outcome) == -1) {
		json_decref(t);
		return NULL;
	}
	return t;
}

static json_t *
subject_json(struct targets_pool *pool, const PGresult *res,
    const struct subject *s, size_t rank)
{
	int r = s->first;

	/* A shipment comes built (targets_cargo.c). */
	if (s->subject != NULL)
		return target_json(s, rank, json_incref(s->subject),
		    json_incref(s->reasons));
	json_t *docs = json_loads(V(res, r, H_DOCS), 0, NULL);
	json_t *sources = json_loads(V(res, r, H_SOURCES), 0, NULL);
	json_t *booking = PQgetisnull(res, r, H_BOOKING) ? NULL :
	    json_loads(V(res, r, H_BOOKING), 0, NULL);
	json_t *quality = PQgetisnull(res, r, H_QUALITY) ? NULL :
	    json_loads(V(res, r, H_QUALITY), 0, NULL);
	json_t *reasons = json_array(), *subject;

	for (int i = s->first; i < s->first + s->n; i++) {
		if (seen_entry(res, s, i))
			continue;
		/* A reason that cannot be built fails the list, never drops out. */
		if (json_array_append_new(reasons, reason_json(pool, res, i)) == -1) {
			json_decref(reasons);
			reasons = NULL;
			break;
		}
	}
	subject = json_pack("{s:s, s:s, s:s*, s:s?, s:s?, s:s?, s:o, s:o}",
	    "kind", V(res, r, H_ROLE),
	    "name", V(res, r, H_NAME),
	    /* A booked traveller the API lists do not name stays, and says so. */
	    "boarding", VN(res, r, H_BOARDING),
	    "birth_date", VN(res, r, H_BIRTH),
	    "gender", VN(res, r, H_GENDER),
	    "nationality", VN(res, r, H_NAT),
	    "documents", docs != NULL ? docs : json_array(),
	    "sources", sources != NULL ? sources : json_array());
	/* What the PNR says of the booking: who paid, how, with whom, where to. */
	if (subject != NULL && booking != NULL)
		json_object_set_new(subject, "booking", booking);
	else
		json_decref(booking);
	/* Why a value is missing or was read leniently (the carrier's ack says so too). */
	if (subject != NULL && quality != NULL)
		json_object_set_new(subject, "data_quality", quality);
	else
		json_decref(quality);
	return target_json(s, rank, subject, reasons);
}

static json_t *
list_json(struct targets_pool *pool, const PGresult *a, int ai,
    const PGresult *hits, const struct subject *s, size_t n,
    const char *now_iso)
{
	json_t *targets = json_array();

	for (size_t i = 0; i < n; i++)
		if (json_array_append_new(targets, subject_json(pool, hits, &s[i],
		    i + 1)) == -1) {
			/* A target missing from its list is worse than no list. */
			json_decref(targets);
			return NULL;
		}
	return json_pack("{s:{s:s, s:s?, s:s, s:s, s:s, s:s?, s:s?, s:s?},"
	    " s:s, s:{s:I, s:I, s:I}, s:o}",
	    "arrival",
	    "mode", V(a, ai, A_MODE),
	    "carrier", VN(a, ai, A_CARRIER),
	    "transport_id", V(a, ai, A_TRANSPORT),
	    "departure_port", V(a, ai, A_FROM),
	    "arrival_port", V(a, ai, A_TO),
	    "scheduled_departure_local", value(a, ai, A_DEP_LOCAL),
	    "scheduled_arrival_local", value(a, ai, A_ARR_LOCAL),
	    "scheduled_arrival_utc", value(a, ai, A_ARR_UTC),
	    "generated_at", now_iso,
	    "screened",
	    "passengers", (json_int_t)strtoll(PQgetvalue(a, ai, A_PASSENGERS), NULL, 10),
	    "crew", (json_int_t)strtoll(PQgetvalue(a, ai, A_CREW), NULL, 10),
	    "shipments", (json_int_t)strtoll(PQgetvalue(a, ai, A_SHIPMENTS), NULL, 10),
	    "targets", targets);
}

/* Writes one format of a list through memory, then atomically to disk. */
static int
write_format(const char *path, unsigned format, json_t *list,
    struct vb_error *err)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	if (format == TARGETS_JSON) {
		if ((text = json_dumps(list, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
		    JSON_REAL_PRECISION(4))) == NULL)
			return vb_err(err, VB_ENOMEM, "out of memory writing %s", path);
		len = strlen(text);
		text[len] = '\n';
		len++;
	} else {
		if ((f = open_memstream(&text, &len)) == NULL)
			return vb_err(err, VB_ENOMEM, "out of memory writing %s", path);
		if (format == TARGETS_CSV)
			targets_csv(f, list);
		else
			targets_html(f, list);
		if (fclose(f) != 0) {
			free(text);
			return vb_err(err, VB_ENOMEM, "out of memory writing %s", path);
		}
	}
	rc = fs_write_atomic(path, text, len, err);
	free(text);
	return rc;
}

static const struct { unsigned bit; const char *ext; } formats_ext[] = {
	{TARGETS_JSON, "json"}, {TARGETS_CSV, "csv"}, {TARGETS_HTML, "html"},
};

/* What one targets_write() call writes, and where. */
struct writer {
	PGconn *db;
	const char *out, *now_iso, *for_agency;
	unsigned formats;
	targets_report_fn report;
	void *arg;
	struct targets_stats *st;
	/* Every arrival of the days in the window, named (names.c). */
	struct targets_name *names;
	size_t nnames;
	/*
	 * The lists written, for vborder.target_list and the day indexes
	 * (index.c): each arrival's row, by its row in the arrivals query.
	 */
	json_t **rows;
	const char *plan_mode;		/* PLAN_ONE, PLAN_CUSTOM, or NULL: not set */
};

/*
 * plan_cache_mode's values: one plan for every run of a statement, or the
 * planner's choice each time.
 */
#define PLAN_ONE	"force_generic_plan"
#define PLAN_CUSTOM	"auto"

static int
by_id(const void *key, const void *elem)
{
	long long a = *(const long long *)key;
	long long b = ((const struct targets_name *)elem)->id;

	return a < b ? -1 : a > b;
}

/* The names come ordered by arrival id (load_names). */
static const struct targets_name *
name_of(const struct writer *w, const char *arrival_id)
{
	long long id = strtoll(arrival_id, NULL, 10);

	if (w->nnames == 0)
		return NULL;
	return bsearch(&id, w->names, w->nnames, sizeof(*w->names), by_id);
}

/*
 * Removes the files of the names the arrival had at lower levels, before a
 * later arrival of the day made its plain name ambiguous, unless another
 * arrival has that name now. Into removed: the first such name, "" if none.
 */
static int
remove_stale(const struct writer *w, const struct targets_name *nm,
    const char *dir, char *removed, size_t removedsz, struct vb_error *err)
{
	char name[sizeof(nm->name)], path[PATH_MAX];

	removed[0] = '\0';
	for (int level = 0; level < nm->level; level++) {
		if (targets_name_at(nm, level, name, sizeof(name)) == -1 ||
		    targets_name_in_use(w->names, w->nnames, nm->date, name))
			continue;
		for (size_t f = 0; f < sizeof(formats_ext) / sizeof(formats_ext[0]);
		    f++) {
			if (fs_path(path, sizeof(path), err, "%s/%s.%s", dir, name,
			    formats_ext[f].ext) == -1)
				return -1;
			if (unlink(path) == 0) {
				if (removed[0] == '\0')
					(void)strlcpy(removed, path, removedsz);
				w->st->removed++;
			} else if (errno != ENOENT)
				return vb_err(err, VB_EIO, "remove %s: %s", path,
				    strerror(errno));
		}
	}
	return 0;
}

/* Each subject's stable target id and latest outcome (core/outcomes/). */
static int
target_ids(PGconn *db, const char *arrival_id, struct subject *s, size_t n,
    struct vb_error *err)
{
	const char **keys = calloc(n + 1, sizeof(*keys));
	json_t **outcome = calloc(n + 1, sizeof(*outcome));
	int rc = -1;

	if (keys == NULL || outcome == NULL) {
		vb_err(err, VB_ENOMEM, "out of memory building a target list");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		keys[i] = s[i].key;
		outcome_target_id(arrival_id, s[i].key, s[i].id);
	}
	if (outcome_latest(db, arrival_id, keys, n, outcome, err) == -1)
		goto done;
	for (size_t i = 0; i < n; i++)
		s[i].outcome = outcome[i];
	rc = 0;
done:
	free(keys);
	free(outcome);
	return rc;
}

/*
 * How the transaction's next prepared statements choose their plan: mode
 * (PLAN_ONE or PLAN_CUSTOM), set when it is not already.
 */
static int
plan_cache_mode(struct writer *w, const char *mode, struct vb_error *err)
{
	const char *p[] = {mode};

	if (w->plan_mode != NULL && strcmp(w->plan_mode, mode) == 0)
		return 0;
	if (store_exec(w->db, "SELECT set_config('plan_cache_mode', $1, true)",
	    1, p, NULL, err) == -1)
		return -1;
	w->plan_mode = mode;
	return 0;
}

/*
 * Whether the arrival's list, as last written into this folder, was made
 * from what it would be made from now (A_INPUTS, LIST_INPUTS) under the
 * name it has now, and its files are all there: then it is left as it is.
 */
static int
unchanged(const struct writer *w, const PGresult *a, int ai,
    const struct targets_name *nm, const char *base)
{
	char path[PATH_MAX];

	if (PQgetisnull(a, ai, A_WRITTEN_NAME) ||
	    strcmp(PQgetvalue(a, ai, A_WRITTEN_NAME), nm->name) != 0 ||
	    PQgetisnull(a, ai, A_WRITTEN_INPUTS) ||
	    strcmp(PQgetvalue(a, ai, A_WRITTEN_INPUTS),
	    PQgetvalue(a, ai, A_INPUTS)) != 0)
		return 0;
	for (size_t f = 0; f < sizeof(formats_ext) / sizeof(formats_ext[0]); f++) {
		if ((w->formats & formats_ext[f].bit) == 0)
			continue;
		if (snprintf(path, sizeof(path), "%s.%s", base,
		    formats_ext[f].ext) >= (int)sizeof(path) ||
		    access(path, F_OK) != 0)
			return 0;
	}
	return 1;
}

static int
write_arrival(struct writer *w, const PGresult *a, int ai,
    struct vb_error *err)
{
	PGconn *db = w->db;
	const char *for_agency = w->for_agency;
	const char *params[] = {PQgetvalue(a, ai, A_ID), for_agency};
	char dir[PATH_MAX], base[PATH_MAX], path[PATH_MAX], first[PATH_MAX] = "";
	char removed[PATH_MAX];
	const struct targets_name *nm;
	struct targets_pool pool = {NULL, 0, 0};
	struct subject *subjects = NULL;
	PGresult *hits = NULL;
	json_t *list = NULL;
	size_t n = 0;
	int rc = -1;

	if ((nm = name_of(w, PQgetvalue(a, ai, A_ID))) == NULL) {
		vb_err(err, VB_EINTERNAL, "no file name for arrival %s",
		    PQgetvalue(a, ai, A_ID));
		goto done;
	}
	if (fs_path(dir, sizeof(dir), err, "%s/%s", w->out, nm->date) == -1 ||
	    fs_path(base, sizeof(base), err, "%s/%s", dir, nm->name) == -1)
		goto done;
	if (unchanged(w, a, ai, nm, base)) {
		w->st->unchanged++;
		rc = 0;
		goto done;
	}

	/*
	 * A row per current record's hit, grouped by traveller. The subject is
	 * shown as its latest API record says (else its PNR record), with the
	 * sources that name it and, from its PNR, the booking.
	 */
	/*
	 * The hits by one plan for every arrival (store_exec_often): left to
	 * choose, the planner plans them for each arrival again, which costs
	 * more than running them. The shipments' query is left to choose: its
	 * one plan for all is slow on an arrival of thousands of waybills.
	 */
	if (plan_cache_mode(w, PLAN_ONE, err) == -1 ||
	    store_exec_often(db,
	    "SELECT p.traveller_id, b.role, b.name_raw,"
	    " to_char(b.birth_date, 'YYYY-MM-DD'), b.gender, b.nationality,"
	    " coalesce((SELECT json_agg(json_strip_nulls(json_build_object("
	    "  'type', d.type, 'number', d.number, 'country', d.country,"
	    "  'expiry', to_char(d.expiry, 'YYYY-MM-DD'))) ORDER BY d.seq)"
	    "  FROM vborder.person_document d WHERE d.person_id = b.id),"
	    "  '[]')::text,"
	    " h.agency, h.list, h.entry_id, h.severity, h.category, h.note,"
	    " h.score, h.explanation, h.version, h.key,"
	    " (SELECT json_agg(x.s ORDER BY x.s->>'source', x.s->>'received_at')"
	    "  FROM (SELECT DISTINCT jsonb_strip_nulls(jsonb_build_object("
	    "   'source', q.source, 'format', m.format,"
	    "   'message_ref', m.message_ref,"
	    "   'record_locator', CASE WHEN q.source = 'pnr' THEN q.booking_ref END,"
	    "   'file', f.file_name, 'received_at', to_char(f.received_at"
	    "    AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))) AS s"
	    "   FROM vborder.screened q"
	    "   JOIN vborder.manifest m ON m.id = q.manifest_id"
	    "   JOIN vborder.carrier_file f ON f.id = m.file_id"
	    "   WHERE q.traveller_id = p.traveller_id) x)::text,"
	    " (SELECT json_strip_nulls(json_build_object("
	    "   'record_locator', r.locator, 'created', r.created,"
	    "   'ticketed', r.ticketed, 'agency', r.agency,"
	    "   'split_from', r.split_from, 'seat', q.seat,"
	    "   'bags', coalesce(q.bags, r.bags), 'ticket', q.ticket,"
	    "   'fare', q.fare, 'frequent_flyer', q.frequent_flyer,"
	    "   'contacts', r.contacts || q.contacts, 'payments', r.payments,"
	    "   'itinerary', r.itinerary))"
	    "  FROM vborder.screened q JOIN vborder.pnr r ON r.id = q.pnr_id"
	    "  WHERE q.traveller_id = p.traveller_id"
	    "  ORDER BY q.id DESC LIMIT 1)::text, b.boarding, h.source,"
	    /* What the carriers' data lacked or had wrong, from every record. */
	    " (SELECT json_agg(DISTINCT n.value ORDER BY n.value)"
	    "  FROM vborder.person q, jsonb_array_elements_text(q.quality) n"
	    "  WHERE q.traveller_id = p.traveller_id AND q.current)::text,"
	    " h.via, h.value, h.linked, h.suppressed"
	    /* Watchlist hits and risk-rule hits, as one kind of row. */
	    " FROM (SELECT x.person_id, w.agency, w.name AS list, e.entry_id,"
	    "  e.severity, e.category, e.note, x.score, x.explanation, l.version,"
	    "  e.id::text AS key, 'watchlist' AS source, NULL AS via,"
	    "  NULL AS value, NULL AS linked, x.suppressed"
	    "  FROM vborder.hit x"
	    "  JOIN vborder.watchlist_entry e ON e.id = x.entry_pk"
	    "  JOIN vborder.watchlist w ON w.id = e.watchlist_id"
	    "  JOIN vborder.watchlist_load l ON l.id = x.load_id"
	    "  WHERE x.person_id = ANY (" ARRIVAL_PERSONS ")"
	    /* An agency sees its own lists' hits and those shared with it. */
	    "  AND " TARGETS_LIST_VISIBLE("w")
	    " UNION ALL"
	    /* Every agency sees every agency's rule hits (one coordinated list). */
	    " SELECT x.person_id, rs.agency, NULL, r.rule_id, r.severity, NULL,"
	    "  NULL, x.score, x.explanation, rs.version, 'rule ' || r.id, 'rule',"
	    "  NULL, NULL, NULL, false"
	    "  FROM vborder.rule_hit x JOIN vborder.rule r ON r.id = x.rule_pk"
	    "  JOIN vborder.rule_set rs ON rs.id = r.set_id"
	    "  WHERE x.person_id = ANY (" ARRIVAL_PERSONS ")"
	    " UNION ALL"
	    /* Links, as an agency may see the hit behind them; once per linked subject and way. */
	    " SELECT x.person_id, x.agency, NULL, NULL, x.severity, NULL, NULL,"
	    "  x.score, x.explanation, NULL, 'link ' || x.via || ' ' || x.linked::text,"
	    "  'link', x.via, x.value, x.linked::text, false"
	    "  FROM vborder.link_hit x"
	    "  WHERE x.person_id = ANY (" ARRIVAL_PERSONS ")"
	    "  AND " TARGETS_LINK_VISIBLE("x") ") h"
	    " JOIN vborder.screened p ON p.id = h.person_id"
	    " JOIN LATERAL (SELECT * FROM vborder.screened q"
	    "  WHERE q.traveller_id = p.traveller_id"
	    "  ORDER BY q.source = 'api' DESC, q.id DESC LIMIT 1) b ON true"
	    " WHERE p.arrival_id = $1"
	    /* The key last: links alike but for whom they lead to, in one order. */
	    " ORDER BY p.traveller_id, h.score DESC, h.agency, h.list,"
	    " h.entry_id, h.key",
	    2, params, &hits, err) == -1)
		goto done;
	if ((subjects = subjects_of(hits, &n)) == NULL) {
		vb_err(err, VB_ENOMEM, "out of memory building a target list");
		goto done;
	}
	/* Passengers only (most flights): no shipments to read. */
	if (strcmp(PQgetvalue(a, ai, A_SHIPMENTS), "0") != 0 &&
	    (plan_cache_mode(w, PLAN_CUSTOM, err) == -1 ||
	    targets_cargo(db, PQgetvalue(a, ai, A_ID), for_agency,
	    &pool, &subjects, &n, err) == -1))
		goto done;
	qsort(subjects, n, sizeof(*subjects), compare_subjects);
	if (target_ids(db, PQgetvalue(a, ai, A_ID), subjects, n, err) == -1)
		goto done;
	if ((list = list_json(&pool, a, ai, hits, subjects, n,
	    w->now_iso)) == NULL || pool.oom ||
	    (for_agency != NULL && json_object_set_new(list, "for_agency",
	    json_string(targets_utf8(&pool, for_agency))) == -1)) {
		vb_err(err, VB_ENOMEM, "out of memory building the target list"
		    " of arrival %s", PQgetvalue(a, ai, A_ID));
		goto done;
	}
	if (fs_mkdirs(dir, 0750, err) == -1)
		goto done;
	for (size_t f = 0; f < sizeof(formats_ext) / sizeof(formats_ext[0]); f++) {
		if ((w->formats & formats_ext[f].bit) == 0)
			continue;
		if (fs_path(path, sizeof(path), err, "%s.%s", base,
		    formats_ext[f].ext) == -1 ||
		    write_format(path, formats_ext[f].bit, list, err) == -1)
			goto done;
		if (first[0] == '\0')
			strlcpy(first, path, sizeof(first));
	}
	/* Only now that the list is whole under its new name. */
	if (remove_stale(w, nm, dir, removed, sizeof(removed), err) == -1)
		goto done;
	if ((w->rows[ai] = targets_index_row(nm->date, PQgetvalue(a, ai, A_ID),
	    nm->name, PQgetvalue(a, ai, A_INPUTS), list)) == NULL) {
		vb_err(err, VB_ENOMEM, "out of memory indexing %s", first);
		goto done;
	}
	w->st->lists++;
	w->st->targets += n;
	if (w->report != NULL) {
		struct targets_list l = {
			first, PQgetvalue(a, ai, A_TRANSPORT),
			(size_t)strtoull(PQgetvalue(a, ai, A_PASSENGERS), NULL, 10) +
			    (size_t)strtoull(PQgetvalue(a, ai, A_CREW), NULL, 10),
			n, removed[0] != '\0' ? removed : NULL,
		};
		w->report(w->arg, &l);
	}
	rc = 0;
done:
	json_decref(list);
	for (size_t i = 0; subjects != NULL && i < n; i++) {
		json_decref(subjects[i].subject);
		json_decref(subjects[i].reasons);
		json_decref(subjects[i].outcome);
	}
	free(subjects);
	PQclear(hits);
	targets_pool_free(&pool);
	return rc;
}

/* The columns of the names query. */
enum { N_ID, N_TRANSPORT, N_FROM, N_TO, N_DEP_TIME, N_DEP_AT, N_ARR_TIME,
    N_DATE };

/*
 * Names every arrival of the days that arrivals in the window land on, not
 * only those in the window: an arrival that has landed still shares its
 * day, and the names must not change as the window moves.
 */
static int
load_names(PGconn *db, const struct screen_params *sp, PGresult **res,
    struct targets_name **names, size_t *n, struct vb_error *err)
{
	int rows;

	*names = NULL;
	*n = 0;
	if (store_exec(db, "SELECT b.id, b.transport_id, b.departure_port,"
	    " b.arrival_port, to_char(b.scheduled_departure_local, 'HH24MI'),"
	    " to_char(b.scheduled_departure_local, 'YYYY-MM-DD\"T\"HH24MI'),"
	    " to_char(b.scheduled_arrival_local, 'HH24MI'),"
	    " to_char(coalesce(b.scheduled_arrival_local,"
	    "  b.scheduled_departure_local), 'YYYY-MM-DD')"
	    " FROM vborder.arrival b"
	    " WHERE coalesce(b.scheduled_arrival_local,"
	    "  b.scheduled_departure_local)::date IN"
	    " (SELECT coalesce(a.scheduled_arrival_local,"
	    "   a.scheduled_departure_local)::date"
	    "  FROM vborder.arrival a WHERE " STORE_ARRIVAL_DUE ")"
	    " ORDER BY b.id", 3, sp->v, res, err) == -1)
		return -1;
	if ((rows = PQntuples(*res)) == 0)
		return 0;
	if ((*names = calloc((size_t)rows, sizeof(**names))) == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory naming the target lists");
	for (int i = 0; i < rows; i++) {
		struct targets_name *nm = &(*names)[i];

		nm->id = strtoll(PQgetvalue(*res, i, N_ID), NULL, 10);
		nm->date = PQgetvalue(*res, i, N_DATE);
		nm->dep_time = value(*res, i, N_DEP_TIME);
		nm->dep_at = value(*res, i, N_DEP_AT);
		nm->arr_time = value(*res, i, N_ARR_TIME);
		if (targets_name_base(nm, PQgetvalue(*res, i, N_TRANSPORT),
		    PQgetvalue(*res, i, N_FROM), PQgetvalue(*res, i, N_TO)) == -1)
			return vb_err(err, VB_EINTERNAL, "arrival %lld: its list's"
			    " file name is too long", nm->id);
	}
	*n = (size_t)rows;
	if (targets_names_settle(*names, *n) == -1)
		return vb_err(err, VB_ENOMEM, "out of memory naming the target lists");
	return 0;
}

/*
 * The lists shared by threads (workers_run), each with a connection of its
 * own reading the moment the lead connection's transaction exported: a
 * list is mostly the server's work (its hits' query), which one connection
 * does on one core. Each thread takes the next arrival (an atomic
 * counter), so a thread that cannot connect only leaves its share.
 */
struct share {
	const struct writer *w;		/* the lead's; each thread a copy */
	const PGresult *a;		/* the arrivals */
	const char *snapshot;
	atomic_int next, seats, failed;
	pthread_mutex_t lock;		/* over st, report and err */
	struct vb_error err;		/* the first failure */
};

/* The caller's report, one thread at a time. */
static void
report_locked(void *arg, const struct targets_list *l)
{
	struct share *sh = arg;

	(void)pthread_mutex_lock(&sh->lock);
	sh->w->report(sh->w->arg, l);
	(void)pthread_mutex_unlock(&sh->lock);
}

/*
 * A thread without a connection leaves its share to the others, and says
 * so once in the stats: the lists are whole, only slower (the server's
 * connection limit, a role's CONNECTION LIMIT).
 */
static void
unseated(struct share *sh, const struct vb_error *err)
{
	(void)pthread_mutex_lock(&sh->lock);
	if (sh->w->st->warning[0] == '\0')
		(void)snprintf(sh->w->st->warning, sizeof(sh->w->st->warning),
		    "a thread writing lists could not connect (%.150s): the"
		    " others wrote its share", err->message);
	(void)pthread_mutex_unlock(&sh->lock);
}

static void *
share_worker(void *arg)
{
	struct share *sh = arg;
	struct writer w = *sh->w;
	struct targets_stats st = {0};
	struct vb_error err;
	int i, n = PQntuples(sh->a);

	vb_err_clear(&err);
	/* The first seat has the lead connection; the others their own. */
	if (atomic_fetch_add(&sh->seats, 1) > 0) {
		w.plan_mode = NULL;
		if ((w.db = store_connect_like(sh->w->db, &err)) == NULL ||
		    store_begin_read(w.db, sh->snapshot, &err) == -1) {
			unseated(sh, &err);
			store_disconnect(w.db);
			return NULL;
		}
	}
	w.st = &st;
	if (w.report != NULL) {
		w.report = report_locked;
		w.arg = sh;
	}
	while (!atomic_load(&sh->failed) &&
	    (i = atomic_fetch_add(&sh->next, 1)) < n)
		if (write_arrival(&w, sh->a, i, &err) == -1) {
			(void)pthread_mutex_lock(&sh->lock);
			if (!atomic_exchange(&sh->failed, 1))
				sh->err = err;
			(void)pthread_mutex_unlock(&sh->lock);
		}
	(void)pthread_mutex_lock(&sh->lock);
	sh->w->st->lists += st.lists;
	sh->w->st->targets += st.targets;
	sh->w->st->unchanged += st.unchanged;
	sh->w->st->removed += st.removed;
	(void)pthread_mutex_unlock(&sh->lock);
	if (w.db != sh->w->db) {
		store_rollback(w.db);
		store_disconnect(w.db);
	}
	return NULL;
}

/*
 * Every arrival's list: on threads when shared and there are several,
 * else one after the other on db.
 */
static int
write_arrivals(struct writer *wr, const PGresult *a, int shared,
    struct vb_error *err)
{
	struct share sh = {wr, a, NULL, 0, 0, 0, PTHREAD_MUTEX_INITIALIZER,
	    {0}};
	char snapshot[64];

	if (!shared || PQntuples(a) < 2) {
		for (int i = 0; i < PQntuples(a); i++)
			if (write_arrival(wr, a, i, err) == -1)
				return -1;
		return 0;
	}
	if (store_snapshot(wr->db, snapshot, sizeof(snapshot), err) == -1)
		return -1;
	sh.snapshot = snapshot;
	vb_err_clear(&sh.err);
	workers_run(share_worker, &sh);
	(void)pthread_mutex_destroy(&sh.lock);
	if (sh.failed) {
		*err = sh.err;
		return -1;
	}
	return 0;
}

/*
 * The lists of the window's arrivals (ids: only those, "{1,2,3}"; NULL:
 * every one), on the threads of every core when shared, then the days'
 * indexes when days.
 */
static int
write_lists(PGconn *db, const struct screen_window *w, const char *out,
    unsigned formats, const char *for_agency, const char *ids, int days,
    int shared, targets_report_fn report, void *arg,
    struct targets_stats *st, struct vb_error *err)
{
	struct screen_params sp;
	struct writer wr = {db, out, NULL, for_agency, formats, report, arg, st,
	    NULL, 0, NULL, NULL};
	PGresult *a = NULL, *names = NULL;
	json_t *lists = json_array();
	char dir[PATH_MAX], own[128];
	const char *ap[7];
	int rc = -1;

	memset(st, 0, sizeof(*st));
	screen_params(w, &sp);
	wr.now_iso = sp.now;
	/* The folder as vborder.target_list names it (index.c), and this run's own inputs. */
	if (realpath(out, dir) == NULL)
		(void)strlcpy(dir, out, sizeof(dir));
	(void)snprintf(own, sizeof(own), "%s %u", vborder_version, formats);
	ap[0] = sp.v[0];
	ap[1] = sp.v[1];
	ap[2] = sp.v[2];
	ap[3] = dir;
	ap[4] = for_agency;
	ap[5] = own;
	ap[6] = ids;
	/* One snapshot, so a screen finishing meanwhile cannot split a list. */
	if (store_analyze(db, err) == -1 ||
	    store_begin_read(db, NULL, err) == -1 ||
	    store_exec(db, "SELECT a.id, a.mode, a.carrier, a.transport_id,"
	    " a.departure_port, a.arrival_port,"
	    " to_char(a.scheduled_departure_local, 'YYYY-MM-DD\"T\"HH24:MI'),"
	    " to_char(a.scheduled_arrival_local, 'YYYY-MM-DD\"T\"HH24:MI'),"
	    " to_char(a.scheduled_arrival_utc AT TIME ZONE 'UTC',"
	    "  'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
	    " to_char(coalesce(a.scheduled_arrival_local,"
	    "  a.scheduled_departure_local), 'YYYY-MM-DD'),"
	    /*
	     * Counted as vborder.on_board has them (the passengers of the API
	     * list once there is one), in one pass over the arrival's records
	     * rather than the view's two lookups for each.
	     */
	    " (SELECT CASE WHEN bool_or(p.source = 'api')"
	    "  THEN count(DISTINCT p.traveller_id) FILTER (WHERE p.source = 'api')"
	    "  ELSE count(DISTINCT p.traveller_id) END FROM vborder.person p"
	    "  WHERE p.arrival_id = a.id AND p.current AND p.role = 'passenger'),"
	    " (SELECT count(DISTINCT p.traveller_id) FROM vborder.person p"
	    "  WHERE p.arrival_id = a.id AND p.current AND p.role = 'crew'),"
	    " (SELECT count(DISTINCT s.number_norm) FROM vborder.shipment_on s"
	    "  WHERE s.on_arrival = a.id), " LIST_INPUTS ","
	    " tl.name, tl.inputs"
	    " FROM vborder.arrival a"
	    " LEFT JOIN vborder.arrival_screen sc ON sc.arrival_id = a.id"
	    " LEFT JOIN " STORE_ARRIVALS_FILES(STORE_ARRIVAL_DUE
	    " AND ($7::bigint[] IS NULL OR a.id = ANY ($7::bigint[]))") " af"
	    " ON af.arrival_id = a.id"
	    " LEFT JOIN vborder.target_list tl ON tl.out_dir = $4"
	    "  AND tl.for_agency = coalesce($5, '') AND tl.arrival_id = a.id"
	    " WHERE " STORE_ARRIVAL_DUE
	    " AND ($7::bigint[] IS NULL OR a.id = ANY ($7::bigint[]))"
	    " ORDER BY coalesce(a.scheduled_arrival_local,"
	    "  a.scheduled_departure_local), a.transport_id", 7, ap, &a,
	    err) == -1 ||
	    load_names(db, &sp, &names, &wr.names, &wr.nnames, err) == -1)
		goto done;
	if (lists == NULL || (PQntuples(a) > 0 && (wr.rows =
	    calloc((size_t)PQntuples(a), sizeof(*wr.rows))) == NULL)) {
		vb_err(err, VB_ENOMEM, "out of memory");
		goto done;
	}
	rc = write_arrivals(&wr, a, shared, err);
done:
	store_rollback(db);	/* read only: ending it is all */
	/* The lists are written: now their record, and the days' indexes. */
	for (int i = 0; wr.rows != NULL && i < PQntuples(a); i++)
		if (wr.rows[i] != NULL &&
		    json_array_append_new(lists, wr.rows[i]) == -1 && rc == 0)
			rc = vb_err(err, VB_ENOMEM, "out of memory");
	if (rc == 0 && targets_index_write(db, out, for_agency, lists,
	    days && (formats & TARGETS_HTML) != 0, wr.now_iso, err) == -1)
		rc = -1;
	json_decref(lists);
	free(wr.rows);
	free(wr.names);
	PQclear(names);
	PQclear(a);
	return rc;
}

int
targets_write(PGconn *db, const struct screen_window *w, const char *out,
    unsigned formats, const char *for_agency, targets_report_fn report,
    void *arg, struct targets_stats *st, struct vb_error *err)
{
	return write_lists(db, w, out, formats, for_agency, NULL, 1, 1,
	    report, arg, st, err);
}

int
targets_write_part(PGconn *db, const struct screen_window *w,
    const char *out, unsigned formats, const char *ids,
    targets_report_fn report, void *arg, struct targets_stats *st,
    struct vb_error *err)
{
	struct targets_stats mine;

	if (write_lists(db, w, out, formats, NULL, ids, 0, 0, report, arg,
	    &mine, err) == -1)
		return -1;
	st->lists += mine.lists;
	st->targets += mine.targets;
	st->unchanged += mine.unchanged;
	st->removed += mine.removed;
	return 0;
}

int
targets_window(PGconn *db, const struct screen_window *w, char **ids,
    size_t *n, struct vb_error *err)
{
	struct screen_params sp;
	PGresult *res;

	screen_params(w, &sp);
	if (store_exec(db, "SELECT '{' || coalesce(string_agg(a.id::text, ','"
	    " ORDER BY a.id), '') || '}', count(*) FROM vborder.arrival a"
	    " WHERE " STORE_ARRIVAL_DUE, 3, sp.v, &res, err) == -1)
		return -1;
	*n = (size_t)strtoull(PQgetvalue(res, 0, 1), NULL, 10);
	*ids = strdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	if (*ids == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory");
	return 0;
}

int
targets_write_days(PGconn *db, const struct screen_window *w,
    const char *out, unsigned formats, struct vb_error *err)
{
	struct screen_params sp;

	if ((formats & TARGETS_HTML) == 0)
		return 0;
	screen_params(w, &sp);
	return targets_index_days(db, out, sp.v, sp.now, err);
}
