-- Incremental screening: a screen takes only the arrivals whose messages
-- or whose lists and rules changed since their last screen. Each arrival's
-- last screen keeps what it was screened on: the messages (a digest of the
-- carrier files its records and shipments came in) and what it was
-- screened against (a digest of the list and rule versions, suppressions,
-- lists' sharing, the day and vborder's version; core/screen/screen.c).
ALTER TABLE vborder.arrival_screen ADD COLUMN messages text,
	ADD COLUMN against text;

-- The carrier files an arrival's records and shipments came in, as a
-- digest: any message added, replaced or purged changes it.
CREATE FUNCTION vborder.arrival_messages(arrival bigint)
RETURNS text LANGUAGE sql STABLE AS $$
	SELECT md5(coalesce(string_agg(x.file_id::text, ',' ORDER BY x.file_id),
		''))
	FROM (SELECT m.file_id FROM vborder.manifest m
		WHERE m.arrival_id = arrival
		UNION SELECT m.file_id FROM vborder.shipment s
		JOIN vborder.manifest m ON m.id = s.manifest_id
		WHERE s.on_arrival = arrival AND s.current) x
$$;
