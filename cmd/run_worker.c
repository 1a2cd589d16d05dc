/*
 * `vborder run --worker`: one of any number of processes, on this host and
 * on others, that share one run (core/work/, docs/SCALING.md). The first
 * to come opens a round with the carrier files waiting; each worker then
 * stores the files it claims, screens the arrivals it claims, one of them
 * links the window, and each writes the lists of the arrivals it claims;
 * the last writes the days' indexes. Together they do what one `run` does,
 * and the lists are the same.
 */
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "ingest/ingest.h"
#include "match/match.h"
#include "screen/screen.h"
#include "store/cstore.h"
#include "store/store.h"
#include "targets/targets.h"
#include "work/work.h"
#include "cmd.h"

/*
 * The units of the screen and of the lists: at least ARRIVAL_UNITS when
 * there are that many arrivals (several workers share even a quiet hour's),
 * and at most ARRIVALS_PER_UNIT arrivals each (a unit's transaction is
 * short, and workers finish together).
 */
#define ARRIVAL_UNITS		32
#define ARRIVALS_PER_UNIT	16

struct keys {
	char **v;
	size_t n, size;
};

struct worker {
	struct ctx *c;
	PGconn *db;		/* the work itself */
	struct work w;		/* the claims, on a connection of their own */
	const char *dropbox, *out;
	unsigned fmt;
	struct screen_window win;
	struct ingest_opts io;
	struct ingest_stats is;
	struct screen_stats ss;
	struct targets_stats ts;
	struct match_index *ix;	/* loaded by the first part screened */
	size_t files, parts, lists;	/* units done */
	char now[32], inputs[1400];
	int unchanged;		/* led: nothing a list depends on changed */
	int linked;		/* did the links */
	int closed;		/* led the round's end: the days' indexes */
};

static int
keys_add(struct keys *k, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
keys_add(struct keys *k, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int len;

	if (k->n == k->size) {
		size_t size = k->size == 0 ? 64 : k->size * 2;
		char **v = reallocarray(k->v, size, sizeof(*v));

		if (v == NULL)
			return -1;
		k->v = v;
		k->size = size;
	}
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || (s = malloc((size_t)len + 1)) == NULL)
		return -1;
	va_start(ap, fmt);
	(void)vsnprintf(s, (size_t)len + 1, fmt, ap);
	va_end(ap);
	k->v[k->n++] = s;
	return 0;
}

static void
keys_free(struct keys *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->v[i]);
	free(k->v);
	memset(k, 0, sizeof(*k));
}

/* A file waiting in processing/: a unit of the round's ingest. */
static int
gathered(void *arg, const char *carrier, const char *pname)
{
	return keys_add(arg, "%s\t%s", carrier, pname);
}

/*
 * The n arrivals of ids ("{1,2,3}") as units "PREFIX {1,2}" (screen_part
 * needs what they are screened against, the lists nothing: "-"). 0 or -1.
 */
