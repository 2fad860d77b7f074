// The reconciliation engine on hand-written records: every class of difference, netting of reversals,
// control totals per currency, the entity filter, the period scope and a deterministic report.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { reconcile, ReconciliationRun } from '../../src/reconcile/engine.ts';
import { mergeReports } from '../../src/reconcile/merge-reports.ts';
import { partOf } from '../../src/reconcile/partition.ts';
import type { ReconRecord } from '../../src/reconcile/record.ts';
import type { ReconciliationReport } from '../../src/reconcile/report.ts';
import { cost, expense, time } from './records.ts';

const october = { period: '2026-10' };

function classes(report: ReconciliationReport): [string, string, string][] {
  return report.differences.map((d) => [d.class, d.type, d.ref]);
}

describe('reconciliation engine', () => {
  it('finds nothing when both sides hold the same records, whatever their own ids', async () => {
    const report = await reconcile(
      [time('T1', { id: 'psa-1' }), cost('T1', { id: 'psa-1c' })],
      [time('T1', { id: 'BL-1' }), cost('T1', { id: 'CP-1' })],
      october,
    );
    assert.equal(report.ok, true);
    assert.deepEqual(report.differences, []);
    assert.equal(report.keys, 2);
    assert.deepEqual(report.read, { source: 2, target: 2 });
  });

  it('classifies a record the target lacks as missing_in_target, with the source record and its id', async () => {
    const report = await reconcile([time('T1', { id: 'psa-1' }), time('T2')], [time('T2')], october);
    assert.equal(report.ok, false);
    assert.deepEqual(report.counts, {
      missing_in_target: 1,
      extra_in_target: 0,
      duplicate: 0,
      amount_drift: 0,
      fx_difference: 0,
      period_mismatch: 0,
    });
    assert.deepEqual(report.differences, [
      {
        class: 'missing_in_target',
        type: 'billable-time',
        ref: 'T1',
        entity: 'LL-UK',
        project: 'project:psa:P-1',
        source: { count: 1, hours: '7.50', amount: '999.98', currency: 'GBP', period: '2026-10' },
        records: { source: [time('T1', { id: 'psa-1' })], target: [] },
      },
    ]);
  });

  it('classifies a record only the target holds as extra_in_target', async () => {
    const report = await reconcile([], [expense('E1', { id: 'EX-9' })], october);
    assert.deepEqual(classes(report), [['extra_in_target', 'expense', 'E1']]);
    assert.deepEqual(report.differences[0]?.records, { source: [], target: [expense('E1', { id: 'EX-9' })] });
    assert.deepEqual(report.differences[0]?.target, {
      count: 1,
      hours: '0.00',
      amount: '145.60',
      currency: 'GBP',
      period: '2026-10',
    });
  });

  it('classifies a second live posting of one ref as duplicate, listing both target records', async () => {
    const report = await reconcile(
      [cost('T1')],
      [cost('T1', { id: 'CP-1' }), cost('T1', { id: 'CP-2' })],
      october,
    );
    assert.deepEqual(classes(report), [['duplicate', 'cost', 'T1']]);
    const [d] = report.differences;
    assert.equal(d?.source?.count, 1);
    assert.equal(d?.target?.count, 2);
    assert.equal(d?.target?.amount, '937.50');
    assert.deepEqual(
      d?.records.target.map((r) => r.id),
      ['CP-1', 'CP-2'],
    );
  });

  it('classifies different hours or amounts as amount_drift, and equal values written differently as equal', async () => {
    const report = await reconcile(
      [time('T1'), time('T2'), time('T3', { amount: '100' }), cost('T4')],
      [
        time('T1', { amount: '999.99' }),
        time('T2', { hours: '7.75' }),
        time('T3', { amount: '100.00' }),
        cost('T4', { currency: 'EUR' }),
      ],
      october,
    );
    assert.deepEqual(classes(report), [
      ['amount_drift', 'billable-time', 'T1'],
      ['amount_drift', 'billable-time', 'T2'],
      ['amount_drift', 'cost', 'T4'],
    ]);
    assert.deepEqual(
      report.differences.map((d) => [d.source?.amount, d.target?.amount, d.source?.hours, d.target?.hours]),
      [
        ['999.98', '999.99', '7.50', '7.50'],
        ['999.98', '999.98', '7.50', '7.75'],
        ['468.75', '468.75', '7.50', '7.50'],
      ],
    );
    assert.equal(report.differences[2]?.target?.currency, 'EUR');
  });

  it('classifies equal transaction amounts booked at different functional amounts as fx_difference', async () => {
    const usd = { currency: 'USD', amount: '1000.00' };
    const report = await reconcile(
      [expense('E1', { ...usd, functional: { amount: '791.20', currency: 'GBP' } }), expense('E2', usd)],
      [
        expense('E1', { ...usd, functional: { amount: '790.55', currency: 'GBP' } }),
        // Only one side converted: nothing to compare the conversion with.
        expense('E2', { ...usd, functional: { amount: '790.55', currency: 'GBP' } }),
      ],
      october,
    );
    assert.deepEqual(classes(report), [['fx_difference', 'expense', 'E1']]);
    assert.deepEqual(report.differences[0]?.source?.functional, { amount: '791.20', currency: 'GBP' });
    assert.deepEqual(report.differences[0]?.target?.functional, { amount: '790.55', currency: 'GBP' });
  });

  it('classifies a record the target booked in the next period as period_mismatch, in the totals of neither', async () => {
    const lastDay = { date: '2026-10-31' };
    const report = await reconcile(
      [time('T1', lastDay), time('T2')],
      [time('T1', { ...lastDay, period: '2026-11', id: 'BL-7' }), time('T2')],
      october,
    );
    assert.deepEqual(classes(report), [['period_mismatch', 'billable-time', 'T1']]);
    const [d] = report.differences;
    assert.equal(d?.source?.period, '2026-10');
    assert.equal(d?.target?.period, '2026-11');
    assert.deepEqual(d?.records.target, [time('T1', { ...lastDay, period: '2026-11', id: 'BL-7' })]);
    // October's totals: the source counts both entries, the target only the one it booked in October.
    const [row] = report.totals;
    assert.deepEqual(
      [row?.source.count, row?.target.count, row?.difference],
      [2, 1, { count: -1, hours: '-7.50', amount: '-999.98' }],
    );

    // November sees the same key (the target booked it then) and the same mismatch.
    const november = await reconcile(
      [time('T1', lastDay), time('T2')],
      [time('T1', { ...lastDay, period: '2026-11' }), time('T2')],
      { period: '2026-11' },
    );
    assert.deepEqual(classes(november), [['period_mismatch', 'billable-time', 'T1']]);
    assert.equal(november.keys, 1, 'T2 is October on both sides: out of scope');
  });

  it('nets a reversal and repost to one posting: no difference; a repost at a new amount is amount_drift', async () => {
    const posted = time('T1', { id: 'BL-1' });
    const reversal = time('T1', { id: 'BL-2', reversal: true, hours: '-7.50', amount: '-999.98' });
    const report = await reconcile(
      [time('T1'), time('T2')],
      [
        posted,
        reversal,
        time('T1', { id: 'BL-3' }),
        time('T2', { id: 'BL-4' }),
        time('T2', { id: 'BL-5', reversal: true, hours: '-7.50', amount: '-999.98' }),
        time('T2', { id: 'BL-6', hours: '8', amount: '1066.64' }),
      ],
      october,
    );
    assert.deepEqual(classes(report), [['amount_drift', 'billable-time', 'T2']]);
    assert.deepEqual(report.differences[0]?.target, {
      count: 1,
      hours: '8.00',
      amount: '1066.64',
      currency: 'GBP',
      period: '2026-10',
    });
    // Totals count postings less reversals: 2 live on each side; amounts net.
    assert.deepEqual(report.totals[0]?.target, {
      count: 2,
      hours: '15.50',
      amount: '2066.62',
      unpriced: 0,
      functional: {},
    });
  });

  it('treats a posting reversed on the target as missing, and reversed on both sides as no difference', async () => {
    const reversed = [
      time('T1', { id: 'BL-1' }),
      time('T1', { id: 'BL-2', reversal: true, hours: '-7.50', amount: '-999.98' }),
    ];
    assert.deepEqual(classes(await reconcile([time('T1')], reversed, october)), [
      ['missing_in_target', 'billable-time', 'T1'],
    ]);
    assert.equal((await reconcile(reversed, reversed, october)).ok, true);
  });

  it('keeps one class per key by precedence: a duplicate at another amount is a duplicate', async () => {
    const report = await reconcile(
      [time('T1')],
      [time('T1'), time('T1', { amount: '5.00', period: '2026-10' })],
      october,
    );
    assert.deepEqual(classes(report), [['duplicate', 'billable-time', 'T1']]);
  });

  it('totals each entity, project, type and currency per side, with functional amounts per currency', async () => {
    const report = await reconcile(
      [
        time('T1'),
        time('T2', {
          currency: 'EUR',
          amount: '1160.00',
          functional: { amount: '1003.40', currency: 'GBP' },
        }),
        time('T3', { currency: 'EUR', amount: '398.75', functional: { amount: '344.92', currency: 'GBP' } }),
        cost('T1'),
        expense('E1', { entity: 'LL-DE', project: 'project:psa:P-2', currency: 'EUR', amount: '80.5' }),
      ],
      [
        time('T1'),
        time('T2', { currency: 'EUR', amount: '1160.00' }),
        cost('T1'),
        expense('E1', { entity: 'LL-DE', project: 'project:psa:P-2', currency: 'EUR', amount: '80.50' }),
      ],
      october,
    );
    assert.deepEqual(
      report.totals.map((r) => [
        r.entity,
        r.project,
        r.type,
        r.currency,
        r.source.count,
        r.source.amount,
        r.target.count,
        r.target.amount,
        r.difference.amount,
      ]),
      [
        ['LL-DE', 'project:psa:P-2', 'expense', 'EUR', 1, '80.50', 1, '80.50', '0.00'],
        ['LL-UK', 'project:psa:P-1', 'billable-time', 'EUR', 2, '1558.75', 1, '1160.00', '-398.75'],
        ['LL-UK', 'project:psa:P-1', 'billable-time', 'GBP', 1, '999.98', 1, '999.98', '0.00'],
        ['LL-UK', 'project:psa:P-1', 'cost', 'GBP', 1, '468.75', 1, '468.75', '0.00'],
      ],
    );
    assert.deepEqual(report.totals[1]?.source.functional, { GBP: '1348.32' });
    assert.deepEqual(report.totals[1]?.target.functional, {});
    assert.deepEqual(report.totals[1]?.source.hours, '15.00');
    assert.deepEqual(classes(report), [['missing_in_target', 'billable-time', 'T3']]);
  });

  it('reconciles one entity only when asked', async () => {
    const de = { entity: 'LL-DE', project: 'project:psa:P-2', currency: 'EUR' };
    const source = [time('T1'), time('T2', de), time('T3', de)];
    const target = [time('T2', de)];
    const report = await reconcile(source, target, { period: '2026-10', entity: 'LL-DE' });
    assert.equal(report.entity, 'LL-DE');
    assert.deepEqual(classes(report), [['missing_in_target', 'billable-time', 'T3']]);
    assert.deepEqual(report.read, { source: 2, target: 1 });
    assert.deepEqual(
      report.totals.map((r) => r.entity),
      ['LL-DE'],
    );
  });

  it('leaves out keys booked in other periods on both sides', async () => {
    const september = { date: '2026-09-30' };
    const report = await reconcile([time('T1', september), time('T2')], [time('T2')], october);
    assert.equal(report.ok, true);
    assert.equal(report.keys, 1);
    assert.equal(report.totals.length, 1);
  });

  it('compares a side that cannot price on counts and hours only, and totals it as unpriced', async () => {
    const unpriced = { amount: '0', amountUnknown: true };
    const report = await reconcile(
      [time('T1', unpriced), time('T2', { ...unpriced, hours: '8' })],
      [time('T1'), time('T2')],
      october,
    );
    assert.deepEqual(classes(report), [['amount_drift', 'billable-time', 'T2']]);
    assert.equal(report.differences[0]?.source?.amountUnknown, true);
    assert.deepEqual(report.totals[0]?.source, {
      count: 2,
      hours: '15.50',
      amount: '0.00',
      unpriced: 2,
      functional: {},
    });
  });

  it('reports the same whatever the order and interleaving of the records', async () => {
    const source = [time('T3'), time('T1'), cost('T1'), expense('E1'), time('T9', { amount: '1.00' })];
    const target = [
      cost('T1', { id: 'CP-1' }),
      time('T1', { id: 'BL-1' }),
      time('T9', { amount: '2.00', id: 'BL-9' }),
      time('T9', { amount: '2.00', id: 'BL-8' }),
      expense('E2'),
    ];
    const forward = await reconcile(source, target, october);
    const backward = await reconcile([...source].reverse(), [...target].reverse(), october);
    assert.deepEqual(backward, forward);
    assert.equal(JSON.stringify(backward), JSON.stringify(forward));
    assert.deepEqual(classes(forward), [
      ['missing_in_target', 'billable-time', 'T3'],
      ['missing_in_target', 'expense', 'E1'],
      ['extra_in_target', 'expense', 'E2'],
      ['duplicate', 'billable-time', 'T9'],
    ]);
    assert.deepEqual(
      forward.differences[3]?.records.target.map((r) => r.id),
      ['BL-8', 'BL-9'],
    );
  });

  it('takes async streams of both sides read at once', async () => {
    async function* stream(records: readonly ReconRecord[]) {
      for (const r of records) {
        await Promise.resolve();
        yield r;
      }
    }
    const report = await reconcile(stream([time('T1'), time('T2')]), stream([time('T2')]), october);
    assert.deepEqual(classes(report), [['missing_in_target', 'billable-time', 'T1']]);
  });

  it('refuses a period that is not a month and a record that is not one', async () => {
    await assert.rejects(reconcile([], [], { period: '2026-13' }), /period must be YYYY-MM/);
    await assert.rejects(reconcile([time('T1', { amount: '12,50' })], [], october), /not a decimal: "12,50"/);
    await assert.rejects(reconcile([time('T\x1f1')], [], october), /control character/);
    await assert.rejects(
      reconcile([time('T1', { date: '2026-10-5' })], [], october),
      /date must be YYYY-MM-DD/,
    );
  });

  it('gives the same report from key parts run apart and merged (the threaded file run)', async () => {
    const source: ReconRecord[] = [];
    const target: ReconRecord[] = [];
    for (let i = 0; i < 200; i += 1) {
      const r = i % 2 === 0 ? time(`T${i}`, { amount: `${i}.5` }) : cost(`T${i}`, { hours: `${i % 9}.25` });
      if (i % 7 !== 0) source.push(r);
      if (i % 11 !== 0) target.push(i % 13 === 0 ? { ...r, amount: '1.00' } : r);
      if (i % 17 === 0) target.push({ ...r, id: 'again' });
    }
    const whole = await reconcile(source, target, october);
    const parts = [0, 1, 2].map((index) => {
      const run = new ReconciliationRun(october);
      for (const r of source) if (partOf(r.type, r.ref, 3) === index) run.add('source', r);
      for (const r of target) if (partOf(r.type, r.ref, 3) === index) run.add('target', r);
      return run.report();
    });
    assert.ok(
      parts.every((p) => p.keys > 0),
      'every part holds keys',
    );
    assert.deepEqual(mergeReports(parts), whole);
    // Worked out by hand: 27 refs only the target has, 15 only the source, 9 posted again, 12 changed.
    assert.deepEqual(whole.counts, {
      missing_in_target: 15,
      extra_in_target: 27,
      duplicate: 9,
      amount_drift: 12,
      fx_difference: 0,
      period_mismatch: 0,
    });
  });
});
