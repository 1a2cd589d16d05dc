#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store/store.h"
#include "watchlist.h"

struct loader {
	PGconn *db;
	wl_reject_fn on_reject;
	void *arg;
	size_t rejected;
	struct vb_error *err;
};

static const char *
kind_name(enum match_kind k)
{
	switch (k) {
	case MATCH_ORGANIZATION: return "organization";
	case MATCH_VESSEL: return "vessel";
	case MATCH_PERSON: break;
	}
	return "person";
}

static char *
strings_json(const char *const *v, size_t n)
{
	json_t *a = json_array();
	char *s;

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

static char *
docs_json(const struct wl_document *d, size_t n)
{
	json_t *a = json_array();
	char *s;

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s?, s:s?, s:s}",
		    "type", d[i].type, "country", d[i].country, "number", d[i].number));
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

/* Each entry becomes one COPY row of the staging table. */
static int
stage(void *arg, const struct wl_entry *e)
{
	struct loader *l = arg;
	char line[24];
	char *aliases = strings_json(e->aliases, e->naliases);
	char *docs = docs_json(e->docs, e->ndocs);
	char *phones = strings_json(e->phones, e->nphones);
	char *emails = strings_json(e->emails, e->nemails);
	char *addresses = strings_json(e->addresses, e->naddresses);
	int rc = -1;

	(void)snprintf(line, sizeof(line), "%ld", e->line);
	if (aliases == NULL || docs == NULL || phones == NULL || emails == NULL ||
	    addresses == NULL)
		vb_err(l->err, VB_ENOMEM, "out of memory loading the list");
	else {
		const char *row[] = {
			line, e->id, kind_name(e->kind), e->name, aliases,
			e->birth_date, e->nationality, e->gender, docs, phones,
			emails, addresses, e->category, e->severity, e->note,
			e->expires, e->withdrawn ? "t" : "f", e->part ? "t" : "f",
		};
		rc = store_copy_row(l->db, row, sizeof(row) / sizeof(row[0]), l->err);
	}
	free(aliases);
	free(docs);
	free(phones);
	free(emails);
	free(addresses);
	return rc;
}

static void
rejected(void *arg, long line, const char *message)
{
	struct loader *l = arg;

	l->rejected++;
	if (l->on_reject != NULL)
		l->on_reject(l->arg, line, message);
}

static size_t
count_of(PGresult *res)
{
	return (size_t)strtoull(PQcmdTuples(res), NULL, 10);
}

int
wl_load(PGconn *db, const struct wl_load_opts *o, FILE *in,
    wl_reject_fn on_reject, void *arg, struct wl_load_stats *st,
    struct vb_error *err)
{
	struct loader l = {db, on_reject, arg, 0, err};
	PGresult *res = NULL;
	char list_id[24], load_id[24], nbuf[24], rbuf[24];
	wl_reader_fn read;
	long n;
	int rc = -1;

