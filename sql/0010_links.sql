-- Links: a subject that shares a phone, e-mail, payment card, address or
-- document number with a subject of another booking or shipment that has a
-- watchlist or rule reason (core/links/links.h). A screen replaces the
-- links of the subjects it covers, as it does their hits.
CREATE TABLE vborder.link_hit (
	-- The subject that gets the reason: a person record or a shipment.
	person_id	bigint REFERENCES vborder.person (id) ON DELETE CASCADE,
	shipment_id	bigint REFERENCES vborder.shipment (id) ON DELETE CASCADE,
	via		text NOT NULL CHECK (via IN ('phone', 'email', 'card',
				'address', 'document')),
	-- The shared value as this subject's record has it.
	value		text NOT NULL,
	-- The subject it is shared with, which has the reason.
	linked_person_id bigint REFERENCES vborder.person (id) ON DELETE CASCADE,
	linked_shipment_id bigint REFERENCES vborder.shipment (id) ON DELETE CASCADE,
	-- The linked subject's best reason: whose, how severe, how strong,
	-- and, for a watchlist hit, which list (an agency sees a link only
	-- when it may see the hit behind it).
	agency		text NOT NULL,
	severity	text,
	score		real NOT NULL,
	watchlist_id	bigint REFERENCES vborder.watchlist (id) ON DELETE CASCADE,
	explanation	text NOT NULL,
	-- The linked subject as the list names it: {"kind", "name",
	-- "transport_id", "arrival_date"}.
	linked		jsonb NOT NULL,
	run_id		bigint NOT NULL REFERENCES vborder.run (id),
	CHECK ((person_id IS NULL) <> (shipment_id IS NULL)),
	CHECK ((linked_person_id IS NULL) <> (linked_shipment_id IS NULL))
);
CREATE INDEX link_hit_person ON vborder.link_hit (person_id);
CREATE INDEX link_hit_shipment ON vborder.link_hit (shipment_id);
CREATE INDEX link_hit_linked_person ON vborder.link_hit (linked_person_id);
CREATE INDEX link_hit_linked_shipment ON vborder.link_hit (linked_shipment_id);
