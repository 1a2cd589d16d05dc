/*
 * Links: the unknown traveller or consignment found through what it shares
 * with a known one.
 *
 * Within the screening window, across arrivals and across passengers, crew
 * and shipments, a subject that shares an identifier with a subject of
 * another booking or shipment that has a watchlist or rule reason gets a
 * link reason naming that subject, its arrival and what they share:
 *
 *   phone     digits only, the international prefix (+ or 00) and a trunk
 *             0 dropped; two numbers are one when equal or when one is the
 *             other with a country code of 1 to 3 digits before it
 *             ("+49 69 1234567", "0049691234567" and "069 1234567"); fewer
 *             than 7 digits is no number;
 *   email     trimmed, lower case; without a name, an @ and a domain with
 *             a dot it is none;
 *   card      the number as the carrier masked it, with its expiry; a
 *             masked number without an expiry is none (its last digits
 *             alone name thousands of cards);
 *   address   upper case, punctuation to spaces, words of one or two
 *             letters dropped (ST, NY, DE: one side writes them, the other
 *             not); fewer than two words or ten characters is none;
 *   document  the normalised number (norm_document), not between records
 *             of the same name (one traveller on two flights).
 *
 * One booking (its record locator, else the traveller) or one shipment
 * (its number) is one group: people booked together share their booking's
 * phone without being linked. A value shared by more than cap groups (a
 * travel agency's phone, a forwarder's address) links nobody: it is counted
 * in links_stats and the command names it in its log.
 *
 * A link's score, severity and agency are those of the linked subject's
 * best reason; the target list combines it at half weight (score.h), so a
 * link alone is never high. Links are not chained: a subject whose only
 * reason is a link links nobody.
 */
#ifndef VB_LINKS_H
#define VB_LINKS_H

#include <stddef.h>
#include <libpq-fe.h>

#include "base/error.h"

/* The default cap on the groups one value may link. */
#define LINKS_CAP_DEFAULT	20
/* How many capped values links_stats names. */
#define LINKS_CAPPED_NAMED	8

struct links_capped {
	char via[16];
	char value[128];	/* as one of its subjects' records has it */
	size_t groups;		/* bookings and shipments sharing it */
};

struct links_stats {
	size_t values;		/* identifiers read: of the arrivals taken */
	size_t affected;	/* subjects linked again: they share a changed value */
	size_t links;		/* link reasons stored: of the subjects affected */
	size_t capped;		/* their values shared too widely to link */
	struct links_capped named[LINKS_CAPPED_NAMED];	/* the first of them */
};

/*
 * Brings the links of the window's subjects up to date with their current
 * identifiers, hits and rule hits, inside the caller's transaction, run
 * run_id. window: the four text parameters of screen_params, the fourth
 * the arrivals the screen took ("{1,2}"; NULL: all of the window). Their
 * identifiers are read again (and those of any arrival of the window whose
 * identifiers are not kept, vborder.link_value), and every subject that
 * shares a value with what came or went is linked again; the others' links
 * stand, as they would be made again. cap: at most this many groups per
 * value (0: LINKS_CAP_DEFAULT). 0, or -1 with err.
 */
int links_screen(PGconn *db, const char *const *window, const char *run_id,
    size_t cap, struct links_stats *st, struct vb_error *err);

/*
 * The normalised forms, into out (outsz bytes): 0, or -1 when the value is
 * none of its kind (then out is ""). card takes the number and its expiry
 * (either may be NULL).
 */
int links_norm_phone(const char *in, char *out, size_t outsz);
int links_norm_email(const char *in, char *out, size_t outsz);
int links_norm_address(const char *in, char *out, size_t outsz);
int links_norm_card(const char *number, const char *expiry, char *out,
    size_t outsz);

/* 1 when two normalised phone numbers are one (equal, or a country code apart). */
int links_phone_same(const char *a, const char *b);

#endif
