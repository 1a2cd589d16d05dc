/*
 * gzip (RFC 1952) in memory: carriers and list owners may compress any file
 * they send. Told by its magic bytes, never by the file name.
 */
#ifndef VB_GZIP_H
#define VB_GZIP_H

#include <stddef.h>

#include "error.h"

/* 1 when buf starts with the gzip magic bytes 1f 8b, else 0. */
int gz_is(const void *buf, size_t len);

/*
 * Inflates the gzip data in in (every member, when several are concatenated,
 * as `cat a.gz b.gz` makes them; zero bytes after the last member are padding
 * and ignored). On success returns 0, *out a new NUL-terminated buffer the
 * caller frees and *outlen its length without the NUL.
 *
 * Never holds more than max_out bytes of output (plus two): data that
 * inflates to more is refused with VB_EINVALID, since a few kilobytes can
 * inflate to gigabytes. Corrupt or truncated data is VB_ESYNTAX with the
 * offset in the compressed input where inflating stopped.
 * Returns -1 and fills err; *out is then NULL.
 */
int gz_inflate(const void *in, size_t inlen, size_t max_out, char **out,
    size_t *outlen, struct vb_error *err);

#endif
