#include "store.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/version.h"

/*
 * The statements store_exec_often prepared, by connection and by the
 * address of their text: a few dozen call sites, each its own literal.
 * Shared by a process's threads; a connection's go when it does, and any
 * left under an address a new connection takes (a forked worker's copy of
 * its parent's) go when it is made.
 */
#define OFTEN_MAX	64

static struct often {
	const PGconn *db;
	const char *sql;
	char name[32];
	unsigned long runs;	/* executions on db */
} often[OFTEN_MAX];
static size_t noften;
static pthread_mutex_t often_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_uint serial;

/* Arbitrary but fixed: the keys of the advisory locks for runs and migrations. */
#define RUN_LOCK_KEY "7624010201"
#define MIGRATE_LOCK_KEY "7624010202"

static int
db_error(PGconn *db, const PGresult *res, struct vb_error *err)
{
	const char *msg = res != NULL ? PQresultErrorMessage(res) : "";

	if (msg == NULL || *msg == '\0')
		msg = PQerrorMessage(db);
	if (PQstatus(db) != CONNECTION_OK)
		return vb_err(err, VB_EDB, "database connection lost: %s", msg);
	return vb_err(err, VB_EINTERNAL, "database: %s", msg);
}

/* The statements of connection db, or of one at its address, forgotten. */
static void
often_forget(const PGconn *db)
{
	(void)pthread_mutex_lock(&often_lock);
	for (size_t i = 0; i < noften; i++)
		if (often[i].db == db)
			often[i--] = often[--noften];
	(void)pthread_mutex_unlock(&often_lock);
}

/* A new connection db made ready: NULL, with err, when it is not. */
static PGconn *
session(PGconn *db, struct vb_error *err)
{
	PGresult *res;

	if (db == NULL) {
		vb_err(err, VB_ENOMEM, "out of memory connecting to the database");
		return NULL;
	}
	if (PQstatus(db) != CONNECTION_OK) {
		vb_err(err, VB_EDB, "cannot connect to the database: %s",
		    PQerrorMessage(db));
		PQfinish(db);
		return NULL;
	}
	/*
	 * Quiet NOTICEs (e.g. "schema exists") and read every timestamp in
	 * UTC. A run killed (by cron's timeout, the OOM killer, an operator)
	 * leaves its statement running on the server, holding the run's lock
	 * until it ends, minutes for a day's links: the server looks for the
	 * client every ten seconds and stops the statement when it is gone.
	 * No JIT: vborder's statements are many lookups by index, which the
	 * planner's estimates, stale while a batch grows the tables, had
	 * compiled each time for longer than they ran (an arrival's list 80
	 * to 160 ms, the rules' subjects a second, the hourly run's notices
	 * and referrals 0.9 s of a run with nothing new: BENCHMARKS.md).
	 */
	res = PQexec(db, "SET client_min_messages = warning; SET TIME ZONE 'UTC';"
	    " SET client_connection_check_interval = '10s'; SET jit = off");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		db_error(db, res, err);
		PQclear(res);
		PQfinish(db);
		return NULL;
	}
	PQclear(res);
	often_forget(db);
	return db;
}

PGconn *
store_connect(const char *conninfo, struct vb_error *err)
{
	return session(PQconnectdb(conninfo != NULL ? conninfo : ""), err);
}

PGconn *
store_connect_like(PGconn *db, struct vb_error *err)
{
	PQconninfoOption *opts = PQconninfo(db);
	const char **keys = NULL, **values = NULL;
	PGconn *twin = NULL;
	size_t n = 0;

	if (opts != NULL)
		for (const PQconninfoOption *o = opts; o->keyword != NULL; o++)
			n++;
	if (opts == NULL || (keys = calloc(n + 1, sizeof(*keys))) == NULL ||
	    (values = calloc(n + 1, sizeof(*values))) == NULL) {
		vb_err(err, VB_ENOMEM, "out of memory connecting to the database");
		goto done;
	}
	n = 0;
	for (const PQconninfoOption *o = opts; o->keyword != NULL; o++)
		if (o->val != NULL) {
			keys[n] = o->keyword;
			values[n++] = o->val;
		}
	twin = session(PQconnectdbParams(keys, values, 0), err);
done:
	free(keys);
	free(values);
	PQconninfoFree(opts);
	return twin;
}

void
store_disconnect(PGconn *db)
{
	if (db != NULL) {
		often_forget(db);
		PQfinish(db);
	}
}

