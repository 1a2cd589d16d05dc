#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "purge/purge.h"
#include "store/store.h"
#include "cmd.h"

int
cmd_purge(struct ctx *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"days", required_argument, NULL, 'D'},
		{"dropbox", required_argument, NULL, 'd'},
		{"out", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	const char *dropbox = c->config.dropbox[0] != '\0' ? c->config.dropbox : NULL;
	const char *out = c->config.out[0] != '\0' ? c->config.out : NULL;
	struct config_retention rt = c->config.retention;
	struct purge_stats st;
	struct vb_error err;
	const char *errstr;
	long long run_id;
	json_t *counts;
	PGconn *db;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'D':
			rt.days = (int)strtonum(optarg, 1, 36600, &errstr);
			if (errstr != NULL) {
				log_error("--days %s: %s (1 to 36600)", optarg, errstr);
				return EX_USAGE;
			}
			break;
		case 'd': dropbox = optarg; break;
		case 'o': out = optarg; break;
		default: return usage("purge");
		}
	}
	if (optind != argc)
		return usage("purge");
	vb_err_clear(&err);
	if (purge_policy(&rt, &rt, &err) == -1)
		return fail(&err);
	if ((db = connect_db(c)) == NULL)
		return EX_TEMPFAIL;
	if ((rc = take_lock(db)) != EX_OK)
		goto done;
	run_id = run_begin(c, db, "purge");
	if (purge_run(db, c->now, &rt, dropbox, out, &st, &err) == -1) {
		rc = run_end(db, run_id, fail(&err), NULL);
		goto done;
	}
	log_info(c, "purge: API after %d days, PNR depersonalised after %d and"
	    " deleted after %d, cargo after %d, lists after %d, run records and"
	    " audit after %d", rt.api_days, rt.pnr_depersonalise_days,
	    rt.pnr_days, rt.cargo_days, rt.days, rt.records_days);
	log_info(c, "purge: %zu arrivals, %zu messages, %zu API records removed"
	    " (%zu past their time kept for an outcome), %zu PNR records"
	    " depersonalised, %zu run records and audit lines removed; %zu"
	    " dropbox files, %zu target list files", st.arrivals, st.manifests,
	    st.api_people, st.api_kept, st.pnr_masked, st.records, st.files,
	    st.lists);
	counts = json_pack("{s:{s:i, s:i, s:i, s:i, s:i, s:i}, s:I, s:I, s:I,"
	    " s:I, s:I, s:I, s:I, s:I}", "days", "api", rt.api_days,
	    "pnr_depersonalise", rt.pnr_depersonalise_days, "pnr", rt.pnr_days,
	    "cargo", rt.cargo_days, "lists", rt.days, "records", rt.records_days,
	    "arrivals", (json_int_t)st.arrivals, "messages",
	    (json_int_t)st.manifests, "api_records", (json_int_t)st.api_people,
	    "api_kept", (json_int_t)st.api_kept, "pnr_depersonalised",
	    (json_int_t)st.pnr_masked, "records", (json_int_t)st.records,
	    "dropbox_files", (json_int_t)st.files, "list_files",
	    (json_int_t)st.lists);
	audit(c, db, "purge", "retention", json_incref(counts));
	rc = run_end(db, run_id, EX_OK, counts);
done:
	store_disconnect(db);
	return rc;
}
