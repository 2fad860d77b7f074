// Opens a SQLite file with the settings Ledgerline relies on and applies pending migrations.
import Database from 'better-sqlite3';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { ThreadWriteLock } from './write-lock.ts';

export type SqliteDatabase = Database.Database;

export interface OpenOptions {
  /** Shared with the other threads of this process that write to the same file. */
  readonly writeLock?: ThreadWriteLock;
}

const busyTimeoutMs = 5_000;
const writeLocks = new WeakMap<SqliteDatabase, ThreadWriteLock>();

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

export function openDatabase(file: string, options: OpenOptions = {}): SqliteDatabase {
  const db = new Database(file);
  if (options.writeLock) writeLocks.set(db, options.writeLock);
  db.pragma('journal_mode = WAL');
  // FULL: an event acknowledged with 202 survives power loss; at batch sizes of ~1,000 it costs little.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // A 16 MB page cache (the default is 2 MB) keeps the hot outbox and inbox index pages in memory.
  db.pragma('cache_size = -16384');
  db.pragma('temp_store = memory');
  migrate(db);
  return db;
}

/**
 * A write transaction that takes the write lock when it begins (BEGIN IMMEDIATE). Two connections write to
 * one file (the service and its delivery thread): a deferred transaction that read first and then wrote
 * would fail at once with SQLITE_BUSY if the other wrote in between, where an immediate one waits its turn
 * (busy_timeout). Threads of this process that share a write lock take turns through it first. Nested
 * calls run as savepoints.
 */
export function writeTransaction<A extends unknown[], R>(
  db: SqliteDatabase,
  fn: (...args: A) => R,
): (...args: A) => R {
  const tx = db.transaction(fn);
  return (...args) => {
    const lock = db.inTransaction ? undefined : writeLocks.get(db);
    lock?.acquire(busyTimeoutMs);
    try {
      return tx.immediate(...args);
    } finally {
      lock?.release();
    }
  };
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
    writeTransaction(db, () => {
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
