/*
 * What the CSV watchlist readers share, inside core/ only: libcsv fed one
 * physical line at a time, so that every row knows the line it starts on;
 * one row held at a time, so that a list of millions reads in the memory
 * of one; the header read by column name. A format names its columns and
 * turns a row into an entry; core/lists/watchlist.c does the rest.
 */
#ifndef VB_WL_CSV_H
#define VB_WL_CSV_H

#include <stddef.h>
#include <stdio.h>

#include <csv.h>

#include "watchlist.h"

#define WL_CSV_MAXCOLS	24
#define WL_MSG_MAX	256

/* Borrowed strings, usually pointing into the row. */
struct wl_strv {
	const char **v;
	size_t n, cap;
};

struct wl_docv {
	struct wl_document *v;
	size_t n, cap;
};

struct wl_csv;

struct wl_csv_format {
	/* column names, any case in the header; the first is the entry's id */
	const char *const *cols;
	int ncols;
	int nrequired;		/* the first nrequired must be in the header */
	const char *required;	/* "id, kind and name", for the message */
	/*
	 * The row as an entry (e zeroed, e->line set): 0, 1 rejected (msg
	 * says why, see wl_csv_reject), -1 error (r->err says). Cells may be
	 * cut and folded in place: the row is the format's until it returns.
	 */
	int (*make_entry)(struct wl_csv *r, struct wl_entry *e, char *msg,
	    size_t msgsz);
};

struct wl_csv {
	/* What a format reads and uses. */
	const struct wl_csv_format *fmt;
	void *state;		/* the format's own */
	struct vb_error *err;
	long start;		/* first line of the row */
	struct wl_strv aliases, phones, emails, addresses, items;
	struct wl_docv docs;

	/* The machinery's. */
	struct csv_parser p;
	const struct wl_sink *sink;
	long line;		/* the physical line being fed */
	int skip;		/* after a malformed row: drop up to the next newline */
	int stop;		/* a callback stopped the read, or an error */
	long delivered;
	int header_done;
	int col[WL_CSV_MAXCOLS];	/* header position of each column; -1 absent */
	size_t nheader;		/* cells in the header */
	/* The row: its cells one after another, each NUL-terminated. */
	char *buf;
	size_t len, cap;
	size_t *off;
	size_t ncells, offcap;
	long bad_cell;		/* 1 + the first used cell that is not UTF-8; 0 */
};

/* The sink-taking readers behind wl_read_opensanctions and wl_read_ftm. */
long wl_os_read(FILE *in, const struct wl_sink *s, struct vb_error *err);
long wl_ftm_read(FILE *in, const struct wl_sink *s, struct vb_error *err);

/* Reads the whole file as format f: the contract of wl_read_native. */
long wl_csv_read(FILE *in, const struct wl_csv_format *f, void *state,
    const struct wl_sink *sink, struct vb_error *err);

/* A rejected row to the sink's on_reject_id, else its on_reject. id may be NULL. */
void wl_sink_reject(const struct wl_sink *s, long line, const char *id,
    const char *message);

/*
 * Strict UTF-8 (no NUL, no overlong form, no surrogate): 1 when s[0..n)
 * is, else 0.
 */
int wl_utf8_valid(const void *s, size_t n);

/*
 * What a reader says when its input stream failed (VB_EIO): a gzip stream
 * cut short or damaged (wl_open's EBADMSG) at line, or the system's error.
 * -1.
 */
int wl_read_failed(struct vb_error *err, long line, int errnum);

/* The trimmed cell of column c; NULL when the column or value is absent. */
char *wl_csv_cell(struct wl_csv *r, int c);

/* Points e's lists (aliases, docs, phones, e-mails, addresses) at r's. */
void wl_csv_lists(struct wl_csv *r, struct wl_entry *e);

/* Writes "line N: why" into msg; returns 1, the "rejected" of make_entry. */
int wl_csv_reject(char *msg, size_t msgsz, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Fills r->err; returns -1. */
int wl_csv_enomem(struct wl_csv *r);

char *wl_csv_trim(char *s);
void wl_csv_upper(char *s);
int wl_csv_push(struct wl_strv *v, const char *s);
struct wl_document *wl_csv_add_doc(struct wl_docv *v);
/* Splits s on ';' in place into v; blanks around values and empty values go. */
int wl_csv_split(char *s, struct wl_strv *v);
/* YYYY-MM-DD, YYYY-MM or YYYY, and a day the calendar has. */
int wl_csv_valid_date(const char *s);
/*
 * The 7 digits of an IMO ship number ("9074729", "IMO9074729",
 * "IMO 9074729") when its check digit is right, else NULL. A pointer into s.
 */
const char *wl_csv_imo(const char *s);

#endif
