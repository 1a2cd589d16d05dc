#include "work.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "store/store.h"

/*
 * Arbitrary but fixed: the advisory locks of joining (one worker at a
 * time looks for the open round) and of being in a round (the round's id
 * the second key), beside the run lock of core/store/store.c.
 */
#define JOIN_LOCK	"7624010203"
#define ROUND_LOCK	"76240104, ($1::bigint % 2147483647)::int"

static const char *const stage_names[] = {
	[WORK_INGEST] = "ingest", [WORK_SCREEN] = "screen",
	[WORK_LINKS] = "links", [WORK_LISTS] = "lists",
	[WORK_CLOSED] = "closed",
};

const char *
work_stage_name(enum work_stage s)
{
	return stage_names[s];
}

static enum work_stage
stage_of(const char *name)
{
	for (size_t i = 0; i < sizeof(stage_names) / sizeof(*stage_names); i++)
		if (strcmp(name, stage_names[i]) == 0)
			return (enum work_stage)i;
	return WORK_CLOSED;
}

static void
round_text(const struct work *w, char round[24])
{
	(void)snprintf(round, 24, "%lld", w->round);
}

/*
 * The open round, if any, into w: 1 found and its lock taken (shared), 0
 * none (one with no worker left closed as abandoned), -1. In the join's
 * transaction.
 */
static int
find_open(struct work *w, struct vb_error *err)
{
	char round[24];
	const char *p[] = {round};
	PGresult *res;
	int free_of_workers;

	if (store_exec(w->db, "SELECT id, stage, extract(epoch FROM now)::bigint,"
	    " hours FROM vborder.work_round WHERE closed_at IS NULL", 0, NULL,
	    &res, err) == -1)
		return -1;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	w->round = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	w->stage = stage_of(PQgetvalue(res, 0, 1));
	w->now = (time_t)strtoll(PQgetvalue(res, 0, 2), NULL, 10);
	w->hours = (int)strtol(PQgetvalue(res, 0, 3), NULL, 10);
	PQclear(res);
	round_text(w, round);
	/* Joiners take the lock only while holding JOIN_LOCK, as this one does. */
	if ((free_of_workers = store_truth(w->db, "SELECT pg_try_advisory_lock("
	    ROUND_LOCK ")", 1, p, err)) == -1)
		return -1;
	if (!free_of_workers)
		return store_truth(w->db, "SELECT pg_advisory_lock_shared("
		    ROUND_LOCK ") IS NOT NULL", 1, p, err);
	if (store_exec(w->db, "UPDATE vborder.work_round SET stage = 'closed',"
	    " closed_at = clock_timestamp(), outcome = 'abandoned'"
	    " WHERE id = $1::bigint", 1, p, NULL, err) == -1 ||
	    store_exec(w->db, "SELECT pg_advisory_unlock(" ROUND_LOCK ")", 1, p,
	    NULL, err) == -1)
		return -1;
	return 0;
}

int
work_join(struct work *w, PGconn *db, long long run_id, time_t now,
    int hours, struct vb_error *err)
{
	char when[32], hbuf[16], run[24], round[24];
	const char *p[] = {when, hbuf, run};
	const char *rp[] = {round};
	PGresult *res;
	int found;

	memset(w, 0, sizeof(*w));
	w->db = db;
	w->run_id = run_id;
	if (store_exec(db, "BEGIN", 0, NULL, NULL, err) == -1 ||
	    store_exec(db, "SELECT pg_advisory_xact_lock(" JOIN_LOCK ")", 0,
	    NULL, NULL, err) == -1 ||
	    (found = find_open(w, err)) == -1)
		goto fail;
	if (found)
		return store_commit(db, err) == -1 ? -1 : 0;
	clock_format(now, when, sizeof(when));
	(void)snprintf(hbuf, sizeof(hbuf), "%d", hours);
	(void)snprintf(run, sizeof(run), "%lld", run_id);
	if (store_exec(db, "INSERT INTO vborder.work_round (opened_by, now, hours)"
	    " VALUES (nullif($3::bigint, 0), $1::timestamptz, $2::int)"
	    " RETURNING id", 3, p, &res, err) == -1)
		goto fail;
	w->round = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	w->stage = WORK_INGEST;
	w->now = now;
	w->hours = hours;
	round_text(w, round);
	/* Held from before anyone can see the round: never taken for abandoned. */
	if (store_exec(db, "SELECT pg_advisory_lock_shared(" ROUND_LOCK ")", 1,
	    rp, NULL, err) == -1)
		goto fail;
	return 1;
fail:
	store_rollback(db);
	return -1;
}

