-- The carrier files of many arrivals at once. Called once per arrival,
-- arrival_files (sql/0031) took 2.8 s for the 1,610 arrivals of a large
-- border's day, each call a query of its own; this one reads them all in
-- one pass, in 0.23 s. An arrival without a file has no row. Inlined by
-- the planner where it is called (one SELECT, STABLE, not STRICT).
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
