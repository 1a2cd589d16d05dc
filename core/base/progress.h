/*
 * Progress of a long step (ingest of many files, screening a big window,
 * loading a large list), told to whoever watches: on a terminal one line
 * rewritten in place, with the rate and the time left; in a log (cron,
 * systemd) a line now and then. A step that ends within its first seconds
 * says nothing, so short runs and tests stay quiet.
 *
 * The caller counts (progress_step); the clock is read here, monotonic,
 * unless a test gives the times itself (progress_step_at).
 */
#ifndef VB_PROGRESS_H
#define VB_PROGRESS_H

#include <stdio.h>

struct progress {
	FILE *out;		/* NULL: says nothing */
	int tty;		/* rewrite one line, else log lines */
	char what[48];		/* "screen", "ingest" */
	char unit[24];		/* "records", "files" */
	size_t total;		/* 0 when not known */
	size_t done;
	double start, shown;	/* seconds, monotonic */
	int drawn;		/* a terminal line is up */
};

/* Before the first seconds nothing is shown; then on a terminal every
 * PROGRESS_TTY_EVERY seconds, in a log every PROGRESS_LOG_EVERY. */
#define PROGRESS_QUIET_FIRST	2.0
#define PROGRESS_TTY_EVERY	0.5
#define PROGRESS_LOG_EVERY	30.0

/*
 * Starts counting toward total units (0: unknown), told on out (NULL for
 * silence; stderr is what commands pass unless quiet), as a terminal line
 * when out is one.
 */
void progress_start(struct progress *p, FILE *out, const char *what,
    const char *unit, size_t total);
/* done units so far (not added: the count itself). */
void progress_step(struct progress *p, size_t done);
void progress_step_at(struct progress *p, size_t done, double now);
/* Clears a terminal line; a log keeps its lines. */
void progress_end(struct progress *p);

/* The line that would be shown at now, into buf. */
const char *progress_line(const struct progress *p, double now, char *buf,
    size_t bufsz);

#endif
