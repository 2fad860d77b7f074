-- Master data and transactions wait in separate queues, so a backlog of time entries never delays a
-- customer or project change (and the other way round). Each event and each delivery carries its queue.
ALTER TABLE events ADD COLUMN queue TEXT NOT NULL DEFAULT 'transactional'
  CHECK (queue IN ('master', 'transactional'));
UPDATE events SET queue = 'master'
WHERE type IN ('io.ledgerline.project.activated.v1', 'io.ledgerline.resource.updated.v1');
DROP INDEX events_accepted;
CREATE INDEX events_accepted ON events (queue, seq) WHERE state = 'accepted';

ALTER TABLE deliveries ADD COLUMN queue TEXT NOT NULL DEFAULT 'transactional'
  CHECK (queue IN ('master', 'transactional'));
UPDATE deliveries SET queue = 'master' WHERE kind = 'provisionProject';
DROP INDEX deliveries_pending;
CREATE INDEX deliveries_pending ON deliveries (target, queue, seq) WHERE state = 'pending';
