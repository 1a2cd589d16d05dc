#include "purge.h"

#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/fsutil.h"
#include "store/store.h"

/*
 * The cut-offs: $1 the run's now, $2 the period in days of the kind a
 * statement purges. An arrival is past when it arrived before the cut-off.
 */
#define PAST(col)	col " < $1::timestamptz - make_interval(days => $2::int)"
#define OLD_ARRIVAL	PAST("coalesce(a.scheduled_arrival_utc," \
	" coalesce(a.scheduled_arrival_local, a.scheduled_departure_local)" \
	" AT TIME ZONE 'UTC')")

/* The kinds of message, by the parser that read them. */
#define KIND_API	"('paxlst', 'json')"
#define KIND_PNR	"('pnrgov')"

/*
 * A carrier file is past its period, that of its kind: $1 now, $2 API, $3
 * PNR (at depersonalisation), $4 cargo, $5 anything else.
 */
#define FILE_PAST(f) f ".received_at < $1::timestamptz - make_interval(days =>" \
	" CASE WHEN " f ".format IN " KIND_API " THEN $2::int" \
	" WHEN " f ".format IN " KIND_PNR " THEN $3::int" \
	" WHEN " f ".format IN ('cargoimp', 'cargoxml', 'cuscar') THEN $4::int" \
	" ELSE $5::int END)"

/* A person record of a message of kind k on a past arrival (p, m, a). */
#define PAST_RECORD(k) "p.manifest_id = m.id AND m.format IN " k \
	" AND a.id = m.arrival_id AND " OLD_ARRIVAL

/* An outcome was recorded on the target person p is. */
#define HAS_OUTCOME "EXISTS (SELECT 1 FROM vborder.target t" \
	" JOIN vborder.outcome o ON o.target_id = t.id" \
	" WHERE t.arrival_id = p.arrival_id" \
	" AND t.subject_key = 'P' || p.traveller_id)"

static size_t
count_of(PGresult *res)
{
	return (size_t)strtoull(PQcmdTuples(res), NULL, 10);
}

/* Runs one statement of the purge with its cut-off and adds what it touched to *n. */
static int
step(PGconn *db, const char *sql, const char *now_iso, int days, size_t *n,
    struct vb_error *err)
{
	char dbuf[16];
	const char *params[] = {now_iso, dbuf};
	PGresult *res;

	(void)snprintf(dbuf, sizeof(dbuf), "%d", days);
	if (store_exec(db, sql, 2, params, &res, err) == -1)
		return -1;
	if (n != NULL)
		*n += count_of(res);
	PQclear(res);
	return 0;
}

/* The days of FILE_PAST's $2 to $5, as text. */
struct file_days {
	char v[4][16];
	const char *p[5];
};

static void
file_days(struct file_days *fd, const char *now_iso,
    const struct config_retention *rt)
{
	const int days[] = {rt->api_days, rt->pnr_depersonalise_days,
	    rt->cargo_days, rt->days};

	fd->p[0] = now_iso;
	for (size_t i = 0; i < 4; i++) {
		(void)snprintf(fd->v[i], sizeof(fd->v[i]), "%d", days[i]);
		fd->p[i + 1] = fd->v[i];
	}
}

/* PNR records of past arrivals lose what names or reaches a person. */
static int
depersonalise(PGconn *db, const char *now_iso, int days,
    struct purge_stats *st, struct vb_error *err)
{
	const char *quoted[] = {
		/* What screening wrote of them quotes names, numbers, contacts. */
		"UPDATE vborder.hit h SET explanation = '' FROM vborder.person p,"
		" vborder.manifest m, vborder.arrival a WHERE h.person_id = p.id"
		" AND h.explanation <> '' AND " PAST_RECORD(KIND_PNR),
		"UPDATE vborder.rule_hit h SET explanation = '' FROM vborder.person p,"
		" vborder.manifest m, vborder.arrival a WHERE h.person_id = p.id"
		" AND h.explanation <> '' AND " PAST_RECORD(KIND_PNR),
		"UPDATE vborder.link_hit h SET value = '', explanation = '',"
		" linked = '{}' FROM vborder.person p, vborder.manifest m,"
		" vborder.arrival a WHERE (h.person_id = p.id"
		" OR h.linked_person_id = p.id) AND h.value <> ''"
		" AND " PAST_RECORD(KIND_PNR),
		"DELETE FROM vborder.person_document d USING vborder.person p,"
		" vborder.manifest m, vborder.arrival a WHERE d.person_id = p.id"
		" AND " PAST_RECORD(KIND_PNR),
	};

