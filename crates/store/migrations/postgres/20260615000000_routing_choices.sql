-- What officers picked when routing proposed an agency for a case: where the desk was unsure or
-- the officer chose another agency than proposed, the vocabulary or the examples lack something
-- (`clinic kb gaps` lists them).
CREATE TABLE routing_choices (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT REFERENCES users (id),
    chosen_at TIMESTAMPTZ NOT NULL,
    text TEXT NOT NULL,
    proposed TEXT,
    runner_up TEXT,
    unsure BOOLEAN NOT NULL,
    chosen TEXT NOT NULL,
    case_id BIGINT REFERENCES cases (id)
);
CREATE INDEX routing_choices_chosen_at ON routing_choices (chosen_at);
