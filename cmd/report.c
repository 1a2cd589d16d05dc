#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "outcomes/outcomes.h"
#include "store/store.h"
#include "cmd.h"

/* A date YYYY-MM-DD, as --from and --to take it. */
static int
valid_date(const char *s)
{
	char ts[32];
	time_t t;

	(void)snprintf(ts, sizeof(ts), "%sT00:00:00Z", s);
	return strlen(s) == 10 && clock_parse(ts, &t) == 0;
}

static void
day_of(time_t t, char *buf, size_t bufsz)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	(void)strftime(buf, bufsz, "%Y-%m-%d", &tm);
}

/* --from DATE --to DATE into from and to; default the 30 days up to now. */
static int
period(struct ctx *c, int argc, char **argv, char *from, char *to,
    size_t sz)
{
	static const struct option longopts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int ch;

	day_of(c->now - 30 * 86400, from, sz);
	day_of(c->now, to, sz);
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if ((ch != 'f' && ch != 't') || !valid_date(optarg)) {
			if (ch == 'f' || ch == 't')
				log_error("--%s %s: a date, YYYY-MM-DD",
				    ch == 'f' ? "from" : "to", optarg);
			return -1;
		}
		(void)strlcpy(ch == 'f' ? from : to, optarg, sz);
	}
	return optind == argc ? 0 : -1;
}

/*
 * Per list and per rule, what it hit and what officers found: so that an
 * agency sees which of its lists and rules find something and which only
 * cost officers' time.
 */
static int
outcomes(struct ctx *c, const char *from, const char *to)
{
	struct vb_error err;
	PGresult *res = NULL;
	PGconn *db;

	if ((db = connect_db(c)) == NULL)
		return EX_TEMPFAIL;
	vb_err_clear(&err);
	if (outcome_report(db, from, to, &res, &err) == -1) {
		store_disconnect(db);
		return fail(&err);
	}
	printf("Outcomes of the arrivals from %s to %s: per list and rule, the"
	    " subjects it hit,\nhow many have an outcome, how many of those were"
	    " found (referred, examined,\nseized, denied boarding, arrested) or"
	    " false, and found over outcomes.\n\n", from, to);
	printf("%-5s %-12s %-24s %6s %8s %6s %6s %9s %8s\n", "kind", "agency",
	    "list or rule", "hits", "outcomes", "found", "false", "no action",
	    "hit rate");
	for (int i = 0; i < PQntuples(res); i++) {
		long outcomes = strtol(PQgetvalue(res, i, OR_OUTCOMES), NULL, 10);
		long found = strtol(PQgetvalue(res, i, OR_FOUND), NULL, 10);
		char rate[16] = "-";

		if (outcomes > 0)
			(void)snprintf(rate, sizeof(rate), "%.0f%%",
			    100.0 * (double)found / (double)outcomes);
		printf("%-5s %-12s %-24s %6s %8ld %6ld %6s %9s %8s\n",
		    PQgetvalue(res, i, OR_KIND), PQgetvalue(res, i, OR_AGENCY),
		    PQgetvalue(res, i, OR_NAME), PQgetvalue(res, i, OR_HITS),
		    outcomes, found, PQgetvalue(res, i, OR_FALSE),
		    PQgetvalue(res, i, OR_NO_ACTION), rate);
	}
	if (PQntuples(res) == 0)
		printf("(no list or rule hit anything on those arrivals)\n");
	PQclear(res);
	store_disconnect(db);
	return EX_OK;
}

/*
 * How long before arrival officers had their list, per carrier and per
 * arrival port: the virtual border's measure. An arrival's lead is from
 * the first list written for it (any folder) to its scheduled arrival.
 */
static int
lead_time(struct ctx *c, const char *from, const char *to)
{
	const char *p[] = {from, to};
	struct vb_error err;
	PGresult *res = NULL;
	PGconn *db;

	if ((db = connect_db(c)) == NULL)
		return EX_TEMPFAIL;
	vb_err_clear(&err);
	if (store_exec(db, "WITH m AS (SELECT coalesce(a.carrier, '?') AS carrier,"
	    "  a.arrival_port, floor(extract(epoch FROM a.scheduled_arrival_utc -"
	    "  (SELECT min(l.first_written) FROM vborder.target_list l"
	    "   WHERE l.arrival_id = a.id)) / 60)::int AS lead"
	    "  FROM vborder.arrival a"
	    "  WHERE a.scheduled_arrival_local::date BETWEEN $1::date AND $2::date"
	    "  AND a.scheduled_arrival_utc IS NOT NULL)"
	    " SELECT kind, name, count(*), percentile_cont(0.5) WITHIN GROUP"
	    "  (ORDER BY lead)::int, min(lead),"
	    "  count(*) FILTER (WHERE lead IS NULL OR lead < 0)"
	    " FROM (SELECT 'carrier' AS kind, carrier AS name, lead FROM m"
	    "  UNION ALL SELECT 'port', arrival_port, lead FROM m) x"
	    " GROUP BY kind, name ORDER BY kind, name", 2, p, &res, &err) == -1) {
		store_disconnect(db);
		return fail(&err);
	}
	printf("Lead time of the target lists of the arrivals from %s to %s: from"
	    " the first list\nwritten to the scheduled arrival (UTC).\n\n", from,
	    to);
	printf("%-8s %-8s %8s %14s %14s %20s\n", "by", "", "arrivals",
	    "median lead", "worst lead", "no list before");
	for (int i = 0; i < PQntuples(res); i++) {
		char med[32] = "-", worst[32] = "-";

		if (!PQgetisnull(res, i, 3)) {
			long m = strtol(PQgetvalue(res, i, 3), NULL, 10);
			long w = strtol(PQgetvalue(res, i, 4), NULL, 10);

			(void)snprintf(med, sizeof(med), "%s%ld h %02ld min",
			    m < 0 ? "-" : "", labs(m) / 60, labs(m) % 60);
			(void)snprintf(worst, sizeof(worst), "%s%ld h %02ld min",
			    w < 0 ? "-" : "", labs(w) / 60, labs(w) % 60);
		}
		printf("%-8s %-8s %8s %14s %14s %20s\n", PQgetvalue(res, i, 0),
		    PQgetvalue(res, i, 1), PQgetvalue(res, i, 2), med, worst,
		    PQgetvalue(res, i, 5));
	}
	if (PQntuples(res) == 0)
		printf("(no arrival with a known UTC time on those dates)\n");
	PQclear(res);
	store_disconnect(db);
	return EX_OK;
}

int
cmd_report(struct ctx *c, int argc, char **argv)
{
	char from[16], to[16];

	if (argc < 2 || period(c, argc - 1, argv + 1, from, to,
	    sizeof(from)) == -1)
		return usage("report");
	if (strcmp(argv[1], "outcomes") == 0)
		return outcomes(c, from, to);
	if (strcmp(argv[1], "lead-time") == 0)
		return lead_time(c, from, to);
	return usage("report");
}