	for (size_t i = 0; i < sizeof(quoted) / sizeof(quoted[0]); i++)
		if (step(db, quoted[i], now_iso, days, NULL, err) == -1)
			return -1;
	/* The journey, dates, agency, bags and forms of payment stay. */
	return step(db, "UPDATE vborder.person p SET surname = NULL,"
	    " given_names = NULL, name_raw = '', name_norm = '', birth_date = NULL,"
	    " residence = NULL, frequent_flyer = NULL, ticket = NULL,"
	    " contacts = '[]', quality = '[]'"
	    " FROM vborder.manifest m, vborder.arrival a"
	    " WHERE p.name_raw <> '' AND " PAST_RECORD(KIND_PNR), now_iso, days,
	    &st->pnr_masked, err) == -1 ||
	    step(db, "UPDATE vborder.pnr r SET contacts = '[]',"
	    " payments = (SELECT coalesce(jsonb_agg(jsonb_build_object('type',"
	    "  x->'type')), '[]') FROM jsonb_array_elements(r.payments) x),"
	    " depersonalised_at = $1::timestamptz FROM vborder.arrival a"
	    " WHERE r.arrival_id = a.id AND r.depersonalised_at IS NULL"
	    " AND " OLD_ARRIVAL, now_iso, days, NULL, err) == -1 ? -1 : 0;
}

static int
purge_db(PGconn *db, const char *now_iso, const struct config_retention *rt,
    struct purge_stats *st, struct vb_error *err)
{
	int first = rt->api_days;	/* the shortest period of an arrival's data */
	struct file_days fd;

