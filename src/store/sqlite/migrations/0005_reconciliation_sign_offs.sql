-- Sign-offs of period reconciliations: who signed which totals, when. Append-only and chained: each row
-- carries the SHA-256 of its totals and of the row before it, so any later change to a row breaks the
-- chain (ledgerline reconcile sign-offs verifies it). The triggers refuse UPDATE and DELETE outright,
-- from Ledgerline or from anyone with the file and a SQL prompt.
CREATE TABLE reconciliation_sign_offs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
  -- NULL: every entity.
  entity TEXT CHECK (entity IS NULL OR length(entity) > 0),
  signed_by TEXT NOT NULL CHECK (length(signed_by) > 0),
  signed_at TEXT NOT NULL,
  -- The signed totals as canonical JSON, and their SHA-256 (hex).
  totals TEXT NOT NULL,
  totals_sha256 TEXT NOT NULL CHECK (length(totals_sha256) = 64),
  differences INTEGER NOT NULL CHECK (differences >= 0),
  -- Why it was signed with differences open; NULL when there were none.
  accepted_differences TEXT,
  previous_sha256 TEXT NOT NULL CHECK (length(previous_sha256) = 64),
  sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64)
);
CREATE INDEX reconciliation_sign_offs_period ON reconciliation_sign_offs (period, entity);

CREATE TRIGGER reconciliation_sign_offs_no_update BEFORE UPDATE ON reconciliation_sign_offs
BEGIN
  SELECT RAISE(ABORT, 'reconciliation sign-offs are immutable: record a new sign-off instead');
END;

CREATE TRIGGER reconciliation_sign_offs_no_delete BEFORE DELETE ON reconciliation_sign_offs
BEGIN
  SELECT RAISE(ABORT, 'reconciliation sign-offs are immutable: they cannot be deleted');
END;
