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

/*
 * Per list and per rule, what it hit and what officers found: so that an
 * agency sees which of its lists and rules find something and which only
 * cost officers' time.
 */
static int
outcomes(struct ctx *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	char from[16], to[16];
	struct vb_error err;
	PGresult *res = NULL;
	PGconn *db;
	int ch;

	day_of(c->now - 30 * 86400, from, sizeof(from));
	day_of(c->now, to, sizeof(to));
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		const char *v = optarg;

		if ((ch != 'f' && ch != 't') || !valid_date(v)) {
			if (ch == 'f' || ch == 't')
				log_error("--%s %s: a date, YYYY-MM-DD",
				    ch == 'f' ? "from" : "to", v);
			return usage("report");
		}
		(void)strlcpy(ch == 'f' ? from : to, v, sizeof(from));
	}
	if (optind != argc)
		return usage("report");
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

int
cmd_report(struct ctx *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "outcomes") == 0)
		return outcomes(c, argc - 1, argv + 1);
	return usage("report");
}
