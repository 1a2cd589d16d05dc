/*
 * The lists written, and the day index made of them.
 *
 * Each list a run writes is recorded in vborder.target_list (sql/0012): the
 * output folder, the arrival, when its list was first and last written and
 * how long before the scheduled arrival, what it held. A run writes the
 * lists of the arrivals in its window only; the index of a day,
 * OUT/<date>/index.html, lists every arrival of that day the folder has a
 * list for, earliest first: its arrival time, what was screened, its
 * targets by priority, and its high targets still without an outcome,
 * asked of the database when the index is written. Once the arrival has
 * passed, those are the agencies' open accounts.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/clock.h"
#include "base/fsutil.h"
#include "store/store.h"
#include "targets_int.h"

static const char *
str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

json_t *
targets_index_row(const char *date, const char *arrival_id,
    const char *list_name, const char *inputs, json_t *list)
{
	json_t *t, *high = json_array();
	json_t *sc = json_object_get(list, "screened");
	json_int_t n[3] = {0, 0, 0};
	size_t i;

	if (high == NULL)
		return NULL;
	json_array_foreach(json_object_get(list, "targets"), i, t) {
		const char *p = str(t, "priority");
		int k = p == NULL ? 2 : strcmp(p, "high") == 0 ? 0 :
		    strcmp(p, "medium") == 0 ? 1 : 2;

		n[k]++;
		/* A copy: the row outlives the list, and leaves its thread. */
		if (k == 0 && json_array_append_new(high,
		    json_string(str(t, "id"))) == -1) {
			json_decref(high);
			return NULL;
		}
	}
	return json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I,"
	    " s:o}", "arrival_id", arrival_id, "day", date, "name", list_name,
	    "inputs", inputs,
	    "passengers", json_integer_value(json_object_get(sc, "passengers")),
	    "crew", json_integer_value(json_object_get(sc, "crew")),
	    "shipments", json_integer_value(json_object_get(sc, "shipments")),
	    "high", n[0], "medium", n[1], "low", n[2], "high_targets", high);
}

/* A text[] literal of the strings of a; NULL out of memory. */
static char *
text_array(json_t *a)
{
	size_t n = json_array_size(a);
	const char **v = calloc(n + 1, sizeof(*v));
	char *s;

	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		v[i] = json_string_value(json_array_get(a, i));
	s = store_text_array(v, n);
	free(v);
	return s;
}

