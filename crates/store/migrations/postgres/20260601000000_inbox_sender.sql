-- Who sent each raw update, so a person's updates can be exported and erased (PDPA) without
-- reading every payload. Keep in step with ../sqlite.
ALTER TABLE inbox ADD COLUMN user_id BIGINT;
UPDATE inbox SET user_id = COALESCE(
    (payload #>> '{message,from,id}')::BIGINT,
    (payload #>> '{edited_message,from,id}')::BIGINT,
    (payload #>> '{callback_query,from,id}')::BIGINT
);
CREATE INDEX inbox_user ON inbox (user_id);
