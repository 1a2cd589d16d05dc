#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
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

static void
report_kept(void *arg, const char *id, long line, const char *message)
{
	const char *file = arg;

	log_error("%s:%ld: entry %s kept as it was, its row rejected: %s", file,
	    line, id, message);
}

/* ", N kept as they were" when a rejected row kept its entry, else "". */
static const char *
kept_note(const struct wl_load_stats *st, char *buf, size_t bufsz)
{
	int n;

	if (st->kept == 0)
		return "";
	n = snprintf(buf, bufsz, ", %zu kept as they were (rows rejected)",
	    st->kept);
	return n < 0 || (size_t)n >= bufsz ? "" : buf;
}

/* --max-withdraw: a share 0..1 such as 0.25. */
static int
parse_share(const char *s, double *share)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || !(d >= 0 && d <= 1))
		return -1;
	*share = d;
	return 0;
}

/* The file named before the reason: "FILE: line N: why". */
static int
fail_file(const char *file, const struct vb_error *err)
{
	struct vb_error e = *err;
	int n;

	if (err->code == VB_EDB)
		return fail(err);
	n = snprintf(e.message, sizeof(e.message), "%s: %s", file, err->message);
	if (n < 0 || (size_t)n >= sizeof(e.message))
		strlcpy(e.message + sizeof(e.message) - 4, "...", 4);
	return fail(&e);
}

static int
load(struct ctx *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"agency", required_argument, NULL, 'a'},
		{"list", required_argument, NULL, 'l'},
		{"format", required_argument, NULL, 'f'},
		{"replace", no_argument, NULL, 'r'},
		{"force", no_argument, NULL, 'F'},
		{"max-withdraw", required_argument, NULL, 'm'},
		{NULL, 0, NULL, 0},
	};
	struct wl_load_opts o = {.format = "native",
	    .max_withdraw_share = c->config.max_withdraw_share,
	    .max_withdraw_floor = (size_t)c->config.max_withdraw_floor,
	    .on_kept = report_kept, .progress = progress_out(c)};
	struct wl_load_stats st;
	struct vb_error err;
	char now[32], note[64];
	FILE *in;
	long long run_id;
	PGconn *db;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a': o.agency = optarg; break;
		case 'l': o.list = optarg; break;
		case 'f': o.format = optarg; break;
		case 'r': o.replace = 1; break;
		case 'F': o.force = 1; break;
		case 'm':
			if (parse_share(optarg, &o.max_withdraw_share) == -1) {
				log_error("--max-withdraw %s: a share from 0 to 1,"
				    " such as 0.25", optarg);
				return EX_USAGE;
			}
			break;
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
	memset(&st, 0, sizeof(st));
	run_id = run_begin(c, db, "watchlist load");
	if (wl_load(db, &o, in, report_row, (void *)o.file_name, &st, &err) == -1) {
		rc = fail_file(o.file_name, &err);
		if (st.withdraw_refused)
			log_error("if the list really is that much shorter, load"
			    " it again with --force");
	} else {
		log_info(c, "%s/%s version %d: %zu entries loaded, %zu rows rejected,"
		    " %zu withdrawn%s", o.agency, o.list, st.version, st.loaded,
		    st.rejected, st.withdrawn, kept_note(&st, note, sizeof(note)));
		rc = st.rejected > 0 ? EX_DATAERR : EX_OK;
		(void)snprintf(note, sizeof(note), "%s/%s v%d", o.agency, o.list,
		    st.version);
		audit(c, db, "watchlist load", note, json_pack("{s:s, s:s, s:b,"
		    " s:I, s:I, s:I}", "file", o.file_name, "format", o.format,
		    "replace", o.replace, "loaded", (json_int_t)st.loaded,
		    "rejected", (json_int_t)st.rejected, "withdrawn",
		    (json_int_t)st.withdrawn));
	}
	(void)run_end(db, run_id, rc, json_pack("{s:s, s:s, s:s, s:i, s:I, s:I,"
	    " s:I}", "agency", o.agency, "list", o.list, "file", o.file_name,
	    "version", st.version, "loaded", (json_int_t)st.loaded, "rejected",
	    (json_int_t)st.rejected, "withdrawn", (json_int_t)st.withdrawn));
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
	char subject[256];
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
		goto done;
	}
	(void)snprintf(subject, sizeof(subject), "%s/%s", agency, list);
	audit(c, db, "watchlist share", subject, json_pack("{s:s?}", "with",
	    all ? NULL : with));
	if (all)
		log_info(c, "%s/%s: hits visible to every agency", agency, list);
	else if (*with == '\0')
		log_info(c, "%s/%s: hits visible to %s only", agency, list, agency);
	else
		log_info(c, "%s/%s: hits visible to %s and %s", agency, list,
		    agency, with);
