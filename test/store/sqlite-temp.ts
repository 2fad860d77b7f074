// SQLite stores for the adapter's tests: a real file in a fresh temp dir, removed with the store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { OpenStore } from './store-suite.ts';

/** `prefix` names the temp dir, e.g. `ledgerline-store-`. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openTempSqliteStore(prefix: string): OpenStore {
  return () => {
    const { dir, remove } = tempDir(prefix);
    const store = openSqliteStore(join(dir, 'ledgerline.sqlite'));
    return Promise.resolve({
      store,
      cleanup: async () => {
        try {
          await store.close();
        } finally {
          remove();
        }
      },
    });
  };
}