/* Records one list written: the first time, or again. */
static int
record(PGconn *db, const char *out, const char *agency, const char *now_iso,
    json_t *row, struct vb_error *err)
{
	char num[6][24];
	static const char *const counts[] = {"passengers", "crew", "shipments",
	    "high", "medium", "low"};
	char *high = text_array(json_object_get(row, "high_targets"));
	const char *p[] = {out, agency, str(row, "arrival_id"), str(row, "day"),
	    str(row, "name"), now_iso, num[0], num[1], num[2], num[3], num[4],
	    num[5], high, str(row, "inputs")};
	int rc;

	if (high == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory");
	for (size_t i = 0; i < 6; i++)
		(void)snprintf(num[i], sizeof(num[i]), "%lld", (long long)
		    json_integer_value(json_object_get(row, counts[i])));
	rc = store_exec(db, "INSERT INTO vborder.target_list (out_dir,"
	    " for_agency, arrival_id, day, name, first_written, last_written,"
	    " first_lead_minutes, last_lead_minutes, passengers, crew,"
	    " shipments, high, medium, low, high_targets, inputs)"
	    " SELECT $1, $2, a.id, $4, $5, $6::timestamptz, $6::timestamptz,"
	    "  m.lead, m.lead, $7::int, $8::int, $9::int, $10::int, $11::int,"
	    "  $12::int, $13::text[], $14"
	    " FROM vborder.arrival a, LATERAL (SELECT floor(extract(epoch FROM"
	    "  a.scheduled_arrival_utc - $6::timestamptz) / 60)::int AS lead) m"
	    " WHERE a.id = $3::bigint"
	    " ON CONFLICT (out_dir, for_agency, arrival_id) DO UPDATE SET"
	    " day = EXCLUDED.day, name = EXCLUDED.name,"
	    " last_written = EXCLUDED.last_written,"
	    " last_lead_minutes = EXCLUDED.last_lead_minutes,"
	    " passengers = EXCLUDED.passengers, crew = EXCLUDED.crew,"
	    " shipments = EXCLUDED.shipments, high = EXCLUDED.high,"
	    " medium = EXCLUDED.medium, low = EXCLUDED.low,"
	    " high_targets = EXCLUDED.high_targets, inputs = EXCLUDED.inputs",
	    14, p, NULL, err);
	free(high);
	return rc;
}

enum { I_TRANSPORT, I_FROM, I_TO, I_LOCAL, I_UTC, I_NAME, I_PAX, I_CREW,
    I_SHIPS, I_HIGH, I_MEDIUM, I_LOW, I_OPEN, I_WRITTEN, I_LEAD, I_PASSED };

static void
cell(FILE *f, const PGresult *res, int r, int c, const char *open,
    const char *close)
{
	fputs(open, f);
	targets_html_text(f, PQgetisnull(res, r, c) ? "" : PQgetvalue(res, r, c));
	fputs(close, f);
}

static void
index_html(FILE *f, const char *day, const char *now_iso, const PGresult *res,
    int html_lists)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	    "<title>Arrivals ", f);
	targets_html_text(f, day);
	fputs("</title>\n<style>@page{size:A4 landscape;margin:12mm}"
	    "body{font:10pt/1.35 'DejaVu Sans',Arial,sans-serif;color:#111;"
	    "margin:1.2em}h1{font-size:16pt}table{border-collapse:collapse;"
	    "width:100%}th{text-align:left;border-bottom:2px solid #111}"
	    "td,th{padding:3px 6px}td{border-bottom:1px solid #999}"
	    "td.n{text-align:right}.high{font-weight:bold}"
	    ".overdue{font-weight:bold;border:2px solid #111;padding:0 3px}"
	    "</style></head><body>\n<h1>Arrivals of ", f);
	targets_html_text(f, day);
	fputs("</h1>\n<p>Index written ", f);
	targets_html_text(f, now_iso);
	fprintf(f, "; %d arrivals with a target list. Arrival times are local,"
	    " UTC beside; lead is how long before the scheduled arrival the"
	    " list was last written.</p>\n<table><thead><tr><th>Arrival</th>"
	    "<th>UTC</th><th>Flight or vessel</th><th>From &rarr; to</th>"
	    "<th>Screened</th><th>High</th><th>Medium</th><th>Low</th>"
	    "<th>High without outcome</th><th>Lead</th></tr></thead>"
	    "<tbody>\n", PQntuples(res));
	for (int r = 0; r < PQntuples(res); r++) {
		long open = strtol(PQgetvalue(res, r, I_OPEN), NULL, 10);
		int passed = strcmp(PQgetvalue(res, r, I_PASSED), "t") == 0;

		cell(f, res, r, I_LOCAL, "<tr><td>", "</td>");
		cell(f, res, r, I_UTC, "<td>", "</td>");
		cell(f, res, r, I_NAME, "<td><a href=\"", html_lists ? ".html\">" :
		    ".json\">");
		cell(f, res, r, I_TRANSPORT, "", "</a></td>");
		cell(f, res, r, I_FROM, "<td>", " &rarr; ");
		cell(f, res, r, I_TO, "", "</td>");
		cell(f, res, r, I_PAX, "<td class=\"n\">", " pax, ");
		cell(f, res, r, I_CREW, "", " crew, ");
		cell(f, res, r, I_SHIPS, "", " shipments</td>");
		cell(f, res, r, I_HIGH, "<td class=\"n high\">", "</td>");
		cell(f, res, r, I_MEDIUM, "<td class=\"n\">", "</td>");
		cell(f, res, r, I_LOW, "<td class=\"n\">", "</td><td>");
		/* Arrived, and high targets nobody recorded an outcome for. */
		if (open > 0 && passed)
			fprintf(f, "<span class=\"overdue\">%ld, arrived</span>",
			    open);
		else if (open > 0)
			fprintf(f, "%ld", open);
		if (PQgetisnull(res, r, I_LEAD))
			fputs("</td><td>", f);
		else {
			char d[32];

			fprintf(f, "</td><td>%s", clock_duration(strtol(PQgetvalue(res,
			    r, I_LEAD), NULL, 10), d, sizeof(d)));
		}
		cell(f, res, r, I_WRITTEN, " <span style=\"font-size:8.5pt\">(",
		    ")</span></td></tr>\n");
	}
	fputs("</tbody></table>\n</body></html>\n", f);
}

