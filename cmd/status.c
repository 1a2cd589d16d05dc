/*
 * vborder status: what the people who run vborder at two in the morning
 * need to see, and what monitoring calls: exit 0 when healthy, 75 when the
 * last run failed, a carrier's file has waited longer than [status]
 * max_backlog_minutes, or workers' round has been open that long (stuck).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "screen/screen.h"
#include "store/store.h"
#include "cmd.h"

/* The files waiting in one carrier's incoming/ and the oldest one's age. */
static void
backlog_of(int dirfd, const char *carrier, time_t now, size_t *n,
    long *oldest)
{
	int fd = openat(dirfd, carrier, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	int in = fd >= 0 ? openat(fd, "incoming", O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW) : -1;
	DIR *d = in >= 0 ? fdopendir(in) : NULL;
	struct dirent *e;
	struct stat st;

	*n = 0;
	*oldest = -1;
	while (d != NULL && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' ||
		    fstatat(in, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISREG(st.st_mode))
			continue;
		(*n)++;
		/*
		 * The inode's change time: set by the upload and the rename,
		 * never by a carrier, who may set the modification time.
		 */
		if ((long)(difftime(now, st.st_ctime) / 60) > *oldest)
			*oldest = (long)(difftime(now, st.st_ctime) / 60);
	}
	if (d != NULL)
		closedir(d);
	else if (in >= 0)
		close(in);
	if (fd >= 0)
		close(fd);
}

/* Every carrier's backlog; 1 when one file waited longer than the limit. */
static int
backlog(const struct ctx *c, const char *dropbox)
{
	int dirfd = open(dropbox, O_RDONLY | O_DIRECTORY);
	DIR *d = dirfd >= 0 ? fdopendir(dup(dirfd)) : NULL;
	struct dirent *e;
	int late = 0;
	char age[32];

	printf("\nDropbox %s, files waiting in incoming/:\n", dropbox);
	if (d == NULL) {
		printf("  cannot be read\n");
		if (dirfd >= 0)
			close(dirfd);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		size_t n;
		long oldest;

		if (e->d_name[0] == '.')
			continue;
		backlog_of(dirfd, e->d_name, c->now, &n, &oldest);
		if (n == 0)
			continue;
		printf("  %-8s %zu file%s, the oldest waiting %s%s\n", e->d_name,
		    n, n == 1 ? "" : "s", clock_duration(oldest, age, sizeof(age)),
		    oldest > c->config.max_backlog_minutes ? ": too long" : "");
		late |= oldest > c->config.max_backlog_minutes;
	}
	closedir(d);
	close(dirfd);
	return late;
}

/* The last runs of each command; 1 when the last `run` failed. */
static int
last_runs(PGconn *db, struct vb_error *err)
{
	PGresult *res;
	int failed = 0;

	/* At the run's own now (--now in a test, else the clock), lasting so long. */
	if (store_exec(db, "SELECT command, to_char(now AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD HH24:MI'), round(extract(epoch FROM finished_at -"
	    " started_at)::numeric, 1), coalesce(status, 'running or killed'),"
	    " coalesce(exit_code::text, '-'), coalesce(os_user, '?')"
	    " FROM (SELECT DISTINCT ON (command) * FROM vborder.run"
	    "  ORDER BY command, id DESC) r"
	    " ORDER BY id DESC", 0, NULL, &res, err) == -1)
		return -1;
	printf("Last runs (UTC):\n");
	for (int i = 0; i < PQntuples(res); i++) {
		printf("  %-18s %s  %6s s  %-18s exit %-3s by %s\n",
		    PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
		    PQgetisnull(res, i, 2) ? "-" : PQgetvalue(res, i, 2),
		    PQgetvalue(res, i, 3), PQgetvalue(res, i, 4),
		    PQgetvalue(res, i, 5));
		if (strcmp(PQgetvalue(res, i, 0), "run") == 0 &&
		    strcmp(PQgetvalue(res, i, 3), "failed") == 0)
			failed = 1;
	}
	if (PQntuples(res) == 0)
		printf("  none yet\n");
	PQclear(res);
	return failed;
}

/*
 * The last rounds of workers sharing a run (`run --worker`), when there
 * are any; 1 when one has been open longer than the backlog's limit.
 */
static int
rounds(const struct ctx *c, PGconn *db, struct vb_error *err)
{
	char limit[16];
	const char *p[] = {limit};
	PGresult *res;
	int stuck = 0;

	(void)snprintf(limit, sizeof(limit), "%d", c->config.max_backlog_minutes);
	if (store_exec(db, "SELECT r.id, coalesce(r.outcome, 'open, ' || r.stage),"
	    " to_char(r.opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),"
	    " round(extract(epoch FROM coalesce(r.closed_at, clock_timestamp())"
	    "  - r.opened_at)::numeric, 1),"
	    " count(u.id) FILTER (WHERE u.done_at IS NOT NULL), count(u.id),"
	    " count(DISTINCT u.done_by), r.closed_at IS NULL AND r.opened_at"
	    "  < clock_timestamp() - make_interval(mins => $1::int)"
	    " FROM (SELECT * FROM vborder.work_round ORDER BY id DESC LIMIT 3) r"
	    " LEFT JOIN vborder.work_unit u ON u.round_id = r.id"
	    " GROUP BY r.id, r.outcome, r.stage, r.opened_at, r.closed_at"
	    " ORDER BY r.id DESC", 1, p, &res, err) == -1)
		return -1;
	if (PQntuples(res) > 0)
		printf("\nRuns shared by workers (run --worker), the last:\n");
	for (int i = 0; i < PQntuples(res); i++) {
		int late = strcmp(PQgetvalue(res, i, 7), "t") == 0;

		printf("  round %-8s %-17s opened %s  %6s s  %s of %s units done"
		    " by %s worker%s%s\n", PQgetvalue(res, i, 0),
		    PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
		    PQgetvalue(res, i, 3), PQgetvalue(res, i, 4),
		    PQgetvalue(res, i, 5), PQgetvalue(res, i, 6),
		    strcmp(PQgetvalue(res, i, 6), "1") == 0 ? "" : "s",
		    late ? ": open too long" : "");
		stuck |= late;
	}
	PQclear(res);
	return stuck;
}

/* Arrivals due in the window without a list, the lead time, open accounts. */
static int
arrivals(const struct ctx *c, PGconn *db, struct vb_error *err)
{
	struct screen_window w = {.now = c->now, .hours = c->config.window_hours};
	struct screen_params sp;
	PGresult *res = NULL;
	char a[32], b[32];
	int rc = -1;

	screen_params(&w, &sp);
	if (store_exec(db, "SELECT a.transport_id || ' ' || a.departure_port || '-'"
	    " || a.arrival_port, to_char(coalesce(a.scheduled_arrival_utc,"
	    " a.scheduled_arrival_local AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD HH24:MI') FROM vborder.arrival a WHERE "
	    STORE_ARRIVAL_DUE " AND NOT EXISTS (SELECT 1 FROM vborder.target_list l"
	    " WHERE l.arrival_id = a.id) ORDER BY 2", 3, sp.v, &res, err) == -1)
		return -1;
	printf("\nArrivals due in the next %d h without a list: %d\n", w.hours,
	    PQntuples(res));
	for (int i = 0; i < PQntuples(res) && i < 10; i++)
		printf("  %s, arriving %s UTC\n", PQgetvalue(res, i, 0),
		    PQgetvalue(res, i, 1));
	PQclear(res);
	/* The virtual border's measure, over the lists first written in the last day. */
	if (store_exec(db, "SELECT count(*), percentile_cont(0.5) WITHIN GROUP"
	    " (ORDER BY lead)::int, min(lead),"
	    " count(*) FILTER (WHERE lead < 0)"
	    " FROM (SELECT min(l.first_lead_minutes) AS lead"
	    "  FROM vborder.target_list l"
	    "  WHERE l.first_written > $1::timestamptz - interval '24 hours'"
	    "  AND l.first_written <= $1::timestamptz"
	    "  AND l.first_lead_minutes IS NOT NULL GROUP BY l.arrival_id) x",
	    1, sp.v, &res, err) == -1)
		return -1;
	if (strcmp(PQgetvalue(res, 0, 0), "0") == 0)
		printf("Lead time: no list first written in the last 24 h\n");
	else
		printf("Lead time of the %s arrivals first listed in the last 24 h:"
		    " median %s, worst %s, %s listed only after arrival\n",
		    PQgetvalue(res, 0, 0), clock_duration(strtol(PQgetvalue(res, 0, 1), NULL,
		    10), a, sizeof(a)), clock_duration(strtol(PQgetvalue(res, 0, 2), NULL, 10),
		    b, sizeof(b)), PQgetvalue(res, 0, 3));
	PQclear(res);
	/* High targets of arrivals that have passed, nobody recorded an outcome for. */
	if (store_exec(db, "SELECT count(DISTINCT k), count(DISTINCT l.arrival_id)"
	    " FROM vborder.target_list l JOIN vborder.arrival a"
	    "  ON a.id = l.arrival_id, unnest(l.high_targets) k"
	    " WHERE a.scheduled_arrival_utc < $1::timestamptz"
	    " AND NOT EXISTS (SELECT 1 FROM vborder.target t"
	    "  JOIN vborder.outcome o ON o.target_id = t.id"
	    "  WHERE t.arrival_id = l.arrival_id"
	    "  AND t.subject_key = substr(k, strpos(k, '-') + 1))", 1, sp.v, &res,
	    err) == -1)
		return -1;
	printf("High targets without an outcome on arrivals that have passed:"
	    " %s, on %s arrivals\n", PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1));
	PQclear(res);
	/* Proof of screening: what carriers sent last was screened before arrival. */
	if (store_exec(db, "SELECT count(*) FROM vborder.arrival a"
	    " JOIN vborder.arrival_proof pr ON pr.arrival_id = a.id"
	    " WHERE coalesce(a.scheduled_arrival_utc, a.scheduled_arrival_local"
	    "  AT TIME ZONE 'UTC') BETWEEN $1::timestamptz - interval '24 hours'"
	    "  AND $1::timestamptz AND pr.stale", 1, sp.v, &res, err) == -1)
		return -1;
	printf("Arrivals of the last 24 h that arrived without a screen after"
	    " their last message: %s\n", PQgetvalue(res, 0, 0));
	PQclear(res);
	if (store_exec(db, "SELECT (SELECT count(*) FROM vborder.referral"
	    "  WHERE closed_at IS NULL),"
	    " (SELECT 'R' || id || ', raised ' || to_char(raised_at AT TIME ZONE"
	    "  'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC for ' || carrier"
	    "  FROM vborder.referral WHERE closed_at IS NULL"
	    "  ORDER BY raised_at, id LIMIT 1)", 0, NULL, &res, err) == -1)
		goto done;
	printf("Open cargo referrals: %s%s%s\n", PQgetvalue(res, 0, 0),
	    PQgetisnull(res, 0, 1) ? "" : ", the oldest ",
	    PQgetisnull(res, 0, 1) ? "" : PQgetvalue(res, 0, 1));
	PQclear(res);
	res = NULL;
	/* What carriers were told they had not sent, and still have not. */
	if (store_exec(db, "SELECT n.kind, n.carrier, a.transport_id || ' '"
	    " || a.departure_port || '-' || a.arrival_port, to_char(n.issued_at"
	    " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')"
	    " FROM vborder.notice n JOIN vborder.arrival a ON a.id = n.arrival_id"
	    " WHERE n.resolved_at IS NULL ORDER BY n.issued_at, n.id", 0, NULL,
	    &res, err) == -1)
		goto done;
	printf("Open missing-data notices: %d\n", PQntuples(res));
	for (int i = 0; i < PQntuples(res) && i < 10; i++)
		printf("  %s to %s for %s, issued %s UTC\n", PQgetvalue(res, i, 0),
		    PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
		    PQgetvalue(res, i, 3));
	rc = 0;
done:
	PQclear(res);
	return rc;
}

