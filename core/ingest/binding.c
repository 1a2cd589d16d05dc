#include "binding.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *
binding_codes(const struct binding *b, size_t n, const char *folder)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(b[i].folder, folder) == 0)
			return b[i].codes;
	return NULL;
}

/* 1 when code (len bytes) is one of the space- or comma-separated codes. */
static int
has_code(const char *codes, const char *code, size_t len)
{
	const char *p = codes;

	while (*p != '\0') {
		size_t n;

		p += strspn(p, " ,\t");
		n = strcspn(p, " ,\t");
		if (n > 0 && n == len && strncasecmp(p, code, len) == 0)
			return 1;
		p += n;
	}
	return 0;
}

/* The carrier an arriving leg names, else the designator of its flight number. */
static size_t
leg_code(const struct manifest *mf, const char **code)
{
	const struct leg *g = manifest_arrival_leg(mf);
	int sea = mf->mode != NULL && strcmp(mf->mode, "sea") == 0;

	if (g == NULL)
		return 0;
	if (g->carrier != NULL && g->carrier[0] != '\0') {
		*code = g->carrier;
		return strlen(g->carrier);
	}
	/* An IATA flight number starts with the airline's two-character designator. */
	if (!sea && g->transport_id != NULL && strlen(g->transport_id) > 2 &&
	    isalnum((unsigned char)g->transport_id[0]) &&
	    isalnum((unsigned char)g->transport_id[1])) {
		*code = g->transport_id;
		return 2;
	}
	return 0;
}

/*
 * The code a waybill speaks for: "220" of "220-44118071", "MAEU" of
 * "MAEU123456789"; a house its master's. 0 when it has none.
 */
static size_t
waybill_code(const struct shipment *sh, const char **code)
{
	const char *n = sh->master != NULL && sh->master[0] != '\0' ?
	    sh->master : sh->number;
	size_t i;

	if (n == NULL)
		return 0;
	n += strspn(n, " ");
	for (i = 0; i < 3 && isdigit((unsigned char)n[i]); i++)
		;
	if (i == 3) {
		*code = n;
		return 3;
	}
	for (i = 0; i < 4 && isalpha((unsigned char)n[i]); i++)
		;
	if (i == 4) {
		*code = n;
		return 4;
	}
	return 0;
}

static const char *
ref(const struct manifest *mf)
{
	return mf->message_ref != NULL ? mf->message_ref : "?";
}

int
binding_check(const struct model *m, const char *folder, const char *codes,
    int *unowned, struct vb_error *err)
{
	*unowned = 0;
	for (size_t i = 0; i < m->nmanifests; i++) {
		const struct manifest *mf = &m->manifests[i];
		const char *code = NULL;
		size_t len;

		if (mf->nlegs > 0) {
			if ((len = leg_code(mf, &code)) == 0) {
				/* Configured: the folder must say whom it sends for. */
				if (codes != NULL)
					return vb_err_at(err, VB_EINVALID, mf->offset,
					    "UNH", 0, "message %s names no carrier:"
					    " folder %s may send only for %s",
					    ref(mf), folder, codes);
				continue;
			}
			if (codes != NULL ? has_code(codes, code, len) :
			    strlen(folder) == len &&
			    strncasecmp(folder, code, len) == 0)
				continue;
			return vb_err_at(err, VB_EINVALID, mf->offset, "UNH", 0,
			    "message %s is for carrier %.*s, but folder %s may"
			    " send only for %s", ref(mf), (int)len, code, folder,
			    codes != NULL ? codes : folder);
		}
		for (size_t j = 0; j < mf->nshipments; j++) {
			const struct shipment *sh = &mf->shipments[j];

			len = waybill_code(sh, &code);
			if (codes != NULL && len > 0 && has_code(codes, code, len))
				continue;
			if (codes != NULL)
				return vb_err_at(err, VB_EINVALID, sh->offset, NULL,
				    0, "waybill %s is not one of folder %s's"
				    " (%s)", sh->number != NULL ? sh->number : "?",
				    folder, codes);
			*unowned = 1;
		}
	}
	return 0;
}
