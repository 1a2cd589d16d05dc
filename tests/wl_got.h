/*
 * What the watchlist reader tests share: a reader run on a list held in a
 * string, each entry it delivered as one line of text (what a test expects
 * can be read at a glance), and each row it rejected with its line.
 *
 * The text of an entry: "LINE ID KIND NAME" then the fields it has, as
 * " born=..." and so on; of a part (more of entry ID, with no name of its
 * own): "LINE ID part" then the fields.
 */
#ifndef VB_TEST_WL_GOT_H
#define VB_TEST_WL_GOT_H

#include <stddef.h>

#include "lists/watchlist.h"

#define WL_MAXGOT	24
#define WL_GOTSZ	2048

struct wl_got {
	char entries[WL_MAXGOT][WL_GOTSZ];
	size_t nentries;
	char rejects[WL_MAXGOT][WL_GOTSZ];
	long reject_lines[WL_MAXGOT];
	size_t nrejects;
	size_t stop_after;	/* the entry callback returns -1 at this count; 0 never */
	/* Called on each entry before it is kept: a reader's own contract. */
	void (*check)(const struct wl_entry *e);
};

/* The callbacks, with a struct wl_got as their argument. */
int wl_got_entry(void *arg, const struct wl_entry *e);
void wl_got_reject(void *arg, long line, const char *message);

/* Runs read on text (fmemopen) into g; what read returns. */
long wl_got_read(wl_reader_fn read, const char *text, struct wl_got *g,
    struct vb_error *err);

#endif
