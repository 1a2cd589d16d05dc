/*
 * Cargo reports as real carriers send them, end to end: into a dropbox,
 * `vborder run`, the shipments on their vessel call's target list.
 *
 * A slot charterer (folder NSCX) reports its bills without the vessel's
 * place of departure: the BALTIC TERN's (tests/data/cargo/cuscar-no-
 * departure.edi) were all loaded in Shanghai, which becomes the departure;
 * the ARCTIC FULMAR's in Shanghai and Busan, so its departure is left
 * empty until the vessel's operator (OCLK) reports the call with its last
 * port of call. A third carrier (BFLN) names another departure for the
 * same call: one vessel, one port, one day is one call, one list.
 * CUSTOMS lists HANSEATIC LIGHTING GMBH (tests/data/cargo-e2e/watchlist.csv).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "harness.h"

#define NOW	"--now 2026-12-01T12:00:00Z"
#define RUN	NOW " run --dropbox '%s/dropbox' --out '%s/out'"
#define TERN	"out/2026-12-02/IMO9387425_CNSHA-DEHAM.json"
#define FULMAR_EMPTY	"out/2026-12-03/IMO9412347_-DEHAM.json"
#define FULMAR	"out/2026-12-03/IMO9412347_KRPUS-DEHAM.json"

/* The ARCTIC FULMAR as the slot charterer reports it: bills from two ports. */
static const char fulmar_nscx[] =
    "UNB+UNOC:3+NORDSEECARGO+DECUSTOMS+261129:0900+NSC2611290001'\n"
    "UNH+NSC0002+CUSCAR:D:95B:UN'\n"
    "BGM+85+NSCX-MFT-0412W+9'\n"
    "TDT+20+0412W+1++NSCX:172:20+++9412347:146:11:ARCTIC FULMAR'\n"
    "LOC+60+DEHAM'\n"
    "DTM+132:202612030600:203'\n"
    "CNI+1+NSCX2611SHA0101'\n"
    "LOC+9+CNSHA'\n"
    "LOC+11+DEHAM'\n"
    "NAD+CN+++ELBE KONTOR GMBH+KAISERKAI 1+HAMBURG++20457+DE'\n"
    "CNI+2+NSCX2611PUS0102'\n"
    "LOC+9+KRPUS'\n"
    "LOC+11+DEHAM'\n"
    "NAD+CN+++HANSEATIC LIGHTING GMBH+GROSSE ELBSTRASSE 145+HAMBURG++22767+DE'\n"
    "UNT+14+NSC0002'\n"
    "UNZ+1+NSC2611290001'\n";

/* Its operator: the last port of call, when it left, a later arrival time. */
static const char fulmar_oclk[] =
    "UNB+UNOC:3+OCEANLINK+DECUSTOMS+261130:0900+CL2611300001'\n"
    "UNH+CAR0412+CUSCAR:D:95B:UN'\n"
    "BGM+85+OCLK-MFT-0412W+9'\n"
    "TDT+20+0412W+1++OCLK:172:20+++9412347:146:11:ARCTIC FULMAR'\n"
    "LOC+125+KRPUS'\n"
    "DTM+133:202611251800:203'\n"
    "LOC+60+DEHAM'\n"
    "DTM+132:202612030630:203'\n"
    "CNI+1+OCLK2611PUS0201'\n"
    "LOC+9+KRPUS'\n"
    "LOC+11+DEHAM'\n"
    "NAD+CN+++NORDFISCH HANDELS GMBH+GROSSE ELBSTRASSE 210+HAMBURG++22767+DE'\n"
    "UNT+12+CAR0412'\n"
    "UNZ+1+CL2611300001'\n";

/* Another slot charterer: its own cargo's place of departure. */
static const char fulmar_bfln[] =
    "UNB+UNOC:3+BLUEFINLINES+DECUSTOMS+261130:1000+BF261130'\n"
    "UNH+BF0412+CUSCAR:D:00B:UN'\n"
    "BGM+85+BFLN-0412W+9'\n"
    "TDT+20+BF412+1++BFLN:172:20+++IMO 9412347:::ARCTIC FULMAR'\n"
    "LOC+5+CNNGB'\n"
    "DTM+133:202611231200:203'\n"
    "LOC+60+DEHAM'\n"
    "DTM+132:202612030630:203'\n"
    "CNI+1+BFLN26NGB0301'\n"
    "LOC+9+CNNGB'\n"
    "LOC+11+DEHAM'\n"
    "NAD+CN+++ALSTER TEXTIL GMBH+MOENCKEBERGSTRASSE 7+HAMBURG++20095+DE'\n"
    "UNT+12+BF0412'\n"
    "UNZ+1+BF261130'\n";

