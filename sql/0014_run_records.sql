-- Run records: every run, ingest, screen, targets, watchlist load and
-- refresh, rules load and purge says who ran it (the OS user and the
-- database user), where (host), with which version, how it ended (exit
-- code) and what it did (counts: files by state, people and shipments
-- screened, hits, lists written ...). Operations read them in `vborder
-- status`; the agencies, to prove afterwards what was done and when.
ALTER TABLE vborder.run
	ADD COLUMN os_user	text,
	ADD COLUMN db_user	text NOT NULL DEFAULT current_user,
	ADD COLUMN host		text,
	ADD COLUMN version	text,
	ADD COLUMN exit_code	int,
	ADD COLUMN counts	jsonb NOT NULL DEFAULT '{}';
CREATE INDEX run_command ON vborder.run (command, started_at);
