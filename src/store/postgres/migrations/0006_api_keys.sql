-- Machine API keys (issue 8); see the SQLite migration 0009. Numbered 0006: 0005 is the reconciliation
-- runs'.
CREATE TABLE api_keys (
  id TEXT COLLATE "C" PRIMARY KEY CHECK (id ~ '^[0-9a-f]{12}$'),
  name TEXT NOT NULL CHECK (length(name) > 0),
  -- JSON array of role names.
  roles TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT,
  secret_hash TEXT NOT NULL CHECK (length(secret_hash) = 64)
);
