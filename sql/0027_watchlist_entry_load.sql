-- An entry's list and load checked by one foreign key instead of two: a
-- load belongs to one list, so (watchlist_id, load_id) naming a load of
-- that list says both. Checking every row of a million-entry load twice
-- was most of the load's time (BENCHMARKS.md, loading).
ALTER TABLE vborder.watchlist_load
	ADD CONSTRAINT watchlist_load_list_id UNIQUE (watchlist_id, id);
ALTER TABLE vborder.watchlist_entry
	DROP CONSTRAINT watchlist_entry_watchlist_id_fkey,
	DROP CONSTRAINT watchlist_entry_load_id_fkey,
	ADD CONSTRAINT watchlist_entry_load_fkey FOREIGN KEY (watchlist_id, load_id)
		REFERENCES vborder.watchlist_load (watchlist_id, id);
