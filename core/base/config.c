#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

struct reader {
	struct config *c;
	char bad[256];	/* first problem found, "" when none */
};

/*
 * One ingest process per core, at most four: a process mostly waits on
 * the database, and another fills the wait (BENCHMARKS.md, ingest).
 */
static int
ingest_workers_default(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 4 ? 4 : (int)n;
}

void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->window_hours = 72;
	c->retention.days = 30;
	c->retention.records_days = 1827;	/* five years, leap days included */
	c->max_withdraw_share = 0.25;
	c->max_withdraw_floor = 5;
	c->max_backlog_minutes = 60;
	c->ingest_workers = ingest_workers_default();
	c->api_minutes = 60;
	c->pnr_minutes = 0;
	c->waybill_minutes = 60;
	strlcpy(c->formats, "json", sizeof(c->formats));
}

static int
set_string(char *dst, size_t dstsz, const char *value)
{
	return strlcpy(dst, value, dstsz) < dstsz ? 0 : -1;
}

static int
add_carrier(struct config *c, const char *folder, const char *codes)
{
	struct config_carrier *p;

	if (folder[0] == '\0' || strchr(folder, '/') != NULL || folder[0] == '.')
		return -1;
	for (size_t i = 0; i < c->ncarriers; i++)
		if (strcmp(c->carriers[i].folder, folder) == 0)
			return -1;	/* named twice: one must be a mistake */
	if (c->ncarriers == CONFIG_CARRIERS_MAX)
		return -1;
	p = &c->carriers[c->ncarriers];
	if (set_string(p->folder, sizeof(p->folder), folder) == -1 ||
	    set_string(p->codes, sizeof(p->codes), codes) == -1 ||
	    codes[strspn(codes, " ,\t")] == '\0')
		return -1;
	c->ncarriers++;
	return 0;
}

static int
set_limit(size_t *dst, const char *value)
{
	const char *errstr;

	*dst = (size_t)strtonum(value, 1, 1LL << 40, &errstr);
	return errstr == NULL ? 0 : -1;
}

/* A share 0..1 such as 0.25: the whole value a number, no NaN. */
static int
set_share(double *dst, const char *value)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(value, &end);
	if (end == value || *end != '\0' || errno != 0 || !(d >= 0 && d <= 1))
		return -1;
	*dst = d;
	return 0;
}

