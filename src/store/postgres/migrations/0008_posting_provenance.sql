-- Posting provenance (issue 8, `ledgerline explain`): what each delivery was derived from, written with the
-- delivery row (first writer wins, as for the row). Keyed like the row, by target and idempotency key.
-- The inputs (master records read, the decide environment) are stored once by the SHA-256 of their JSON:
-- thousands of postings read the same project, rate card and exchange rates. Text, not jsonb: the JSON is
-- kept byte for byte as the decision saw it.
CREATE TABLE delivery_provenance (
  target TEXT COLLATE "C" NOT NULL,
  idempotency_key TEXT COLLATE "C" NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (target, idempotency_key)
);

CREATE TABLE provenance_inputs (
  digest TEXT COLLATE "C" PRIMARY KEY CHECK (length(digest) = 64),
  data TEXT NOT NULL
);