static struct h_env env;

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

/* Writes text into the carrier's incoming/ as name. */
static int
drop(const char *carrier, const char *name, const char *text)
{
	FILE *f;
	int rc;

	if (h_sh("mkdir -p '%s/dropbox/%s/incoming'", env.tmp, carrier) != 0 ||
	    (f = fopen(h_path(&env, "dropbox/%s/incoming/%s", carrier, name),
	    "w")) == NULL)
		return -1;
	rc = fputs(text, f) == EOF ? -1 : 0;
	return fclose(f) == 0 ? rc : -1;
}

static int
setup(void **state)
{
	(void)state;
	if (h_env_start(&env, 1) == -1 ||
	    h_sh("mkdir -p '%s/dropbox/NSCX/incoming' && cp"
	    " '%s/tests/data/cargo/cuscar-no-departure.edi'"
	    " '%s/dropbox/NSCX/incoming/'", env.tmp, h_root(), env.tmp) != 0 ||
	    drop("NSCX", "fulmar-nscx.edi", fulmar_nscx) == -1 ||
	    h_vborder(&env, "db migrate") != 0)
		return -1;
	return h_vborder(&env, NOW " watchlist load --agency CUSTOMS --list cargo"
	    " '%s/tests/data/cargo-e2e/watchlist.csv'", h_root());
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

static json_t *
find_bill(json_t *list, const char *number)
{
	json_t *t;
	size_t i;

	json_array_foreach(json_object_get(list, "targets"), i, t) {
		const char *b = json_string_value(json_object_get(json_object_get(t,
		    "subject"), "bill_of_lading"));

		if (b != NULL && strcmp(b, number) == 0)
			return t;
	}
	return NULL;
}

static int
has_reason(json_t *t, const char *key, const char *value)
{
	json_t *r;
	size_t i;

	json_array_foreach(json_object_get(t, "reasons"), i, r) {
		const char *v = json_string_value(json_object_get(r, key));

		if (v != NULL && strcmp(v, value) == 0)
			return 1;
	}
	return 0;
}

static const char *
arrival_value(json_t *list, const char *key)
{
	return json_string_value(json_object_get(json_object_get(list,
	    "arrival"), key));
}

static json_int_t
screened_shipments(json_t *list)
{
	return json_integer_value(json_object_get(json_object_get(list,
	    "screened"), "shipments"));
}

/* One value of the throwaway database, as text (never NULL). */
static char *
db_value(const char *sql)
{
	char *v = h_db_value(&env, sql);

	assert_non_null(v);
	return v;
}

/*
 * The BALTIC TERN's report is kept, its departure from its bills; the ack
 * says so. Its bills are on the call's list: the listed consignee, and a
 * consignee country "0" stored empty with a data-quality reason.
 */
static void
departure_from_bills(void **state)
{
	json_t *l, *t, *consignee;

	(void)state;
	VB(0, RUN, env.tmp, env.tmp);
	assert_true(h_exists(h_path(&env,
	    "dropbox/NSCX/archive/cuscar-no-departure.edi")));
	assert_true(h_contains(h_path(&env,
	    "dropbox/NSCX/outbox/cuscar-no-departure.edi.ack.json"),
	    "\"status\": \"accepted\""));
	assert_true(h_contains(h_path(&env,
	    "dropbox/NSCX/outbox/cuscar-no-departure.edi.ack.json"),
	    "its bills' port of loading CNSHA taken"));
	assert_int_equal(h_sh("python3 '%s/../shared/tools/check-target-list'"
	    " '%s/out' >/dev/null", h_root(), env.tmp), 0);

	assert_non_null(l = h_json(h_path(&env, TERN)));
	assert_string_equal(arrival_value(l, "mode"), "sea");
	assert_string_equal(arrival_value(l, "transport_id"), "IMO9387425");
	assert_string_equal(arrival_value(l, "departure_port"), "CNSHA");
	assert_string_equal(arrival_value(l, "arrival_port"), "DEHAM");
	assert_string_equal(arrival_value(l, "scheduled_arrival_utc"),
	    "2026-12-02T07:00:00Z");
	assert_int_equal(screened_shipments(l), 2);
	assert_non_null(t = find_bill(l, "NSCX2611SHA0007"));
	assert_true(has_reason(t, "entry_id", "CUS-3"));
	assert_non_null(t = find_bill(l, "NSCX2611SHA0008"));
	assert_true(has_reason(t, "rule_id", "DQ-COUNTRY"));
	assert_string_equal(json_string_value(json_object_get(json_object_get(t,
	    "subject"), "destination")), "ATVIE");
	consignee = json_object_get(json_object_get(t, "subject"), "consignee");
	assert_string_equal(json_string_value(json_object_get(consignee, "name")),
	    "DONAU INDUSTRIEBEDARF GMBH");
	assert_null(json_string_value(json_object_get(consignee, "country")));
	json_decref(l);
}

/*
 * Bills from two ports: the call is kept with no departure, the ack says
 * why, and the list is the vessel's to the port (an empty departure).
 */
static void
departure_left_empty(void **state)
{
	json_t *l;

	(void)state;
	assert_true(h_contains(h_path(&env,
	    "dropbox/NSCX/outbox/fulmar-nscx.edi.ack.json"),
	    "its bills were loaded at CNSHA, KRPUS: the departure is left empty"));
	assert_non_null(l = h_json(h_path(&env, FULMAR_EMPTY)));
	assert_string_equal(arrival_value(l, "transport_id"), "IMO9412347");
	assert_string_equal(arrival_value(l, "departure_port"), "");
	assert_int_equal(screened_shipments(l), 2);
	assert_non_null(find_bill(l, "NSCX2611PUS0102"));
	json_decref(l);
}

/*
 * `vborder screen` counts what it screened: the two vessel calls (cargo
 * only), their shipments and the hits on them (it once said "0 arrivals
 * ... 0 hits"). --full: they were screened before and are unchanged.
 */
static void
screen_summary(void **state)
{
	(void)state;
	VB(0, NOW " screen --full");
	if (!h_contains(env.errout, "screen: 2 arrivals, 0 person records and"
	    " 4 shipments against 7 watchlist entries: 0 person hits,"
	    " 2 shipment hits")) {
		h_show_stderr(&env);
		fail();
	}
}

/*
 * The operator names the ARCTIC FULMAR's last port of call: its report
 * joins the call, which takes that departure, and the list holds every
 * carrier's bills. Another carrier naming another departure joins it too.
 */
static void
operator_names_departure(void **state)
{
	json_t *l;
	char *v;

	(void)state;
	assert_int_equal(drop("OCLK", "fulmar-oclk.edi", fulmar_oclk), 0);
	VB(0, RUN, env.tmp, env.tmp);
	assert_non_null(l = h_json(h_path(&env, FULMAR)));
	assert_string_equal(arrival_value(l, "departure_port"), "KRPUS");
	assert_string_equal(arrival_value(l, "scheduled_departure_local"),
	    "2026-11-25T18:00");
	assert_string_equal(arrival_value(l, "scheduled_arrival_local"),
	    "2026-12-03T06:30");
	assert_int_equal(screened_shipments(l), 3);
	json_decref(l);

	assert_int_equal(drop("BFLN", "fulmar-bfln.edi", fulmar_bfln), 0);
	VB(0, RUN, env.tmp, env.tmp);
	assert_non_null(l = h_json(h_path(&env, FULMAR)));
	assert_string_equal(arrival_value(l, "departure_port"), "KRPUS");
	/* A departure time from another port is not this call's. */
	assert_string_equal(arrival_value(l, "scheduled_departure_local"),
	    "2026-11-25T18:00");
	assert_int_equal(screened_shipments(l), 4);
	json_decref(l);
	v = db_value("SELECT count(*) FROM vborder.arrival"
	    " WHERE transport_id = 'IMO9412347'");
	assert_string_equal(v, "1");
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(departure_from_bills),
		cmocka_unit_test(departure_left_empty),
		cmocka_unit_test(screen_summary),
		cmocka_unit_test(operator_names_departure),
	};

	return cmocka_run_group_tests_name("cargo_real", tests, setup,
	    teardown);
}
