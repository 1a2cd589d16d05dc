#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "screen/screen.h"
#include "store/store.h"
#include "cmd.h"

static const char *
plural(size_t n)
{
	return n == 1 ? "" : "s";
}

int
cmd_screen(struct ctx *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"window", required_argument, NULL, 'w'},
		{"all", no_argument, NULL, 'a'},
		{"full", no_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	struct screen_window w = {.now = c->now,
	    .hours = c->config.window_hours, .link_cap = c->config.link_cap,
	    .progress = progress_out(c), .index_cache = c->config.index_cache};
	struct screen_stats st;
	struct vb_error err;
	long long run_id;
	PGconn *db;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'w':
			if (parse_hours(optarg, &w.hours) == -1)
				return EX_USAGE;
			break;
		case 'a': w.all = 1; break;
		case 'f': w.full = 1; break;
		default: return usage("screen");
		}
	}
	if (optind != argc)
		return usage("screen");
	if ((db = connect_db(c)) == NULL)
		return EX_TEMPFAIL;
	if ((rc = take_lock(db)) != EX_OK)
		goto done;
	vb_err_clear(&err);
	/* Screening's hits name the run: no record, no screen. */
	if ((run_id = run_begin(c, db, "screen")) == 0) {
		rc = EX_TEMPFAIL;
		goto done;
	}
	if (screen_run(db, &w, run_id, &st, &err) == -1) {
		rc = run_end(db, run_id, fail(&err), NULL);
		goto done;
	}
	(void)run_end(db, run_id, EX_OK, screen_counts(&st));
	log_index(c, &w, &st);
	log_info(c, "screen: %zu arrival%s taken, %zu unchanged since %s last"
	    " screen", st.taken, plural(st.taken), st.unchanged,
	    st.unchanged == 1 ? "its" : "their");
	log_info(c, "screen: %zu arrival%s, %zu person record%s and %zu"
	    " shipment%s against %zu watchlist entr%s: %zu person hit%s, %zu"
	    " shipment hit%s", st.arrivals, plural(st.arrivals), st.persons,
	    plural(st.persons), st.shipments, plural(st.shipments), st.entries,
	    st.entries == 1 ? "y" : "ies", st.hits, plural(st.hits),
	    st.shipment_hits, plural(st.shipment_hits));
	log_info(c, "screen: %zu risk rule%s in force: %zu rule hit%s, %zu new"
	    " cargo referral%s", st.rules, plural(st.rules), st.rule_hits,
	    plural(st.rule_hits), st.referrals, plural(st.referrals));
	log_links(c, &st.links);
	rc = EX_OK;
done:
	store_disconnect(db);
	return rc;
}
