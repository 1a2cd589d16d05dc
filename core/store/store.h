/*
 * The database: connection, migrations, and the few wrappers every module's
 * SQL goes through. Parameters only, never SQL built from data; every result
 * checked; a lost connection is reported as VB_EDB so commands exit 75.
 */
#ifndef VB_STORE_H
#define VB_STORE_H

#include <stddef.h>
#include <libpq-fe.h>

#include "base/error.h"

struct store_migration {
	int version;
	const char *name;
	const char *sql;
};

/* Every sql/NNNN_*.sql, in order, embedded at build time by sql/embed.sh. */
extern const struct store_migration store_migrations[];
extern const size_t store_nmigrations;

/* conninfo NULL or "" means libpq's defaults (PG* variables, service file). */
PGconn *store_connect(const char *conninfo, struct vb_error *err);
/*
 * A second connection with db's parameters (its server, database, login
 * and password), for work shared by threads: a thread to a connection.
 */
PGconn *store_connect_like(PGconn *db, struct vb_error *err);
void store_disconnect(PGconn *db);

/* Applies pending migrations, each in its own transaction; *applied counts them. */
int store_migrate(PGconn *db, int *applied, struct vb_error *err);

/*
 * Creates the roles of least privilege and gives them their grants
 * (sql/roles.sql, embedded as store_roles_sql), in one transaction. Needs
 * the schema's owner with CREATEROLE. 0, or -1 with err.
 */
int store_roles(PGconn *db, struct vb_error *err);
/* 1 when the roles exist (db roles was run once), 0 when not, -1 with err. */
int store_roles_exist(PGconn *db, struct vb_error *err);
extern const char store_roles_sql[];
extern const size_t store_roles_sql_len;

/*
 * Runs one statement with text parameters (NULL entries are SQL NULL).
 * On success returns 0 and, when res is not NULL, the result (caller
 * PQclear()s it); on failure -1 with err filled: VB_EDB when the
 * connection is gone, else VB_EINTERNAL with the server's message.
 */
int store_exec(PGconn *db, const char *sql, int nparams,
    const char *const *params, PGresult **res, struct vb_error *err);

/*
 * store_exec for a statement run for every file, message or arrival:
 * parsed and planned once per connection (prepared under a name of its
 * own), then executed by name. Parsing and planning were two thirds of the
 * server's work for the small statements each cargo message stores, and
 * planning one arrival's target list cost three times running it. sql
 * must be a string literal, or at least the same text at the same address
 * for as long as the process runs: statements are told apart by their
 * address.
 */
int store_exec_often(PGconn *db, const char *sql, int nparams,
    const char *const *params, PGresult **res, struct vb_error *err);

/* store_exec of a query of one boolean: 1 true, 0 false, -1 with err. */
int store_truth(PGconn *db, const char *sql, int nparams,
    const char *const *params, struct vb_error *err);

/*
 * A statement without parameters sent without waiting for it (the caller
 * works meanwhile, and uses the connection for nothing else), and then its
 * result as store_exec gives it.
 */
int store_send(PGconn *db, const char *sql, struct vb_error *err);
int store_receive(PGconn *db, PGresult **res, struct vb_error *err);

/*
 * A cursor read a block ahead. Once store_send has sent its first FETCH
 * (fetch), store_fetch_next gives the block in flight into *res and, when
 * that has rows, sends fetch again, so that the server gathers the next
 * block while the caller works on this one: 0, or -1 with err, *res NULL
 * and nothing in flight. A caller that stops before an empty block calls
 * store_fetch_stop, which reads the block in flight: the connection may
 * then be used again.
 */
int store_fetch_next(PGconn *db, const char *fetch, PGresult **res,
    struct vb_error *err);
void store_fetch_stop(PGconn *db);

/*
 * A read-only transaction that sees one moment (repeatable read): with
 * snapshot, the moment another connection's transaction exported by
 * store_snapshot (into buf, at most size bytes), so that several
 * connections read the same database. 0, or -1 with err.
 */
int store_begin_read(PGconn *db, const char *snapshot, struct vb_error *err);
int store_snapshot(PGconn *db, char *buf, size_t size, struct vb_error *err);
int store_begin(PGconn *db, struct vb_error *err);
int store_commit(PGconn *db, struct vb_error *err);
/* Best effort: a failed rollback on a lost connection changes nothing. */
void store_rollback(PGconn *db);

