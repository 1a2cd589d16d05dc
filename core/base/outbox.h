/*
 * What vborder itself puts in a carrier's outbox (cargo referrals,
 * missing-data notices; ingest writes its acks through its own folder
 * handles): DROPBOX/<carrier>/outbox/<name>, made if missing (0750),
 * written whole or not at all.
 */
#ifndef VB_OUTBOX_H
#define VB_OUTBOX_H

#include <stddef.h>
#include <jansson.h>

#include "error.h"

/*
 * Writes doc (taken: its reference is released) as indented JSON, a line
 * break at its end. 0, or -1 with err: VB_ENOMEM when doc is NULL or
 * cannot be written out, else the file's error. carrier is a folder name
 * the store took from ingest.
 */
int outbox_write(const char *dropbox, const char *carrier, const char *name,
    json_t *doc, struct vb_error *err);

#endif
