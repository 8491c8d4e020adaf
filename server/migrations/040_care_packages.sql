-- Care packages (Sefton's dynamic purchasing chain): a requirement goes to providers, they
-- offer, one offer is awarded and becomes a service agreement, the agreement changes only by
-- dated variations, and its deliveries are paid through service receipts.
-- Providers are referred to by id (the providers feature's table); money is numeric(12,2).

-- How an organisation awards packages and dates its four-weekly receipt periods.
CREATE TABLE package_settings (
  organisation_id text PRIMARY KEY REFERENCES organisations (id),
  award jsonb NOT NULL,
  four_weekly_anchor date NOT NULL DEFAULT '2024-03-31'
);

CREATE TABLE package_requirements (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id),
  -- Pseudonymous: the commissioner's reference for the person, never a name.
  person_reference text NOT NULL,
  needs jsonb NOT NULL,
  -- What providers are shown of the person and their needs.
  shared_summary text NOT NULL DEFAULT '',
  category text NOT NULL,
  area text NOT NULL DEFAULT '',
  start_date date NOT NULL,
  end_date date,
  funding text NOT NULL CHECK (funding IN ('council', 'chc', 'joint')),
  closes_at timestamptz NOT NULL,
  questions jsonb NOT NULL DEFAULT '[]'::jsonb,
  indicative jsonb,
  -- null: every provider may offer; else the chosen providers' ids.
  invited jsonb,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'awarded', 'cancelled')),
  award jsonb,
  awarded_at timestamptz,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX package_requirements_by_org ON package_requirements (organisation_id, status, created_at);

-- A revision supersedes the provider's live offer: one live offer per provider per requirement.
CREATE TABLE package_offers (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id),
  requirement_id text NOT NULL REFERENCES package_requirements (id),
  provider_id text NOT NULL,
  revision integer NOT NULL,
  confirms_needs boolean NOT NULL CHECK (confirms_needs),
  weekly_price numeric(12, 2) NOT NULL CHECK (weekly_price > 0),
  breakdown jsonb,
  answers jsonb NOT NULL DEFAULT '[]'::jsonb,
  status text NOT NULL DEFAULT 'live' CHECK (status IN ('live', 'superseded', 'withdrawn')),
  offered_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (requirement_id, provider_id, revision)
);
CREATE UNIQUE INDEX package_offers_one_live ON package_offers (requirement_id, provider_id) WHERE status = 'live';

CREATE TABLE service_agreements (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id),
  requirement_id text REFERENCES package_requirements (id),
  offer_id text REFERENCES package_offers (id),
  provider_id text NOT NULL,
  location_id text,
  person_reference text NOT NULL,
  category text NOT NULL,
  funding text NOT NULL CHECK (funding IN ('council', 'chc', 'joint')),
  start_date date NOT NULL,
  end_date date,
  weekly_price numeric(12, 2) NOT NULL CHECK (weekly_price >= 0),
  price_provenance jsonb NOT NULL,
  funding_split jsonb NOT NULL,
  receipt_frequency text NOT NULL DEFAULT 'weekly' CHECK (receipt_frequency IN ('weekly', 'four-weekly')),
  status text NOT NULL CHECK (status IN ('pending-acceptance', 'active', 'declined')),
  responded_at timestamptz,
  decline_reason text,
  -- An imported placement's key in the system it came from (re-import finds it).
  import_key text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date IS NULL OR end_date >= start_date),
  UNIQUE (organisation_id, import_key)
);
CREATE UNIQUE INDEX service_agreements_one_per_requirement ON service_agreements (requirement_id) WHERE requirement_id IS NOT NULL;
CREATE INDEX service_agreements_by_org ON service_agreements (organisation_id, status);
CREATE INDEX service_agreements_by_provider ON service_agreements (organisation_id, provider_id);

-- Change orders: a dated new weekly price, never an edit of the agreement.
CREATE TABLE agreement_variations (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id),
  agreement_id text NOT NULL REFERENCES service_agreements (id),
  effective_from date NOT NULL,
  weekly_price numeric(12, 2) NOT NULL CHECK (weekly_price >= 0),
  reason text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending-approval', 'pending-implementation', 'completed', 'rejected')),
  -- The annual review that made it, if any.
  review_id text,
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  approved_by text,
  approved_at timestamptz,
  completed_at timestamptz
);
CREATE INDEX agreement_variations_by_agreement ON agreement_variations (agreement_id, effective_from);

CREATE TABLE service_receipts (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id),
  agreement_id text NOT NULL REFERENCES service_agreements (id),
  provider_id text NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  amount numeric(12, 2) NOT NULL,
  lines jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('raised', 'pending-approval', 'disputed', 'approved', 'invoiced', 'paid', 'void')),
  raised_at timestamptz NOT NULL DEFAULT now(),
  submitted_at timestamptz,
  disputed_at timestamptz,
  dispute_reason text,
  approved_at timestamptz,
  approved_by text,
  invoiced_at timestamptz,
  invoice_reference text,
  paid_at timestamptz,
  voided_at timestamptz,
  CHECK (period_end >= period_start)
);
CREATE INDEX service_receipts_by_agreement ON service_receipts (agreement_id, period_start);
CREATE INDEX service_receipts_by_org ON service_receipts (organisation_id, status);

-- A provider's personal, revocable link into the provider portal (only the SHA-256 is kept).
CREATE TABLE provider_portal_links (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id),
  provider_id text NOT NULL,
  label text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  revoked_at timestamptz,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
