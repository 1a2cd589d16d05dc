-- A count of the changes to the watchlist entries, moved on by every
-- statement that changes them, in its own transaction: what a saved list
-- index (core/screen/, [screen] index_cache) was built from, and part of
-- what the arrivals were screened against. Unlike the newest load's id it
-- moves when a load that began first commits last. Loads, which change
-- the entries, wait for each other here until the first commits.
CREATE TABLE vborder.watchlist_generation (
	only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
	n bigint NOT NULL
);
INSERT INTO vborder.watchlist_generation (n) VALUES (0);

-- SECURITY DEFINER: whoever changes the entries moves the count, and no
-- role may set it otherwise.
CREATE FUNCTION vborder.watchlist_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
	UPDATE vborder.watchlist_generation SET n = n + 1;
	RETURN NULL;
END
$$;

CREATE TRIGGER watchlist_entry_changed
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON vborder.watchlist_entry
	FOR EACH STATEMENT EXECUTE FUNCTION vborder.watchlist_changed();
