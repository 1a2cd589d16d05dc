-- Targets and what officers did about them (CONTRACT "Targets and
-- outcomes", core/outcomes/outcomes.h).

-- A target that an outcome was recorded for: one subject of one arrival.
-- subject_key is 'P' || traveller id for a person, 'S' || the shipment's
-- normalised number for a shipment; the list's id is
-- 'T' || arrival_id || '-' || subject_key, the same whichever run writes it.
CREATE TABLE vborder.target (
	id		bigserial PRIMARY KEY,
	arrival_id	bigint NOT NULL REFERENCES vborder.arrival (id) ON DELETE CASCADE,
	subject_key	text NOT NULL,
	UNIQUE (arrival_id, subject_key)
);

-- Every outcome recorded, kept (the latest is the one shown).
CREATE TABLE vborder.outcome (
	id		bigserial PRIMARY KEY,
	target_id	bigint NOT NULL REFERENCES vborder.target (id) ON DELETE CASCADE,
	outcome		text NOT NULL CHECK (outcome IN ('no-action', 'false-positive',
				'referred', 'examined', 'seized', 'denied-boarding',
				'arrested', 'other')),
	note		text,
	recorded_by	text NOT NULL,		-- the OS user, or --by
	db_user		text NOT NULL DEFAULT current_user,
	recorded_at	timestamptz NOT NULL
);
CREATE INDEX outcome_target ON vborder.outcome (target_id, recorded_at);

-- What a watchlist entry said when an officer found its hit false: while
-- it says the same, it does not hit that person again.
CREATE FUNCTION vborder.entry_fingerprint(e vborder.watchlist_entry)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT md5(concat_ws(chr(31), e.kind, e.name, e.aliases::text,
		e.birth_date, e.nationality, e.gender, e.documents::text,
		e.category, e.severity))
$$;

-- A false positive: the entry (as its fingerprint says it was) and the
-- person (a document, or the name and birth date). It outlives the arrival
-- it was found on; the outcome it came from may be purged.
CREATE TABLE vborder.suppression (
	id		bigserial PRIMARY KEY,
	outcome_id	bigint REFERENCES vborder.outcome (id) ON DELETE SET NULL,
	watchlist_id	bigint NOT NULL REFERENCES vborder.watchlist (id),
	entry_id	text NOT NULL,
	fingerprint	text NOT NULL,
	document	text,
	name_norm	text NOT NULL,
	birth_date	date,
	created_at	timestamptz NOT NULL
);
CREATE INDEX suppression_entry ON vborder.suppression (watchlist_id, entry_id);

-- A hit a suppression covers: still on the list, marked, and counting for nothing.
ALTER TABLE vborder.hit ADD COLUMN suppressed boolean NOT NULL DEFAULT false;
