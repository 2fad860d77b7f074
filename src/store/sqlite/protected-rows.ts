// SQLite side of the protection port (see protection-port.ts): raw reads and compare-and-set rewrites of
// the columns that may hold sensitive values.
import type { ProtectedRewrite, ProtectedRow, ProtectedTable, PurgeCandidate } from '../protection-port.ts';
import { writeTransaction, type SqliteDatabase } from './database.ts';

const numbered: Record<
  Exclude<ProtectedTable, 'master_data' | 'provenance_inputs'>,
  { key: string; column: string }
> = {
  events: { key: 'seq', column: 'envelope' },
  deliveries: { key: 'seq', column: 'payload' },
  dead_letters: { key: 'id', column: 'detail' },
};

export function createProtectedRows(db: SqliteDatabase) {
  const scans = Object.fromEntries(
    Object.entries(numbered).map(([table, { key, column }]) => [
      table,
      db.prepare<[number, number], { key: number; text: string }>(
        `SELECT ${key} AS key, ${column} AS text FROM ${table} WHERE ${key} > ? AND ${column} IS NOT NULL ORDER BY ${key} LIMIT ?`,
      ),
    ]),
  );
  const updates = Object.fromEntries(
    Object.entries(numbered).map(([table, { key, column }]) => [
      table,
      db.prepare<[string, number, string]>(
        `UPDATE ${table} SET ${column} = ? WHERE ${key} = ? AND ${column} = ?`,
      ),
    ]),
  );
  const scanMaster = db.prepare<[string, string, number], { kind: string; id: string; text: string }>(
    'SELECT kind, id, data AS text FROM master_data WHERE (kind, id) > (?, ?) ORDER BY kind, id LIMIT ?',
  );
  const updateMaster = db.prepare<[string, string, string, string]>(
    'UPDATE master_data SET data = ? WHERE kind = ? AND id = ? AND data = ?',
  );
  // Provenance inputs are keyed by the digest of their clear JSON (text), sealed whole.
  const scanInputs = db.prepare<[string, number], { key: string; text: string }>(
    'SELECT digest AS key, data AS text FROM provenance_inputs WHERE digest > ? ORDER BY digest LIMIT ?',
  );
  const updateInput = db.prepare<[string, string, string]>(
    'UPDATE provenance_inputs SET data = ? WHERE digest = ? AND data = ?',
  );
  const eventsAbout = db.prepare<[string], { key: number; text: string }>(
    'SELECT seq AS key, envelope AS text FROM events WHERE subject = ? ORDER BY seq',
  );
  const masterAbout = db.prepare<[string], { kind: string; id: string; text: string }>(
    'SELECT kind, id, data AS text FROM master_data WHERE id = ? ORDER BY kind',
  );
  const candidates = db.prepare<
    [string, number, number, number],
    { seq: number; type: string; received_at: number; envelope: string }
  >(
    `SELECT seq, type, received_at, envelope FROM events e
     WHERE purged_at IS NULL AND type IN (SELECT value FROM json_each(?)) AND received_at < ? AND seq > ?
       AND (state = 'completed' OR (state IN ('rejected', 'dead')
            AND NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.event_seq = e.seq AND d.state = 'open')))
     ORDER BY seq LIMIT ?`,
  );
  const purge = db.prepare<[string, number, number, string]>(
    'UPDATE events SET envelope = ?, purged_at = ? WHERE seq = ? AND envelope = ?',
  );

  const rewrite = writeTransaction(db, (rewrites: readonly ProtectedRewrite[]): number => {
    let changed = 0;
    for (const r of rewrites) {
      if (r.table === 'master_data') {
        const [kind = '', ...id] = r.key.split('|');
        changed += updateMaster.run(r.text, kind, id.join('|'), r.from).changes;
      } else if (r.table === 'provenance_inputs') changed += updateInput.run(r.text, r.key, r.from).changes;
      else changed += updates[r.table]?.run(r.text, Number(r.key), r.from).changes ?? 0;
    }
    return changed;
  });
  const markPurged = writeTransaction(
    db,
    (purged: readonly { seq: number; from: string; envelope: string }[], at: number): number => {
      let changed = 0;
      for (const p of purged) changed += purge.run(p.envelope, at, p.seq, p.from).changes;
      return changed;
    },
  );

  return {
    scan(table: ProtectedTable, afterKey: string | null, limit: number): ProtectedRow[] {
      if (table === 'master_data') {
        const [kind = '', ...id] = (afterKey ?? '').split('|');
        return scanMaster
          .all(kind, id.join('|'), limit)
          .map((r) => ({ table, key: `${r.kind}|${r.id}`, text: r.text }));
      }
      if (table === 'provenance_inputs')
        return scanInputs.all(afterKey ?? '', limit).map((r) => ({ table, key: r.key, text: r.text }));
      const rows = scans[table]?.all(afterKey === null ? 0 : Number(afterKey), limit) ?? [];
      return rows.map((r) => ({ table, key: String(r.key), text: r.text }));
    },
    rewrite,
    about(subject: string): ProtectedRow[] {
      return [
        ...eventsAbout
          .all(subject)
          .map((r) => ({ table: 'events' as const, key: String(r.key), text: r.text })),
        ...masterAbout
          .all(subject)
          .map((r) => ({ table: 'master_data' as const, key: `${r.kind}|${r.id}`, text: r.text })),
      ];
    },
    purgeCandidates(
      types: readonly string[],
      receivedBefore: number,
      afterSeq: number,
      limit: number,
    ): PurgeCandidate[] {
      return candidates
        .all(JSON.stringify(types), receivedBefore, afterSeq, limit)
        .map((r) => ({ seq: r.seq, type: r.type, receivedAt: r.received_at, envelope: r.envelope }));
    },
    markPurged,
  };
}
