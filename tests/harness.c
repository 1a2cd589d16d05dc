#define _GNU_SOURCE	/* vasprintf */
#include <sys/stat.h>
#include <sys/wait.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "feeds/feed.h"
#include "store/store.h"
#include "harness.h"

const char *
h_root(void)
{
	const char *r = getenv("VBORDER_ROOT");

	return r != NULL && *r != '\0' ? r : ".";
}

const char *
h_bin(void)
{
	static char buf[PATH_MAX];
	const char *b = getenv("VBORDER_BIN");

	if (b != NULL && *b != '\0')
		return b;
	snprintf(buf, sizeof(buf), "%s/bin/vborder", h_root());
	return buf;
}

const char *
h_sample(const char *rel, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "%s/../shared/samples/%s", h_root(), rel);
	return buf;
}

char *
h_read_sample(const char *rel, size_t *len)
{
	char path[PATH_MAX];
	char *buf;

	if ((buf = h_read(h_sample(rel, path, sizeof(path)), len)) == NULL)
		fprintf(stderr, "harness: cannot read the sample %s\n", path);
	return buf;
}

static int
exit_code(int status)
{
	if (status == -1 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int
vsh(const char *fmt, va_list ap)
{
	char *cmd;
	int rc;

	if (vasprintf(&cmd, fmt, ap) == -1)
		return -1;
	rc = exit_code(system(cmd));
	free(cmd);
	return rc;
}

int
h_sh(const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vsh(fmt, ap);
	va_end(ap);
	return rc;
}

int
h_env_start(struct h_env *e, int db)
{
	char cmd[PATH_MAX * 2];
	FILE *p;
	size_t n;

	memset(e, 0, sizeof(*e));
	strlcpy(e->tmp, "/tmp/vborder-test.XXXXXX", sizeof(e->tmp));
	if (mkdtemp(e->tmp) == NULL)
		return -1;
	/* As root the server runs as postgres, which must reach its folder. */
	if (chmod(e->tmp, 0711) == -1)
		return -1;
	snprintf(e->out, sizeof(e->out), "%s/stdout", e->tmp);
	snprintf(e->errout, sizeof(e->errout), "%s/stderr", e->tmp);
	if (!db)
		return 0;
	snprintf(cmd, sizeof(cmd), "'%s/tests/pgctl' start '%s/pg' fast",
	    h_root(), e->tmp);
	if ((p = popen(cmd, "r")) == NULL)
		return -1;
	if (fgets(e->conninfo, sizeof(e->conninfo), p) == NULL)
		e->conninfo[0] = '\0';
	if (pclose(p) != 0 || e->conninfo[0] == '\0') {
		fprintf(stderr, "harness: could not start PostgreSQL\n");
		return -1;
	}
	n = strlen(e->conninfo);
	if (n > 0 && e->conninfo[n - 1] == '\n')
		e->conninfo[n - 1] = '\0';
	return 0;
}

void
h_env_stop(struct h_env *e)
{
	if (e->tmp[0] == '\0')
		return;
	if (e->conninfo[0] != '\0')
		(void)h_sh("'%s/tests/pgctl' stop '%s/pg'", h_root(), e->tmp);
	(void)h_sh("rm -rf '%s'", e->tmp);
	e->tmp[0] = '\0';
}

void
h_env_use(struct h_env *e, const char *conninfo)
{
	(void)strlcpy(e->conninfo, conninfo, sizeof(e->conninfo));
}

const char *
h_path(const struct h_env *e, const char *fmt, ...)
{
	static char bufs[4][PATH_MAX];
	static unsigned slot;
	char *b = bufs[slot++ % 4];
	char rel[PATH_MAX - 512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	snprintf(b, PATH_MAX, "%s/%s", e->tmp, rel);
	return b;
}

int
h_vborder(struct h_env *e, const char *fmt, ...)
{
	char *args;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&args, fmt, ap);
	va_end(ap);
	if (rc == -1)
		return -1;
	rc = h_sh("'%s' --db '%s' %s >'%s' 2>'%s'", h_bin(), e->conninfo, args,
	    e->out, e->errout);
	free(args);
	return rc;
}

void
h_show_stderr(const struct h_env *e)
{
	char *s = h_slurp(e->errout);

	if (s != NULL && *s != '\0')
		fprintf(stderr, "--- vborder stderr ---\n%s", s);
	free(s);
}

int
h_has_warning(const struct model *m, const char *part)
{
	for (size_t i = 0; i < m->nwarnings; i++)
		if (strstr(m->warnings[i].message, part) != NULL)
			return 1;
	return 0;
}

int
h_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

char *
h_read(const char *path, size_t *len)
{
	FILE *f;
	char *buf;
	long n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == -1 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) == -1 || (buf = malloc((size_t)n + 1)) == NULL) {
		fclose(f);
		return NULL;
	}
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return NULL;
	}
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

