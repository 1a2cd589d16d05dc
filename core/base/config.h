/*
 * The configuration file (--config FILE), INI as read by inih:
 *
 *   [database]
 *   conninfo = host=/var/run/postgresql dbname=vborder
 *   [paths]
 *   dropbox = /srv/vborder/dropbox
 *   out = /srv/vborder/out
 *   [screen]
 *   window_hours = 72
 *   index_cache = /var/cache/vborder/index
 *   [targets]
 *   formats = json,html
 *   [retention]
 *   days = 30            ; and api_days, pnr_depersonalise_days, pnr_days,
 *                        ; cargo_days, records_days (struct config_retention)
 *   [carriers]
 *   XA = XA 220          ; dropbox folder = the carriers it may send for
 *   [limits]
 *   max_people = 20000   ; see core/ingest/limits.h
 *   [watchlists]
 *   max_withdraw_share = 0.25
 *   max_withdraw_floor = 5
 *
 * Command-line options win over the environment, which wins over the file.
 */
#ifndef VB_CONFIG_H
#define VB_CONFIG_H

#include "error.h"

#define CONFIG_VALUE_MAX 1024

/* A dropbox folder and the carrier codes it may send for (core/ingest/binding.h). */
struct config_carrier {
	char folder[32];
	char codes[224];
};

#define CONFIG_CARRIERS_MAX 1024

/*
 * [retention], in days after the arrival (or, for a file no arrival
 * claimed, after its receipt); 0 is "as days". core/purge/ applies them.
 */
struct config_retention {
	int days;		/* target lists, unknown files, every kind unset */
	int api_days;		/* API records and their files */
	int pnr_depersonalise_days;	/* PNR: names, contacts, payments blanked */
	int pnr_days;		/* PNR deleted */
	int cargo_days;		/* cargo manifests, waybills, their files */
	int records_days;	/* run records and the audit trail */
};

struct config {
	char conninfo[CONFIG_VALUE_MAX];
	char dropbox[CONFIG_VALUE_MAX];
	char out[CONFIG_VALUE_MAX];
	char formats[64];
	int window_hours;
	/* [screen] index_cache: the list index kept between screens ("" none). */
	char index_cache[CONFIG_VALUE_MAX];
	struct config_retention retention;
	struct config_carrier carriers[CONFIG_CARRIERS_MAX];	/* [carriers] */
	size_t ncarriers;
	/* [limits] on one carrier file; 0 keeps ingest's default. */
	struct {
		size_t bytes, segments, attributes, people, lists, shipments;
	} limits;
	/*
	 * [watchlists]: a replacing load may withdraw at most this share
	 * (0..1) of a list's entries in force, and always up to
	 * max_withdraw_floor entries; more only with --force (README,
	 * Watchlists).
	 */
	double max_withdraw_share;
	int max_withdraw_floor;
	/* [links] max_sharing: a value shared by more bookings or shipments links none (0: the default, links.h). */
	size_t link_cap;
	/* [ingest] workers: processes storing carrier files at once (1: this one alone). */
	int ingest_workers;
	/* [status] max_backlog_minutes: a file waiting longer makes `status` unhealthy. */
	int max_backlog_minutes;
	/* [notices]: minutes before departure that API, PNR and waybills are due (0: off; core/notices/). */
	int api_minutes, pnr_minutes, waybill_minutes;
};

/* Defaults: libpq's own connection defaults, a 72-hour window, JSON lists, 30 days' retention
 * (run records and audit five years). */
void config_defaults(struct config *c);
/* Reads path over c; an unknown key or a bad value is an error naming its line. */
int config_read(const char *path, struct config *c, struct vb_error *err);

#endif
