#include <string.h>

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
