// PostgreSQL side of the protection port (see protection-port.ts): raw reads and compare-and-set rewrites
// of the columns that may hold sensitive values.
import type pg from 'pg';
import type { ProtectedRewrite, ProtectedRow, ProtectedTable, PurgeCandidate } from '../protection-port.ts';
import { transaction } from './database.ts';

const numbered: Record<
  Exclude<ProtectedTable, 'master_data' | 'provenance_inputs'>,
  { key: string; column: string }
> = {
  events: { key: 'seq', column: 'envelope' },
  deliveries: { key: 'seq', column: 'payload' },
  dead_letters: { key: 'id', column: 'detail' },
};

export function createProtectedRows(pool: pg.Pool) {
  return {
    async scan(table: ProtectedTable, afterKey: string | null, limit: number): Promise<ProtectedRow[]> {
      if (table === 'master_data') {
        const [kind = '', ...id] = (afterKey ?? '').split('|');
        const { rows } = await pool.query<{ kind: string; id: string; text: string }>(
          `SELECT kind, id, data AS text FROM master_data WHERE (kind, id) > ($1, $2)
           ORDER BY kind, id LIMIT $3`,
          [kind, id.join('|'), limit],
        );
        return rows.map((r) => ({ table, key: `${r.kind}|${r.id}`, text: r.text }));
      }
      if (table === 'provenance_inputs') {
        // Keyed by the digest of their clear JSON (text), sealed whole.
        const { rows } = await pool.query<{ key: string; text: string }>(
          'SELECT digest AS key, data AS text FROM provenance_inputs WHERE digest > $1 ORDER BY digest LIMIT $2',
          [afterKey ?? '', limit],
        );
        return rows.map((r) => ({ table, key: r.key, text: r.text }));
      }
      const { key, column } = numbered[table];
      const { rows } = await pool.query<{ key: string; text: string }>(
        `SELECT ${key}::text AS key, ${column} AS text FROM ${table}
         WHERE ${key} > $1 AND ${column} IS NOT NULL ORDER BY ${key} LIMIT $2`,
        [afterKey === null ? 0 : Number(afterKey), limit],
      );
      return rows.map((r) => ({ table, key: r.key, text: r.text }));
    },

    rewrite(rewrites: readonly ProtectedRewrite[]): Promise<number> {
      return transaction(pool, async (client) => {
        let changed = 0;
        for (const r of rewrites) {
          if (r.table === 'master_data') {
            const [kind = '', ...id] = r.key.split('|');
            const result = await client.query(
              'UPDATE master_data SET data = $1 WHERE kind = $2 AND id = $3 AND data = $4',
              [r.text, kind, id.join('|'), r.from],
            );
            changed += result.rowCount ?? 0;
          } else if (r.table === 'provenance_inputs') {
            const result = await client.query(
              'UPDATE provenance_inputs SET data = $1 WHERE digest = $2 AND data = $3',
              [r.text, r.key, r.from],
            );
            changed += result.rowCount ?? 0;
          } else {
            const { key, column } = numbered[r.table];
            const result = await client.query(
              `UPDATE ${r.table} SET ${column} = $1 WHERE ${key} = $2 AND ${column} = $3`,
              [r.text, Number(r.key), r.from],
            );
            changed += result.rowCount ?? 0;
          }
        }
        return changed;
      });
    },

    async about(subject: string): Promise<ProtectedRow[]> {
      const events = await pool.query<{ key: string; text: string }>(
        'SELECT seq::text AS key, envelope AS text FROM events WHERE subject = $1 ORDER BY seq',
        [subject],
      );
      const master = await pool.query<{ kind: string; id: string; text: string }>(
        'SELECT kind, id, data AS text FROM master_data WHERE id = $1 ORDER BY kind',
        [subject],
      );
      return [
        ...events.rows.map((r) => ({ table: 'events' as const, key: r.key, text: r.text })),
        ...master.rows.map((r) => ({
          table: 'master_data' as const,
          key: `${r.kind}|${r.id}`,
          text: r.text,
        })),
      ];
    },

    async purgeCandidates(
      types: readonly string[],
      receivedBefore: number,
      afterSeq: number,
      limit: number,
    ): Promise<PurgeCandidate[]> {
      const { rows } = await pool.query<{ seq: string; type: string; received_at: string; envelope: string }>(
        `SELECT seq, type, received_at, envelope FROM events e
         WHERE purged_at IS NULL AND type = ANY($1::text[]) AND received_at < $2 AND seq > $3
           AND (state = 'completed' OR (state IN ('rejected', 'dead')
                AND NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.event_seq = e.seq AND d.state = 'open')))
         ORDER BY seq LIMIT $4`,
        [types, receivedBefore, afterSeq, limit],
      );
      return rows.map((r) => ({
        seq: Number(r.seq),
        type: r.type,
        receivedAt: Number(r.received_at),
        envelope: r.envelope,
      }));
    },

    markPurged(
      purged: readonly { readonly seq: number; readonly from: string; readonly envelope: string }[],
      at: number,
    ): Promise<number> {
      return transaction(pool, async (client) => {
        let changed = 0;
        for (const p of purged) {
          const result = await client.query(
            'UPDATE events SET envelope = $1, purged_at = $2 WHERE seq = $3 AND envelope = $4',
            [p.envelope, at, p.seq, p.from],
          );
          changed += result.rowCount ?? 0;
        }
        return changed;
      });
    },
  };
}
