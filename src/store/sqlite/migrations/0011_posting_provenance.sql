-- Posting provenance (issue 8, `ledgerline explain`): what each delivery was derived from, written with the
-- delivery row (first writer wins, as for the row). Keyed like the row, by target and idempotency key.
-- The inputs (master records read, the decide environment) are stored once by the SHA-256 of their JSON:
-- thousands of postings read the same project, rate card and exchange rates.
CREATE TABLE delivery_provenance (
  target TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (target, idempotency_key)
) WITHOUT ROWID;

CREATE TABLE provenance_inputs (
  digest TEXT PRIMARY KEY CHECK (length(digest) = 64),
  data TEXT NOT NULL
) WITHOUT ROWID;
