-- Rate scenarios shared with providers before a card is approved, the share links that open
-- them, and the providers' responses.
-- A scenario keeps a copy of both cards as they were when it was made (base_card, proposed_card):
-- providers respond to exactly what they were shown, even if the draft moves on afterwards.
-- The references beside the copies are the provenance.

CREATE TABLE scenarios (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id),
  title text NOT NULL,
  base_card_id text NOT NULL,
  base_version integer NOT NULL,
  base_card jsonb NOT NULL,
  base_status text NOT NULL,
  base_approved_at timestamptz,
  -- 'version': a stored card version (usually a draft); 'uplift': computed from the assumptions.
  proposed_kind text NOT NULL CHECK (proposed_kind IN ('version', 'uplift')),
  proposed_card_id text NOT NULL,
  proposed_version integer,
  proposed_card jsonb NOT NULL,
  proposed_status text NOT NULL,
  uplift jsonb,
  assumptions jsonb NOT NULL DEFAULT '{}'::jsonb,
  opens_at timestamptz NOT NULL,
  closes_at timestamptz NOT NULL,
  created_by text NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (closes_at > opens_at),
  CHECK (proposed_kind = 'uplift' OR proposed_version IS NOT NULL),
  FOREIGN KEY (organisation_id, base_card_id, base_version) REFERENCES rate_cards (organisation_id, card_id, version)
);
CREATE INDEX scenarios_by_org ON scenarios (organisation_id, created_at);

-- Only the SHA-256 of a link's token is kept; the token is shown once, when the link is made.
CREATE TABLE scenario_links (
  id text PRIMARY KEY,
  scenario_id text NOT NULL REFERENCES scenarios (id),
  label text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz,
  revoked_at timestamptz,
  revoked_by text REFERENCES users (id),
  view_count integer NOT NULL DEFAULT 0,
  last_viewed_at timestamptz,
  created_by text NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scenario_links_by_scenario ON scenario_links (scenario_id);

CREATE TABLE scenario_responses (
  id text PRIMARY KEY,
  scenario_id text NOT NULL REFERENCES scenarios (id),
  link_id text NOT NULL REFERENCES scenario_links (id),
  organisation_name text NOT NULL,
  contact_name text NOT NULL,
  contact_email text NOT NULL,
  cqc_location_id text,
  position text NOT NULL CHECK (position IN ('support', 'support-with-changes', 'oppose')),
  comments jsonb NOT NULL DEFAULT '[]'::jsonb,
  cost_evidence jsonb NOT NULL DEFAULT '[]'::jsonb,
  submitted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scenario_responses_by_scenario ON scenario_responses (scenario_id, submitted_at);
