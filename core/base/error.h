/*
 * The error struct every library function fills and every command prints.
 * Library code never prints or exits: it returns -1 or NULL and, when the
 * caller passed one, fills a struct vb_error.
 */
#ifndef VB_ERROR_H
#define VB_ERROR_H

#include <stddef.h>

enum vb_errcode {
	VB_EOK = 0,
	VB_ESYNTAX,	/* input cannot be understood */
	VB_EUNSUPPORTED,	/* a format or message type we do not take */
	VB_EINVALID,	/* well-formed but a value is wrong */
	VB_EIO,		/* file system */
	VB_EDB,		/* database unreachable or failed */
	VB_ENOMEM,
	VB_EINTERNAL,
};

struct vb_error {
	enum vb_errcode code;
	char message[512];
	long offset;		/* byte offset in the input, -1 when not known */
	char segment[64];	/* segment tag or line, "" when not known */
	int segment_no;		/* 1-based segment or line number, 0 when not known */
};

/* Fills err (when not NULL); always returns -1 so callers can `return vb_err(...)`. */
int vb_err(struct vb_error *err, enum vb_errcode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* As vb_err, and records where in the input it happened. */
int vb_err_at(struct vb_error *err, enum vb_errcode code, long offset,
    const char *segment, int segment_no, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void vb_err_clear(struct vb_error *err);
const char *vb_errcode_name(enum vb_errcode code);

#endif
