-- Machine API keys (issue 8): the secret is never stored, only its SHA-256 (hex). Revoked keys stay, so
-- the audit log's `apikey:<id>` actors keep a name. Numbered 0009: 0008 is the reconciliation runs'.
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY CHECK (id GLOB '[0-9a-f]*' AND length(id) = 12),
  name TEXT NOT NULL CHECK (length(name) > 0),
  -- JSON array of role names.
  roles TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT,
  secret_hash TEXT NOT NULL CHECK (length(secret_hash) = 64)
);
