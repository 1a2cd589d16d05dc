/*
 * A target list as officers read it: a CSV for spreadsheets (one row per
 * reason) and an HTML page (no script, prints one arrival on A4), both
 * from the list's JSON as list_json builds it. Every value from carriers
 * goes through csv_cell or html_text: escaped, no control character.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "base/clock.h"
#include "targets_int.h"

static const char *
str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static const char *
either(const char *s, const char *otherwise)
{
	return s != NULL ? s : otherwise;
}

/* ---- CSV ---- */

/*
 * A CSV cell per RFC 4180; a leading = + - @ is defused for spreadsheets.
 * No control character passes (targets_char): a line break inside a quoted
 * cell is legal, but not every reader an officer uses knows it, and a
 * carrier's value must not make rows of its own.
 */
static void
csv_cell(FILE *f, const char *s, int last)
{
	size_t len, n;

	if (s == NULL)
		s = "";
	len = strlen(s);
	fputc('"', f);
	if (strchr("=+-@\t\r\n", *s) != NULL && *s != '\0')
		fputc('\'', f);
	for (size_t i = 0; i < len; i += n) {
		enum targets_char k = targets_char(s + i, len - i, &n);

		if (k != TARGETS_CHAR_PLAIN)
			fputs(targets_char_shown(k), f);
		else if (s[i] == '"')
			fputs("\"\"", f);
		else
			fwrite(s + i, 1, n, f);
	}
	fputc('"', f);
	fputs(last ? "\r\n" : ",", f);
}

/* "P POL EA1234567 2031-05-30; ..." from the documents array. */
static void
docs_text(json_t *docs, char *buf, size_t bufsz)
{
	size_t i, len = 0;
	json_t *d;

	buf[0] = '\0';
	json_array_foreach(docs, i, d) {
		const char *parts[] = {"type", "country", "number", "expiry"};
		for (size_t k = 0; k < 4; k++) {
			const char *v = str(d, parts[k]);
			int n;

			if (v == NULL)
				continue;
			n = snprintf(buf + len, bufsz - len, "%s%s",
			    len == 0 ? "" : (k == 0 ? "; " : " "), v);
			if (n < 0 || (size_t)n >= bufsz - len)
				return;	/* the officer has the JSON for the rest */
			len += (size_t)n;
		}
	}
}

/* Who or what a target is, in one line: a name, or a waybill and its consignee. */
static const char *
subject_label(json_t *subj, char *buf, size_t bufsz)
{
	const char *name = str(subj, "name");
	const char *number, *consignee;

	if (name != NULL)
		return name;
	if ((number = str(subj, "waybill")) == NULL)
		number = str(subj, "bill_of_lading");
	consignee = str(json_object_get(subj, "consignee"), "name");
	(void)snprintf(buf, bufsz, "%s%s%s", number != NULL ? number : "",
	    consignee != NULL ? " to " : "", consignee != NULL ? consignee : "");
	return buf;
}

/* The kind, and a booked traveller's boarding: "passenger (not boarded)". */
static const char *
kind_label(json_t *subj, char *buf, size_t bufsz)
{
	const char *kind = str(subj, "kind"), *boarding = str(subj, "boarding");

	if (boarding == NULL)
		return kind;
	(void)snprintf(buf, bufsz, "%s (%s)", kind != NULL ? kind : "", boarding);
	return buf;
}

/* The strings of an array, "; "-joined (cut: the JSON has them whole). */
static const char *
joined(json_t *a, char *buf, size_t bufsz)
{
	size_t i;
	json_t *n;

	buf[0] = '\0';
	json_array_foreach(a, i, n) {
		if (i > 0)
			(void)strlcat(buf, "; ", bufsz);
		(void)strlcat(buf, json_string_value(n), bufsz);
	}
	return buf;
}

