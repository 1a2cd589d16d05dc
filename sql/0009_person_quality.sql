-- Data-quality notes on a person's record: a value the carrier sent that
-- was read leniently or left empty ("birth date ' 670603' sent with
-- spaces: read as 1967-06-03", "nationality 0 is not an ISO 3166 country
-- code: stored empty"). The ack tells the carrier; the target list tells
-- the officer, who must know that a match lacks a birth date because the
-- carrier's was unreadable, not because there was none.
ALTER TABLE vborder.person
	ADD COLUMN quality	jsonb NOT NULL DEFAULT '[]';
