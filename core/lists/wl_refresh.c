/*
 * The nightly refresh of every agency's lists from a drop folder, and the
 * sharing rule of each list.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sha2.h>

#include "base/fsutil.h"
#include "store/store.h"
#include "watchlist.h"

const char *
wl_detect_format(const char *path, struct vb_error *err)
{
	const char *format = "native";
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;

	if ((f = wl_open(path, err)) == NULL)
		return NULL;
	if ((n = getline(&line, &cap, f)) > 0) {
		const char *p = line;

		if ((unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbb &&
		    (unsigned char)p[2] == 0xbf)
			p += 3;	/* a spreadsheet's byte order mark */
		while (*p == ' ' || *p == '\t')
			p++;
		/* Header cells, not data: a name column may well say "schema". */
		if (*p == '{')
			format = "ftm";
		else if (strstr(p, "schema") != NULL && strstr(p, "kind") == NULL)
			format = "opensanctions";
	}
	free(line);
	fclose(f);
	return format;
}

static int
file_sha256(const char *path, char out[SHA256_DIGEST_STRING_LENGTH],
    struct vb_error *err)
{
	if (SHA256File(path, out) == NULL)
		return vb_err(err, VB_EIO, "%s: %s", path, strerror(errno));
	return 0;
}

/* <list>.<ext>: the list's name is the file's up to its first dot. */
static int
list_name(const char *file, char *out, size_t outsz)
{
	size_t n = strcspn(file, ".");

	if (n == 0 || n >= outsz || file[n] == '\0')
		return -1;
	memcpy(out, file, n);
	out[n] = '\0';
	return 0;
}

struct refresh {
	PGconn *db;
	const struct wl_refresh_opts *o;
	struct wl_refresh_stats *st;
	/* rows rejected in the file at hand, counted on their way through */
	size_t rejected_rows;
};

static void
count_reject(void *arg, long line, const char *message)
{
	struct refresh *r = arg;

	r->rejected_rows++;
	if (r->o->on_reject != NULL)
		r->o->on_reject(r->o->arg, line, message);
}

static void
tell_kept(void *arg, const char *id, long line, const char *message)
{
	struct refresh *r = arg;

	if (r->o->on_kept != NULL)
		r->o->on_kept(r->o->arg, id, line, message);
}

static int
remember(struct refresh *r, const char *agency, const char *list,
    const char *path, const char *sha, const char *format, const char *status,
    const char *message, struct vb_error *err)
{
	const char *p[] = {agency, list, path, sha, format, status, message,
	    r->o->now_iso};

	return store_exec(r->db, "INSERT INTO vborder.watchlist_file (agency,"
	    " list, path, sha256, format, status, message, seen_at)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
	    " ON CONFLICT (agency, list) DO UPDATE SET path = EXCLUDED.path,"
	    " sha256 = EXCLUDED.sha256, format = EXCLUDED.format,"
	    " status = EXCLUDED.status, message = EXCLUDED.message,"
	    " seen_at = EXCLUDED.seen_at", 8, p, NULL, err);
}

/* 1 when the file is the one the last refresh took (loaded or refused). */
static int
unchanged(struct refresh *r, const char *agency, const char *list,
    const char *sha, struct vb_error *err)
{
	const char *p[] = {agency, list, sha};
	PGresult *res;
	int same;

	if (store_exec(r->db, "SELECT 1 FROM vborder.watchlist_file"
	    " WHERE agency = $1 AND list = $2 AND sha256 = $3", 3, p, &res,
	    err) == -1)
		return -1;
	same = PQntuples(res) > 0;
	PQclear(res);
	return same;
}

