// Conformance of reconciliation runs (the console's drill-down) on every adapter, through the port only.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { NewReconciliationDifference, NewReconciliationRun } from '../../src/store/port.ts';
import type { OpenStore } from './store-suite.ts';
import { storeTestOf } from './store-test.ts';

function run(
  period: string,
  ranAt: string,
  overrides: Partial<NewReconciliationRun> = {},
): NewReconciliationRun {
  return {
    period,
    entity: null,
    ranAt,
    ranBy: 'ada',
    sourceSystem: 'sandbox-psa',
    targetSystem: 'sandbox-erp',
    totals: '{"rows":[]}',
    counts: { missing_in_target: 1, amount_drift: 1 },
    ok: false,
    truncated: false,
    ...overrides,
  };
}

function difference(cls: string, key: string, amount: string): NewReconciliationDifference {
  return {
    class: cls,
    key,
    entity: 'E-1',
    source: JSON.stringify({ count: 1, amount: '100.00' }),
    target: cls === 'missing_in_target' ? null : JSON.stringify({ count: 1, amount: '99.99' }),
    amountDifference: amount,
  };
}

export function runReconciliationRunsSuite(
  name: string,
  open: OpenStore,
  skip: string | false = false,
): void {
  const storeTest = storeTestOf(open);

  describe(`Store conformance, reconciliation runs: ${name}`, { skip }, () => {
    storeTest('records a run with its differences and reads them back in order', async (store) => {
      const stored = await store.recordReconciliationRun(run('2026-07', '2026-08-01T09:00:00.000Z'), [
        difference('missing_in_target', 'billable-time:100001', '-100.00'),
        difference('amount_drift', 'expense:EX-1', '-0.01'),
      ]);
      assert.equal(await store.getReconciliationRun(stored.id + 1000), undefined);
      assert.deepEqual(await store.getReconciliationRun(stored.id), stored);
      assert.deepEqual(stored.counts, { missing_in_target: 1, amount_drift: 1 });
      const all = await store.listReconciliationDifferences({ runId: stored.id, limit: 10, offset: 0 });
      assert.deepEqual(
        all.map((d) => [d.runId, d.class, d.key, d.target, d.amountDifference]),
        [
          [stored.id, 'missing_in_target', 'billable-time:100001', null, '-100.00'],
          [stored.id, 'amount_drift', 'expense:EX-1', '{"count":1,"amount":"99.99"}', '-0.01'],
        ],
      );
    });

    storeTest('filters differences by class and pages them', async (store) => {
      const stored = await store.recordReconciliationRun(
        run('2026-07', '2026-08-01T09:00:00.000Z'),
        Array.from({ length: 5 }, (_, i) => difference('amount_drift', `cost:${i}`, `-${i}.00`)).concat(
          difference('duplicate', 'cost:9', '10.00'),
        ),
      );
      const page = await store.listReconciliationDifferences({
        runId: stored.id,
        class: 'amount_drift',
        limit: 2,
        offset: 2,
      });
      assert.deepEqual(
        page.map((d) => d.key),
        ['cost:2', 'cost:3'],
      );
      const duplicates = await store.listReconciliationDifferences({
        runId: stored.id,
        class: 'duplicate',
        limit: 10,
        offset: 0,
      });
      assert.deepEqual(
        duplicates.map((d) => d.amountDifference),
        ['10.00'],
      );
    });

    storeTest('lists runs newest first, of one period when asked', async (store) => {
      const june = await store.recordReconciliationRun(run('2026-06', '2026-07-01T09:00:00.000Z'), []);
      const july = await store.recordReconciliationRun(
        run('2026-07', '2026-08-01T09:00:00.000Z', { entity: 'E-1', ok: true, truncated: true }),
        [],
      );
      const julyAgain = await store.recordReconciliationRun(run('2026-07', '2026-08-02T09:00:00.000Z'), []);
      assert.deepEqual(
        (await store.listReconciliationRuns({ limit: 10 })).map((r) => r.id),
        [julyAgain.id, july.id, june.id],
      );
      assert.deepEqual(await store.listReconciliationRuns({ period: '2026-07', limit: 1 }), [julyAgain]);
      const [, second] = await store.listReconciliationRuns({ period: '2026-07', limit: 5 });
      assert.equal(second?.entity, 'E-1');
      assert.equal(second?.ok, true);
      assert.equal(second?.truncated, true);
      assert.deepEqual(await store.listReconciliationRuns({ period: '2026-05', limit: 5 }), []);
    });

    storeTest('writes thousands of differences in one run', async (store) => {
      const many = Array.from({ length: 2_500 }, (_, i) => difference('amount_drift', `cost:${i}`, '1.00'));
      const stored = await store.recordReconciliationRun(run('2026-07', '2026-08-01T09:00:00.000Z'), many);
      const last = await store.listReconciliationDifferences({ runId: stored.id, limit: 10, offset: 2_499 });
      assert.deepEqual(
        last.map((d) => d.key),
        ['cost:2499'],
      );
    });
  });
}
