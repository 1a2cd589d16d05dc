#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "rules/rules.h"
#include "rules/rules_db.h"
#include "screen/screen.h"
#include "store/store.h"
#include "cmd.h"

/* Reads and checks every file: EX_OK, EX_NOINPUT or EX_DATAERR after saying why. */
static int
read_files(struct rule_set *set, int argc, char **argv)
{
	struct vb_error err;

	for (int i = 0; i < argc; i++) {
		vb_err_clear(&err);
		if (rule_set_read(set, argv[i], &err) == -1) {
			if (err.code == VB_EIO) {
				log_error("%s: %s", argv[i], err.message);
				return EX_NOINPUT;
			}
			if (err.code == VB_ENOMEM)
				return fail(&err);
			log_error("%s; nothing loaded", err.message);
			return EX_DATAERR;
		}
	}
	return EX_OK;
}

static int
load(struct ctx *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"agency", required_argument, NULL, 'a'},
		{NULL, 0, NULL, 0},
	};
	struct rule_set set = {NULL, 0};
	const char *agency = NULL;
	char now[32], files[1024] = "";
	struct vb_error err;
	long long run_id;
	PGconn *db = NULL;
	int ch, rc, version;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a': agency = optarg; break;
		default: return usage("rules");
		}
	}
	if (optind >= argc || agency == NULL || *agency == '\0')
		return usage("rules");
	for (int i = optind; i < argc; i++) {
		if (i > optind)
			(void)strlcat(files, " ", sizeof(files));
		if (strlcat(files, argv[i], sizeof(files)) >= sizeof(files)) {
			log_error("too many file names for one load");
			return EX_USAGE;
		}
	}
	if ((rc = read_files(&set, argc - optind, argv + optind)) != EX_OK)
		goto done;
	if ((db = connect_db(c)) == NULL) {
		rc = EX_TEMPFAIL;
		goto done;
	}
	vb_err_clear(&err);
	clock_format(c->now, now, sizeof(now));
	run_id = run_begin(c, db, "rules load");
	if (rules_store_load(db, agency, &set, files, now, &version, &err) == -1) {
		rc = run_end(db, run_id, fail(&err), NULL);
		goto done;
	}
	log_info(c, "%s rules version %d: %zu rule%s from %s", agency, version,
	    set.n, set.n == 1 ? "" : "s", files);
	{
		char subject[160];

		(void)snprintf(subject, sizeof(subject), "%s v%d", agency,
		    version);
		audit(c, db, "rules load", subject, json_pack("{s:s, s:I}",
		    "files", files, "rules", (json_int_t)set.n));
	}
	rc = run_end(db, run_id, EX_OK, json_pack("{s:s, s:i, s:I, s:s}",
	    "agency", agency, "version", version, "rules", (json_int_t)set.n,
	    "files", files));
done:
	store_disconnect(db);
	rule_set_clear(&set);
	return rc;
}

struct ls_state {
	int protected_shown;
};

static void
ls_row(void *arg, const struct rules_ls_row *r)
{
	struct ls_state *st = arg;
	char validity[32];

	(void)snprintf(validity, sizeof(validity), "%s..%s",
	    r->valid_from != NULL ? r->valid_from : "",
	    r->valid_to != NULL ? r->valid_to : "");
	if (r->protected_attr && !st->protected_shown) {
		printf("\nRules using nationality, gender or age (each with its"
		    " justification):\n");
		st->protected_shown = 1;
	}
	printf("%-12s %7s  %-20s  %-16s %-9s %-6s %6s  %-7s %-22s %s\n",
	    r->agency, r->version, r->loaded_at, r->rule_id, r->applies_to,
	    r->severity, r->weight,
	    strcmp(r->enabled, "true") == 0 ? "yes" : "no", validity,
	    r->title != NULL ? r->title : "");
	if (r->protected_attr)
		printf("%12s justification: %s\n", "",
		    r->justification != NULL ? r->justification : "");
}

static int
ls(struct ctx *c)
{
	struct ls_state st = {0};
	struct vb_error err;
	PGconn *db;
	int rc = EX_OK;

	if ((db = connect_db(c)) == NULL)
		return EX_TEMPFAIL;
	printf("%-12s %7s  %-20s  %-16s %-9s %-6s %6s  %-7s %-22s %s\n",
	    "AGENCY", "VERSION", "LOADED", "RULE", "APPLIES", "SEV", "WEIGHT",
	    "ENABLED", "VALID", "TITLE");
	vb_err_clear(&err);
	if (rules_store_ls(db, ls_row, &st, &err) == -1)
		rc = fail(&err);
	store_disconnect(db);
	return rc;
}

static int
test(struct ctx *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"window", required_argument, NULL, 'w'},
		{"all", no_argument, NULL, 'a'},
		{NULL, 0, NULL, 0},
	};
	struct screen_window w = {.now = c->now,
	    .hours = c->config.window_hours, .link_cap = c->config.link_cap};
	struct rule_set set = {NULL, 0};
	struct rules_engine eng = {NULL, 0};
	struct rules_hit *hits = NULL;
	struct screen_params sp;
	struct vb_error err;
	size_t nhits = 0, subjects = 0;
	char date[11];
	PGconn *db = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'w':
			if (parse_hours(optarg, &w.hours) == -1)
				return EX_USAGE;
			break;
		case 'a': w.all = 1; break;
		default: return usage("rules");
		}
	}
	if (optind + 1 != argc)
		return usage("rules");
	if ((rc = read_files(&set, 1, argv + optind)) != EX_OK)
		goto done;
	screen_params(&w, &sp);
	(void)strlcpy(date, sp.now, sizeof(date));
	vb_err_clear(&err);
	if (rules_engine_take(&eng, &set, "TEST", date, &err) == -1) {
		rc = fail(&err);
		goto done;
	}
	if ((db = connect_db(c)) == NULL) {
		rc = EX_TEMPFAIL;
		goto done;
	}
	/* Reads only, in one snapshot: nothing of it is kept. */
	if (store_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0,
	    NULL, NULL, &err) == -1 ||
	    rules_scan(db, &eng, sp.v, &hits, &nhits, &subjects, &err) == -1) {
		rc = fail(&err);
		goto done;
	}
	store_rollback(db);
	for (size_t i = 0; i < nhits; i++)
		printf("%s\t%s\t%s\t%s\n", hits[i].arrival, hits[i].subject,
		    eng.v[hits[i].rule].r.id, hits[i].explanation);
	log_info(c, "rules test: %zu rule%s in force on %s, %zu subject%s,"
	    " %zu hit%s (nothing saved)", eng.n, eng.n == 1 ? "" : "s", date,
	    subjects, subjects == 1 ? "" : "s", nhits, nhits == 1 ? "" : "s");
	rc = EX_OK;
done:
	free(hits);
	store_disconnect(db);
	rules_engine_free(&eng);
	rule_set_clear(&set);
	return rc;
}

int
cmd_rules(struct ctx *c, int argc, char **argv)
{
	if (argc < 2)
		return usage("rules");
	if (strcmp(argv[1], "load") == 0)
		return load(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "ls") == 0 && argc == 2)
		return ls(c);
	if (strcmp(argv[1], "test") == 0)
		return test(c, argc - 1, argv + 1);
	return usage("rules");
}
