/*
 * Ports: every airport (IATA code, kind "air") and seaport (UN/LOCODE, kind
 * "sea") vborder knows, with the IANA time zone its scheduled times are
 * local to. The rows are sql/ports.tsv (docs/ports.md says where they come
 * from), embedded at build time; `db migrate` puts them into vborder.port,
 * where SQL turns a local time into UTC with `local AT TIME ZONE port.tz`.
 */
#ifndef VB_PORTS_H
#define VB_PORTS_H

#include <stddef.h>
#include <libpq-fe.h>

#include "base/error.h"

/*
 * sql/ports.tsv, embedded by sql/embed-data.sh: a header line, then one
 * line per port, tab-separated: code, kind, name, country, tz.
 */
extern const char store_ports_tsv[];
extern const size_t store_ports_tsv_len;

/*
 * Makes vborder.port hold the embedded rows: new ports inserted, changed
 * ones updated, ports no longer in the data deleted. Does nothing when the
 * data is the same (by SHA-256) as last loaded. A row whose time zone this
 * server does not know is left out, so that `AT TIME ZONE port.tz` never
 * fails. Needs the schema of sql/0002_ports.sql (store_migrate first).
 *
 * Runs in the caller's transaction when one is open, else in its own. On
 * failure (-1, err filled) the caller's transaction is left aborted: roll
 * it back.
 */
int ports_load(PGconn *db, struct vb_error *err);

/* The same with other data in the same form (len bytes of tsv); for tests. */
int ports_load_tsv(PGconn *db, const char *tsv, size_t len,
    struct vb_error *err);

#endif
