-- SLA timers (issue 7): events not yet completed, by type and age, read without touching completed history.
CREATE INDEX events_open_by_type ON events (type, received_at)
  WHERE state IN ('accepted', 'parked', 'delivering');

-- Alerts the alert router raised. At most one firing row per condition key: repeats add to it, so every
-- process that meets the same condition finds the same row and only the first one notifies.
CREATE TABLE alerts (
  id BIGSERIAL PRIMARY KEY,
  key TEXT COLLATE "C" NOT NULL,
  failure_domain TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('firing', 'resolved')),
  title TEXT NOT NULL,
  detail TEXT NOT NULL,
  first_at BIGINT NOT NULL,
  last_at BIGINT NOT NULL,
  count BIGINT NOT NULL,
  -- JSON array of channel names
  routed_to TEXT NOT NULL,
  resolved_at BIGINT
);
CREATE UNIQUE INDEX alerts_firing_key ON alerts (key) WHERE state = 'firing';
CREATE INDEX alerts_recent ON alerts (last_at);
