-- Workers' rounds get a stage of their own for the links (sql/0025): the
-- links over the whole window are one unit, and the lists after them are
-- written in units of arrivals by every worker, the days' indexes last.
ALTER TABLE vborder.work_round DROP CONSTRAINT work_round_stage_check,
	ADD CONSTRAINT work_round_stage_check
	CHECK (stage IN ('ingest', 'screen', 'links', 'lists', 'closed'));
