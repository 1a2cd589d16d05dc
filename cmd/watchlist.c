#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "store/store.h"
#include "lists/watchlist.h"
#include "cmd.h"

static void
report_row(void *arg, long line, const char *message)
{
	const char *file = arg;

	log_error("%s:%ld: row rejected: %s", file, line, message);
}

static int
load(struct ctx *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"agency", required_argument, NULL, 'a'},
		{"list", required_argument, NULL, 'l'},
		{"format", required_argument, NULL, 'f'},
		{"replace", no_argument, NULL, 'r'},
		{NULL, 0, NULL, 0},
	};
	struct wl_load_opts o = {NULL, NULL, "native", 0, NULL, NULL};
	struct wl_load_stats st;
	struct vb_error err;
	char now[32];
	FILE *in;
	PGconn *db;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a': o.agency = optarg; break;
		case 'l': o.list = optarg; break;
		case 'f': o.format = optarg; break;
		case 'r': o.replace = 1; break;
		default: return usage("watchlist");
		}
	}
	if (optind + 1 != argc || o.agency == NULL || o.list == NULL)
		return usage("watchlist");
	o.file_name = argv[optind];
	vb_err_clear(&err);
	if (strcmp(o.format, "auto") == 0 && strcmp(o.file_name, "-") != 0 &&
	    (o.format = wl_detect_format(o.file_name, &err)) == NULL) {
		log_error("%s", err.message);
		return EX_NOINPUT;
	}
	if (wl_reader(o.format) == NULL) {
		log_error("--format %s: native, opensanctions, ftm or auto", o.format);
		return EX_USAGE;
	}
	if ((in = wl_open(o.file_name, &err)) == NULL) {
		log_error("%s", err.message);
		return EX_NOINPUT;
	}
	clock_format(c->now, now, sizeof(now));
	o.now_iso = now;
	if ((db = connect_db(c)) == NULL) {
		rc = EX_TEMPFAIL;
		goto close;
	}
	vb_err_clear(&err);
	if (wl_load(db, &o, in, report_row, (void *)o.file_name, &st, &err) == -1)
		rc = fail(&err);
	else {
		log_info(c, "%s/%s version %d: %zu entries loaded, %zu rows rejected,"
		    " %zu withdrawn", o.agency, o.list, st.version, st.loaded,
		    st.rejected, st.withdrawn);
		rc = st.rejected > 0 ? EX_DATAERR : EX_OK;
	}
	store_disconnect(db);
close:
	fclose(in);
	return rc;
}

static int
ls(struct ctx *c)
{
	struct vb_error err;
	PGresult *res;
	PGconn *db;

	if ((db = connect_db(c)) == NULL)
		return EX_TEMPFAIL;
	vb_err_clear(&err);
	if ((res = wl_ls(db, &err)) == NULL) {
		store_disconnect(db);
		return fail(&err);
	}
	printf("%-14s %-20s %7s %9s  %-20s  %-13s %-16s %s\n", "AGENCY",
	    "LIST", "VERSION", "ENTRIES", "LOADED", "FORMAT", "SHARED WITH",
	    "FILE");
	for (int i = 0; i < PQntuples(res); i++)
		printf("%-14s %-20s %7s %9s  %-20s  %-13s %-16s %s\n",
		    PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
		    PQgetvalue(res, i, 2), PQgetvalue(res, i, 3),
		    PQgetvalue(res, i, 4), PQgetvalue(res, i, 5),
		    PQgetvalue(res, i, 7), PQgetvalue(res, i, 6));
	PQclear(res);
	store_disconnect(db);
	return EX_OK;
}

static int
share(struct ctx *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"agency", required_argument, NULL, 'a'},
		{"list", required_argument, NULL, 'l'},
		{"with", required_argument, NULL, 'w'},
		{"all", no_argument, NULL, 'A'},
		{NULL, 0, NULL, 0},
	};
	const char *agency = NULL, *list = NULL, *with = NULL;
	struct vb_error err;
	PGconn *db;
	int ch, all = 0, rc = EX_OK;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a': agency = optarg; break;
		case 'l': list = optarg; break;
		case 'w': with = optarg; break;
		case 'A': all = 1; break;
		default: return usage("watchlist");
		}
	}
	if (optind != argc || agency == NULL || list == NULL ||
	    (with == NULL) == (all == 0))
		return usage("watchlist");
	if ((db = connect_db(c)) == NULL)
		return EX_TEMPFAIL;
	vb_err_clear(&err);
	if (wl_share(db, agency, list, all ? NULL : with, &err) == -1) {
		/* No such list: the operator's typo, not data. */
		if (err.code == VB_EINVALID) {
			log_error("%s", err.message);
			rc = EX_USAGE;
		} else
			rc = fail(&err);
	} else if (all)
		log_info(c, "%s/%s: hits visible to every agency", agency, list);
	else if (*with == '\0')
		log_info(c, "%s/%s: hits visible to %s only", agency, list, agency);
	else
		log_info(c, "%s/%s: hits visible to %s and %s", agency, list,
		    agency, with);
	store_disconnect(db);
	return rc;
}

static void
report_refresh(void *arg, const struct wl_refresh_report *r)
{
	const struct ctx *c = arg;

	switch (r->status) {
	case WL_REFRESH_LOADED:
		log_info(c, "%s/%s: version %d from %s (%s): %zu entries, %zu rows"
		    " rejected, %zu withdrawn", r->agency, r->list,
		    r->stats->version, r->path, r->format, r->stats->loaded,
		    r->stats->rejected, r->stats->withdrawn);
		break;
	case WL_REFRESH_UNCHANGED:
		log_debug(c, "%s/%s: %s unchanged", r->agency, r->list, r->path);
		break;
	case WL_REFRESH_REFUSED:
		log_error("%s/%s: %s refused, the previous version stays: %s",
		    r->agency, r->list, r->path, r->error->message);
		break;
	}
}

/* A refresh names the file in its report line after the file's rows. */
static void
report_refresh_row(void *arg, long line, const char *message)
{
	(void)arg;
	log_error("line %ld: row rejected: %s", line, message);
}

static int
refresh(struct ctx *c, int argc, char **argv)
{
	struct wl_refresh_stats st;
	struct vb_error err;
	char now[32];
	PGconn *db;
	int rc;

	if (argc != 2)
		return usage("watchlist");
	if ((db = connect_db(c)) == NULL)
		return EX_TEMPFAIL;
	clock_format(c->now, now, sizeof(now));
	vb_err_clear(&err);
	if (wl_refresh(db, argv[1], now, report_refresh_row, report_refresh, c,
	    &st, &err) == -1)
		rc = fail(&err);
	else {
		log_info(c, "refresh: %zu list%s loaded, %zu unchanged, %zu refused",
		    st.loaded, st.loaded == 1 ? "" : "s", st.unchanged, st.refused);
		rc = st.refused > 0 || st.rows_rejected > 0 ? EX_DATAERR : EX_OK;
	}
	store_disconnect(db);
	return rc;
}

int
cmd_watchlist(struct ctx *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "load") == 0)
		return load(c, argc - 1, argv + 1);
	if (argc == 2 && strcmp(argv[1], "ls") == 0)
		return ls(c);
	if (argc >= 2 && strcmp(argv[1], "share") == 0)
		return share(c, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "refresh") == 0)
		return refresh(c, argc - 1, argv + 1);
	return usage("watchlist");
}
