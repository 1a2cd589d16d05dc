#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/progress.h"
#include "store/store.h"
#include "watchlist.h"
#include "wl_csv.h"

struct loader {
	PGconn *db;
	wl_reject_fn on_reject;
	void *arg;
	size_t rejected;
	struct vb_error *err;
	int failed;		/* a rejected row could not be staged: err says */
	/* Progress in entries: the total is not known (a gzip stream, stdin). */
	struct progress pg;
	size_t staged;
};

/* Staging columns; a rejected row has only line, entry_id and rejected. */
#define STAGE_COLS	19

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
	char *aliases = store_text_array(e->aliases, e->naliases);
	char *docs = docs_json(e->docs, e->ndocs);
	char *phones = store_text_array(e->phones, e->nphones);
	char *emails = store_text_array(e->emails, e->nemails);
	char *addresses = store_text_array(e->addresses, e->naddresses);
	int rc = -1;

	(void)snprintf(line, sizeof(line), "%ld", e->line);
	if (aliases == NULL || docs == NULL || phones == NULL || emails == NULL ||
	    addresses == NULL)
		vb_err(l->err, VB_ENOMEM, "out of memory loading the list");
	else {
		const char *row[STAGE_COLS] = {
			line, e->id, kind_name(e->kind), e->name, aliases,
			e->birth_date, e->nationality, e->gender, docs, phones,
			emails, addresses, e->category, e->severity, e->note,
			e->expires, e->withdrawn ? "t" : "f", e->part ? "t" : "f",
			NULL,
		};
		rc = store_copy_row(l->db, row, STAGE_COLS, l->err);
	}
	if (++l->staged % 1024 == 0)
		progress_step(&l->pg, l->staged);
	free(aliases);
	free(docs);
	free(phones);
	free(emails);
	free(addresses);
	return rc;
}

/*
 * A copy of s the database takes as text: a byte that does not begin a
 * whole UTF-8 character (a message may quote a value cut mid-character)
 * becomes '?'. NULL when out of memory.
 */
static char *
as_text(const char *s)
{
	size_t n = strlen(s), i = 0, k;
	char *t = malloc(n + 1);

	if (t == NULL)
		return NULL;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		k = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		if (k <= n - i && wl_utf8_valid(s + i, k))
			memcpy(t + i, s + i, k);
		else {
			t[i] = '?';
			k = 1;
		}
		i += k;
	}
	t[n] = '\0';
	return t;
}

/*
 * A rejected row is told to the caller and staged with the id it names,
 * so that the entry of that id is kept as it was, not withdrawn.
 */
static void
rejected(void *arg, long line, const char *id, const char *message)
{
	struct loader *l = arg;
	char lbuf[24], *msg;

	l->rejected++;
	if (l->on_reject != NULL)
		l->on_reject(l->arg, line, message);
	/* Without an id there is no entry to keep. */
	if (l->failed || id == NULL)
		return;
	(void)snprintf(lbuf, sizeof(lbuf), "%ld", line);
	if ((msg = as_text(message)) == NULL) {
		l->failed = vb_err(l->err, VB_ENOMEM, "out of memory loading"
		    " the list");
		return;
	}
	{
		const char *row[STAGE_COLS] = {
			lbuf, id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
			NULL, NULL, NULL, NULL, NULL, NULL, "f", "f", msg,
		};

		if (store_copy_row(l->db, row, STAGE_COLS, l->err) == -1)
			l->failed = -1;
	}
	free(msg);
}

/* A staged row failed before: stop the read with that error. */
static int
stage_entry(void *arg, const struct wl_entry *e)
{
	struct loader *l = arg;

	return l->failed ? -1 : stage(arg, e);
}

/*
 * SQL: entry e (an alias) is in force on the UTC day of timestamp
 * parameter now, as screening has it (core/screen/screen.c).
 */
#define IN_FORCE(e, now) "(" e ".expires IS NULL OR " e ".expires >= (" now \
	"::timestamptz AT TIME ZONE 'UTC')::date)"

/*
 * The list, created when new and locked for this load (two loads of one
 * list queue instead of racing for a version), its id into list_id; and
 * how many of its entries are in force.
 */
