-- What a source connector remembers between pulls about records its vendor cannot report changes of
-- (a PSA with no change log and no trace of deletions): a fingerprint per record, grouped by scope so a
-- sweep can tell what vanished.
CREATE TABLE source_memory (
  system TEXT NOT NULL,
  kind TEXT NOT NULL,
  native_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  scope TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (system, kind, native_id)
) WITHOUT ROWID;
CREATE INDEX source_memory_scope ON source_memory (system, kind, scope);
