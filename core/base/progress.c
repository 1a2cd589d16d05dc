#include "progress.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

static double
mono(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
progress_start(struct progress *p, FILE *out, const char *what,
    const char *unit, size_t total)
{
	memset(p, 0, sizeof(*p));
	p->out = out;
	p->tty = out != NULL && isatty(fileno(out));
	(void)strlcpy(p->what, what, sizeof(p->what));
	(void)strlcpy(p->unit, unit, sizeof(p->unit));
	p->total = total;
	p->start = p->shown = mono();
}

/* "12 s", "4 min 05 s", "2 h 10 min" */
static void
duration(double secs, char *buf, size_t bufsz)
{
	long s = (long)(secs + 0.5);

	if (s < 60)
		(void)snprintf(buf, bufsz, "%ld s", s);
	else if (s < 3600)
		(void)snprintf(buf, bufsz, "%ld min %02ld s", s / 60, s % 60);
	else
		(void)snprintf(buf, bufsz, "%ld h %02ld min", s / 3600,
		    s / 60 % 60);
}

const char *
progress_line(const struct progress *p, double now, char *buf, size_t bufsz)
{
	double took = now - p->start, rate = took > 0 ? (double)p->done / took : 0;
	char left[32];

	if (p->total > 0 && p->done > 0 && p->done < p->total && rate > 0) {
		duration((double)(p->total - p->done) / rate, left, sizeof(left));
		(void)snprintf(buf, bufsz, "%s: %zu of %zu %s (%d%%), %.0f/s,"
		    " about %s left", p->what, p->done, p->total, p->unit,
		    (int)(100.0 * (double)p->done / (double)p->total), rate, left);
	} else
		(void)snprintf(buf, bufsz, "%s: %zu %s, %.0f/s", p->what,
		    p->done, p->unit, rate);
	return buf;
}

void
progress_step_at(struct progress *p, size_t done, double now)
{
	char line[256];

	p->done = done;
	if (p->out == NULL || now - p->start < PROGRESS_QUIET_FIRST ||
	    now - p->shown < (p->tty ? PROGRESS_TTY_EVERY : PROGRESS_LOG_EVERY))
		return;
	p->shown = now;
	(void)progress_line(p, now, line, sizeof(line));
	if (p->tty) {
		/* Rewritten in place: erase to the end of the line. */
		(void)fprintf(p->out, "\rvborder: %s\033[K", line);
		p->drawn = 1;
	} else
		(void)fprintf(p->out, "vborder: %s\n", line);
	(void)fflush(p->out);
}

void
progress_step(struct progress *p, size_t done)
{
	progress_step_at(p, done, mono());
}

void
progress_end(struct progress *p)
{
	if (p->drawn) {
		(void)fputs("\r\033[K", p->out);
		(void)fflush(p->out);
	}
	p->drawn = 0;
}
