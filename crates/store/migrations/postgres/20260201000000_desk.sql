-- The desk and its Telegram adapter (issue 5). Keep in step with ../sqlite.

-- Which group chat is which: an agency's experts, or the coordinators (`/bind`).
CREATE TABLE chat_bindings (
    chat_id BIGINT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('agency', 'coordinators')),
    agency TEXT REFERENCES agencies (code),
    bound_by BIGINT NOT NULL,
    bound_at TIMESTAMPTZ NOT NULL,
    CHECK ((kind = 'agency') = (agency IS NOT NULL))
);

-- Per-user settings and the current dialogue (registration, case draft, /plan steps) as JSON.
-- Not keyed to `users`: a stranger has a dialogue before they are registered.
CREATE TABLE user_settings (
    user_id BIGINT PRIMARY KEY,
    lang TEXT NOT NULL DEFAULT 'th' CHECK (lang IN ('th', 'en')),
    dialogue JSONB,
    updated_at TIMESTAMPTZ NOT NULL
);

-- A message the bot sent for a case: a reply to it (Telegram reply-to) reaches the other side.
-- `side` is the side this chat is on: 'officer' or 'agency'.
CREATE TABLE relay_links (
    chat_id BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    case_ref TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('officer', 'agency', 'coordinators')),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX relay_links_case ON relay_links (case_ref);

-- Raw Telegram updates, written before their offset is acknowledged, processed in order.
CREATE TABLE inbox (
    update_id BIGINT PRIMARY KEY,
    payload JSONB NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    processed_at TIMESTAMPTZ,
    error TEXT
);
CREATE INDEX inbox_unprocessed ON inbox (processed_at, update_id);

-- The outbox gains the `sending` state (marked before the Bot API call) and the id Telegram
-- gave the sent message.
ALTER TABLE outbox DROP CONSTRAINT outbox_state_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_state_check
    CHECK (state IN ('pending', 'sending', 'sent', 'failed'));
ALTER TABLE outbox ADD COLUMN message_id BIGINT;
