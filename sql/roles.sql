-- The database roles of least privilege (README, "Database roles"), applied
-- by `vborder db roles` as the schema's owner with CREATEROLE, again after
-- every `db migrate` (it first takes back every grant, then gives these).
-- Each is a group role without login: a job's or an officer's login is
-- made a member (GRANT vborder_ingest TO ingest_job).
--
--   vborder_ingest   stores what carriers send: files, arrivals, manifests,
--                    people, PNRs, shipments, referral answers; no list,
--                    no rule, no screening result
--   vborder_lists    the list and rule owners' loads; no carrier data
--   vborder_screen   reads everything, writes hits, links, targets, lists'
--                    records, referrals and notices; changes no list, rule,
--                    manifest or outcome
--   vborder_officer  reads the targets (the people and shipments with a
--                    reason, nobody else's records) and records outcomes
--
-- `purge` and `db migrate` run as the owner. The cron job `run` (ingest,
-- screen and lists in one) runs as a login that is a member of
-- vborder_ingest and vborder_screen.
DO $$
DECLARE
	r text;
BEGIN
	FOREACH r IN ARRAY ARRAY['vborder_ingest', 'vborder_lists',
	    'vborder_screen', 'vborder_officer'] LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
			EXECUTE format('CREATE ROLE %I NOLOGIN', r);
		END IF;
	END LOOP;
END $$;

REVOKE ALL ON ALL TABLES IN SCHEMA vborder
	FROM vborder_ingest, vborder_lists, vborder_screen, vborder_officer;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA vborder
	FROM vborder_ingest, vborder_lists, vborder_screen, vborder_officer;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA vborder FROM PUBLIC;

-- Every job: the schema's version, the reference data, its run record and
-- the audit trail (which it may add to, not read or change).
GRANT USAGE ON SCHEMA vborder
	TO vborder_ingest, vborder_lists, vborder_screen, vborder_officer;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA vborder
	TO vborder_ingest, vborder_lists, vborder_screen, vborder_officer;
GRANT SELECT ON vborder.schema_migration, vborder.port, vborder.port_data,
	vborder.agency
	TO vborder_ingest, vborder_lists, vborder_screen, vborder_officer;
GRANT SELECT, INSERT, UPDATE ON vborder.run
	TO vborder_ingest, vborder_lists, vborder_screen, vborder_officer;
GRANT INSERT ON vborder.audit
	TO vborder_ingest, vborder_lists, vborder_screen, vborder_officer;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA vborder
	TO vborder_ingest, vborder_lists, vborder_screen, vborder_officer;

-- Workers sharing a run (`run --worker`, sql/0025): the round and its units.
GRANT SELECT, INSERT, UPDATE ON vborder.work_round, vborder.work_unit
	TO vborder_ingest, vborder_screen;

-- Ingest.
GRANT SELECT, INSERT, UPDATE, DELETE ON vborder.carrier_file,
	vborder.arrival, vborder.manifest, vborder.manifest_leg,
	vborder.person, vborder.person_document, vborder.pnr,
	vborder.traveller, vborder.shipment, vborder.shipment_unplaced
	TO vborder_ingest;
GRANT SELECT ON vborder.shipment_on, vborder.on_board, vborder.screened
	TO vborder_ingest;
-- A referral's answer comes in the dropbox: it closes the referral and
-- records its outcome.
GRANT SELECT, UPDATE ON vborder.referral TO vborder_ingest;
GRANT SELECT, INSERT ON vborder.target, vborder.outcome TO vborder_ingest;

-- Lists and rules.
GRANT SELECT, INSERT, UPDATE, DELETE ON vborder.agency, vborder.watchlist,
	vborder.watchlist_load, vborder.watchlist_entry, vborder.watchlist_file,
	vborder.rule_set, vborder.rule
	TO vborder_lists;

-- Screening and the lists.
GRANT SELECT ON ALL TABLES IN SCHEMA vborder TO vborder_screen;
GRANT INSERT, UPDATE, DELETE ON vborder.hit, vborder.shipment_hit,
	vborder.rule_hit, vborder.shipment_rule_hit, vborder.link_hit,
	vborder.link_value, vborder.arrival_linked,
	vborder.arrival_screen, vborder.target, vborder.target_list,
	vborder.referral, vborder.notice
	TO vborder_screen;
REVOKE SELECT ON vborder.audit FROM vborder_screen;
-- Screening first places the waybills stored since the last ingest.
GRANT DELETE ON vborder.shipment_unplaced TO vborder_screen;
GRANT UPDATE (on_arrival) ON vborder.shipment TO vborder_screen;

-- Officers: the targets and what makes them targets, and their outcomes.
GRANT SELECT ON vborder.arrival, vborder.target, vborder.target_list,
	vborder.outcome, vborder.suppression, vborder.referral,
	vborder.hit, vborder.shipment_hit, vborder.rule_hit,
	vborder.shipment_rule_hit, vborder.link_hit,
	vborder.watchlist, vborder.watchlist_entry, vborder.rule_set,
	vborder.rule, vborder.person, vborder.person_document,
	vborder.shipment, vborder.shipment_on
	TO vborder_officer;
GRANT INSERT ON vborder.target, vborder.outcome, vborder.suppression
	TO vborder_officer;
-- A false positive marks the hits it suppresses.
GRANT UPDATE (suppressed) ON vborder.hit TO vborder_officer;

-- Whose records an officer reads: only a traveller with a reason. The
-- jobs read every row; the owner is not bound by these. (Shipments, the
-- traders' documents, an officer reads whole: a house waybill's target
-- needs its master's arrival.)
ALTER TABLE vborder.person ENABLE ROW LEVEL SECURITY;
ALTER TABLE vborder.person_document ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS jobs ON vborder.person;
DROP POLICY IF EXISTS jobs ON vborder.person_document;
CREATE POLICY jobs ON vborder.person TO vborder_ingest, vborder_screen
	USING (true) WITH CHECK (true);
CREATE POLICY jobs ON vborder.person_document TO vborder_ingest, vborder_screen
	USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS targets ON vborder.person;
DROP POLICY IF EXISTS targets ON vborder.person_document;
CREATE POLICY targets ON vborder.person FOR SELECT TO vborder_officer
	USING (EXISTS (SELECT 1 FROM vborder.hit h
		WHERE h.person_id = person.id)
	    OR EXISTS (SELECT 1 FROM vborder.rule_hit h
		WHERE h.person_id = person.id)
	    OR EXISTS (SELECT 1 FROM vborder.link_hit h
		WHERE h.person_id = person.id));
CREATE POLICY targets ON vborder.person_document FOR SELECT
	TO vborder_officer
	USING (EXISTS (SELECT 1 FROM vborder.person p
		WHERE p.id = person_document.person_id));
