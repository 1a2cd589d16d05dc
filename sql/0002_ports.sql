-- Airports (IATA, kind 'air') and seaports (UN/LOCODE, kind 'sea') with the
-- IANA time zone their scheduled times are local to, so that
-- `local AT TIME ZONE port.tz` gives UTC. Reference data: ports_load()
-- (core/ports.c) fills both tables from sql/ports.tsv at `db migrate`;
-- docs/ports.md says where the rows come from.

CREATE TABLE vborder.port (
	code		text NOT NULL,
	kind		text NOT NULL CHECK (kind IN ('air', 'sea')),
	name		text NOT NULL,
	country		text NOT NULL,	-- ISO 3166 alpha-2 (a seaport's: its UN/LOCODE's)
	tz		text NOT NULL,	-- IANA name, known to this server
	PRIMARY KEY (code, kind)
);

-- Which ports.tsv the rows came from: one row, so a migrate that carries the
-- same data does nothing.
CREATE TABLE vborder.port_data (
	one		boolean PRIMARY KEY DEFAULT true CHECK (one),
	sha256		text NOT NULL,
	nrows		int NOT NULL,
	loaded_at	timestamptz NOT NULL
);