/* What a reason stands on: a list and entry, a rule, a link's way. */
static void
reason_basis(json_t *r, char *what, size_t whatsz, char *id, size_t idsz)
{
	const char *source = str(r, "source");

	if (source != NULL && strcmp(source, "rule") == 0) {
		(void)snprintf(what, whatsz, "rule v%lld",
		    (long long)json_integer_value(json_object_get(r,
		    "rule_version")));
		(void)snprintf(id, idsz, "%s", either(str(r, "rule_id"), ""));
	} else if (source != NULL && strcmp(source, "link") == 0) {
		(void)snprintf(what, whatsz, "link by %s", either(str(r, "via"), ""));
		(void)snprintf(id, idsz, "%s", either(str(json_object_get(r, "linked"),
		    "name"), ""));
	} else {
		(void)snprintf(what, whatsz, "list %s v%lld", either(str(r, "list"), ""),
		    (long long)json_integer_value(json_object_get(r,
		    "list_version")));
		(void)snprintf(id, idsz, "%s", either(str(r, "entry_id"), ""));
	}
}

void
targets_csv(FILE *f, json_t *list)
{
	size_t i;
	json_t *t;

	/* A BOM, so that spreadsheets read UTF-8 as UTF-8. */
	fputs("\xef\xbb\xbf", f);
	fputs("target_id,rank,priority,score,outcome,kind,name,birth_date,gender,"
	    "nationality,documents,agency,source,basis,entry_or_rule,"
	    "reason_score,severity,suppressed,explanation,data_quality\r\n", f);
	json_array_foreach(json_object_get(list, "targets"), i, t) {
		json_t *subj = json_object_get(t, "subject"), *r;
		char rank[24], score[16], docs[1024], label[512], kind[256];
		char quality[2048];
		size_t k;

		(void)snprintf(rank, sizeof(rank), "%lld",
		    (long long)json_integer_value(json_object_get(t, "rank")));
		(void)snprintf(score, sizeof(score), "%.2f",
		    json_real_value(json_object_get(t, "score")));
		docs_text(json_object_get(subj, "documents"), docs, sizeof(docs));
		joined(json_object_get(subj, "data_quality"), quality,
		    sizeof(quality));
		/* One row per reason: filter by agency, sort by reason score. */
		json_array_foreach(json_object_get(t, "reasons"), k, r) {
			char what[160], id[256], rscore[16];

			reason_basis(r, what, sizeof(what), id, sizeof(id));
			(void)snprintf(rscore, sizeof(rscore), "%.2f",
			    json_number_value(json_object_get(r, "score")));
			csv_cell(f, str(t, "id"), 0);
			csv_cell(f, rank, 0);
			csv_cell(f, str(t, "priority"), 0);
			csv_cell(f, score, 0);
			csv_cell(f, str(json_object_get(t, "outcome"), "outcome"), 0);
			csv_cell(f, kind_label(subj, kind, sizeof(kind)), 0);
			csv_cell(f, subject_label(subj, label, sizeof(label)), 0);
			csv_cell(f, str(subj, "birth_date"), 0);
			csv_cell(f, str(subj, "gender"), 0);
			csv_cell(f, str(subj, "nationality"), 0);
			csv_cell(f, docs, 0);
			csv_cell(f, str(r, "agency"), 0);
			csv_cell(f, str(r, "source"), 0);
			csv_cell(f, what, 0);
			csv_cell(f, id, 0);
			csv_cell(f, rscore, 0);
			csv_cell(f, str(r, "severity"), 0);
			csv_cell(f, json_is_true(json_object_get(r, "suppressed")) ?
			    "yes" : "", 0);
			csv_cell(f, str(r, "explanation"), 0);
			csv_cell(f, quality, 1);
		}
	}
}

/* ---- HTML ---- */

void
targets_html_text(FILE *f, const char *s)
{
	size_t len = s != NULL ? strlen(s) : 0, n;

	for (size_t i = 0; i < len; i += n) {
		enum targets_char k = targets_char(s + i, len - i, &n);

		if (k != TARGETS_CHAR_PLAIN) {
			fputs(targets_char_shown(k), f);
			continue;
		}
		switch (s[i]) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fwrite(s + i, 1, n, f);
		}
	}
}

/* An element holding escaped text, nothing when the text is NULL. */
static void
html_el(FILE *f, const char *open, const char *s, const char *close)
{
	if (s == NULL)
		return;
	fputs(open, f);
	targets_html_text(f, s);
	fputs(close, f);
}

