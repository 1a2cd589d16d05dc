-- A booked passenger the API lists do not name was "not boarded" when an
-- API passenger list of the flight came at or after its departure: the
-- carrier had closed the flight without him. Asked for every row of the
-- view, that question read every current API record of the arrival with
-- its manifest and file, the same answer again for each (0.84 ms a row, two
-- thirds of a target list's query at bench-day's day). It is a question
-- about the arrival's messages, so it now reads them: the few manifests of
-- the arrival received after its departure, and for each whether it still
-- holds a current API passenger record (person_manifest). Only API
-- messages hold API records (core/store/mstore.c: every format but
-- PNRGOV), so PNR pushes are passed over by their format.
CREATE OR REPLACE VIEW vborder.screened AS
	SELECT p.id, p.manifest_id, p.arrival_id, p.role, p.surname,
	    p.given_names, p.name_raw, p.name_norm, p.birth_date, p.gender,
	    p.nationality, p.residence, p.embark, p.debark, p.transit,
	    p.booking_ref, p.traveller_id, p.current, p.source, p.pnr_id,
	    p.pnr_ref, p.infant, p.seat, p.bags, p.ticket, p.fare,
	    p.frequent_flyer, p.contacts, CASE
	    WHEN p.source = 'api' OR p.role <> 'passenger' THEN NULL
	    WHEN EXISTS (SELECT 1 FROM vborder.person q
		WHERE q.traveller_id = p.traveller_id AND q.current
		AND q.source = 'api') THEN NULL
	    WHEN NOT EXISTS (SELECT 1 FROM vborder.person q
		WHERE q.arrival_id = p.arrival_id AND q.current
		AND q.source = 'api' AND q.role = 'passenger') THEN NULL
	    WHEN EXISTS (SELECT 1 FROM vborder.manifest m
		JOIN vborder.carrier_file f ON f.id = m.file_id
		JOIN vborder.arrival a ON a.id = m.arrival_id
		JOIN vborder.port d ON d.code = a.departure_port AND d.kind = a.mode
		WHERE m.arrival_id = p.arrival_id AND m.format <> 'pnrgov'
		AND f.received_at >= a.scheduled_departure_local AT TIME ZONE d.tz
		AND EXISTS (SELECT 1 FROM vborder.person q
		    WHERE q.manifest_id = m.id AND q.current
		    AND q.source = 'api' AND q.role = 'passenger'))
		THEN 'not boarded'
	    ELSE 'booked, not on the API list' END AS boarding
	FROM vborder.person p
	WHERE p.current;
