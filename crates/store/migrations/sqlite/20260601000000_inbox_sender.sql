-- Who sent each raw update, so a person's updates can be exported and erased (PDPA) without
-- reading every payload. Keep in step with ../postgres.
ALTER TABLE inbox ADD COLUMN user_id INTEGER;
UPDATE inbox SET user_id = COALESCE(
    json_extract(payload, '$.message.from.id'),
    json_extract(payload, '$.edited_message.from.id'),
    json_extract(payload, '$.callback_query.from.id')
);
CREATE INDEX inbox_user ON inbox (user_id);