/* A statement's result res given to the caller (resp) or cleared. */
static int
result(PGconn *db, PGresult *res, PGresult **resp, struct vb_error *err)
{
	ExecStatusType st = PQresultStatus(res);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		db_error(db, res, err);
		PQclear(res);
		return -1;
	}
	if (resp != NULL)
		*resp = res;
	else
		PQclear(res);
	return 0;
}

int
store_exec(PGconn *db, const char *sql, int nparams,
    const char *const *params, PGresult **resp, struct vb_error *err)
{
	if (resp != NULL)
		*resp = NULL;
	return result(db, PQexecParams(db, sql, nparams, NULL, params, NULL,
	    NULL, 0), resp, err);
}

/*
 * sql prepared on db under a name unique on the connection, whoever else
 * prepares on it, written to name (32 bytes); -1 with err on failure.
 */
static int
prepare(PGconn *db, const char *sql, int nparams, char name[32],
    struct vb_error *err)
{
	PGresult *res;
	int rc = 0;

	(void)snprintf(name, 32, "vborder_%u", atomic_fetch_add(&serial, 1));
	res = PQprepare(db, name, sql, nparams, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = db_error(db, res, err);
		name[0] = '\0';
	}
	PQclear(res);
	return rc;
}

/* The entry of statement sql on db in often[], or NULL; under often_lock. */
static struct often *
often_find(const PGconn *db, const char *sql)
{
	for (size_t i = 0; i < noften; i++)
		if (often[i].db == db && often[i].sql == sql)
			return &often[i];
	return NULL;
}

int
store_exec_often(PGconn *db, const char *sql, int nparams,
    const char *const *params, PGresult **resp, struct vb_error *err)
{
	char name[sizeof(often[0].name)] = "";
	struct often *o;
	int fresh = 0, again = 0;

	if (resp != NULL)
		*resp = NULL;
	/*
	 * A connection serves one thread at a time, so a statement of db is
	 * looked up, reserved and named by that thread alone.
	 */
	(void)pthread_mutex_lock(&often_lock);
	if ((o = often_find(db, sql)) != NULL) {
		memcpy(name, o->name, sizeof(name));
		o->runs++;
		/*
		 * A plan is made for the tables as they are: the generic plan
		 * PostgreSQL keeps after five executions, made while a table
		 * was nearly empty (the first files of a large batch), read
		 * the table whole at every execution once it held a hundred
		 * thousand rows: the shipments' supersede in ingest, a
		 * sequential scan for every cargo file, in some runs 40% of a
		 * tenth of a day's ingest (BENCHMARKS.md). Each time its
		 * executions double past 64, the statement is planned again
		 * for the tables as they are by then.
		 */
		again = o->runs >= 64 && (o->runs & (o->runs - 1)) == 0;
	} else if (noften < OFTEN_MAX) {
		often[noften++] = (struct often){db, sql, "", 0};
		fresh = 1;
	}
	(void)pthread_mutex_unlock(&often_lock);
	/* More statements than kept: this one as any other, never prepared. */
	if (o == NULL && !fresh)
		return store_exec(db, sql, nparams, params, resp, err);
	if (again) {
		char drop[64];

		/* The name is ours (vborder_N), never data. */
		(void)snprintf(drop, sizeof(drop), "DEALLOCATE %s", name);
		if (store_exec(db, drop, 0, NULL, NULL, err) == -1)
			return -1;
	}
	/* Prepared (again): named, or forgotten when that failed. */
	if (fresh || again) {
		int rc = prepare(db, sql, nparams, name, err);

		(void)pthread_mutex_lock(&often_lock);
		if ((o = often_find(db, sql)) != NULL) {
			if (rc == 0)
				memcpy(o->name, name, sizeof(name));
			else
				*o = often[--noften];
		}
		(void)pthread_mutex_unlock(&often_lock);
		if (rc == -1)
			return -1;
	}
	return result(db, PQexecPrepared(db, name, nparams, params, NULL,
	    NULL, 0), resp, err);
}

int
store_send(PGconn *db, const char *sql, struct vb_error *err)
{
	if (PQsendQueryParams(db, sql, 0, NULL, NULL, NULL, NULL, 0) == 0)
		return db_error(db, NULL, err);
	return 0;
}

