-- Period reconciliation runs (issue 7): what each `ledgerline reconcile --period P --config F` found, for
-- the console's drill-down. Differences are capped per run by the writer (truncated says so): a run of a
-- million records must not write a million rows. Numbered 0005: 0004 is the audit log's.
CREATE TABLE reconciliation_runs (
  id BIGSERIAL PRIMARY KEY,
  period TEXT NOT NULL CHECK (period ~ '^[0-9]{4}-[01][0-9]$'),
  -- NULL: every entity.
  entity TEXT CHECK (entity IS NULL OR length(entity) > 0),
  ran_at TEXT NOT NULL,
  ran_by TEXT NOT NULL,
  source_system TEXT NOT NULL,
  target_system TEXT NOT NULL,
  -- The control totals as JSON, and the differences per class (all of them, stored or not) as JSON.
  totals TEXT NOT NULL,
  counts TEXT NOT NULL,
  ok BOOLEAN NOT NULL,
  truncated BOOLEAN NOT NULL
);
CREATE INDEX reconciliation_runs_period ON reconciliation_runs (period, id);

CREATE TABLE reconciliation_differences (
  run_id BIGINT NOT NULL REFERENCES reconciliation_runs (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  class TEXT COLLATE "C" NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  entity TEXT NOT NULL,
  -- Side summaries as JSON; NULL when the side holds no record of the key.
  source TEXT,
  target TEXT,
  -- target - source, a decimal string: exact.
  amount_difference TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
);
CREATE INDEX reconciliation_differences_class ON reconciliation_differences (run_id, class, seq);
