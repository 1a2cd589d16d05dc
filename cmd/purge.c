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
	int days = c->config.retention_days;
	struct purge_stats st;
	struct vb_error err;
	const char *errstr;
	long long run_id;
	PGconn *db;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'D':
			days = (int)strtonum(optarg, 1, 36600, &errstr);
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
	if ((db = connect_db(c)) == NULL)
		return EX_TEMPFAIL;
	if ((rc = take_lock(db)) != EX_OK)
		goto done;
	vb_err_clear(&err);
	run_id = run_begin(c, db, "purge");
	if (purge_run(db, c->now, days, dropbox, out, &st, &err) == -1) {
		rc = run_end(db, run_id, fail(&err), NULL);
		goto done;
	}
	log_info(c, "purge: older than %d days: %zu arrivals and %zu messages"
	    " removed from the database, %zu dropbox files, %zu target list"
	    " files", days, st.arrivals, st.manifests, st.files, st.lists);
	{
		char subject[64];

		(void)snprintf(subject, sizeof(subject), "older than %d days",
		    days);
		audit(c, db, "purge", subject, json_pack("{s:I, s:I, s:I, s:I}",
		    "arrivals", (json_int_t)st.arrivals, "messages",
		    (json_int_t)st.manifests, "dropbox_files",
		    (json_int_t)st.files, "list_files", (json_int_t)st.lists));
	}
	rc = run_end(db, run_id, EX_OK, json_pack("{s:i, s:I, s:I, s:I, s:I}",
	    "days", days, "arrivals", (json_int_t)st.arrivals, "messages",
	    (json_int_t)st.manifests, "dropbox_files", (json_int_t)st.files,
	    "list_files", (json_int_t)st.lists));
done:
	store_disconnect(db);
	return rc;
}