int
store_receive(PGconn *db, PGresult **resp, struct vb_error *err)
{
	PGresult *res, *kept = NULL;
	int rc = 0;

	*resp = NULL;
	/* Every result is read, so that the connection is free afterwards. */
	while ((res = PQgetResult(db)) != NULL) {
		ExecStatusType st = PQresultStatus(res);

		if (rc == 0 && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
			rc = db_error(db, res, err);
		PQclear(kept);
		kept = res;
	}
	if (rc == 0 && kept == NULL)
		rc = db_error(db, NULL, err);
	if (rc == -1) {
		PQclear(kept);
		return -1;
	}
	*resp = kept;
	return 0;
}

int
store_fetch_next(PGconn *db, const char *fetch, PGresult **res,
    struct vb_error *err)
{
	if (store_receive(db, res, err) == -1)
		return -1;
	if (PQntuples(*res) > 0 && store_send(db, fetch, err) == -1) {
		PQclear(*res);
		*res = NULL;
		return -1;
	}
	return 0;
}

void
store_fetch_stop(PGconn *db)
{
	PGresult *res;

	if (store_receive(db, &res, NULL) == 0)
		PQclear(res);
}

int
store_truth(PGconn *db, const char *sql, int nparams,
    const char *const *params, struct vb_error *err)
{
	PGresult *res;
	int t;

	if (store_exec(db, sql, nparams, params, &res, err) == -1)
		return -1;
	t = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return t;
}

int
store_begin(PGconn *db, struct vb_error *err)
{
	return store_exec(db, "BEGIN", 0, NULL, NULL, err);
}

int
store_begin_read(PGconn *db, const char *snapshot, struct vb_error *err)
{
	char *lit, sql[128];
	int rc;

	if (store_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0,
	    NULL, NULL, err) == -1)
		return -1;
	if (snapshot == NULL)
		return 0;
	/* A utility statement takes no parameter: the server's name, quoted. */
	if ((lit = PQescapeLiteral(db, snapshot, strlen(snapshot))) == NULL) {
		store_rollback(db);
		return db_error(db, NULL, err);
	}
	(void)snprintf(sql, sizeof(sql), "SET TRANSACTION SNAPSHOT %s", lit);
	PQfreemem(lit);
	if ((rc = store_exec(db, sql, 0, NULL, NULL, err)) == -1)
		store_rollback(db);
	return rc;
}

