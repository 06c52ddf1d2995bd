-- Coordinators (issue 7): SLA alerts once, PDPA anonymisation, dashboard login and sessions,
-- reports sent once. Keep in step with ../sqlite.

-- The SLA clock logs each reminder / escalation once per clock cycle. `decide` refuses a repeat
-- (the case row is locked FOR UPDATE while it judges); this index is the database's own guarantee.
CREATE UNIQUE INDEX case_events_sla_once ON case_events (
    case_id, kind, (payload -> 'what' ->> 'clock'), (payload -> 'what' ->> 'cycle')
) WHERE kind IN ('sla_reminder', 'sla_breached');

-- PDPA. Every data-subject request and every retention run is logged here. `redacting` is true
-- only inside the anonymiser's own transaction (it inserts the row with true, rewrites the
-- case's event texts, and sets it to false before committing), so no other transaction sees it.
CREATE TABLE privacy_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('retention', 'export', 'forget')),
    user_id BIGINT,
    case_id BIGINT REFERENCES cases (id),
    requested_by BIGINT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    redacting BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX privacy_log_case ON privacy_log (case_id, redacting);

ALTER TABLE cases ADD COLUMN anonymised_at TIMESTAMPTZ;

-- case_events stays append-only, with one deliberate exception: the anonymiser may rewrite the
-- `payload` (the texts) of a case it is redacting right now; never the kind, time, order or
-- actor, and never a DELETE or TRUNCATE.
CREATE OR REPLACE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- NEW exists only for row-level UPDATE: test TG_OP first, apart.
    IF TG_OP = 'UPDATE' THEN
        IF NEW.id = OLD.id AND NEW.case_id = OLD.case_id AND NEW.seq = OLD.seq
            AND NEW.at = OLD.at AND NEW.actor_id = OLD.actor_id AND NEW.kind = OLD.kind
            AND EXISTS (SELECT 1 FROM privacy_log p WHERE p.case_id = OLD.case_id AND p.redacting)
        THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'case_events is append-only';
END
$$;

-- Small settings the instances share (the dashboard's signing key).
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One-time dashboard login links: the token is signed; its nonce is stored and used once.
CREATE TABLE dashboard_links (
    nonce TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ
);

CREATE TABLE web_sessions (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    csrf TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

-- Reports sent once (e.g. `weekly:2026-01-05`), whichever instance gets there first.
CREATE TABLE reports_sent (
    key TEXT PRIMARY KEY,
    sent_at TIMESTAMPTZ NOT NULL
);
