-- Proof of screening: against what each screen screened (the version of
-- every watchlist and every agency's rule set in force in its snapshot),
-- and, per arrival, the last screen that covered it. An arrival whose
-- scheduled arrival passed without a screen after its last message was
-- not screened on what the carriers sent (`status`, `report screening`).
ALTER TABLE vborder.run ADD COLUMN screened_against jsonb;
CREATE TABLE vborder.arrival_screen (
	arrival_id	bigint PRIMARY KEY REFERENCES vborder.arrival (id) ON DELETE CASCADE,
	run_id		bigint NOT NULL REFERENCES vborder.run (id),
	screened_at	timestamptz NOT NULL	-- the run's now
);
