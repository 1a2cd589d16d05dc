-- Proof of screening in one place: each arrival's last message (its own
-- manifests' and those of the waybills on it) beside its last screen, and
-- whether that screen came before the message (stale). `status` and
-- `report screening` read it, so they count the same arrivals.
CREATE VIEW vborder.arrival_proof AS
	SELECT a.id AS arrival_id, m.last AS last_message, s.screened_at,
		s.run_id, (s.screened_at IS NULL OR s.screened_at < m.last)
		AS stale
	FROM vborder.arrival a
	LEFT JOIN LATERAL (SELECT max(f.received_at) AS last FROM (
		SELECT mf.file_id FROM vborder.manifest mf
		WHERE mf.arrival_id = a.id
		UNION SELECT mf.file_id FROM vborder.shipment_on sh
		JOIN vborder.manifest mf ON mf.id = sh.manifest_id
		WHERE sh.on_arrival = a.id) x
		JOIN vborder.carrier_file f ON f.id = x.file_id) m ON true
	LEFT JOIN vborder.arrival_screen s ON s.arrival_id = a.id;
