/*
 * Inside the target-list writer (targets.c and targets_cargo.c): the
 * subjects of one list, people and shipments alike, before they are ranked.
 */
#ifndef VB_TARGETS_INT_H
#define VB_TARGETS_INT_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>
#include <libpq-fe.h>

#include "base/error.h"
#include "outcomes/outcomes.h"
#include "score.h"
#include "store/store.h"

struct subject {
	int first, n;		/* a person's rows of the hits result */
	double score;
	enum priority priority;
	const char *name;	/* for the ranking's last tie-break */
	/* A shipment comes built (both owned): */
	json_t *subject, *reasons;
	/* Its target (core/outcomes/): "P<traveller>" or "S<number>", its id, its latest outcome (owned). */
	char key[80];
	char id[OUTCOME_ID_MAX];
	json_t *outcome;
};

double targets_round2(double v);

/*
 * Strings that must stay alive while a list is built: the UTF-8 copies of
 * values that were not UTF-8. oom is set when one could not be made (its
 * value then shows as U+FFFD); the list is refused then.
 */
struct targets_pool {
	char **v;
	size_t n;
	int oom;
};

/* s when it is NULL or valid UTF-8, else a copy in p with U+FFFD for each bad byte. */
const char *targets_utf8(struct targets_pool *p, const char *s);
void targets_pool_free(struct targets_pool *p);

/*
 * What the character at s (at most len bytes, *n set to its length) is to
 * an officer's spreadsheet or browser: plain text, a line break or tab
 * (shown as a space), or something not to pass raw: another control
 * character, a bidirectional override, a byte that is not UTF-8 (shown as
 * U+FFFD). targets_char_shown gives what stands in.
 */
enum targets_char { TARGETS_CHAR_PLAIN, TARGETS_CHAR_SPACE, TARGETS_CHAR_OTHER };
enum targets_char targets_char(const char *s, size_t len, size_t *n);
const char *targets_char_shown(enum targets_char k);

/* A list (JSON, as targets.c builds it) as CSV, one row per reason, and as an HTML page (render.c). */
void targets_csv(FILE *f, json_t *list);
void targets_html(FILE *f, json_t *list);
/* Text in an HTML element or attribute: markup escaped, no control character (targets_char). */
void targets_html_text(FILE *f, const char *s);

/*
 * The lists written and the day index (index.c). targets_index_row is the
 * row of the list of arrival arrival_id, written as list_name into the
 * folder of date from inputs (targets.c, LIST_INPUTS), sharing nothing
 * with list; NULL out of memory. After the lists, targets_index_write
 * records rows (a JSON array of them) in vborder.target_list for folder
 * out (and for_agency, may be NULL) and, when html, writes OUT/<date>/
 * index.html for each of their dates. 0, or -1 with err.
 */
json_t *targets_index_row(const char *date, const char *arrival_id,
    const char *list_name, const char *inputs, json_t *list);
/*
 * targets_index_days writes the index of every day that a list of the
 * window (window: STORE_ARRIVAL_DUE's $1..$3) was written on at the run's
 * now ($1), for the coordinated lists of folder out: the days whose lists
 * the workers of a round wrote. 0, or -1 with err.
 */
int targets_index_days(PGconn *db, const char *out, const char *const *window,
    const char *now_iso, struct vb_error *err);
int targets_index_write(PGconn *db, const char *out, const char *for_agency,
    json_t *rows, int html, const char *now_iso, struct vb_error *err);

/*
 * SQL: the hits on watchlist w are visible to agency $2 (NULL: every
 * agency): its own lists' and those shared with it.
 */
#define TARGETS_LIST_VISIBLE(w) \
	"($2::text IS NULL OR " w ".agency = $2 OR " w ".shared_with IS NULL" \
	" OR $2 = ANY (" w ".shared_with))"

/*
 * SQL: a link_hit row l is visible to agency $2 (NULL: every agency) when
 * the hit behind it is: a rule's, or on a list visible to $2.
 */
#define TARGETS_LINK_VISIBLE(l) \
	"($2::text IS NULL OR " l ".watchlist_id IS NULL OR EXISTS (SELECT 1" \
	" FROM vborder.watchlist lw WHERE lw.id = " l ".watchlist_id" \
	" AND " TARGETS_LIST_VISIBLE("lw") "))"

/*
 * Appends the shipments on arrival arrival_id that have reasons (hits on
 * their parties the agency may see, data-quality findings) to the
 * *n subjects of *s (realloc'ed), by one statement prepared once per
 * connection (store_exec_often). 0, or -1 with err.
 */
int targets_cargo(PGconn *db, const char *arrival_id,
    const char *for_agency, struct targets_pool *pool, struct subject **s,
    size_t *n, struct vb_error *err);

/*
 * One arrival's list file name (names.c): <transport>_<from>-<to>, with a
 * suffix at level 1 and up when arrivals of one day would share it.
 */
struct targets_name {
	long long id;		/* the arrival's */
	const char *date;	/* of its scheduled arrival, local: the folder */
	/* "0820", "2026-11-24T0820", "1105"; NULL when not known (borrowed) */
	const char *dep_time, *dep_at, *arr_time;
	char base[112];		/* XA401_FRA-JFK */
	char name[160];		/* at its level, once settled */
	int level;
};

/* A file-name-safe copy: letters, digits and '-' kept, the rest '_'. */
void targets_safe_name(const char *in, char *out, size_t outsz);
/* Sets a->base from the arrival's transport and ports. 0 or -1 (too long). */
int targets_name_base(struct targets_name *a, const char *transport,
    const char *from, const char *to);
/* a's name at level (0 plain, 1..3 suffixed) into buf. 0 or -1 (too long). */
int targets_name_at(const struct targets_name *a, int level, char *buf,
    size_t bufsz);
/*
 * Gives each of the n arrivals (every arrival of their days) its level and
 * name: the lowest levels at which no two of one day share a name, ignoring
 * case. 0, or -1 out of memory.
 */
int targets_names_settle(struct targets_name *v, size_t n);
/* 1 when one of the n settled arrivals of date is named name. */
int targets_name_in_use(const struct targets_name *v, size_t n,
    const char *date, const char *name);

#endif
