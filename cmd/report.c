#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

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
 * One report's rows: its query on a connection of its own, closed again
 * (the result outlives it). NULL after saying why, with *rc the exit code.
 */
static PGresult *
rows(struct ctx *c, const char *sql, int n, const char *const *p, int *rc)
{
	struct vb_error err;
	PGresult *res = NULL;
	PGconn *db;

	if ((db = connect_db(c)) == NULL) {
		*rc = EX_TEMPFAIL;
		return NULL;
	}
	vb_err_clear(&err);
	if (store_exec(db, sql, n, p, &res, &err) == -1) {
		*rc = fail(&err);
		res = NULL;
	}
	store_disconnect(db);
	return res;
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
	PGresult *res;
	int rc;

	if ((res = rows(c, "WITH m AS (SELECT coalesce(a.carrier, '?') AS carrier,"
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
	    " GROUP BY kind, name ORDER BY kind, name", 2, p, &rc)) == NULL)
		return rc;
	printf("Lead time of the target lists of the arrivals from %s to %s: from"
	    " the first list\nwritten to the scheduled arrival (UTC).\n\n", from,
	    to);
	printf("%-8s %-8s %8s %14s %14s %20s\n", "by", "", "arrivals",
	    "median lead", "worst lead", "no list before");
	for (int i = 0; i < PQntuples(res); i++) {
		char med[32] = "-", worst[32] = "-";

		if (!PQgetisnull(res, i, 3)) {
			(void)clock_duration(strtol(PQgetvalue(res, i, 3), NULL, 10),
			    med, sizeof(med));
			(void)clock_duration(strtol(PQgetvalue(res, i, 4), NULL, 10),
			    worst, sizeof(worst));
		}
		printf("%-8s %-8s %8s %14s %14s %20s\n", PQgetvalue(res, i, 0),
		    PQgetvalue(res, i, 1), PQgetvalue(res, i, 2), med, worst,
		    PQgetvalue(res, i, 5));
	}
	if (PQntuples(res) == 0)
		printf("(no arrival with a known UTC time on those dates)\n");
	PQclear(res);
	return EX_OK;
}

/* A run's screened_against as "IMMIGRATION/wanted v1, ..." and "CUSTOMS v3, ...". */
static void
against(const char *text, char *lists, size_t listsz, char *rules,
    size_t rulesz)
{
	json_t *j = json_loads(text, 0, NULL), *x;
	size_t i;
	char one[256];

	lists[0] = rules[0] = '\0';
	json_array_foreach(json_object_get(j, "watchlists"), i, x) {
		(void)snprintf(one, sizeof(one), "%s%s/%s v%lld", i > 0 ? ", " : "",
		    json_string_value(json_object_get(x, "agency")),
		    json_string_value(json_object_get(x, "list")),
		    (long long)json_integer_value(json_object_get(x, "version")));
		(void)strlcat(lists, one, listsz);
	}
	json_array_foreach(json_object_get(j, "rule_sets"), i, x) {
		(void)snprintf(one, sizeof(one), "%s%s v%lld", i > 0 ? ", " : "",
		    json_string_value(json_object_get(x, "agency")),
		    (long long)json_integer_value(json_object_get(x, "version")));
		(void)strlcat(rules, one, rulesz);
	}
	json_decref(j);
}

/*
 * Proof of screening: per arrival, its last message, the last screen that
 * covered it and against which versions of which lists and rule sets; an
 * arrival not screened after its last message is marked, "ARRIVED" once
 * its arrival has passed so.
 */
static int
screening(struct ctx *c, const char *from, const char *to)
{
	char now[32];
	const char *p[] = {from, to, now};
	PGresult *res;
	int rc, unscreened = 0;

	clock_format(c->now, now, sizeof(now));
	if ((res = rows(c, "SELECT a.transport_id || ' ' || a.departure_port"
	    " || '-' || a.arrival_port, to_char(a.scheduled_arrival_local,"
	    " 'YYYY-MM-DD HH24:MI'), to_char(pr.last_message AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD HH24:MI'), to_char(pr.screened_at AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD HH24:MI'), pr.run_id, r.screened_against::text,"
	    " pr.stale, coalesce(a.scheduled_arrival_utc,"
	    "  a.scheduled_arrival_local AT TIME ZONE 'UTC') < $3::timestamptz"
	    " FROM vborder.arrival a"
	    " JOIN vborder.arrival_proof pr ON pr.arrival_id = a.id"
	    " LEFT JOIN vborder.run r ON r.id = pr.run_id"
	    " WHERE a.scheduled_arrival_local::date BETWEEN $1::date AND $2::date"
	    " ORDER BY a.scheduled_arrival_local, a.transport_id", 3, p,
	    &rc)) == NULL)
		return rc;
	printf("Screening of the arrivals from %s to %s (times UTC but the"
	    " arrival's, local):\n\n", from, to);
	for (int i = 0; i < PQntuples(res); i++) {
		char lists[2048] = "", rules[1024] = "";
		int stale = strcmp(PQgetvalue(res, i, 6), "t") == 0;
		int passed = strcmp(PQgetvalue(res, i, 7), "t") == 0;

		if (!PQgetisnull(res, i, 5))
			against(PQgetvalue(res, i, 5), lists, sizeof(lists), rules,
			    sizeof(rules));
		printf("%s arriving %s: last message %s; ", PQgetvalue(res, i, 0),
		    PQgetvalue(res, i, 1), PQgetisnull(res, i, 2) ? "none" :
		    PQgetvalue(res, i, 2));
		if (PQgetisnull(res, i, 3))
			printf("never screened");
		else
			printf("screened %s (run %s) against %s; rules %s",
			    PQgetvalue(res, i, 3), PQgetvalue(res, i, 4),
			    lists[0] != '\0' ? lists : "no list",
			    rules[0] != '\0' ? rules : "none");
		if (stale) {
			printf(" -- NOT SCREENED after its last message%s",
			    passed ? ", ARRIVED so" : "");
			unscreened += passed;
		}
		printf("\n");
	}
	if (PQntuples(res) == 0)
		printf("(no arrival on those dates)\n");
	else
		printf("\n%d arrived without a screen after their last message\n",
		    unscreened);
	PQclear(res);
	return EX_OK;
}

/* The audit trail of the dates from..to, oldest first. */
static int
audit_trail(struct ctx *c, const char *from, const char *to)
{
	const char *p[] = {from, to};
	PGresult *res;
	int rc;

	if ((res = rows(c, "SELECT to_char(at AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD HH24:MI:SS'), coalesce(os_user, '-'), db_user, action,"
	    " subject, detail::text FROM vborder.audit"
	    " WHERE (at AT TIME ZONE 'UTC')::date BETWEEN $1::date AND $2::date"
	    " ORDER BY at, id", 2, p, &rc)) == NULL)
		return rc;
	printf("Audit trail from %s to %s (UTC; OS user / database user):\n\n",
	    from, to);
	for (int i = 0; i < PQntuples(res); i++)
		printf("%s  %s/%s  %s  %s  %s\n", PQgetvalue(res, i, 0),
		    PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
		    PQgetvalue(res, i, 3), PQgetvalue(res, i, 4),
		    PQgetvalue(res, i, 5));
	if (PQntuples(res) == 0)
		printf("(nothing recorded on those dates)\n");
	PQclear(res);
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
	if (strcmp(argv[1], "screening") == 0)
		return screening(c, from, to);
	if (strcmp(argv[1], "audit") == 0)
		return audit_trail(c, from, to);
	return usage("report");
}
