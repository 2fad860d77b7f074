// The store an end-to-end run uses and what the bench reads back from it: a SQLite file in the run's
// temporary folder, or a fresh PostgreSQL schema (created by Ledgerline from the `schema` parameter of
// its store URL, dropped by the bench afterwards). The timings are the store's own: when each event was
// received and when its last posting was confirmed.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { StoreConfig } from '../src/config/schema.ts';
import type { StoreKind } from './options.ts';
import { connect, dropSchema, storeUrl } from './postgres.ts';

export interface TimingRow {
  readonly seq: number;
  /** The time entry's canonical id, the ERP's source_ref. */
  readonly subject: string;
  readonly receivedAt: number;
  readonly completedAt: number;
}

export interface RunStore {
  readonly kind: StoreKind;
  readonly setting: StoreConfig;
  /** Where it is, for the report. */
  readonly where: string;
  /** Completed events of `type`, and how many of that type are in each other state. */
  read(type: string): Promise<{ completed: TimingRow[]; otherStates: Record<string, number> }>;
  /** Drops the PostgreSQL schema (the SQLite file goes with the run's folder). */
  remove(): Promise<void>;
}

interface RawRow {
  seq: number | string;
  subject: string;
  state: string;
  received_at: number | string;
  completed_at: number | string | null;
}

function split(rows: readonly RawRow[]): { completed: TimingRow[]; otherStates: Record<string, number> } {
  const completed: TimingRow[] = [];
  const otherStates: Record<string, number> = {};
  for (const r of rows) {
    if (r.state === 'completed' && r.completed_at !== null)
      completed.push({
        seq: Number(r.seq),
        subject: r.subject,
        receivedAt: Number(r.received_at),
        completedAt: Number(r.completed_at),
      });
    else otherStates[r.state] = (otherStates[r.state] ?? 0) + 1;
  }
  return { completed, otherStates };
}

const selectRows = 'SELECT seq, subject, state, received_at, completed_at FROM events WHERE type = ';

export function sqliteRunStore(dir: string): RunStore {
  const file = join(dir, 'ledgerline.sqlite');
  return {
    kind: 'sqlite',
    setting: { sqlite: file },
    where: 'SQLite file (WAL, synchronous=FULL)',
    read(type) {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        return Promise.resolve(split(db.prepare<[string], RawRow>(`${selectRows}?`).all(type)));
      } finally {
        db.close();
      }
    },
    remove: () => Promise.resolve(),
  };
}

export function postgresRunStore(url: string, schema: string, keep: boolean): RunStore {
  const database = new URL(url).pathname.slice(1);
  return {
    kind: 'postgres',
    setting: { postgres: storeUrl(url, schema) },
    where: `PostgreSQL schema ${schema} of database ${database}${keep ? ' (kept)' : ''}`,
    async read(type) {
      const client = await connect(url, schema);
      try {
        return split((await client.query<RawRow>(`${selectRows}$1`, [type])).rows);
      } finally {
        await client.end();
      }
    },
    remove: () => (keep ? Promise.resolve() : dropSchema(url, schema)),
  };
}
