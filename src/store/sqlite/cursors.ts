import type { SqliteDatabase } from './database.ts';

/** Resumable pull positions, one per connector stream. */
export function createCursors(db: SqliteDatabase) {
  const get = db.prepare<[string], { cursor: string }>('SELECT cursor FROM cursors WHERE name = ?');
  const set = db.prepare<[string, string, number]>(
    'INSERT INTO cursors (name, cursor, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at',
  );
  return {
    get: (name: string): string | undefined => get.get(name)?.cursor,
    set: (name: string, cursor: string): void => void set.run(name, cursor, Date.now()),
  };
}