static int
arrival_units(const char *prefix, const char *ids, size_t n, struct keys *k)
{
	const char *p = ids + 1;	/* past "{" */
	size_t per = (n + ARRIVAL_UNITS - 1) / ARRIVAL_UNITS;

	if (per < 1)
		per = 1;
	if (per > ARRIVALS_PER_UNIT)
		per = ARRIVALS_PER_UNIT;
	while (*p != '\0' && *p != '}') {
		size_t len = 0, commas = 0;

		while (p[len] != '\0' && p[len] != '}' &&
		    (p[len] != ',' || ++commas < per))
			len++;
		if (keys_add(k, "%s {%.*s}", prefix, (int)len, p) == -1)
			return -1;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

/*
 * Leads the screen: the waybills stored by every worker placed, notices
 * checked, and either nothing a list depends on changed since the last
 * run (the round is done) or the arrivals to take become the units.
 */
static int
lead_screen(struct worker *k, struct vb_error *err)
{
	struct screen_plan plan;
	struct keys units = {NULL, 0, 0};
	int rc, same;

	if (cstore_place(k->db, NULL, err) == -1 ||
	    run_check_notices(k->c, k->db, k->now, err) == -1 ||
	    run_inputs(k->c, k->db, &k->win, k->fmt, k->out, k->inputs,
	    sizeof(k->inputs), err) == -1 ||
	    (same = run_unchanged(k->db, k->w.run_id, k->inputs, err)) == -1)
		return -1;
	if (same) {
		deliver_referrals(k->c, k->db, k->dropbox, k->now);
		run_deliver_notices(k->c, k->db, k->dropbox, k->now);
		k->unchanged = 1;
		return work_advance(&k->w, WORK_CLOSED, NULL, 0, err);
	}
	/* Recorded by the worker that closes the round, once the lists are written. */
	k->inputs[0] = '\0';
	if (screen_plan(k->db, &k->win, &plan, err) == -1)
		return -1;
	k->ss.taken = plan.taken;
	k->ss.unchanged = plan.unchanged;
	if (arrival_units(plan.against, plan.ids, plan.taken, &units) == -1)
		rc = vb_err(err, VB_ENOMEM, "out of memory");
	else
		rc = work_advance(&k->w, WORK_SCREEN, units.v, units.n, err);
	keys_free(&units);
	screen_plan_free(&plan);
	return rc;
}

/* Leads the lists: every arrival of the window, in units. */
static int
lead_lists(struct worker *k, struct vb_error *err)
{
	struct keys units = {NULL, 0, 0};
	char *ids;
	size_t n;
	int rc;

	if (targets_window(k->db, &k->win, &ids, &n, err) == -1)
		return -1;
	if (arrival_units("-", ids, n, &units) == -1)
		rc = vb_err(err, VB_ENOMEM, "out of memory");
	else
		rc = work_advance(&k->w, WORK_LISTS, units.v, units.n, err);
	keys_free(&units);
	free(ids);
	return rc;
}

/*
 * Leads the round's end: the days' indexes from every worker's lists, what
 * the lists depend on recorded, the referrals and notices delivered.
 */
static int
lead_close(struct worker *k, struct vb_error *err)
{
	if (targets_write_days(k->db, &k->win, k->out, k->fmt, err) == -1 ||
	    run_inputs(k->c, k->db, &k->win, k->fmt, k->out, k->inputs,
	    sizeof(k->inputs), err) == -1)
		return -1;
	deliver_referrals(k->c, k->db, k->dropbox, k->now);
	run_deliver_notices(k->c, k->db, k->dropbox, k->now);
	k->closed = 1;
	return work_advance(&k->w, WORK_CLOSED, NULL, 0, err);
}

/* Leads the next stage, as the worker that found this one's units all done. */
static int
lead(struct worker *k, struct vb_error *err)
{
	char links[] = "links", *key = links;

	switch (k->w.stage) {
	case WORK_INGEST:
		return lead_screen(k, err);
	case WORK_SCREEN:
		return work_advance(&k->w, WORK_LINKS, &key, 1, err);
	case WORK_LINKS:
		return lead_lists(k, err);
	default:
		return lead_close(k, err);
	}
}

/*
 * The links of the window, once every arrival is screened: made again for
 * the arrivals the round's screen units took (those the workers that did
 * them screened), as one `run` makes them for what it took.
 */
static int
link_window(struct worker *k, struct vb_error *err)
{
	char round[24];
	const char *p[] = {round};
	PGresult *res;
	int rc;

	(void)snprintf(round, sizeof(round), "%lld", k->w.round);
	if (store_exec(k->db, "SELECT '{' || coalesce(string_agg("
	    "s.arrival_id::text, ','), '') || '}' FROM vborder.arrival_screen s"
	    " WHERE s.run_id IN (SELECT u.done_by FROM vborder.work_unit u"
	    " WHERE u.round_id = $1::bigint AND u.stage = 'screen')", 1, p,
	    &res, err) == -1)
		return -1;
	rc = screen_links(k->db, &k->win, k->w.run_id, PQgetvalue(res, 0, 0),
	    &k->ss.links, err);
	PQclear(res);
	if (rc == -1)
		return -1;
	k->linked = 1;
	return 0;
}

/* The unit held: a file, arrivals to screen, the links, or arrivals' lists. */
static int
do_unit(struct worker *k, struct vb_error *err)
{
	char *key = k->w.key, *sep;

	/* Past the screen: the list index's memory back, for the links' and lists'. */
	if (k->w.stage > WORK_SCREEN && k->ix != NULL) {
		match_index_free(k->ix);
		k->ix = NULL;
		(void)malloc_trim(0);
	}
	switch (k->w.stage) {
	case WORK_INGEST:
		if ((sep = strchr(key, '\t')) == NULL)
			break;
		*sep = '\0';
		k->files++;
		return ingest_one(k->db, k->dropbox, key, sep + 1, &k->io,
		    &k->is, err);
	case WORK_SCREEN:
		if ((sep = strchr(key, ' ')) == NULL)
			break;
		*sep = '\0';
		k->parts++;
		return screen_part(k->db, &k->ix, &k->win, k->w.run_id, key,
		    sep + 1, &k->ss, err);
	case WORK_LINKS:
		return link_window(k, err);
	case WORK_LISTS:
		if ((sep = strchr(key, ' ')) == NULL)
			break;
		k->lists++;
		return targets_write_part(k->db, &k->win, k->out, k->fmt,
		    sep + 1, report_list, k->c, &k->ts, err);
	case WORK_CLOSED:
		break;
	}
	return vb_err(err, VB_EINTERNAL, "work unit %lld of round %lld: no"
	    " such unit (%s)", k->w.unit, k->w.round, key);
}

/* Opens or joins a round and works in it until it is closed. 0 or -1. */
static int
work(struct worker *k, PGconn *claim, long long run_id, struct vb_error *err)
{
	int got;

	if ((got = work_join(&k->w, claim, run_id, k->c->now, k->win.hours,
	    err)) == -1)
		return -1;
	/* The round's clock and window, whichever worker opened it. */
	k->c->now = k->win.now = k->w.now;
	k->win.hours = k->w.hours;
	clock_format(k->w.now, k->now, sizeof(k->now));
	ingest_options(k->c, &k->io);
	k->io.progress = NULL;
	k->io.workers = 0;
	if (got == 1) {
		struct keys files = {NULL, 0, 0};
		int rc = ingest_gather(k->dropbox, &k->io, &k->is, gathered,
		    &files, err);
		size_t n = files.n;

		if (rc == 0)
			rc = work_advance(&k->w, WORK_INGEST, files.v, n, err);
		keys_free(&files);
		if (rc == -1)
			return -1;
		log_info(k->c, "run: round %lld opened with %zu file%s waiting",
		    k->w.round, n, n == 1 ? "" : "s");
	} else
		log_info(k->c, "run: joined round %lld in its %s stage",
		    k->w.round, work_stage_name(k->w.stage));
	while (k->w.stage != WORK_CLOSED) {
		while ((got = work_next(&k->w, err)) == 1)
			if (do_unit(k, err) == -1 || work_done(&k->w, err) == -1)
				return -1;
		if (got == -1 || (got = work_lead(&k->w, err)) == -1 ||
		    (got == 1 && lead(k, err) == -1))
			return -1;
	}
	return 0;
}

static json_t *
counts_of(const struct worker *k)
{
	json_t *o = json_pack("{s:I, s:{s:I, s:I, s:I}, s:o, s:o}", "round",
	    (json_int_t)k->w.round, "worker", "files", (json_int_t)k->files,
	    "parts", (json_int_t)k->parts, "lists", (json_int_t)k->lists,
	    "ingest", ingest_counts(&k->is), "screen", screen_counts(&k->ss));

	if (o != NULL && k->lists > 0)
		(void)json_object_set_new(o, "targets", json_pack("{s:I, s:I,"
		    " s:I}", "lists", (json_int_t)k->ts.lists, "unchanged",
		    (json_int_t)k->ts.unchanged, "targets",
		    (json_int_t)k->ts.targets));
	if (o != NULL && (k->closed || k->unchanged))
		(void)json_object_set_new(o, "inputs", json_string(k->inputs));
	if (o != NULL && k->unchanged)
		(void)json_object_set_new(o, "unchanged", json_true());
	return o;
}

static void
log_done(const struct worker *k)
{
	struct ctx *c = k->c;

	log_info(c, "run: worker of round %lld: %zu files stored, %zu"
	    " duplicate, %zu rejected; screened in %zu parts: %zu arrivals,"
	    " %zu person records and %zu shipments, %zu person hits, %zu"
	    " shipment hits, %zu rule hits, %zu new cargo referrals",
	    k->w.round, k->is.stored, k->is.duplicates, k->is.rejected,
	    k->parts, k->ss.arrivals, k->ss.persons, k->ss.shipments,
	    k->ss.hits, k->ss.shipment_hits, k->ss.rule_hits, k->ss.referrals);
	if (k->parts > 0)
		log_index(c, &k->win, &k->ss);
	if (k->unchanged)
		log_info(c, "run: nothing a list depends on changed since the"
		    " last run: screening and lists left as they were");
	if (k->linked)
		log_links(c, &k->ss.links);
	if (k->lists > 0)
		log_info(c, "run: %zu lists with %zu targets in %s (%zu left"
		    " as they were)", k->ts.lists, k->ts.targets, k->out,
		    k->ts.unchanged);
	if (k->closed)
		log_info(c, "run: round %lld done: the days' indexes written",
		    k->w.round);
}

int
run_worker(struct ctx *c, const char *dropbox, const char *out, unsigned fmt,
    const struct screen_window *w)
{
	struct worker k = {.c = c, .dropbox = dropbox, .out = out, .fmt = fmt,
	    .win = *w};
	struct vb_error err;
	long long run_id;
	PGconn *claim = NULL;
	int rc;

	vb_err_clear(&err);
	k.win.progress = NULL;
	if ((k.db = connect_db(c)) == NULL || (claim = connect_db(c)) == NULL) {
		rc = EX_TEMPFAIL;
		goto done;
	}
	/* With the other workers, never beside a command that runs alone. */
	switch (store_try_lock_shared(k.db, &err)) {
	case 1:
		break;
	case 0:
		log_error("another vborder command holds the run lock alone;"
		    " nothing was done, run again later");
		rc = EX_TEMPFAIL;
		goto done;
	default:
		rc = fail(&err);
		goto done;
	}
	json_object_seed(0);
	if ((run_id = run_begin(c, k.db, "run")) == 0) {
		rc = EX_TEMPFAIL;
		goto done;
	}
	if (work(&k, claim, run_id, &err) == -1) {
		work_leave(&k.w);
		rc = run_end(k.db, run_id, fail(&err), counts_of(&k));
		goto done;
	}
	work_leave(&k.w);
	log_done(&k);
	rc = run_end(k.db, run_id, ingest_exit_code(&k.is), counts_of(&k));
done:
	match_index_free(k.ix);
	store_disconnect(claim);
	store_disconnect(k.db);
	return rc;
}