/*
 * Statistics the planner can trust: each table of carriers' data and of
 * screening's findings that changed by more than a tenth since it was last
 * analysed is
 * analysed now, as autovacuum would within the minute (a screen right
 * after a large ingest would otherwise be planned for the empty tables of
 * before, and a cursor so planned may take minutes). Only the tables this
 * login may analyse (their owner's); autovacuum does the others. Outside
 * a transaction. 0, or -1 with err.
 */
int store_analyze(PGconn *db, struct vb_error *err);

/*
 * ANALYZE of vborder.name (one of the tables store_analyze looks after)
 * now, stale or not, if this login owns it: for a table a transaction has
 * just filled anew, whose rows no statistics count until it commits
 * (links' link_value when the whole window is read again). 0, or -1 with
 * err.
 */
int store_analyze_now(PGconn *db, const char *name, struct vb_error *err);

/*
 * The run lock: a session-level advisory lock, held until disconnect.
 * 1 taken, 0 another session holds it, -1 error.
 */
int store_try_lock(PGconn *db, struct vb_error *err);
/*
 * The same lock shared: workers of one run (core/work/) hold it together,
 * and it keeps out a command that wants the lock alone, as that one keeps
 * them out.
 */
int store_try_lock_shared(PGconn *db, struct vb_error *err);

/* Streams rows into COPY table (columns) FROM STDIN: begin, put rows, end. */
int store_copy_begin(PGconn *db, const char *copy_sql, struct vb_error *err);
/* One row of n text fields (NULL is \N); escapes tabs, newlines, backslashes. */
int store_copy_row(PGconn *db, const char *const *fields, size_t n,
    struct vb_error *err);
int store_copy_end(PGconn *db, struct vb_error *err);

/*
 * The arrivals a screen or a list covers, as a condition on `a`
 * (vborder.arrival) with parameters $1 now, $2 window hours, $3 all. Where
 * the port's time zone is unknown the local time stands in for UTC, and
 * where only a PNR named the flight, its departure for its arrival.
 */
#define STORE_ARRIVAL_DUE \
	"($3::boolean OR coalesce(a.scheduled_arrival_utc," \
	" coalesce(a.scheduled_arrival_local, a.scheduled_departure_local)" \
	" AT TIME ZONE 'UTC')" \
	" BETWEEN $1::timestamptz" \
	" AND $1::timestamptz + make_interval(hours => $2::int))"

/*
 * SQL: which agencies each watchlist is shared with, as one text: a
 * change of sharing changes what screens and lists depend on.
 */
#define STORE_LIST_SHARING \
	"(SELECT string_agg(id || ':' || coalesce(array_to_string(" \
	" shared_with, ','), '-'), ';' ORDER BY id) FROM vborder.watchlist)"

/*
 * The arrivals of the window that a screen takes: STORE_ARRIVAL_DUE's and,
 * when $4 (an array of arrival ids) is not NULL, only those.
 */
#define STORE_ARRIVAL_SCREENED \
	"(" STORE_ARRIVAL_DUE \
	" AND ($4::bigint[] IS NULL OR a.id = ANY ($4::bigint[])))"

/*
 * The carrier files of the arrivals `a` for which cond holds, as rows
 * (arrival_id, files) of one pass over them all (sql/0031), to be joined
 * on arrival_id: an arrival without a file has none.
 */
#define STORE_ARRIVALS_FILES(cond) \
	"vborder.arrivals_files(ARRAY(SELECT a.id FROM vborder.arrival a" \
	" WHERE " cond "))"

/*
 * The run table: one row per command run, for operations and audit
 * (sql/0014). Begun with who ran it (os_user) and where (host), this
 * build's version and the database user; ended with a status ("done",
 * "done with rejects", "failed"), the exit code and counts (a JSON object
 * text, or NULL).
 */
int store_run_begin(PGconn *db, const char *command, const char *now_iso,
    const char *os_user, const char *host, long long *run_id,
    struct vb_error *err);
int store_run_end(PGconn *db, long long run_id, const char *status,
    int exit_code, const char *counts, struct vb_error *err);

/*
 * The n strings of keys as a PostgreSQL text[] literal ('{"a","b"}'), each
 * quoted, for a parameter such as $1::text[]; malloc'ed, NULL out of memory.
 */
char *store_text_array(const char *const *keys, size_t n);

/*
 * One line of the audit trail (sql/0018): at the run's now, by os_user (may
 * be NULL; the database user is added), action on subject, with detail (a
 * JSON object text, may be NULL). 0, or -1 with err.
 */
int store_audit(PGconn *db, const char *now_iso, const char *os_user,
    const char *action, const char *subject, const char *detail,
    struct vb_error *err);

#endif