/*
 * An agency's badge: its code in a box, on a light colour of its own. The
 * code is the badge, so it reads the same printed in black and white.
 */
static void
agency_badge(FILE *f, const char *agency)
{
	static const char *const colours[] = {"#cfe3ff", "#ffd9c2", "#d4f2d0",
	    "#f3d1f0", "#fff1a8", "#d9d9f7", "#c9f0ee", "#f7d4d4"};
	unsigned h = 5381;

	for (const char *p = agency != NULL ? agency : ""; *p != '\0'; p++)
		h = h * 33 + (unsigned char)*p;
	fprintf(f, "<span class=\"agency\" style=\"background:%s\">",
	    colours[h % (sizeof(colours) / sizeof(colours[0]))]);
	targets_html_text(f, agency);
	fputs("</span>", f);
}

/* "4 h 35 min before arrival", "arrived 2 h 10 min before", or "" when either time is unknown. */
static void
lead_text(const char *generated, const char *arrival_utc, char *buf,
    size_t bufsz)
{
	time_t g, a;
	char d[32];
	long m;

	buf[0] = '\0';
	if (generated == NULL || arrival_utc == NULL ||
	    clock_parse(generated, &g) == -1 || clock_parse(arrival_utc, &a) == -1)
		return;
	m = (long)(difftime(a, g) / 60.0);
	(void)snprintf(buf, bufsz, "%s %s arrival", clock_duration(m < 0 ? -m :
	    m, d, sizeof(d)), m >= 0 ? "before" : "after");
}

static const char page_css[] =
    "@page{size:A4;margin:12mm}"
    "body{font:10pt/1.35 'DejaVu Sans',Arial,sans-serif;color:#111;"
    "margin:1.2em;max-width:70em}"
    "nav{font-size:9pt;margin-bottom:.5em}"
    "h1{font-size:17pt;margin:0}"
    "header{border-bottom:2px solid #111;padding-bottom:.4em;margin-bottom:.6em}"
    "dl.facts{display:grid;grid-template-columns:max-content auto;"
    "gap:.1em 1em;margin:.4em 0 0}"
    "dl.facts dt{font-weight:bold}dl.facts dd{margin:0}"
    "table.targets{width:100%;border-collapse:collapse}"
    ".targets th{text-align:left;border-bottom:2px solid #111;padding:3px 5px}"
    ".targets td{border-bottom:1px solid #888;padding:5px;vertical-align:top}"
    ".targets tr{break-inside:avoid}"
    ".prio{display:inline-block;font-weight:bold;padding:0 4px;"
    "border:2px solid #111;letter-spacing:.05em}"
    ".prio-high{background:#111;color:#fff}"
    ".prio-medium{border-style:solid}"
    ".prio-low{border-style:dashed;font-weight:normal}"
    ".name{font-weight:bold;font-size:11pt}"
    ".small,.id,.src{font-size:8.5pt;color:#333}"
    ".agency{display:inline-block;border:1px solid #111;padding:0 3px;"
    "font-weight:bold;font-size:8.5pt}"
    "ul{margin:.2em 0;padding-left:1.1em}"
    ".suppressed{text-decoration:line-through;color:#555}"
    ".dq{font-size:8.5pt;font-style:italic}"
    ".outcome{margin-top:.3em;border-top:1px dotted #555;padding-top:.2em}"
    "@media print{body{margin:0}nav{display:none}a{color:inherit;"
    "text-decoration:none}}";

