-- The travellers of one PNR, found by the PNR: the rules' party size and
-- the cascade when a PNR goes both read it, and without it each traveller
-- screened read every person (make bench-screen, BENCHMARKS.md).
CREATE INDEX person_pnr ON vborder.person (pnr_id) WHERE pnr_id IS NOT NULL;
