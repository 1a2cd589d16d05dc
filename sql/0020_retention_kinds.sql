-- Retention per data kind (README, "Personal data"): a PNR is first
-- depersonalised (names, contacts, payment details, documents blanked; the
-- journey kept for statistics), deleted later. This says when it was.
ALTER TABLE vborder.pnr ADD COLUMN depersonalised_at timestamptz;
