-- Retention of the dropbox follows the receipt the database recorded, never
-- a file's modification time (a carrier sets that, and rename() keeps it).
-- Each receipt names the copy kept in the carrier's folder, so purge can
-- remove exactly that copy once the receipt is old, and says when it did.

-- Where the file was kept, relative to DIR/<carrier>/: "archive/NAME" or
-- "quarantine/NAME" (a .N suffix when the name was taken); NULL for a file
-- an operator ingested from outside a dropbox.
ALTER TABLE vborder.carrier_file ADD COLUMN kept_as text,
	ADD COLUMN purged_at timestamptz;

-- Files received before this migration were kept under their own name.
UPDATE vborder.carrier_file
	SET kept_as = CASE state WHEN 'stored' THEN 'archive/' ELSE 'quarantine/' END
	    || file_name;

-- A resend of stored bytes is a receipt too: its copy and ack age with it.
ALTER TABLE vborder.carrier_file DROP CONSTRAINT carrier_file_state_check,
	ADD CONSTRAINT carrier_file_state_check
	CHECK (state IN ('stored', 'rejected', 'duplicate'));

CREATE INDEX carrier_file_unpurged ON vborder.carrier_file (received_at)
	WHERE purged_at IS NULL;

-- Duplicates are per carrier: a carrier's ack never names another
-- carrier's file, and the same bytes from two carriers are two receipts.
DROP INDEX vborder.carrier_file_stored_once;
CREATE UNIQUE INDEX carrier_file_stored_once ON vborder.carrier_file
	(carrier, sha256) WHERE state = 'stored';
