-- Missing-data notices (the UN goTravel practice): a flight whose carrier
-- sent PNRs but no API passenger list by a set time before departure (or
-- the reverse), or a flight manifest (FFM) listing waybills never sent. One
-- notice per arrival and kind, written as JSON to the carrier's outbox
-- (README, "Missing data"), open until the data comes.
CREATE TABLE vborder.notice (
	id		bigserial PRIMARY KEY,
	arrival_id	bigint NOT NULL REFERENCES vborder.arrival (id) ON DELETE CASCADE,
	kind		text NOT NULL CHECK (kind IN ('missing-api', 'missing-pnr',
				'missing-waybills')),
	carrier		text NOT NULL,		-- the dropbox folder it goes to
	detail		jsonb NOT NULL DEFAULT '{}',
	issued_at	timestamptz NOT NULL,
	delivered_at	timestamptz,
	resolved_at	timestamptz,
	UNIQUE (arrival_id, kind)
);
CREATE INDEX notice_open ON vborder.notice (carrier) WHERE resolved_at IS NULL;
