-- clinic schema, PostgreSQL. Keep in step with ../sqlite (same tables, same columns).
-- Integers are BIGINT throughout so one Rust type (i64) reads them on both engines.

CREATE TABLE agencies (
    code TEXT PRIMARY KEY,
    name_th TEXT NOT NULL,
    name_en TEXT NOT NULL,
    handles TEXT NOT NULL,
    handles_en TEXT NOT NULL,
    sla_claim_hours BIGINT NOT NULL,
    sla_first_reply_hours BIGINT NOT NULL,
    sla_resolve_hours BIGINT NOT NULL
);

-- id: the Telegram user id (or a local id for `clinic chat`).
CREATE TABLE users (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('officer', 'expert', 'coordinator', 'admin')),
    agency TEXT REFERENCES agencies (code),
    created_at TIMESTAMPTZ NOT NULL,
    CHECK ((role = 'expert') = (agency IS NOT NULL))
);

CREATE TABLE invites (
    code TEXT PRIMARY KEY,
    agency TEXT NOT NULL REFERENCES agencies (code),
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_by BIGINT REFERENCES users (id),
    used_at TIMESTAMPTZ
);

-- One row per (province, Buddhist-era year): advanced in the transaction that opens a case,
-- so references have no gaps (a sequence would leave gaps on rollback).
CREATE TABLE case_counters (
    province TEXT NOT NULL,
    year_be BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (province, year_be)
);

-- The case row is a projection of its events: columns to filter on, `snapshot` to load.
CREATE TABLE cases (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ref TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    officer_id BIGINT NOT NULL REFERENCES users (id),
    agency TEXT NOT NULL REFERENCES agencies (code),
    owner_id BIGINT REFERENCES users (id),
    subject TEXT NOT NULL,
    opened_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    routed_at TIMESTAMPTZ NOT NULL,
    claimed_at TIMESTAMPTZ,
    resolved_at TIMESTAMPTZ,
    closed_at TIMESTAMPTZ,
    waiting_since TIMESTAMPTZ,
    rating BIGINT,
    merged_into TEXT,
    version BIGINT NOT NULL,
    snapshot JSONB NOT NULL
);
CREATE INDEX cases_status_agency ON cases (status, agency);
CREATE INDEX cases_officer ON cases (officer_id);

-- Append-only log: `seq` is the case version the event produced, unique per case, so two
-- writers that read the same version cannot both append.
CREATE TABLE case_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    seq BIGINT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    actor_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    payload JSONB NOT NULL,
    UNIQUE (case_id, seq)
);
CREATE INDEX case_events_kind_at ON case_events (kind, at);

CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'case_events is append-only';
END
$$;
CREATE TRIGGER case_events_no_update_delete BEFORE UPDATE OR DELETE ON case_events
    FOR EACH ROW EXECUTE FUNCTION case_events_append_only();
CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
    FOR EACH STATEMENT EXECUTE FUNCTION case_events_append_only();

CREATE TABLE questions_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT REFERENCES users (id),
    asked_at TIMESTAMPTZ NOT NULL,
    text TEXT NOT NULL,
    entry_id TEXT,
    confidence DOUBLE PRECISION NOT NULL,
    answered BOOLEAN NOT NULL,
    feedback TEXT CHECK (feedback IN ('up', 'down')),
    case_id BIGINT REFERENCES cases (id)
);
CREATE INDEX questions_log_asked_at ON questions_log (asked_at);

-- Stored before an update is acknowledged: a crash replays nothing twice.
CREATE TABLE telegram_updates (
    update_id BIGINT PRIMARY KEY,
    received_at TIMESTAMPTZ NOT NULL
);

-- Messages waiting to be sent, written in the same transaction as the events causing them;
-- sent in `id` order per chat. Workers take rows with FOR UPDATE SKIP LOCKED.
CREATE TABLE outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chat_id BIGINT NOT NULL,
    payload JSONB NOT NULL,
    case_ref TEXT,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    sent_at TIMESTAMPTZ,
    last_error TEXT
);
CREATE INDEX outbox_pending ON outbox (state, chat_id, id);