done:
	store_disconnect(db);
	return rc;
}

/* What a refresh's reports need: the run's context and its connection. */
struct refreshing {
	const struct ctx *c;
	PGconn *db;
};

static void
report_refresh(void *arg, const struct wl_refresh_report *r)
{
	const struct refreshing *rf = arg;
	const struct ctx *c = rf->c;
	char note[64];

	switch (r->status) {
	case WL_REFRESH_LOADED:
		log_info(c, "%s/%s: version %d from %s (%s): %zu entries, %zu rows"
		    " rejected, %zu withdrawn%s", r->agency, r->list,
		    r->stats->version, r->path, r->format, r->stats->loaded,
		    r->stats->rejected, r->stats->withdrawn,
		    kept_note(r->stats, note, sizeof(note)));
		/* Each list's load is audited as a `watchlist load` is. */
		(void)snprintf(note, sizeof(note), "%s/%s v%d", r->agency, r->list,
		    r->stats->version);
		audit(c, rf->db, "watchlist load", note, json_pack("{s:s, s:s,"
		    " s:b, s:I, s:I, s:I, s:s}", "file", r->path, "format",
		    r->format, "replace", 1, "loaded", (json_int_t)r->stats->loaded,
		    "rejected", (json_int_t)r->stats->rejected, "withdrawn",
		    (json_int_t)r->stats->withdrawn, "by", "refresh"));
		break;
	case WL_REFRESH_UNCHANGED:
		log_debug(c, "%s/%s: %s unchanged", r->agency, r->list, r->path);
		break;
	case WL_REFRESH_UPLOADING:
		log_info(c, "%s/%s: %s is still being uploaded: skipped", r->agency,
		    r->list, r->path);
		break;
	case WL_REFRESH_REFUSED:
		log_error("%s/%s: %s refused, the previous version stays: %s",
		    r->agency, r->list, r->path, r->error->message);
		/* Not retried until it changes: the operator decides. */
		if (r->stats != NULL && r->stats->withdraw_refused)
			log_error("%s/%s: if the list really is that much shorter:"
			    " vborder watchlist load --agency %s --list %s"
			    " --replace --force '%s'", r->agency, r->list,
			    r->agency, r->list, r->path);
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

static void
report_refresh_kept(void *arg, const char *id, long line, const char *message)
{
	(void)arg;
	log_error("line %ld: entry %s kept as it was, its row rejected: %s", line,
	    id, message);
}

static int
refresh(struct ctx *c, int argc, char **argv)
{
	struct wl_refresh_opts o = {
		.max_withdraw_share = c->config.max_withdraw_share,
		.max_withdraw_floor = (size_t)c->config.max_withdraw_floor,
		.on_reject = report_refresh_row,
		.on_kept = report_refresh_kept,
		.report = report_refresh,
		.progress = progress_out(c),
	};
	struct refreshing rf = {c, NULL};
	struct wl_refresh_stats st;
	struct vb_error err;
	long long run_id;
	char now[32];
	PGconn *db;
	int rc;

	if (argc != 2)
		return usage("watchlist");
	if ((db = connect_db(c)) == NULL)
		return EX_TEMPFAIL;
	rf.db = db;
	o.arg = &rf;
	clock_format(c->now, now, sizeof(now));
	o.now_iso = now;
	vb_err_clear(&err);
	memset(&st, 0, sizeof(st));
	run_id = run_begin(c, db, "watchlist refresh");
	if (wl_refresh(db, argv[1], &o, &st, &err) == -1)
		rc = fail(&err);
	else {
		log_info(c, "refresh: %zu list%s loaded, %zu unchanged, %zu refused,"
		    " %zu still being uploaded", st.loaded,
		    st.loaded == 1 ? "" : "s", st.unchanged, st.refused,
		    st.uploading);
		rc = st.refused > 0 || st.rows_rejected > 0 ? EX_DATAERR : EX_OK;
	}
	(void)run_end(db, run_id, rc, json_pack("{s:I, s:I, s:I, s:I}",
	    "loaded", (json_int_t)st.loaded, "unchanged",
	    (json_int_t)st.unchanged, "refused", (json_int_t)st.refused,
	    "uploading", (json_int_t)st.uploading));
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
