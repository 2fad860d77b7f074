// The console's read models on SQLite (a real file per test).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { runConsoleStoreSuite } from './console-suite.ts';

runConsoleStoreSuite('sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledgerline-console-store-'));
  const store = openSqliteStore(join(dir, 'ledgerline.sqlite'));
  return Promise.resolve({
    store,
    cleanup: async () => {
      try {
        await store.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  });
});
