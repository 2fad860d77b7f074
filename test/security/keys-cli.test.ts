// `ledgerline keys` on the embedded default (a SQLite file and the 0600 key file beside it): status per
// key id, a new key made current, rotation re-sealing every row under it, the store still reading them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { keyFileOf } from '../../src/security/field-protection/field-keys.ts';
import { runCli } from '../support/child-service.ts';
import { tempDir } from '../store/sqlite-temp.ts';
import { resourceUpdated } from '../support/events.ts';
import type { KeyUsage } from '../../src/security/field-protection/key-usage.ts';

async function status(file: string): Promise<{ currentKeyId: string; usage: KeyUsage[] }> {
  const run = await runCli(['keys', 'status', '--db', file, '--json']);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as { currentKeyId: string; usage: KeyUsage[] };
}

describe('ledgerline keys (SQLite key file)', () => {
  it('adds a key, rotates every row to it, and the store still reads them', async () => {
    const { dir, remove } = tempDir('ledgerline-keys-');
    try {
      const file = join(dir, 'ledgerline.sqlite');
      const event = resourceUpdated('resource:test-psa:KEY-1', '80.00');
      const store = openSqliteStore(file);
      await store.ingest([{ event, receivedAt: Date.now(), queue: 'master' }]);
      await store.close();
      assert.equal(statSync(keyFileOf(file)).mode & 0o777, 0o600, 'the key file is private');

      const before = await status(file);
      assert.equal(before.currentKeyId, 'k1');
      assert.equal(before.usage.find((u) => u.table === 'events')?.byKey['k1'], 1);

      const added = await runCli(['keys', 'new', '--db', file]);
      assert.equal(added.code, 0, added.stderr);
      assert.match(added.stdout, /Added key k2/);
      const rotated = await runCli(['keys', 'rotate', '--db', file]);
      assert.equal(rotated.code, 0, rotated.stderr);
      assert.match(rotated.stdout, /Re-sealed 1 rows under k2/);

      const after = await status(file);
      assert.equal(after.currentKeyId, 'k2');
      for (const u of after.usage)
        assert.deepEqual(
          Object.keys(u.byKey).filter((k) => k !== 'k2'),
          [],
          u.table,
        );

      const reopened = openSqliteStore(file);
      try {
        const [stored] = await reopened.getEvent(event.id);
        assert.deepEqual(stored?.event.data, event.data);
        const audit = await reopened.listAudit(0, 100);
        assert.ok(
          audit.some((e) => e.action === 'keys.rotated'),
          'the rotation is audited',
        );
      } finally {
        await reopened.close();
      }
    } finally {
      remove();
    }
  });
});
