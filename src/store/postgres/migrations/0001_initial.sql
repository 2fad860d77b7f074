-- Ledgerline store on PostgreSQL, version 1: the SQLite schema of migrations 0001-0005 in one step, plus
-- what several processes sharing one store need (leases on rows and names, shared rate budgets).
-- Migrations are numbered and immutable: change the schema with a new file.
-- Keys are compared byte-wise (COLLATE "C"): ordering keys and ids are identifiers, not prose.

CREATE TABLE events (
  seq BIGSERIAL PRIMARY KEY,
  source TEXT COLLATE "C" NOT NULL,
  event_id TEXT COLLATE "C" NOT NULL,
  type TEXT COLLATE "C" NOT NULL,
  subject TEXT COLLATE "C" NOT NULL,
  envelope TEXT NOT NULL,
  queue TEXT NOT NULL CHECK (queue IN ('master', 'transactional')),
  state TEXT NOT NULL CHECK (state IN ('accepted', 'parked', 'delivering', 'completed', 'rejected', 'dead')),
  reason_code TEXT,
  reason TEXT,
  park_key TEXT COLLATE "C",
  pending_deliveries INTEGER NOT NULL DEFAULT 0,
  causation_seq BIGINT REFERENCES events (seq),
  received_at BIGINT NOT NULL,
  completed_at BIGINT,
  replays INTEGER NOT NULL DEFAULT 0,
  UNIQUE (event_id, source)
);
CREATE INDEX events_accepted ON events (queue, seq) WHERE state = 'accepted';
CREATE INDEX events_parked ON events (park_key) WHERE state = 'parked';
CREATE INDEX events_causation ON events (causation_seq) WHERE causation_seq IS NOT NULL;

-- The outbox. A row in flight carries its lease (lease_until, epoch ms; 0 when free) and the process that
-- holds it: a process that dies leaves leases that expire, and another process takes the rows over.
CREATE TABLE deliveries (
  seq BIGSERIAL PRIMARY KEY,
  event_seq BIGINT NOT NULL REFERENCES events (seq),
  target TEXT COLLATE "C" NOT NULL,
  kind TEXT NOT NULL,
  queue TEXT NOT NULL CHECK (queue IN ('master', 'transactional')),
  ordering_key TEXT COLLATE "C" NOT NULL,
  lane INTEGER NOT NULL,
  idempotency_key TEXT COLLATE "C" NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  run_at BIGINT NOT NULL,
  lease_until BIGINT NOT NULL DEFAULT 0,
  lease_owner TEXT,
  last_error TEXT,
  reason_code TEXT,
  external_refs TEXT,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT,
  UNIQUE (target, idempotency_key)
);
CREATE INDEX deliveries_pending ON deliveries (target, queue, seq) WHERE state = 'pending';
-- Earlier pending rows of a key (in flight or waiting to retry) hold back the later ones.
CREATE INDEX deliveries_key_pending ON deliveries (target, ordering_key, seq) WHERE state = 'pending';
CREATE INDEX deliveries_event ON deliveries (event_seq);
CREATE INDEX deliveries_delivered ON deliveries (target, seq) WHERE state = 'delivered';

CREATE TABLE xrefs (
  canonical_id TEXT COLLATE "C" NOT NULL,
  system TEXT COLLATE "C" NOT NULL,
  external_id TEXT COLLATE "C" NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (canonical_id, system)
);
CREATE INDEX xrefs_external ON xrefs (system, external_id);

CREATE TABLE master_data (
  kind TEXT COLLATE "C" NOT NULL,
  id TEXT COLLATE "C" NOT NULL,
  -- The record as JSON text, compared byte for byte with what a parked decision saw.
  data TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (kind, id)
);

CREATE TABLE dead_letters (
  id BIGSERIAL PRIMARY KEY,
  event_seq BIGINT NOT NULL REFERENCES events (seq),
  delivery_seq BIGINT REFERENCES deliveries (seq),
  reason_code TEXT COLLATE "C" NOT NULL,
  message TEXT NOT NULL,
  detail TEXT,
  state TEXT NOT NULL CHECK (state IN ('open', 'retried', 'resolved')),
  created_at BIGINT NOT NULL,
  closed_at BIGINT,
  note TEXT
);
CREATE INDEX dead_letters_open ON dead_letters (id) WHERE state = 'open';
CREATE INDEX dead_letters_event ON dead_letters (event_seq);

CREATE TABLE cursors (
  name TEXT COLLATE "C" PRIMARY KEY,
  cursor TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE counters (
  name TEXT COLLATE "C" PRIMARY KEY,
  value BIGINT NOT NULL
);

CREATE TABLE source_memory (
  system TEXT COLLATE "C" NOT NULL,
  kind TEXT COLLATE "C" NOT NULL,
  native_id TEXT COLLATE "C" NOT NULL,
  fingerprint TEXT NOT NULL,
  scope TEXT COLLATE "C" NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (system, kind, native_id)
);
CREATE INDEX source_memory_scope ON source_memory (system, kind, scope);

-- Sign-offs of period reconciliations: append-only and chained (see the SQLite migration 0005).
CREATE TABLE reconciliation_sign_offs (
  seq BIGSERIAL PRIMARY KEY,
  period TEXT NOT NULL CHECK (period ~ '^[0-9]{4}-[01][0-9]$'),
  entity TEXT CHECK (entity IS NULL OR length(entity) > 0),
  signed_by TEXT NOT NULL CHECK (length(signed_by) > 0),
  signed_at TEXT NOT NULL,
  totals TEXT NOT NULL,
  totals_sha256 TEXT NOT NULL CHECK (length(totals_sha256) = 64),
  differences INTEGER NOT NULL CHECK (differences >= 0),
  accepted_differences TEXT,
  previous_sha256 TEXT NOT NULL CHECK (length(previous_sha256) = 64),
  sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64)
);
CREATE INDEX reconciliation_sign_offs_period ON reconciliation_sign_offs (period, entity);

CREATE FUNCTION reconciliation_sign_offs_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'reconciliation sign-offs are immutable: record a new sign-off instead';
  END IF;
  RAISE EXCEPTION 'reconciliation sign-offs are immutable: they cannot be deleted';
END;
$$;
CREATE TRIGGER reconciliation_sign_offs_no_change BEFORE UPDATE OR DELETE ON reconciliation_sign_offs
  FOR EACH ROW EXECUTE FUNCTION reconciliation_sign_offs_immutable();
CREATE TRIGGER reconciliation_sign_offs_no_truncate BEFORE TRUNCATE ON reconciliation_sign_offs
  FOR EACH STATEMENT EXECUTE FUNCTION reconciliation_sign_offs_immutable();

-- Named leases: one holder at a time for work that must not run twice at once (deciding a queue in seq
-- order, polling a source). The holder renews; once it stops, another process takes the lease over.
CREATE TABLE leases (
  name TEXT COLLATE "C" PRIMARY KEY,
  owner TEXT NOT NULL,
  until BIGINT NOT NULL
);

-- Token buckets shared by every process: a target's rate limit is one budget, however many deliverers.
CREATE TABLE rate_budgets (
  name TEXT COLLATE "C" PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  updated_at BIGINT NOT NULL
);
