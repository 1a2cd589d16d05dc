-- A person record's arrival and a PNR's are their manifest's: ingest stores
-- the three from one message (core/store/mstore.c). One foreign key on the
-- pair checks both, where a key on each was checked for every row stored,
-- and it says more: a record cannot name another arrival than its
-- manifest's. The arrival stays guarded through the manifest's own key, and
-- a purge deletes the records with their manifest as before (ON DELETE
-- CASCADE). Of a person row's 55 µs on the server at bench-day's day, about
-- 10 (BENCHMARKS.md).
ALTER TABLE vborder.manifest
	ADD CONSTRAINT manifest_id_arrival_key UNIQUE (id, arrival_id);

ALTER TABLE vborder.person
	DROP CONSTRAINT person_arrival_id_fkey,
	DROP CONSTRAINT person_manifest_id_fkey,
	ADD CONSTRAINT person_manifest_fkey FOREIGN KEY (manifest_id, arrival_id)
		REFERENCES vborder.manifest (id, arrival_id) ON DELETE CASCADE;

ALTER TABLE vborder.pnr
	DROP CONSTRAINT pnr_arrival_id_fkey,
	DROP CONSTRAINT pnr_manifest_id_fkey,
	ADD CONSTRAINT pnr_manifest_fkey FOREIGN KEY (manifest_id, arrival_id)
		REFERENCES vborder.manifest (id, arrival_id) ON DELETE CASCADE;
