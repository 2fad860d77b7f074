// What the store keeps besides the pipeline's rows: pull cursors, a source connector's memory, named
// leases, and the reconciliation records (delivered postings read back, events about subjects, sign-offs).
import type pg from 'pg';
import type { MemoryChange, Remembered } from '../../connectors/kit/connector.ts';
import type {
  DeliveredFilter,
  RateBudget,
  SignOff,
  StoredDelivery,
  StoredEvent,
  StoredSignOff,
} from '../port.ts';
import {
  deliveryColumns,
  eventColumns,
  signOffColumns,
  toStoredDelivery,
  toStoredEvent,
  toStoredSignOff,
  type DeliveryRow,
  type EventRow,
  type SignOffRow,
} from '../rows.ts';
import type { FieldSealer } from '../field-sealer.ts';
import { transaction } from './database.ts';

interface MemoryRow {
  native_id: string;
  fingerprint: string;
  scope: string;
}

const toMemory = (rows: readonly MemoryRow[]): Map<string, Remembered> =>
  new Map(rows.map((r) => [r.native_id, { fingerprint: r.fingerprint, scope: r.scope }]));

export function createKeeping(pool: pg.Pool, sealer: FieldSealer) {
  return {
    async getCursor(name: string): Promise<string | undefined> {
      const { rows } = await pool.query<{ cursor: string }>('SELECT cursor FROM cursors WHERE name = $1', [
        name,
      ]);
      return rows[0]?.cursor;
    },
    async setCursor(name: string, cursor: string): Promise<void> {
      await pool.query(
        `INSERT INTO cursors (name, cursor, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
        [name, cursor, Date.now()],
      );
    },
    async recallSource(
      system: string,
      kind: string,
      nativeIds: readonly string[],
    ): Promise<Map<string, Remembered>> {
      if (nativeIds.length === 0) return new Map();
      const { rows } = await pool.query<MemoryRow>(
        `SELECT native_id, fingerprint, scope FROM source_memory
         WHERE system = $1 AND kind = $2 AND native_id = ANY($3::text[])`,
        [system, kind, nativeIds],
      );
      return toMemory(rows);
    },
    async recallSourceScope(system: string, kind: string, scope: string): Promise<Map<string, Remembered>> {
      const { rows } = await pool.query<MemoryRow>(
        'SELECT native_id, fingerprint, scope FROM source_memory WHERE system = $1 AND kind = $2 AND scope = $3',
        [system, kind, scope],
      );
      return toMemory(rows);
    },
    rememberSource(system: string, changes: readonly MemoryChange[]): Promise<void> {
      const now = Date.now();
      // The last change of a record wins, as if applied one by one.
      const last = new Map<string, MemoryChange>();
      for (const c of changes) last.set(`${c.kind}\u0000${c.nativeId}`, c);
      const sets = [...last.values()].filter((c) => c.op === 'set');
      const forgets = [...last.values()].filter((c) => c.op !== 'set');
      return transaction(pool, async (client) => {
        if (sets.length > 0)
          await client.query(
            `INSERT INTO source_memory (system, kind, native_id, fingerprint, scope, updated_at)
             SELECT $1, kind, native_id, fingerprint, scope, $6
             FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u(kind, native_id, fingerprint, scope)
             ON CONFLICT (system, kind, native_id) DO UPDATE SET fingerprint = excluded.fingerprint,
               scope = excluded.scope, updated_at = excluded.updated_at`,
            [
              system,
              sets.map((c) => c.kind),
              sets.map((c) => c.nativeId),
              sets.map((c) => (c.op === 'set' ? c.fingerprint : '')),
              sets.map((c) => (c.op === 'set' ? c.scope : '')),
              now,
            ],
          );
        if (forgets.length > 0)
          await client.query(
            `DELETE FROM source_memory s USING unnest($2::text[], $3::text[]) AS u(kind, native_id)
             WHERE s.system = $1 AND s.kind = u.kind AND s.native_id = u.native_id`,
            [system, forgets.map((c) => c.kind), forgets.map((c) => c.nativeId)],
          );
      });
    },
    async holdLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
      const { rowCount } = await pool.query(
        `INSERT INTO leases (name, owner, until) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
         WHERE leases.owner = excluded.owner OR leases.until <= $4`,
        [name, owner, now + ttlMs, now],
      );
      return rowCount === 1;
    },
    async spendBudget(name: string, amount: number, budget: RateBudget, now: number): Promise<number> {
      // One statement, so spenders in several processes take turns on the row: refill since the last
      // spend (never above the burst), then spend.
      const { rows } = await pool.query<{ tokens: number }>(
        `INSERT INTO rate_budgets AS b (name, tokens, updated_at) VALUES ($1, $3::float8 - $2, $5)
         ON CONFLICT (name) DO UPDATE SET
           tokens = LEAST($3::float8, b.tokens + GREATEST(0, $5 - b.updated_at) * $4::float8 / 1000) - $2,
           updated_at = GREATEST(b.updated_at, $5)
         RETURNING tokens`,
        [name, amount, budget.burst, budget.perSecond, now],
      );
      return rows[0]?.tokens ?? 0;
    },
    async listDelivered(filter: DeliveredFilter): Promise<StoredDelivery[]> {
      const { rows } = await pool.query<DeliveryRow>(
        `SELECT ${deliveryColumns} FROM deliveries
         WHERE target = $1 AND state = 'delivered' AND seq > $2 AND kind = ANY($3::text[])
         ORDER BY seq LIMIT $4`,
        [filter.target, filter.afterSeq, filter.kinds, filter.limit],
      );
      return rows.map((r) => toStoredDelivery(r, sealer));
    },
    async sourceEventsAbout(subjects: readonly string[]): Promise<StoredEvent[]> {
      if (subjects.length === 0) return [];
      const { rows } = await pool.query<EventRow>(
        `SELECT ${eventColumns} FROM events
         WHERE causation_seq IS NULL AND subject = ANY($1::text[]) ORDER BY seq`,
        [subjects],
      );
      return rows.map((r) => toStoredEvent(r, sealer));
    },
    appendSignOff(build: (previous: StoredSignOff | undefined) => SignOff): Promise<StoredSignOff> {
      return transaction(pool, async (client) => {
        // Two sign-offs at once must not chain to the same predecessor: they take turns.
        await client.query('LOCK TABLE reconciliation_sign_offs IN EXCLUSIVE MODE');
        const { rows } = await client.query<SignOffRow>(
          `SELECT ${signOffColumns} FROM reconciliation_sign_offs ORDER BY seq DESC LIMIT 1`,
        );
        const last = rows[0];
        const s = build(last === undefined ? undefined : toStoredSignOff(last));
        const inserted = await client.query<{ seq: number }>(
          `INSERT INTO reconciliation_sign_offs (period, entity, signed_by, signed_at, totals, totals_sha256,
             differences, accepted_differences, previous_sha256, sha256)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING seq`,
          [
            s.period,
            s.entity,
            s.signedBy,
            s.signedAt,
            s.totals,
            s.totalsSha256,
            s.differences,
            s.acceptedDifferences,
            s.previousSha256,
            s.sha256,
          ],
        );
        const seq = inserted.rows[0]?.seq;
        if (seq === undefined) throw new Error('the sign-off was not recorded');
        return { seq, ...s };
      });
    },
    async listSignOffs(): Promise<StoredSignOff[]> {
      const { rows } = await pool.query<SignOffRow>(
        `SELECT ${signOffColumns} FROM reconciliation_sign_offs ORDER BY seq`,
      );
      return rows.map(toStoredSignOff);
    },
  };
}
