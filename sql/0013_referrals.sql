-- Cargo referrals before loading (the EU ICS2 model): a request to the
-- carrier about one consignment, raised by an officer or by a shipment
-- rule with "referral", written to the carrier's outbox as JSON, open
-- until the carrier's answer file, dropped into its incoming folder,
-- closes it (core/referrals/referrals.h; README, "Cargo referrals").
CREATE TABLE vborder.referral (
	id		bigserial PRIMARY KEY,		-- the reference is 'R' || id
	target_id	bigint NOT NULL REFERENCES vborder.target (id) ON DELETE CASCADE,
	type		text NOT NULL CHECK (type IN ('rfi', 'screening', 'do-not-load')),
	text		text NOT NULL,
	-- Raised by a rule: 'AGENCY/RULE_ID', once per target; else NULL.
	rule_ref	text,
	raised_by	text NOT NULL,
	raised_at	timestamptz NOT NULL,
	carrier		text NOT NULL,		-- the dropbox folder it goes to
	waybill		text NOT NULL,
	delivered_at	timestamptz,
	delivered_file	text,
	closed_at	timestamptz,
	-- The carrier's answer: {"status", "text"}, and the file it came in.
	answer		jsonb,
	answer_file	bigint REFERENCES vborder.carrier_file (id),
	UNIQUE (target_id, rule_ref)
);
CREATE INDEX referral_open ON vborder.referral (carrier) WHERE closed_at IS NULL;
