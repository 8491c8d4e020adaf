-- An escalation step may be about one location (a home's contract) rather than the whole
-- provider: its steps form a sequence of their own, and the location stands by the more severe
-- of its own and the provider's.
ALTER TABLE escalation_steps ADD COLUMN location_id text REFERENCES locations (id);
CREATE INDEX escalation_steps_by_location ON escalation_steps (location_id, effective_on)
  WHERE location_id IS NOT NULL;
