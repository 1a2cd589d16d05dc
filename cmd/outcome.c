#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "outcomes/outcomes.h"
#include "store/store.h"
#include "cmd.h"

static int
record(struct ctx *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"outcome", required_argument, NULL, 'o'},
		{"note", required_argument, NULL, 'n'},
		{"by", required_argument, NULL, 'b'},
		{NULL, 0, NULL, 0},
	};
	const char *outcome = NULL, *note = NULL, *by = NULL;
	struct outcome_result r;
	struct vb_error err;
	char now[32];
	PGconn *db;
	int ch, rc = EX_OK;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o': outcome = optarg; break;
		case 'n': note = optarg; break;
		case 'b': by = optarg; break;
		default: return usage("outcome");
		}
	}
	if (optind + 1 != argc || outcome == NULL)
		return usage("outcome");
	if (!outcome_valid(outcome)) {
		log_error("--outcome %s: one of %s", outcome, outcome_names);
		return EX_USAGE;
	}
	if (by == NULL || *by == '\0')
		by = os_user();
	if ((db = connect_db(c)) == NULL)
		return EX_TEMPFAIL;
	vb_err_clear(&err);
	clock_format(c->now, now, sizeof(now));
	if (outcome_record(db, argv[optind], outcome, note, by, now, &r,
	    &err) == -1) {
		/* A mistyped id is the officer's, not the data's. */
		if (err.code == VB_EINVALID) {
			log_error("%s", err.message);
			rc = EX_USAGE;
		} else
			rc = fail(&err);
		goto done;
	}
	audit(c, db, "outcome", r.target, json_pack("{s:s, s:s?, s:s, s:s,"
	    " s:I}", "outcome", outcome, "note", note, "by", by, "subject",
	    r.subject, "entries_suppressed", (json_int_t)r.suppressed));
	log_info(c, "%s (%s): %s recorded by %s at %s", r.target, r.subject,
	    outcome, by, now);
	if (r.suppressed > 0)
		log_info(c, "%s: %zu watchlist entr%s will not hit this person"
		    " again until %s", r.target, r.suppressed,
		    r.suppressed == 1 ? "y" : "ies",
		    r.suppressed == 1 ? "it changes" : "they change");
done:
	store_disconnect(db);
	return rc;
}

int
cmd_outcome(struct ctx *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "record") == 0)
		return record(c, argc - 1, argv + 1);
	return usage("outcome");
}
