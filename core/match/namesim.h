/*
 * Name similarity: whether two names, as carriers, list owners and people
 * write them, are one name. Names only: birth dates, documents and
 * nationalities are the matcher's (match.c), which combines this
 * similarity with them into a score.
 *
 * A name is prepared once (normalised, tokenised, both ICAO 9303 spellings,
 * phonetic and other keys) and then compared with many. Persons and
 * organisations follow different rules (see namesim.c); vessels compare as
 * organisations once a prefix such as MV, MT or M/V is set aside.
 */
#ifndef VB_NAMESIM_H
#define VB_NAMESIM_H

#include <stddef.h>

#include "match.h"

/*
 * From this similarity on, two names are taken for one name. match.c maps
 * a names-only comparison so that its score reaches MATCH_THRESHOLD exactly
 * when the similarity reaches NAMESIM_SAME.
 */
#define NAMESIM_SAME	0.80

struct namesim;

/*
 * Prepares raw (UTF-8, any case, any order, "SURNAME, Given" understood)
 * as a name of this kind. NULL only out of memory; a name that normalises
 * to nothing is prepared with no tokens and is similar to nothing.
 */
struct namesim *namesim_new(const char *raw, enum match_kind kind);
void namesim_free(struct namesim *n);

/*
 * A prepared name kept as bytes, to be read back by this same build (an
 * index saved to a file, match.h): namesim_size bytes from n itself, which
 * hold no pointer. namesim_view takes the name at bytes (aligned as a
 * struct namesim, at most avail bytes long) where it lies, once it has
 * checked that every string it holds lies inside it, and sets *size; NULL
 * with errno EINVAL when the bytes are not a name of this build's making.
 */
size_t namesim_size(const struct namesim *n);
const struct namesim *namesim_view(const void *bytes, size_t avail,
    size_t *size);

/*
 * The kind of a name whose kind is not told (a list's LegalEntity, a
 * benchmark row with no schema): an organisation when it carries a legal
 * form, a digit, an article or preposition (THE, OF, AND) or a common word
 * of organisation names (TRUST, BANK, GROUP); else a person.
 */
enum match_kind namesim_guess_kind(const char *raw);

/*
 * How many words of n file it under keys of their own (namesim_keys): an
 * organisation's or vessel's rare words, or all its words but numbers when
 * it has none (TRADING CO alone); a person's words.
 */
size_t namesim_keyed_words(const struct namesim *n);

/* The normalised name, for explanations (borrowed). */
const char *namesim_text(const struct namesim *n);

/*
 * 0 (nothing alike) .. 1 (the same name). Symmetric. When expl is not
 * NULL, a short reason an officer can check is written there, e.g.
 * "MUELLER HANS ~ MULLER HANS PETER: spelling, 1 part more".
 */
double namesim_compare(const struct namesim *a, const struct namesim *b,
    char *expl, size_t explsz);

/*
 * The blocking keys of a prepared name: short strings under which an index
 * files it. Two names whose similarity reaches NAMESIM_SAME share at least
 * one key, as far as the comparison's rules allow (a candidate that shares
 * none is never compared). fn is called once per distinct key; it returns
 * 0 to go on, -1 to stop (then namesim_keys returns -1).
 */
typedef int (*namesim_key_fn)(void *arg, const char *key);
int namesim_keys(const struct namesim *n, namesim_key_fn fn, void *arg);

/*
 * The keys a query for n looks up: namesim_keys but for an acronym's,
 * which pair a word with the initials of several (PLA, PEOPLES LIBERATION
 * ARMY) and not two names of the same initials. Two names that reach
 * NAMESIM_SAME: the query keys of each meet the keys of the other.
 */
int namesim_query_keys(const struct namesim *n, namesim_key_fn fn,
    void *arg);

/*
 * Whether a key stands for a name whole (an acronym's: PLA, PEOPLES
 * LIBERATION ARMY), so that names sharing it need share no word.
 */
int namesim_key_whole(const char *key);

/*
 * Whether a key is of a word's first letters, which a name that writes
 * the word joined to the next (ATLANTA KOMTOFE, ATLANTAKOMTOFE) keeps.
 */
int namesim_key_first(const char *key);

/*
 * The keys by which another name that writes a tail of a word of n as a
 * word of its own (DEUTSCHEPOST, DEUTSCHE POST) files that word: of each
 * word that files n, each tail's first letters. fn as namesim_keys.
 */
int namesim_tail_keys(const struct namesim *n, namesim_key_fn fn,
    void *arg);

/*
 * The forms of one word of a person's name (a normalised token) that a
 * title glued to it may hide, as namesim_compare reads them: JOHNMR is
 * JOHN, MRJONATHON JONATHON; ADAMS none. fn is called once per form; 0, or
 * -1 when fn stopped it. An index files and anchors each form as a word of
 * its own, since a name that matches through it need not share the glued
 * word's keys.
 */
int namesim_untitled(const char *word, namesim_key_fn fn, void *arg);

#endif
