// Reads intake-to-posting timings from the store itself: when each approved time entry was received and
// when its postings were all confirmed (events.received_at / completed_at, epoch ms). PostgreSQL through a
// connection of its own; SQLite read-only beside the writer (WAL lets both proceed).
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Completion } from './analysis.ts';

const type = 'io.ledgerline.time.approved.v1';

export interface CompletionReader {
  /** Events completed at or after `from` and before `to` (epoch ms); everything when omitted. */
  completed(from?: number, to?: number): Promise<Completion[]>;
  close(): Promise<void>;
}

export function sqliteReader(file: string): CompletionReader {
  let db: Database.Database | undefined;
  const open = () => (db ??= new Database(file, { readonly: true, fileMustExist: true }));
  return {
    completed(from = 0, to = Number.MAX_SAFE_INTEGER) {
      const rows = open()
        .prepare<[string, number, number], { received_at: number; completed_at: number }>(
          `SELECT received_at, completed_at FROM events
            WHERE type = ? AND state = 'completed' AND completed_at >= ? AND completed_at < ?`,
        )
        .all(type, from, to);
      return Promise.resolve(rows.map((r) => ({ receivedAt: r.received_at, completedAt: r.completed_at })));
    },
    close() {
      db?.close();
      return Promise.resolve();
    },
  };
}

export async function postgresReader(connectionString: string, schema: string): Promise<CompletionReader> {
  const client = new pg.Client({ connectionString, options: `-c search_path=${schema}` });
  await client.connect();
  return {
    async completed(from = 0, to = Number.MAX_SAFE_INTEGER) {
      // BIGINT columns arrive as strings: the sums are small enough for a double.
      const result = await client.query<{ received_at: string; completed_at: string }>(
        `SELECT received_at, completed_at FROM events
          WHERE type = $1 AND state = 'completed' AND completed_at >= $2 AND completed_at < $3`,
        [type, from, to],
      );
      return result.rows.map((r) => ({
        receivedAt: Number(r.received_at),
        completedAt: Number(r.completed_at),
      }));
    },
    async close() {
      await client.end();
    },
  };
}