static void
person_cell(FILE *f, json_t *subj)
{
	json_t *d, *s;
	size_t i;
	char kind[256];

	html_el(f, "<div class=\"small\">", kind_label(subj, kind, sizeof(kind)),
	    "</div>");
	html_el(f, "<div class=\"name\">", str(subj, "name"), "</div>");
	fputs("<div>", f);
	html_el(f, "born ", either(str(subj, "birth_date"), "?"), "");
	html_el(f, " &middot; ", str(subj, "gender"), "");
	html_el(f, " &middot; ", str(subj, "nationality"), "");
	fputs("</div>", f);
	if (json_array_size(json_object_get(subj, "documents")) > 0) {
		fputs("<ul>", f);
		json_array_foreach(json_object_get(subj, "documents"), i, d) {
			fputs("<li>", f);
			targets_html_text(f, str(d, "type"));
			html_el(f, " ", str(d, "country"), "");
			html_el(f, " <b>", str(d, "number"), "</b>");
			html_el(f, ", expires ", str(d, "expiry"), "");
			fputs("</li>", f);
		}
		fputs("</ul>", f);
	}
	json_array_foreach(json_object_get(subj, "data_quality"), i, d)
		html_el(f, "<div class=\"dq\">Data quality: ",
		    json_string_value(d), "</div>");
	/* The messages it came from, for the officer to check. */
	json_array_foreach(json_object_get(subj, "sources"), i, s) {
		fputs("<div class=\"src\">", f);
		targets_html_text(f, str(s, "source"));
		html_el(f, " ", str(s, "format"), "");
		html_el(f, " message ", str(s, "message_ref"), "");
		html_el(f, ", file ", str(s, "file"), "");
		html_el(f, ", received ", str(s, "received_at"), "");
		fputs("</div>", f);
	}
}

static void
booking_cell(FILE *f, json_t *b)
{
	json_t *x;
	size_t i;

	if (b == NULL)
		return;
	html_el(f, "<div>Booking <b>", str(b, "record_locator"), "</b></div>");
	html_el(f, "<div class=\"small\">made ", str(b, "created"), "</div>");
	html_el(f, "<div class=\"small\">by ", str(b, "agency"), "</div>");
	html_el(f, "<div>seat ", str(b, "seat"), "</div>");
	html_el(f, "<div>bags ", str(b, "bags"), "</div>");
	json_array_foreach(json_object_get(b, "payments"), i, x) {
		fputs("<div>paid ", f);
		targets_html_text(f, str(x, "type"));
		html_el(f, " ", str(x, "card_type"), "");
		html_el(f, " ", str(x, "card_number"), "");
		html_el(f, " exp ", str(x, "expiry"), "");
		html_el(f, ", ", str(x, "amount"), "");
		fputs("</div>", f);
	}
	json_array_foreach(json_object_get(b, "contacts"), i, x) {
		fputs("<div class=\"small\">", f);
		targets_html_text(f, str(x, "kind"));
		html_el(f, " ", str(x, "value"), "");
		fputs("</div>", f);
	}
	if (json_array_size(json_object_get(b, "itinerary")) > 0) {
		fputs("<div class=\"small\">route", f);
		json_array_foreach(json_object_get(b, "itinerary"), i, x) {
			html_el(f, i == 0 ? " " : ", ", str(x, "flight"), "");
			html_el(f, " ", str(x, "departure_port"), "");
			html_el(f, "&ndash;", str(x, "arrival_port"), "");
			html_el(f, " ", str(x, "departure_local"), "");
		}
		fputs("</div>", f);
	}
}

static void
party_line(FILE *f, const char *role, json_t *p)
{
	if (p == NULL || str(p, "name") == NULL)
		return;
	fprintf(f, "<div><span class=\"small\">%s</span> ", role);
	html_el(f, "<b>", str(p, "name"), "</b>");
	html_el(f, ", ", str(p, "address"), "");
	html_el(f, ", ", str(p, "city"), "");
	html_el(f, " ", str(p, "country"), "");
	html_el(f, ", ", str(p, "contact"), "");
	fputs("</div>", f);
}

