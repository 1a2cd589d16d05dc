-- Watchlists from several agencies: expiry, withdrawal kept for audit,
-- sharing, and the drop folder that `watchlist refresh` reads.

-- An entry past its expiry day, or withdrawn by a later load, is not
-- screened any more; it stays, with the load that withdrew it, for audit.
ALTER TABLE vborder.watchlist_entry
	ADD COLUMN expires date,
	ADD COLUMN withdrawn_load bigint REFERENCES vborder.watchlist_load (id);
CREATE INDEX watchlist_entry_load ON vborder.watchlist_entry (watchlist_id, load_id);

-- Which agencies may see the hits of a list besides its owner: NULL means
-- every agency (coordinated border management's default), '{}' none.
ALTER TABLE vborder.watchlist
	ADD COLUMN shared_with text[];

-- The last file `watchlist refresh` took for each list, so an unchanged
-- file is not loaded again and a refused one is not retried until it changes.
CREATE TABLE vborder.watchlist_file (
	agency		text NOT NULL,
	list		text NOT NULL,
	path		text NOT NULL,
	sha256		text NOT NULL,
	format		text NOT NULL,
	status		text NOT NULL CHECK (status IN ('loaded', 'refused')),
	message		text,
	seen_at		timestamptz NOT NULL,
	PRIMARY KEY (agency, list)
);
