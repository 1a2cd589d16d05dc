-- The arrival a shipment is on, kept on its row. The view shipment_on
-- worked it out for every current shipment in every query, so a query for
-- one arrival read all shipments: the lists of a day cost the square of
-- its shipments (52 s for 15,000, 17 min for 50,000).
--
-- A manifest's row is on the manifest's arrival. A waybill message's row
-- is placed by the manifests that list its number, else its master's; a
-- later manifest can place it, or move it, after it was stored. So the
-- numbers of every stored message wait in shipment_unplaced and are placed
-- once their files are committed (vborder.place_shipments, after ingest
-- and before screening): a worker storing a waybill cannot see the
-- manifest another worker is storing at the same moment.

-- The arrival a shipment would be placed on now.
CREATE FUNCTION vborder.placed_on(own_arrival bigint, own_number text,
    own_master text)
RETURNS bigint LANGUAGE sql STABLE AS $$
	SELECT coalesce(own_arrival,
		(SELECT m.arrival_id FROM vborder.shipment m
		 WHERE m.number_norm = own_number AND m.current
		 AND m.arrival_id IS NOT NULL ORDER BY m.id DESC LIMIT 1),
		(SELECT m.arrival_id FROM vborder.shipment m
		 WHERE m.number_norm = own_master AND m.current
		 AND m.arrival_id IS NOT NULL ORDER BY m.id DESC LIMIT 1))
$$;

ALTER TABLE vborder.shipment ADD COLUMN on_arrival bigint
	REFERENCES vborder.arrival (id) ON DELETE SET NULL;
UPDATE vborder.shipment
	SET on_arrival = vborder.placed_on(arrival_id, number_norm, master_norm)
	WHERE current;
CREATE INDEX shipment_on_arrival ON vborder.shipment (on_arrival)
	WHERE current;

CREATE TABLE vborder.shipment_unplaced (
	number_norm	text NOT NULL
);

-- Places the shipments whose numbers or masters wait; returns how many
-- moved. Two placers at once take disjoint numbers (DELETE locks them).
CREATE FUNCTION vborder.place_shipments() RETURNS bigint
LANGUAGE sql AS $$
	WITH n AS (DELETE FROM vborder.shipment_unplaced RETURNING number_norm),
	moved AS (UPDATE vborder.shipment s SET on_arrival = p.on_arrival
		FROM (SELECT x.id, vborder.placed_on(x.arrival_id,
			x.number_norm, x.master_norm) AS on_arrival
		    FROM vborder.shipment x WHERE x.current
		    AND (x.number_norm IN (SELECT number_norm FROM n)
		     OR x.master_norm IN (SELECT number_norm FROM n))) p
		WHERE s.id = p.id AND s.on_arrival IS DISTINCT FROM p.on_arrival
		RETURNING 1)
	SELECT count(*) FROM moved
$$;

CREATE OR REPLACE VIEW vborder.shipment_on AS
	SELECT s.* FROM vborder.shipment s WHERE s.current;
