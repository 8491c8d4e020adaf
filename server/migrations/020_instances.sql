-- Several service instances on one PostgreSQL.

-- Times are when a row was written, not when its transaction began: a writer takes the
-- entity's lock first, so one entity's audit rows (and a card's submitted/approved times)
-- follow commit order, and the log replays in order by time as it does by id.
ALTER TABLE audit_log ALTER COLUMN at SET DEFAULT clock_timestamp();
ALTER TABLE rate_cards ALTER COLUMN created_at SET DEFAULT clock_timestamp();
ALTER TABLE rate_cards ALTER COLUMN updated_at SET DEFAULT clock_timestamp();

-- Limiter counts shared by every instance (failed sign-ins per address, responses per share
-- link): hits per key in a fixed window starting at window_start (ms since 1970).
CREATE TABLE rate_limit_hits (
  key text NOT NULL,
  window_start bigint NOT NULL,
  hits integer NOT NULL,
  PRIMARY KEY (key, window_start)
);
