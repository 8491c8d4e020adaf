-- Index values an organisation adds itself: a newer value of a reference series than the
-- engine ships, or a series of its own such as a local care wage (Birmingham Care Wage) that
-- the annual price review compares with the National Living Wage. Reads hand these to the
-- engine as its `extra` series; a value here replaces the engine's on the same date.
-- series_name, unit and source describe a series the engine does not ship, kept with its
-- first value (null otherwise). The engine validates values (money in pence, percentages).

CREATE TABLE index_values (
  organisation_id text NOT NULL REFERENCES organisations (id),
  series_id text NOT NULL CHECK (series_id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
  from_date text NOT NULL CHECK (from_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  value text NOT NULL CHECK (value ~ '^-?[0-9]+(\.[0-9]+)?$'),
  note text,
  series_name text,
  unit text CHECK (unit IN ('pounds-per-hour', 'pounds-per-week', 'index', 'percent')),
  source text,
  created_by text NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, series_id, from_date)
);