static void
shipment_cells(FILE *f, json_t *subj)
{
	json_t *x;
	size_t i;
	char buf[2048];

	fputs("<td>", f);
	html_el(f, "<div class=\"small\">", str(subj, "waybill_kind"), "</div>");
	html_el(f, "<div class=\"name\">waybill ", str(subj, "waybill"), "</div>");
	html_el(f, "<div class=\"name\">bill of lading ",
	    str(subj, "bill_of_lading"), "</div>");
	html_el(f, "<div class=\"small\">master ", str(subj, "master"), "</div>");
	html_el(f, "<div>", str(subj, "origin"), "");
	html_el(f, " &rarr; ", str(subj, "destination"), "</div>");
	html_el(f, "<div>", str(subj, "pieces"), " pieces</div>");
	html_el(f, "<div>", str(subj, "weight"), "</div>");
	fputs("</td><td>", f);
	party_line(f, "shipper", json_object_get(subj, "shipper"));
	party_line(f, "consignee", json_object_get(subj, "consignee"));
	party_line(f, "notify", json_object_get(subj, "notify"));
	html_el(f, "<div>goods: ", joined(json_object_get(subj, "goods"), buf,
	    sizeof(buf)), "</div>");
	if (json_array_size(json_object_get(subj, "hs_codes")) > 0)
		html_el(f, "<div>HS ", joined(json_object_get(subj, "hs_codes"),
		    buf, sizeof(buf)), "</div>");
	json_array_foreach(json_object_get(subj, "equipment"), i, x) {
		html_el(f, "<div class=\"small\">", str(x, "kind"), "");
		html_el(f, " ", str(x, "id"), "");
		html_el(f, ", seals ", str(x, "seals"), "");
		fputs("</div>", f);
	}
	/* Referrals before loading: what was asked, and what the carrier said. */
	json_array_foreach(json_object_get(subj, "referrals"), i, x) {
		json_t *a = json_object_get(x, "answer");

		html_el(f, "<div class=\"outcome\">Referral <b>", str(x,
		    "reference"), "</b> ");
		html_el(f, "", str(x, "type"), "");
		html_el(f, ", <b>", str(x, "status"), "</b>");
		html_el(f, ": ", str(x, "request"), "");
		html_el(f, " <span class=\"small\">(", str(x, "raised_by"), "");
		html_el(f, ", ", str(x, "raised_at"), ")</span>");
		html_el(f, "<br>Answer: ", str(a, "status"), "");
		html_el(f, " &ndash; ", str(a, "text"), "");
		fputs("</div>", f);
	}
	fputs("</td>", f);
}

static void
reasons_cell(FILE *f, json_t *t)
{
	json_t *r, *o = json_object_get(t, "outcome");
	size_t i;

	fputs("<td><ul>", f);
	json_array_foreach(json_object_get(t, "reasons"), i, r) {
		char what[160], id[256], score[16];
		int off = json_is_true(json_object_get(r, "suppressed"));

		reason_basis(r, what, sizeof(what), id, sizeof(id));
		(void)snprintf(score, sizeof(score), "%.2f",
		    json_number_value(json_object_get(r, "score")));
		fputs(off ? "<li class=\"suppressed\">" : "<li>", f);
		agency_badge(f, str(r, "agency"));
		fputs(" ", f);
		targets_html_text(f, what);
		html_el(f, " <b>", id, "</b>");
		html_el(f, " &middot; ", str(r, "severity"), "");
		fprintf(f, " &middot; %s", score);
		if (off)
			fputs(" &middot; suppressed: found false", f);
		html_el(f, "<br>", str(r, "explanation"), "");
		fputs("</li>", f);
	}
	fputs("</ul>", f);
	/* What was done, or a line for the officer to write it on. */
	if (o != NULL) {
		html_el(f, "<div class=\"outcome\">Outcome: <b>", str(o, "outcome"),
		    "</b>");
		html_el(f, " &ndash; ", str(o, "note"), "");
		html_el(f, " <span class=\"small\">(", str(o, "by"), "");
		html_el(f, ", ", str(o, "at"), ")</span>");
		fputs("</div>", f);
	} else
		fputs("<div class=\"outcome\">Outcome: ____________________</div>",
		    f);
	fputs("</td>", f);
}

