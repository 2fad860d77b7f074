-- The audit log (issue 8): who did what, when, to which subject. Append-only and chained: each entry
-- carries the SHA-256 of the entry before it and its own, over seq, time, actor, action, subject and
-- detail, so an entry edited, removed or moved breaks the chain where it happened (ledgerline audit
-- verify). seq is assigned by the appender (last + 1, inside its write transaction), never by SQLite, so
-- it is part of what is hashed. The triggers refuse UPDATE and DELETE from anyone with a SQL prompt.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL CHECK (length(actor) > 0),
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  -- canonical JSON
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash TEXT NOT NULL CHECK (length(hash) = 64)
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- The chain head as it was at a point in time, written periodically by the service: a copy kept outside
-- the chain (and exportable) that a rewritten chain no longer matches.
CREATE TABLE audit_anchors (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  anchored_at TEXT NOT NULL,
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL CHECK (length(hash) = 64),
  at TEXT NOT NULL
);
