-- Incremental screening by record: an arrival's last screen keeps the
-- carrier files it screened, not only their digest. When the arrival is
-- taken again because a message came (its lists, rules and day the same),
-- only the records of files not among them are matched again: the hits of
-- the others stand (core/screen/screen.c). A flight's API list at
-- departure no longer re-reads the PNR pushes of the days before, nor one
-- waybill a vessel's thousand others.
ALTER TABLE vborder.arrival_screen ADD COLUMN files bigint[];

-- The carrier files an arrival's records and shipments came in, in order.
CREATE FUNCTION vborder.arrival_files(arrival bigint)
RETURNS bigint[] LANGUAGE sql STABLE AS $$
	SELECT coalesce(array_agg(x.file_id ORDER BY x.file_id), '{}')
	FROM (SELECT m.file_id FROM vborder.manifest m
		WHERE m.arrival_id = arrival
		UNION SELECT m.file_id FROM vborder.shipment s
		JOIN vborder.manifest m ON m.id = s.manifest_id
		WHERE s.on_arrival = arrival AND s.current) x
$$;

-- Their digest, as sql/0022 made it: the same files, the same text.
CREATE OR REPLACE FUNCTION vborder.arrival_messages(arrival bigint)
RETURNS text LANGUAGE sql STABLE AS $$
	SELECT md5(array_to_string(vborder.arrival_files(arrival), ','))
$$;