void
targets_html(FILE *f, json_t *list)
{
	json_t *a = json_object_get(list, "arrival");
	json_t *sc = json_object_get(list, "screened"), *t;
	size_t i, prio[3] = {0, 0, 0};
	char lead[64];

	json_array_foreach(json_object_get(list, "targets"), i, t) {
		const char *p = str(t, "priority");

		prio[p == NULL ? 2 : strcmp(p, "high") == 0 ? 0 :
		    strcmp(p, "medium") == 0 ? 1 : 2]++;
	}
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	    "<title>Target list ", f);
	targets_html_text(f, str(a, "transport_id"));
	html_el(f, " ", str(a, "departure_port"), "");
	html_el(f, " ", str(a, "arrival_port"), "");
	html_el(f, " ", str(a, "scheduled_arrival_local"), "");
	fprintf(f, "</title>\n<style>%s</style></head><body>\n", page_css);
	fputs("<nav><a href=\"index.html\">&larr; the day's arrivals</a></nav>\n"
	    "<header><h1>", f);
	targets_html_text(f, str(a, "transport_id"));
	html_el(f, " ", str(a, "departure_port"), "");
	html_el(f, " &rarr; ", str(a, "arrival_port"), "");
	fputs("</h1>\n<dl class=\"facts\">", f);
	html_el(f, "<dt>Carrier</dt><dd>", str(a, "carrier"), "");
	html_el(f, " (", str(a, "mode"), ")</dd>");
	html_el(f, "<dt>Departure</dt><dd>", str(a, "scheduled_departure_local"),
	    " local</dd>");
	fputs("<dt>Arrival</dt><dd><b>", f);
	targets_html_text(f, either(str(a, "scheduled_arrival_local"), "unknown"));
	fputs("</b> local", f);
	html_el(f, ", ", str(a, "scheduled_arrival_utc"), "");
	fputs("</dd>", f);
	lead_text(str(list, "generated_at"), str(a, "scheduled_arrival_utc"),
	    lead, sizeof(lead));
	html_el(f, "<dt>Generated</dt><dd>", str(list, "generated_at"), "");
	html_el(f, ", <b>", lead[0] != '\0' ? lead : NULL, "</b>");
	fputs("</dd>", f);
	fprintf(f, "<dt>Screened</dt><dd>%lld passengers, %lld crew, %lld"
	    " shipments</dd>",
	    (long long)json_integer_value(json_object_get(sc, "passengers")),
	    (long long)json_integer_value(json_object_get(sc, "crew")),
	    (long long)json_integer_value(json_object_get(sc, "shipments")));
	fprintf(f, "<dt>Targets</dt><dd>%zu: %zu high, %zu medium, %zu low</dd>",
	    json_array_size(json_object_get(list, "targets")), prio[0], prio[1],
	    prio[2]);
	html_el(f, "<dt>For</dt><dd>", str(list, "for_agency"), "</dd>");
	fputs("</dl></header>\n<main><table class=\"targets\"><thead><tr>"
	    "<th>#</th><th>Subject</th><th>Booking or shipment</th>"
	    "<th>Reasons and outcome</th></tr></thead><tbody>\n", f);
	json_array_foreach(json_object_get(list, "targets"), i, t) {
		json_t *subj = json_object_get(t, "subject");
		const char *p = either(str(t, "priority"), "low");
		char pclass[16];

		(void)snprintf(pclass, sizeof(pclass), "%s",
		    strcmp(p, "high") == 0 ? "high" : strcmp(p, "medium") == 0 ?
		    "medium" : "low");
		fprintf(f, "<tr class=\"%s\"><td><span class=\"prio prio-%s\">%s"
		    "</span><br>#%lld<br>%.2f", pclass, pclass, pclass,
		    (long long)json_integer_value(json_object_get(t, "rank")),
		    json_real_value(json_object_get(t, "score")));
		html_el(f, "<br><span class=\"id\">", str(t, "id"), "</span>");
		fputs("</td>", f);
		if (str(subj, "name") != NULL) {
			fputs("<td>", f);
			person_cell(f, subj);
			fputs("</td><td>", f);
			booking_cell(f, json_object_get(subj, "booking"));
			fputs("</td>", f);
		} else
			shipment_cells(f, subj);
		reasons_cell(f, t);
		fputs("</tr>\n", f);
	}
	if (json_array_size(json_object_get(list, "targets")) == 0)
		fputs("<tr><td colspan=\"4\">No targets: nobody on this arrival"
		    " matched a list, a rule or a link.</td></tr>\n", f);
	fputs("</tbody></table></main>\n</body></html>\n", f);
}
