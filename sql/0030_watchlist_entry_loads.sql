-- An entry's loads checked once per statement instead of once per row.
-- A load stores up to a million entries of one load in one statement; the
-- foreign keys of sql/0004 and sql/0027 looked a load up for every one of
-- them (the load that stated the entry, and the one that withdrew it,
-- NULL but still a trigger call): about a third of the time a
-- million-entry list took to load (BENCHMARKS.md). The same rules, that
-- (watchlist_id, load_id) names a load of that list and withdrawn_load a
-- load, are now kept by triggers: one after each statement that writes
-- entries, over the distinct loads it named (each locked as a foreign key
-- locks it, so that it cannot go while the statement's transaction is
-- open), and one before a load is deleted or renumbered, which refuses
-- while an entry names it, as the keys' NO ACTION did. Loads are kept for
-- audit and never deleted by vborder, so the index that served the key's
-- check on delete goes too.
ALTER TABLE vborder.watchlist_entry
	DROP CONSTRAINT watchlist_entry_load_fkey,
	DROP CONSTRAINT watchlist_entry_withdrawn_load_fkey;
DROP INDEX vborder.watchlist_entry_load;

-- SECURITY DEFINER: the check reads and locks the loads whoever writes
-- entries; search_path pinned as for every such function.
CREATE FUNCTION vborder.watchlist_entry_loads() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
	r record;
BEGIN
	FOR r IN SELECT DISTINCT watchlist_id, load_id, withdrawn_load
	    FROM written LOOP
		PERFORM 1 FROM vborder.watchlist_load l
		WHERE l.id = r.load_id AND l.watchlist_id = r.watchlist_id
		FOR KEY SHARE;
		IF NOT FOUND THEN
			RAISE foreign_key_violation USING
				MESSAGE = format('watchlist %s has no load %s',
				    r.watchlist_id, r.load_id),
				TABLE = 'watchlist_entry';
		END IF;
		CONTINUE WHEN r.withdrawn_load IS NULL;
		PERFORM 1 FROM vborder.watchlist_load l
		WHERE l.id = r.withdrawn_load FOR KEY SHARE;
		IF NOT FOUND THEN
			RAISE foreign_key_violation USING
				MESSAGE = format('there is no watchlist load %s',
				    r.withdrawn_load),
				TABLE = 'watchlist_entry';
		END IF;
	END LOOP;
	RETURN NULL;
END
$$;

-- A statement trigger with a transition table takes one event.
CREATE TRIGGER watchlist_entry_loads_insert
	AFTER INSERT ON vborder.watchlist_entry
	REFERENCING NEW TABLE AS written
	FOR EACH STATEMENT EXECUTE FUNCTION vborder.watchlist_entry_loads();
CREATE TRIGGER watchlist_entry_loads_update
	AFTER UPDATE ON vborder.watchlist_entry
	REFERENCING NEW TABLE AS written
	FOR EACH STATEMENT EXECUTE FUNCTION vborder.watchlist_entry_loads();

CREATE FUNCTION vborder.watchlist_load_named() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
	IF (TG_OP = 'DELETE' OR (NEW.id, NEW.watchlist_id) IS DISTINCT FROM
	    (OLD.id, OLD.watchlist_id)) AND EXISTS (
	    SELECT 1 FROM vborder.watchlist_entry e
	    WHERE (e.watchlist_id = OLD.watchlist_id AND e.load_id = OLD.id)
	    OR e.withdrawn_load = OLD.id) THEN
		RAISE foreign_key_violation USING
			MESSAGE = format('watchlist load %s still has entries', OLD.id),
			TABLE = 'watchlist_load';
	END IF;
	RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;

CREATE TRIGGER watchlist_load_named
	BEFORE DELETE OR UPDATE OF id, watchlist_id ON vborder.watchlist_load
	FOR EACH ROW EXECUTE FUNCTION vborder.watchlist_load_named();
