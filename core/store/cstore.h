/*
 * Storing the shipments of a cargo message, inside the caller's
 * transaction (mstore_manifest calls it): each with its data-quality
 * findings, and each replacing the earlier record of its number from the
 * same kind of message.
 */
#ifndef VB_CSTORE_H
#define VB_CSTORE_H

#include <jansson.h>
#include <libpq-fe.h>

#include "base/error.h"
#include "model/model.h"

/*
 * Stores mf's shipments under manifest manifest_id. arrival_id is the
 * conveyance's arrival for a flight manifest or cargo report, NULL for a
 * waybill message. 0, or -1 with err.
 */
int cstore_shipments(PGconn *db, const char *manifest_id,
    const char *arrival_id, const struct manifest *mf, struct vb_error *err);

/*
 * Places the shipments of the messages stored since the last call on the
 * arrivals that carry them (a waybill on the manifest listing it or its
 * master: vborder.place_shipments), in its own statement: call it outside
 * any file's transaction, after ingest and before screening. The tables a
 * large ingest changed are analysed first (store_analyze): planned for the
 * tables of before, placing a day's waybills took minutes instead of a
 * second. moved (if not NULL) gets how many changed arrival. 0, or -1.
 */
int cstore_place(PGconn *db, long *moved, struct vb_error *err);

/*
 * The data-quality findings of one shipment as a JSON array
 * ([{"rule_id", "explanation"}], the caller's), or NULL out of memory:
 * air waybill check digit, container check digit, HS code form, port code
 * form, party country codes. Pure: the airports' existence is checked in
 * the database by cstore_shipments.
 */
json_t *cstore_issues(const struct shipment *sh, const char *mode);

#endif
