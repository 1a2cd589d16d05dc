/*
 * The commands: one file each, holding options, calls into core/ and the
 * exit code, nothing else. Exit codes are sysexits(3), as CONTRACT.md says.
 */
#ifndef VB_CMD_H
#define VB_CMD_H

#include <sysexits.h>
#include <time.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "base/config.h"
#include "base/error.h"

struct ctx {
	struct config config;
	time_t now;
	int verbosity;		/* 0 quiet, 1 normal, 2 verbose */
};

struct command {
	const char *name;
	int (*run)(struct ctx *c, int argc, char **argv);
	const char *usage;
	const char *summary;
	const char *help;	/* the options and what they do */
};

extern const struct command commands[];

int cmd_db(struct ctx *c, int argc, char **argv);
int cmd_ingest(struct ctx *c, int argc, char **argv);
int cmd_watchlist(struct ctx *c, int argc, char **argv);
int cmd_screen(struct ctx *c, int argc, char **argv);
int cmd_targets(struct ctx *c, int argc, char **argv);
int cmd_run(struct ctx *c, int argc, char **argv);
int cmd_names(struct ctx *c, int argc, char **argv);
int cmd_purge(struct ctx *c, int argc, char **argv);
int cmd_rules(struct ctx *c, int argc, char **argv);
int cmd_outcome(struct ctx *c, int argc, char **argv);
int cmd_report(struct ctx *c, int argc, char **argv);
int cmd_status(struct ctx *c, int argc, char **argv);
int cmd_help(struct ctx *c, int argc, char **argv);

/*
 * Messages on stderr, one line each, prefixed "vborder: "; info is hidden
 * by -q, debug shown by -v. Control characters and bytes that are not UTF-8
 * in what they quote are written visibly (\x0A, \x1B, \u0085), so a file
 * name cannot forge a line.
 */
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Where long steps tell their progress: stderr, or nowhere when quiet. */
FILE *progress_out(const struct ctx *c);
void log_info(const struct ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void log_debug(const struct ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints the error and returns the exit code it stands for (75 for a database, 70 ...). */
int fail(const struct vb_error *err);
int usage(const char *command);

/* Connects with the configured conninfo; NULL after printing why. */
PGconn *connect_db(const struct ctx *c);
/* Takes the run lock: EX_OK, or EX_TEMPFAIL after printing that another run holds it. */
int take_lock(PGconn *db);
/* Parses --window HOURS. */
int parse_hours(const char *s, int *hours);

/* Reporters shared by the single commands and `run` (arg: struct ctx *). */
struct ingest_result;
struct ingest_opts;
struct ingest_stats;
/* The configured bindings and limits, with report_file as the reporter. */
void ingest_options(struct ctx *c, struct ingest_opts *o);
/* 0, 65 when a file was rejected or a carrier skipped, 70 when one was left waiting. */
int ingest_exit_code(const struct ingest_stats *st);
/* --workers N into c's configuration: 0, or -1 after saying why. */
int workers_option(struct ctx *c, const char *arg);
struct targets_list;
void report_file(void *arg, const struct ingest_result *r);
void report_list(void *arg, const struct targets_list *l);
/*
 * Writes the cargo referrals not yet delivered into the carriers' outboxes
 * under dropbox and says how many; one that cannot be written waits for the
 * next run, with a warning.
 */
void deliver_referrals(const struct ctx *c, PGconn *db, const char *dropbox,
    const char *now_iso);
int cmd_referral(struct ctx *c, int argc, char **argv);
/* Who runs this: the OS user's name, "unknown" when it has none. */
const char *os_user(void);

/*
 * The run record of a command (vborder.run): run_begin notes who (the OS
 * user), where (the host), which version, and returns its id, 0 when it
 * could not be written (said, and the command goes on: a record is no
 * reason to stop screening); run_end notes the exit code rc and counts
 * (a JSON object, taken; may be NULL) and returns rc.
 */
long long run_begin(struct ctx *c, PGconn *db, const char *command);
int run_end(PGconn *db, long long id, int rc, json_t *counts);
/*
 * A line of the audit trail (vborder.audit): action on subject by the OS
 * user at the run's now, with detail (a JSON object, taken; may be NULL).
 * A failure is said, not fatal: what it records is done.
 */
void audit(const struct ctx *c, PGconn *db, const char *action,
    const char *subject, json_t *detail);
/* What a screen and an ingest did, for their run records. */
struct screen_stats;
json_t *screen_counts(const struct screen_stats *st);
json_t *ingest_counts(const struct ingest_stats *st);
/* The links a screen made, and each value shared too widely to link. */
struct links_stats;
void log_links(const struct ctx *c, const struct links_stats *st);
/* Where a screen's list index came from, and why not from [screen] index_cache. */
struct screen_window;
void log_index(const struct ctx *c, const struct screen_window *w,
    const struct screen_stats *st);

/*
 * `run`'s steps that its workers share (cmd/run.c, cmd/run_worker.c):
 * the missing-data notices checked and delivered; what the screen and the
 * lists depend on (inputs: screen_inputs, the version, the options), and
 * whether the last run that completed recorded the same (1, 0 or -1).
 */
struct screen_window;
int run_check_notices(const struct ctx *c, PGconn *db, const char *now_iso,
    struct vb_error *err);
void run_deliver_notices(const struct ctx *c, PGconn *db, const char *dropbox,
    const char *now_iso);
int run_inputs(const struct ctx *c, PGconn *db, const struct screen_window *w,
    unsigned fmt, const char *out, char *inputs, size_t size,
    struct vb_error *err);
int run_unchanged(PGconn *db, long long run_id, const char *inputs,
    struct vb_error *err);
/* `run --worker`: one of the processes that share a run; the exit code. */
int run_worker(struct ctx *c, const char *dropbox, const char *out,
    unsigned fmt, const struct screen_window *w);

#endif
