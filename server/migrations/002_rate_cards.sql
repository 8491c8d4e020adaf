-- Rate cards: one row per version of a card family within an organisation.
-- Lifecycle: draft -> submitted -> approved -> superseded | withdrawn (draft/submitted may
-- also be withdrawn; submitted may go back to draft is not offered).
-- content is the validated card JSON; the columns beside it are copies for querying.

CREATE TABLE rate_cards (
  organisation_id text NOT NULL REFERENCES organisations (id),
  card_id text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  title text NOT NULL,
  commissioner text NOT NULL,
  effective_from text NOT NULL CHECK (effective_from ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  effective_to text CHECK (effective_to ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  content jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'superseded', 'withdrawn')),
  created_by text NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  submitted_by text REFERENCES users (id),
  submitted_at timestamptz,
  approved_by text REFERENCES users (id),
  approved_at timestamptz,
  superseded_by integer,
  superseded_at timestamptz,
  withdrawn_by text REFERENCES users (id),
  withdrawn_at timestamptz,
  withdrawn_reason text,
  -- The version this draft was made from (uplift), if any.
  derived_from integer,
  PRIMARY KEY (organisation_id, card_id, version),
  CHECK (status NOT IN ('approved', 'superseded') OR (approved_by IS NOT NULL AND approved_at IS NOT NULL)),
  -- four-eyes, held by the database too
  CHECK (approved_by IS NULL OR (approved_by <> created_by AND approved_by <> updated_by))
);
CREATE INDEX rate_cards_in_force ON rate_cards (organisation_id, card_id, effective_from)
  WHERE status IN ('approved', 'superseded');

-- Approved versions are immutable. After approval only the lifecycle columns may move, and
-- only forward: approved -> superseded | withdrawn, superseded -> withdrawn (or re-pointed to
-- a newer superseding version). Nothing but a draft may be deleted.
CREATE FUNCTION rate_cards_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'rate card %/% v% is % and cannot be deleted', OLD.organisation_id, OLD.card_id, OLD.version, OLD.status
        USING ERRCODE = 'P0001';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status IN ('approved', 'superseded', 'withdrawn') THEN
    IF NEW.organisation_id IS DISTINCT FROM OLD.organisation_id
       OR NEW.card_id IS DISTINCT FROM OLD.card_id
       OR NEW.version IS DISTINCT FROM OLD.version
       OR NEW.title IS DISTINCT FROM OLD.title
       OR NEW.commissioner IS DISTINCT FROM OLD.commissioner
       OR NEW.effective_from IS DISTINCT FROM OLD.effective_from
       OR NEW.effective_to IS DISTINCT FROM OLD.effective_to
       OR NEW.content IS DISTINCT FROM OLD.content
       OR NEW.created_by IS DISTINCT FROM OLD.created_by
       OR NEW.created_at IS DISTINCT FROM OLD.created_at
       OR NEW.updated_by IS DISTINCT FROM OLD.updated_by
       OR NEW.updated_at IS DISTINCT FROM OLD.updated_at
       OR NEW.submitted_by IS DISTINCT FROM OLD.submitted_by
       OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at
       OR NEW.approved_by IS DISTINCT FROM OLD.approved_by
       OR NEW.approved_at IS DISTINCT FROM OLD.approved_at
       OR NEW.derived_from IS DISTINCT FROM OLD.derived_from THEN
      RAISE EXCEPTION 'rate card %/% v% is % and its content cannot be changed', OLD.organisation_id, OLD.card_id, OLD.version, OLD.status
        USING ERRCODE = 'P0001';
    END IF;
    IF NOT (
         (OLD.status = 'approved' AND NEW.status IN ('superseded', 'withdrawn'))
      OR (OLD.status = 'superseded' AND NEW.status IN ('superseded', 'withdrawn'))
    ) THEN
      RAISE EXCEPTION 'rate card %/% v% cannot move from % to %', OLD.organisation_id, OLD.card_id, OLD.version, OLD.status, NEW.status
        USING ERRCODE = 'P0001';
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER rate_cards_guard BEFORE UPDATE OR DELETE ON rate_cards
  FOR EACH ROW EXECUTE FUNCTION rate_cards_guard();
