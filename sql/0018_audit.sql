-- The audit trail, kept apart from the data it describes (no foreign key
-- to it): a purge takes an arrival's outcomes and referrals with it, not
-- the record that they were made, by whom and when. Written by list and
-- rule loads and sharing, outcomes, referrals raised and answered, and
-- purges; read by `vborder report audit`.
CREATE TABLE vborder.audit (
	id		bigserial PRIMARY KEY,
	at		timestamptz NOT NULL,		-- the run's now
	recorded_at	timestamptz NOT NULL DEFAULT clock_timestamp(),
	os_user		text,
	db_user		text NOT NULL DEFAULT current_user,
	action		text NOT NULL,
	subject		text NOT NULL,
	detail		jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_at ON vborder.audit (at);
