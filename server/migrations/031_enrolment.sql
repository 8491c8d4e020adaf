-- Enrolment against a framework's entry criteria (030 made the tables): frameworks become
-- versioned and admin-managed; each criterion is an object {key, heading, guidance, expires}.
-- Every enrolment decision is kept with the day it takes effect, so the standing on a past
-- date reads the decision in force then (a provider suspended and reinstated keeps both).
ALTER TABLE enrolment_frameworks
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN created_by text NOT NULL DEFAULT 'system',
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

ALTER TABLE enrolments ADD COLUMN version integer NOT NULL DEFAULT 1;
CREATE INDEX enrolments_by_org_state ON enrolments (organisation_id, state);

ALTER TABLE enrolment_evidence
  ADD COLUMN organisation_id text REFERENCES organisations (id),
  ADD COLUMN decision_note text;
CREATE INDEX enrolment_evidence_by_org_expiry ON enrolment_evidence (organisation_id, expires_on)
  WHERE expires_on IS NOT NULL;

CREATE TABLE enrolment_decisions (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id),
  enrolment_id text NOT NULL REFERENCES enrolments (id),
  provider_id text NOT NULL REFERENCES providers (id),
  state text NOT NULL CHECK (state IN ('applied', 'accredited', 'suspended', 'excluded')),
  effective_on text NOT NULL CHECK (effective_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  note text NOT NULL DEFAULT '',
  decided_by text NOT NULL,
  decided_by_name text NOT NULL,
  decided_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enrolment_decisions_by_provider ON enrolment_decisions (provider_id, effective_on);
INSERT INTO enrolment_decisions (id, organisation_id, enrolment_id, provider_id, state, effective_on,
    decided_by, decided_by_name)
  SELECT 'migrated-' || id, organisation_id, id, provider_id, state, state_since,
    coalesce(decided_by, created_by), 'migration 031'
  FROM enrolments;
