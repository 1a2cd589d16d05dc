#include "ingest.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sha2.h>

#include "base/clock.h"
#include "base/fsutil.h"
#include "base/gzip.h"
#include "base/progress.h"
#include "base/text.h"
#include "dropbox.h"
#include "feeds/feed.h"
#include "model/model.h"
#include "norm/norm.h"
#include "referrals/referrals.h"
#include "store/cstore.h"
#include "store/mstore.h"
#include "store/store.h"

/* The first key of the locks on a file's hash (the second is the hash's). */
#define FILE_LOCK_KEY	"762402"
#define WAYBILL_LOCK_KEY "762403"

struct ingest_run {
	PGconn *db;
	const struct ingest_opts *o;
	char now_iso[32];
	struct ingest_stats *stats;
	struct progress pg;	/* files handled of those waiting at the start */
	size_t handled;
	int tick;		/* a worker's: one byte per file handled, or -1 */
	int subs;		/* 1 processing/, 2 incoming/, 3 both */
};

/*
 * A file being ingested: in a carrier's folder (box set: its name in
 * processing/ is pname) or an operator's loose file (box NULL: path).
 */
struct claimed {
	const char *carrier;
	struct box *box;
	const char *codes;		/* the folder's configured codes, or NULL */
	char name[BOX_NAME_MAX + 1];	/* the carrier's name, made safe */
	char pname[BOX_NAME_MAX + 16];	/* its name in processing/ */
	const char *path;		/* a loose file */
	char kept[BOX_NAME_MAX + 32];	/* "archive/NAME" or "quarantine/NAME" once chosen */
	char shown[PATH_MAX + 1024];	/* where it is now, for the report */
};

void
ingest_opts_init(struct ingest_opts *o, time_t now)
{
	memset(o, 0, sizeof(*o));
	o->now = now;
	limits_default(&o->limits);
}