	memset(st, 0, sizeof(*st));
	if ((read = wl_reader(o->format)) == NULL)
		return vb_err(err, VB_EUNSUPPORTED, "watchlist format %s is not"
		    " supported (native, opensanctions, ftm)", o->format);
	if (store_begin(db, err) == -1)
		return -1;
	{
		const char *p[] = {o->agency, o->list};

		/* FOR UPDATE: two loads of one list queue instead of racing for a version. */
		if (store_exec(db, "INSERT INTO vborder.agency (code) VALUES ($1)"
		    " ON CONFLICT DO NOTHING", 1, p, NULL, err) == -1 ||
		    store_exec(db, "INSERT INTO vborder.watchlist (agency, name)"
		    " VALUES ($1, $2) ON CONFLICT DO NOTHING", 2, p, NULL, err) == -1 ||
		    store_exec(db, "SELECT id FROM vborder.watchlist"
		    " WHERE agency = $1 AND name = $2 FOR UPDATE", 2, p, &res, err) == -1)
			goto fail;
		strlcpy(list_id, PQgetvalue(res, 0, 0), sizeof(list_id));
		PQclear(res);
		res = NULL;
	}
	{
		const char *p[] = {list_id, o->format, o->file_name,
		    o->replace ? "true" : "false", o->now_iso};

		if (store_exec(db, "INSERT INTO vborder.watchlist_load (watchlist_id,"
		    " version, format, file_name, replace, entries, rejected, loaded_at)"
		    " SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, 0, 0, $5"
		    " FROM vborder.watchlist_load WHERE watchlist_id = $1"
		    " RETURNING id, version", 5, p, &res, err) == -1)
			goto fail;
		strlcpy(load_id, PQgetvalue(res, 0, 0), sizeof(load_id));
		st->version = (int)strtol(PQgetvalue(res, 0, 1), NULL, 10);
		PQclear(res);
		res = NULL;
	}
	if (store_exec(db, "CREATE TEMPORARY TABLE wl_stage (line bigint,"
	    " entry_id text, kind text, name text, aliases jsonb, birth_date text,"
	    " nationality text, gender text, documents jsonb, phones jsonb,"
	    " emails jsonb, addresses jsonb, category text, severity text,"
	    " note text, expires date, withdrawn boolean, part boolean)"
	    " ON COMMIT DROP", 0, NULL, NULL, err) == -1 ||
	    store_copy_begin(db, "COPY wl_stage FROM STDIN", err) == -1)
		goto fail;
	n = read(in, stage, rejected, &l, err);
	if (store_copy_end(db, n == -1 ? NULL : err) == -1 || n == -1 ||
	    store_exec(db, "CREATE INDEX ON wl_stage (entry_id) WHERE part",
	    0, NULL, NULL, err) == -1 ||
	    store_exec(db, "ANALYZE wl_stage", 0, NULL, NULL, err) == -1)
		goto fail;
	if (o->replace && n == 0) {
		vb_err(err, VB_EINVALID, "refused: the file has no valid entry, and"
		    " --replace would empty the list; version %d stays",
		    st->version - 1);
		goto fail;
	}
	if ((double)l.rejected > WL_MAX_REJECTED_SHARE * (double)(l.rejected + (size_t)n)) {
		vb_err(err, VB_EINVALID, "refused: %zu of %zu rows rejected (more than"
		    " %.0f%%); version %d stays", l.rejected, l.rejected + (size_t)n,
		    WL_MAX_REJECTED_SHARE * 100, st->version - 1);
		goto fail;
	}
	{
		const char *p[] = {list_id, load_id};

		/*
		 * The last row of an id wins, as a list owner would expect of a
		 * file; parts (an entity's passports, addresses...) join their
		 * entry wherever they stood. A listed entry is in force again
		 * even if an earlier load withdrew it.
		 */
		if (store_exec(db, "INSERT INTO vborder.watchlist_entry (watchlist_id,"
		    " load_id, entry_id, kind, name, aliases, birth_date, nationality,"
		    " gender, documents, phones, emails, addresses, category,"
		    " severity, note, expires)"
		    " SELECT $1::bigint, $2::bigint, m.entry_id, m.kind, m.name,"
		    " ARRAY(SELECT jsonb_array_elements_text(m.aliases)), m.birth_date,"
		    " m.nationality, m.gender, m.documents || p.documents,"
		    " ARRAY(SELECT jsonb_array_elements_text(m.phones || p.phones)),"
		    " ARRAY(SELECT jsonb_array_elements_text(m.emails || p.emails)),"
		    " ARRAY(SELECT jsonb_array_elements_text(m.addresses"
		    "  || p.addresses)),"
		    " m.category, m.severity, nullif(concat_ws('; ', m.note, p.note), ''),"
		    " m.expires"
		    " FROM (SELECT DISTINCT ON (entry_id) * FROM wl_stage WHERE NOT part"
		    "  ORDER BY entry_id, line DESC) m"
		    " CROSS JOIN LATERAL (SELECT"
		    "  coalesce(jsonb_agg(DISTINCT d) FILTER (WHERE d IS NOT NULL), '[]') AS documents,"
		    "  coalesce(jsonb_agg(DISTINCT ph) FILTER (WHERE ph IS NOT NULL), '[]') AS phones,"
		    "  coalesce(jsonb_agg(DISTINCT em) FILTER (WHERE em IS NOT NULL), '[]') AS emails,"
		    "  coalesce(jsonb_agg(DISTINCT ad) FILTER (WHERE ad IS NOT NULL), '[]') AS addresses,"
		    "  string_agg(DISTINCT q.note, '; ') AS note"
		    "  FROM wl_stage q"
		    "  LEFT JOIN LATERAL jsonb_array_elements(q.documents) d ON true"
		    "  LEFT JOIN LATERAL jsonb_array_elements(q.phones) ph ON true"
		    "  LEFT JOIN LATERAL jsonb_array_elements(q.emails) em ON true"
		    "  LEFT JOIN LATERAL jsonb_array_elements(q.addresses) ad ON true"
		    "  WHERE q.part AND q.entry_id = m.entry_id) p"
		    " WHERE NOT m.withdrawn"
		    " ON CONFLICT (watchlist_id, entry_id) DO UPDATE SET"
		    " load_id = EXCLUDED.load_id, kind = EXCLUDED.kind,"
		    " name = EXCLUDED.name, aliases = EXCLUDED.aliases,"
		    " birth_date = EXCLUDED.birth_date,"
		    " nationality = EXCLUDED.nationality, gender = EXCLUDED.gender,"
		    " documents = EXCLUDED.documents, phones = EXCLUDED.phones,"
		    " emails = EXCLUDED.emails, addresses = EXCLUDED.addresses,"
		    " category = EXCLUDED.category, severity = EXCLUDED.severity,"
		    " note = EXCLUDED.note, expires = EXCLUDED.expires,"
		    " withdrawn_load = NULL", 2, p, &res, err) == -1)
			goto fail;
		st->loaded = count_of(res);
		PQclear(res);
		res = NULL;
		/*
		 * Withdrawn: with --replace every entry this file does not list,
		 * else those it marks withdrawn. They stay, for audit, out of
		 * screening.
		 */
		if (store_exec(db, o->replace ?
		    "UPDATE vborder.watchlist_entry SET withdrawn_load = $2"
		    " WHERE watchlist_id = $1 AND load_id <> $2"
		    " AND withdrawn_load IS NULL" :
		    "UPDATE vborder.watchlist_entry e SET withdrawn_load = $2"
		    " FROM (SELECT DISTINCT ON (entry_id) entry_id, withdrawn"
		    "  FROM wl_stage WHERE NOT part ORDER BY entry_id, line DESC) w"
		    " WHERE e.watchlist_id = $1 AND e.entry_id = w.entry_id"
		    " AND w.withdrawn AND e.withdrawn_load IS NULL",
		    2, p, &res, err) == -1)
			goto fail;
		st->withdrawn = count_of(res);
		PQclear(res);
		res = NULL;
	}
	st->rejected = l.rejected;
	(void)snprintf(nbuf, sizeof(nbuf), "%zu", st->loaded);
	(void)snprintf(rbuf, sizeof(rbuf), "%zu", st->rejected);
	{
		const char *p[] = {load_id, nbuf, rbuf};

		if (store_exec(db, "UPDATE vborder.watchlist_load SET entries = $2,"
		    " rejected = $3 WHERE id = $1", 3, p, NULL, err) == -1 ||
		    store_commit(db, err) == -1)
			goto fail;
	}
	rc = 0;
	goto done;
fail:
	store_rollback(db);
done:
	PQclear(res);
	return rc;
}

PGresult *
wl_ls(PGconn *db, struct vb_error *err)
{
	PGresult *res;

	if (store_exec(db, "SELECT w.agency, w.name, l.version,"
	    " (SELECT count(*) FROM vborder.watchlist_entry e"
	    "  WHERE e.watchlist_id = w.id AND e.withdrawn_load IS NULL),"
	    " to_char(l.loaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
	    " l.format, l.file_name,"
	    " coalesce(array_to_string(w.shared_with, ','), 'all')"
	    " FROM vborder.watchlist w"
	    " JOIN LATERAL (SELECT * FROM vborder.watchlist_load l"
	    "  WHERE l.watchlist_id = w.id ORDER BY version DESC LIMIT 1) l ON true"
	    " ORDER BY w.agency, w.name", 0, NULL, &res, err) == -1)
		return NULL;
	return res;
}
