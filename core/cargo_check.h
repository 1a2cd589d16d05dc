/*
 * Check digits and forms of cargo identifiers: 1 valid, 0 not. A wrong
 * one is a data-quality finding on its shipment, never a reason to drop it.
 */
#ifndef VB_CARGO_CHECK_H
#define VB_CARGO_CHECK_H

int cargo_awb_valid(const char *awb);
int cargo_container_valid(const char *id);
int cargo_uld_valid(const char *id);
int cargo_hs_valid(const char *hs);
int cargo_imo_valid(const char *imo);

#endif
