-- The target lists written: per output folder (and agency, for the lists
-- written for one) and arrival, when the first and the last were written
-- and how long before the scheduled arrival, what they held. The day
-- index is made from it; so will be the lead-time report: how long before
-- arrival officers had their list is the virtual border's measure.
CREATE TABLE vborder.target_list (
	out_dir		text NOT NULL,		-- the folder, as an absolute path
	for_agency	text NOT NULL DEFAULT '',	-- '' for every agency's
	arrival_id	bigint NOT NULL REFERENCES vborder.arrival (id) ON DELETE CASCADE,
	day		text NOT NULL,		-- its folder: the local arrival date
	name		text NOT NULL,		-- its file name, without extension
	first_written	timestamptz NOT NULL,
	last_written	timestamptz NOT NULL,
	-- Minutes before the scheduled arrival (UTC); NULL where the port's
	-- time zone is unknown, negative when written after it.
	first_lead_minutes int,
	last_lead_minutes int,
	passengers	int NOT NULL,
	crew		int NOT NULL,
	shipments	int NOT NULL,
	high		int NOT NULL,
	medium		int NOT NULL,
	low		int NOT NULL,
	-- The ids of its high targets, to ask which still lack an outcome.
	high_targets	text[] NOT NULL DEFAULT '{}',
	PRIMARY KEY (out_dir, for_agency, arrival_id)
);
CREATE INDEX target_list_day ON vborder.target_list (out_dir, for_agency, day);
