/*
 * Storing what a carrier's file says: arrivals, manifests, PNRs and the
 * people on them, inside the caller's transaction (ingest holds one per
 * file). Each person is linked to the one traveller of its arrival that the
 * other sources already name, and each message takes the records it
 * supersedes out of force, as sql/0003_travellers.sql describes.
 */
#ifndef VB_MSTORE_H
#define VB_MSTORE_H

#include <libpq-fe.h>

#include "base/error.h"
#include "model/model.h"

/*
 * Stores one manifest of file file_id. 0, or -1 with err: VB_EINVALID when
 * the manifest lacks what an arrival needs (the carrier's fault), else a
 * database error.
 */
int mstore_manifest(PGconn *db, const char *file_id, const struct manifest *mf,
    struct vb_error *err);

/*
 * What the store keeps empty rather than as sent, named for the carrier: a
 * nationality, country of residence or document's issuing country, or a
 * shipment party's country, that is no ISO 3166 code (nor one of ICAO
 * 9303's, norm_country): "0", "XX", "GERMAN". Each becomes a warning of m,
 * which the ack lists; a party's is a data-quality reason on its shipment's
 * target too (cstore_issues). Called on a parsed file before it is stored.
 * 0, or -1 with err out of memory.
 */
int mstore_check(struct model *m, struct vb_error *err);

#endif
