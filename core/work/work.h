/*
 * Work shared by workers (sql/0025, `vborder run --worker`): one round of
 * a run split into units that any number of vborder processes, on any
 * number of hosts, claim with SELECT ... FOR UPDATE SKIP LOCKED.
 *
 * A worker claims on a connection of its own (the claim connection): the
 * unit's row stays locked in its open transaction while the work itself
 * is done and committed on the worker's other connection, and is marked
 * done after. A worker that dies lets go of the lock with its connection
 * and another worker takes the unit over, so a unit must be work that can
 * be done again (a file no longer waiting is nothing to do, an arrival
 * screened again replaces its hits).
 *
 * The stages come in order: the carrier files, the arrivals to screen,
 * the links of the window (one unit), the arrivals' lists. The worker
 * that finds every unit of a stage done leads the next: work_lead tells
 * it so with the round's row locked (the others wait on that lock), it
 * prepares what the next stage needs, and work_advance gives that stage
 * its units.
 *
 * Each worker holds a shared advisory lock on its round while it is in
 * it: a round whose lock nobody holds has no worker left (all died), and
 * the next worker to come closes it as abandoned and opens a new one. Its
 * open units are not lost: the files are still in processing/ and the
 * arrivals still unscreened, and the new round finds them again.
 */
#ifndef VB_WORK_H
#define VB_WORK_H

#include <stddef.h>
#include <time.h>
#include <libpq-fe.h>

#include "base/error.h"

enum work_stage { WORK_INGEST, WORK_SCREEN, WORK_LINKS, WORK_LISTS,
    WORK_CLOSED };

struct work {
	PGconn *db;		/* the claim connection */
	long long run_id;	/* this worker's run record */
	long long round;
	enum work_stage stage;
	time_t now;		/* the round's clock and window, for every worker */
	int hours;
	long long unit;		/* the unit held, or 0 */
	char *key;		/* its key, while held */
};

/* The stage's name in the database and in messages. */
const char *work_stage_name(enum work_stage s);

/*
 * Joins the open round, or opens one with now and hours when there is
 * none or when the open one has no worker left (closed as abandoned).
 * 1: opened, in stage WORK_INGEST, and unseen by other workers until
 * work_advance gives it its first units (they wait meanwhile); 0: joined,
 * w->stage, w->now and w->hours are the round's. -1 with err.
 */
int work_join(struct work *w, PGconn *db, long long run_id, time_t now,
    int hours, struct vb_error *err);

/*
 * The next unit of the round's stage: 1 held (w->unit, w->key), 0 when
 * every unit of the stage is done, -1 with err. Waits for the units other
 * workers hold, and takes over one whose worker let go of it undone.
 */
int work_next(struct work *w, struct vb_error *err);
/* The unit held is done: marked, and let go. 0 or -1. */
int work_done(struct work *w, struct vb_error *err);

/*
 * After work_next's 0: 1 when this worker is to lead the next stage (the
 * round's row locked until work_advance), 0 when another worker has led
 * it (w->stage is the round's stage now), -1 with err.
 */
int work_lead(struct work *w, struct vb_error *err);
/*
 * The round on to stage next with units of these keys (none for
 * WORK_CLOSED: the round is done), committed. 0 or -1.
 */
int work_advance(struct work *w, enum work_stage next,
    char *const *keys, size_t n, struct vb_error *err);

/* Lets go of what is held (a unit, the round's row) and of the round. */
void work_leave(struct work *w);

#endif
