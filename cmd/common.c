#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "cmd.h"

static void
vlog(const char *level, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
vlog(const char *level, const char *fmt, va_list ap)
{
	fprintf(stderr, "vborder: %s", level);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("error: ", fmt, ap);
	va_end(ap);
}

void
log_info(const struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->verbosity < 1)
		return;
	va_start(ap, fmt);
	vlog("", fmt, ap);
	va_end(ap);
}

void
log_debug(const struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->verbosity < 2)
		return;
	va_start(ap, fmt);
	vlog("", fmt, ap);
	va_end(ap);
}

int
fail(const struct vb_error *err)
{
	log_error("%s", err->message);
	switch (err->code) {
	case VB_EDB:
		return EX_TEMPFAIL;
	case VB_ESYNTAX:
	case VB_EINVALID:
	case VB_EUNSUPPORTED:
		return EX_DATAERR;
	case VB_EIO:
		return EX_IOERR;
	case VB_EOK:
	case VB_ENOMEM:
	case VB_EINTERNAL:
		break;
	}
	return EX_SOFTWARE;
}

int
usage(const char *command)
{
	for (const struct command *cmd = commands; cmd->name != NULL; cmd++)
		if (command != NULL && strcmp(cmd->name, command) == 0) {
			fprintf(stderr, "usage: vborder [global options] %s\n"
			    "(vborder help %s tells more)\n", cmd->usage, cmd->name);
			return EX_USAGE;
		}
	fprintf(stderr, "usage: vborder [--db CONNINFO] [--now TIMESTAMP]"
	    " [--config FILE] [-q] [-v] COMMAND [ARGS]\n"
	    "(vborder help lists the commands)\n");
	return EX_USAGE;
}

PGconn *
connect_db(const struct ctx *c)
{
	struct vb_error err;
	PGconn *db;

	vb_err_clear(&err);
	if ((db = store_connect(c->config.conninfo, &err)) == NULL)
		log_error("%s", err.message);
	return db;
}

int
take_lock(PGconn *db)
{
	struct vb_error err;

	vb_err_clear(&err);
	switch (store_try_lock(db, &err)) {
	case 1:
		return EX_OK;
	case 0:
		log_error("another vborder run holds the lock; nothing was done,"
		    " run again later");
		return EX_TEMPFAIL;
	}
	return fail(&err);
}

int
parse_hours(const char *s, int *hours)
{
	const char *errstr;

	*hours = (int)strtonum(s, 1, 24 * 366, &errstr);
	if (errstr != NULL) {
		log_error("--window %s: %s (hours, 1 to 8784)", s, errstr);
		return -1;
	}
	return 0;
}
