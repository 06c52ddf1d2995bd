-- Which running sender marked a row `sending` (see bot/outbox.rs): another instance puts a
-- row back to `pending` only once that sender is gone.
ALTER TABLE outbox ADD COLUMN sending_by INTEGER;
