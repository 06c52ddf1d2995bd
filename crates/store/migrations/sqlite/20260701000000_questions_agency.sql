-- The agency a question belongs to (the one that answers its entry, or the routed one), so an
-- expert's knowledge-gap page shows their own agency's questions only. Keep in step with the
-- other engine's folder.
ALTER TABLE questions_log ADD COLUMN agency TEXT;
