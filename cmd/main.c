/*
 * vborder: pre-arrival screening of passengers and crew against the
 * watchlists of several border agencies. main() reads the global options
 * and hands over to one command; see `vborder help`.
 */
#include <sys/stat.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "base/clock.h"
#include "cmd.h"

const struct command commands[] = {
	{"db", cmd_db, "db migrate | db roles",
	    "apply pending database migrations; create the database roles",
	    "  migrate applies the pending sql/NNNN_*.sql migrations (built into this\n"
	    "  binary) in order, in one transaction. Running it twice is harmless.\n"
	    "  roles creates the group roles vborder_ingest, vborder_lists,\n"
	    "  vborder_screen and vborder_officer (sql/roles.sql; needs CREATEROLE)\n"
	    "  and gives each its grants; once they exist, migrate renews them.\n"},
	{"ingest", cmd_ingest,
	    "ingest [--dropbox DIR] [--workers N] [--carrier CODE] [FILE...]",
	    "store carrier files from the dropbox",
	    "  Claims every complete file in DIR/<carrier>/incoming/, detects its format\n"
	    "  from its content, parses, normalises and stores it in one transaction,\n"
	    "  then moves it to archive/ (or to quarantine/ with <file>.error.json) and\n"
	    "  writes <file>.ack.json to outbox/. Names ending .part, .tmp, .filepart or\n"
	    "  starting with a dot are left alone. FILE arguments are taken one by one:\n"
	    "  a file in a dropbox's incoming/ folder as above, any other file read in\n"
	    "  place under --carrier CODE (default: operator). --workers N (default\n"
	    "  [ingest] workers, else 1) stores N files at once, each process on its\n"
	    "  own connection.\n"
	    "  Exit 65 when any file was rejected, 75 when the database is down.\n"},
	{"watchlist", cmd_watchlist,
	    "watchlist load --agency CODE --list NAME [--format F]\n"
	    "         [--replace [--force] [--max-withdraw SHARE]] FILE\n"
	    "       vborder watchlist ls\n"
	    "       vborder watchlist share --agency CODE --list NAME (--with A,B | --all)\n"
	    "       vborder watchlist refresh DIR",
	    "load, list, share and refresh the agencies' watchlists",
	    "  load: reads FILE (- for standard input; gzip or not) as a new version\n"
	    "  of the list NAME of agency CODE. F is native (CSV, the default),\n"
	    "  opensanctions (targets.simple.csv), ftm (FollowTheMoney JSON lines) or\n"
	    "  auto (told by the content). Entries update by id, and rows marked\n"
	    "  withdrawn leave the list; with --replace, entries not in the file are\n"
	    "  withdrawn. Bad rows are reported with their line and the rest is\n"
	    "  loaded; an entry whose row is bad stays as it was and is reported\n"
	    "  as kept. Refused (exit 65, the previous version stays): more than\n"
	    "  10% of the rows bad; a file cut short (its last row without line\n"
	    "  end and cells, a quote never closed); and, without --force, a replace\n"
	    "  that would withdraw more than a share of the entries in force and more\n"
	    "  than a few ([watchlists] max_withdraw_share, default 0.25, and\n"
	    "  max_withdraw_floor, default 5; --max-withdraw SHARE for this load).\n"
	    "  ls: agencies, lists, versions, entry counts, load times, sharing.\n"
	    "  share: which other agencies see the list's hits in targets --for\n"
	    "  (--with \"\" for none; --all, the default, for every agency).\n"
	    "  refresh: loads every DIR/<agency>/<list>.<ext> that changed since the\n"
	    "  last refresh, whole (--replace, never forced), in the format its\n"
	    "  content shows. Names starting with a dot or ending .part, .tmp or\n"
	    "  .filepart are still being uploaded: skipped, and said so.\n"},
	{"screen", cmd_screen, "screen [--window HOURS [--full] | --all]",
	    "cross-check arrivals against every watchlist",
	    "  Screens everyone on the arrivals due within HOURS of now (default 72, or\n"
	    "  [screen] window_hours) against every agency's watchlists and the risk\n"
	    "  rules in force (enabled, valid on now's date), and replaces their\n"
	    "  hits. Idempotent. Only the arrivals whose messages changed since their\n"
	    "  last screen are taken, or all of the window when a list, a rule set,\n"
	    "  a suppression or the day changed; --full takes every one anyway, and\n"
	    "  --all every arrival whatever its time (the nightly full re-screen).\n"},
	{"targets", cmd_targets,
	    "targets --out DIR [--format json,csv,html] [--window HOURS | --all]\n"
	    "       [--for AGENCY]",
	    "write one prioritised target list per arrival",
	    "  Writes DIR/<YYYY-MM-DD>/<transport>_<from>-<to>.<format> for each arrival\n"
	    "  in the window: the people with hits, highest priority first, with every\n"
	    "  agency's reasons. When two arrivals of a day share that name, each name\n"
	    "  ends in its scheduled departure time (_0820; README tells the rest) and\n"
	    "  the list under the plain name is removed. With --for, only what AGENCY\n"
	    "  may see: hits of its own lists and of lists shared with it (give each\n"
	    "  agency its own DIR).\n"},
	{"run", cmd_run, "run --dropbox DIR --out DIR [--format F] [--window HOURS]\n"
	    "         [--workers N | --worker]",
	    "ingest, screen and targets as one locked run (what cron calls)",
	    "  The hourly job. Exits 75 when another run holds the lock or the database\n"
	    "  is down (nothing consumed), 65 when a file was rejected.\n"
	    "  --workers N  store the files with N processes on this host\n"
	    "  --worker     share the run with the other workers started at the same\n"
	    "               time, on this host or others (docs/SCALING.md): the\n"
	    "               first opens a round of work, each claims files, arrivals\n"
	    "               to screen and lists to write; the same lists as one run\n"},
	{"names", cmd_names, "names compare [--threshold T]",
	    "the name matcher as a tool: compare pairs of names",
	    "  Reads CSV with a header on standard input: id, name_a, name_b and an\n"
	    "  optional schema (FollowTheMoney's Person, Company, Organization,\n"
	    "  LegalEntity, PublicBody, Vessel; blank when unknown, then an\n"
	    "  organisation if either name has a legal form, a digit or a common\n"
	    "  organisation word). Writes id,score,decision for every row it takes:\n"
	    "  the score screening gives two records with only these names (0 to 1),\n"
	    "  and 1 when it reaches T (default the screening threshold, 0.70). A row\n"
	    "  of another schema, or short of cells, is named on stderr with its line\n"
	    "  and the exit is 65.\n"},
	{"purge", cmd_purge, "purge [--days N] [--dropbox DIR] [--out DIR]",
	    "apply the retention policy",
	    "  Applies [retention], each kind of data by its period in days after its\n"
	    "  arrival: API records deleted after api_days (a traveller whose target\n"
	    "  has an outcome stays); PNR records depersonalised after\n"
	    "  pnr_depersonalise_days (names, documents, contacts, card numbers\n"
	    "  blanked; the journey kept) and deleted after pnr_days; cargo after\n"
	    "  cargo_days; target lists after days (--days N overrides it; every\n"
	    "  unset period follows it; default 30); run records and audit after\n"
	    "  records_days (default 1827). With a dropbox, each file's copies and\n"
	    "  ack once its data is gone; with an out folder, the old days' lists.\n"
	    "  Ages are the database's times, never a file's. Run it nightly.\n"},
	{"rules", cmd_rules,
	    "rules load --agency CODE FILE...\n"
	    "       vborder rules ls\n"
	    "       vborder rules test FILE [--window HOURS | --all]",
	    "load, list and try the agencies' risk rules",
	    "  load: reads every FILE (JSON, {\"rules\": [...]}, README \"Risk rules\")\n"
	    "  as the next version of agency CODE's rule set, in one transaction. A\n"
	    "  bad rule (unknown field or operator, bad value, a regular expression\n"
	    "  that does not compile, a rule id given twice, nationality, gender or\n"
	    "  age used without a justification) refuses the whole load, naming the\n"
	    "  file, the rule and why: exit 65, and the previous version stays.\n"
	    "  ls: every agency's rules in force: version, loaded at, applies to,\n"
	    "  severity, weight, enabled, validity; rules using nationality, gender\n"
	    "  or age apart, with their justification.\n"
	    "  test: what the rules in FILE (enabled and valid on --now's date) hit\n"
	    "  on the stored arrivals due within HOURS of now (default 72), one line\n"
	    "  each: arrival, subject, rule, the data matched. Saves nothing.\n"},
	{"outcome", cmd_outcome,
	    "outcome record TARGET_ID --outcome OUTCOME [--note TEXT] [--by WHO]",
	    "keep what an officer decided about a target",
	    "  TARGET_ID is the target's \"id\" on its list (T57-P1234). OUTCOME is\n"
	    "  one of no-action, false-positive, referred, examined, seized,\n"
	    "  denied-boarding, arrested, other. Kept with who (the OS user, or\n"
	    "  --by), the database user and --now; later lists of the arrival show\n"
	    "  the latest. A false-positive keeps each watchlist entry that hit the\n"
	    "  person from hitting them again (a document of theirs, or their name\n"
	    "  and birth date) until the entry changes: the reason stays on the\n"
	    "  list, marked suppressed, and counts for nothing. An unknown id or\n"
	    "  outcome: exit 64.\n"},
	{"referral", cmd_referral,
	    "referral raise TARGET_ID --type rfi|screening|do-not-load --text TEXT\n"
	    "       [--by WHO] [--dropbox DIR]\n"
	    "       vborder referral ls",
	    "ask a carrier about a consignment before loading",
	    "  raise: a referral on a shipment's target (its \"id\" on the list,\n"
	    "  T57-S02058213643) to the carrier that sent its waybill (else its\n"
	    "  manifest), written to DIR/<carrier>/outbox/referral-R<n>.json now\n"
	    "  when the dropbox is known (--dropbox, else [paths] dropbox), else by\n"
	    "  the next run. Open until the carrier drops its answer file into\n"
	    "  its incoming folder (README, \"Cargo referrals\").\n"
	    "  ls: the open referrals, oldest first.\n"},
	{"status", cmd_status, "status",
	    "is all well? for operators and monitoring",
	    "  The last run of each command with its outcome, the arrivals due in\n"
	    "  the window without a list, the lead time of the last day's lists\n"
	    "  (median, worst, how many came after arrival), the high targets of\n"
	    "  passed arrivals without an outcome, the open cargo referrals, and\n"
	    "  each carrier's files waiting in incoming/ ([paths] dropbox). Exit 0\n"
	    "  when healthy; 75 when the last run failed, the database cannot be\n"
	    "  reached, or a file has waited longer than [status]\n"
	    "  max_backlog_minutes (default 60).\n"},
	{"report", cmd_report,
	    "report outcomes|lead-time|screening|audit [--from DATE] [--to DATE]",
	    "what the lists and rules found; how early the lists came",
	    "  outcomes: per watchlist and per rule, over the arrivals of the local\n"
	    "  dates DATE to DATE (default: the 30 days up to --now), the subjects\n"
	    "  it hit, how many have an outcome, how many were found (referred,\n"
	    "  examined, seized, denied boarding, arrested), false or no action,\n"
	    "  and the hit rate: found over outcomes. A rule that never finds\n"
	    "  anything shows here.\n"
	    "  lead-time: per carrier and per arrival port, over the same dates,\n"
	    "  the arrivals, the median and worst time from their first list to\n"
	    "  their scheduled arrival, and how many got no list before it.\n"
	    "  screening: proof, per arrival: its last message, its last screen and\n"
	    "  the versions of the lists and rule sets it screened against; those\n"
	    "  not screened after their last message are marked.\n"
	    "  audit: list and rule loads, sharing, outcomes, referrals raised and\n"
	    "  answered, purges: when, by whom, what; kept when the data they\n"
	    "  describe is purged.\n"},
	{"help", cmd_help, "help [COMMAND]", "this text", ""},
	{NULL, NULL, NULL, NULL, NULL},
};

