#include "score.h"

#include <string.h>

enum priority
targets_priority(const char *severity, double score)
{
	enum priority p = PRIO_MEDIUM;

	if (severity != NULL && strcmp(severity, "high") == 0)
		p = PRIO_HIGH;
	else if (severity != NULL && strcmp(severity, "low") == 0)
		p = PRIO_LOW;
	if (score < 0.85 && p > PRIO_LOW)
		p--;
	return p;
}

/* high 3, medium (or none) 2, low 1: to find the highest of several. */
static int
severity_rank(const char *severity)
{
	return (int)targets_priority(severity, 1.0);
}

static double
clamp01(double v)
{
	return v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
}

static int
same_text(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* 1 when an earlier rule reason of r names the same agency and rule. */
static int
rule_seen(const struct targets_reason *r, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (r[j].source == TARGETS_RULE &&
		    same_text(r[j].agency, r[i].agency) &&
		    same_text(r[j].id, r[i].id))
			return 1;
	return 0;
}

void
targets_combine(const struct targets_reason *r, size_t n,
    struct targets_combined *out)
{
	static const char *const sev[] = {NULL, "low", "medium", "high"};
	double w = 0.0, miss = 1.0, link = 0.0, issue = 0.0;
	int rules = 0, rule_sev = 0;
	enum priority p = PRIO_NONE, q;

	for (size_t i = 0; i < n; i++) {
		double s = clamp01(r[i].score);

		switch (r[i].source) {
		case TARGETS_WATCHLIST:
			if (s > w)
				w = s;
			if ((q = targets_priority(r[i].severity, s)) > p)
				p = q;
			break;
		case TARGETS_RULE:
			/* A rule hit twice (API and PNR record) is one indicator. */
			if (rule_seen(r, i))
				break;
			rules++;
			miss *= 1.0 - s;
			if (severity_rank(r[i].severity) > rule_sev)
				rule_sev = severity_rank(r[i].severity);
			break;
		case TARGETS_LINK:
			s *= TARGETS_LINK_SHARE;
			if (s > link)
				link = s;
			if ((q = targets_priority(r[i].severity, s)) > p)
				p = q;
			break;
		case TARGETS_ISSUE:
			if (s > issue)
				issue = s;
			if (p < PRIO_LOW)
				p = PRIO_LOW;
			break;
		}
	}
	out->watchlist = w;
	out->rules = 0.0;
	if (rules > 0) {
		out->rules = 1.0 - miss;
		if (out->rules > TARGETS_RULES_CAP)
			out->rules = TARGETS_RULES_CAP;
		/* The rules together are one reason of their highest severity. */
		if ((q = targets_priority(sev[rule_sev], out->rules)) > p)
			p = q;
	}
	out->links = link;
	out->score = 1.0 - (1.0 - w) * (1.0 - out->rules) * (1.0 - link);
	if (out->score < issue)
		out->score = issue;
	out->priority = p;
}