/* The first open unit of the stage, locked (wait: for those held too). */
static int
claim(struct work *w, int wait, struct vb_error *err)
{
	char round[24];
	const char *p[] = {round, stage_names[w->stage]};
	PGresult *res;

	round_text(w, round);
	if (store_exec(w->db, wait ?
	    "SELECT id, key FROM vborder.work_unit WHERE round_id = $1::bigint"
	    " AND stage = $2 AND done_at IS NULL ORDER BY id LIMIT 1 FOR UPDATE" :
	    "SELECT id, key FROM vborder.work_unit WHERE round_id = $1::bigint"
	    " AND stage = $2 AND done_at IS NULL ORDER BY id LIMIT 1"
	    " FOR UPDATE SKIP LOCKED", 2, p, &res, err) == -1)
		return -1;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	w->unit = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	w->key = strdup(PQgetvalue(res, 0, 1));
	PQclear(res);
	if (w->key == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory");
	return 1;
}

int
work_next(struct work *w, struct vb_error *err)
{
	int got;

	if (store_exec(w->db, "BEGIN", 0, NULL, NULL, err) == -1)
		return -1;
	/*
	 * A free unit; or else wait for one another worker holds, which
	 * comes back done (then the next) or undone (its worker gone: ours).
	 */
	if ((got = claim(w, 0, err)) == 0)
		got = claim(w, 1, err);
	if (got == 1)
		return 1;
	if (got == -1 || store_commit(w->db, err) == -1) {
		store_rollback(w->db);
		return -1;
	}
	return 0;
}

int
work_done(struct work *w, struct vb_error *err)
{
	char unit[24], run[24];
	const char *p[] = {unit, run};

	(void)snprintf(unit, sizeof(unit), "%lld", w->unit);
	(void)snprintf(run, sizeof(run), "%lld", w->run_id);
	free(w->key);
	w->key = NULL;
	w->unit = 0;
	if (store_exec(w->db, "UPDATE vborder.work_unit SET done_at ="
	    " clock_timestamp(), done_by = nullif($2::bigint, 0)"
	    " WHERE id = $1::bigint", 2, p, NULL, err) == -1 ||
	    store_commit(w->db, err) == -1) {
		store_rollback(w->db);
		return -1;
	}
	return 0;
}

int
work_lead(struct work *w, struct vb_error *err)
{
	char round[24];
	const char *p[] = {round};
	enum work_stage now;
	PGresult *res;

	round_text(w, round);
	if (store_exec(w->db, "BEGIN", 0, NULL, NULL, err) == -1 ||
	    store_exec(w->db, "SELECT stage FROM vborder.work_round"
	    " WHERE id = $1::bigint FOR UPDATE", 1, p, &res, err) == -1) {
		store_rollback(w->db);
		return -1;
	}
	now = PQntuples(res) == 1 ? stage_of(PQgetvalue(res, 0, 0)) :
	    WORK_CLOSED;
	PQclear(res);
	if (now == w->stage)
		return 1;
	w->stage = now;
	if (store_commit(w->db, err) == -1) {
		store_rollback(w->db);
		return -1;
	}
	return 0;
}

int
work_advance(struct work *w, enum work_stage next, char *const *keys,
    size_t n, struct vb_error *err)
{
	char round[24];
	const char *p[] = {round, stage_names[next]};

	round_text(w, round);
	if (n > 0) {
		if (store_copy_begin(w->db, "COPY vborder.work_unit (round_id,"
		    " stage, key) FROM STDIN", err) == -1)
			goto fail;
		for (size_t i = 0; i < n; i++) {
			const char *row[] = {round, stage_names[next], keys[i]};

			if (store_copy_row(w->db, row, 3, err) == -1) {
				(void)store_copy_end(w->db, NULL);
				goto fail;
			}
		}
		if (store_copy_end(w->db, err) == -1)
			goto fail;
	}
	if (store_exec(w->db, "UPDATE vborder.work_round SET stage = $2,"
	    " closed_at = CASE WHEN $2 = 'closed' THEN clock_timestamp() END,"
	    " outcome = CASE WHEN $2 = 'closed' THEN 'done' END"
	    " WHERE id = $1::bigint", 2, p, NULL, err) == -1 ||
	    store_commit(w->db, err) == -1)
		goto fail;
	w->stage = next;
	return 0;
fail:
	store_rollback(w->db);
	return -1;
}

void
work_leave(struct work *w)
{
	char round[24];
	const char *p[] = {round};
	struct vb_error err;

	free(w->key);
	w->key = NULL;
	w->unit = 0;
	if (w->db == NULL || w->round == 0)
		return;
	if (PQtransactionStatus(w->db) != PQTRANS_IDLE)
		store_rollback(w->db);
	round_text(w, round);
	(void)store_exec(w->db, "SELECT pg_advisory_unlock_shared(" ROUND_LOCK
	    ")", 1, p, NULL, &err);
}
