-- Work partitioned by chat. Each update records its chat, so an instance takes the oldest
-- unprocessed update of a chat nobody is handling (`inbox_next`) while other chats run in
-- parallel. Keep in step with ../sqlite.
ALTER TABLE inbox ADD COLUMN chat_id BIGINT;
UPDATE inbox SET chat_id = COALESCE(
    (payload #>> '{message,chat,id}')::BIGINT,
    (payload #>> '{edited_message,chat,id}')::BIGINT,
    (payload #>> '{callback_query,message,chat,id}')::BIGINT,
    (payload #>> '{callback_query,from,id}')::BIGINT
);
CREATE INDEX inbox_chat_unprocessed ON inbox (chat_id, update_id) WHERE processed_at IS NULL;

-- The update whose turn wrote a message: the worker that processed the update sends it
-- right after committing (`outbox_deliver`); the background sender only after the hand-over.
ALTER TABLE outbox ADD COLUMN update_id BIGINT;
CREATE INDEX outbox_update ON outbox (update_id) WHERE update_id IS NOT NULL;
