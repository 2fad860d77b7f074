-- The audit log (issue 8); see the SQLite migration 0007 for why it looks like this. Appenders take an
-- EXCLUSIVE lock on the table, so two never chain to the same predecessor; readers are not blocked.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL CHECK (length(actor) > 0),
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  -- canonical JSON as text (jsonb would reorder keys and change what was hashed)
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash TEXT NOT NULL CHECK (length(hash) = 64)
);

CREATE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_immutable();

CREATE TABLE audit_anchors (
  id BIGSERIAL PRIMARY KEY,
  anchored_at TEXT NOT NULL,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL CHECK (length(hash) = 64),
  at TEXT NOT NULL
);
