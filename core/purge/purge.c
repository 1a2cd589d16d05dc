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

/* The cut-off: arrivals before it are past their retention. */
#define PURGE_OLD_ARRIVAL \
	"coalesce(a.scheduled_arrival_utc, coalesce(a.scheduled_arrival_local," \
	" a.scheduled_departure_local) AT TIME ZONE 'UTC')" \
	" < $1::timestamptz - make_interval(days => $2::int)"

static size_t
count_of(PGresult *res)
{
	return (size_t)strtoull(PQcmdTuples(res), NULL, 10);
}

/* Runs one statement of the purge and adds what it touched to *n. */
static int
step(PGconn *db, const char *sql, const char *const *params, size_t *n,
    struct vb_error *err)
{
	PGresult *res;

	if (store_exec(db, sql, 2, params, &res, err) == -1)
		return -1;
	if (n != NULL)
		*n += count_of(res);
	PQclear(res);
	return 0;
}

static int
purge_db(PGconn *db, const char *now_iso, int days, struct purge_stats *st,
    struct vb_error *err)
{
	char dbuf[16];
	const char *p[] = {now_iso, dbuf};

	(void)snprintf(dbuf, sizeof(dbuf), "%d", days);
	/*
	 * Manifests take their people, PNRs, legs, shipments and hits with
	 * them (ON DELETE CASCADE); then the travellers and the arrivals.
	 */
	if (store_begin(db, err) == -1 ||
	    step(db, "DELETE FROM vborder.manifest m USING vborder.arrival a"
	    " WHERE m.arrival_id = a.id AND " PURGE_OLD_ARRIVAL, p,
	    &st->manifests, err) == -1 ||
	    /* Waybill messages no arrival claimed, once old. */
	    step(db, "DELETE FROM vborder.manifest m USING vborder.carrier_file f"
	    " WHERE m.arrival_id IS NULL AND f.id = m.file_id"
	    " AND f.received_at < $1::timestamptz - make_interval(days => $2::int)",
	    p, &st->manifests, err) == -1 ||
	    step(db, "DELETE FROM vborder.traveller t USING vborder.arrival a"
	    " WHERE t.arrival_id = a.id AND " PURGE_OLD_ARRIVAL, p, NULL,
	    err) == -1 ||
	    step(db, "DELETE FROM vborder.arrival a WHERE " PURGE_OLD_ARRIVAL
	    " AND NOT EXISTS (SELECT 1 FROM vborder.manifest m"
	    "  WHERE m.arrival_id = a.id)"
	    " AND NOT EXISTS (SELECT 1 FROM vborder.shipment s"
	    "  WHERE s.arrival_id = a.id)", p, &st->arrivals, err) == -1 ||
	    /* An error report or warning may quote a name: only the receipt stays. */
	    step(db, "UPDATE vborder.carrier_file SET error = NULL,"
	    " warnings = NULL, messages_rejected = NULL"
	    " WHERE received_at < $1::timestamptz - make_interval(days => $2::int)"
	    " AND (error IS NOT NULL OR warnings IS NOT NULL"
	    "  OR messages_rejected IS NOT NULL)", p, NULL, err) == -1 ||
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
 * The copies of the files received before the cut-off, found by their
 * receipts: the kept copy, its error report, and the carrier's ack unless a
 * later file of the same name has its own ack there now. Each receipt is
 * marked purged once its files are gone, so the next purge skips it.
 */
static int
purge_dropbox(PGconn *db, const char *dropbox, const char *now_iso, int days,
    struct purge_stats *st, struct vb_error *err)
{
	char dbuf[16];
	const char *p[] = {now_iso, dbuf};
	PGresult *res;
	int rc = 0;

	(void)snprintf(dbuf, sizeof(dbuf), "%d", days);
	if (store_exec(db, "SELECT f.id, f.carrier, f.file_name, f.kept_as,"
	    " EXISTS (SELECT 1 FROM vborder.carrier_file g"
	    "  WHERE g.carrier = f.carrier AND g.file_name = f.file_name"
	    "  AND g.received_at >= $1::timestamptz - make_interval(days => $2::int))"
	    " FROM vborder.carrier_file f"
	    " WHERE f.purged_at IS NULL"
	    " AND f.received_at < $1::timestamptz - make_interval(days => $2::int)"
	    " ORDER BY f.id", 2, p, &res, err) == -1)
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
purge_run(PGconn *db, time_t now, int days, const char *dropbox,
    const char *out, struct purge_stats *st, struct vb_error *err)
{
	time_t cutoff = now - (time_t)days * 24 * 60 * 60;
	char now_iso[32];

	memset(st, 0, sizeof(*st));
	clock_format(now, now_iso, sizeof(now_iso));
	if (purge_db(db, now_iso, days, st, err) == -1)
		return -1;
	if (dropbox != NULL &&
	    purge_dropbox(db, dropbox, now_iso, days, st, err) == -1)
		return -1;
	if (out != NULL && purge_lists(out, cutoff, st, err) == -1)
		return -1;
	return 0;
}
