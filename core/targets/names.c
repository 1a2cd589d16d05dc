/*
 * The file names of one day's lists. An arrival's list is named
 * <transport>_<from>-<to>; when two arrivals of the day would share that
 * name (yesterday's flight delayed into today and today's, say) each of
 * them gets a suffix, the shortest that tells them apart:
 *
 *   level 1  _HHMM             scheduled local departure time
 *                              (_arrHHMM, the arrival time, when the
 *                              departure time is not known)
 *   level 2  _YYYY-MM-DDTHHMM  departure date and time (_id<N> when the
 *                              departure time is not known)
 *   level 3  _id<N>            the arrival's id in the database
 *
 * The names depend only on which arrivals the database holds for the day,
 * never on the window or the run, so every run rewrites the same files.
 */
#include "targets_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { LEVEL_MAX = 3 };

/* A file-name-safe copy: letters, digits and '-' kept, the rest '_'. */
void
targets_safe_name(const char *in, char *out, size_t outsz)
{
	size_t i;

	for (i = 0; in[i] != '\0' && i + 1 < outsz; i++)
		out[i] = isalnum((unsigned char)in[i]) || in[i] == '-' ? in[i] : '_';
	out[i] = '\0';
}

int
targets_name_base(struct targets_name *a, const char *transport,
    const char *from, const char *to)
{
	char t[64], f[16], d[16];
	int n;

	targets_safe_name(transport, t, sizeof(t));
	targets_safe_name(from, f, sizeof(f));
	targets_safe_name(to, d, sizeof(d));
	n = snprintf(a->base, sizeof(a->base), "%s_%s-%s", t, f, d);
	return n < 0 || (size_t)n >= sizeof(a->base) ? -1 : 0;
}

int
targets_name_at(const struct targets_name *a, int level, char *buf,
    size_t bufsz)
{
	int n;

	if (level >= 2 && (level == LEVEL_MAX || a->dep_at == NULL))
		n = snprintf(buf, bufsz, "%s_id%lld", a->base, a->id);
	else if (level == 2)
		n = snprintf(buf, bufsz, "%s_%s", a->base, a->dep_at);
	else if (level == 1 && a->dep_time != NULL)
		n = snprintf(buf, bufsz, "%s_%s", a->base, a->dep_time);
	else if (level == 1 && a->arr_time != NULL)
		n = snprintf(buf, bufsz, "%s_arr%s", a->base, a->arr_time);
	else if (level == 1)
		n = snprintf(buf, bufsz, "%s_id%lld", a->base, a->id);
	else
		n = snprintf(buf, bufsz, "%s", a->base);
	return n < 0 || (size_t)n >= bufsz ? -1 : 0;
}

/* Same day, same name: a file system that folds case must not merge them either. */
static int
by_name(const void *x, const void *y)
{
	const struct targets_name *a = *(struct targets_name *const *)x;
	const struct targets_name *b = *(struct targets_name *const *)y;
	int c = strcmp(a->date, b->date);

	if (c != 0)
		return c;
	if ((c = strcasecmp(a->name, b->name)) != 0)
		return c;
	return a->id < b->id ? -1 : a->id > b->id;
}

int
targets_names_settle(struct targets_name *v, size_t n)
{
	struct targets_name **idx;
	int changed;

	if (n == 0)
		return 0;
	if ((idx = reallocarray(NULL, n, sizeof(*idx))) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		idx[i] = &v[i];
		v[i].level = 0;
	}
	/*
	 * Whoever shares a name goes one level up, until nobody does. It ends:
	 * two level-3 names differ (each ends in "_id" and its own digits), so
	 * a round that finds a shared name raises someone, and levels stop at 3.
	 */
	do {
		changed = 0;
		for (size_t i = 0; i < n; i++)
			if (targets_name_at(&v[i], v[i].level, v[i].name,
			    sizeof(v[i].name)) == -1) {
				free(idx);
				return -1;
			}
		qsort(idx, n, sizeof(*idx), by_name);
		for (size_t i = 0, j; i < n; i = j) {
			for (j = i + 1; j < n && strcmp(idx[j]->date, idx[i]->date) == 0 &&
			    strcasecmp(idx[j]->name, idx[i]->name) == 0; j++)
				;
			for (size_t k = i; j - i > 1 && k < j; k++)
				if (idx[k]->level < LEVEL_MAX) {
					idx[k]->level++;
					changed = 1;
				}
		}
	} while (changed);
	free(idx);
	return 0;
}

int
targets_name_in_use(const struct targets_name *v, size_t n, const char *date,
    const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].date, date) == 0 && strcasecmp(v[i].name, name) == 0)
			return 1;
	return 0;
}
