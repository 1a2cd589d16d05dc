#include <string.h>
#include <strings.h>

#include "edifact.h"
#include "feed.h"

/* Every parser, tried in order: the first whose detect says yes takes the file. */
static const struct feed_parser *const feed_parsers[] = {
	&feed_paxlst,
	&feed_pnrgov,
	&feed_cuscar,
	&feed_json,
	&feed_cargoxml,
	&feed_cargoimp,
	&feed_referral_answer,
};

#define NPARSERS (sizeof(feed_parsers) / sizeof(feed_parsers[0]))

const struct feed_parser *
feed_detect(const char *buf, size_t len, struct vb_error *err)
{
	char type[32], version[32];	/* version unused: the type says it all */

	for (size_t i = 0; i < NPARSERS; i++)
		if (feed_parsers[i]->detect(buf, len))
			return feed_parsers[i];
	/* EDIFACT we can name: say which message we do not take. */
	if (edi_detect(buf, len, type, sizeof(type), version, sizeof(version))) {
		if (type[0] == '\0')
			vb_err(err, VB_EUNSUPPORTED, "EDIFACT interchange without"
			    " a message header (UNH) in its first segments");
		else
			vb_err(err, VB_EUNSUPPORTED,
			    "unsupported message type %s", type);
		return NULL;
	}
	vb_err(err, VB_EUNSUPPORTED, "unknown format");
	return NULL;
}

/* 1 when a line of the envelope starts with word (case ignored). */
static int
has_line(const char *buf, size_t len, const char *word)
{
	size_t wl = strlen(word);

	for (size_t i = 0; i + wl <= len; i++)
		if ((i == 0 || buf[i - 1] == '\n' || buf[i - 1] == '\r' ||
		    (unsigned char)buf[i - 1] < 0x20) &&
		    strncasecmp(buf + i, word, wl) == 0)
			return 1;
	return 0;
}

static const char *
envelope_kind(const char *buf, size_t len)
{
	if (has_line(buf, len, "From:") || has_line(buf, len, "Subject:") ||
	    has_line(buf, len, "MIME-Version:") || has_line(buf, len, "Date:"))
		return "e-mail headers";
	if (memchr(buf, 0x01, len) != NULL || memchr(buf, 0x02, len) != NULL ||
	    has_line(buf, len, "QP ") || has_line(buf, len, "QU ") ||
	    has_line(buf, len, "QK ") || has_line(buf, len, "QD ") ||
	    has_line(buf, len, "."))
		return "a SITA Type B envelope";
	return "a header";
}

size_t
feed_unwrap(const char *buf, size_t len, const char **kind)
{
	size_t end = len < FEED_ENVELOPE_MAX ? len : FEED_ENVELOPE_MAX;
	char type[32], version[32];

	*kind = NULL;
	for (size_t i = 1; i + 4 <= end; i++) {
		unsigned char before = (unsigned char)buf[i - 1];

		if (before >= 0x20 || buf[i] != 'U' || buf[i + 1] != 'N' ||
		    (buf[i + 2] != 'A' && buf[i + 2] != 'B'))
			continue;
		if (!edi_detect(buf + i, len - i, type, sizeof(type), version,
		    sizeof(version)))
			continue;
		*kind = envelope_kind(buf, i);
		return i;
	}
	return 0;
}