static int
refresh_file(struct refresh *r, const char *agency, const char *file,
    const char *path, struct vb_error *err)
{
	char list[256], sha[SHA256_DIGEST_STRING_LENGTH];
	struct wl_refresh_report rep;
	struct wl_load_stats ls;
	struct wl_load_opts o;
	struct vb_error why;
	const char *format;
	FILE *in;
	int same, rc;

	if (list_name(file, list, sizeof(list)) == -1)
		return 0;	/* no extension: not a list file */
	memset(&rep, 0, sizeof(rep));
	memset(&ls, 0, sizeof(ls));
	rep.agency = agency;
	rep.list = list;
	rep.path = path;
	/*
	 * wanted.csv.part is wanted.csv on its way: read now, it would be
	 * taken for the whole list and withdraw everyone not yet written.
	 */
	if (fs_incomplete_name(file)) {
		rep.status = WL_REFRESH_UPLOADING;
		rep.format = "";
		r->st->uploading++;
		r->o->report(r->o->arg, &rep);
		return 0;
	}
	vb_err_clear(&why);
	if (file_sha256(path, sha, &why) == -1 ||
	    (format = wl_detect_format(path, &why)) == NULL ||
	    (in = wl_open(path, &why)) == NULL) {
		rep.status = WL_REFRESH_REFUSED;
		rep.format = "";
		rep.error = &why;
		r->st->refused++;
		r->o->report(r->o->arg, &rep);
		return 0;
	}
	rep.format = format;
	if ((same = unchanged(r, agency, list, sha, err)) != 0) {
		fclose(in);
		if (same == -1)
			return -1;
		rep.status = WL_REFRESH_UNCHANGED;
		r->st->unchanged++;
		r->o->report(r->o->arg, &rep);
		return 0;
	}
	/* Never forced: a refused list waits for its owner or an operator. */
	o = (struct wl_load_opts){.agency = agency, .list = list,
	    .format = format, .replace = 1, .file_name = path,
	    .now_iso = r->o->now_iso,
	    .max_withdraw_share = r->o->max_withdraw_share,
	    .max_withdraw_floor = r->o->max_withdraw_floor, .force = 0,
	    .on_kept = tell_kept, .progress = r->o->progress};
	r->rejected_rows = 0;
	rc = wl_load(r->db, &o, in, count_reject, r, &ls, &why);
	fclose(in);
	r->st->rows_rejected += r->rejected_rows;
	r->st->kept += ls.kept;
	rep.stats = &ls;
	if (rc == -1) {
		if (why.code == VB_EDB) {
			*err = why;
			return -1;
		}
		/* The file's fault: the previous version stays, this file is not retried. */
		rep.status = WL_REFRESH_REFUSED;
		rep.error = &why;
		r->st->refused++;
		if (remember(r, agency, list, path, sha, format, "refused",
		    why.message, err) == -1)
			return -1;
	} else {
		rep.status = WL_REFRESH_LOADED;
		r->st->loaded++;
		if (remember(r, agency, list, path, sha, format, "loaded", NULL,
		    err) == -1)
			return -1;
	}
	r->o->report(r->o->arg, &rep);
	return 0;
}

int
wl_refresh(PGconn *db, const char *dir, const struct wl_refresh_opts *o,
    struct wl_refresh_stats *st, struct vb_error *err)
{
	struct refresh r = {db, o, st, 0};
	char **agencies, adir[PATH_MAX];
	size_t na;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	vb_err_clear(err);
	if ((agencies = fs_list(dir, FS_DIRS, &na, err)) == NULL) {
		if (err->code == VB_EOK)
			vb_err(err, VB_EIO, "%s: %s", dir, strerror(ENOENT));
		return -1;
	}
	for (size_t i = 0; i < na && rc == 0; i++) {
		char **files;
		size_t nf;

		if (fs_path(adir, sizeof(adir), err, "%s/%s", dir, agencies[i]) == -1 ||
		    (files = fs_list(adir, FS_FILES, &nf, err)) == NULL) {
			rc = -1;
			break;
		}
		for (size_t j = 0; j < nf && rc == 0; j++) {
			char path[PATH_MAX];

			if (fs_path(path, sizeof(path), err, "%s/%s", adir,
			    files[j]) == -1)
				rc = -1;
			else
				rc = refresh_file(&r, agencies[i], files[j], path, err);
		}
		fs_names_free(files, nf);
	}
	fs_names_free(agencies, na);
	return rc;
}

int
wl_share(PGconn *db, const char *agency, const char *list, const char *with,
    struct vb_error *err)
{
	const char *p[] = {agency, list, with};
	PGresult *res;
	int found;

	/* string_to_array: "" is no agency, NULL every agency. */
	if (store_exec(db, "UPDATE vborder.watchlist SET shared_with ="
	    " CASE WHEN $3::text IS NULL THEN NULL"
	    "  ELSE array_remove(string_to_array(replace($3, ' ', ''), ','),"
	    "   '') END"
	    " WHERE agency = $1 AND name = $2", 3, p, &res, err) == -1)
		return -1;
	found = strcmp(PQcmdTuples(res), "0") != 0;
	PQclear(res);
	if (!found)
		return vb_err(err, VB_EINVALID, "agency %s has no list %s", agency,
		    list);
	return 0;
}
