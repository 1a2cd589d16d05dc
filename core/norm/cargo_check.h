/*
 * Check digits and forms of cargo identifiers, as carriers send them. Pure
 * functions: no allocation, no I/O, NULL taken as invalid.
 *
 * Each cargo_X_valid() returns 1 when the identifier is well formed and its
 * check digit (where it has one) agrees, else 0. Each cargo_X_problem()
 * says why not, in a few static words fit for a data-quality finding
 * ("check digit is not the serial modulo 7"), or returns NULL when valid.
 * The parsers never call these: an invalid number is kept as sent and
 * becomes a finding on its shipment (core/store/cstore.c).
 */
#ifndef VB_CARGO_CHECK_H
#define VB_CARGO_CHECK_H

/*
 * An IATA air waybill number: a 3-digit airline prefix and an 8-digit
 * serial whose last digit is the first seven modulo 7. Taken as
 * "157-12345675", "15712345675", "157 12345675" or as printed on the
 * form, "157-1234 5675".
 */
int cargo_awb_valid(const char *awb);
const char *cargo_awb_problem(const char *awb);

/*
 * An ISO 6346 freight container: 3-letter owner code, category letter
 * (U, J or Z), 6-digit serial and the check digit. Spaces and hyphens
 * between the parts ("CSQU 305438 3") and lower case are taken.
 */
int cargo_container_valid(const char *id);
const char *cargo_container_problem(const char *id);

/*
 * An IATA unit load device: 3-letter type code, 4- or 5-digit serial and
 * the owner's 2-character airline designator ("AKE12345LH", "PMC1234LH").
 * ULDs carry no check digit. Spaces and hyphens between the parts are taken.
 */
int cargo_uld_valid(const char *id);
const char *cargo_uld_problem(const char *id);

/*
 * A harmonised system code: 6 to 10 digits ("847130", "8471.30.00",
 * "8471 30 00 00"), dots or single spaces only between digits, and a
 * chapter (the first two) of the nomenclature: 01 to 97, not 77.
 */
int cargo_hs_valid(const char *hs);
const char *cargo_hs_problem(const char *hs);

/*
 * An IMO ship number: 7 digits, the first six weighted 7 down to 2, the
 * last digit of the sum the seventh; "IMO 9074729" or "9074729".
 */
int cargo_imo_valid(const char *imo);
const char *cargo_imo_problem(const char *imo);

#endif
