/*
 * One coordinated priority per subject: every reason of every agency
 * (watchlist hits, rule hits, links, data-quality findings) combined into
 * the subject's one score and one priority (README, "One priority per
 * subject", has the formula and a worked example).
 *
 *   W = the best watchlist score: several hits on one person name one
 *       identity, so they are not independent evidence and do not add up.
 *   R = min(0.9, 1 - prod(1 - weight)) over distinct rules (agency and rule
 *       id; the API and PNR records of one traveller hitting one rule count
 *       once): independent indicators add up with diminishing returns
 *       (noisy-or), and profiles alone stay below a sure identity match.
 *   L = 0.5 * the best link's score (a link reason's score is its source
 *       subject's): a link inherits half its source's weight.
 *   score = 1 - (1 - W)(1 - R)(1 - L), never below a data-quality
 *       finding's score. Adding a reason never lowers it.
 *
 * Priority, the highest of:
 *   - each watchlist hit's: targets_priority(entry severity, score);
 *   - the rules', as one reason: targets_priority(highest severity among
 *     them, R). One rule is judged as before (a weight under 0.85 drops a
 *     step, so one weak rule alone is never high); two or more reach high
 *     only when one is of high severity and together they reach 0.85;
 *   - each link's: targets_priority(severity, L), L being at most 0.5 one
 *     step below its severity, so a link alone is never high;
 *   - low, for a data-quality finding.
 *
 * Pure: no database, no allocation, so a table of cases tests it.
 */
#ifndef VB_TARGETS_SCORE_H
#define VB_TARGETS_SCORE_H

#include <stddef.h>

enum priority { PRIO_NONE = 0, PRIO_LOW, PRIO_MEDIUM, PRIO_HIGH };

/* Profiles alone stay below this; a strong identity match scores above it. */
#define TARGETS_RULES_CAP	0.9
/* The share of its source's score a link carries. */
#define TARGETS_LINK_SHARE	0.5

enum targets_source {
	TARGETS_WATCHLIST,
	TARGETS_RULE,
	TARGETS_LINK,
	TARGETS_ISSUE,		/* a data-quality finding (cargo check digits, ...) */
};

struct targets_reason {
	enum targets_source source;
	const char *severity;	/* "high", "medium", "low"; NULL counts as medium */
	double score;		/* match score, rule weight, link source's score */
	/* A rule's identity: one agency's rule counts once however often it hit. */
	const char *agency, *id;
};

struct targets_combined {
	double score;
	enum priority priority;
	double watchlist, rules, links;	/* W, R and L, for the reader */
};

/* A reason's priority: its severity (medium by default), one step lower under 0.85. */
enum priority targets_priority(const char *severity, double score);

/* Combines the n reasons r of one subject into *out (all zero for none). */
void targets_combine(const struct targets_reason *r, size_t n,
    struct targets_combined *out);

#endif
