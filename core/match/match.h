/*
 * The matcher: given a subject (a person on a manifest) it finds the
 * watchlist entries that may be the same person and scores each 0..1 with a
 * short explanation an officer can check.
 *
 * Callers see only records in, (entry id, score, explanation) out. How
 * candidates are found (the index) and how a pair is scored are the
 * matcher's own business, so fuzzy comparison and better blocking can come
 * without changing screen.c.
 */
#ifndef VB_MATCH_H
#define VB_MATCH_H

#include <stddef.h>
#include <stdio.h>

enum match_kind {
	MATCH_PERSON,
	MATCH_ORGANIZATION,
	MATCH_VESSEL,
};

struct match_doc {
	const char *type;	/* P, V, I... or NULL */
	const char *country;	/* alpha-3 or alpha-2, or NULL */
	const char *number;	/* as sent; normalised inside */
};

/* Everything borrowed: the matcher copies what it keeps. */
struct match_record {
	enum match_kind kind;
	const char *const *names;	/* raw names: the name, then aliases */
	size_t nnames;
	const char *birth_date;		/* YYYY-MM-DD, YYYY-MM or YYYY; NULL unknown */
	const char *gender;		/* M, F, X; NULL unknown */
	const char *nationality;	/* alpha-3 or alpha-2; NULL unknown */
	const struct match_doc *docs;
	size_t ndocs;
};

#define MATCH_EXPLAIN_MAX 512
/* The default score from which a pair alerts. */
#define MATCH_THRESHOLD 0.70

struct match_result {
	long long entry_id;	/* as given to match_index_add */
	double score;
	char explanation[MATCH_EXPLAIN_MAX];
};

/*
 * Scores one pair: 0 (nothing in common) .. 1 (certainly the same).
 * Writes the explanation into expl (may be NULL).
 */
double match_score(const struct match_record *subject,
    const struct match_record *entry, char *expl, size_t explsz);

struct match_index;

struct match_index *match_index_new(void);
void match_index_free(struct match_index *ix);
/*
 * Adds a watchlist entry under the caller's id. 0, or -1 out of memory (or
 * when ix was read from a file: match_index_load).
 */
int match_index_add(struct match_index *ix, long long entry_id,
    const struct match_record *entry);
size_t match_index_size(const struct match_index *ix);

/*
 * Entries to add at once: get fills entry i's record and id (mem: what it
 * made for them, given back to put, which may be NULL). Both are called
 * from every core at once, each for its own i.
 */
struct match_source {
	size_t n;
	int (*get)(void *arg, size_t i, long long *id, struct match_record *r,
	    void **mem);
	void (*put)(void *arg, void *mem);
	void *arg;
};

/*
 * Adds src's entries in order, prepared on every core: the index is then
 * the same as after match_index_add of each. 0, or -1 out of memory (some
 * of them may have been added).
 */
int match_index_add_all(struct match_index *ix, const struct match_source *src);

/*
 * An index saved to a file and read back, so that a later process need
 * not prepare a million list entries again (core/screen/ keeps one per
 * version of the lists). The file is this build's alone: its layout is
 * the memory's. tag (at most MATCH_TAG_MAX - 1 bytes) is the caller's
 * name for what the index holds, kept in the file.
 *
 * match_index_save: 0, or -1 with errno. match_index_load, into an index
 * nothing was added to: 1 read, 0 the file holds an index of another tag,
 * -1 with errno (EINVAL: not an index file, or not whole); on 0 and -1
 * the index is left empty. An index read is f's file mapped read only
 * and checked whole, not copied: f may be closed, but the file must not
 * change in place while the index lives (replace it by rename, as
 * fs_atomic does). It takes no more entries, and is saved by keeping
 * the file.
 */
#define MATCH_TAG_MAX	128

int match_index_save(const struct match_index *ix, FILE *f, const char *tag);
int match_index_load(struct match_index *ix, FILE *f, const char *tag);

/*
 * Finds the entries that score at least threshold against subject. Fills
 * *out with a malloc'ed array (caller frees) sorted by score, highest first,
 * and returns their count, or -1 out of memory.
 */
long match_index_query(const struct match_index *ix,
    const struct match_record *subject, double threshold,
    struct match_result **out);

/*
 * Queries only read the index: once it is built, any number of threads may
 * query it at once (but none may add to it meanwhile).
 */

/* What one query did, to measure the index (make bench). */
struct match_query_stats {
	size_t keys;		/* blocking keys looked up */
	size_t postings;	/* list entries read under them */
	size_t candidates;	/* distinct entries compared with the subject */
};

/* match_index_query, filling *st (may be NULL). */
long match_index_query_stats(const struct match_index *ix,
    const struct match_record *subject, double threshold,
    struct match_result **out, struct match_query_stats *st);

/*
 * The entries a query would compare with subject, as entry ids in *out
 * (malloc'ed, caller frees; no order), and their count, or -1 out of
 * memory: whether a true match reaches the comparison at all.
 */
long match_index_candidates(const struct match_index *ix,
    const struct match_record *subject, long long **out);

/*
 * As match_index_query, but compares subject with every entry, without
 * the index: what the index saves, and what it may miss.
 */
long match_index_scan(const struct match_index *ix,
    const struct match_record *subject, double threshold,
    struct match_result **out);

#endif
