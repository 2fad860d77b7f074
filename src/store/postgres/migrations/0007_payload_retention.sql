-- Issue 8, retention: when an event's raw payload was purged (its envelope keeps a digest of it instead).
ALTER TABLE events ADD COLUMN purged_at bigint;
