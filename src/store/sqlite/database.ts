// Opens a SQLite file with the settings Ledgerline relies on and applies pending migrations.
import Database from 'better-sqlite3';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export type SqliteDatabase = Database.Database;

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

export function openDatabase(file: string): SqliteDatabase {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: an event acknowledged with 202 survives power loss; at batch sizes of ~1,000 it costs little.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // A 16 MB page cache (the default is 2 MB) keeps the hot outbox and inbox index pages in memory.
  db.pragma('cache_size = -16384');
  db.pragma('temp_store = memory');
  migrate(db);
  return db;
}

/** Applies numbered migrations (`0001_name.sql`) not yet recorded in `schema_migrations`. */
export function migrate(db: SqliteDatabase): string[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations')
      .all()
      .map((r) => (r as { version: number }).version),
  );
  const files = readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
  const ran: string[] = [];
  for (const file of files) {
    const version = Number(file.slice(0, 4));
    if (applied.has(version)) continue;
    const sql = readFileSync(join(migrationsDir, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        version,
        file,
        new Date().toISOString(),
      );
    })();
    ran.push(file);
  }
  return ran;
}
