/*
 * A carrier's answer to cargo referrals (core/referrals/referrals.h):
 *
 *   {"format": "vborder-referral-answer/1", "reference": "R12",
 *    "status": "answered" | "screened" | "not-loaded", "text": "..."}
 *
 * or several as {"format": ..., "answers": [{"reference", "status",
 * "text"}, ...]}. Everything else in the file is refused: an answer is a
 * carrier's word to an agency, not a place for guesses.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "feed.h"

#define RA_MARKER	"vborder-referral-answer/"
#define RA_FORMAT	RA_MARKER "1"

static int
ra_detect(const char *buf, size_t len)
{
	return feed_json_format(buf, len, RA_MARKER);
}

static int
one(struct model *m, json_t *o, const char *where, struct vb_error *err)
{
	static const char *const statuses[] = {"answered", "screened",
	    "not-loaded"};
	const char *ref = json_string_value(json_object_get(o, "reference"));
	const char *status = json_string_value(json_object_get(o, "status"));
	json_t *text = json_object_get(o, "text");
	struct referral_answer *a;
	int known = 0;

	if (!json_is_object(o))
		return vb_err(err, VB_EINVALID, "%s: an answer is an object", where);
	if (ref == NULL || *ref == '\0')
		return vb_err(err, VB_EINVALID, "%s: no \"reference\"", where);
	for (size_t i = 0; status != NULL &&
	    i < sizeof(statuses) / sizeof(statuses[0]); i++)
		known |= strcmp(status, statuses[i]) == 0;
	if (!known)
		return vb_err(err, VB_EINVALID, "%s: \"status\" must be answered,"
		    " screened or not-loaded", where);
	if (text != NULL && !json_is_null(text) && !json_is_string(text))
		return vb_err(err, VB_EINVALID, "%s: \"text\" must be text", where);
	if ((a = model_add_answer(m)) == NULL ||
	    model_set(m, &a->reference, ref) == -1 ||
	    model_set(m, &a->status, status) == -1 ||
	    model_set(m, &a->text, json_string_value(text)) == -1)
		return vb_err(err, VB_ENOMEM, "out of memory");
	a->offset = -1;
	return 0;
}

static int
ra_parse(const char *buf, size_t len, const struct feed_ctx *ctx,
    struct model *out, struct vb_error *err)
{
	json_error_t je;
	json_t *root, *list, *o;
	const char *format;
	char where[32];
	size_t i;
	int rc = -1;

	(void)ctx;
	if ((root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je)) == NULL)
		return vb_err_at(err, VB_ESYNTAX, je.position, "", je.line,
		    "invalid JSON at line %d, column %d: %s", je.line, je.column,
		    je.text);
	format = json_string_value(json_object_get(root, "format"));
	if (format == NULL || strcmp(format, RA_FORMAT) != 0) {
		vb_err(err, VB_EUNSUPPORTED, "referral answer format %s is not the"
		    " version this reads (%s)", format != NULL ? format : "?",
		    RA_FORMAT);
		goto done;
	}
	if ((list = json_object_get(root, "answers")) == NULL) {
		rc = one(out, root, "the answer", err);
		goto done;
	}
	if (!json_is_array(list) || json_array_size(list) == 0) {
		vb_err(err, VB_EINVALID, "\"answers\" must be a list of answers");
		goto done;
	}
	json_array_foreach(list, i, o) {
		(void)snprintf(where, sizeof(where), "answers[%zu]", i);
		if (one(out, o, where, err) == -1)
			goto done;
	}
	rc = 0;
done:
	json_decref(root);
	return rc;
}

const struct feed_parser feed_referral_answer = {"referral-answer", ra_detect,
    ra_parse};
