-- Booked travellers never vanish. vborder.on_board says who is on board:
-- once an API passenger list is in, a traveller known only from a PNR is
-- not. But an API list sent at check-in is not the boarded list, and a
-- watchlisted person who booked but did not fly is itself a finding. So
-- screening and the target lists read vborder.screened: everyone current,
-- with what the data says of their boarding.
--
-- boarding (NULL when nothing is to be said):
--   'booked, not on the API list'  a PNR's passenger whom the carrier's
--                                  API lists do not name
--   'not boarded'                  the same once an API passenger list
--                                  came in after the scheduled departure
--                                  (the final, boarded list)
CREATE VIEW vborder.screened AS
	SELECT p.*, CASE
	    WHEN p.source = 'api' OR p.role <> 'passenger' THEN NULL
	    WHEN EXISTS (SELECT 1 FROM vborder.person q
		WHERE q.traveller_id = p.traveller_id AND q.current
		AND q.source = 'api') THEN NULL
	    WHEN NOT EXISTS (SELECT 1 FROM vborder.person q
		WHERE q.arrival_id = p.arrival_id AND q.current
		AND q.source = 'api' AND q.role = 'passenger') THEN NULL
	    WHEN EXISTS (SELECT 1 FROM vborder.person q
		JOIN vborder.manifest m ON m.id = q.manifest_id
		JOIN vborder.carrier_file f ON f.id = m.file_id
		JOIN vborder.arrival a ON a.id = q.arrival_id
		JOIN vborder.port d ON d.code = a.departure_port AND d.kind = a.mode
		WHERE q.arrival_id = p.arrival_id AND q.current
		AND q.source = 'api' AND q.role = 'passenger'
		AND f.received_at >= a.scheduled_departure_local AT TIME ZONE d.tz)
		THEN 'not boarded'
	    ELSE 'booked, not on the API list' END AS boarding
	FROM vborder.person p
	WHERE p.current;