static int
lock_list(PGconn *db, const struct wl_load_opts *o, char *list_id,
    size_t list_idsz, size_t *in_force, struct vb_error *err)
{
	const char *p[] = {o->agency, o->list};
	PGresult *res;

	if (store_exec(db, "INSERT INTO vborder.agency (code) VALUES ($1)"
	    " ON CONFLICT DO NOTHING", 1, p, NULL, err) == -1 ||
	    store_exec(db, "INSERT INTO vborder.watchlist (agency, name)"
	    " VALUES ($1, $2) ON CONFLICT DO NOTHING", 2, p, NULL, err) == -1 ||
	    store_exec(db, "SELECT id FROM vborder.watchlist"
	    " WHERE agency = $1 AND name = $2 FOR UPDATE", 2, p, &res, err) == -1)
		return -1;
	if (strlcpy(list_id, PQgetvalue(res, 0, 0), list_idsz) >= list_idsz) {
		PQclear(res);
		return vb_err(err, VB_EINTERNAL, "a watchlist id too long");
	}
	PQclear(res);
	{
		const char *q[] = {list_id, o->now_iso};

		if (store_exec(db, "SELECT count(*) FROM vborder.watchlist_entry e"
		    " WHERE e.watchlist_id = $1 AND e.withdrawn_load IS NULL"
		    " AND " IN_FORCE("e", "$2"), 2, q, &res, err) == -1)
			return -1;
	}
	*in_force = (size_t)strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

/* The new version's row: its id into load_id, its number into st. */
static int
new_version(PGconn *db, const struct wl_load_opts *o, const char *list_id,
    char *load_id, size_t load_idsz, struct wl_load_stats *st,
    struct vb_error *err)
{
	const char *p[] = {list_id, o->format, o->file_name,
	    o->replace ? "true" : "false", o->now_iso};
	PGresult *res;
	int rc = 0;

	if (store_exec(db, "INSERT INTO vborder.watchlist_load (watchlist_id,"
	    " version, format, file_name, replace, entries, rejected, loaded_at)"
	    " SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, 0, 0, $5"
	    " FROM vborder.watchlist_load WHERE watchlist_id = $1"
	    " RETURNING id, version", 5, p, &res, err) == -1)
		return -1;
	if (strlcpy(load_id, PQgetvalue(res, 0, 0), load_idsz) >= load_idsz)
		rc = vb_err(err, VB_EINTERNAL, "a watchlist load id too long");
	st->version = (int)strtol(PQgetvalue(res, 0, 1), NULL, 10);
	PQclear(res);
	return rc;
}

/*
 * The file into the staging table wl_stage: its entries, and its rejected
 * rows with the id they name. The number of entries, or -1.
 */
static long
stage_file(PGconn *db, const struct wl_load_opts *o, FILE *in,
    struct loader *l, struct vb_error *err)
{
	struct wl_sink sink = {stage_entry, NULL, rejected, l};
	long n;

	/*
	 * The merge sorts the whole file by id: in memory, not in temporary
	 * files, unless the server allows more already.
	 */
	if (store_exec(db, "SELECT set_config('work_mem', '65536kB', true)"
	    " FROM pg_settings WHERE name = 'work_mem'"
	    " AND setting::bigint < 65536", 0, NULL, NULL, err) == -1 ||
	    store_exec(db, "CREATE TEMPORARY TABLE wl_stage (line bigint,"
	    " entry_id text, kind text, name text, aliases text[], birth_date text,"
	    " nationality text, gender text, documents jsonb, phones text[],"
	    " emails text[], addresses text[], category text, severity text,"
	    " note text, expires date, withdrawn boolean, part boolean,"
	    " rejected text) ON COMMIT DROP", 0, NULL, NULL, err) == -1 ||
	    store_copy_begin(db, "COPY wl_stage FROM STDIN", err) == -1)
		return -1;
	n = wl_read(o->format, in, &sink, err);
	if (n != -1 && l->failed)
		n = -1;
	if (store_copy_end(db, n == -1 ? NULL : err) == -1 || n == -1 ||
	    store_exec(db, "CREATE INDEX ON wl_stage (entry_id) WHERE part",
	    0, NULL, NULL, err) == -1 ||
	    store_exec(db, "CREATE INDEX ON wl_stage (entry_id)"
	    " WHERE rejected IS NOT NULL", 0, NULL, NULL, err) == -1 ||
	    store_exec(db, "ANALYZE wl_stage", 0, NULL, NULL, err) == -1)
		return -1;
	return n;
}

/*
 * What the file says of each entry: the last row of an id wins, as a list
 * owner would expect of a file, and parts (an entity's passports,
 * addresses...) join their entry wherever they stood. Parts are few:
 * gathered once, by entry, then joined; an entry without parts costs no
 * lookup. withdrawn: the file withdraws the entry.
 */
#define FINAL_ROWS \
	"WITH p AS (SELECT q.entry_id," \
	"  coalesce(jsonb_agg(DISTINCT d) FILTER (WHERE d IS NOT NULL), '[]') AS documents," \
	"  coalesce(array_agg(DISTINCT ph) FILTER (WHERE ph IS NOT NULL), '{}') AS phones," \
	"  coalesce(array_agg(DISTINCT em) FILTER (WHERE em IS NOT NULL), '{}') AS emails," \
	"  coalesce(array_agg(DISTINCT ad) FILTER (WHERE ad IS NOT NULL), '{}') AS addresses," \
	"  string_agg(DISTINCT q.note, '; ') AS note" \
	"  FROM wl_stage q" \
	"  LEFT JOIN LATERAL jsonb_array_elements(q.documents) d ON true" \
	"  LEFT JOIN LATERAL unnest(q.phones) ph ON true" \
	"  LEFT JOIN LATERAL unnest(q.emails) em ON true" \
	"  LEFT JOIN LATERAL unnest(q.addresses) ad ON true" \
	"  WHERE q.part GROUP BY q.entry_id)" \
	" SELECT m.entry_id, m.kind, m.name, m.aliases, m.birth_date," \
	" m.nationality, m.gender," \
	" m.documents || coalesce(p.documents, '[]') AS documents," \
	" m.phones || coalesce(p.phones, '{}') AS phones," \
	" m.emails || coalesce(p.emails, '{}') AS emails," \
	" m.addresses || coalesce(p.addresses, '{}') AS addresses," \
	" m.category, m.severity," \
	" nullif(concat_ws('; ', m.note, p.note), '') AS note, m.expires," \
	" m.withdrawn" \
	" FROM (SELECT DISTINCT ON (entry_id) * FROM wl_stage" \
	"  WHERE NOT part AND rejected IS NULL" \
	"  ORDER BY entry_id, line DESC) m" \
	" LEFT JOIN p ON p.entry_id = m.entry_id"

/* The file's entries in force from f (FINAL_ROWS): list $1, load $2. */
#define INSERT_FINAL(f) \
	"INSERT INTO vborder.watchlist_entry (watchlist_id, load_id, entry_id," \
	" kind, name, aliases, birth_date, nationality, gender, documents," \
	" phones, emails, addresses, category, severity, note, expires)" \
	" SELECT $1::bigint, $2::bigint, f.entry_id, f.kind, f.name," \
	" f.aliases, f.birth_date, f.nationality, f.gender, f.documents," \
	" f.phones, f.emails, f.addresses, f.category, f.severity, f.note," \
	" f.expires FROM " f " f WHERE NOT f.withdrawn"

/* Whether list_id has no entries at all (1), yet; -1 on error. */
static int
list_empty(PGconn *db, const char *list_id, struct vb_error *err)
{
	const char *p[] = {list_id};

	return store_truth(db, "SELECT NOT EXISTS (SELECT 1 FROM"
	    " vborder.watchlist_entry WHERE watchlist_id = $1)", 1, p, err);
}

/*
 * A list's first load (it has no entries): every entry the file lists is
 * new, none to change, withdraw or keep, and the list is locked
 * (lock_list). One statement, which a million-entry list wants.
 */
static int
first_load(PGconn *db, const char *list_id, const char *load_id,
    struct wl_load_stats *st, struct vb_error *err)
{
	const char *p[] = {list_id, load_id};
	PGresult *res;

	if (store_exec(db, INSERT_FINAL("(" FINAL_ROWS ")"), 2, p, &res,
	    err) == -1)
		return -1;
	st->loaded = (size_t)strtoull(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

/*
 * The entries the file lists into the list ($1) as load $2: an entry
 * whose content changed, or that was withdrawn, rewritten (in force again
 * even if an earlier load withdrew it), a new one added, one as it was
 * left alone, with the load that last changed it. A daily file of a
 * million entries changes a few: rewriting every one took 14 s. The list
 * is locked (lock_list): nothing else writes its entries meanwhile. What
 * the file says stays in wl_final for withdraw and kept.
 */
static int
merge(PGconn *db, const char *list_id, const char *load_id,
    struct wl_load_stats *st, struct vb_error *err)
{
	const char *p[] = {list_id, load_id};
	PGresult *res;

	if (store_exec(db, "CREATE TEMPORARY TABLE wl_final ON COMMIT DROP AS "
	    FINAL_ROWS, 0, NULL, NULL, err) == -1 ||
	    store_exec(db, "ANALYZE wl_final", 0, NULL, NULL, err) == -1 ||
	    store_exec(db, "UPDATE vborder.watchlist_entry e SET"
	    " load_id = $2::bigint, kind = f.kind, name = f.name,"
	    " aliases = f.aliases, birth_date = f.birth_date,"
	    " nationality = f.nationality, gender = f.gender,"
	    " documents = f.documents, phones = f.phones, emails = f.emails,"
	    " addresses = f.addresses, category = f.category,"
	    " severity = f.severity, note = f.note, expires = f.expires,"
	    " withdrawn_load = NULL"
	    " FROM wl_final f"
	    " WHERE e.watchlist_id = $1::bigint AND e.entry_id = f.entry_id"
	    " AND NOT f.withdrawn"
	    " AND (e.withdrawn_load IS NOT NULL OR (e.kind, e.name, e.aliases,"
	    "  e.birth_date, e.nationality, e.gender, e.documents, e.phones,"
	    "  e.emails, e.addresses, e.category, e.severity, e.note,"
	    "  e.expires) IS DISTINCT FROM (f.kind, f.name, f.aliases,"
	    "  f.birth_date, f.nationality, f.gender, f.documents, f.phones,"
	    "  f.emails, f.addresses, f.category, f.severity, f.note,"
	    "  f.expires))", 2, p, NULL, err) == -1 ||
	    store_exec(db, INSERT_FINAL("wl_final")
	    " AND NOT EXISTS (SELECT 1 FROM vborder.watchlist_entry e"
	    "  WHERE e.watchlist_id = $1::bigint AND e.entry_id = f.entry_id)",
	    2, p, NULL, err) == -1 ||
	    store_exec(db, "SELECT count(*) FROM wl_final WHERE NOT withdrawn",
	    0, NULL, &res, err) == -1)
		return -1;
	st->loaded = (size_t)strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

/*
 * Withdrawn: with replace every entry this file does not list, else those
 * it marks withdrawn; never one whose row was rejected, which stays as it
 * was. They stay, for audit, out of screening. st gets how many, and how
 * many of them were in force.
 */
static int
withdraw(PGconn *db, const struct wl_load_opts *o, const char *list_id,
    const char *load_id, struct wl_load_stats *st, struct vb_error *err)
{
	const char *p[] = {list_id, load_id, o->now_iso};
	PGresult *res;

	if (store_exec(db, o->replace ?
	    "WITH w AS (UPDATE vborder.watchlist_entry e SET withdrawn_load = $2"
	    " WHERE e.watchlist_id = $1 AND e.withdrawn_load IS NULL"
	    " AND NOT EXISTS (SELECT 1 FROM wl_final f"
	    "  WHERE f.entry_id = e.entry_id AND NOT f.withdrawn)"
	    " AND NOT EXISTS (SELECT 1 FROM wl_stage r"
	    "  WHERE r.rejected IS NOT NULL AND r.entry_id = e.entry_id)"
	    " RETURNING e.expires)"
	    " SELECT count(*), count(*) FILTER (WHERE " IN_FORCE("w", "$3") ")"
	    " FROM w" :
	    "WITH w AS (UPDATE vborder.watchlist_entry e SET withdrawn_load = $2"
	    " FROM wl_final f"
	    " WHERE e.watchlist_id = $1 AND e.entry_id = f.entry_id"
	    " AND f.withdrawn AND e.withdrawn_load IS NULL"
	    " RETURNING e.expires)"
	    " SELECT count(*), count(*) FILTER (WHERE " IN_FORCE("w", "$3") ")"
	    " FROM w", 3, p, &res, err) == -1)
		return -1;
	st->withdrawn = (size_t)strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	st->withdrawn_in_force = (size_t)strtoull(PQgetvalue(res, 0, 1), NULL,
	    10);
	PQclear(res);
	return 0;
}

/*
 * The entries kept as they were because the rows naming them were
 * rejected (and no valid row named them): those still in the list and not
 * touched by this load. The first rejected row of each, in file order.
 */
static PGresult *
kept(PGconn *db, const char *list_id, struct vb_error *err)
{
	const char *p[] = {list_id};
	PGresult *res;

	if (store_exec(db, "SELECT entry_id, line, rejected FROM"
	    " (SELECT DISTINCT ON (r.entry_id) r.entry_id, r.line, r.rejected"
	    "  FROM wl_stage r JOIN vborder.watchlist_entry e"
	    "  ON e.watchlist_id = $1 AND e.entry_id = r.entry_id"
	    "  WHERE r.rejected IS NOT NULL AND e.withdrawn_load IS NULL"
	    "  AND NOT EXISTS (SELECT 1 FROM wl_final f"
	    "   WHERE f.entry_id = r.entry_id AND NOT f.withdrawn)"
	    "  ORDER BY r.entry_id, r.line) k"
	    " ORDER BY line", 1, p, &res, err) == -1)
		return NULL;
	return res;
}

/* What a replace may withdraw; 1 when it withdraws more. */
static int
too_many_withdrawn(const struct wl_load_opts *o, const struct wl_load_stats *st)
{
	return o->replace && !o->force &&
	    st->withdrawn_in_force > o->max_withdraw_floor &&
	    (double)st->withdrawn_in_force >
	    o->max_withdraw_share * (double)st->in_force;
}

int
wl_load(PGconn *db, const struct wl_load_opts *o, FILE *in,
    wl_reject_fn on_reject, void *arg, struct wl_load_stats *st,
    struct vb_error *err)
{
	struct loader l = {db, on_reject, arg, 0, err, 0, {0}, 0};
	PGresult *k = NULL;
	char list_id[24], load_id[24], nbuf[24], rbuf[24];
	long n;
	int rc = -1, empty;

	memset(st, 0, sizeof(*st));
	if (wl_reader(o->format) == NULL)
		return vb_err(err, VB_EUNSUPPORTED, "watchlist format %s is not"
		    " supported (native, opensanctions, ftm)", o->format);
	if (store_begin(db, err) == -1)
		return -1;
	progress_start(&l.pg, o->progress, "watchlist load", "entries", 0);
	if (lock_list(db, o, list_id, sizeof(list_id), &st->in_force, err) == -1 ||
	    new_version(db, o, list_id, load_id, sizeof(load_id), st, err) == -1 ||
	    (n = stage_file(db, o, in, &l, err)) == -1) {
		progress_end(&l.pg);
		goto fail;
	}
	progress_end(&l.pg);
	st->rejected = l.rejected;
	if ((double)l.rejected > WL_MAX_REJECTED_SHARE * (double)(l.rejected + (size_t)n)) {
		vb_err(err, VB_EINVALID, "refused: %zu of %zu rows rejected (more than"
		    " %.0f%%); version %d stays", l.rejected, l.rejected + (size_t)n,
		    WL_MAX_REJECTED_SHARE * 100, st->version - 1);
		goto fail;
	}
	if (o->replace && !o->force && n == 0 && st->in_force > 0) {
		st->withdraw_refused = 1;
		vb_err(err, VB_EINVALID, "refused: the file has no valid entry,"
		    " and as the whole list it would withdraw all %zu entries in"
		    " force; version %d stays", st->in_force, st->version - 1);
		goto fail;
	}
	if ((empty = list_empty(db, list_id, err)) == -1 ||
	    (empty ? first_load(db, list_id, load_id, st, err) :
	    merge(db, list_id, load_id, st, err)) == -1 ||
	    (!empty && withdraw(db, o, list_id, load_id, st, err) == -1))
		goto fail;
	if (too_many_withdrawn(o, st)) {
		st->withdraw_refused = 1;
		vb_err(err, VB_EINVALID, "refused: as the whole list, the file"
		    " would withdraw %zu of the %zu entries in force (more than"
		    " %.0f%% and more than %zu); version %d stays",
		    st->withdrawn_in_force, st->in_force,
		    o->max_withdraw_share * 100, o->max_withdraw_floor,
		    st->version - 1);
		goto fail;
	}
	/* A first load has no entry to keep. */
	if (!empty && (k = kept(db, list_id, err)) == NULL)
		goto fail;
	st->kept = k != NULL ? (size_t)PQntuples(k) : 0;
	(void)snprintf(nbuf, sizeof(nbuf), "%zu", st->loaded);
	(void)snprintf(rbuf, sizeof(rbuf), "%zu", st->rejected);
	{
		const char *p[] = {load_id, nbuf, rbuf};

		if (store_exec(db, "UPDATE vborder.watchlist_load SET entries = $2,"
		    " rejected = $3 WHERE id = $1", 3, p, NULL, err) == -1 ||
		    store_commit(db, err) == -1)
			goto fail;
	}
	/* Told once they are so: a load refused keeps every entry anyway. */
	for (int i = 0; o->on_kept != NULL && k != NULL && i < PQntuples(k);
	    i++)
		o->on_kept(arg, PQgetvalue(k, i, 0),
		    strtol(PQgetvalue(k, i, 1), NULL, 10), PQgetvalue(k, i, 2));
	rc = 0;
	goto done;
fail:
	store_rollback(db);
done:
	PQclear(k);
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
