// Periodic anchors against a real SQLite file: the head is anchored once per change, never while the log
// is empty, and not by a process that does not hold the anchoring lease.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { anchorEveryMs, createAuditAnchoring } from '../../src/audit/anchor-timer.ts';
import { entry } from '../store/audit-suite.ts';
import { ConfigError, parseConfig } from '../../src/config/load-config.ts';

describe('audit anchoring', () => {
  it('reads anchorEvery as a duration, one hour by default', () => {
    assert.equal(anchorEveryMs(undefined), 3_600_000);
    assert.equal(anchorEveryMs('15m'), 900_000);
    assert.equal(anchorEveryMs('0s'), 3_600_000, 'zero is not a period: the default');
  });

  it('takes audit.anchorEvery from the YAML config as a duration, and refuses anything else', () => {
    const yaml = (every: string) => `store: { sqlite: ':memory:' }
http: { port: 0 }
legalEntities:
  - { id: LL-UK, name: UK, country: GB, functionalCurrency: GBP }
systems:
  psa:
    - { id: psa-a, connector: sandbox-psa, baseUrl: 'http://127.0.0.1:1', webhookSecret: { env: PSA_A } }
  erp: { id: erp, connector: sandbox-erp, baseUrl: 'http://127.0.0.1:2', apiKey: { env: ERP } }
audit: { anchorEvery: '${every}' }
`;
    assert.equal(anchorEveryMs(parseConfig(yaml('15m'), 'test.yaml').audit?.anchorEvery), 900_000);
    assert.throws(() => parseConfig(yaml('15 minutes'), 'test.yaml'), ConfigError);
  });

  it('anchors the head once per change, never an empty log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledgerline-anchor-'));
    const store = openSqliteStore(join(dir, 'ledgerline.sqlite'));
    try {
      const anchoring = createAuditAnchoring({
        store,
        everyMs: 60_000,
        owner: 'me',
        onError: (error) => assert.fail(String(error)),
      });
      assert.equal(await anchoring.anchorNow(1_000), false, 'nothing to anchor');
      await store.appendAudit([entry(1), entry(2)]);
      assert.equal(await anchoring.anchorNow(2_000), true);
      assert.equal(await anchoring.anchorNow(3_000), false, 'the head has not moved');
      const [three] = await store.appendAudit([entry(3)]);
      assert.equal(await anchoring.anchorNow(4_000), true);
      const anchors = await store.listAuditAnchors(10);
      assert.deepEqual(
        anchors.map((a) => [a.seq, a.anchoredAt]),
        [
          [3, new Date(4_000).toISOString()],
          [2, new Date(2_000).toISOString()],
        ],
      );
      assert.equal(anchors[0]?.hash, three?.hash);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