	if (rt->pnr_depersonalise_days < first)
		first = rt->pnr_depersonalise_days;
	if (rt->cargo_days < first)
		first = rt->cargo_days;
	file_days(&fd, now_iso, rt);
	/*
	 * API records go one by one (a traveller with an outcome stays, with
	 * the message it came in); PNR and cargo messages whole, taking their
	 * people, PNRs, legs, shipments and hits with them (ON DELETE
	 * CASCADE); then travellers and arrivals left with nothing.
	 */
	if (store_begin(db, err) == -1 ||
	    /*
	     * The identifiers links are made from (sql/0029) are copies: gone
	     * with what they were copied from, read again by the next screen.
	     */
	    store_exec(db, "DELETE FROM vborder.link_value", 0, NULL, NULL,
	    err) == -1 ||
	    store_exec(db, "DELETE FROM vborder.arrival_linked", 0, NULL, NULL,
	    err) == -1 ||
	    step(db, "SELECT FROM vborder.person p, vborder.manifest m,"
	    " vborder.arrival a WHERE " PAST_RECORD(KIND_API) " AND " HAS_OUTCOME,
	    now_iso, rt->api_days, &st->api_kept, err) == -1 ||
	    step(db, "DELETE FROM vborder.person p USING vborder.manifest m,"
	    " vborder.arrival a WHERE " PAST_RECORD(KIND_API)
	    " AND NOT " HAS_OUTCOME, now_iso, rt->api_days, &st->api_people,
	    err) == -1 ||
	    step(db, "DELETE FROM vborder.manifest m USING vborder.arrival a"
	    " WHERE m.arrival_id = a.id AND m.format IN " KIND_API
	    " AND " OLD_ARRIVAL " AND NOT EXISTS (SELECT 1 FROM vborder.person p"
	    "  WHERE p.manifest_id = m.id)", now_iso, rt->api_days,
	    &st->manifests, err) == -1 ||
	    depersonalise(db, now_iso, rt->pnr_depersonalise_days, st,
	    err) == -1 ||
	    step(db, "DELETE FROM vborder.manifest m USING vborder.arrival a"
	    " WHERE m.arrival_id = a.id AND m.format IN " KIND_PNR
	    " AND " OLD_ARRIVAL, now_iso, rt->pnr_days, &st->manifests,
	    err) == -1 ||
	    step(db, "DELETE FROM vborder.manifest m USING vborder.arrival a"
	    " WHERE m.arrival_id = a.id AND m.format NOT IN " KIND_API
	    " AND m.format NOT IN " KIND_PNR " AND " OLD_ARRIVAL, now_iso,
	    rt->cargo_days, &st->manifests, err) == -1 ||
	    /* Waybill messages no arrival claimed, by their receipt. */
	    step(db, "DELETE FROM vborder.manifest m USING vborder.carrier_file f"
	    " WHERE m.arrival_id IS NULL AND f.id = m.file_id"
	    " AND " PAST("f.received_at"), now_iso, rt->cargo_days,
	    &st->manifests, err) == -1 ||
	    step(db, "DELETE FROM vborder.traveller t USING vborder.arrival a"
	    " WHERE t.arrival_id = a.id AND " OLD_ARRIVAL
	    " AND NOT EXISTS (SELECT 1 FROM vborder.person p"
	    "  WHERE p.traveller_id = t.id)", now_iso, first, NULL, err) == -1 ||
	    step(db, "DELETE FROM vborder.arrival a WHERE " OLD_ARRIVAL
	    " AND NOT EXISTS (SELECT 1 FROM vborder.manifest m"
	    "  WHERE m.arrival_id = a.id)"
	    " AND NOT EXISTS (SELECT 1 FROM vborder.shipment s"
	    "  WHERE s.arrival_id = a.id)", now_iso, first, &st->arrivals,
	    err) == -1 ||
	    /* Waybills whose manifest went: placed anew, or on no arrival. */
	    store_exec(db, "UPDATE vborder.shipment SET on_arrival ="
	    " vborder.placed_on(arrival_id, number_norm, master_norm)"
	    " WHERE current AND arrival_id IS NULL AND on_arrival IS DISTINCT"
	    " FROM vborder.placed_on(arrival_id, number_norm, master_norm)",
	    0, NULL, NULL, err) == -1 ||
	    /* An error report or warning may quote a name: only the receipt stays. */
	    store_exec(db, "UPDATE vborder.carrier_file f SET error = NULL,"
	    " warnings = NULL, messages_rejected = NULL WHERE " FILE_PAST("f")
	    " AND (error IS NOT NULL OR warnings IS NOT NULL"
	    "  OR messages_rejected IS NOT NULL)", 5, fd.p, NULL, err) == -1 ||
	    step(db, "DELETE FROM vborder.audit WHERE " PAST("at"), now_iso,
	    rt->records_days, &st->records, err) == -1 ||
	    /* Shared runs' rounds (core/work/), with the run records. */
	    step(db, "DELETE FROM vborder.work_round WHERE closed_at IS NOT NULL"
	    " AND " PAST("now"), now_iso, rt->records_days, NULL, err) == -1 ||
	    /* A run that screened what is still kept stays with it. */
	    step(db, "DELETE FROM vborder.run r WHERE " PAST("r.now")
	    " AND NOT EXISTS (SELECT 1 FROM vborder.hit x WHERE x.run_id = r.id)"
	    " AND NOT EXISTS (SELECT 1 FROM vborder.shipment_hit x"
	    "  WHERE x.run_id = r.id)"
	    " AND NOT EXISTS (SELECT 1 FROM vborder.rule_hit x"
	    "  WHERE x.run_id = r.id)"
	    " AND NOT EXISTS (SELECT 1 FROM vborder.shipment_rule_hit x"
	    "  WHERE x.run_id = r.id)"
	    " AND NOT EXISTS (SELECT 1 FROM vborder.link_hit x"
	    "  WHERE x.run_id = r.id)"
	    " AND NOT EXISTS (SELECT 1 FROM vborder.arrival_screen x"
	    "  WHERE x.run_id = r.id)", now_iso, rt->records_days, &st->records,
	    err) == -1 ||
	    store_commit(db, err) == -1) {
		store_rollback(db);
		return -1;
	}
	return 0;
}

