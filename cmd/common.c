#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/text.h"
#include "ingest/ingest.h"
#include "links/links.h"
#include "screen/screen.h"
#include "store/store.h"
#include "cmd.h"

static void
vlog(const char *level, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/*
 * One message, one line, whatever it quotes: file names and values come
 * from carriers, and cron hands each line to syslog. So every control
 * character (a newline would forge a line, an escape sequence repaint the
 * terminal) and every byte that is not UTF-8 is written visibly, as \x0A,
 * \x1B, \u0085 (text_safe); a line break at the very end (libpq ends its
 * messages with one) is dropped.
 */
static void
vlog(const char *level, const char *fmt, va_list ap)
{
	char line[1024], safe[4 * sizeof(line)], *text = line, *out = safe;
	char *big = NULL, *bigout = NULL;
	size_t len, outsz = sizeof(safe);
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n < 0)
		(void)strlcpy(line, "(a message that could not be formatted)",
		    sizeof(line));
	else if ((size_t)n >= sizeof(line) && (big = malloc((size_t)n + 1)) != NULL &&
	    vsnprintf(big, (size_t)n + 1, fmt, again) == n)
		text = big;
	va_end(again);
	len = strlen(text);
	while (len > 0 && text[len - 1] == '\n')
		len--;
	/* At most 4 bytes for each byte: \xNN. Short of memory, the first part. */
	if (len >= sizeof(line) && (bigout = reallocarray(NULL, len + 1, 4)) != NULL) {
		out = bigout;
		outsz = 4 * (len + 1);
	}
	(void)text_safe(text, len, out, outsz);
	fprintf(stderr, "vborder: %s%s\n", level, out);
	free(bigout);
	free(big);
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
log_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("warning: ", fmt, ap);
	va_end(ap);
}

FILE *
progress_out(const struct ctx *c)
{
	return c->verbosity >= 1 ? stderr : NULL;
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

void
log_links(const struct ctx *c, const struct links_stats *st)
{
	log_info(c, "links: %zu identifier%s compared, %zu link%s;"
	    " %zu subject%s linked again", st->values, st->values == 1 ? "" : "s", st->links,
	    st->links == 1 ? "" : "s", st->affected,
	    st->affected == 1 ? "" : "s");
	/* What an analyst may want to look at: an agency's phone, a forwarder. */
	for (size_t i = 0; i < st->capped && i < LINKS_CAPPED_NAMED; i++)
		log_info(c, "links: %s %s is shared by %zu bookings or shipments,"
		    " more than [links] max_sharing: it links none of them",
		    st->named[i].via, st->named[i].value, st->named[i].groups);
	if (st->capped > LINKS_CAPPED_NAMED)
		log_info(c, "links: and %zu more values shared as widely",
		    st->capped - LINKS_CAPPED_NAMED);
}

void
log_index(const struct ctx *c, const struct screen_window *w,
    const struct screen_stats *st)
{
	if (st->index_warning[0] != '\0')
		log_warning("list index cache %s", st->index_warning);
	else if (st->index_cached)
		log_info(c, "screen: list index read from %s", w->index_cache);
}

const char *
os_user(void)
{
	const struct passwd *pw = getpwuid(geteuid());

	return pw != NULL ? pw->pw_name : "unknown";
}

long long
run_begin(struct ctx *c, PGconn *db, const char *command)
{
	char now[32], host[256] = "";
	struct vb_error err;
	long long id;

	if (gethostname(host, sizeof(host) - 1) == -1)
		host[0] = '\0';
	clock_format(c->now, now, sizeof(now));
	vb_err_clear(&err);
	if (store_run_begin(db, command, now, os_user(),
	    host[0] != '\0' ? host : NULL, &id, &err) == -1) {
		log_warning("%s: its run record: %s", command, err.message);
		return 0;
	}
	return id;
}

int
run_end(PGconn *db, long long id, int rc, json_t *counts)
{
	char *text = counts != NULL ? json_dumps(counts, JSON_COMPACT) : NULL;
	struct vb_error err;

	json_decref(counts);
	vb_err_clear(&err);
	if (id != 0 && store_run_end(db, id, rc == EX_OK ? "done" :
	    rc == EX_DATAERR ? "done with rejects" : "failed", rc, text,
	    &err) == -1)
		log_warning("its run record: %s", err.message);
	free(text);
	return rc;
}

json_t *
screen_counts(const struct screen_stats *st)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I,"
	    " s:I, s:I, s:b}",
	    "arrivals_taken", (json_int_t)st->taken,
	    "arrivals_unchanged", (json_int_t)st->unchanged,
	    "arrivals", (json_int_t)st->arrivals,
	    "person_records", (json_int_t)st->persons,
	    "shipments", (json_int_t)st->shipments,
	    "watchlist_entries", (json_int_t)st->entries,
	    "person_hits", (json_int_t)st->hits,
	    "shipment_hits", (json_int_t)st->shipment_hits,
	    "rules", (json_int_t)st->rules,
	    "rule_hits", (json_int_t)st->rule_hits,
	    "referrals", (json_int_t)st->referrals,
	    "links", (json_int_t)st->links.links,
	    "index_from_cache", st->index_cached);
}

json_t *
ingest_counts(const struct ingest_stats *st)
{
	return json_pack("{s:{s:I, s:I, s:I, s:I}, s:I, s:I, s:I}",
	    "files", "stored", (json_int_t)st->stored,
	    "duplicate", (json_int_t)st->duplicates,
	    "rejected", (json_int_t)st->rejected,
	    "waiting", (json_int_t)st->returned,
	    "carriers_skipped", (json_int_t)st->skipped,
	    "passengers", (json_int_t)st->passengers,
	    "crew", (json_int_t)st->crew);
}

void
audit(const struct ctx *c, PGconn *db, const char *action, const char *subject,
    json_t *detail)
{
	char *text = detail != NULL ? json_dumps(detail, JSON_COMPACT) : NULL;
	struct vb_error err;
	char now[32];

	json_decref(detail);
	clock_format(c->now, now, sizeof(now));
	vb_err_clear(&err);
	if (store_audit(db, now, os_user(), action, subject, text, &err) == -1)
		log_warning("%s %s: its audit record: %s", action, subject,
		    err.message);
	free(text);
}
