/*
 * Which carriers a dropbox folder may speak for. An arrival is keyed by
 * transport id, ports and date, and a waybill by its number: without this
 * check, any carrier could replace another carrier's passenger list or
 * waybill by dropping a file in its own folder.
 *
 * A folder's codes come from the configuration ([carriers] FOLDER = codes):
 * airline designators (2 or 3 characters: "XA", "DLH"), air waybill prefixes
 * (3 digits: "220") and sea carriers' SCACs (4 letters: "MAEU"). A folder
 * the configuration does not name may send for the carrier code equal to
 * its own name, and for waybills no other folder sent first.
 *
 * A message speaks for:
 *   - a conveyance (PAXLST, PNRGOV, FFM, CUSCAR, JSON manifest): the
 *     carrier of its arriving leg, else the designator its flight number
 *     starts with;
 *   - a waybill message (FWB, FHL, XFWB, XFZB): each waybill's airline
 *     prefix (a house waybill its master's), or a bill of lading's SCAC
 *     (the four letters it starts with).
 */
#ifndef VB_BINDING_H
#define VB_BINDING_H

#include <stddef.h>

#include "base/error.h"
#include "model/model.h"

/* Codes separated by spaces or commas, e.g. "XA XB 220". */
struct binding {
	const char *folder;
	const char *codes;
};

/*
 * The codes folder may send for: the configured ones, else NULL (the
 * defaults above apply).
 */
const char *binding_codes(const struct binding *b, size_t n, const char *folder);

/*
 * Checks every message of m against folder's codes (NULL: the defaults).
 * 0 when all may be stored, -1 with err (VB_EINVALID) naming the first
 * message that speaks for someone else. Waybills the defaults cannot
 * decide are left to the caller, through *unowned (set to 1 when m has
 * waybills that only the folder that first sent them may replace).
 */
int binding_check(const struct model *m, const char *folder,
    const char *codes, int *unowned, struct vb_error *err);

#endif
