#include "ingest.h"

#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sha2.h>

#include "feeds/feed.h"
#include "base/clock.h"
#include "base/fsutil.h"
#include "base/gzip.h"
#include "model/model.h"
#include "store/mstore.h"
#include "norm/norm.h"
#include "store/store.h"

struct ingest_run {
	PGconn *db;
	time_t now;
	char now_iso[32];
	ingest_report_fn report;
	void *arg;
	struct ingest_stats *stats;
};

/* Where a file is and where it goes; dir is NULL for a loose operator file. */
struct claimed {
	const char *carrier;
	const char *dir;	/* DIR/<carrier> */
	const char *name;	/* base name */
	char path[PATH_MAX];	/* where it is now */
	char kept[PATH_MAX];	/* "archive/NAME" or "quarantine/NAME" once chosen */
};

int
ingest_incomplete_name(const char *name)
{
	static const char *const suffixes[] = {".part", ".tmp", ".filepart"};
	size_t len = strlen(name);

	if (name[0] == '.')
		return 1;
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t sl = strlen(suffixes[i]);

		if (len >= sl && strcmp(name + len - sl, suffixes[i]) == 0)
			return 1;
	}
	return 0;
}

static const char *
nonempty(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

static json_t *
warnings_json(const struct model *m)
{
	json_t *a = json_array();

	for (size_t i = 0; m != NULL && i < m->nwarnings; i++)
		json_array_append_new(a, json_pack("{s:I, s:s}",
		    "offset", (json_int_t)m->warnings[i].offset,
		    "message", m->warnings[i].message));
	return a;
}

/* The messages of an interchange that were left out, and why. */
static json_t *
rejected_json(const struct model *m)
{
	json_t *a = json_array();

	for (size_t i = 0; m != NULL && i < m->nerrors; i++) {
		const struct message_error *e = &m->errors[i];

		json_array_append_new(a, json_pack("{s:s?, s:s, s:I, s:s?, s:i}",
		    "message_ref", e->message_ref, "message", e->message,
		    "offset", (json_int_t)e->offset, "segment", e->segment,
		    "segment_number", e->segment_no));
	}
	return a;
}

static json_t *
error_json(const struct vb_error *e)
{
	return json_pack("{s:s, s:s, s:I, s:s?, s:i}",
	    "code", vb_errcode_name(e->code),
	    "message", e->message,
	    "offset", (json_int_t)e->offset,
	    "segment", e->segment[0] != '\0' ? e->segment : NULL,
	    "segment_number", e->segment_no);
}

static int
write_json(const char *path, json_t *doc, struct vb_error *err)
{
	char *text;
	int rc;

	if (doc == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory building %s", path);
	if ((text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory writing %s", path);
	size_t len = strlen(text);
	text[len] = '\n';	/* json_dumps leaves room: overwrite NUL with a newline */
	rc = fs_write_atomic(path, text, len + 1, err);
	free(text);
	return rc;
}

/* The carrier's acknowledgement in outbox/. */
static int
write_ack(const struct ingest_run *r, const struct claimed *c,
    const struct ingest_result *res, const struct model *m,
    const char *extra_key, json_t *extra, struct vb_error *err)
{
	static const char *const status[] = {
		[INGEST_STORED] = "accepted", [INGEST_DUPLICATE] = "duplicate",
		[INGEST_REJECTED] = "rejected", [INGEST_RETURNED] = "returned",
	};
	char dir[PATH_MAX], path[PATH_MAX];
	json_t *doc;
	int rc;

	if (fs_path(dir, sizeof(dir), err, "%s/outbox", c->dir) == -1 ||
	    fs_mkdirs(dir, 0750, err) == -1 ||
	    fs_path(path, sizeof(path), err, "%s/%s.ack.json", dir, c->name) == -1) {
		json_decref(extra);
		return -1;
	}
	doc = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:I, s:I, s:I, s:o}",
	    "file", c->name, "carrier", c->carrier, "received_at", r->now_iso,
	    "status", status[res->outcome],
	    "format", res->format[0] != '\0' ? res->format : NULL,
	    "messages", (json_int_t)res->messages,
	    "passengers", (json_int_t)res->passengers,
	    "crew", (json_int_t)res->crew,
	    "warnings", warnings_json(m));
	if (doc != NULL && m != NULL && m->nerrors > 0)
		json_object_set_new(doc, "messages_rejected", rejected_json(m));
	if (doc != NULL && extra_key != NULL)
		json_object_set(doc, extra_key, extra);
	json_decref(extra);
	rc = write_json(path, doc, err);
	json_decref(doc);
	return rc;
}

static void
sha256_hex(const char *buf, size_t len, char out[SHA256_DIGEST_STRING_LENGTH])
{
	SHA256Data((const uint8_t *)buf, len, out);
}

/* Puts a claimed file back into incoming/ so the next run takes it again. */
static void
put_back(struct claimed *c)
{
	char dir[PATH_MAX], out[PATH_MAX];

	if (c->dir == NULL)
		return;
	if (fs_path(dir, sizeof(dir), NULL, "%s/incoming", c->dir) == 0 &&
	    fs_move_into(c->path, dir, out, sizeof(out), NULL) == 0)
		strlcpy(c->path, out, sizeof(c->path));
}

/*
 * Chooses the name the file will be kept under in DIR/<carrier>/sub/, so
 * that its receipt can name it (purge removes exactly that copy).
 */
static int
choose_kept(struct claimed *c, const char *sub, struct vb_error *err)
{
	char dir[PATH_MAX], name[NAME_MAX + 1];

	c->kept[0] = '\0';
	if (c->dir == NULL)
		return 0;
	if (fs_path(dir, sizeof(dir), err, "%s/%s", c->dir, sub) == -1 ||
	    fs_free_name(dir, c->name, name, sizeof(name), err) == -1)
		return -1;
	return fs_path(c->kept, sizeof(c->kept), err, "%s/%s", sub, name);
}

/* Moves the claimed file to the name choose_kept chose. */
static int
move_to_kept(struct claimed *c, struct vb_error *err)
{
	char dir[PATH_MAX], to[PATH_MAX];
	const char *slash = strchr(c->kept, '/');

	if (fs_path(dir, sizeof(dir), err, "%s/%.*s", c->dir,
	    (int)(slash - c->kept), c->kept) == -1 ||
	    fs_path(to, sizeof(to), err, "%s/%s", c->dir, c->kept) == -1 ||
	    fs_move_as(c->path, dir, slash + 1, err) == -1)
		return -1;
	strlcpy(c->path, to, sizeof(c->path));
	return 0;
}

static int
record_file(PGconn *db, const struct claimed *c, const char *sha,
    size_t size, const char *format, const char *state, json_t *error,
    const struct model *m, const char *now_iso, char *id, size_t idsz,
    struct vb_error *err)
{
	char sizebuf[32], *errtext = NULL, *warntext = NULL, *rejtext = NULL;
	json_t *warnings = warnings_json(m);
	json_t *rejected = m != NULL && m->nerrors > 0 ? rejected_json(m) : NULL;
	PGresult *res = NULL;
	int rc = -1;

	(void)snprintf(sizebuf, sizeof(sizebuf), "%zu", size);
	if (error != NULL && (errtext = json_dumps(error, JSON_COMPACT)) == NULL)
		goto done;
	if ((warntext = json_dumps(warnings, JSON_COMPACT)) == NULL)
		goto done;
	if (rejected != NULL &&
	    (rejtext = json_dumps(rejected, JSON_COMPACT)) == NULL)
		goto done;
	{
		const char *params[] = {
			c->carrier, c->name, sha, sizebuf, nonempty(format), state,
			errtext, warntext, now_iso, rejtext, nonempty(c->kept),
		};

		if (store_exec(db, "INSERT INTO vborder.carrier_file (carrier,"
		    " file_name, sha256, size_bytes, format, state, error, warnings,"
		    " received_at, messages_rejected, kept_as) VALUES ($1, $2,"
		    " decode($3, 'hex'), $4, $5, $6, $7, $8, $9, $10, $11)"
		    " RETURNING id", 11, params, &res, err) == -1)
			goto done;
	}
	strlcpy(id, PQgetvalue(res, 0, 0), idsz);
	rc = 0;
done:
	if (rc == -1 && (err == NULL || err->code == VB_EOK))
		vb_err(err, VB_ENOMEM, "out of memory recording %s", c->name);
	PQclear(res);
	free(errtext);
	free(warntext);
	free(rejtext);
	json_decref(warnings);
	json_decref(rejected);
	return rc;
}

static void
count_people(const struct model *m, struct ingest_result *res)
{
	res->messages = m->nmanifests;
	for (size_t i = 0; i < m->nmanifests; i++)
		for (size_t j = 0; j < m->manifests[i].npeople; j++) {
			if (m->manifests[i].people[j].role == ROLE_CREW)
				res->crew++;
			else
				res->passengers++;
		}
	res->warnings = m->nwarnings;
}

/*
 * Quarantines a rejected file: recorded in the database, the report beside
 * it in quarantine/, an ack in outbox/. -1 only when the database is gone
 * (then the file is back in incoming/).
 */
static int
reject(struct ingest_run *r, struct claimed *c, const char *sha, size_t size,
    const struct model *m, struct ingest_result *res, struct vb_error *why,
    struct vb_error *err)
{
	char qdir[PATH_MAX], report[PATH_MAX], id[32];
	json_t *ej = error_json(why);
	int rc = 0;

	res->outcome = INGEST_REJECTED;
	res->error = why;
	if (choose_kept(c, "quarantine", err) == -1)
		c->kept[0] = '\0';
	if (record_file(r->db, c, sha, size, res->format, "rejected", ej, m,
	    r->now_iso, id, sizeof(id), err) == -1) {
		json_decref(ej);
		if (err->code == VB_EDB) {
			put_back(c);
			return -1;
		}
		/* Not recorded, but the carrier's file and report are kept. */
	}
	if (c->dir != NULL) {
		json_t *doc = json_pack("{s:s, s:s, s:s?, s:s, s:O}",
		    "file", c->name, "carrier", c->carrier,
		    "format", res->format[0] != '\0' ? res->format : NULL,
		    "received_at", r->now_iso, "error", ej);

		if (fs_path(qdir, sizeof(qdir), err, "%s/quarantine", c->dir) == -1 ||
		    fs_mkdirs(qdir, 0750, err) == -1 ||
		    fs_path(report, sizeof(report), err, "%s/%s.error.json", qdir,
		    c->name) == -1 ||
		    write_json(report, doc, err) == -1 ||
		    (c->kept[0] != '\0' ? move_to_kept(c, err) :
		    fs_move_into(c->path, qdir, c->path, sizeof(c->path), err)) == -1)
			rc = -1;
		json_decref(doc);
		if (rc == 0)
			rc = write_ack(r, c, res, m, "error", json_incref(ej), err);
	}
	json_decref(ej);
	r->stats->rejected++;
	return rc;
}

/* 0 to go on with the batch, -1 to stop it (err says why). */
static int
process(struct ingest_run *r, struct claimed *c, struct vb_error *err)
{
	struct ingest_result res;
	struct vb_error why;
	struct model *m = NULL;
	const struct feed_parser *fp;
	struct feed_ctx ctx = {clock_year(r->now)};
	char sha[SHA256_DIGEST_STRING_LENGTH] = "", id[32];
	PGresult *dup = NULL;
	char *buf = NULL;
	size_t len = 0, data_len = 0;
	int rc = -1;

	memset(&res, 0, sizeof(res));
	res.carrier = c->carrier;
	res.file = c->name;
	res.format = "";
	res.moved_to = "";
	vb_err_clear(&why);

	if (fs_read_file(c->path, INGEST_MAX_BYTES, &buf, &len, &why) == -1) {
		rc = reject(r, c, sha, len, NULL, &res, &why, err);
		goto report;
	}
	data_len = len;
	/* The same bytes are the bytes as sent, compressed or not. */
	sha256_hex(buf, len, sha);
	if ((m = model_new()) == NULL) {
		vb_err(err, VB_ENOMEM, "out of memory");
		goto done;
	}
	if (gz_is(buf, len)) {
		char *plain;
		size_t plainlen;

		if (gz_inflate(buf, len, INGEST_MAX_BYTES, &plain, &plainlen,
		    &why) == -1) {
			rc = reject(r, c, sha, len, NULL, &res, &why, err);
			goto report;
		}
		free(buf);
		buf = plain;
		data_len = plainlen;
	}
	if ((fp = feed_detect(buf, data_len, &why)) == NULL) {
		rc = reject(r, c, sha, len, NULL, &res, &why, err);
		goto report;
	}
	res.format = fp->name;
	if (fp->parse(buf, data_len, &ctx, m, &why) == -1) {
		rc = reject(r, c, sha, len, m, &res, &why, err);
		goto report;
	}
	count_people(m, &res);

	if (choose_kept(c, "archive", err) == -1) {
		why = *err;
		rc = reject(r, c, sha, len, m, &res, &why, err);
		goto report;
	}
	if (store_begin(r->db, err) == -1)
		goto db_failed;
	{
		const char *params[] = {sha, c->carrier};

		if (store_exec(r->db, "SELECT file_name, received_at"
		    " FROM vborder.carrier_file WHERE sha256 = decode($1, 'hex')"
		    " AND carrier = $2 AND state = 'stored'", 2, params, &dup,
		    err) == -1)
			goto db_failed;
	}
	if (PQntuples(dup) > 0) {
		/*
		 * Stored before (a resend, or our own crash before the move):
		 * nothing to add but the receipt, so its copy ages like any.
		 */
		if (record_file(r->db, c, sha, len, fp->name, "duplicate", NULL,
		    m, r->now_iso, id, sizeof(id), err) == -1 ||
		    store_commit(r->db, err) == -1)
			goto db_failed;
		res.outcome = INGEST_DUPLICATE;
		r->stats->duplicates++;
	} else {
		if (record_file(r->db, c, sha, len, fp->name, "stored", NULL, m,
		    r->now_iso, id, sizeof(id), err) == -1)
			goto db_failed;
		for (size_t i = 0; i < m->nmanifests; i++) {
			if (mstore_manifest(r->db, id, &m->manifests[i], &why) == -1) {
				if (why.code == VB_EINVALID) {
					store_rollback(r->db);
					rc = reject(r, c, sha, len, m, &res, &why, err);
					goto report;
				}
				*err = why;
				goto db_failed;	/* which rolls back */
			}
		}
		if (store_commit(r->db, err) == -1)
			goto db_failed;
		res.outcome = INGEST_STORED;
		r->stats->stored++;
		r->stats->passengers += res.passengers;
		r->stats->crew += res.crew;
	}
	if (c->dir != NULL) {
		/* Stored: a failure to move now only delays the archive. */
		if (move_to_kept(c, err) == -1 ||
		    write_ack(r, c, &res, m, res.outcome == INGEST_DUPLICATE ?
		    "duplicate_of" : NULL, res.outcome == INGEST_DUPLICATE ?
		    json_pack("{s:s, s:s}", "file", PQgetvalue(dup, 0, 0),
		    "received_at", PQgetvalue(dup, 0, 1)) : NULL, err) == -1)
			goto done;
	}
	rc = 0;
	goto report;

db_failed:
	store_rollback(r->db);
	if (err->code != VB_EDB) {
		/* Our fault, not the carrier's: keep the file waiting, go on. */
		why = *err;
		res.outcome = INGEST_RETURNED;
		res.error = &why;
		r->stats->returned++;
		put_back(c);
		rc = 0;
		goto report;
	}
	put_back(c);
	goto done;
report:
	if (c->dir != NULL)
		res.moved_to = c->path;
	if (r->report != NULL)
		r->report(r->arg, &res);
done:
	PQclear(dup);
	model_free(m);
	free(buf);
	return rc;
}

/* The complete files of a folder (see ingest_incomplete_name), sorted. */
static char **
list_files(const char *dir, size_t *n, struct vb_error *err)
{
	char **names = fs_list(dir, FS_FILES, n, err);
	size_t kept = 0;

	for (size_t i = 0; names != NULL && i < *n; i++) {
		if (ingest_incomplete_name(names[i]))
			free(names[i]);
		else
			names[kept++] = names[i];
	}
	*n = kept;
	return names;
}

/* Left-overs of a crashed run in processing/ first, then incoming/. */
static int
ingest_carrier(struct ingest_run *r, const char *dropbox, const char *carrier,
    struct vb_error *err)
{
	static const char *const from[] = {"processing", "incoming"};
	char cdir[PATH_MAX], pdir[PATH_MAX];
	int rc = 0;

	if (fs_path(cdir, sizeof(cdir), err, "%s/%s", dropbox, carrier) == -1 ||
	    fs_path(pdir, sizeof(pdir), err, "%s/processing", cdir) == -1)
		return -1;
	for (size_t f = 0; f < 2 && rc == 0; f++) {
		char sdir[PATH_MAX];
		char **names;
		size_t n;

		if (fs_path(sdir, sizeof(sdir), err, "%s/%s", cdir, from[f]) == -1)
			return -1;
		vb_err_clear(err);
		names = list_files(sdir, &n, err);
		if (names == NULL && err->code != VB_EOK)
			return -1;
		for (size_t i = 0; i < n && rc == 0; i++) {
			struct claimed c = {carrier, cdir, names[i], "", ""};
			char src[PATH_MAX];

			if (fs_path(src, sizeof(src), err, "%s/%s", sdir, names[i]) == -1) {
				rc = -1;
				break;
			}
			if (f == 0)
				strlcpy(c.path, src, sizeof(c.path));
			else if (fs_move_into(src, pdir, c.path, sizeof(c.path), err) == -1) {
				/* Gone meanwhile (the carrier deleted it): nothing to claim. */
				if (access(src, F_OK) == -1)
					continue;
				rc = -1;
				break;
			}
			/*
			 * Ours now, and personal data: whatever mode the carrier's
			 * upload left, nobody but the service and its group reads it.
			 */
			(void)chmod(c.path, 0640);
			/* The claimed name may carry a .N suffix: report the carrier's name. */
			rc = process(r, &c, err);
		}
		fs_names_free(names, n);
	}
	return rc;
}

static void
run_init(struct ingest_run *r, PGconn *db, time_t now, ingest_report_fn report,
    void *arg, struct ingest_stats *stats)
{
	memset(r, 0, sizeof(*r));
	r->db = db;
	r->now = now;
	clock_format(now, r->now_iso, sizeof(r->now_iso));
	r->report = report;
	r->arg = arg;
	r->stats = stats;
}

int
ingest_dropbox(PGconn *db, const char *dropbox, time_t now,
    ingest_report_fn report, void *arg, struct ingest_stats *stats,
    struct vb_error *err)
{
	struct ingest_run r;
	char **carriers;
	size_t n;
	int rc = 0;

	run_init(&r, db, now, report, arg, stats);
	vb_err_clear(err);
	if ((carriers = fs_list(dropbox, FS_DIRS, &n, err)) == NULL) {
		if (err->code == VB_EOK)
			vb_err(err, VB_EIO, "open dropbox %s: %s", dropbox,
			    strerror(ENOENT));
		return -1;
	}
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = ingest_carrier(&r, dropbox, carriers[i], err);
	fs_names_free(carriers, n);
	return rc;
}

int
ingest_file(PGconn *db, const char *path, const char *carrier, time_t now,
    ingest_report_fn report, void *arg, struct ingest_stats *stats,
    struct vb_error *err)
{
	struct ingest_run r;
	struct claimed c;
	char copy[PATH_MAX], cdir[PATH_MAX], pdir[PATH_MAX], *slash, *parent;
	const char *base;

	run_init(&r, db, now, report, arg, stats);
	if (strlcpy(copy, path, sizeof(copy)) >= sizeof(copy))
		return vb_err(err, VB_EIO, "path too long: %.200s", path);
	base = (slash = strrchr(copy, '/')) != NULL ? slash + 1 : copy;
	memset(&c, 0, sizeof(c));
	c.carrier = carrier;
	c.name = base;
	strlcpy(c.path, path, sizeof(c.path));

	/* DIR/<carrier>/incoming/<file>: claim it as ingest_dropbox would. */
	if (slash != NULL) {
		*slash = '\0';
		parent = strrchr(copy, '/');
		if (parent != NULL && strcmp(parent + 1, "incoming") == 0) {
			*parent = '\0';
			const char *cslash = strrchr(copy, '/');

			strlcpy(cdir, copy, sizeof(cdir));
			c.carrier = cslash != NULL ? cslash + 1 : copy;
			c.dir = cdir;
			if (fs_path(pdir, sizeof(pdir), err, "%s/processing", cdir) == -1 ||
			    fs_move_into(path, pdir, c.path, sizeof(c.path), err) == -1)
				return -1;
		}
	}
	return process(&r, &c, err);
}
