#include <sys/stat.h>

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "store/store.h"
#include "cmd.h"

void
report_file(void *arg, const struct ingest_result *r)
{
	const struct ctx *c = arg;

	switch (r->outcome) {
	case INGEST_STORED:
		log_info(c, "%s/%s: stored (%s, %zu message%s, %zu passengers,"
		    " %zu crew, %zu warning%s)", r->carrier, r->file, r->format,
		    r->messages, r->messages == 1 ? "" : "s", r->passengers,
		    r->crew, r->warnings, r->warnings == 1 ? "" : "s");
		break;
	case INGEST_DUPLICATE:
		log_info(c, "%s/%s: already stored (same bytes), nothing added",
		    r->carrier, r->file);
		break;
	case INGEST_REJECTED:
		log_error("%s/%s: rejected: %s%s%s", r->carrier, r->file,
		    r->error->message, r->moved_to[0] != '\0' ? "; see " : "",
		    r->moved_to[0] != '\0' ? r->moved_to : "");
		break;
	case INGEST_RETURNED:
		log_error("%s/%s: left waiting in incoming/: %s", r->carrier,
		    r->file, r->error->message);
		break;
	case INGEST_SKIPPED:
		log_error("%s: carrier skipped, its files wait: %s", r->carrier,
		    r->error->message);
		break;
	}
}

void
ingest_options(struct ctx *c, struct ingest_opts *o)
{
	/* One command per process: the bindings point into c's configuration. */
	static struct binding bindings[CONFIG_CARRIERS_MAX];
	const struct config *cf = &c->config;

	ingest_opts_init(o, c->now);
	for (size_t i = 0; i < cf->ncarriers; i++) {
		bindings[i].folder = cf->carriers[i].folder;
		bindings[i].codes = cf->carriers[i].codes;
	}
	o->bindings = bindings;
	o->nbindings = cf->ncarriers;
	if (cf->limits.bytes > 0)
		o->limits.max_bytes = cf->limits.bytes;
	if (cf->limits.segments > 0)
		o->limits.max_segments = cf->limits.segments;
	if (cf->limits.attributes > 0)
		o->limits.max_attributes = cf->limits.attributes;
	if (cf->limits.people > 0)
		o->limits.max_people = cf->limits.people;
	if (cf->limits.lists > 0)
		o->limits.max_lists = cf->limits.lists;
	if (cf->limits.shipments > 0)
		o->limits.max_shipments = cf->limits.shipments;
	o->report = report_file;
	o->arg = c;
	o->progress = progress_out(c);
	o->workers = c->config.ingest_workers;
	o->conninfo = c->config.conninfo;
}

int
workers_option(struct ctx *c, const char *arg)
{
	const char *errstr;
	int n = (int)strtonum(arg, 1, INGEST_WORKERS_MAX, &errstr);

	if (errstr != NULL) {
		log_error("--workers %s: %s (1 to %d)", arg, errstr,
		    INGEST_WORKERS_MAX);
		return -1;
	}
	c->config.ingest_workers = n;
	return 0;
}

int
ingest_exit_code(const struct ingest_stats *st)
{
	if (st->returned > 0)
		return EX_SOFTWARE;
	return st->rejected > 0 || st->skipped > 0 ? EX_DATAERR : EX_OK;
}

int
cmd_ingest(struct ctx *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"dropbox", required_argument, NULL, 'd'},
		{"carrier", required_argument, NULL, 'c'},
		{"workers", required_argument, NULL, 'w'},
		{NULL, 0, NULL, 0},
	};
	const char *dropbox = NULL, *carrier = "operator";
	struct ingest_opts o;
	struct ingest_stats st;
	struct vb_error err;
	long long run_id;
	PGconn *db;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd': dropbox = optarg; break;
		case 'c': carrier = optarg; break;
		case 'w':
			if (workers_option(c, optarg) == -1)
				return EX_USAGE;
			break;
		default: return usage("ingest");
		}
	}
	argc -= optind;
	argv += optind;
	if (dropbox == NULL && argc == 0)
		dropbox = c->config.dropbox[0] != '\0' ? c->config.dropbox : NULL;
	if (dropbox == NULL && argc == 0)
		return usage("ingest");
	for (int i = 0; i < argc; i++)
		if (access(argv[i], R_OK) == -1) {
			log_error("%s: cannot read it", argv[i]);
			return EX_NOINPUT;
		}

	if ((db = connect_db(c)) == NULL)
		return EX_TEMPFAIL;
	if ((rc = take_lock(db)) != EX_OK)
		goto done;
	memset(&st, 0, sizeof(st));
	vb_err_clear(&err);
	ingest_options(c, &o);
	run_id = run_begin(c, db, "ingest");
	if (dropbox != NULL && ingest_dropbox(db, dropbox, &o, &st, &err) == -1) {
		rc = run_end(db, run_id, fail(&err), ingest_counts(&st));
		goto done;
	}
	for (int i = 0; i < argc; i++)
		if (ingest_file(db, argv[i], carrier, &o, &st, &err) == -1) {
			rc = run_end(db, run_id, fail(&err), ingest_counts(&st));
			goto done;
		}
	log_info(c, "ingest: %zu stored, %zu duplicate, %zu rejected%s%s;"
	    " %zu passengers, %zu crew", st.stored, st.duplicates, st.rejected,
	    st.returned > 0 ? ", some left waiting" : "",
	    st.skipped > 0 ? ", some carriers skipped" : "", st.passengers,
	    st.crew);
	rc = run_end(db, run_id, ingest_exit_code(&st), ingest_counts(&st));
done:
	store_disconnect(db);
	return rc;
}
