#include "error.h"

#include <string.h>
#include <stdarg.h>
#include <stdio.h>

static int
vb_verr(struct vb_error *err, enum vb_errcode code, long offset,
    const char *segment, int segment_no, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

static int
vb_verr(struct vb_error *err, enum vb_errcode code, long offset,
    const char *segment, int segment_no, const char *fmt, va_list ap)
{
	if (err == NULL)
		return -1;
	err->code = code;
	/* A truncated message is still the best we have: keep it. */
	(void)vsnprintf(err->message, sizeof(err->message), fmt, ap);
	err->offset = offset;
	strlcpy(err->segment, segment != NULL ? segment : "", sizeof(err->segment));
	err->segment_no = segment_no;
	return -1;
}

int
vb_err(struct vb_error *err, enum vb_errcode code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vb_verr(err, code, -1, NULL, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int
vb_err_at(struct vb_error *err, enum vb_errcode code, long offset,
    const char *segment, int segment_no, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vb_verr(err, code, offset, segment, segment_no, fmt, ap);
	va_end(ap);
	return -1;
}

void
vb_err_clear(struct vb_error *err)
{
	if (err == NULL)
		return;
	err->code = VB_EOK;
	err->message[0] = '\0';
	err->offset = -1;
	err->segment[0] = '\0';
	err->segment_no = 0;
}

const char *
vb_errcode_name(enum vb_errcode code)
{
	switch (code) {
	case VB_EOK: return "ok";
	case VB_ESYNTAX: return "syntax";
	case VB_EUNSUPPORTED: return "unsupported";
	case VB_EINVALID: return "invalid";
	case VB_EIO: return "io";
	case VB_EDB: return "database";
	case VB_ENOMEM: return "memory";
	case VB_EINTERNAL: return "internal";
	}
	return "unknown";
}
