-- clinic schema, SQLite. Keep in step with ../postgres (same tables, same columns).
-- Timestamps are sqlx's RFC 3339 text in UTC, so they sort and compare as text.

CREATE TABLE agencies (
    code TEXT PRIMARY KEY,
    name_th TEXT NOT NULL,
    name_en TEXT NOT NULL,
    handles TEXT NOT NULL,
    handles_en TEXT NOT NULL,
    sla_claim_hours INTEGER NOT NULL,
    sla_first_reply_hours INTEGER NOT NULL,
    sla_resolve_hours INTEGER NOT NULL
);

-- id: the Telegram user id (or a local id for `clinic chat`).
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('officer', 'expert', 'coordinator', 'admin')),
    agency TEXT REFERENCES agencies (code),
    created_at TEXT NOT NULL,
    CHECK ((role = 'expert') = (agency IS NOT NULL))
);

CREATE TABLE invites (
    code TEXT PRIMARY KEY,
    agency TEXT NOT NULL REFERENCES agencies (code),
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_by INTEGER REFERENCES users (id),
    used_at TEXT
);

-- One row per (province, Buddhist-era year): advanced in the transaction that opens a case,
-- so references have no gaps.
CREATE TABLE case_counters (
    province TEXT NOT NULL,
    year_be INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    PRIMARY KEY (province, year_be)
);

-- The case row is a projection of its events: columns to filter on, `snapshot` to load.
CREATE TABLE cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ref TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    officer_id INTEGER NOT NULL REFERENCES users (id),
    agency TEXT NOT NULL REFERENCES agencies (code),
    owner_id INTEGER REFERENCES users (id),
    subject TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    routed_at TEXT NOT NULL,
    claimed_at TEXT,
    resolved_at TEXT,
    closed_at TEXT,
    waiting_since TEXT,
    rating INTEGER,
    merged_into TEXT,
    version INTEGER NOT NULL,
    snapshot TEXT NOT NULL
);
CREATE INDEX cases_status_agency ON cases (status, agency);
CREATE INDEX cases_officer ON cases (officer_id);

-- Append-only log: `seq` is the case version the event produced, unique per case, so two
-- writers that read the same version cannot both append.
CREATE TABLE case_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    UNIQUE (case_id, seq)
);
CREATE INDEX case_events_kind_at ON case_events (kind, at);

CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case_events is append-only');
END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case_events is append-only');
END;

CREATE TABLE questions_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER REFERENCES users (id),
    asked_at TEXT NOT NULL,
    text TEXT NOT NULL,
    entry_id TEXT,
    confidence REAL NOT NULL,
    answered INTEGER NOT NULL,
    feedback TEXT CHECK (feedback IN ('up', 'down')),
    case_id INTEGER REFERENCES cases (id)
);
CREATE INDEX questions_log_asked_at ON questions_log (asked_at);

-- Stored before an update is acknowledged: a crash replays nothing twice.
CREATE TABLE telegram_updates (
    update_id INTEGER PRIMARY KEY,
    received_at TEXT NOT NULL
);

-- Messages waiting to be sent, written in the same transaction as the events causing them;
-- sent in `id` order per chat.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL,
    payload TEXT NOT NULL,
    case_ref TEXT,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    last_error TEXT
);
CREATE INDEX outbox_pending ON outbox (state, chat_id, id);