char *
h_slurp(const char *path)
{
	size_t len;

	return h_read(path, &len);
}

int
h_contains(const char *path, const char *needle)
{
	char *s = h_slurp(path);
	int found = s != NULL && strstr(s, needle) != NULL;

	free(s);
	return found;
}

json_t *
h_json(const char *path)
{
	json_error_t jerr;
	json_t *j = json_load_file(path, 0, &jerr);

	if (j == NULL)
		fprintf(stderr, "harness: %s: %s (line %d)\n", path, jerr.text,
		    jerr.line);
	return j;
}

json_t *
h_target(json_t *list, const char *who)
{
	static const char *const keys[] = {"name", "waybill", "bill_of_lading"};
	json_t *t;
	size_t i;

	json_array_foreach(json_object_get(list, "targets"), i, t) {
		json_t *s = json_object_get(t, "subject");

		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			const char *n = json_string_value(json_object_get(s, keys[k]));

			if (n != NULL && strcmp(n, who) == 0)
				return t;
		}
	}
	return NULL;
}

int
h_parse_into(const struct feed_parser *p, const char *buf, size_t len,
    int ref_year, struct model *m, struct vb_error *err)
{
	const struct feed_ctx ctx = {ref_year};
	const struct feed_parser *got;

	vb_err_clear(err);
	if ((got = feed_detect(buf, len, err)) == p)
		return p->parse(buf, len, &ctx, m, err);
	if (got == NULL)
		fprintf(stderr, "harness: not detected as %s: %s\n", p->name,
		    err->message);
	else
		fprintf(stderr, "harness: detected as %s, not %s\n", got->name,
		    p->name);
	return vb_err(err, VB_EINTERNAL, "harness: not detected as %s",
	    p->name);
}

int
h_parse_fails(const struct feed_parser *p, const char *buf, size_t len,
    int ref_year, struct vb_error *err)
{
	const struct feed_ctx ctx = {ref_year};
	struct model *m;
	int rc;

	vb_err_clear(err);
	if ((m = model_new()) == NULL)
		return 0;
	if ((rc = p->parse(buf, len, &ctx, m, err)) == 0)
		fprintf(stderr, "harness: %s took what it should refuse\n", p->name);
	model_free(m);
	return rc == -1;
}

struct model *
h_parse(const struct feed_parser *p, const char *buf, size_t len,
    int ref_year, struct vb_error *err)
{
	struct model *m;

	if ((m = model_new()) == NULL) {
		(void)vb_err(err, VB_ENOMEM, "out of memory");
		return NULL;
	}
	if (h_parse_into(p, buf, len, ref_year, m, err) == -1) {
		model_free(m);
		return NULL;
	}
	return m;
}

struct model *
h_parse_ok(const struct feed_parser *p, const char *buf, size_t len,
    int ref_year, const char *what)
{
	struct vb_error err;
	struct model *m = h_parse(p, buf, len, ref_year, &err);

	if (m == NULL)
		fprintf(stderr, "harness: %s%s%s at %ld (%s #%d)\n",
		    what != NULL ? what : "", what != NULL ? ": " : "",
		    err.message, err.offset, err.segment, err.segment_no);
	return m;
}

struct model *
h_parse_file(const struct feed_parser *p, const char *path, int ref_year)
{
	struct model *m;
	size_t len = 0;
	char *buf;

	if ((buf = h_read(path, &len)) == NULL) {
		fprintf(stderr, "harness: cannot read %s\n", path);
		return NULL;
	}
	m = h_parse_ok(p, buf, len, ref_year, path);
	free(buf);
	return m;
}

PGconn *
h_store_connect(const struct h_env *e)
{
	struct vb_error err;
	PGconn *db = store_connect(e->conninfo, &err);

	if (db == NULL)
		fprintf(stderr, "connect: %s\n", err.message);
	return db;
}

