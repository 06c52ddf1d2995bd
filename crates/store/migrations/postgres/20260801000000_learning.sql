-- Courses: each quiz answer an officer gave (the first answer counts; a course is done when every
-- question of it has one). Rows are the person's own and are deleted when they are forgotten.
CREATE TABLE quiz_answers (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    course TEXT NOT NULL,
    lesson BIGINT NOT NULL,
    quiz BIGINT NOT NULL,
    chosen BIGINT NOT NULL,
    correct BOOLEAN NOT NULL,
    answered_at TIMESTAMPTZ NOT NULL,
    UNIQUE (user_id, course, lesson, quiz)
);

-- Secret calendar feed addresses: only the SHA-256 of the token is kept, so a copy of the
-- database gives nobody a working address; a revoked token stays revoked.
CREATE TABLE calendar_tokens (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);

-- The latest plan of each method an officer made with /plan, its steps as computed, for their
-- calendar feed.
CREATE TABLE saved_plans (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    method TEXT NOT NULL,
    plan JSONB NOT NULL,
    saved_at TIMESTAMPTZ NOT NULL,
    UNIQUE (user_id, method)
);
