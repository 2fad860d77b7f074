// The SQLite adapter: the conformance suite against a real file in a fresh temp dir per test, plus what
// only SQLite has (migrations on open, WAL).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { migrate, openDatabase } from '../../src/store/sqlite/database.ts';
import { openTempSqliteStore, tempDir } from './sqlite-temp.ts';
import { runStoreSuite } from './store-suite.ts';
import { runOpsStoreSuite } from './ops-suite.ts';
import { runAuditStoreSuite } from './audit-suite.ts';
import { at, resourceUpdated } from './fixtures.ts';

runStoreSuite('sqlite', openTempSqliteStore('ledgerline-store-'));

runOpsStoreSuite('sqlite', openTempSqliteStore('ledgerline-store-'));

runAuditStoreSuite('sqlite', () => {
  const { dir, remove } = tempDir('ledgerline-audit-');
  const file = join(dir, 'ledgerline.sqlite');
  const store = openSqliteStore(file);
  const others: { close(): Promise<void> }[] = [];
  const raw = (statement: string) => {
    const db = new Database(file);
    try {
      db.exec(statement);
    } finally {
      db.close();
    }
    return Promise.resolve();
  };
  return Promise.resolve({
    store,
    another: () => {
      const other = openSqliteStore(file);
      others.push(other);
      return Promise.resolve(other);
    },
    sql: (statement) => {
      try {
        return raw(statement);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    dropGuards: () => raw('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;'),
    cleanup: async () => {
      try {
        for (const other of others) await other.close();
        await store.close();
      } finally {
        remove();
      }
    },
  });
});

interface MigrationRow {
  version: number;
  name: string;
  applied_at: string;
}

function migrationsIn(file: string): MigrationRow[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare<[], MigrationRow>('SELECT version, name, applied_at FROM schema_migrations ORDER BY version')
      .all();
  } finally {
    db.close();
  }
}

describe('SQLite store file', () => {
  it('records every migration in schema_migrations when it creates the file', async () => {
    const { dir, remove } = tempDir('ledgerline-store-');
    try {
      const file = join(dir, 'store.sqlite');
      const store = openSqliteStore(file);
      await store.close();
      const rows = migrationsIn(file);
      const files = readdirSync(new URL('../../src/store/sqlite/migrations/', import.meta.url))
        .filter((f) => /^\d{4}_.+\.sql$/.test(f))
        .sort();
      assert.ok(files.includes('0001_initial.sql'));
      assert.deepEqual(
        rows.map((r) => [r.version, r.name]),
        files.map((f) => [Number(f.slice(0, 4)), f]),
      );
      for (const row of rows) assert.ok(!Number.isNaN(Date.parse(row.applied_at)), row.applied_at);
    } finally {
      remove();
    }
  });

  it('re-opening an existing file applies nothing twice and keeps the data', async () => {
    const { dir, remove } = tempDir('ledgerline-store-');
    try {
      const file = join(dir, 'store.sqlite');
      const first = openSqliteStore(file);
      const [outcome] = await first.ingest(at(1_000, resourceUpdated('evt-r', 1)));
      await first.setCursor('sandbox-psa:changes', 'c-7');
      await first.close();
      const before = migrationsIn(file);

      const second = openSqliteStore(file);
      try {
        assert.deepEqual(migrationsIn(file), before);
        const [stored] = await second.getEvent('evt-r');
        assert.equal(stored?.seq, outcome?.seq);
        assert.equal(stored?.state, 'accepted');
        assert.equal(await second.getCursor('sandbox-psa:changes'), 'c-7');
        const [again] = await second.ingest(at(2_000, resourceUpdated('evt-r', 1)));
        assert.equal(again?.status, 'duplicate');
      } finally {
        await second.close();
      }

      const db = openDatabase(file);
      try {
        assert.deepEqual(migrate(db), []);
      } finally {
        db.close();
      }
      assert.deepEqual(migrationsIn(file), before);
    } finally {
      remove();
    }
  });

  it('runs in WAL mode with foreign keys on', () => {
    const { dir, remove } = tempDir('ledgerline-store-');
    try {
      const file = join(dir, 'store.sqlite');
      const db = openDatabase(file);
      try {
        assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
        assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
        assert.equal(db.pragma('synchronous', { simple: true }), 2, 'synchronous = FULL');
      } finally {
        db.close();
      }
      // WAL is a property of the file: a plain connection sees it too.
      const plain = new Database(file);
      try {
        assert.equal(plain.pragma('journal_mode', { simple: true }), 'wal');
      } finally {
        plain.close();
      }
    } finally {
      remove();
    }
  });
});
