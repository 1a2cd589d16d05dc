-- Lists rewritten only when their content may have changed: each list
-- written keeps a digest of what it was made from (core/targets/targets.c,
-- list_inputs), and a later run that finds the same digest, the same file
-- name and the files in place leaves it as it is.
ALTER TABLE vborder.target_list ADD COLUMN inputs text;
