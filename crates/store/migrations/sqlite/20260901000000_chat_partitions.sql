-- Work partitioned by chat. Each update records its chat, so a worker takes the oldest
-- unprocessed update of a chat nobody is handling (`inbox_next`) while other chats run in
-- parallel. Keep in step with ../postgres.
ALTER TABLE inbox ADD COLUMN chat_id INTEGER;
UPDATE inbox SET chat_id = COALESCE(
    json_extract(payload, '$.message.chat.id'),
    json_extract(payload, '$.edited_message.chat.id'),
    json_extract(payload, '$.callback_query.message.chat.id'),
    json_extract(payload, '$.callback_query.from.id')
);
CREATE INDEX inbox_chat_unprocessed ON inbox (chat_id, update_id) WHERE processed_at IS NULL;

-- The update whose turn wrote a message: the worker that processed the update sends it
-- right after committing (`outbox_deliver`); the background sender only after the hand-over.
ALTER TABLE outbox ADD COLUMN update_id INTEGER;
CREATE INDEX outbox_update ON outbox (update_id) WHERE update_id IS NOT NULL;
