#include "gzip.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ZLIB_CONST	/* next_in points into the caller's const buffer */
#include <zlib.h>

/* The first output buffer when the input is small: most files are. */
#define GZ_FIRST_CAP	(64 * 1024)

/* Output so far: cap counts data bytes; one more is always there for the NUL. */
struct gz_out {
	char *buf;
	size_t len, cap;
	size_t max;	/* the caller's limit */
};

int
gz_is(const void *buf, size_t len)
{
	const unsigned char *b = buf;

	return len >= 2 && b[0] == 0x1f && b[1] == 0x8b;
}

/*
 * Every zlib return code as our error, in one place (as pgBackRest's gzError
 * does), so that the same fault always reads the same.
 */
static int
gz_error(struct vb_error *err, int zrc, const z_stream *zs, long offset)
{
	const char *why = zs != NULL && zs->msg != NULL ? zs->msg : NULL;

	switch (zrc) {
	case Z_DATA_ERROR:
		return vb_err_at(err, VB_ESYNTAX, offset, "", 0,
		    "corrupt gzip data at offset %ld: %s", offset,
		    why != NULL ? why : "invalid data");
	case Z_BUF_ERROR:
		/* No progress possible with room to write: input ran out. */
		return vb_err_at(err, VB_ESYNTAX, offset, "", 0,
		    "gzip data truncated at offset %ld", offset);
	case Z_NEED_DICT:
		return vb_err_at(err, VB_ESYNTAX, offset, "", 0,
		    "gzip data at offset %ld needs a preset dictionary", offset);
	case Z_MEM_ERROR:
		return vb_err(err, VB_ENOMEM, "out of memory in zlib");
	case Z_VERSION_ERROR:
		return vb_err(err, VB_EINTERNAL, "zlib version mismatch: built"
		    " with %s, running %s", ZLIB_VERSION, zlibVersion());
	case Z_STREAM_ERROR:
		return vb_err(err, VB_EINTERNAL, "zlib stream state is"
		    " inconsistent%s%s", why != NULL ? ": " : "",
		    why != NULL ? why : "");
	case Z_ERRNO:
		return vb_err(err, VB_EIO, "zlib: input/output error");
	default:
		return vb_err(err, VB_EINTERNAL, "zlib: unexpected return code"
		    " %d", zrc);
	}
}

static int
gz_bomb(const struct gz_out *o, struct vb_error *err)
{
	return vb_err(err, VB_EINVALID, "decompresses to more than %zu bytes"
	    " (a compression bomb?)", o->max);
}

/*
 * Doubles the room for output, to at most max + 1 bytes: one byte past the
 * limit is how we learn the data goes past it without holding any more.
 */
static int
gz_grow(struct gz_out *o, struct vb_error *err)
{
	size_t limit = o->max + 1, cap;
	char *p;

	if (o->cap >= limit)
		return gz_bomb(o, err);
	cap = o->cap > limit / 2 ? limit : o->cap * 2;
	if ((p = realloc(o->buf, cap + 1)) == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory inflating %zu"
		    " bytes", cap);
	o->buf = p;
	o->cap = cap;
	return 0;
}

static int
gz_start(struct gz_out *o, size_t inlen, size_t max_out, struct vb_error *err)
{
	/* Two bytes over the limit (probe and NUL) must still fit a size_t. */
	o->max = max_out < SIZE_MAX - 2 ? max_out : SIZE_MAX - 2;
	o->len = 0;
	/* Text compresses about four to one: a guess that saves most reallocs. */
	o->cap = inlen < SIZE_MAX / 4 ? inlen * 4 : SIZE_MAX / 4;
	if (o->cap < GZ_FIRST_CAP)
		o->cap = GZ_FIRST_CAP;
	if (o->cap > o->max + 1)
		o->cap = o->max + 1;
	if ((o->buf = malloc(o->cap + 1)) == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory inflating %zu bytes",
		    o->cap);
	return 0;
}

static int
all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

/*
 * After a member ends: 1 when another member follows (the stream is reset
 * for it), 0 at the end of the data, -1 when what follows is not gzip.
 * Zero bytes are padding, as gzip(1) takes them.
 */
static int
gz_next_member(z_stream *zs, const unsigned char *start,
    const unsigned char *end, struct vb_error *err)
{
	size_t rest = (size_t)(end - zs->next_in);
	long at = (long)(zs->next_in - start);
	int zrc;

	if (all_zero(zs->next_in, rest))
		return 0;
	if (!gz_is(zs->next_in, rest))
		return vb_err_at(err, VB_ESYNTAX, at, "", 0, "bytes after the"
		    " gzip data at offset %ld are not gzip", at);
	if ((zrc = inflateReset(zs)) != Z_OK)
		return gz_error(err, zrc, zs, at);
	return 1;
}

/* Inflates every member from zs into o. */
static int
gz_run(z_stream *zs, const unsigned char *start, size_t inlen,
    struct gz_out *o, struct vb_error *err)
{
	const unsigned char *end = start + inlen;
	size_t room;
	uInt before;
	int zrc, more;

	for (;;) {
		/* zlib counts in uInt: feed and drain at most UINT_MAX at a time. */
		if (zs->avail_in == 0) {
			size_t rest = (size_t)(end - zs->next_in);

			zs->avail_in = (uInt)(rest < UINT_MAX ? rest : UINT_MAX);
		}
		if (o->len == o->cap && gz_grow(o, err) == -1)
			return -1;
		room = o->cap - o->len;
		zs->next_out = (Bytef *)o->buf + o->len;
		zs->avail_out = before = (uInt)(room < UINT_MAX ? room : UINT_MAX);
		zrc = inflate(zs, Z_NO_FLUSH);
		o->len += before - zs->avail_out;
		if (zrc == Z_OK)
			continue;
		if (zrc != Z_STREAM_END)
			return gz_error(err, zrc, zs,
			    (long)(zs->next_in - start));
		if ((more = gz_next_member(zs, start, end, err)) != 1)
			return more;
	}
}

int
gz_inflate(const void *in, size_t inlen, size_t max_out, char **out,
    size_t *outlen, struct vb_error *err)
{
	z_stream zs;
	struct gz_out o;
	int zrc, rc = -1;

	*out = NULL;
	*outlen = 0;
	if (inlen == 0)
		return vb_err_at(err, VB_ESYNTAX, 0, "", 0,
		    "empty input is not gzip data");
	if (!gz_is(in, inlen))
		return vb_err_at(err, VB_ESYNTAX, 0, "", 0,
		    "not gzip data (no 1f 8b magic)");
	if (gz_start(&o, inlen, max_out, err) == -1)
		return -1;
	memset(&zs, 0, sizeof(zs));
	zs.next_in = in;
	/* 16 + MAX_WBITS: gzip wrapper only, the largest window. */
	if ((zrc = inflateInit2(&zs, 16 + MAX_WBITS)) != Z_OK) {
		gz_error(err, zrc, &zs, 0);
		goto done;
	}
	rc = gz_run(&zs, in, inlen, &o, err);
	inflateEnd(&zs);
	if (rc == 0 && o.len > o.max)
		rc = gz_bomb(&o, err);
done:
	if (rc == -1) {
		free(o.buf);
		return -1;
	}
	o.buf[o.len] = '\0';
	*out = o.buf;
	*outlen = o.len;
	return 0;
}
