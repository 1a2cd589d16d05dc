#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../core/clock.h"
#include "../core/store.h"
#include "../core/watchlist.h"
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
	if (strcmp(o.format, "native") != 0) {
		log_error("--format %s: this version reads native CSV only", o.format);
		return EX_USAGE;
	}
	o.file_name = argv[optind];
	if (strcmp(o.file_name, "-") == 0)
		in = stdin;
	else if ((in = fopen(o.file_name, "r")) == NULL) {
		log_error("%s: cannot read it", o.file_name);
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
	if (in != stdin)
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
	printf("%-14s %-20s %7s %9s  %-20s  %-8s %s\n", "AGENCY", "LIST",
	    "VERSION", "ENTRIES", "LOADED", "FORMAT", "FILE");
	for (int i = 0; i < PQntuples(res); i++)
		printf("%-14s %-20s %7s %9s  %-20s  %-8s %s\n", PQgetvalue(res, i, 0),
		    PQgetvalue(res, i, 1), PQgetvalue(res, i, 2), PQgetvalue(res, i, 3),
		    PQgetvalue(res, i, 4), PQgetvalue(res, i, 5), PQgetvalue(res, i, 6));
	PQclear(res);
	store_disconnect(db);
	return EX_OK;
}

int
cmd_watchlist(struct ctx *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "load") == 0)
		return load(c, argc - 1, argv + 1);
	if (argc == 2 && strcmp(argv[1], "ls") == 0)
		return ls(c);
	return usage("watchlist");
}