int
cmd_help(struct ctx *c, int argc, char **argv)
{
	(void)c;
	if (argc > 1) {
		for (const struct command *cmd = commands; cmd->name != NULL; cmd++)
			if (strcmp(cmd->name, argv[1]) == 0) {
				printf("usage: vborder [global options] %s\n\n%s\n%s",
				    cmd->usage, cmd->summary, cmd->help);
				return EX_OK;
			}
		log_error("no command %s", argv[1]);
		return EX_USAGE;
	}
	printf("usage: vborder [global options] COMMAND [ARGS]\n\n"
	    "Global options:\n"
	    "  --db CONNINFO     libpq connection string (else VBORDER_DB, else the\n"
	    "                    config file, else libpq's PG* defaults); never a\n"
	    "                    password, which ps shows: that goes in the config\n"
	    "                    file, PGPASSFILE, PGPASSWORD or VBORDER_DB\n"
	    "  --now TIMESTAMP   fix \"now\", ISO 8601 UTC, e.g. 2026-11-24T22:00:00Z\n"
	    "                    (else VBORDER_NOW, else the clock)\n"
	    "  --config FILE     INI configuration file\n"
	    "  -q, -v            quieter, more verbose\n\nCommands:\n");
	for (const struct command *cmd = commands; cmd->name != NULL; cmd++)
		printf("  %-10s %s\n", cmd->name, cmd->summary);
	printf("\nExit codes: 0 done, 64 usage, 65 input rejected, 66 no input,\n"
	    "70 internal error, 75 temporary failure (run again later).\n");
	return EX_OK;
}

