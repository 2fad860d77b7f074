// What the store keeps of a period run: every count, the first differences only (truncated says so),
// and each difference's amount as target - source in a decimal string.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { reconcile } from '../../src/reconcile/engine.ts';
import { runRecord } from '../../src/reconcile/run-record.ts';
import { time } from './records.ts';

const sides = { source: 'psa', target: 'erp' };
const at = new Date('2026-11-01T08:00:00Z');

describe('reconciliation run record', () => {
  it('keeps every count but only the first differences past the cap', async () => {
    const source = [1, 2, 3].map((i) => time(`time:psa:${i}`));
    const report = await reconcile(source, [], { period: '2026-10' });
    const { run, differences } = runRecord(report, sides, 'ada', at, 2);
    assert.equal(run.truncated, true);
    assert.equal(run.counts.missing_in_target, 3);
    assert.equal(run.ranAt, '2026-11-01T08:00:00.000Z');
    assert.deepEqual(
      differences.map((d) => d.key),
      ['billable-time:time:psa:1', 'billable-time:time:psa:2'],
    );
    assert.equal(runRecord(report, sides, 'ada', at, 3).run.truncated, false);
  });

  it('gives the amount difference as target - source, exactly', async () => {
    const report = await reconcile(
      [time('time:psa:1', { amount: '0.30' })],
      [time('time:psa:1', { amount: '0.1' })],
      { period: '2026-10' },
    );
    const [drift] = runRecord(report, sides, 'ada', at).differences;
    assert.equal(drift?.class, 'amount_drift');
    assert.equal(drift?.amountDifference, '-0.20');
    assert.equal((JSON.parse(drift?.target ?? '{}') as { amount: string }).amount, '0.10');
  });
});