static int
on_value(void *arg, const char *section, const char *name, const char *value)
{
	struct reader *r = arg;
	struct config *c = r->c;
	int ok = -1;

	if (strcmp(section, "database") == 0 && strcmp(name, "conninfo") == 0)
		ok = set_string(c->conninfo, sizeof(c->conninfo), value);
	else if (strcmp(section, "paths") == 0 && strcmp(name, "dropbox") == 0)
		ok = set_string(c->dropbox, sizeof(c->dropbox), value);
	else if (strcmp(section, "paths") == 0 && strcmp(name, "out") == 0)
		ok = set_string(c->out, sizeof(c->out), value);
	else if (strcmp(section, "targets") == 0 && strcmp(name, "formats") == 0)
		ok = set_string(c->formats, sizeof(c->formats), value);
	else if (strcmp(section, "screen") == 0 && strcmp(name, "index_cache") == 0)
		ok = set_string(c->index_cache, sizeof(c->index_cache), value);
	else if (strcmp(section, "screen") == 0 && strcmp(name, "window_hours") == 0) {
		const char *errstr;

		c->window_hours = (int)strtonum(value, 1, 24 * 366, &errstr);
		ok = errstr == NULL ? 0 : -1;
	} else if (strcmp(section, "retention") == 0) {
		struct config_retention *rt = &c->retention;
		const struct {
			const char *name;
			int *dst;
		} keys[] = {
			{"days", &rt->days}, {"api_days", &rt->api_days},
			{"pnr_depersonalise_days", &rt->pnr_depersonalise_days},
			{"pnr_days", &rt->pnr_days}, {"cargo_days", &rt->cargo_days},
			{"records_days", &rt->records_days},
		};
		const char *errstr;
		int v = (int)strtonum(value, 1, 36600, &errstr);

		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if (errstr == NULL && strcmp(name, keys[k].name) == 0) {
				*keys[k].dst = v;
				ok = 0;
			}
	} else if (strcmp(section, "watchlists") == 0 &&
	    strcmp(name, "max_withdraw_share") == 0)
		ok = set_share(&c->max_withdraw_share, value);
	else if (strcmp(section, "watchlists") == 0 &&
	    strcmp(name, "max_withdraw_floor") == 0) {
		const char *errstr;

		c->max_withdraw_floor = (int)strtonum(value, 0, 100000000, &errstr);
		ok = errstr == NULL ? 0 : -1;
	} else if (strcmp(section, "ingest") == 0 &&
	    strcmp(name, "workers") == 0) {
		const char *errstr;

		c->ingest_workers = (int)strtonum(value, 1, 64, &errstr);
		ok = errstr == NULL ? 0 : -1;
	} else if (strcmp(section, "status") == 0 &&
	    strcmp(name, "max_backlog_minutes") == 0) {
		const char *errstr;

		c->max_backlog_minutes = (int)strtonum(value, 1, 525600, &errstr);
		ok = errstr == NULL ? 0 : -1;
	} else if (strcmp(section, "notices") == 0) {
		const char *errstr = "unknown";
		int v = (int)strtonum(value, 0, 7 * 24 * 60, &errstr);

		if (errstr == NULL && strcmp(name, "api_minutes_before_departure") == 0)
			c->api_minutes = v, ok = 0;
		else if (errstr == NULL &&
		    strcmp(name, "pnr_minutes_before_departure") == 0)
			c->pnr_minutes = v, ok = 0;
		else if (errstr == NULL &&
		    strcmp(name, "waybill_minutes_before_departure") == 0)
			c->waybill_minutes = v, ok = 0;
	} else if (strcmp(section, "links") == 0 &&
	    strcmp(name, "max_sharing") == 0) {
		const char *errstr;

		c->link_cap = (size_t)strtonum(value, 1, 1000000, &errstr);
		ok = errstr == NULL ? 0 : -1;
	} else if (strcmp(section, "carriers") == 0)
		ok = add_carrier(c, name, value);
	else if (strcmp(section, "limits") == 0) {
		if (strcmp(name, "max_bytes") == 0)
			ok = set_limit(&c->limits.bytes, value);
		else if (strcmp(name, "max_segments") == 0)
			ok = set_limit(&c->limits.segments, value);
		else if (strcmp(name, "max_attributes") == 0)
			ok = set_limit(&c->limits.attributes, value);
		else if (strcmp(name, "max_people") == 0)
			ok = set_limit(&c->limits.people, value);
		else if (strcmp(name, "max_lists") == 0)
			ok = set_limit(&c->limits.lists, value);
		else if (strcmp(name, "max_shipments") == 0)
			ok = set_limit(&c->limits.shipments, value);
	}
	if (ok == -1 && r->bad[0] == '\0')
		(void)snprintf(r->bad, sizeof(r->bad), "[%s] %s = %.100s", section,
		    name, value);
	return ok == 0;
}

int
config_read(const char *path, struct config *c, struct vb_error *err)
{
	struct reader r = {c, ""};
	int line = ini_parse(path, on_value, &r);

	if (line == -1)
		return vb_err(err, VB_EIO, "config %s: %s", path, strerror(errno));
	if (line == -2)
		return vb_err(err, VB_ENOMEM, "config %s: out of memory", path);
	if (line > 0)
		return vb_err(err, VB_EINVALID, "config %s line %d: %s", path, line,
		    r.bad[0] != '\0' ? r.bad : "not INI syntax");
	return 0;
}
