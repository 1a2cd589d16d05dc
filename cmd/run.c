#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/version.h"
#include "ingest/ingest.h"
#include "notices/notices.h"
#include "screen/screen.h"
#include "store/store.h"
#include "targets/targets.h"
#include "cmd.h"

/* Missing-data notices ([notices] of the configuration, core/notices/). */
int
run_check_notices(const struct ctx *c, PGconn *db, const char *now_iso,
    struct vb_error *err)
{
	struct notice_rules r = {c->config.api_minutes, c->config.pnr_minutes,
	    c->config.waybill_minutes};
	size_t issued, resolved;

	if (notices_check(db, &r, now_iso, &issued, &resolved, err) == -1)
		return -1;
	if (issued > 0 || resolved > 0)
		log_info(c, "notices: %zu missing-data notice%s issued, %zu"
		    " resolved", issued, issued == 1 ? "" : "s", resolved);
	return 0;
}

void
run_deliver_notices(const struct ctx *c, PGconn *db, const char *dropbox,
    const char *now_iso)
{
	struct vb_error err;
	size_t n;

	vb_err_clear(&err);
	if (notices_deliver(db, dropbox, now_iso, &n, &err) == -1)
		log_warning("notices: %s; those not written wait for the next"
		    " run", err.message);
	if (n > 0)
		log_info(c, "notices: %zu written to the carriers' outboxes", n);
}

/*
 * What the screen and the lists depend on now (screen_inputs, and this
 * run's own options and version), into inputs. 0 or -1.
 */
int
run_inputs(const struct ctx *c, PGconn *db, const struct screen_window *w,
    unsigned fmt, const char *out, char *inputs, size_t size,
    struct vb_error *err)
{
	char digest[33];

	if (screen_inputs(db, w, digest, err) == -1)
		return -1;
	(void)snprintf(inputs, size, "%s %s %d %u %zu %s", digest,
	    vborder_version, w->hours, fmt, c->config.link_cap, out);
	return 0;
}

/*
 * 1 when inputs are those the last run that completed its screen and
 * lists recorded when it was done, 0 when not, -1 with err.
 */
int
run_unchanged(PGconn *db, long long run_id, const char *inputs,
    struct vb_error *err)
{
	char id[24];
	const char *params[] = {id, inputs};

	(void)snprintf(id, sizeof(id), "%lld", run_id);
	return store_truth(db, "SELECT coalesce((SELECT"
	    " r.counts->>'inputs' = $2 FROM vborder.run r"
	    " WHERE r.command = 'run' AND r.id <> $1::bigint"
	    " AND r.counts ? 'inputs'"
	    " AND r.status IN ('done', 'done with rejects')"
	    " ORDER BY r.id DESC LIMIT 1), false)", 2, params, err);
}

