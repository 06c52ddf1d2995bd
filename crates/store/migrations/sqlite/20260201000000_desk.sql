-- The desk and its Telegram adapter (issue 5). Keep in step with ../postgres.

-- Which group chat is which: an agency's experts, or the coordinators (`/bind`).
CREATE TABLE chat_bindings (
    chat_id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('agency', 'coordinators')),
    agency TEXT REFERENCES agencies (code),
    bound_by INTEGER NOT NULL,
    bound_at TEXT NOT NULL,
    CHECK ((kind = 'agency') = (agency IS NOT NULL))
);

-- Per-user settings and the current dialogue (registration, case draft, /plan steps) as JSON.
-- Not keyed to `users`: a stranger has a dialogue before they are registered.
CREATE TABLE user_settings (
    user_id INTEGER PRIMARY KEY,
    lang TEXT NOT NULL DEFAULT 'th' CHECK (lang IN ('th', 'en')),
    dialogue TEXT,
    updated_at TEXT NOT NULL
);

-- A message the bot sent for a case: a reply to it (Telegram reply-to) reaches the other side.
-- `side` is the side this chat is on: 'officer' or 'agency'.
CREATE TABLE relay_links (
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    case_ref TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('officer', 'agency', 'coordinators')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX relay_links_case ON relay_links (case_ref);

-- Raw Telegram updates, written before their offset is acknowledged, processed in order.
CREATE TABLE inbox (
    update_id INTEGER PRIMARY KEY,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL,
    processed_at TEXT,
    error TEXT
);
CREATE INDEX inbox_unprocessed ON inbox (processed_at, update_id);

-- The outbox gains the `sending` state (marked before the Bot API call) and the id Telegram
-- gave the sent message. SQLite cannot alter a CHECK: rebuild the table, keeping the rows.
CREATE TABLE outbox_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL,
    payload TEXT NOT NULL,
    case_ref TEXT,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    last_error TEXT,
    message_id INTEGER
);
INSERT INTO outbox_new (id, chat_id, payload, case_ref, state, attempts, next_attempt_at,
    created_at, sent_at, last_error)
SELECT id, chat_id, payload, case_ref, state, attempts, next_attempt_at, created_at, sent_at,
    last_error FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (state, chat_id, id);
