-- Carrier files, arrivals, the people on their manifests, agencies and their
-- watchlists, the hits of screening, and the runs that made them.
-- Personal data lives in person, person_document and watchlist_entry only.

CREATE TABLE vborder.carrier_file (
	id		bigserial PRIMARY KEY,
	carrier		text NOT NULL,
	file_name	text NOT NULL,
	sha256		bytea NOT NULL,
	size_bytes	bigint NOT NULL,
	format		text,
	state		text NOT NULL CHECK (state IN ('stored', 'rejected')),
	error		jsonb,
	warnings	jsonb,
	received_at	timestamptz NOT NULL
);
-- The same bytes are stored once; a rejected file may come again.
CREATE UNIQUE INDEX carrier_file_stored_once ON vborder.carrier_file (sha256)
	WHERE state = 'stored';

CREATE TABLE vborder.arrival (
	id				bigserial PRIMARY KEY,
	mode				text NOT NULL CHECK (mode IN ('air', 'sea')),
	carrier				text,
	transport_id			text NOT NULL,
	departure_port			text NOT NULL,
	arrival_port			text NOT NULL,
	scheduled_departure_local	timestamp,
	scheduled_arrival_local		timestamp NOT NULL,
	-- NULL where the arrival port's time zone is unknown.
	scheduled_arrival_utc		timestamptz,
	UNIQUE (mode, transport_id, departure_port, arrival_port, scheduled_arrival_local)
);
CREATE INDEX arrival_due ON vborder.arrival
	(coalesce(scheduled_arrival_utc, scheduled_arrival_local AT TIME ZONE 'UTC'));

CREATE TABLE vborder.manifest (
	id		bigserial PRIMARY KEY,
	file_id		bigint NOT NULL REFERENCES vborder.carrier_file (id),
	arrival_id	bigint NOT NULL REFERENCES vborder.arrival (id),
	format		text NOT NULL,
	version		text,
	message_ref	text,
	sender		text,
	document_code	text,
	role		text NOT NULL CHECK (role IN ('passenger', 'crew'))
);
CREATE INDEX manifest_arrival ON vborder.manifest (arrival_id);
CREATE INDEX manifest_file ON vborder.manifest (file_id);

CREATE TABLE vborder.manifest_leg (
	manifest_id	bigint NOT NULL REFERENCES vborder.manifest (id) ON DELETE CASCADE,
	seq		int NOT NULL,
	carrier		text,
	transport_id	text,
	departure_port	text,
	arrival_port	text,
	departure_local	timestamp,
	arrival_local	timestamp,
	PRIMARY KEY (manifest_id, seq)
);

CREATE TABLE vborder.person (
	id		bigserial PRIMARY KEY,
	manifest_id	bigint NOT NULL REFERENCES vborder.manifest (id) ON DELETE CASCADE,
	arrival_id	bigint NOT NULL REFERENCES vborder.arrival (id),
	role		text NOT NULL CHECK (role IN ('passenger', 'crew')),
	surname		text,
	given_names	text,
	name_raw	text NOT NULL,
	name_norm	text NOT NULL,
	birth_date	date,
	gender		text,
	nationality	text,
	residence	text,
	embark		text,
	debark		text,
	transit		text,
	booking_ref	text
);
CREATE INDEX person_arrival ON vborder.person (arrival_id);
CREATE INDEX person_manifest ON vborder.person (manifest_id);

CREATE TABLE vborder.person_document (
	person_id	bigint NOT NULL REFERENCES vborder.person (id) ON DELETE CASCADE,
	seq		int NOT NULL,
	type		text,
	number		text NOT NULL,
	number_norm	text NOT NULL,
	country		text,
	expiry		date,
	PRIMARY KEY (person_id, seq)
);
CREATE INDEX person_document_number ON vborder.person_document (number_norm);

CREATE TABLE vborder.agency (
	code	text PRIMARY KEY,
	name	text
);

CREATE TABLE vborder.watchlist (
	id		bigserial PRIMARY KEY,
	agency		text NOT NULL REFERENCES vborder.agency (code),
	name		text NOT NULL,
	UNIQUE (agency, name)
);

-- Each load is a version of its list.
CREATE TABLE vborder.watchlist_load (
	id		bigserial PRIMARY KEY,
	watchlist_id	bigint NOT NULL REFERENCES vborder.watchlist (id),
	version		int NOT NULL,
	format		text NOT NULL,
	file_name	text NOT NULL,
	replace		boolean NOT NULL,
	entries		int NOT NULL,
	rejected	int NOT NULL,
	loaded_at	timestamptz NOT NULL,
	UNIQUE (watchlist_id, version)
);

CREATE TABLE vborder.watchlist_entry (
	id		bigserial PRIMARY KEY,
	watchlist_id	bigint NOT NULL REFERENCES vborder.watchlist (id),
	load_id		bigint NOT NULL REFERENCES vborder.watchlist_load (id),
	entry_id	text NOT NULL,
	kind		text NOT NULL CHECK (kind IN ('person', 'organization', 'vessel')),
	name		text NOT NULL,
	aliases		text[] NOT NULL DEFAULT '{}',
	birth_date	text,
	nationality	text,
	gender		text,
	-- [{"type": "P", "country": "POL", "number": "EA1234567"}, ...]
	documents	jsonb NOT NULL DEFAULT '[]',
	phones		text[] NOT NULL DEFAULT '{}',
	emails		text[] NOT NULL DEFAULT '{}',
	addresses	text[] NOT NULL DEFAULT '{}',
	category	text,
	severity	text CHECK (severity IN ('high', 'medium', 'low')),
	note		text,
	UNIQUE (watchlist_id, entry_id)
);

CREATE TABLE vborder.run (
	id		bigserial PRIMARY KEY,
	command		text NOT NULL,
	now		timestamptz NOT NULL,
	started_at	timestamptz NOT NULL DEFAULT clock_timestamp(),
	finished_at	timestamptz,
	status		text
);

-- A hit is what the last screen found for a person: screen replaces a
-- person's hits as a whole, so the lists never show a stale one.
CREATE TABLE vborder.hit (
	person_id	bigint NOT NULL REFERENCES vborder.person (id) ON DELETE CASCADE,
	entry_pk	bigint NOT NULL REFERENCES vborder.watchlist_entry (id) ON DELETE CASCADE,
	load_id		bigint NOT NULL REFERENCES vborder.watchlist_load (id),
	run_id		bigint NOT NULL REFERENCES vborder.run (id),
	score		real NOT NULL,
	explanation	text NOT NULL,
	PRIMARY KEY (person_id, entry_pk)
);
CREATE INDEX hit_entry ON vborder.hit (entry_pk);
