import type { MemoryChange, Remembered } from '../../connectors/kit/connector.ts';
import type { SqliteDatabase } from './database.ts';
import { writeTransaction } from './database.ts';

interface Row {
  native_id: string;
  fingerprint: string;
  scope: string;
}

const CHUNK = 500;

/** A source connector's memory of what it saw (see `SourceMemory`), one row per remembered record. */
export function createSourceMemory(db: SqliteDatabase) {
  const byScope = db.prepare<[string, string, string], Row>(
    'SELECT native_id, fingerprint, scope FROM source_memory WHERE system = ? AND kind = ? AND scope = ?',
  );
  const set = db.prepare<[string, string, string, string, string, number]>(
    `INSERT INTO source_memory (system, kind, native_id, fingerprint, scope, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (system, kind, native_id) DO UPDATE SET fingerprint = excluded.fingerprint,
       scope = excluded.scope, updated_at = excluded.updated_at`,
  );
  const forget = db.prepare<[string, string, string]>(
    'DELETE FROM source_memory WHERE system = ? AND kind = ? AND native_id = ?',
  );
  const rememberAll = writeTransaction(
    db,
    (system: string, changes: readonly MemoryChange[], now: number) => {
      for (const c of changes) {
        if (c.op === 'set') set.run(system, c.kind, c.nativeId, c.fingerprint, c.scope, now);
        else forget.run(system, c.kind, c.nativeId);
      }
    },
  );
  const toMap = (rows: readonly Row[]): Map<string, Remembered> =>
    new Map(rows.map((r) => [r.native_id, { fingerprint: r.fingerprint, scope: r.scope }]));

  return {
    recall(system: string, kind: string, nativeIds: readonly string[]): Map<string, Remembered> {
      const out = new Map<string, Remembered>();
      for (let i = 0; i < nativeIds.length; i += CHUNK) {
        const chunk = nativeIds.slice(i, i + CHUNK);
        const rows = db
          .prepare<string[], Row>(
            `SELECT native_id, fingerprint, scope FROM source_memory WHERE system = ? AND kind = ? AND native_id IN (${chunk.map(() => '?').join(',')})`,
          )
          .all(system, kind, ...chunk);
        for (const [id, remembered] of toMap(rows)) out.set(id, remembered);
      }
      return out;
    },
    recallScope: (system: string, kind: string, scope: string): Map<string, Remembered> =>
      toMap(byScope.all(system, kind, scope)),
    remember: (system: string, changes: readonly MemoryChange[]): void =>
      rememberAll(system, changes, Date.now()),
  };
}