/*
 * 1 when the connection string (key=value pairs or a postgresql:// URI)
 * sets a password, 0 when not, -1 when libpq cannot read it (*why then
 * says why, or is NULL when memory ran out; PQfreemem it).
 */
static int
conninfo_password(const char *conninfo, char **why)
{
	PQconninfoOption *opts;
	int found = 0;

	*why = NULL;
	if ((opts = PQconninfoParse(conninfo, why)) == NULL)
		return -1;
	for (PQconninfoOption *o = opts; o->keyword != NULL; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val != NULL &&
		    o->val[0] != '\0')
			found = 1;
	PQconninfoFree(opts);
	return found;
}

/*
 * A password on the command line is there for anyone on the machine to
 * read in ps: --db must not carry one. EX_OK, or EX_USAGE after saying
 * where it belongs.
 */
static int
check_db_option(const char *db)
{
	char *why;

	switch (conninfo_password(db, &why)) {
	case 0:
		return EX_OK;
	case 1:
		log_error("--db: the connection string holds a password, which"
		    " every user of this machine can read in the process list;"
		    " put it in the configuration file ([database] conninfo, not"
		    " readable by others), in a password file (PGPASSFILE, default"
		    " ~/.pgpass, mode 0600) or in the environment (PGPASSWORD, or"
		    " the whole connection string in VBORDER_DB)");
		return EX_USAGE;
	}
	log_error("--db: not a libpq connection string: %s",
	    why != NULL ? why : "out of memory");
	PQfreemem(why);
	return EX_USAGE;
}

