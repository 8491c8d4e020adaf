-- The provider record (Birmingham "Systems and processes": "a single electronic record of each
-- provider"): providers, their locations (care homes, home-support branches), the dated quality
-- evidence the engine rates them from, and escalation steps (Nottingham).
-- Dates are ISO text (YYYY-MM-DD), compared as text, like rate cards: no time zones.
-- Nothing is deleted: a location that closes is deregistered; an evidence record that was
-- wrong is corrected through the API, which writes its before and after to the audit log.

CREATE TABLE providers (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id),
  name text NOT NULL CHECK (length(trim(name)) > 0),
  company_number text,
  cqc_provider_id text,
  version integer NOT NULL DEFAULT 1,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX providers_by_org_name ON providers (organisation_id, lower(name), id);
CREATE UNIQUE INDEX providers_cqc_id ON providers (organisation_id, cqc_provider_id)
  WHERE cqc_provider_id IS NOT NULL;

CREATE TABLE locations (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id),
  provider_id text NOT NULL REFERENCES providers (id),
  name text NOT NULL CHECK (length(trim(name)) > 0),
  cqc_location_id text,
  address text NOT NULL DEFAULT '',
  postcode text NOT NULL DEFAULT '',
  service_type text NOT NULL CHECK (service_type IN ('residential', 'nursing', 'home_support')),
  categories jsonb NOT NULL DEFAULT '[]'::jsonb,
  beds integer CHECK (beds IS NULL OR beds >= 0),
  deregistered_on text CHECK (deregistered_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  version integer NOT NULL DEFAULT 1,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX locations_by_provider ON locations (provider_id);
CREATE UNIQUE INDEX locations_cqc_id ON locations (organisation_id, cqc_location_id)
  WHERE cqc_location_id IS NOT NULL;

-- Inspections by the CQC, the council or the NHS (Birmingham Table 2). source says where the
-- record came from ('manual', 'cqc-import', 'cqc-api'); the same inspection is never stored twice.
CREATE TABLE inspections (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id),
  location_id text NOT NULL REFERENCES locations (id),
  date text NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  body text NOT NULL CHECK (body IN ('CQC', 'council', 'NHS')),
  kind text NOT NULL CHECK (kind IN ('full', 'focused', 'validation')),
  result text NOT NULL,
  notes text NOT NULL DEFAULT '',
  source text NOT NULL DEFAULT 'manual',
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (location_id, body, kind, date)
);
CREATE INDEX inspections_by_location_date ON inspections (location_id, date);

-- Six-monthly assurance statements: due, received (maybe declaring a downgrade), or falsified.
-- "missing" is not stored: it is a statement past its due date and not received.
CREATE TABLE assurance_statements (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id),
  location_id text NOT NULL REFERENCES locations (id),
  due text NOT NULL CHECK (due ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  received_on text CHECK (received_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  declared_rating text CHECK (declared_rating IN ('Gold', 'Silver', 'Bronze', 'Inadequate')),
  falsified_on text CHECK (falsified_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  notes text NOT NULL DEFAULT '',
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (location_id, due)
);

CREATE TABLE improvement_plans (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id),
  location_id text NOT NULL REFERENCES locations (id),
  opened text NOT NULL CHECK (opened ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  deadline text NOT NULL CHECK (deadline ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  validated_on text CHECK (validated_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  failed_on text CHECK (failed_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  summary text NOT NULL DEFAULT '',
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK (deadline >= opened),
  CHECK (validated_on IS NULL OR failed_on IS NULL)
);
CREATE INDEX improvement_plans_by_location ON improvement_plans (location_id, opened);

-- Escalation (Nottingham): Requirement to Improve -> Contract Suspension -> 90 Day Final Notice
-- -> Terminate Contract, or 'closed' when the provider has improved. A step is proposed, then
-- decided by an approver who did not propose it; only approved steps have effects.
CREATE TABLE escalation_steps (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id),
  provider_id text NOT NULL REFERENCES providers (id),
  stage text NOT NULL CHECK (stage IN ('requirement_to_improve', 'contract_suspension', 'final_notice', 'terminated', 'closed')),
  effective_on text NOT NULL CHECK (effective_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  ends_on text CHECK (ends_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  reason text NOT NULL CHECK (length(trim(reason)) > 0),
  proposed_by text NOT NULL,
  proposed_by_name text NOT NULL,
  proposed_at timestamptz NOT NULL DEFAULT now(),
  decision text CHECK (decision IN ('approved', 'rejected')),
  decided_by text,
  decided_by_name text,
  decided_at timestamptz,
  decision_note text,
  CHECK ((decision IS NULL) = (decided_by IS NULL))
);
CREATE INDEX escalation_steps_by_provider ON escalation_steps (provider_id, effective_on);

-- Enrolment against a framework's entry criteria (Sefton: company details, key supplier
-- information, economic and financial standing, grounds for mandatory exclusion, insurance).
-- A framework's criteria are its checklist; each enrolment holds evidence per criterion.
CREATE TABLE enrolment_frameworks (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id),
  name text NOT NULL,
  criteria jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, name)
);

CREATE TABLE enrolments (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id),
  provider_id text NOT NULL REFERENCES providers (id),
  framework_id text NOT NULL REFERENCES enrolment_frameworks (id),
  state text NOT NULL CHECK (state IN ('applied', 'accredited', 'suspended', 'excluded')),
  state_since text NOT NULL CHECK (state_since ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_by text,
  decided_at timestamptz,
  decision_note text,
  UNIQUE (provider_id, framework_id)
);

CREATE TABLE enrolment_evidence (
  id text PRIMARY KEY,
  enrolment_id text NOT NULL REFERENCES enrolments (id),
  criterion text NOT NULL,
  evidence text NOT NULL CHECK (length(trim(evidence)) > 0),
  expires_on text CHECK (expires_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  decision text NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'met', 'not_met')),
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  decided_by text,
  decided_at timestamptz
);
CREATE INDEX enrolment_evidence_by_enrolment ON enrolment_evidence (enrolment_id, criterion);
CREATE INDEX enrolment_evidence_expiring ON enrolment_evidence (expires_on) WHERE expires_on IS NOT NULL;