/* Removes the regular files of dir (the lists of a past day). */
static int
purge_folder(const char *dir, size_t *n, struct vb_error *err)
{
	char **names, path[PATH_MAX];
	size_t nn;
	int rc = 0;

	vb_err_clear(err);
	if ((names = fs_list(dir, FS_FILES, &nn, err)) == NULL)
		return err->code == VB_EOK ? 0 : -1;
	for (size_t i = 0; i < nn && rc == 0; i++) {
		if (fs_path(path, sizeof(path), err, "%s/%s", dir, names[i]) == -1)
			rc = -1;
		else if (unlink(path) == -1 && errno != ENOENT)
			rc = vb_err(err, VB_EIO, "remove %s: %s", path, strerror(errno));
		else
			(*n)++;
	}
	fs_names_free(names, nn);
	return rc;
}

/* A name the database gave back, safe to join under DIR/<carrier>/. */
static int
plain_name(const char *s)
{
	return s[0] != '\0' && s[0] != '.' && strchr(s, '/') == NULL;
}

/* Removes DIR/<carrier>/<sub>/<name><suffix> when it is there. */
static int
remove_kept(const char *dropbox, const char *carrier, const char *sub,
    const char *name, const char *suffix, size_t *n, struct vb_error *err)
{
	char path[PATH_MAX];

	if (!plain_name(carrier) || !plain_name(name))
		return 0;
	if (fs_path(path, sizeof(path), err, "%s/%s/%s/%s%s", dropbox, carrier,
	    sub, name, suffix) == -1)
		return -1;
	if (unlink(path) == 0) {
		(*n)++;
		return 0;
	}
	if (errno == ENOENT)
		return 0;
	return vb_err(err, VB_EIO, "remove %s: %s", path, strerror(errno));
}

/*
 * The copies of the files received before their kind's cut-off whose data
 * is no longer kept as it came (deleted, or a PNR depersonalised), found
 * by their receipts: the kept copy, its error report, and the carrier's ack
 * unless a later file of the same name has its own ack there now. Each receipt is
 * marked purged once its files are gone, so the next purge skips it.
 */
static int
purge_dropbox(PGconn *db, const char *dropbox, const char *now_iso,
    const struct config_retention *rt, struct purge_stats *st,
    struct vb_error *err)
{
	struct file_days fd;
	PGresult *res;
	int rc = 0;

	file_days(&fd, now_iso, rt);
	/* "newer": a later file of that name, whose ack is the one there now. */
	if (store_exec(db, "SELECT f.id, f.carrier, f.file_name, f.kept_as,"
	    " EXISTS (SELECT 1 FROM vborder.carrier_file g"
	    "  WHERE g.carrier = f.carrier AND g.file_name = f.file_name"
	    "  AND g.received_at > f.received_at AND NOT " FILE_PAST("g") ")"
	    " FROM vborder.carrier_file f"
	    " WHERE f.purged_at IS NULL AND " FILE_PAST("f")
	    /* A file stays while the data it brought is kept as it came. */
	    " AND NOT EXISTS (SELECT 1 FROM vborder.manifest m"
	    "  WHERE m.file_id = f.id AND (m.format NOT IN " KIND_PNR
	    "  OR EXISTS (SELECT 1 FROM vborder.pnr r WHERE r.manifest_id = m.id"
	    "   AND r.depersonalised_at IS NULL)))"
	    " ORDER BY f.id", 5, fd.p, &res, err) == -1)
		return -1;
	for (int i = 0; i < PQntuples(res) && rc == 0; i++) {
		const char *id = PQgetvalue(res, i, 0);
		const char *carrier = PQgetvalue(res, i, 1);
		const char *name = PQgetvalue(res, i, 2);
		const char *kept = PQgetvalue(res, i, 3);
		int newer = PQgetvalue(res, i, 4)[0] == 't';
		const char *slash = strchr(kept, '/');
		char sub[16] = "";
		const char *mark[] = {id, now_iso};

		if (slash != NULL && (size_t)(slash - kept) < sizeof(sub))
			memcpy(sub, kept, (size_t)(slash - kept));
		if ((strcmp(sub, "archive") == 0 || strcmp(sub, "quarantine") == 0) &&
		    (remove_kept(dropbox, carrier, sub, slash + 1, "", &st->files,
		    err) == -1 ||
		    remove_kept(dropbox, carrier, sub, slash + 1, ".error.json",
		    &st->files, err) == -1))
			rc = -1;
		else if (!newer && remove_kept(dropbox, carrier, "outbox", name,
		    ".ack.json", &st->files, err) == -1)
			rc = -1;
		else
			rc = store_exec(db, "UPDATE vborder.carrier_file"
			    " SET purged_at = $2 WHERE id = $1", 2, mark, NULL, err);
	}
	PQclear(res);
	return rc;
}

