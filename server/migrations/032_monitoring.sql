-- Quality monitoring (Nottingham, seed 004): an organisation's frameworks (grouped indicators
-- with guidance, and the rule that turns a visit's scores into its outcome), visits scoring
-- each indicator Red/Amber/Green, and action plans with due dates and status.
CREATE TABLE monitoring_frameworks (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id),
  name text NOT NULL CHECK (length(trim(name)) > 0),
  example boolean NOT NULL DEFAULT false,
  groups jsonb NOT NULL,
  outcome_rule jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, name)
);

-- A visit keeps the framework version it was scored against, and its counts and outcome as
-- decided then (a later change to the rule does not rewrite past visits).
CREATE TABLE monitoring_visits (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id),
  location_id text NOT NULL REFERENCES locations (id),
  framework_id text NOT NULL REFERENCES monitoring_frameworks (id),
  framework_version integer NOT NULL,
  visited_on text NOT NULL CHECK (visited_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  body text NOT NULL CHECK (body IN ('council', 'NHS')),
  scores jsonb NOT NULL,
  red integer NOT NULL,
  amber integer NOT NULL,
  green integer NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('Red', 'Amber', 'Green')),
  outcome_reason text NOT NULL,
  summary text NOT NULL DEFAULT '',
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX monitoring_visits_by_location ON monitoring_visits (location_id, visited_on);
CREATE INDEX monitoring_visits_by_org_date ON monitoring_visits (organisation_id, visited_on);

CREATE TABLE action_plans (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id),
  location_id text NOT NULL REFERENCES locations (id),
  visit_id text REFERENCES monitoring_visits (id),
  action text NOT NULL CHECK (length(trim(action)) > 0),
  due_on text NOT NULL CHECK (due_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  completed_on text CHECK (completed_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  note text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'done') = (completed_on IS NOT NULL))
);
CREATE INDEX action_plans_by_location ON action_plans (location_id, due_on);
CREATE INDEX action_plans_open_by_due ON action_plans (organisation_id, due_on) WHERE status = 'open';
