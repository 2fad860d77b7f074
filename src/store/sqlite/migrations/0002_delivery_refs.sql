-- A delivery row may now carry several commands (a time entry's billable line and cost posting), so what
-- the target answered is a JSON array of {key, externalId}, one per command, instead of one id.
ALTER TABLE deliveries RENAME COLUMN external_id TO external_refs;
UPDATE deliveries
SET external_refs = json_array(json_object('key', idempotency_key, 'externalId', external_refs))
WHERE external_refs IS NOT NULL;
