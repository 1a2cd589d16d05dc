#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "referrals/referrals.h"
#include "store/store.h"
#include "cmd.h"

void
deliver_referrals(const struct ctx *c, PGconn *db, const char *dropbox,
    const char *now_iso)
{
	struct vb_error err;
	size_t n;

	vb_err_clear(&err);
	if (referral_deliver(db, dropbox, now_iso, &n, &err) == -1)
		log_warning("referrals: %s; those not written wait for the next"
		    " run", err.message);
	if (n > 0)
		log_info(c, "referrals: %zu written to the carriers' outboxes", n);
}

static int
raise_one(struct ctx *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"type", required_argument, NULL, 't'},
		{"text", required_argument, NULL, 'x'},
		{"by", required_argument, NULL, 'b'},
		{"dropbox", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	const char *type = NULL, *text = NULL, *by = NULL;
	const char *dropbox = c->config.dropbox[0] != '\0' ? c->config.dropbox :
	    NULL;
	struct referral_result r;
	struct vb_error err;
	char now[32];
	PGconn *db;
	int ch, rc = EX_OK;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 't': type = optarg; break;
		case 'x': text = optarg; break;
		case 'b': by = optarg; break;
		case 'd': dropbox = optarg; break;
		default: return usage("referral");
		}
	}
	if (optind + 1 != argc || type == NULL || text == NULL || *text == '\0')
		return usage("referral");
	if (!referral_valid_type(type)) {
		log_error("--type %s: rfi, screening or do-not-load", type);
		return EX_USAGE;
	}
	if (by == NULL || *by == '\0')
		by = os_user();
	if ((db = connect_db(c)) == NULL)
		return EX_TEMPFAIL;
	vb_err_clear(&err);
	clock_format(c->now, now, sizeof(now));
	if (referral_raise(db, argv[optind], type, text, by, now, &r,
	    &err) == -1) {
		if (err.code == VB_EINVALID) {
			log_error("%s", err.message);
			rc = EX_USAGE;
		} else
			rc = fail(&err);
		goto done;
	}
	audit(c, db, "referral raised", r.reference, json_pack("{s:s, s:s, s:s,"
	    " s:s, s:s, s:s}", "type", type, "text", text, "target",
	    argv[optind], "waybill", r.waybill, "carrier", r.carrier, "by", by));
	log_info(c, "%s: %s on waybill %s raised for carrier %s", r.reference,
	    type, r.waybill, r.carrier);
	if (dropbox != NULL)
		deliver_referrals(c, db, dropbox, now);
	else
		log_info(c, "%s: written to %s's outbox by the next run",
		    r.reference, r.carrier);
done:
	store_disconnect(db);
	return rc;
}

/* Every referral still open, oldest first: for the officers who raised them. */
static int
ls(struct ctx *c)
{
	struct vb_error err;
	PGresult *res = NULL;
	PGconn *db;

	if ((db = connect_db(c)) == NULL)
		return EX_TEMPFAIL;
	vb_err_clear(&err);
	if (store_exec(db, "SELECT 'R' || r.id, r.type, r.carrier, r.waybill,"
	    " 'T' || t.arrival_id || '-' || t.subject_key,"
	    " to_char(r.raised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),"
	    " coalesce(to_char(r.delivered_at AT TIME ZONE 'UTC',"
	    "  'YYYY-MM-DD HH24:MI'), 'not yet'), r.raised_by, r.text"
	    " FROM vborder.referral r JOIN vborder.target t ON t.id = r.target_id"
	    " WHERE r.closed_at IS NULL ORDER BY r.raised_at, r.id", 0, NULL,
	    &res, &err) == -1) {
		store_disconnect(db);
		return fail(&err);
	}
	printf("%-8s %-11s %-8s %-14s %-22s %-16s %-16s %s\n", "referral",
	    "type", "carrier", "waybill", "target", "raised (UTC)",
	    "delivered (UTC)", "raised by: request");
	for (int i = 0; i < PQntuples(res); i++)
		printf("%-8s %-11s %-8s %-14s %-22s %-16s %-16s %s: %s\n",
		    PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
		    PQgetvalue(res, i, 2), PQgetvalue(res, i, 3),
		    PQgetvalue(res, i, 4), PQgetvalue(res, i, 5),
		    PQgetvalue(res, i, 6), PQgetvalue(res, i, 7),
		    PQgetvalue(res, i, 8));
	if (PQntuples(res) == 0)
		printf("(no open referral)\n");
	PQclear(res);
	store_disconnect(db);
	return EX_OK;
}

int
cmd_referral(struct ctx *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "raise") == 0)
		return raise_one(c, argc - 1, argv + 1);
	if (argc == 2 && strcmp(argv[1], "ls") == 0)
		return ls(c);
	return usage("referral");
}
