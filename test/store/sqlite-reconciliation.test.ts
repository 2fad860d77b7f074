// The reconciliation suite against SQLite, and what only SQLite shows: sign-offs refuse raw UPDATE and
// DELETE (the triggers of migration 0005), and a row altered with the triggers dropped fails the chain.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { signOffAfter, verifyChain } from '../../src/reconcile/sign-off.ts';
import { runReconciliationStoreSuite } from './reconciliation-suite.ts';
import { openTempSqliteStore, tempDir } from './sqlite-temp.ts';

runReconciliationStoreSuite('sqlite', openTempSqliteStore('ledgerline-recon-store-'));

describe('SQLite sign-offs', () => {
  it('refuse UPDATE and DELETE even as raw SQL, and fail verification once altered behind the triggers', async () => {
    const { dir, remove } = tempDir('ledgerline-recon-store-');
    try {
      const file = join(dir, 'ledgerline.sqlite');
      const store = openSqliteStore(file);
      for (const [period, by] of [
        ['2026-09', 'Ada'],
        ['2026-10', 'Grace'],
        ['2026-11', 'Edsger'],
      ] as const)
        await store.appendSignOff(
          signOffAfter({
            report: {
              period,
              ok: true,
              read: { source: 1, target: 1 },
              keys: 1,
              counts: {
                missing_in_target: 0,
                extra_in_target: 0,
                duplicate: 0,
                amount_drift: 0,
                fx_difference: 0,
                period_mismatch: 0,
              },
              totals: [],
              differences: [],
            },
            sides: { source: 'a.csv', target: 'b.csv' },
            signedBy: by,
            signedAt: new Date('2026-12-01T10:00:00Z'),
          }),
        );
      await store.close();

      const db = new Database(file);
      try {
        assert.throws(
          () => db.prepare("UPDATE reconciliation_sign_offs SET signed_by = 'Mallory' WHERE seq = 2").run(),
          /reconciliation sign-offs are immutable: record a new sign-off instead/,
        );
        assert.throws(
          () => db.prepare('DELETE FROM reconciliation_sign_offs WHERE seq = 1').run(),
          /reconciliation sign-offs are immutable: they cannot be deleted/,
        );
        // Someone with the file drops the trigger and edits a row: the chain says so.
        db.exec('DROP TRIGGER reconciliation_sign_offs_no_update');
        db.prepare("UPDATE reconciliation_sign_offs SET signed_by = 'Mallory' WHERE seq = 2").run();
      } finally {
        db.close();
      }
      const reopened = openSqliteStore(file);
      try {
        assert.deepEqual(
          verifyChain(await reopened.listSignOffs()).map((c) => [c.seq, c.problem]),
          [
            [1, undefined],
            [2, 'its record was altered after signing'],
            [3, undefined],
          ],
        );
      } finally {
        await reopened.close();
      }
    } finally {
      remove();
    }
  });
});
