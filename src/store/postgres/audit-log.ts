// The audit log on PostgreSQL. Appenders take turns on an EXCLUSIVE table lock (readers go on), so two
// processes never chain to the same predecessor; a delivery batch appends last in its transaction, so the
// lock is held only for the insert and the commit.
import type pg from 'pg';
import { chainAfter } from '../../audit/chain.ts';
import type { AuditEntry, NewAuditEntry, StoredAuditAnchor } from '../audit-port.ts';
import { transaction, type Queryable } from './database.ts';
import {
  auditAnchorColumns,
  auditColumns,
  toAuditAnchor,
  toAuditEntry,
  type AuditAnchorRow,
  type AuditRow,
} from '../rows.ts';

async function head(client: Queryable): Promise<AuditEntry | undefined> {
  const { rows } = await client.query<AuditRow>(
    `SELECT ${auditColumns} FROM audit_log ORDER BY seq DESC LIMIT 1`,
  );
  const row = rows[0];
  return row === undefined ? undefined : toAuditEntry(row);
}

/** Appends inside the caller's transaction; takes the table lock, held until that transaction ends. */
export async function appendAuditWithin(
  client: Queryable,
  entries: readonly NewAuditEntry[],
): Promise<AuditEntry[]> {
  if (entries.length === 0) return [];
  await client.query('LOCK TABLE audit_log IN EXCLUSIVE MODE');
  const chained = chainAfter(await head(client), entries);
  await client.query(
    `INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
       $7::text[], $8::text[])`,
    [
      chained.map((e) => e.seq),
      chained.map((e) => e.at),
      chained.map((e) => e.actor),
      chained.map((e) => e.action),
      chained.map((e) => e.subject),
      chained.map((e) => e.detail),
      chained.map((e) => e.prevHash),
      chained.map((e) => e.hash),
    ],
  );
  return chained;
}

export function createAuditLog(pool: pg.Pool) {
  return {
    append(entries: readonly NewAuditEntry[]): Promise<AuditEntry[]> {
      if (entries.length === 0) return Promise.resolve([]);
      return transaction(pool, (client) => appendAuditWithin(client, entries));
    },
    async list(afterSeq: number, limit: number): Promise<AuditEntry[]> {
      const { rows } = await pool.query<AuditRow>(
        `SELECT ${auditColumns} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [afterSeq, limit],
      );
      return rows.map(toAuditEntry);
    },
    head: () => head(pool),
    async anchor(anchoredAt: string): Promise<StoredAuditAnchor | undefined> {
      const { rows } = await pool.query<AuditAnchorRow>(
        `INSERT INTO audit_anchors (anchored_at, seq, hash, at)
         SELECT $1, seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1
         RETURNING ${auditAnchorColumns}`,
        [anchoredAt],
      );
      const row = rows[0];
      return row === undefined ? undefined : toAuditAnchor(row);
    },
    async anchors(limit: number): Promise<StoredAuditAnchor[]> {
      const { rows } = await pool.query<AuditAnchorRow>(
        `SELECT ${auditAnchorColumns} FROM audit_anchors ORDER BY id DESC LIMIT $1`,
        [limit],
      );
      return rows.map(toAuditAnchor);
    },
  };
}
