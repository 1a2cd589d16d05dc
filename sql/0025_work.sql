-- Work shared by workers (issue 14; core/work/, `vborder run --worker`):
-- one round of a run (ingest, screen, lists) split into units that any
-- number of vborder processes on any number of hosts claim with
-- SELECT ... FOR UPDATE SKIP LOCKED. A round goes through its stages in
-- order: the carrier files (one unit each), the arrivals to screen (a
-- batch each), then the links and the lists (one unit); the worker that
-- finds a stage's last unit done prepares the next. A unit is done when
-- done_at is set; a worker that dies leaves its unit open, and its row
-- lock goes with its connection, so another worker takes the unit over.
-- `purge` removes closed rounds with the run records.
CREATE TABLE vborder.work_round (
	id bigserial PRIMARY KEY,
	opened_at timestamptz NOT NULL DEFAULT clock_timestamp(),
	opened_by bigint,	-- the run record (vborder.run) of its opener
	-- The run's clock and window, the same for every worker of the round.
	now timestamptz NOT NULL,
	hours int NOT NULL,
	stage text NOT NULL DEFAULT 'ingest'
		CHECK (stage IN ('ingest', 'screen', 'lists', 'closed')),
	closed_at timestamptz,
	-- done, or abandoned: no worker was left in it.
	outcome text CHECK (outcome IN ('done', 'abandoned'))
);

-- At most one round open at a time.
CREATE UNIQUE INDEX work_round_open ON vborder.work_round ((true))
	WHERE closed_at IS NULL;

CREATE TABLE vborder.work_unit (
	id bigserial PRIMARY KEY,
	round_id bigint NOT NULL REFERENCES vborder.work_round (id)
		ON DELETE CASCADE,
	stage text NOT NULL,
	-- A file: carrier, then its name in processing/, tab-separated.
	-- Arrivals: their ids, comma-separated. The lists: "lists".
	key text NOT NULL,
	done_at timestamptz,
	done_by bigint,		-- the run record of the worker that did it
	UNIQUE (round_id, stage, key)
);

CREATE INDEX work_unit_open ON vborder.work_unit (round_id, stage, id)
	WHERE done_at IS NULL;
