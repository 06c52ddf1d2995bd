-- Spending against targets (issue 9). Keep in step with ../sqlite.

-- One imported GFMIS report. `checksum` (SHA-256 of the file) refuses the same file twice;
-- the targets (basis points) are those in force on `as_of` when it was imported, so a later
-- edit of knowledge/targets/ does not change what a snapshot was judged against.
CREATE TABLE spending_snapshots (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fiscal_year BIGINT NOT NULL,
    as_of DATE NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL,
    source_name TEXT NOT NULL,
    checksum TEXT NOT NULL UNIQUE,
    target_overall BIGINT NOT NULL,
    target_recurrent BIGINT NOT NULL,
    target_investment BIGINT NOT NULL
);
CREATE INDEX spending_snapshots_as_of ON spending_snapshots (as_of, id);

-- Its rows, money in satang; `line` is the row number in the file.
CREATE TABLE spending_rows (
    snapshot_id BIGINT NOT NULL REFERENCES spending_snapshots (id),
    line BIGINT NOT NULL,
    unit TEXT NOT NULL,
    unit_key TEXT NOT NULL,
    budget_type TEXT NOT NULL CHECK (budget_type IN ('recurrent', 'investment')),
    allocated BIGINT NOT NULL,
    disbursed BIGINT NOT NULL,
    committed BIGINT NOT NULL,
    PRIMARY KEY (snapshot_id, line),
    UNIQUE (snapshot_id, unit_key, budget_type)
);

-- A lagging unit's officers are alerted once per snapshot.
CREATE TABLE spending_alerts (
    snapshot_id BIGINT NOT NULL REFERENCES spending_snapshots (id),
    unit_key TEXT NOT NULL,
    sent_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (snapshot_id, unit_key)
);

-- Cases are questions, or mobile-clinic visits the system proposes for a lagging unit; a unit
-- has at most one visit not yet closed.
ALTER TABLE cases ADD COLUMN kind TEXT NOT NULL DEFAULT 'question'
    CHECK (kind IN ('question', 'visit'));
ALTER TABLE cases ADD COLUMN visit_unit TEXT;
CREATE UNIQUE INDEX cases_one_open_visit ON cases (visit_unit)
    WHERE kind = 'visit' AND status IN ('open', 'claimed', 'waiting', 'resolved');