/*
 * The configuration file may hold the password, but then nobody but the
 * service and its operators (the file's group) may read it: a warning on
 * every run while others can. Group-readable is the documented 0640.
 */
static void
check_config_secret(const char *path, const char *conninfo)
{
	struct stat st;
	char *why = NULL;

	if (stat(path, &st) == -1 || (st.st_mode & S_IROTH) == 0 ||
	    conninfo_password(conninfo, &why) != 1) {
		PQfreemem(why);
		return;
	}
	log_warning("config %s holds the database password and every user of"
	    " this machine may read it (mode %04o): chmod o-r it, or move the"
	    " password to a password file (PGPASSFILE, mode 0600)", path,
	    (unsigned)(st.st_mode & 07777));
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"now", required_argument, NULL, 'n'},
		{"config", required_argument, NULL, 'c'},
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = NULL, *now = NULL, *config = NULL;
	struct ctx c;
	struct vb_error err;
	int ch;

	/* Manifests and lists are personal data: nothing we create is world-readable. */
	umask(027);
	memset(&c, 0, sizeof(c));
	c.verbosity = 1;
	config_defaults(&c.config);
	while ((ch = getopt_long(argc, argv, "+qvh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd': db = optarg; break;
		case 'n': now = optarg; break;
		case 'c': config = optarg; break;
		case 'q': c.verbosity = 0; break;
		case 'v': c.verbosity = 2; break;
		case 'h': return cmd_help(&c, 0, NULL);
		default: return usage(NULL);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		return usage(NULL);

	vb_err_clear(&err);
	if (config != NULL && config_read(config, &c.config, &err) == -1) {
		log_error("%s", err.message);
		return EX_CONFIG;
	}
	if (config != NULL)
		check_config_secret(config, c.config.conninfo);
	if (db != NULL && check_db_option(db) != EX_OK)
		return EX_USAGE;
	/* The environment is the process's own: it may hold a password. */
	if (db == NULL)
		db = getenv("VBORDER_DB");
	if (db != NULL &&
	    strlcpy(c.config.conninfo, db, sizeof(c.config.conninfo)) >=
	    sizeof(c.config.conninfo)) {
		log_error("--db: connection string too long");
		return EX_USAGE;
	}
	if (now == NULL)
		now = getenv("VBORDER_NOW");
	if (now != NULL && *now != '\0') {
		if (clock_parse(now, &c.now) == -1) {
			log_error("--now %s: not an ISO 8601 UTC time such as"
			    " 2026-11-24T22:00:00Z", now);
			return EX_USAGE;
		}
	} else
		c.now = time(NULL);

	for (const struct command *cmd = commands; cmd->name != NULL; cmd++)
		if (strcmp(cmd->name, argv[0]) == 0) {
			optind = 0;	/* glibc: start the command's own options afresh */
			return cmd->run(&c, argc, argv);
		}
	log_error("no command %s", argv[0]);
	return usage(NULL);
}
