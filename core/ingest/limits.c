#include "limits.h"

#include <string.h>

void
limits_default(struct ingest_limits *l)
{
	l->max_bytes = LIMITS_MAX_BYTES;
	l->max_segments = LIMITS_MAX_SEGMENTS;
	l->max_attributes = LIMITS_MAX_ATTRIBUTES;
	l->max_people = LIMITS_MAX_PEOPLE;
	l->max_lists = LIMITS_MAX_LISTS;
	l->max_shipments = LIMITS_MAX_SHIPMENTS;
}

static size_t
count_byte(const char *buf, size_t len, char c)
{
	size_t n = 0;

	for (const char *p = buf, *end = buf + len;
	    (p = memchr(p, c, (size_t)(end - p))) != NULL; p++)
		n++;
	return n;
}

/*
 * XML: elements, and the most attributes on one of them (each '=' outside
 * quotes inside a start tag). Comments, processing instructions and CDATA
 * count as elements but hold no attributes.
 */
static void
count_xml(const char *buf, size_t len, size_t *elements, size_t *attributes)
{
	size_t i = 0;

	*elements = *attributes = 0;
	while (i < len) {
		const char *lt = memchr(buf + i, '<', len - i);
		size_t n = 0;
		char quote = 0;

		if (lt == NULL)
			break;
		i = (size_t)(lt - buf) + 1;
		(*elements)++;
		if (i < len && (buf[i] == '!' || buf[i] == '?' || buf[i] == '/'))
			continue;
		for (; i < len && (quote != 0 || buf[i] != '>'); i++) {
			if (quote != 0) {
				if (buf[i] == quote)
					quote = 0;
			} else if (buf[i] == '"' || buf[i] == '\'')
				quote = buf[i];
			else if (buf[i] == '=')
				n++;
		}
		if (n > *attributes)
			*attributes = n;
	}
}

int
limits_prescan(const char *buf, size_t len, const char *format,
    const struct ingest_limits *l, struct vb_error *err)
{
	size_t units = 0;
	const char *what = "segments";

	if (strcmp(format, "cargoxml") == 0) {
		size_t attrs;

		count_xml(buf, len, &units, &attrs);
		if (attrs > l->max_attributes)
			return vb_err(err, VB_EINVALID, "an XML element with %zu"
			    " attributes, more than the limit of %zu: refused"
			    " unread", attrs, l->max_attributes);
		what = "XML elements";
	} else if (strcmp(format, "cargoimp") == 0) {
		units = count_byte(buf, len, '\n');
		what = "lines";
	} else if (strcmp(format, "json") == 0 ||
	    strcmp(format, "referral-answer") == 0) {
		units = count_byte(buf, len, '{');
		what = "JSON objects";
	} else {
		/* EDIFACT: the segment terminator UNA declares, else the apostrophe. */
		char term = len >= 9 && memcmp(buf, "UNA", 3) == 0 ? buf[8] : '\'';

		units = count_byte(buf, len, term);
	}
	if (units > l->max_segments)
		return vb_err(err, VB_EINVALID, "%zu %s, more than the limit of"
		    " %zu: refused unread", units, what, l->max_segments);
	return 0;
}

int
limits_check_model(const struct model *m, const struct ingest_limits *l,
    struct vb_error *err)
{
	size_t shipments = 0, lists = 0;

	for (size_t i = 0; i < m->nmanifests; i++) {
		const struct manifest *mf = &m->manifests[i];

		if (mf->npeople > l->max_people)
			return vb_err_at(err, VB_EINVALID, mf->offset, "UNH", 0,
			    "message %s lists %zu people, more than the limit"
			    " of %zu", mf->message_ref != NULL ? mf->message_ref :
			    "?", mf->npeople, l->max_people);
		shipments += mf->nshipments;
		lists += mf->npeople > 0;
	}
	if (lists > l->max_lists)
		return vb_err(err, VB_EINVALID, "%zu messages listing people, more"
		    " than the limit of %zu", lists, l->max_lists);
	if (shipments > l->max_shipments)
		return vb_err(err, VB_EINVALID, "%zu shipments, more than the"
		    " limit of %zu", shipments, l->max_shipments);
	return 0;
}