int
store_snapshot(PGconn *db, char *buf, size_t size, struct vb_error *err)
{
	PGresult *res;
	int rc = 0;

	if (store_exec(db, "SELECT pg_export_snapshot()", 0, NULL, &res,
	    err) == -1)
		return -1;
	if (strlcpy(buf, PQgetvalue(res, 0, 0), size) >= size)
		rc = vb_err(err, VB_EINTERNAL, "the server's snapshot name %s is"
		    " too long", PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

int
store_commit(PGconn *db, struct vb_error *err)
{
	return store_exec(db, "COMMIT", 0, NULL, NULL, err);
}

void
store_rollback(PGconn *db)
{
	PQclear(PQexec(db, "ROLLBACK"));
}

/* Names and statements written out: no statement is built from data. */
static const struct analysed {
	const char *table, *analyze;
} analysed[] = {
	{"arrival", "ANALYZE vborder.arrival"},
	{"arrival_screen", "ANALYZE vborder.arrival_screen"},
	{"carrier_file", "ANALYZE vborder.carrier_file"},
	{"hit", "ANALYZE vborder.hit"},
	{"link_hit", "ANALYZE vborder.link_hit"},
	{"link_value", "ANALYZE vborder.link_value"},
	{"manifest", "ANALYZE vborder.manifest"},
	{"manifest_leg", "ANALYZE vborder.manifest_leg"},
	{"person", "ANALYZE vborder.person"},
	{"person_document", "ANALYZE vborder.person_document"},
	{"pnr", "ANALYZE vborder.pnr"},
	{"rule_hit", "ANALYZE vborder.rule_hit"},
	{"shipment", "ANALYZE vborder.shipment"},
	{"shipment_hit", "ANALYZE vborder.shipment_hit"},
	{"shipment_rule_hit", "ANALYZE vborder.shipment_rule_hit"},
	{"target", "ANALYZE vborder.target"},
	{"traveller", "ANALYZE vborder.traveller"},
};

/* ANALYZE of t when this login owns it and, unless now, it is stale. */
static int
analyze_one(PGconn *db, const struct analysed *t, int now,
    struct vb_error *err)
{
	const char *p[] = {t->table, now ? "t" : "f"};
	int stale = store_truth(db, "SELECT EXISTS (SELECT 1"
	    " FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid"
	    " WHERE s.schemaname = 'vborder' AND s.relname = $1"
	    " AND ($2::boolean"
	    "  OR s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0))"
	    " AND pg_has_role(c.relowner, 'USAGE'))", 2, p, err);

	return stale == 1 ? store_exec(db, t->analyze, 0, NULL, NULL, err) :
	    stale;
}

int
store_analyze(PGconn *db, struct vb_error *err)
{
	for (size_t i = 0; i < sizeof(analysed) / sizeof(analysed[0]); i++) {
		if (analyze_one(db, &analysed[i], 0, err) == -1)
			return -1;
	}
	return 0;
}

int
store_analyze_now(PGconn *db, const char *name, struct vb_error *err)
{
	for (size_t i = 0; i < sizeof(analysed) / sizeof(analysed[0]); i++) {
		if (strcmp(analysed[i].table, name) == 0)
			return analyze_one(db, &analysed[i], 1, err);
	}
	return vb_err(err, VB_EINTERNAL, "store_analyze_now: no table %s",
	    name);
}

int
store_try_lock(PGconn *db, struct vb_error *err)
{
	return store_truth(db, "SELECT pg_try_advisory_lock(" RUN_LOCK_KEY
	    ")", 0, NULL, err);
}

int
store_try_lock_shared(PGconn *db, struct vb_error *err)
{
	return store_truth(db, "SELECT pg_try_advisory_lock_shared("
	    RUN_LOCK_KEY ")", 0, NULL, err);
}

int
store_migrate(PGconn *db, int *applied, struct vb_error *err)
{
	PGresult *res = NULL, *step;
	int rc = -1;

	*applied = 0;
	/* Two migrating processes wait for each other instead of racing. */
	if (store_begin(db, err) == -1 ||
	    store_exec(db, "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK_KEY ")",
	    0, NULL, NULL, err) == -1 ||
	    store_exec(db, "CREATE SCHEMA IF NOT EXISTS vborder", 0, NULL,
	    NULL, err) == -1 ||
	    store_exec(db, "CREATE TABLE IF NOT EXISTS vborder.schema_migration ("
	    " version int PRIMARY KEY, name text NOT NULL,"
	    " applied_at timestamptz NOT NULL DEFAULT now())",
	    0, NULL, NULL, err) == -1 ||
	    store_exec(db, "SELECT version FROM vborder.schema_migration",
	    0, NULL, &res, err) == -1)
		goto fail;
	/* Every migration not yet recorded, in order: none is skipped for a higher one. */
	for (size_t i = 0; i < store_nmigrations; i++) {
		const struct store_migration *m = &store_migrations[i];
		char version[16];
		const char *params[2] = {version, m->name};
		int done = 0;

		for (int r = 0; r < PQntuples(res) && !done; r++)
			done = strtol(PQgetvalue(res, r, 0), NULL, 10) == m->version;
		if (done)
			continue;
		(void)snprintf(version, sizeof(version), "%d", m->version);
		step = PQexec(db, m->sql);
		if (PQresultStatus(step) != PGRES_COMMAND_OK &&
		    PQresultStatus(step) != PGRES_TUPLES_OK) {
			vb_err(err, PQstatus(db) == CONNECTION_OK ? VB_EINTERNAL : VB_EDB,
			    "migration %04d_%s: %s", m->version, m->name,
			    PQresultErrorMessage(step));
			PQclear(step);
			goto fail;
		}
		PQclear(step);
		if (store_exec(db, "INSERT INTO vborder.schema_migration"
		    " (version, name) VALUES ($1, $2)", 2, params, NULL, err) == -1)
			goto fail;
		(*applied)++;
	}
	if (store_commit(db, err) == -1)
		goto fail;
	rc = 0;
	goto done;
fail:
	store_rollback(db);
	*applied = 0;
done:
	PQclear(res);
	return rc;
}

int
store_roles_exist(PGconn *db, struct vb_error *err)
{
	PGresult *res;
	int n;

	if (store_exec(db, "SELECT 1 FROM pg_roles WHERE rolname = 'vborder_ingest'",
	    0, NULL, &res, err) == -1)
		return -1;
	n = PQntuples(res);
	PQclear(res);
	return n > 0;
}

int
store_roles(PGconn *db, struct vb_error *err)
{
	PGresult *res;

	if (store_begin(db, err) == -1 ||
	    store_exec(db, "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK_KEY ")",
	    0, NULL, NULL, err) == -1)
		goto fail;
	/* Several statements, no parameters: the simple query protocol. */
	res = PQexec(db, store_roles_sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		vb_err(err, PQstatus(db) == CONNECTION_OK ? VB_EINTERNAL : VB_EDB,
		    "db roles: %s", PQresultErrorMessage(res));
		PQclear(res);
		goto fail;
	}
	PQclear(res);
	if (store_commit(db, err) == -1)
		goto fail;
	return 0;
fail:
	store_rollback(db);
	return -1;
}