int
cmd_status(struct ctx *c, int argc, char **argv)
{
	const char *dropbox = c->config.dropbox[0] != '\0' ? c->config.dropbox :
	    NULL;
	struct vb_error err;
	char now[32];
	PGconn *db;
	int failed, stuck, late = 0;

	(void)argv;
	if (argc != 1)
		return usage("status");
	clock_format(c->now, now, sizeof(now));
	printf("vborder status at %s\n\n", now);
	if ((db = connect_db(c)) == NULL) {
		printf("Database: unreachable\nUnhealthy: the database cannot be"
		    " reached\n");
		return EX_TEMPFAIL;
	}
	vb_err_clear(&err);
	if ((failed = last_runs(db, &err)) == -1 ||
	    (stuck = rounds(c, db, &err)) == -1 || arrivals(c, db, &err) == -1) {
		store_disconnect(db);
		return fail(&err);
	}
	store_disconnect(db);
	if (dropbox != NULL)
		late = backlog(c, dropbox);
	if (!failed && !late && !stuck) {
		printf("\nHealthy\n");
		return EX_OK;
	}
	printf("\nUnhealthy:%s%s%s\n", failed ? " the last run failed;" : "",
	    stuck ? " workers' round open too long;" : "",
	    late ? " files have waited too long" : "");
	return EX_TEMPFAIL;
}
