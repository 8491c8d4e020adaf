-- One response per organisation to each scenario, changeable through a private link until the
-- consultation closes.
-- organisation_key: the organisation name folded (lower case, single spaces) so "Oak House Care
--   Ltd" and "oak house  care ltd" are one organisation;
-- reference: 8 characters the provider quotes (shown on the confirmation);
-- edit_token_hash: SHA-256 of the private change link's token (the token is shown once, like a
--   share link's);
-- updated_at: when the response was last changed (submitted_at stays the first sending);
-- replaced_at: set only on duplicates received before this rule: the latest response of an
--   organisation counts, earlier ones are kept but no longer counted.
ALTER TABLE scenario_responses
  ADD COLUMN organisation_key text,
  ADD COLUMN reference text,
  ADD COLUMN edit_token_hash text UNIQUE,
  ADD COLUMN updated_at timestamptz,
  ADD COLUMN replaced_at timestamptz;

UPDATE scenario_responses
   SET organisation_key = lower(regexp_replace(trim(organisation_name), '\s+', ' ', 'g')),
       reference = upper(substr(md5(id), 1, 8)),
       updated_at = submitted_at;

UPDATE scenario_responses r
   SET replaced_at = later.submitted_at
  FROM scenario_responses later
 WHERE later.scenario_id = r.scenario_id
   AND later.organisation_key = r.organisation_key
   AND (later.submitted_at, later.id) > (r.submitted_at, r.id)
   AND r.replaced_at IS NULL;

ALTER TABLE scenario_responses
  ALTER COLUMN organisation_key SET NOT NULL,
  ALTER COLUMN reference SET NOT NULL,
  ALTER COLUMN updated_at SET NOT NULL;

CREATE UNIQUE INDEX scenario_responses_one_per_organisation
  ON scenario_responses (scenario_id, organisation_key) WHERE replaced_at IS NULL;
CREATE UNIQUE INDEX scenario_responses_reference ON scenario_responses (scenario_id, reference);
