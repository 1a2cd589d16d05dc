/*
 * Text from carriers made safe to show: in a database column, a JSON
 * report, a log line or a file name. Carriers send file names and values
 * in any bytes; PostgreSQL and jansson refuse invalid UTF-8, and a control
 * character can forge a log line. Nothing here allocates.
 */
#ifndef VB_TEXT_H
#define VB_TEXT_H

#include <stddef.h>

/*
 * Copies in into out (outsz bytes, at least 1) as valid UTF-8 without
 * control characters: an invalid byte becomes "\xNN", a C0 control or DEL
 * "\xNN", a C1 control "\u00NN". Stops before a character that would not
 * fit whole, so the copy is never cut inside one. Returns the number of
 * bytes of in that were copied (all of it when it fitted).
 */
size_t text_safe(const char *in, size_t inlen, char *out, size_t outsz);

/* 1 when s (len bytes) is valid UTF-8 holding no control character. */
int text_is_safe(const char *s, size_t len);

/*
 * Copies s into out (outsz bytes, at least 1), cut when it does not fit
 * before the last character that fits whole. 1 when it was cut, else 0.
 */
int text_copy_cut(char *out, size_t outsz, const char *s);

/* The length of the valid UTF-8 character at s (at most len bytes), or 0. */
size_t text_utf8_len(const unsigned char *s, size_t len);

#endif
