-- Which running sender marked a row `sending` (see bot/outbox.rs): another instance puts a
-- row back to `pending` only once that sender is gone (its advisory lock is free).
ALTER TABLE outbox ADD COLUMN sending_by BIGINT;
