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

#endif
