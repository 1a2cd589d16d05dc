/*
 * What the integration tests share: a throwaway PostgreSQL cluster in a
 * temporary folder, the vborder binary run as operations staff run it, and
 * small file helpers. Paths come from the environment `make check` sets:
 * VBORDER_BIN (the binary) and VBORDER_ROOT (the project's root).
 */
#ifndef VB_TEST_HARNESS_H
#define VB_TEST_HARNESS_H

#include <limits.h>
#include <stddef.h>

#include <jansson.h>
#include <libpq-fe.h>

struct h_env {
	char tmp[256];		/* mkdtemp'd, removed by h_env_stop */
	char conninfo[PATH_MAX + 64];	/* the throwaway cluster's */
	char out[PATH_MAX];		/* stdout of the last h_vborder() */
	char errout[PATH_MAX];		/* its stderr */
};

/* The project's root and the binary under test. */
const char *h_root(void);
const char *h_bin(void);
/* ROOT/../shared/samples/<rel>, whether or not it exists. */
const char *h_sample(const char *rel, char *buf, size_t bufsz);
/*
 * A public sample's bytes (see h_read), read in place: tests never copy the
 * samples. NULL, after saying which, when it cannot be read.
 */
char *h_read_sample(const char *rel, size_t *len);

/* Makes a temporary folder and, with db, a cluster in it. 0 or -1. */
int h_env_start(struct h_env *e, int db);
void h_env_stop(struct h_env *e);
/* Later commands use the database of conninfo (one of the cluster's). */
void h_env_use(struct h_env *e, const char *conninfo);

/* A path under the temporary folder (static buffer per call slot: 4 slots). */
const char *h_path(const struct h_env *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Runs `vborder --db CONNINFO ARGS` (ARGS through the shell, so quote file
 * names), stdout and stderr to e->out and e->errout. Returns the exit code,
 * or -1 when it did not exit normally (a crash).
 */
int h_vborder(struct h_env *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Prints the last run's stderr, for a test that failed on it. */
void h_show_stderr(const struct h_env *e);

/*
 * Runs vborder as h_vborder does and asserts its exit code, showing its
 * stderr when it is not the one expected (include cmocka.h first).
 */
#define H_VB(e, expect, ...) do {				\
	int rc_ = h_vborder((e), __VA_ARGS__);			\
	if (rc_ != (expect))					\
		h_show_stderr(e);				\
	assert_int_equal(rc_, (expect));			\
} while (0)

/* Runs a shell command; its exit code or -1. */
int h_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int h_exists(const char *path);
/* The whole file, NUL-terminated, malloc'ed, its length in *len; NULL when unreadable. */
char *h_read(const char *path, size_t *len);
/* The same without the length. */
char *h_slurp(const char *path);
/* 1 when the file contains needle. */
int h_contains(const char *path, const char *needle);
json_t *h_json(const char *path);

/*
 * tests/data/links/ as carriers upload it: each of its XA, XB and XC
 * folders' files in TMP/<dir>/<carrier>/incoming/. h_sh's exit code.
 */
int h_links_dropbox(const struct h_env *e, const char *dir);
/*
 * The same with the API lists of XA401 and XB502 beside their PNRs, so
 * that a traveller's records come in different files. 0 or not.
 */
int h_links_api_dropbox(const struct h_env *e, const char *dir);
/*
 * Database name, created on e's cluster (NULL: e's own), migrated and with
 * tests/data/links/'s immigration watchlist loaded; its conninfo into
 * out. 0 or -1.
 */
int h_links_database(struct h_env *e, const char *name, char *out,
    size_t size);
/*
 * tests/data/links/'s two lists into e's database: IMMIGRATION's "wanted"
 * and CUSTOMS's under the name customs. 0 or -1.
 */
int h_links_lists(struct h_env *e, const char *customs);
/*
 * The links of e's database as they stand (vborder.link_hit, by content:
 * their count and a digest), malloc'ed; NULL when the query fails.
 */
char *h_link_hits(const struct h_env *e);

/*
 * One value of a query on e's database (the first column of its only
 * row), malloc'ed; NULL when the query fails, has not one row, or the
 * value is NULL. h_db_long: the same as a number, -1 for any of those.
 */
char *h_db_value(const struct h_env *e, const char *sql);
long h_db_long(const struct h_env *e, const char *sql);
/* The same with the text parameters $1..$n: never a value in the SQL. */
char *h_db_value_p(const struct h_env *e, const char *sql, int n,
    const char *const *params);
long h_db_long_p(const struct h_env *e, const char *sql, int n,
    const char *const *params);
/*
 * A connection to e's database as vborder makes one (store_connect), for
 * the tests of the store's own helpers; NULL, the reason on stderr.
 */
PGconn *h_store_connect(const struct h_env *e);
/*
 * The number in the first column of sql's first row on db itself (in its
 * transaction, by store_exec); -1, the reason on stderr, when there is none.
 */
long h_conn_long(PGconn *db, const char *sql);
/*
 * The target of a list (as h_json loaded it) whose subject is named who: a
 * person's name, a waybill or a bill of lading; NULL when there is none.
 */
json_t *h_target(json_t *list, const char *who);

/*
 * Feed tests: buf (len bytes) parsed by p, which feed_detect() must pick
 * for it, with two-digit years resolved against ref_year. When detection
 * picks another parser (or none), that is said on stderr and err says it
 * too (VB_EINTERNAL, "harness: not detected as ..."), so that a test
 * expecting a parse error does not mistake it for its own.
 */
struct feed_parser;
struct model;

/* 1 when one of m's warnings contains part. */
int h_has_warning(const struct model *m, const char *part);
struct vb_error;

/* Into m (the caller's, as the parser left it): 0, or -1 with err. */
int h_parse_into(const struct feed_parser *p, const char *buf, size_t len,
    int ref_year, struct model *m, struct vb_error *err);
/* A new model (model_free), or NULL with err. */
struct model *h_parse(const struct feed_parser *p, const char *buf,
    size_t len, int ref_year, struct vb_error *err);
/*
 * For input that must parse: the model, or NULL after printing err (with
 * what, the input's name, when not NULL). The test asserts non-NULL.
 */
struct model *h_parse_ok(const struct feed_parser *p, const char *buf,
    size_t len, int ref_year, const char *what);
/*
 * For input that must not parse: given straight to p (no detection, since
 * some such input is not p's to detect), 1 when p refused it with err
 * filled, 0 (after saying so) when p took it.
 */
int h_parse_fails(const struct feed_parser *p, const char *buf, size_t len,
    int ref_year, struct vb_error *err);
/* h_parse_ok on a file's bytes (h_read), named by its path. */
struct model *h_parse_file(const struct feed_parser *p, const char *path,
    int ref_year);

#endif