long
h_conn_long(PGconn *db, const char *sql)
{
	struct vb_error err;
	PGresult *res;
	char *end;
	long n = -1;

	if (store_exec(db, sql, 0, NULL, &res, &err) == -1) {
		fprintf(stderr, "%s: %s\n", sql, err.message);
		return -1;
	}
	if (PQntuples(res) > 0 && !PQgetisnull(res, 0, 0)) {
		n = strtol(PQgetvalue(res, 0, 0), &end, 10);
		if (*end != '\0')
			n = -1;
	}
	PQclear(res);
	return n;
}

char *
h_db_value(const struct h_env *e, const char *sql)
{
	return h_db_value_p(e, sql, 0, NULL);
}

char *
h_db_value_p(const struct h_env *e, const char *sql, int n,
    const char *const *params)
{
	PGconn *db = PQconnectdb(e->conninfo);
	PGresult *res = n > 0 ? PQexecParams(db, sql, n, NULL, params, NULL,
	    NULL, 0) : PQexec(db, sql);
	char *v = NULL;

	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
	    !PQgetisnull(res, 0, 0))
		v = strdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(db);
	return v;
}

long
h_db_long(const struct h_env *e, const char *sql)
{
	return h_db_long_p(e, sql, 0, NULL);
}

long
h_db_long_p(const struct h_env *e, const char *sql, int nparams,
    const char *const *params)
{
	char *v = h_db_value_p(e, sql, nparams, params), *end;
	long n = -1;

	if (v != NULL) {
		n = strtol(v, &end, 10);
		if (end == v || *end != '\0')
			n = -1;
	}
	free(v);
	return n;
}

int
h_links_dropbox(const struct h_env *e, const char *dir)
{
	return h_sh("for c in XA XB XC; do mkdir -p '%s/%s/'$c/incoming &&"
	    " cp '%s/tests/data/links/'$c/* '%s/%s/'$c/incoming/; done",
	    e->tmp, dir, h_root(), e->tmp, dir);
}

int
h_links_api_dropbox(const struct h_env *e, const char *dir)
{
	if (h_links_dropbox(e, dir) != 0)
		return -1;
	return h_sh("d='%s/%s'; cp '%s/tests/data/links/api-xa401.edi'"
	    " $d/XA/incoming/ && cp '%s/tests/data/retention/api-xb502.edi'"
	    " $d/XB/incoming/", e->tmp, dir, h_root(), h_root());
}

int
h_links_lists(struct h_env *e, const char *customs)
{
	return h_vborder(e, "--now 2026-12-01T06:00:00Z watchlist load"
	    " --agency IMMIGRATION --list wanted"
	    " '%s/tests/data/links/watchlist-immigration.csv'", h_root()) == 0 &&
	    h_vborder(e, "--now 2026-12-01T06:00:00Z watchlist load"
	    " --agency CUSTOMS --list %s"
	    " '%s/tests/data/links/watchlist-customs.csv'", customs,
	    h_root()) == 0 ? 0 : -1;
}

char *
h_link_hits(const struct h_env *e)
{
	return h_db_value(e, "SELECT count(*) || ' ' || md5(string_agg("
	    "concat_ws('|', person_id, shipment_id, via, value,"
	    " linked_person_id, linked_shipment_id, agency, severity, score,"
	    " explanation), ',' ORDER BY person_id, shipment_id, via, value,"
	    " linked_person_id, linked_shipment_id)) FROM vborder.link_hit");
}

int
h_links_database(struct h_env *e, const char *name, char *out, size_t size)
{
	char own[sizeof(e->conninfo)];
	int rc;

	(void)strlcpy(own, e->conninfo, sizeof(own));
	(void)snprintf(out, size, "%s%s%s", own, name != NULL ? " dbname=" : "",
	    name != NULL ? name : "");
	if (name != NULL && h_sh("psql -X -q -v ON_ERROR_STOP=1 '%s' -c"
	    " 'CREATE DATABASE %s'", own, name) != 0)
		return -1;
	(void)strlcpy(e->conninfo, out, sizeof(e->conninfo));
	rc = h_vborder(e, "db migrate") == 0 && h_vborder(e, "--now"
	    " 2026-12-01T06:00:00Z watchlist load --agency IMMIGRATION --list"
	    " wanted '%s/tests/data/links/watchlist-immigration.csv'",
	    h_root()) == 0 ? 0 : -1;
	(void)strlcpy(e->conninfo, own, sizeof(e->conninfo));
	return rc;
}
