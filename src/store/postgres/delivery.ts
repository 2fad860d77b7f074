// Delivery on PostgreSQL, shared by every process: leases live on the outbox rows (lease_until, owner),
// so a row is pushed by one process at a time, and a process that dies leaves leases that expire and are
// taken over. Claims of one target are taken one at a time (a transaction-scoped advisory lock, held for
// one short statement), so every claim sees the leases the claims before it wrote, and a later row of an
// ordering key is never handed out while an earlier one is in flight anywhere.
import type pg from 'pg';
import type {
  CompletedEvent,
  Confirmation,
  DeliveryResult,
  Lanes,
  QueueClass,
  StoredDelivery,
} from '../port.ts';
import {
  deliveryColumns,
  eventColumns,
  toStoredDelivery,
  toStoredEvent,
  type DeliveryRow,
  type EventRow,
} from '../rows.ts';
import type { FieldSealer } from '../field-sealer.ts';
import { transaction } from './database.ts';
import { appendAuditWithin } from './audit-log.ts';
import { postingsDelivered } from '../../audit/batches.ts';
import { deliveredRecordsDigest } from '../../audit/delivered-records.ts';
import { readDeliveryRecords } from './provenance.ts';
import { releaseParked } from './processing.ts';
import { lockDependencies, lockDeciding } from './dependency-locks.ts';

const allLanes: Lanes = { of: 1, index: 0 };

/**
 * The ordering keys of target $1 that have pending rows, one index probe each (a loose index scan on
 * deliveries_key_pending), so claims read per key, never the whole backlog. The last row is NULL.
 */
const pendingKeys = `keys AS (
  (SELECT ordering_key FROM deliveries WHERE target = $1 AND state = 'pending' ORDER BY ordering_key LIMIT 1)
  UNION ALL
  SELECT (SELECT d.ordering_key FROM deliveries d
          WHERE d.target = $1 AND d.state = 'pending' AND d.ordering_key > k.ordering_key
          ORDER BY d.ordering_key LIMIT 1)
  FROM keys k WHERE k.ordering_key IS NOT NULL)`;

export function claimLockKey(target: string): string {
  return `ledgerline.claim.${target}`;
}

