// The raw-store floor on PostgreSQL: a schema of its own holding Ledgerline's tables (its migrations, run
// as they are: the same keys, indexes, collations and checks), and the plainest batched statements on it:
// one connection inserts 1,000 events and their outbox rows per statement; `workers` connections at once
// each claim 1,000 due rows (UPDATE ... WHERE seq IN (SELECT ... FOR UPDATE SKIP LOCKED LIMIT 1000)
// RETURNING, leasing them as Ledgerline's adapter does) and complete them (mark delivered and their events
// completed, one statement), until none is left.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { connect, describePostgres, dropSchema } from '../postgres.ts';
import { floorBatch, floorRows, floorTarget } from './rows.ts';
import { showProgress, type FloorContext, type FloorMeasure } from './measure.ts';

const migrationsDir = new URL('../../src/store/postgres/migrations/', import.meta.url).pathname;

async function createTables(client: pg.Client): Promise<void> {
  const files = readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
  for (const file of files) await client.query(readFileSync(join(migrationsDir, file), 'utf8'));
}

// Events and their outbox rows in one statement (one transaction), in the batch's order. The batch is one
// JSON parameter: node-postgres writes a text[] parameter of JSON strings (escaping every quote) about five
// times slower than the JSON document holding them.
const insertSql = `
WITH batch AS (
  SELECT * FROM ROWS FROM (json_to_recordset($1::json) AS (
      "source" text, "eventId" text, "type" text, "subject" text, "envelope" text, "orderingKey" text,
      "lane" integer, "idempotencyKey" text, "payload" text))
    WITH ORDINALITY AS b (source, event_id, type, subject, envelope, ordering_key, lane, idempotency_key, payload, n)
), inserted AS (
  INSERT INTO events (source, event_id, type, subject, envelope, state, queue, pending_deliveries, received_at)
  SELECT source, event_id, type, subject, envelope, 'delivering', 'transactional', 1, $2 FROM batch ORDER BY n
  ON CONFLICT (event_id, source) DO NOTHING
  RETURNING seq, event_id, source
)
INSERT INTO deliveries (event_seq, target, kind, queue, ordering_key, lane, idempotency_key, payload, state, run_at,
  created_at)
SELECT i.seq, $3, 'postTime', 'transactional', b.ordering_key, b.lane, b.idempotency_key, b.payload, 'pending', $2, $2
FROM inserted i JOIN batch b ON b.event_id = i.event_id AND b.source = i.source
ORDER BY i.seq`;

const claimSql = `
UPDATE deliveries SET lease_until = $3, lease_owner = $4
WHERE seq IN (
  SELECT seq FROM deliveries
  WHERE target = $1 AND queue = 'transactional' AND state = 'pending' AND run_at <= $2 AND lease_until <= $2
  ORDER BY seq LIMIT $5 FOR UPDATE SKIP LOCKED)
RETURNING seq, event_seq, payload`;

const completeSql = `
WITH delivered AS (
  UPDATE deliveries
  SET state = 'delivered', delivered_at = $2, attempts = attempts + 1, lease_until = 0, lease_owner = NULL
  WHERE seq = ANY($1::bigint[])
  RETURNING event_seq
)
UPDATE events SET state = 'completed', pending_deliveries = pending_deliveries - 1, completed_at = $2
WHERE seq IN (SELECT event_seq FROM delivered)`;

async function insertAll(client: pg.Client, context: FloorContext): Promise<number> {
  let insertMs = 0;
  const started = performance.now();
  for (let n = 0; n < context.events; n += floorBatch) {
    const rows = floorRows(n, Math.min(floorBatch, context.events - n));
    const json = JSON.stringify(rows);
    const t = performance.now();
    await client.query(insertSql, [json, Date.now(), floorTarget]);
    insertMs += performance.now() - t;
    showProgress(context, 'Floor in', n + rows.length, started);
  }
  return insertMs;
}

async function drain(
  clients: readonly pg.Client[],
  context: FloorContext,
): Promise<{ ms: number; claims: number }> {
  let claims = 0;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    clients.map(async (client, i) => {
      for (;;) {
        const now = Date.now();
        const claimed = await client.query<{ seq: string; event_seq: string; payload: string }>(claimSql, [
          floorTarget,
          now,
          now + 30_000,
          `floor-${i + 1}`,
          floorBatch,
        ]);
        if (claimed.rows.length === 0) return;
        claims += 1;
        await client.query(completeSql, [claimed.rows.map((r) => r.seq), Date.now()]);
        done += claimed.rows.length;
        showProgress(context, 'Floor out', done, started);
      }
    }),
  );
  return { ms: performance.now() - started, claims };
}

export async function postgresFloor(
  url: string,
  schema: string,
  workers: number,
  keep: boolean,
  context: FloorContext,
): Promise<FloorMeasure> {
  const clients: pg.Client[] = [];
  try {
    clients.push(await connect(url, schema, true));
    for (let i = 1; i < workers; i += 1) clients.push(await connect(url, schema));
    const [first] = clients;
    if (!first) throw new Error('no connection');
    await createTables(first);
    const engine = await describePostgres(first);
    const insertMs = await insertAll(first, context);
    const drained = await drain(clients, context);
    context.progress.finish();
    const count = async (sql: string) => Number((await first.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
    return {
      engine: `${engine}; Ledgerline's tables in a schema of their own`,
      events: context.events,
      connections: workers,
      insertSeconds: insertMs / 1000,
      drainSeconds: drained.ms / 1000,
      claims: drained.claims,
      completedEvents: await count("SELECT COUNT(*) AS n FROM events WHERE state = 'completed'"),
      deliveredRows: await count("SELECT COUNT(*) AS n FROM deliveries WHERE state = 'delivered'"),
    };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
    if (!keep) await dropSchema(url, schema);
  }
}
