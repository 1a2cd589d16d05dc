#include "ports.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sha2.h>

#include "store/store.h"

#define PORTS_HEADER	"code\tkind\tname\tcountry\ttz"
#define PORTS_NFIELDS	5

/* Streams the data rows of tsv (NUL-terminated, changed in place) into COPY. */
static int
copy_rows(PGconn *db, char *tsv, long *nrows, struct vb_error *err)
{
	char *line = tsv, *next;
	int lineno = 1;

	*nrows = 0;
	next = strchr(line, '\n');
	if (next == NULL || (size_t)(next - line) != strlen(PORTS_HEADER) ||
	    strncmp(line, PORTS_HEADER, strlen(PORTS_HEADER)) != 0)
		return vb_err_at(err, VB_EINVALID, 0, "", 1, "ports.tsv: the"
		    " first line is not the header (code kind name country tz)");
	for (line = next + 1; *line != '\0'; line = next) {
		const char *fields[PORTS_NFIELDS];
		char *p = line;
		int n = 0;

		lineno++;
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (*line == '\0')
			continue;
		for (;;) {
			char *tab = strchr(p, '\t');

			if (n < PORTS_NFIELDS)
				fields[n] = p;
			n++;
			if (tab == NULL)
				break;
			*tab = '\0';
			p = tab + 1;
		}
		if (n != PORTS_NFIELDS)
			return vb_err_at(err, VB_EINVALID, (long)(line - tsv), "",
			    lineno, "ports.tsv line %d: %d fields, not %d",
			    lineno, n, PORTS_NFIELDS);
		if (store_copy_row(db, fields, PORTS_NFIELDS, err) == -1)
			return -1;
		(*nrows)++;
	}
	return 0;
}

/* Ends a COPY that failed on our side; the server then aborts the statement. */
static void
copy_abort(PGconn *db)
{
	PGresult *res;

	if (PQputCopyEnd(db, "ports.tsv could not be read") != 1)
		return;
	while ((res = PQgetResult(db)) != NULL)
		PQclear(res);
}

int
ports_load_tsv(PGconn *db, const char *tsv, size_t len, struct vb_error *err)
{
	char sha[SHA256_DIGEST_STRING_LENGTH], nrows_s[24];
	const char *params[2] = {sha, nrows_s};
	char *copy = NULL;
	PGresult *res = NULL;
	int own, rc = -1;
	long nrows;

	SHA256Data((const uint8_t *)tsv, len, sha);
	own = PQtransactionStatus(db) == PQTRANS_IDLE;
	if (own && store_begin(db, err) == -1)
		return -1;
	/* One loader at a time; readers of vborder.port are not held up. */
	if (store_exec(db, "LOCK TABLE vborder.port_data IN EXCLUSIVE MODE",
	    0, NULL, NULL, err) == -1 ||
	    store_exec(db, "SELECT 1 FROM vborder.port_data WHERE sha256 = $1",
	    1, params, &res, err) == -1)
		goto fail;
	if (PQntuples(res) > 0) {
		rc = 0;		/* the same data: nothing to do */
		goto done;
	}
	PQclear(res);
	res = NULL;

	if ((copy = malloc(len + 1)) == NULL) {
		vb_err(err, VB_ENOMEM, "out of memory loading ports");
		goto fail;
	}
	memcpy(copy, tsv, len);
	copy[len] = '\0';
	if (store_exec(db, "DROP TABLE IF EXISTS pg_temp.port_load",
	    0, NULL, NULL, err) == -1 ||
	    store_exec(db, "CREATE TEMP TABLE port_load (code text, kind text,"
	    " name text, country text, tz text) ON COMMIT DROP",
	    0, NULL, NULL, err) == -1 ||
	    store_copy_begin(db, "COPY pg_temp.port_load (code, kind, name,"
	    " country, tz) FROM STDIN", err) == -1)
		goto fail;
	if (copy_rows(db, copy, &nrows, err) == -1) {
		copy_abort(db);
		goto fail;
	}
	if (store_copy_end(db, err) == -1)
		goto fail;

	/* A zone this server does not know would make AT TIME ZONE fail. */
	if (store_exec(db, "DELETE FROM pg_temp.port_load WHERE tz NOT IN"
	    " (SELECT name FROM pg_catalog.pg_timezone_names)",
	    0, NULL, &res, err) == -1)
		goto fail;
	nrows -= strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	res = NULL;
	(void)snprintf(nrows_s, sizeof(nrows_s), "%ld", nrows);

	if (store_exec(db, "INSERT INTO vborder.port (code, kind, name, country, tz)"
	    " SELECT code, kind, name, country, tz FROM pg_temp.port_load"
	    " ON CONFLICT (code, kind) DO UPDATE SET name = EXCLUDED.name,"
	    " country = EXCLUDED.country, tz = EXCLUDED.tz"
	    " WHERE (port.name, port.country, port.tz) IS DISTINCT FROM"
	    " (EXCLUDED.name, EXCLUDED.country, EXCLUDED.tz)",
	    0, NULL, NULL, err) == -1 ||
	    store_exec(db, "DELETE FROM vborder.port p WHERE NOT EXISTS"
	    " (SELECT 1 FROM pg_temp.port_load l"
	    " WHERE l.code = p.code AND l.kind = p.kind)",
	    0, NULL, NULL, err) == -1 ||
	    store_exec(db, "INSERT INTO vborder.port_data"
	    " (one, sha256, nrows, loaded_at) VALUES (true, $1, $2, now())"
	    " ON CONFLICT (one) DO UPDATE SET sha256 = EXCLUDED.sha256,"
	    " nrows = EXCLUDED.nrows, loaded_at = EXCLUDED.loaded_at",
	    2, params, NULL, err) == -1 ||
	    store_exec(db, "DROP TABLE pg_temp.port_load",
	    0, NULL, NULL, err) == -1)
		goto fail;
	rc = 0;
done:
	if (own && store_commit(db, err) == -1)
		rc = -1;
	goto out;
fail:
	if (own)
		store_rollback(db);
out:
	PQclear(res);
	free(copy);
	return rc;
}

int
ports_load(PGconn *db, struct vb_error *err)
{
	return ports_load_tsv(db, store_ports_tsv, store_ports_tsv_len, err);
}
