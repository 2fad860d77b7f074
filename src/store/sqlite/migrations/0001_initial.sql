-- Ledgerline store, version 1. Migrations are numbered and immutable: change the schema with a new file.

-- Every event Ledgerline has received or emitted; (source, event_id) is the immutable identity.
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL,
  event_id TEXT NOT NULL,
  type TEXT NOT NULL,
  subject TEXT NOT NULL,
  envelope TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('accepted', 'parked', 'delivering', 'completed', 'rejected', 'dead')),
  reason_code TEXT,
  reason TEXT,
  park_key TEXT,
  pending_deliveries INTEGER NOT NULL DEFAULT 0,
  causation_seq INTEGER REFERENCES events (seq),
  received_at INTEGER NOT NULL,
  completed_at INTEGER,
  replays INTEGER NOT NULL DEFAULT 0,
  -- event_id first: the same index serves dedupe and the look-up by id alone (GET /v1/events/{id}).
  UNIQUE (event_id, source)
);
CREATE INDEX events_accepted ON events (seq) WHERE state = 'accepted';
CREATE INDEX events_parked ON events (park_key) WHERE state = 'parked';
CREATE INDEX events_causation ON events (causation_seq) WHERE causation_seq IS NOT NULL;

-- The outbox: one row per command to a target system, with retry state on the row.
CREATE TABLE deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_seq INTEGER NOT NULL REFERENCES events (seq),
  target TEXT NOT NULL,
  kind TEXT NOT NULL,
  ordering_key TEXT NOT NULL,
  -- A stable hash of ordering_key (0-63): each deliverer owns a share of the lanes, so one key is only
  -- ever in one deliverer's hands and its order holds while deliverers work in parallel.
  lane INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  run_at INTEGER NOT NULL,
  last_error TEXT,
  reason_code TEXT,
  external_id TEXT,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER,
  UNIQUE (target, idempotency_key)
);
CREATE INDEX deliveries_pending ON deliveries (target, seq) WHERE state = 'pending';
-- Rows that can hold back later rows of their ordering key while they wait to retry. (Rows in flight
-- are leased in memory: one process owns a SQLite store.)
CREATE INDEX deliveries_blocking ON deliveries (target, ordering_key) WHERE state = 'pending' AND attempts > 0;
CREATE INDEX deliveries_event ON deliveries (event_seq);

-- Canonical id <-> each system's own id.
CREATE TABLE xrefs (
  canonical_id TEXT NOT NULL,
  system TEXT NOT NULL,
  external_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (canonical_id, system)
) WITHOUT ROWID;
CREATE INDEX xrefs_external ON xrefs (system, external_id);

-- Latest canonical snapshot of master data the pipeline enriches with (projects, resources).
CREATE TABLE master_data (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  data TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;

CREATE TABLE dead_letters (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_seq INTEGER NOT NULL REFERENCES events (seq),
  delivery_seq INTEGER REFERENCES deliveries (seq),
  reason_code TEXT NOT NULL,
  message TEXT NOT NULL,
  detail TEXT,
  state TEXT NOT NULL CHECK (state IN ('open', 'retried', 'resolved')),
  created_at INTEGER NOT NULL,
  closed_at INTEGER,
  note TEXT
);
CREATE INDEX dead_letters_open ON dead_letters (id) WHERE state = 'open';

-- Resumable pull positions, one per connector stream.
CREATE TABLE cursors (
  name TEXT PRIMARY KEY,
  cursor TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Counters that are not derivable from rows (e.g. duplicates refused at intake).
CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
