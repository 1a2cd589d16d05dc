-- Risk rules: each agency's rule set as versions (a load is a new version,
-- whole; the latest is in force), and what the last screen found with them.

CREATE TABLE vborder.rule_set (
	id		bigserial PRIMARY KEY,
	agency		text NOT NULL REFERENCES vborder.agency (code),
	version		int NOT NULL,
	files		text NOT NULL,
	rules		int NOT NULL,
	loaded_at	timestamptz NOT NULL,
	UNIQUE (agency, version)
);

CREATE TABLE vborder.rule (
	id		bigserial PRIMARY KEY,
	set_id		bigint NOT NULL REFERENCES vborder.rule_set (id),
	rule_id		text NOT NULL,
	title		text,
	applies_to	text NOT NULL CHECK (applies_to IN ('passenger', 'crew',
				'person', 'shipment')),
	severity	text NOT NULL CHECK (severity IN ('high', 'medium', 'low')),
	weight		real NOT NULL CHECK (weight >= 0 AND weight <= 1),
	valid_from	date,
	valid_to	date,
	enabled		boolean NOT NULL,
	justification	text,
	-- Its conditions use nationality, gender or age (then justified).
	protected	boolean NOT NULL,
	-- The rule as the agency wrote it; screening compiles it from this.
	body		jsonb NOT NULL,
	UNIQUE (set_id, rule_id),
	CHECK (NOT protected OR coalesce(btrim(justification), '') <> '')
);

-- As vborder.hit for watchlists: a screen replaces the rule hits of what
-- it covers as a whole.
CREATE TABLE vborder.rule_hit (
	person_id	bigint NOT NULL REFERENCES vborder.person (id) ON DELETE CASCADE,
	rule_pk		bigint NOT NULL REFERENCES vborder.rule (id) ON DELETE CASCADE,
	run_id		bigint NOT NULL REFERENCES vborder.run (id),
	score		real NOT NULL,
	explanation	text NOT NULL,
	PRIMARY KEY (person_id, rule_pk)
);
CREATE INDEX rule_hit_rule ON vborder.rule_hit (rule_pk);

CREATE TABLE vborder.shipment_rule_hit (
	shipment_id	bigint NOT NULL REFERENCES vborder.shipment (id) ON DELETE CASCADE,
	rule_pk		bigint NOT NULL REFERENCES vborder.rule (id) ON DELETE CASCADE,
	run_id		bigint NOT NULL REFERENCES vborder.run (id),
	score		real NOT NULL,
	explanation	text NOT NULL,
	PRIMARY KEY (shipment_id, rule_pk)
);
CREATE INDEX shipment_rule_hit_rule ON vborder.shipment_rule_hit (rule_pk);