static const char *
nonempty(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

/* A carrier's text for JSON and the database: valid UTF-8, no controls. */
static json_t *
safe_string(const char *s)
{
	char buf[1024];

	if (s == NULL)
		return json_null();
	(void)text_safe(s, strlen(s), buf, sizeof(buf));
	return json_string(buf);
}

static json_t *
warnings_json(const struct model *m)
{
	json_t *a = json_array();

	for (size_t i = 0; m != NULL && i < m->nwarnings; i++)
		json_array_append_new(a, json_pack("{s:I, s:o}",
		    "offset", (json_int_t)m->warnings[i].offset,
		    "message", safe_string(m->warnings[i].message)));
	return a;
}

/* The messages of an interchange that were left out, and why. */
static json_t *
rejected_json(const struct model *m)
{
	json_t *a = json_array();

	for (size_t i = 0; m != NULL && i < m->nerrors; i++) {
		const struct message_error *e = &m->errors[i];

		json_array_append_new(a, json_pack("{s:o, s:o, s:I, s:o, s:i}",
		    "message_ref", safe_string(e->message_ref),
		    "message", safe_string(e->message),
		    "offset", (json_int_t)e->offset,
		    "segment", safe_string(e->segment),
		    "segment_number", e->segment_no));
	}
	return a;
}

static json_t *
error_json(const struct vb_error *e)
{
	return json_pack("{s:s, s:o, s:I, s:o, s:i}",
	    "code", vb_errcode_name(e->code),
	    "message", safe_string(e->message),
	    "offset", (json_int_t)e->offset,
	    "segment", safe_string(e->segment[0] != '\0' ? e->segment : NULL),
	    "segment_number", e->segment_no);
}

static char *
dump(json_t *doc, size_t *len)
{
	char *text = doc != NULL ?
	    json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;

	if (text != NULL) {
		*len = strlen(text);
		text[(*len)++] = '\n';	/* json_dumps leaves room: the NUL becomes a newline */
	}
	return text;
}

/* Writes doc as name in sub-folder s of the carrier's folder. */
static int
write_json(struct box *b, enum box_sub s, const char *name, json_t *doc,
    struct vb_error *err)
{
	size_t len;
	char *text = dump(doc, &len);
	int rc;

	if (text == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory writing %s", name);
	rc = box_write(b, s, name, text, len, 1, err);
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
		[INGEST_SKIPPED] = "skipped",
	};
	char name[BOX_NAME_MAX + 16];
	json_t *doc;
	int rc;

	(void)snprintf(name, sizeof(name), "%s.ack.json", c->name);
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
	rc = write_json(c->box, BOX_OUTBOX, name, doc, err);
	json_decref(doc);
	return rc;
}

static void
sha256_hex(const char *buf, size_t len, char out[SHA256_DIGEST_STRING_LENGTH])
{
	SHA256Data((const uint8_t *)buf, len, out);
}

static void
show(struct claimed *c, enum box_sub s, const char *name)
{
	(void)snprintf(c->shown, sizeof(c->shown), "%s/%s/%s", c->box->path,
	    box_sub_name(s), name);
}

/* Puts a claimed file back into incoming/ so the next run takes it again. */
static void
put_back(struct claimed *c)
{
	char name[BOX_NAME_MAX + 16];

	if (c->box == NULL)
		return;
	if (box_free_name(c->box, BOX_INCOMING, c->name, name, sizeof(name),
	    NULL) == 0 && box_move(c->box, BOX_PROCESSING, c->pname,
	    BOX_INCOMING, name, NULL) == 0)
		show(c, BOX_INCOMING, name);
}

/*
 * Chooses the name the file will be kept under in sub-folder s, so that
 * its receipt can name it (purge removes exactly that copy).
 */
static int
choose_kept(struct claimed *c, enum box_sub s, struct vb_error *err)
{
	char name[BOX_NAME_MAX + 16];

	c->kept[0] = '\0';
	if (c->box == NULL)
		return 0;
	if (box_free_name(c->box, s, c->name, name, sizeof(name), err) == -1)
		return -1;
	(void)snprintf(c->kept, sizeof(c->kept), "%s/%s", box_sub_name(s), name);
	return 0;
}

static const char *
kept_name(const struct claimed *c)
{
	return strchr(c->kept, '/') + 1;
}

/*
 * Keeps the file in sub-folder s under the chosen name: a copy of the bytes
 * that were read (raw) when there are some, else the entry itself.
 */
static int
keep(struct claimed *c, enum box_sub s, const char *raw, size_t rawlen,
    struct vb_error *err)
{
	const char *name = kept_name(c);

	if (raw != NULL) {
		if (box_write(c->box, s, name, raw, rawlen, 0, err) == -1 ||
		    box_remove(c->box, BOX_PROCESSING, c->pname, err) == -1)
			return -1;
	} else if (box_move(c->box, BOX_PROCESSING, c->pname, s, name, err) == -1)
		return -1;
	show(c, s, name);
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

		if (store_exec_often(db, "INSERT INTO vborder.carrier_file (carrier,"
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
 * it in quarantine/, an ack in outbox/. raw is what was read (NULL when the
 * file could not be read: the entry itself is moved). Whatever of that
 * fails, the file leaves processing/ (moved aside) and the batch goes on:
 * -1 only when the database is gone (then the file is back in incoming/).
 */
static int
reject(struct ingest_run *r, struct claimed *c, const char *sha,
    const char *raw, size_t size, const struct model *m,
    struct ingest_result *res, struct vb_error *why, struct vb_error *err)
{
	char report[BOX_NAME_MAX + 48], id[32];
	struct vb_error ferr;
	json_t *ej = error_json(why), *doc = NULL;
	int rc = 0;

	res->outcome = INGEST_REJECTED;
	res->error = why;
	r->stats->rejected++;
	vb_err_clear(&ferr);
	if (choose_kept(c, BOX_QUARANTINE, &ferr) == -1)
		c->kept[0] = '\0';
	if (record_file(r->db, c, sha, size, res->format, "rejected", ej, m,
	    r->now_iso, id, sizeof(id), err) == -1 && err->code == VB_EDB) {
		r->stats->rejected--;
		put_back(c);
		rc = -1;
		goto done;
	}
	/* Not recorded for another reason: the file and its report are still kept. */
	if (c->box == NULL)
		goto done;
	doc = json_pack("{s:s, s:s, s:s?, s:s, s:O}", "file", c->name,
	    "carrier", c->carrier,
	    "format", res->format[0] != '\0' ? res->format : NULL,
	    "received_at", r->now_iso, "error", ej);
	if (c->kept[0] != '\0') {
		(void)snprintf(report, sizeof(report), "%s.error.json", kept_name(c));
		if (write_json(c->box, BOX_QUARANTINE, report, doc, &ferr) == 0 &&
		    keep(c, BOX_QUARANTINE, raw, size, &ferr) == 0) {
			(void)write_ack(r, c, res, m, "error", json_incref(ej), &ferr);
			goto done;
		}
	}
	/* Moved aside as it is, so that it never blocks a later run. */
	if (c->kept[0] == '\0' ||
	    box_move(c->box, BOX_PROCESSING, c->pname, BOX_QUARANTINE,
	    kept_name(c), NULL) == -1)
		(void)snprintf(c->shown, sizeof(c->shown), "%s/processing/%s"
		    " (could not be moved: %s)", c->box->path, c->pname,
		    ferr.message);
	else
		show(c, BOX_QUARANTINE, kept_name(c));
done:
	json_decref(doc);
	json_decref(ej);
	return rc;
}

static int
by_text(const void *a, const void *b)
{
	return strcmp(a, b);
}

/*
 * The standalone waybills' numbers of m locked for this transaction, in
 * one order (no two files wait for each other): a worker storing the
 * same number from another folder at once waits until this file is
 * committed, and then finds it sent by another carrier.
 */
static int
lock_waybills(struct ingest_run *r, const struct model *m,
    struct vb_error *err)
{
	char (*numbers)[64] = NULL;
	size_t n = 0, total = 0;
	int rc = 0;

	for (size_t i = 0; i < m->nmanifests; i++)
		if (m->manifests[i].nlegs == 0)
			total += m->manifests[i].nshipments;
	if (total == 0)
		return 0;
	if ((numbers = calloc(total, sizeof(*numbers))) == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory");
	for (size_t i = 0; i < m->nmanifests; i++) {
		const struct manifest *mf = &m->manifests[i];

		for (size_t j = 0; mf->nlegs == 0 && j < mf->nshipments; j++) {
			const char *num = mf->shipments[j].number;

			if (num != NULL && norm_document(num, numbers[n],
			    sizeof(numbers[n])) == 0)
				n++;
		}
	}
	qsort(numbers, n, sizeof(*numbers), by_text);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const char *p[] = {numbers[i]};

		if (i > 0 && strcmp(numbers[i], numbers[i - 1]) == 0)
			continue;
		rc = store_exec_often(r->db, "SELECT pg_advisory_xact_lock("
		    WAYBILL_LOCK_KEY ", hashtext($1))", 1, p, NULL, err);
	}
	free(numbers);
	return rc;
}

/*
 * Whether a waybill of m, sent from a folder the configuration does not
 * bind, was sent first by another folder: only that one may replace it.
 */
static int
waybills_owned(struct ingest_run *r, const struct claimed *c,
    const struct model *m, struct vb_error *why, struct vb_error *err)
{
	if (lock_waybills(r, m, err) == -1)
		return -1;
	for (size_t i = 0; i < m->nmanifests; i++) {
		const struct manifest *mf = &m->manifests[i];

		for (size_t j = 0; mf->nlegs == 0 && j < mf->nshipments; j++) {
			const struct shipment *sh = &mf->shipments[j];
			char number[64];
			const char *p[] = {number, c->carrier};
			PGresult *res;
			int taken;

			if (sh->number == NULL ||
			    norm_document(sh->number, number, sizeof(number)) == -1)
				continue;
			if (store_exec_often(r->db, "SELECT 1 FROM vborder.shipment s"
			    " JOIN vborder.manifest m ON m.id = s.manifest_id"
			    " JOIN vborder.carrier_file f ON f.id = m.file_id"
			    " WHERE s.number_norm = $1 AND s.source = 'waybill'"
			    " AND s.current AND f.carrier <> $2 LIMIT 1", 2, p,
			    &res, err) == -1)
				return -1;
			taken = PQntuples(res) > 0;
			PQclear(res);
			if (taken)
				return vb_err_at(why, VB_EINVALID, sh->offset, NULL, 0,
				    "waybill %s was sent by another carrier: only"
				    " that carrier's folder may replace it", number);
		}
	}
	return 0;
}

/*
 * A file read from behind an envelope: the ack's offsets count from the
 * start of the file, and a warning names what was read past.
 */
static int
enveloped(struct model *m, const char *kind, size_t env, struct vb_error *err)
{
	if (env == 0)
		return 0;
	for (size_t i = 0; i < m->nwarnings; i++)
		if (m->warnings[i].offset >= 0)
			m->warnings[i].offset += (long)env;
	for (size_t i = 0; i < m->nerrors; i++)
		if (m->errors[i].offset >= 0)
			m->errors[i].offset += (long)env;
	if (model_warn(m, 0, "EDIFACT inside %s: the %zu bytes before the"
	    " interchange were read past", kind, env) == -1)
		return vb_err(err, VB_ENOMEM, "out of memory");
	return 0;
}

/* 0 to go on with the batch, -1 to stop it (err says why: the database). */
static int
process(struct ingest_run *r, struct claimed *c, struct vb_error *err)
{
	const struct ingest_limits *lim = &r->o->limits;
	struct ingest_result res;
	struct vb_error why;
	struct model *m = NULL;
	const struct feed_parser *fp;
	struct feed_ctx ctx = {clock_year(r->o->now)};
	char sha[SHA256_DIGEST_STRING_LENGTH] = "", id[32];
	PGresult *dup = NULL;
	char *raw = NULL, *plain = NULL;
	const char *data, *envelope = NULL;
	size_t len = 0, data_len = 0, env = 0;
	int rc = -1, unowned = 0;

	memset(&res, 0, sizeof(res));
	res.carrier = c->carrier;
	res.file = c->name;
	res.format = "";
	res.moved_to = "";
	vb_err_clear(&why);

	if ((c->box != NULL ? box_read(c->box, BOX_PROCESSING, c->pname,
	    lim->max_bytes, &raw, &len, &why) :
	    fs_read_file(c->path, lim->max_bytes, &raw, &len, &why)) == -1) {
		if (why.code == VB_EINVALID) {
			rc = reject(r, c, sha, NULL, len, NULL, &res, &why, err);
			goto report;
		}
		goto returned;
	}
	/* The same bytes are the bytes as sent, compressed or not. */
	sha256_hex(raw, len, sha);
	data = raw;
	data_len = len;
	if ((m = model_new()) == NULL) {
		vb_err(&why, VB_ENOMEM, "out of memory");
		goto returned;
	}
	if (gz_is(raw, len)) {
		if (gz_inflate(raw, len, lim->max_bytes, &plain, &data_len,
		    &why) == -1) {
			rc = reject(r, c, sha, raw, len, NULL, &res, &why, err);
			goto report;
		}
		data = plain;
	}
	/* EDIFACT behind a gateway's envelope: read from its UNA or UNB. */
	if ((fp = feed_detect(data, data_len, &why)) == NULL &&
	    (env = feed_unwrap(data, data_len, &envelope)) > 0 &&
	    (fp = feed_detect(data + env, data_len - env, &why)) != NULL) {
		data += env;
		data_len -= env;
	}
	if (fp == NULL) {
		rc = reject(r, c, sha, raw, len, NULL, &res, &why, err);
		goto report;
	}
	res.format = fp->name;
	if (limits_prescan(data, data_len, fp->name, lim, &why) == -1 ||
	    fp->parse(data, data_len, &ctx, m, &why) == -1 ||
	    enveloped(m, envelope, env, &why) == -1 ||
	    limits_check_model(m, lim, &why) == -1 ||
	    (c->box != NULL &&
	    binding_check(m, c->carrier, c->codes, &unowned, &why) == -1)) {
		if (env > 0 && why.offset >= 0)
			why.offset += (long)env;
		rc = reject(r, c, sha, raw, len, m, &res, &why, err);
		goto report;
	}
	{
		size_t n = model_clean_names(m);

		if (n > 0 && model_warn(m, -1, "%zu control character%s removed"
		    " from names", n, n == 1 ? "" : "s") == -1) {
			vb_err(&why, VB_ENOMEM, "out of memory");
			goto returned;
		}
	}
	/* Values stored empty (a country that is no ISO code): the ack names them. */
	if (mstore_check(m, &why) == -1)
		goto returned;
	count_people(m, &res);

	if (choose_kept(c, BOX_ARCHIVE, &why) == -1)
		goto returned;
	if (store_begin(r->db, err) == -1)
		goto db_failed;
	if (unowned && waybills_owned(r, c, m, &why, err) == -1) {
		if (why.code == VB_EOK)
			goto db_failed;
		store_rollback(r->db);
		rc = reject(r, c, sha, raw, len, m, &res, &why, err);
		goto report;
	}
	{
		const char *params[] = {sha, c->carrier};

		/*
		 * Workers storing the same bytes at once: the second waits
		 * for the first to commit, then finds it stored before.
		 */
		if (store_exec_often(r->db, "SELECT pg_advisory_xact_lock(" FILE_LOCK_KEY
		    ", hashtext($1))", 1, params, NULL, err) == -1)
			goto db_failed;
		if (store_exec_often(r->db, "SELECT file_name, received_at"
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
					rc = reject(r, c, sha, raw, len, m, &res,
					    &why, err);
					goto report;
				}
				*err = why;
				goto db_failed;	/* which rolls back */
			}
		}
		/* A carrier's answers to referrals close them. */
		for (size_t i = 0; i < m->nanswers; i++) {
			if (referral_answer(r->db, id, c->carrier, &m->answers[i],
			    r->now_iso, &why) == -1) {
				if (why.code == VB_EINVALID) {
					store_rollback(r->db);
					rc = reject(r, c, sha, raw, len, m, &res,
					    &why, err);
					goto report;
				}
				*err = why;
				goto db_failed;
			}
		}
		if (store_commit(r->db, err) == -1)
			goto db_failed;
		res.outcome = INGEST_STORED;
		r->stats->stored++;
		r->stats->passengers += res.passengers;
		r->stats->crew += res.crew;
	}
	if (c->box != NULL) {
		struct vb_error ferr;

		/*
		 * Stored: a failure now only delays the archive copy (the file
		 * waits in processing/ and comes back as a duplicate).
		 */
		vb_err_clear(&ferr);
		if (keep(c, BOX_ARCHIVE, raw, len, &ferr) == -1)
			(void)snprintf(c->shown, sizeof(c->shown), "%s/processing/%s"
			    " (archive copy failed: %s)", c->box->path, c->pname,
			    ferr.message);
		(void)write_ack(r, c, &res, m, res.outcome == INGEST_DUPLICATE ?
		    "duplicate_of" : NULL, res.outcome == INGEST_DUPLICATE ?
		    json_pack("{s:s, s:s}", "file", PQgetvalue(dup, 0, 0),
		    "received_at", PQgetvalue(dup, 0, 1)) : NULL, &ferr);
	}
	rc = 0;
	goto report;

db_failed:
	store_rollback(r->db);
	if (err->code == VB_EDB) {
		put_back(c);
		goto done;
	}
	why = *err;
returned:
	/* Our fault, not the carrier's: keep the file waiting, go on. */
	res.outcome = INGEST_RETURNED;
	res.error = &why;
	r->stats->returned++;
	put_back(c);
	rc = 0;
report:
	if (c->box != NULL)
		res.moved_to = c->shown;
	if (rc == 0 && r->o->report != NULL)
		r->o->report(r->o->arg, &res);
	progress_step(&r->pg, ++r->handled);
	if (r->tick >= 0)
		(void)write(r->tick, "", 1);
done:
	PQclear(dup);
	model_free(m);
	free(plain);
	free(raw);
	return rc;
}

static void
skip_carrier(struct ingest_run *r, const char *carrier, struct vb_error *why)
{
	struct ingest_result res;

	memset(&res, 0, sizeof(res));
	res.carrier = carrier;
	res.file = "";
	res.moved_to = "";
	res.format = "";
	res.outcome = INGEST_SKIPPED;
	res.error = why;
	r->stats->skipped++;
	if (r->o->report != NULL)
		r->o->report(r->o->arg, &res);
}

/* Takes the file named name in the carrier's processing/ (already claimed). */
static int
take(struct ingest_run *r, struct box *b, const char *carrier,
    const char *pname, struct vb_error *err)
{
	struct claimed c;

	memset(&c, 0, sizeof(c));
	c.carrier = carrier;
	c.box = b;
	c.codes = binding_codes(r->o->bindings, r->o->nbindings, carrier);
	box_safe_name(pname, c.name);
	strlcpy(c.pname, pname, sizeof(c.pname));
	show(&c, BOX_PROCESSING, pname);
	return process(r, &c, err);
}

/*
 * Moves name of from/ (incoming/, or processing/ when its name is not
 * plain) to processing/ under a safe name (what the carrier's ack and our
 * records call it), into pname. 0, or -1 with why (errno ENOENT: gone
 * meanwhile, the carrier deleted it).
 */
static int
move_in(struct box *b, enum box_sub from, const char *name, char *pname,
    size_t size, struct vb_error *why)
{
	char safe[BOX_NAME_MAX + 1];

	box_safe_name(name, safe);
	if (box_free_name(b, BOX_PROCESSING, safe, pname, size, why) == -1)
		return -1;
	return box_move(b, from, name, BOX_PROCESSING, pname, why);
}

/* Claims a complete file of incoming/ into processing/ and takes it. */
static int
claim(struct ingest_run *r, struct box *b, const char *carrier,
    const char *name, struct vb_error *err)
{
	char pname[BOX_NAME_MAX + 16];
	struct vb_error why;

	vb_err_clear(&why);
	if (move_in(b, BOX_INCOMING, name, pname, sizeof(pname), &why) == -1) {
		/* Gone meanwhile (the carrier deleted it): nothing to claim. */
		if (errno == ENOENT)
			return 0;
		skip_carrier(r, carrier, &why);
		return 1;
	}
	return take(r, b, carrier, pname, err);
}

/* A carrier's folders into b: 0, or -1 when they cannot be used (reported, skipped). */
static int
open_carrier(struct ingest_run *r, const char *dropbox, const char *carrier,
    struct box *b)
{
	struct vb_error why;

	vb_err_clear(&why);
	if (!text_is_safe(carrier, strlen(carrier))) {
		char shown[256];

		(void)text_safe(carrier, strlen(carrier), shown, sizeof(shown));
		vb_err(&why, VB_EINVALID, "folder name %s is not plain UTF-8:"
		    " skipped", shown);
		skip_carrier(r, shown, &why);
		return -1;
	}
	if (box_open(b, dropbox, carrier, &why) == -1) {
		skip_carrier(r, carrier, &why);
		return -1;
	}
	return 0;
}

/* Left-overs of a crashed run in processing/ first, then incoming/. */
static int
ingest_carrier(struct ingest_run *r, const char *dropbox, const char *carrier,
    struct vb_error *err)
{
	struct box b;
	struct vb_error why;
	int rc = 0;

	vb_err_clear(&why);
	if (open_carrier(r, dropbox, carrier, &b) == -1)
		return 0;
	for (int f = 0; f < 2 && rc == 0; f++) {
		enum box_sub from = f == 0 ? BOX_PROCESSING : BOX_INCOMING;
		char **names;
		size_t n;

		if ((r->subs & (1 << f)) == 0)
			continue;
		if ((names = box_list(&b, from, &n, &why)) == NULL) {
			skip_carrier(r, carrier, &why);
			break;
		}
		for (size_t i = 0; i < n && rc == 0; i++) {
			if (from == BOX_PROCESSING)
				rc = take(r, &b, carrier, names[i], err);
			else if (!fs_incomplete_name(names[i]) &&
			    !box_settling(&b, BOX_INCOMING, names[i]))
				rc = claim(r, &b, carrier, names[i], err);
			/* claim's 1: the folder itself failed; the rest of it waits. */
			if (rc == 1) {
				rc = 0;
				break;
			}
		}
		fs_names_free(names, n);
	}
	box_close(&b);
	return rc;
}

/* The files waiting in the carriers' processing/ and incoming/ folders. */
static size_t
waiting(const char *dropbox, char **carriers, size_t n)
{
	size_t total = 0;

	for (size_t i = 0; i < n; i++) {
		struct vb_error why;
		struct box b;

		if (box_open(&b, dropbox, carriers[i], &why) == -1)
			continue;
		for (int f = 0; f < 2; f++) {
			size_t k;
			char **names = box_list(&b, f == 0 ? BOX_PROCESSING :
			    BOX_INCOMING, &k, &why);

			if (names != NULL) {
				total += k;
				fs_names_free(names, k);
			}
		}
		box_close(&b);
	}
	return total;
}

static void
run_init(struct ingest_run *r, PGconn *db, const struct ingest_opts *o,
    struct ingest_stats *stats)
{
	memset(r, 0, sizeof(*r));
	r->db = db;
	r->o = o;
	r->tick = -1;
	r->subs = 3;
	clock_format(o->now, r->now_iso, sizeof(r->now_iso));
	r->stats = stats;
}

/* Every carrier's folders of r->subs, in name order. */
static int
ingest_carriers(struct ingest_run *r, const char *dropbox, char **carriers,
    size_t n, struct vb_error *err)
{
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++)
		rc = ingest_carrier(r, dropbox, carriers[i], err);
	return rc;
}

/* What a worker tells its parent when it is done. */
struct worker_result {
	struct ingest_stats stats;
	int rc;
	struct vb_error err;
};

/* A worker process: incoming/ only, on its own connection; never returns. */
static void
worker(const char *dropbox, char **carriers, size_t n,
    const struct ingest_opts *o, int tick, int result)
{
	struct worker_result w;
	struct ingest_opts mine = *o;
	struct ingest_run r;
	PGconn *db;

	memset(&w, 0, sizeof(w));
	vb_err_clear(&w.err);
	mine.progress = NULL;	/* the parent tells it, from the ticks */
	if ((db = store_connect(o->conninfo, &w.err)) == NULL)
		w.rc = -1;
	else {
		run_init(&r, db, &mine, &w.stats);
		r.tick = tick;
		r.subs = 2;
		w.rc = ingest_carriers(&r, dropbox, carriers, n, &w.err);
		store_disconnect(db);
	}
	(void)write(result, &w, sizeof(w));
	_exit(0);
}

static void
stats_add(struct ingest_stats *to, const struct ingest_stats *s)
{
	to->stored += s->stored;
	to->duplicates += s->duplicates;
	to->rejected += s->rejected;
	to->returned += s->returned;
	to->skipped += s->skipped;
	to->passengers += s->passengers;
	to->crew += s->crew;
}

/* o->workers processes on incoming/, this one telling their progress. */
static int
run_workers(struct ingest_run *r, const char *dropbox, char **carriers,
    size_t n, struct vb_error *err)
{
	int nw = r->o->workers, ticks[2], results[INGEST_WORKERS_MAX][2];
	pid_t pids[INGEST_WORKERS_MAX];
	int started = 0, rc = 0;
	char buf[256];
	ssize_t got;

	if (nw > INGEST_WORKERS_MAX)
		nw = INGEST_WORKERS_MAX;
	if (pipe(ticks) == -1)
		return vb_err(err, VB_EIO, "pipe: %s", strerror(errno));
	(void)fflush(NULL);	/* nothing buffered is written twice */
	for (; started < nw; started++) {
		if (pipe(results[started]) == -1)
			break;
		if ((pids[started] = fork()) == -1) {
			(void)close(results[started][0]);
			(void)close(results[started][1]);
			break;
		}
		if (pids[started] == 0) {
			(void)close(ticks[0]);
			(void)close(results[started][0]);
			worker(dropbox, carriers, n, r->o, ticks[1],
			    results[started][1]);
		}
		(void)close(results[started][1]);
	}
	(void)close(ticks[1]);
	if (started == 0) {
		(void)close(ticks[0]);
		return vb_err(err, VB_EIO, "no ingest worker could start: %s",
		    strerror(errno));
	}
	/* Each file a worker handles is a byte; all gone is the end. */
	while ((got = read(ticks[0], buf, sizeof(buf))) != 0) {
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1)
			break;
		r->handled += (size_t)got;
		progress_step(&r->pg, r->handled);
	}
	(void)close(ticks[0]);
	for (int i = 0; i < started; i++) {
		struct worker_result w;

		if (read(results[i][0], &w, sizeof(w)) != (ssize_t)sizeof(w)) {
			memset(&w, 0, sizeof(w));
			w.rc = -1;
			vb_err(&w.err, VB_EINTERNAL, "an ingest worker died; its"
			    " file is in processing/ for the next run");
		}
		(void)close(results[i][0]);
		(void)waitpid(pids[i], NULL, 0);
		stats_add(r->stats, &w.stats);
		if (w.rc == -1 && rc == 0) {
			*err = w.err;
			rc = -1;
		}
	}
	return rc;
}

int
ingest_dropbox(PGconn *db, const char *dropbox, const struct ingest_opts *o,
    struct ingest_stats *stats, struct vb_error *err)
{
	struct ingest_run r;
	char **carriers;
	size_t n;
	int rc;

	run_init(&r, db, o, stats);
	vb_err_clear(err);
	if ((carriers = fs_list(dropbox, FS_DIRS, &n, err)) == NULL) {
		if (err->code == VB_EOK)
			vb_err(err, VB_EIO, "open dropbox %s: %s", dropbox,
			    strerror(ENOENT));
		return -1;
	}
	if (o->progress != NULL)
		progress_start(&r.pg, o->progress, "ingest", "files",
		    waiting(dropbox, carriers, n));
	if (o->workers <= 1)
		rc = ingest_carriers(&r, dropbox, carriers, n, err);
	else {
		/* A crashed run's files first, by this process alone. */
		r.subs = 1;
		if ((rc = ingest_carriers(&r, dropbox, carriers, n, err)) == 0)
			rc = run_workers(&r, dropbox, carriers, n, err);
	}
	/* The waybills stored meanwhile, on the flights and vessels now known. */
	if (rc == 0)
		rc = cstore_place(db, NULL, err);
	progress_end(&r.pg);
	fs_names_free(carriers, n);
	return rc;
}

/*
 * A carrier's complete files of incoming/ claimed into processing/, then
 * fn called with each file of processing/ (a name that is not plain
 * renamed to one first). 0, or 1 when the folder itself failed (reported).
 */
static int
gather_carrier(struct ingest_run *r, const char *dropbox, const char *carrier,
    ingest_gather_fn fn, void *arg, struct vb_error *err)
{
	char pname[BOX_NAME_MAX + 16];
	struct vb_error why;
	struct box b;
	char **names;
	size_t n;
	int rc = 0;

	vb_err_clear(&why);
	if (open_carrier(r, dropbox, carrier, &b) == -1)
		return 1;
	for (int f = 0; f < 2 && rc == 0; f++) {
		enum box_sub from = f == 0 ? BOX_INCOMING : BOX_PROCESSING;

		if ((names = box_list(&b, from, &n, &why)) == NULL) {
			skip_carrier(r, carrier, &why);
			rc = 1;
			break;
		}
		for (size_t i = 0; i < n && rc == 0; i++) {
			const char *name = names[i];

			if (from == BOX_INCOMING && (fs_incomplete_name(name) ||
			    box_settling(&b, BOX_INCOMING, name)))
				continue;
			if (from == BOX_INCOMING ||
			    !text_is_safe(name, strlen(name))) {
				if (move_in(&b, from, name, pname, sizeof(pname),
				    &why) == -1) {
					if (errno == ENOENT)
						continue;
					skip_carrier(r, carrier, &why);
					rc = 1;
					break;
				}
				name = pname;
			}
			if (from == BOX_PROCESSING && fn(arg, carrier, name) == -1)
				rc = vb_err(err, VB_ENOMEM, "out of memory");
		}
		fs_names_free(names, n);
	}
	box_close(&b);
	return rc;
}

int
ingest_gather(const char *dropbox, const struct ingest_opts *o,
    struct ingest_stats *stats, ingest_gather_fn fn, void *arg,
    struct vb_error *err)
{
	struct ingest_run r;
	char **carriers;
	size_t n;
	int rc = 0;

	run_init(&r, NULL, o, stats);
	vb_err_clear(err);
	if ((carriers = fs_list(dropbox, FS_DIRS, &n, err)) == NULL) {
		if (err->code == VB_EOK)
			vb_err(err, VB_EIO, "open dropbox %s: %s", dropbox,
			    strerror(ENOENT));
		return -1;
	}
	for (size_t i = 0; i < n && rc != -1; i++)
		rc = gather_carrier(&r, dropbox, carriers[i], fn, arg, err);
	fs_names_free(carriers, n);
	return rc == -1 ? -1 : 0;
}

int
ingest_one(PGconn *db, const char *dropbox, const char *carrier,
    const char *pname, const struct ingest_opts *o,
    struct ingest_stats *stats, struct vb_error *err)
{
	struct ingest_run r;
	struct vb_error why;
	struct stat st;
	struct box b;
	int rc;

	run_init(&r, db, o, stats);
	vb_err_clear(&why);
	if (box_open(&b, dropbox, carrier, &why) == -1) {
		skip_carrier(&r, carrier, &why);
		return 0;
	}
	/* Gone: a worker that died after storing it had moved it on. */
	if (fstatat(b.fd[BOX_PROCESSING], pname, &st, AT_SYMLINK_NOFOLLOW) == -1 &&
	    errno == ENOENT)
		rc = 0;
	else
		rc = take(&r, &b, carrier, pname, err);
	box_close(&b);
	return rc;
}

int
ingest_file(PGconn *db, const char *path, const char *carrier,
    const struct ingest_opts *o, struct ingest_stats *stats,
    struct vb_error *err)
{
	struct ingest_run r;
	struct claimed c;
	char copy[PATH_MAX], *slash, *parent;
	const char *base;

	run_init(&r, db, o, stats);
	if (strlcpy(copy, path, sizeof(copy)) >= sizeof(copy))
		return vb_err(err, VB_EIO, "path too long: %.200s", path);
	base = (slash = strrchr(copy, '/')) != NULL ? slash + 1 : copy;

	/* DIR/<carrier>/incoming/<file>: claim it as ingest_dropbox would. */
	if (slash != NULL) {
		*slash = '\0';
		parent = strrchr(copy, '/');
		if (parent != NULL && strcmp(parent + 1, "incoming") == 0) {
			char *cslash;
			struct box b;
			int rc;

			*parent = '\0';
			if ((cslash = strrchr(copy, '/')) == NULL)
				return vb_err(err, VB_EIO, "%s: no dropbox above"
				    " its carrier's folder", path);
			*cslash = '\0';
			if (box_open(&b, copy, cslash + 1, err) == -1)
				return -1;
			rc = claim(&r, &b, cslash + 1, base, err);
			box_close(&b);
			if (rc == 1)
				return -1;
			return rc == 0 ? cstore_place(db, NULL, err) : rc;
		}
	}
	memset(&c, 0, sizeof(c));
	c.carrier = carrier;
	c.path = path;
	box_safe_name(base, c.name);
	if (process(&r, &c, err) == -1)
		return -1;
	return cstore_place(db, NULL, err);
}