int
store_copy_begin(PGconn *db, const char *copy_sql, struct vb_error *err)
{
	PGresult *res = PQexec(db, copy_sql);
	int rc = 0;

	if (PQresultStatus(res) != PGRES_COPY_IN)
		rc = db_error(db, res, err);
	PQclear(res);
	return rc;
}

int
store_copy_row(PGconn *db, const char *const *fields, size_t n,
    struct vb_error *err)
{
	char stackbuf[4096], *buf = stackbuf;
	size_t cap = sizeof(stackbuf), len = 0, need = 1;
	int rc = -1;

	for (size_t i = 0; i < n; i++)
		need += fields[i] == NULL ? 3 : 2 * strlen(fields[i]) + 1;
	if (need > cap) {
		if ((buf = malloc(need)) == NULL)
			return vb_err(err, VB_ENOMEM, "out of memory in COPY");
		cap = need;
	}
	for (size_t i = 0; i < n; i++) {
		const char *s = fields[i];

		if (i > 0)
			buf[len++] = '\t';
		if (s == NULL) {
			buf[len++] = '\\';
			buf[len++] = 'N';
			continue;
		}
		for (; *s != '\0'; s++) {
			switch (*s) {
			case '\\': buf[len++] = '\\'; buf[len++] = '\\'; break;
			case '\t': buf[len++] = '\\'; buf[len++] = 't'; break;
			case '\n': buf[len++] = '\\'; buf[len++] = 'n'; break;
			case '\r': buf[len++] = '\\'; buf[len++] = 'r'; break;
			default: buf[len++] = *s;
			}
		}
	}
	buf[len++] = '\n';
	if (PQputCopyData(db, buf, (int)len) != 1)
		db_error(db, NULL, err);
	else
		rc = 0;
	if (buf != stackbuf)
		free(buf);
	return rc;
}

int
store_copy_end(PGconn *db, struct vb_error *err)
{
	PGresult *res;
	int rc = 0;

	if (PQputCopyEnd(db, NULL) != 1)
		return db_error(db, NULL, err);
	while ((res = PQgetResult(db)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && rc == 0)
			rc = db_error(db, res, err);
		PQclear(res);
	}
	return rc;
}

int
store_run_begin(PGconn *db, const char *command, const char *now_iso,
    const char *os_user, const char *host, long long *run_id,
    struct vb_error *err)
{
	const char *params[] = {command, now_iso, os_user, host, vborder_version};
	PGresult *res;

	if (store_exec(db, "INSERT INTO vborder.run (command, now, os_user, host,"
	    " version) VALUES ($1, $2, $3, $4, $5) RETURNING id", 5, params, &res,
	    err) == -1)
		return -1;
	*run_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

int
store_run_end(PGconn *db, long long run_id, const char *status, int exit_code,
    const char *counts, struct vb_error *err)
{
	char id[24], code[16];
	const char *params[] = {id, status, code, counts};

	(void)snprintf(id, sizeof(id), "%lld", run_id);
	(void)snprintf(code, sizeof(code), "%d", exit_code);
	return store_exec(db, "UPDATE vborder.run SET finished_at ="
	    " clock_timestamp(), status = $2, exit_code = $3::int,"
	    " counts = coalesce($4::jsonb, '{}') WHERE id = $1::bigint", 4,
	    params, NULL, err);
}

char *
store_text_array(const char *const *keys, size_t n)
{
	size_t len = 3;
	char *s, *w;

	for (size_t i = 0; i < n; i++)
		len += 2 * strlen(keys[i]) + 3;
	if ((s = w = malloc(len)) == NULL)
		return NULL;
	*w++ = '{';
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			*w++ = ',';
		*w++ = '"';
		for (const char *k = keys[i]; *k != '\0'; k++) {
			if (*k == '"' || *k == '\\')
				*w++ = '\\';
			*w++ = *k;
		}
		*w++ = '"';
	}
	*w++ = '}';
	*w = '\0';
	return s;
}

int
store_audit(PGconn *db, const char *now_iso, const char *os_user,
    const char *action, const char *subject, const char *detail,
    struct vb_error *err)
{
	const char *params[] = {now_iso, os_user, action, subject, detail};

	return store_exec(db, "INSERT INTO vborder.audit (at, os_user, action,"
	    " subject, detail) VALUES ($1::timestamptz, $2, $3, $4,"
	    " coalesce($5::jsonb, '{}'))", 5, params, NULL, err);
}
