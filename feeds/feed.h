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
extern const struct feed_parser feed_referral_answer;

/*
 * 1 when buf is a JSON object whose head (4 KiB) holds "format" : "MARKER...
 * as a member (inside a string value the quotes would be escaped): the
 * JSON formats vborder defines announce themselves so.
 */
int feed_json_format(const char *buf, size_t len, const char *marker);

/*
 * The parser for a buffer, detected from its content (never the file name),
 * or NULL with err naming why: an EDIFACT message type we do not take, or a
 * format we do not know.
 */
const struct feed_parser *feed_detect(const char *buf, size_t len,
    struct vb_error *err);

/*
 * EDIFACT behind a gateway's envelope: PAXLST and PNRGOV travel over SITA
 * Type B and e-mail and arrive wrapped in SOH/STX, a header line, address
 * lines ("QP ...", ".ORIGIN DDHHMM") or mail headers before the UNA or UNB.
 * Returns the offset of that UNA or UNB when it starts a line (or follows a
 * control character) within the first FEED_ENVELOPE_MAX bytes, else 0
 * (the caller asks only of a file no parser took); *kind names the
 * envelope for the ack.
 * Line wraps and text after UNZ are the tokenizer's to read past.
 */
#define FEED_ENVELOPE_MAX 4096
size_t feed_unwrap(const char *buf, size_t len, const char **kind);

#endif
