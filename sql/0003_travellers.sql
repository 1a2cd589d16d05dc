-- Passenger data complete: PNRs beside API lists, one traveller per person
-- and arrival whatever the sources, and message versions.
--
-- Versions: every message is kept (audit); person.current says whether a
-- record is still in force. A later API list of the same arrival and role
-- replaces the earlier one, a change list replaces the records of the people
-- in it, a cancellation takes them off; a later push of a PNR replaces its
-- earlier version. "Later" is the order of arrival in the dropbox.

ALTER TABLE vborder.carrier_file
	ADD COLUMN messages_rejected jsonb;

-- One flight, whichever source names it first: an API list gives departure
-- and arrival times, a PNR often its departure only. A flight number flies
-- a route once a day, so the departure date (else the arrival date) keys it.
ALTER TABLE vborder.arrival
	ADD COLUMN flight_date date,
	ALTER COLUMN scheduled_arrival_local DROP NOT NULL;
UPDATE vborder.arrival SET flight_date =
	coalesce(scheduled_departure_local, scheduled_arrival_local)::date;
-- The foundation's key on the arrival time, by whatever name it was given.
DO $$
DECLARE c name;
BEGIN
	SELECT conname INTO c FROM pg_constraint
		WHERE conrelid = 'vborder.arrival'::regclass AND contype = 'u';
	EXECUTE format('ALTER TABLE vborder.arrival DROP CONSTRAINT %I', c);
END $$;
ALTER TABLE vborder.arrival
	ALTER COLUMN flight_date SET NOT NULL,
	ADD CONSTRAINT arrival_flight
		UNIQUE (mode, transport_id, departure_port, arrival_port, flight_date),
	ADD CONSTRAINT arrival_when CHECK (scheduled_arrival_local IS NOT NULL
		OR scheduled_departure_local IS NOT NULL);
DROP INDEX vborder.arrival_due;
CREATE INDEX arrival_due ON vborder.arrival (coalesce(scheduled_arrival_utc,
	coalesce(scheduled_arrival_local, scheduled_departure_local)
	AT TIME ZONE 'UTC'));

ALTER TABLE vborder.manifest
	ADD COLUMN action text NOT NULL DEFAULT 'replace'
		CHECK (action IN ('replace', 'change', 'cancel')),
	ADD COLUMN push text;

CREATE TABLE vborder.pnr (
	id		bigserial PRIMARY KEY,
	manifest_id	bigint NOT NULL REFERENCES vborder.manifest (id) ON DELETE CASCADE,
	arrival_id	bigint NOT NULL REFERENCES vborder.arrival (id),
	locator		text NOT NULL,
	locator_carrier	text,
	created		text,
	ticketed	text,
	agency		text,
	split_from	text,
	bags		text,
	-- [{"kind": "phone"|"email"|"address", "value", "country", "source"}]
	contacts	jsonb NOT NULL DEFAULT '[]',
	-- [{"type", "card_type", "card_number" (as received), "holder", "amount"}]
	payments	jsonb NOT NULL DEFAULT '[]',
	-- [{"carrier", "flight", "operating_carrier", "operating_flight",
	--   "departure_port", "arrival_port", "departure_local", "arrival_local",
	--   "booking_class", "status"}]
	itinerary	jsonb NOT NULL DEFAULT '[]',
	current		boolean NOT NULL DEFAULT true
);
CREATE INDEX pnr_arrival_locator ON vborder.pnr (arrival_id, locator);

-- One person on one arrival, however many messages and sources name them.
CREATE TABLE vborder.traveller (
	id		bigserial PRIMARY KEY,
	arrival_id	bigint NOT NULL REFERENCES vborder.arrival (id),
	role		text NOT NULL CHECK (role IN ('passenger', 'crew'))
);
CREATE INDEX traveller_arrival ON vborder.traveller (arrival_id);

ALTER TABLE vborder.person
	ADD COLUMN traveller_id	bigint REFERENCES vborder.traveller (id),
	ADD COLUMN current	boolean NOT NULL DEFAULT true,
	ADD COLUMN source	text NOT NULL DEFAULT 'api'
		CHECK (source IN ('api', 'pnr')),
	ADD COLUMN pnr_id	bigint REFERENCES vborder.pnr (id) ON DELETE CASCADE,
	ADD COLUMN pnr_ref	text,
	ADD COLUMN infant	boolean NOT NULL DEFAULT false,
	ADD COLUMN seat		text,
	ADD COLUMN bags		text,
	ADD COLUMN ticket	text,
	ADD COLUMN fare		text,
	ADD COLUMN frequent_flyer text,
	ADD COLUMN contacts	jsonb NOT NULL DEFAULT '[]';
CREATE INDEX person_current ON vborder.person (arrival_id) WHERE current;
CREATE INDEX person_traveller ON vborder.person (traveller_id);
CREATE INDEX person_name ON vborder.person (arrival_id, name_norm);
CREATE INDEX person_booking ON vborder.person (arrival_id, booking_ref);

-- The foundation's people become travellers of their own.
INSERT INTO vborder.traveller (id, arrival_id, role)
	SELECT id, arrival_id, role FROM vborder.person;
SELECT setval(pg_get_serial_sequence('vborder.traveller', 'id'),
	coalesce((SELECT max(id) FROM vborder.traveller), 0) + 1, false);
UPDATE vborder.person SET traveller_id = id;
ALTER TABLE vborder.person ALTER COLUMN traveller_id SET NOT NULL;

-- The records that say who is on board: those in force, except that once
-- the carrier's API list of passengers is in, a passenger booked (PNR) but
-- not on it did not board. Screening and target lists read this.
CREATE VIEW vborder.on_board AS
	SELECT p.* FROM vborder.person p
	WHERE p.current
	AND (p.source = 'api' OR p.role <> 'passenger'
	     OR NOT EXISTS (SELECT 1 FROM vborder.person q
		WHERE q.arrival_id = p.arrival_id AND q.current
		AND q.source = 'api' AND q.role = 'passenger')
	     OR EXISTS (SELECT 1 FROM vborder.person q
		WHERE q.traveller_id = p.traveller_id AND q.current
		AND q.source = 'api'));
