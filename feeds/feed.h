/*
 * Parsers: bytes in, model out. A parser never touches the database or the
 * file system, so it can be fuzzed. Each is one `const struct feed_parser`
 * in feeds/<format>.c, listed in the table of feeds/feed.c.
 */
#ifndef VB_FEED_H
#define VB_FEED_H

#include <stddef.h>

#include "base/error.h"
#include "model/model.h"

struct feed_ctx {
	int ref_year;	/* the current year, to resolve two-digit years */
};

struct feed_parser {
	const char *name;
	/* 1 when the buffer is this parser's format, else 0. Cheap: looks at the head only. */
	int (*detect)(const char *buf, size_t len);
	/* 0 and the model filled, or -1 and err says what and where. */
	int (*parse)(const char *buf, size_t len, const struct feed_ctx *ctx,
	    struct model *out, struct vb_error *err);
};

extern const struct feed_parser feed_paxlst;
extern const struct feed_parser feed_pnrgov;
extern const struct feed_parser feed_cuscar;
extern const struct feed_parser feed_json;
extern const struct feed_parser feed_cargoxml;
extern const struct feed_parser feed_cargoimp;

/*
 * The parser for a buffer, detected from its content (never the file name),
 * or NULL with err naming why: an EDIFACT message type we do not take, or a
 * format we do not know.
 */
const struct feed_parser *feed_detect(const char *buf, size_t len,
    struct vb_error *err);

#endif
