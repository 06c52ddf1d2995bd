-- Coordinators (issue 7): SLA alerts once, PDPA anonymisation, dashboard login and sessions,
-- reports sent once. Keep in step with ../postgres.

-- The SLA clock logs each reminder / escalation once per clock cycle. `decide` refuses a repeat
-- (the case row is locked while it judges); this index is the database's own guarantee.
CREATE UNIQUE INDEX case_events_sla_once ON case_events (
    case_id, kind, json_extract(payload, '$.what.clock'), json_extract(payload, '$.what.cycle')
) WHERE kind IN ('sla_reminder', 'sla_breached');

-- PDPA. Every data-subject request and every retention run is logged here. `redacting` is 1
-- only inside the anonymiser's own transaction (it inserts the row with 1, rewrites the case's
-- event texts, and sets it to 0 before committing), so no other writer ever sees it set.
CREATE TABLE privacy_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('retention', 'export', 'forget')),
    user_id INTEGER,
    case_id INTEGER REFERENCES cases (id),
    requested_by INTEGER NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    redacting INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX privacy_log_case ON privacy_log (case_id, redacting);

ALTER TABLE cases ADD COLUMN anonymised_at TEXT;

-- case_events stays append-only, with one deliberate exception: the anonymiser may rewrite the
-- `payload` (the texts) of a case it is redacting right now; never the kind, time, order or
-- actor, and never a DELETE.
DROP TRIGGER case_events_no_update;
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
WHEN NOT (
    NEW.id = OLD.id AND NEW.case_id = OLD.case_id AND NEW.seq = OLD.seq AND NEW.at = OLD.at
    AND NEW.actor_id = OLD.actor_id AND NEW.kind = OLD.kind
    AND EXISTS (SELECT 1 FROM privacy_log p WHERE p.case_id = OLD.case_id AND p.redacting = 1)
)
BEGIN
    SELECT RAISE(ABORT, 'case_events is append-only');
END;

-- Small settings the instances share (the dashboard's signing key).
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One-time dashboard login links: the token is signed; its nonce is stored and used once.
CREATE TABLE dashboard_links (
    nonce TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);

CREATE TABLE web_sessions (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Reports sent once (e.g. `weekly:2026-01-05`), whichever instance gets there first.
CREATE TABLE reports_sent (
    key TEXT PRIMARY KEY,
    sent_at TEXT NOT NULL
);