/* One day's index.html, from what the database says this folder holds. */
static int
write_day(PGconn *db, const char *out, const char *agency, const char *day,
    const char *now_iso, int html_lists, struct vb_error *err)
{
	const char *p[] = {out, agency, day, now_iso};
	char path[PATH_MAX], *text = NULL;
	size_t len = 0;
	PGresult *res = NULL;
	FILE *f;
	int rc = -1;

	if (store_exec(db, "SELECT a.transport_id, a.departure_port,"
	    " a.arrival_port, to_char(a.scheduled_arrival_local,"
	    " 'YYYY-MM-DD HH24:MI'), to_char(a.scheduled_arrival_utc AT TIME ZONE"
	    " 'UTC', 'HH24:MI'), l.name, l.passengers, l.crew, l.shipments,"
	    " l.high, l.medium, l.low,"
	    " (SELECT count(*) FROM unnest(l.high_targets) k WHERE NOT EXISTS"
	    "  (SELECT 1 FROM vborder.target t"
	    "   JOIN vborder.outcome o ON o.target_id = t.id"
	    "   WHERE t.arrival_id = l.arrival_id"
	    "   AND t.subject_key = substr(k, strpos(k, '-') + 1))),"
	    " to_char(l.last_written AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD\"T\"HH24:MI\"Z\"'), l.last_lead_minutes,"
	    " coalesce(a.scheduled_arrival_utc < $4::timestamptz, false)"
	    " FROM vborder.target_list l"
	    " JOIN vborder.arrival a ON a.id = l.arrival_id"
	    " WHERE l.out_dir = $1 AND l.for_agency = $2 AND l.day = $3"
	    " ORDER BY coalesce(a.scheduled_arrival_utc,"
	    " a.scheduled_arrival_local AT TIME ZONE 'UTC'), a.transport_id",
	    4, p, &res, err) == -1)
		return -1;
	if (fs_path(path, sizeof(path), err, "%s/%s/index.html", out, day) == -1)
		goto done;
	if ((f = open_memstream(&text, &len)) == NULL) {
		vb_err(err, VB_ENOMEM, "out of memory writing %s", path);
		goto done;
	}
	index_html(f, day, now_iso, res, html_lists);
	if (fclose(f) != 0) {
		vb_err(err, VB_ENOMEM, "out of memory writing %s", path);
		goto done;
	}
	rc = fs_write_atomic(path, text, len, err);
done:
	free(text);
	PQclear(res);
	return rc;
}

int
targets_index_write(PGconn *db, const char *out, const char *for_agency,
    json_t *rows, int html, const char *now_iso, struct vb_error *err)
{
	char dir[PATH_MAX];
	const char *agency = for_agency != NULL ? for_agency : "";
	json_t *row, *days = json_object(), *v;
	size_t i;
	const char *day;

	/* One folder, however it was named on the command line. */
	if (days == NULL)
		return vb_err(err, VB_ENOMEM, "out of memory");
	if (realpath(out, dir) == NULL)
		(void)strlcpy(dir, out, sizeof(dir));
	if (store_begin(db, err) == -1)
		goto fail;
	json_array_foreach(rows, i, row) {
		if (record(db, dir, agency, now_iso, row, err) == -1) {
			store_rollback(db);
			goto fail;
		}
		json_object_set_new(days, str(row, "day"), json_true());
	}
	if (store_commit(db, err) == -1)
		goto fail;
	if (html)
		json_object_foreach(days, day, v) {
			(void)v;
			if (write_day(db, dir, agency, day, now_iso, html, err) == -1)
				goto fail;
		}
	json_decref(days);
	return 0;
fail:
	json_decref(days);
	return -1;
}

int
targets_index_days(PGconn *db, const char *out, const char *const *window,
    const char *now_iso, struct vb_error *err)
{
	char dir[PATH_MAX];
	const char *p[] = {window[0], window[1], window[2], dir};
	PGresult *res;
	int rc = 0;

	if (realpath(out, dir) == NULL)
		(void)strlcpy(dir, out, sizeof(dir));
	/* The days a list was written on by this run's clock: those changed. */
	if (store_exec(db, "SELECT DISTINCT tl.day FROM vborder.target_list tl"
	    " JOIN vborder.arrival a ON a.id = tl.arrival_id"
	    " WHERE tl.out_dir = $4 AND tl.for_agency = ''"
	    " AND tl.last_written = $1::timestamptz AND " STORE_ARRIVAL_DUE
	    " ORDER BY 1", 4, p, &res, err) == -1)
		return -1;
	for (int i = 0; i < PQntuples(res) && rc == 0; i++)
		rc = write_day(db, dir, "", PQgetvalue(res, i, 0), now_iso, 1,
		    err);
	PQclear(res);
	return rc;
}
