#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "targets/targets.h"
#include "cmd.h"

void
report_list(void *arg, const struct targets_list *l)
{
	const struct ctx *c = arg;

	log_info(c, "%s: %zu screened, %zu target%s", l->path, l->screened,
	    l->targets, l->targets == 1 ? "" : "s");
	if (l->replaced != NULL)
		log_info(c, "%s: removed: two arrivals of the day share that name,"
		    " so each list's name now ends in its departure time",
		    l->replaced);
}

int
cmd_targets(struct ctx *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"out", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, 'f'},
		{"window", required_argument, NULL, 'w'},
		{"all", no_argument, NULL, 'a'},
		{"for", required_argument, NULL, 'F'},
		{NULL, 0, NULL, 0},
	};
	struct screen_window w = {.now = c->now,
	    .hours = c->config.window_hours, .link_cap = c->config.link_cap};
	const char *out = c->config.out[0] != '\0' ? c->config.out : NULL;
	const char *formats = c->config.formats, *for_agency = NULL;
	struct targets_stats st;
	struct vb_error err;
	unsigned fmt;
	long long run_id;
	PGconn *db;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o': out = optarg; break;
		case 'f': formats = optarg; break;
		case 'w':
			if (parse_hours(optarg, &w.hours) == -1)
				return EX_USAGE;
			break;
		case 'a': w.all = 1; break;
		case 'F': for_agency = optarg; break;
		default: return usage("targets");
		}
	}
	if (optind != argc || out == NULL)
		return usage("targets");
	if (targets_parse_formats(formats, &fmt) == -1) {
		log_error("--format %s: a list of json, csv and html", formats);
		return EX_USAGE;
	}
	if ((db = connect_db(c)) == NULL)
		return EX_TEMPFAIL;
	if ((rc = take_lock(db)) != EX_OK)
		goto done;
	vb_err_clear(&err);
	run_id = run_begin(c, db, "targets");
	if (targets_write(db, &w, out, fmt, for_agency, report_list, c, &st,
	    &err) == -1) {
		rc = run_end(db, run_id, fail(&err), NULL);
		goto done;
	}
	log_info(c, "targets: %zu list%s, %zu targets, in %s", st.lists,
	    st.lists == 1 ? "" : "s", st.targets, out);
	if (st.unchanged > 0)
		log_info(c, "targets: %zu list%s left as %s, made from the same",
		    st.unchanged, st.unchanged == 1 ? "" : "s",
		    st.unchanged == 1 ? "it was" : "they were");
	if (st.warning[0] != '\0')
		log_warning("targets: %s", st.warning);
	rc = run_end(db, run_id, EX_OK, json_pack("{s:I, s:I, s:I, s:s?}",
	    "lists", (json_int_t)st.lists, "unchanged", (json_int_t)st.unchanged,
	    "targets", (json_int_t)st.targets, "for_agency", for_agency));
done:
	store_disconnect(db);
	return rc;
}