int
cmd_run(struct ctx *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"dropbox", required_argument, NULL, 'd'},
		{"out", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, 'f'},
		{"window", required_argument, NULL, 'w'},
		{"workers", required_argument, NULL, 'W'},
		{"worker", no_argument, NULL, 'S'},
		{NULL, 0, NULL, 0},
	};
	struct screen_window w = {.now = c->now,
	    .hours = c->config.window_hours, .link_cap = c->config.link_cap,
	    .progress = progress_out(c), .index_cache = c->config.index_cache};
	const char *dropbox = c->config.dropbox[0] != '\0' ? c->config.dropbox : NULL;
	const char *out = c->config.out[0] != '\0' ? c->config.out : NULL;
	const char *formats = c->config.formats;
	struct ingest_opts io;
	struct ingest_stats is;
	struct screen_stats ss;
	struct targets_stats ts;
	struct vb_error err;
	long long run_id = 0;
	unsigned fmt;
	char now[32], inputs[1400] = "";
	PGconn *db;
	int ch, rc, skip, shared = 0, workers = 0;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd': dropbox = optarg; break;
		case 'o': out = optarg; break;
		case 'f': formats = optarg; break;
		case 'w':
			if (parse_hours(optarg, &w.hours) == -1)
				return EX_USAGE;
			break;
		case 'W':
			if (workers_option(c, optarg) == -1)
				return EX_USAGE;
			workers = 1;
			break;
		case 'S': shared = 1; break;
		default: return usage("run");
		}
	}
	if (optind != argc || dropbox == NULL || out == NULL)
		return usage("run");
	if (targets_parse_formats(formats, &fmt) == -1) {
		log_error("--format %s: a list of json, csv and html", formats);
		return EX_USAGE;
	}
	if (shared && workers) {
		log_error("--worker and --workers: a worker stores its files"
		    " alone; start more workers instead");
		return EX_USAGE;
	}
	if (shared)
		return run_worker(c, dropbox, out, fmt, &w);
	if ((db = connect_db(c)) == NULL)
		return EX_TEMPFAIL;
	if ((rc = take_lock(db)) != EX_OK)
		goto done;
	memset(&is, 0, sizeof(is));
	vb_err_clear(&err);
	clock_format(c->now, now, sizeof(now));
	ingest_options(c, &io);
	/* Screening's hits name the run: no record, no run. */
	if ((run_id = run_begin(c, db, "run")) == 0) {
		rc = EX_TEMPFAIL;
		goto done;
	}
	if (ingest_dropbox(db, dropbox, &io, &is, &err) == -1 ||
	    run_check_notices(c, db, now, &err) == -1 ||
	    run_inputs(c, db, &w, fmt, out, inputs, sizeof(inputs), &err) == -1 ||
	    (skip = run_unchanged(db, run_id, inputs, &err)) == -1) {
		rc = run_end(db, run_id, fail(&err), json_pack("{s:o}", "ingest",
		    ingest_counts(&is)));
		goto done;
	}
	if (skip) {
		deliver_referrals(c, db, dropbox, now);
		run_deliver_notices(c, db, dropbox, now);
		rc = run_end(db, run_id, ingest_exit_code(&is), json_pack("{s:o,"
		    " s:s, s:b}", "ingest", ingest_counts(&is), "inputs", inputs,
		    "unchanged", 1));
		log_info(c, "run: %zu files stored, %zu duplicate, %zu rejected;"
		    " nothing a list depends on changed since the last run:"
		    " screening and lists left as they were", is.stored,
		    is.duplicates, is.rejected);
		goto done;
	}
	/*
	 * Recorded as they are once done: the screen itself changes some
	 * (the referrals it raises), which the next run must not take for new.
	 */
	if (screen_run(db, &w, run_id, &ss, &err) == -1 ||
	    targets_write(db, &w, out, fmt, NULL, report_list, c, &ts,
	    &err) == -1 ||
	    run_inputs(c, db, &w, fmt, out, inputs, sizeof(inputs), &err) == -1) {
		rc = run_end(db, run_id, fail(&err), json_pack("{s:o}", "ingest",
		    ingest_counts(&is)));
		goto done;
	}
	/* Referrals and notices go out once the lists that show them are written. */
	deliver_referrals(c, db, dropbox, now);
	run_deliver_notices(c, db, dropbox, now);
	rc = run_end(db, run_id, ingest_exit_code(&is), json_pack("{s:o, s:o,"
	    " s:{s:I, s:I, s:I}, s:s}", "ingest", ingest_counts(&is), "screen",
	    screen_counts(&ss), "targets", "lists", (json_int_t)ts.lists,
	    "unchanged", (json_int_t)ts.unchanged, "targets",
	    (json_int_t)ts.targets, "inputs", inputs));
	log_info(c, "run: %zu files stored, %zu duplicate, %zu rejected;"
	    " %zu arrivals taken (%zu unchanged since their last screen):"
	    " %zu arrivals, %zu person records (a traveller on API and PNR is"
	    " two) and %zu shipments screened, %zu person hits, %zu shipment"
	    " hits, %zu rule hits, %zu new cargo referrals; %zu lists with %zu"
	    " targets in %s (%zu left as they were)", is.stored, is.duplicates,
	    is.rejected, ss.taken, ss.unchanged, ss.arrivals, ss.persons,
	    ss.shipments, ss.hits, ss.shipment_hits, ss.rule_hits,
	    ss.referrals, ts.lists, ts.targets, out, ts.unchanged);
	log_index(c, &w, &ss);
	if (ts.warning[0] != '\0')
		log_warning("targets: %s", ts.warning);
	log_links(c, &ss.links);
done:
	store_disconnect(db);
	return rc;
}
