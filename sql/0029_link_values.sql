-- The identifiers links are made from (core/links/), kept between screens
-- so that a screen reads again only those of the arrivals it takes and
-- links again only the subjects that share a value with them: each row is
-- one normalised phone, e-mail, card, address or document number of a
-- person record or shipment of an arrival of the last screen's window.
-- arrival_linked names the arrivals whose values are all here.
--
-- Derived data, rebuilt from what it is derived from whenever it is
-- missing: UNLOGGED (a crash empties both tables, and the next screen
-- reads the window again), cleared by every `purge` (so nothing outlives
-- what retention deletes or depersonalises), and without foreign keys,
-- which would cost a scan of it for every record deleted.
CREATE UNLOGGED TABLE vborder.link_value (
	arrival_id	bigint NOT NULL,
	kind		text NOT NULL,	-- 'p' a person record, 's' a shipment
	id		bigint NOT NULL,
	subject		text NOT NULL,	-- the traveller or the shipment
	grp		text NOT NULL,	-- its booking: no link within one
	name		text NOT NULL,
	via		text NOT NULL,
	key		text NOT NULL,	-- what values meet by
	norm		text NOT NULL,	-- the normalised value
	shown		text NOT NULL,	-- as the record has it
	linked		jsonb NOT NULL	-- the subject as a list names it
);
-- No index: every query on it joins by hash, a day's window (300,000
-- identifiers) read in a fraction of a second, and bench-api-day measured
-- both a screen of the whole window (each row indexed as it is copied)
-- and the hourly run faster without one on (via, key) or (kind, id)
-- (BENCHMARKS.md).

CREATE UNLOGGED TABLE vborder.arrival_linked (
	arrival_id	bigint PRIMARY KEY
);
