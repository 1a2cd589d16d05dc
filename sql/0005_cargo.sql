-- Cargo: air waybills, house waybills and bills of lading, linked to the
-- arrival that carries them, and what screening finds on their parties.

-- A waybill message (FWB, FHL, XFWB, XFZB) names no arrival: its shipments
-- attach to the flight manifest (FFM) or cargo report (CUSCAR) that lists
-- their number, or to their master's.
ALTER TABLE vborder.manifest ALTER COLUMN arrival_id DROP NOT NULL,
	ADD COLUMN mode text NOT NULL DEFAULT 'air' CHECK (mode IN ('air', 'sea')),
	ADD COLUMN vessel text;

CREATE TABLE vborder.shipment (
	id		bigserial PRIMARY KEY,
	manifest_id	bigint NOT NULL REFERENCES vborder.manifest (id) ON DELETE CASCADE,
	-- The arrival of the manifest that lists it; NULL for a waybill message.
	arrival_id	bigint REFERENCES vborder.arrival (id),
	-- 'manifest' (FFM, CUSCAR: the conveyance's list) or 'waybill' (the
	-- consignment's own message, with its parties and goods).
	source		text NOT NULL CHECK (source IN ('manifest', 'waybill')),
	kind		text NOT NULL CHECK (kind IN ('air_waybill', 'house_waybill',
				'bill_of_lading', 'house_bill')),
	number		text NOT NULL,
	number_norm	text NOT NULL,
	master_norm	text,
	-- {"name", "address", "city", "postcode", "country", "contact"}
	shipper		jsonb,
	consignee	jsonb,
	notify		jsonb,
	-- [{"description", "hs_code", "pieces", "weight", "volume"}]
	goods		jsonb NOT NULL DEFAULT '[]',
	-- [{"id", "kind", "seals"}]
	equipment	jsonb NOT NULL DEFAULT '[]',
	origin		text,
	destination	text,
	loading		text,
	discharge	text,
	routing		text,
	pieces		text,
	weight		text,
	flight		text,
	-- Data-quality findings: [{"rule_id", "explanation"}]
	issues		jsonb NOT NULL DEFAULT '[]',
	-- A later message of the same source for the same number replaces it.
	current		boolean NOT NULL DEFAULT true
);
CREATE INDEX shipment_number ON vborder.shipment (number_norm) WHERE current;
CREATE INDEX shipment_master ON vborder.shipment (master_norm) WHERE current;
CREATE INDEX shipment_arrival ON vborder.shipment (arrival_id) WHERE current;

-- The arrival each current shipment is on: its own manifest's, else that of
-- a manifest listing its number, else its master's.
CREATE VIEW vborder.shipment_on AS
	SELECT s.*, coalesce(s.arrival_id,
		(SELECT m.arrival_id FROM vborder.shipment m
		 WHERE m.number_norm = s.number_norm AND m.current
		 AND m.arrival_id IS NOT NULL ORDER BY m.id DESC LIMIT 1),
		(SELECT m.arrival_id FROM vborder.shipment m
		 WHERE m.number_norm = s.master_norm AND m.current
		 AND m.arrival_id IS NOT NULL ORDER BY m.id DESC LIMIT 1))
		AS on_arrival
	FROM vborder.shipment s WHERE s.current;

-- What the last screen found on a shipment's parties.
CREATE TABLE vborder.shipment_hit (
	shipment_id	bigint NOT NULL REFERENCES vborder.shipment (id) ON DELETE CASCADE,
	party		text NOT NULL CHECK (party IN ('shipper', 'consignee', 'notify')),
	entry_pk	bigint NOT NULL REFERENCES vborder.watchlist_entry (id) ON DELETE CASCADE,
	load_id		bigint NOT NULL REFERENCES vborder.watchlist_load (id),
	run_id		bigint NOT NULL REFERENCES vborder.run (id),
	score		real NOT NULL,
	explanation	text NOT NULL,
	PRIMARY KEY (shipment_id, party, entry_pk)
);
CREATE INDEX shipment_hit_entry ON vborder.shipment_hit (entry_pk);
