/*
 * Cargo referrals before loading, as the EU's ICS2 asks them of carriers:
 * a request about one consignment on a target list, and the carrier's
 * answer.
 *
 * A referral is raised on a shipment's target by an officer (`referral
 * raise`) or by a shipment rule that carries "referral", once per rule and
 * target, when screening finds its hit. Its type: "rfi" (send more
 * information), "screening" (screen the consignment before loading) or
 * "do-not-load". It goes to the dropbox folder of the carrier that sent
 * the consignment's waybill (else its manifest) as
 * outbox/referral-R<id>.json ("vborder-referral/1", README), written by the
 * next run (or at once when the dropbox is known), and stays open until
 * that carrier drops an answer ("vborder-referral-answer/1") into its
 * incoming folder: ingest reads it as any file, and an answer to a
 * referral that is not the carrier's own, or not open, is refused. Lists
 * show a shipment's referrals, open or answered.
 */
#ifndef VB_REFERRALS_H
#define VB_REFERRALS_H

#include <stddef.h>
#include <libpq-fe.h>

#include "base/error.h"
#include "model/model.h"

/* 1 when type is rfi, screening or do-not-load. */
int referral_valid_type(const char *type);

struct referral_result {
	char reference[32];	/* "R12" */
	char carrier[64];	/* the folder it goes to */
	char waybill[64];
};

/*
 * Raises a referral of type with text on shipment target id ("T57-S...")
 * by who at now_iso. VB_EINVALID when id names no shipment of a stored
 * arrival. 0, or -1 with err.
 */
int referral_raise(PGconn *db, const char *id, const char *type,
    const char *text, const char *who, const char *now_iso,
    struct referral_result *r, struct vb_error *err);

/*
 * The referrals the rule hits of run run_id call for, each rule once per
 * target, inside screening's transaction; *n new ones. 0, or -1 with err.
 */
int referral_from_rules(PGconn *db, const char *run_id, const char *now_iso,
    size_t *n, struct vb_error *err);

/*
 * Writes every referral not yet delivered into DROPBOX/<carrier>/outbox/
 * and marks it delivered; *n written. A carrier's folder that cannot take
 * it leaves its referrals for the next run, said in err when it is the
 * only fault. 0, or -1 with err.
 */
int referral_deliver(PGconn *db, const char *dropbox, const char *now_iso,
    size_t *n, struct vb_error *err);

/*
 * Closes the referral a's reference names with a's answer, from carrier
 * file file_id of carrier, inside ingest's transaction. VB_EINVALID when
 * it names no open referral of that carrier. 0, or -1 with err.
 */
int referral_answer(PGconn *db, const char *file_id, const char *carrier,
    const struct referral_answer *a, const char *now_iso,
    struct vb_error *err);

#endif
