#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "wl_got.h"

static void
add(char *buf, size_t bufsz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
add(char *buf, size_t bufsz, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(buf + n, bufsz - n, fmt, ap);
	va_end(ap);
}

static void
add_list(char *buf, size_t bufsz, const char *what, const char *const *v,
    size_t n)
{
	if (n == 0)
		return;
	add(buf, bufsz, " %s=", what);
	for (size_t i = 0; i < n; i++)
		add(buf, bufsz, "%s%s", i > 0 ? "|" : "", v[i]);
}

static void
add_opt(char *buf, size_t bufsz, const char *what, const char *v)
{
	if (v != NULL)
		add(buf, bufsz, " %s=%s", what, v);
}

#define OPT(s) ((s) != NULL ? (s) : "-")

int
wl_got_entry(void *arg, const struct wl_entry *e)
{
	static const char *kinds[] = {"person", "organization", "vessel"};
	struct wl_got *g = arg;
	char *buf;

	assert_true(g->nentries < WL_MAXGOT);
	if (g->check != NULL)
		g->check(e);
	buf = g->entries[g->nentries++];
	buf[0] = '\0';
	if (e->part)
		add(buf, WL_GOTSZ, "%ld %s part", e->line, e->id);
	else
		add(buf, WL_GOTSZ, "%ld %s %s %s", e->line, e->id, kinds[e->kind],
		    e->name);
	add_opt(buf, WL_GOTSZ, "born", e->birth_date);
	add_opt(buf, WL_GOTSZ, "nat", e->nationality);
	add_opt(buf, WL_GOTSZ, "gender", e->gender);
	add_opt(buf, WL_GOTSZ, "severity", e->severity);
	add_opt(buf, WL_GOTSZ, "category", e->category);
	add_list(buf, WL_GOTSZ, "aliases", e->aliases, e->naliases);
	if (e->ndocs > 0)
		add(buf, WL_GOTSZ, " docs=");
	for (size_t i = 0; i < e->ndocs; i++)
		add(buf, WL_GOTSZ, "%s%s/%s/%s", i > 0 ? "|" : "",
		    OPT(e->docs[i].type), OPT(e->docs[i].country),
		    e->docs[i].number);
	add_list(buf, WL_GOTSZ, "phones", e->phones, e->nphones);
	add_list(buf, WL_GOTSZ, "emails", e->emails, e->nemails);
	add_list(buf, WL_GOTSZ, "addresses", e->addresses, e->naddresses);
	add_opt(buf, WL_GOTSZ, "note", e->note);
	add_opt(buf, WL_GOTSZ, "expires", e->expires);
	if (e->withdrawn)
		add(buf, WL_GOTSZ, " withdrawn");
	return g->stop_after != 0 && g->nentries >= g->stop_after ? -1 : 0;
}

void
wl_got_reject(void *arg, long line, const char *message)
{
	struct wl_got *g = arg;

	assert_true(g->nrejects < WL_MAXGOT);
	g->reject_lines[g->nrejects] = line;
	strlcpy(g->rejects[g->nrejects++], message, WL_GOTSZ);
}

long
wl_got_read(wl_reader_fn read, const char *text, struct wl_got *g,
    struct vb_error *err)
{
	FILE *in;
	long n;

	vb_err_clear(err);
	/* fmemopen refuses an empty buffer; /dev/null is an empty file too. */
	in = text[0] != '\0' ?
	    fmemopen((void *)(uintptr_t)text, strlen(text), "r") :
	    fopen("/dev/null", "r");
	assert_non_null(in);
	n = read(in, wl_got_entry, wl_got_reject, g, err);
	fclose(in);
	return n;
}