/* OUT/<YYYY-MM-DD>/: the lists of arrival days before the cut-off. */
static int
purge_lists(const char *out, time_t cutoff, struct purge_stats *st,
    struct vb_error *err)
{
	char **days, dir[PATH_MAX], cut[32];
	size_t n;
	int rc = 0;

	clock_format(cutoff, cut, sizeof(cut));
	cut[10] = '\0';		/* the day */
	vb_err_clear(err);
	if ((days = fs_list(out, FS_DIRS, &n, err)) == NULL)
		return err->code == VB_EOK ? 0 : -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		/* Only folders named as days; anything else is not ours. */
		if (strlen(days[i]) != 10 || days[i][4] != '-' || days[i][7] != '-' ||
		    strcmp(days[i], cut) >= 0)
			continue;
		if (fs_path(dir, sizeof(dir), err, "%s/%s", out, days[i]) == -1 ||
		    purge_folder(dir, &st->lists, err) == -1)
			rc = -1;
		else if (rmdir(dir) == -1 && errno != ENOTEMPTY && errno != EEXIST)
			rc = vb_err(err, VB_EIO, "remove %s: %s", dir, strerror(errno));
	}
	fs_names_free(days, n);
	return rc;
}

int
purge_policy(const struct config_retention *rt, struct config_retention *out,
    struct vb_error *err)
{
	/* rt and out may be one: what was unset is read before it is set. */
	int mask_unset = rt->pnr_depersonalise_days <= 0;
	int *periods[] = {&out->api_days, &out->pnr_depersonalise_days,
	    &out->pnr_days, &out->cargo_days, &out->records_days};

	*out = *rt;
	for (size_t i = 0; i < sizeof(periods) / sizeof(periods[0]); i++)
		if (*periods[i] <= 0)
			*periods[i] = out->days;
	/* Unset, a PNR is depersonalised at days, or when deleted if sooner. */
	if (mask_unset && out->pnr_days < out->pnr_depersonalise_days)
		out->pnr_depersonalise_days = out->pnr_days;
	if (out->pnr_depersonalise_days > out->pnr_days)
		return vb_err(err, VB_EINVALID, "retention: pnr_depersonalise_days"
		    " (%d) is after pnr_days (%d): a PNR would be deleted before"
		    " it is depersonalised", out->pnr_depersonalise_days,
		    out->pnr_days);
	return 0;
}

int
purge_run(PGconn *db, time_t now, const struct config_retention *rt,
    const char *dropbox, const char *out, struct purge_stats *st,
    struct vb_error *err)
{
	time_t cutoff = now - (time_t)rt->days * 24 * 60 * 60;
	char now_iso[32];

	memset(st, 0, sizeof(*st));
	clock_format(now, now_iso, sizeof(now_iso));
	if (purge_db(db, now_iso, rt, st, err) == -1)
		return -1;
	if (dropbox != NULL &&
	    purge_dropbox(db, dropbox, now_iso, rt, st, err) == -1)
		return -1;
	if (out != NULL && purge_lists(out, cutoff, st, err) == -1)
		return -1;
	return 0;
}
