-- Courses: each quiz answer an officer gave (the first answer counts; a course is done when every
-- question of it has one). Rows are the person's own and are deleted when they are forgotten.
CREATE TABLE quiz_answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    course TEXT NOT NULL,
    lesson INTEGER NOT NULL,
    quiz INTEGER NOT NULL,
    chosen INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    answered_at TEXT NOT NULL,
    UNIQUE (user_id, course, lesson, quiz)
);

-- Secret calendar feed addresses: only the SHA-256 of the token is kept, so a copy of the
-- database gives nobody a working address; a revoked token stays revoked.
CREATE TABLE calendar_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

-- The latest plan of each method an officer made with /plan, its steps as computed, for their
-- calendar feed.
CREATE TABLE saved_plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    method TEXT NOT NULL,
    plan TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    UNIQUE (user_id, method)
);