export function createDelivery(pool: pg.Pool, owner: string, sealer: FieldSealer) {
  // Fair claims: a backlog of one ordering key (one project's backfill) must not hold back the others. The
  // claim walks the ordering keys that have pending rows (a loose index scan: one probe per key on
  // deliveries_key_pending), takes each key's oldest rows (up to four times an equal share of the batch, so
  // a claim reads a bounded number of rows however deep a backlog), and hands them out round robin: every
  // key's first row, then every key's second, and so on, oldest first within a round.
  //
  // A row is claimable when it is due, not leased, and no earlier pending row of its key (in any queue) is
  // leased or waiting to retry: one key's rows leave in order, one process at a time.
  const claimSql = (queueFilter: string) =>
    `WITH RECURSIVE ${pendingKeys},
     share AS (
       SELECT LEAST($5::int, 4 * ceil($5::float8 / GREATEST(1, count(*))))::int AS per_key
       FROM keys WHERE ordering_key IS NOT NULL
     ),
     heads AS (
       SELECT h.* FROM keys k CROSS JOIN share
       CROSS JOIN LATERAL (
         SELECT d.seq, d.queue, d.run_at, d.lease_until,
           row_number() OVER (ORDER BY d.seq) AS round,
           coalesce(bool_or(d.lease_until > $4 OR (d.attempts > 0 AND d.run_at > $4))
             OVER (ORDER BY d.seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS held_back
         FROM (SELECT * FROM deliveries d
               WHERE d.target = $1 AND d.ordering_key = k.ordering_key AND d.state = 'pending'
                 AND ($2::int = 1 OR d.lane % $2::int = $3::int)
               ORDER BY d.seq LIMIT share.per_key) d
       ) h
       WHERE k.ordering_key IS NOT NULL
     ),
     due AS (
       SELECT d.seq FROM heads d
       WHERE NOT d.held_back AND d.run_at <= $4 AND d.lease_until <= $4 ${queueFilter}
       ORDER BY d.round, d.seq LIMIT $5
     )
     UPDATE deliveries d SET lease_until = $6, lease_owner = $7 FROM due WHERE d.seq = due.seq
     RETURNING ${deliveryColumns
       .split(', ')
       .map((c) => `d.${c}`)
       .join(', ')}`;
  const claimInQueue = claimSql('AND d.queue = $8');
  const claimAny = claimSql('');

  async function complete(
    client: pg.PoolClient,
    results: readonly DeliveryResult[],
    now: number,
    confirm: (completed: readonly CompletedEvent[]) => readonly Confirmation[],
    /** Collects the seqs of the deliveries recorded delivered, for the audit log. */
    posted: number[],
  ): Promise<number> {
    const ok = results.filter((r) => r.outcome === 'ok').sort((a, b) => a.seq - b.seq);
    const retry = results.filter((r) => r.outcome === 'retry');
    const dead = results.filter((r) => r.outcome === 'dead');
    const delivered = new Map<number, number>();
    if (ok.length > 0) {
      // Only rows still pending change: a result recorded twice (a lease taken over) changes nothing.
      const { rows } = await client.query<{ seq: number; event_seq: number }>(
        `UPDATE deliveries d SET state = 'delivered', external_refs = u.refs, delivered_at = $2,
           attempts = d.attempts + 1, last_error = NULL, reason_code = NULL, lease_until = 0
         FROM json_to_recordset($1::json) AS u(seq bigint, refs text)
         WHERE d.seq = u.seq AND d.state = 'pending' RETURNING d.seq, d.event_seq`,
        [JSON.stringify(ok.map((r) => ({ seq: r.seq, refs: JSON.stringify(r.externalRefs) }))), now],
      );
      for (const r of rows) delivered.set(r.event_seq, (delivered.get(r.event_seq) ?? 0) + 1);
      for (const r of rows) posted.push(r.seq);
    }
    if (retry.length > 0)
      await client.query(
        `UPDATE deliveries d SET attempts = d.attempts + 1, run_at = u.run_at, last_error = u.message,
           reason_code = u.reason_code, lease_until = 0
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS u(seq, run_at, message, reason_code)
         WHERE d.seq = u.seq AND d.state = 'pending'`,
        [
          retry.map((r) => r.seq),
          retry.map((r) => r.runAt),
          retry.map((r) => r.message),
          retry.map((r) => r.reasonCode),
        ],
      );
    if (dead.length > 0) {
      const { rows } = await client.query<{
        seq: number;
        event_seq: number;
        reason_code: string;
        last_error: string;
      }>(
        `UPDATE deliveries d SET state = 'dead', attempts = d.attempts + 1, last_error = u.message,
           reason_code = u.reason_code, lease_until = 0
         FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(seq, message, reason_code)
         WHERE d.seq = u.seq AND d.state = 'pending' RETURNING d.seq, d.event_seq, d.reason_code, d.last_error`,
        [dead.map((r) => r.seq), dead.map((r) => r.message), dead.map((r) => r.reasonCode)],
      );
      if (rows.length > 0) {
        await client.query(
          `UPDATE events e SET state = 'dead', reason_code = u.reason_code, reason = u.message
           FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(seq, reason_code, message) WHERE e.seq = u.seq`,
          [rows.map((r) => r.event_seq), rows.map((r) => r.reason_code), rows.map((r) => r.last_error)],
        );
        await client.query(
          `INSERT INTO dead_letters (event_seq, delivery_seq, reason_code, message, state, created_at)
           SELECT event_seq, delivery_seq, reason_code, message, 'open', $5
           FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS u(event_seq, delivery_seq, reason_code, message)`,
          [
            rows.map((r) => r.event_seq),
            rows.map((r) => r.seq),
            rows.map((r) => r.reason_code),
            rows.map((r) => r.last_error),
            now,
          ],
        );
      }
    }
    if (delivered.size === 0) return 0;
    // One write per event: count its deliveries down and, at zero, complete it in the same update. Rows
    // are taken in seq order, so two processes completing deliveries of the same events cannot deadlock.
    const counts = [...delivered].sort((a, b) => a[0] - b[0]);
    const { rows: finishedRows } = await client.query<{ seq: number; pending_deliveries: number }>(
      `UPDATE events e SET pending_deliveries = e.pending_deliveries - u.n,
         state = CASE WHEN e.pending_deliveries - u.n = 0 THEN 'completed' ELSE e.state END,
         completed_at = CASE WHEN e.pending_deliveries - u.n = 0 THEN $3 ELSE e.completed_at END,
         reason = CASE WHEN e.pending_deliveries - u.n = 0 THEN NULL ELSE e.reason END,
         reason_code = CASE WHEN e.pending_deliveries - u.n = 0 THEN NULL ELSE e.reason_code END
       FROM unnest($1::bigint[], $2::int[]) AS u(seq, n)
       WHERE e.seq = u.seq RETURNING e.seq, e.pending_deliveries`,
      [counts.map((c) => c[0]), counts.map((c) => c[1]), now],
    );
    const finished = finishedRows
      .filter((r) => r.pending_deliveries === 0)
      .map((r) => r.seq)
      .sort((a, b) => a - b);
    if (finished.length === 0) return 0;
    const { rows: deliveryRows } = await client.query<DeliveryRow>(
      `SELECT ${deliveryColumns} FROM deliveries WHERE event_seq = ANY($1::bigint[]) ORDER BY seq`,
      [finished],
    );
    const byEvent = new Map<number, StoredDelivery[]>();
    for (const d of deliveryRows) {
      const entry = byEvent.get(d.event_seq);
      if (entry) entry.push(toStoredDelivery(d, sealer));
      else byEvent.set(d.event_seq, [toStoredDelivery(d, sealer)]);
    }
    const { rows: eventRows } = await client.query<EventRow>(
      `SELECT ${eventColumns} FROM events WHERE seq = ANY($1::bigint[]) ORDER BY seq`,
      [finished],
    );
    const completed: CompletedEvent[] = eventRows.map((row) => ({
      seq: row.seq,
      event: toStoredEvent(row, sealer).event,
      deliveries: byEvent.get(row.seq) ?? [],
    }));
    const confirmations = confirm(completed);
    await recordConfirmations(client, confirmations, now);
    return confirmations.length;
  }

  async function recordConfirmations(
    client: pg.PoolClient,
    confirmations: readonly Confirmation[],
    now: number,
  ): Promise<void> {
    if (confirmations.length === 0) return;
    // Before the cross-references are written: intake decides before or after us, never in between, and a
    // decision parking on one of them checks after us or is released by us (see dependency-locks.ts).
    const releases = confirmations.flatMap((c) => c.releases);
    if (releases.length > 0) await lockDeciding(client);
    await lockDependencies(client, releases);
    // A follow-up confirmation is stored accepted, in its queue, for the processor to decide.
    await client.query(
      `INSERT INTO events (source, event_id, type, subject, envelope, state, queue, causation_seq, received_at, completed_at)
       SELECT source, event_id, type, subject, envelope, state, queue, causation_seq, $2,
         CASE WHEN state = 'completed' THEN $2::bigint END
       FROM json_to_recordset($1::json) AS u(source text, event_id text, type text, subject text,
         envelope text, state text, queue text, causation_seq bigint, n int)
       ORDER BY n
       ON CONFLICT (event_id, source) DO NOTHING`,
      [
        JSON.stringify(
          confirmations.map((c, n) => ({
            source: c.event.source,
            event_id: c.event.id,
            type: c.event.type,
            subject: c.event.subject,
            envelope: sealer.sealEvent(c.event),
            state: c.followUpQueue === undefined ? 'completed' : 'accepted',
            queue: c.followUpQueue ?? 'transactional',
            causation_seq: c.causeSeq,
            n,
          })),
        ),
        now,
      ],
    );
    const xrefs = confirmations.flatMap((c) => c.xrefs);
    if (xrefs.length > 0)
      await client.query(
        `INSERT INTO xrefs (canonical_id, system, external_id, created_at)
         SELECT canonical_id, system, external_id, $4 FROM unnest($1::text[], $2::text[], $3::text[])
           AS u(canonical_id, system, external_id)
         ON CONFLICT (canonical_id, system) DO NOTHING`,
        [xrefs.map((x) => x.canonicalId), xrefs.map((x) => x.system), xrefs.map((x) => x.externalId), now],
      );
    await releaseParked(client, releases);
    const supersede = confirmations.flatMap((c) =>
      c.supersedesRejectionsOf === undefined
        ? []
        : [{ subject: c.supersedesRejectionsOf, note: `superseded by event ${c.event.id}` }],
    );
    if (supersede.length > 0)
      await client.query(
        `UPDATE dead_letters d SET state = 'resolved', closed_at = $3, note = u.note
         FROM unnest($1::text[], $2::text[]) AS u(subject, note), events e
         WHERE d.state = 'open' AND d.delivery_seq IS NULL AND e.seq = d.event_seq
           AND e.subject = u.subject AND e.state = 'rejected'`,
        [supersede.map((s) => s.subject), supersede.map((s) => s.note), now],
      );
  }

  return {
    claimDeliveries(
      target: string,
      limit: number,
      now: number,
      leaseMs: number,
      lanes: Lanes = allLanes,
      queue?: QueueClass,
    ): Promise<StoredDelivery[]> {
      return transaction(pool, async (client) => {
        await client.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.' || $1))", [
          claimLockKey(target),
        ]);
        const params: unknown[] = [target, lanes.of, lanes.index, now, limit, now + leaseMs, owner];
        const { rows } =
          queue === undefined
            ? await client.query<DeliveryRow>(claimAny, params)
            : await client.query<DeliveryRow>(claimInQueue, [...params, queue]);
        return rows.sort((a, b) => a.seq - b.seq).map((r) => toStoredDelivery(r, sealer));
      });
    },
    async nextDueAt(target: string, lanes: Lanes = allLanes, queue?: QueueClass): Promise<number | null> {
      // Only the first pending row of each ordering key can become claimable; later ones follow it. The
      // keys are walked as the claim walks them (one index probe each), never the whole backlog.
      const { rows } = await pool.query<{ due: number | null }>(
        `WITH RECURSIVE ${pendingKeys}
         SELECT min(GREATEST(f.run_at, f.lease_until)) AS due FROM keys k
         CROSS JOIN LATERAL (
           SELECT d.run_at, d.lease_until, d.queue, d.lane FROM deliveries d
           WHERE d.target = $1 AND d.ordering_key = k.ordering_key AND d.state = 'pending'
           ORDER BY d.seq LIMIT 1) f
         WHERE k.ordering_key IS NOT NULL AND ($2::text IS NULL OR f.queue = $2)
           AND ($3::int = 1 OR f.lane % $3::int = $4::int)`,
        [target, queue ?? null, lanes.of, lanes.index],
      );
      return rows[0]?.due ?? null;
    },
    completeDeliveries(
      results: readonly DeliveryResult[],
      now: number,
      confirm: (completed: readonly CompletedEvent[]) => readonly Confirmation[],
    ): Promise<number> {
      return transaction(pool, async (client) => {
        const posted: number[] = [];
        const confirmed = await complete(client, results, now, confirm, posted);
        // The entry binds the delivered postings' decision records into the audit chain.
        const records =
          posted.length === 0 ? undefined : deliveredRecordsDigest(await readDeliveryRecords(client, posted));
        // Last in the transaction: the audit table's lock is held only for this insert and the commit.
        await appendAuditWithin(
          client,
          postingsDelivered(
            posted.sort((a, b) => a - b),
            now,
            records,
          ),
        );
        return confirmed;
      });
    },
    async releaseLeases(): Promise<number> {
      // Only this process's own: another process's leases are its to keep or to let expire.
      const { rowCount } = await pool.query(
        "UPDATE deliveries SET lease_until = 0 WHERE lease_owner = $1 AND state = 'pending' AND lease_until > 0",
        [owner],
      );
      return rowCount ?? 0;
    },
    async renewLeases(seqs: readonly number[], until: number): Promise<number> {
      if (seqs.length === 0) return 0;
      const { rowCount } = await pool.query(
        `UPDATE deliveries SET lease_until = GREATEST(lease_until, $2)
         WHERE seq = ANY($1::bigint[]) AND lease_owner = $3 AND state = 'pending' AND lease_until > 0`,
        [seqs, until, owner],
      );
      return rowCount ?? 0;
    },
  };
}
