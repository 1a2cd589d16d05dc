-- Incremental screening by record: an arrival's last screen keeps the
-- carrier files it screened, where sql/0022 kept only their digest (which
-- goes: the files say whether they changed). When the arrival is taken
-- again because a message came (its lists, rules and day the same), only
-- the records of files not among them are matched again: the hits of the
-- others stand (core/screen/screen.c). A flight's API list at departure no
-- longer re-reads the PNR pushes of the days before, nor one waybill a
-- vessel's thousand others.
ALTER TABLE vborder.arrival_screen ADD COLUMN files bigint[],
	DROP COLUMN messages;
DROP FUNCTION vborder.arrival_messages(bigint);

-- The carrier files the records and shipments of the arrivals ids came in,
-- in order, one row per arrival that has any. One pass over them all: a
-- function called once per arrival took 2.8 s for the 1,610 arrivals of a
-- large border's day, this 0.23 s. Inlined by the planner where it is
-- called (one SELECT, STABLE, not STRICT).
CREATE FUNCTION vborder.arrivals_files(ids bigint[])
RETURNS TABLE (arrival_id bigint, files bigint[])
LANGUAGE sql STABLE AS $$
	SELECT x.arrival_id, array_agg(x.file_id ORDER BY x.file_id)
	FROM (SELECT m.arrival_id, m.file_id FROM vborder.manifest m
		WHERE m.arrival_id = ANY (ids)
		UNION SELECT s.on_arrival, m.file_id FROM vborder.shipment s
		JOIN vborder.manifest m ON m.id = s.manifest_id
		WHERE s.on_arrival = ANY (ids) AND s.current) x
	GROUP BY x.arrival_id
$$;
