// The sandbox ERP's own guards on how a posting lands in the books, through the connector: a closed
// period refuses it whatever Ledgerline knew, the functional amount and line tax must be the arithmetic
// they claim, and a withdrawal reverses what is live (nothing live is success).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Booking } from '../../domain/finance/book-postings.ts';
import { applyOperation } from './apply-operation.ts';
import { ErpState } from './erp-state.ts';
import { assertRejected } from './q2c-fixtures.ts';
import { billableLine, okId, provisioned, startHarness } from './test-fixtures.ts';

const booking = (overrides: Partial<Booking> = {}): Booking => ({
  postingDate: '2026-03-02',
  functional: { amount: '999.98', currency: 'GBP' },
  rate: '1',
  rateDate: '2026-03-02',
  source: 'same currency',
  ...overrides,
});

describe('sandbox ERP booking rules', () => {
  it('refuses a posting dated in a period it has closed, with reason period_closed, and takes it once reopened', async () => {
    const h = await startHarness();
    try {
      const projectId = await provisioned(h.connector, 'BOOK-1');
      h.erp.publishReference('period', { company: 'LL-UK', period: '2026-03', state: 'closed' });
      const [refused] = await h.connector.push([billableLine('B-1', projectId, { booking: booking() })]);
      assertRejected(refused, 'period_closed');
      // Booked in the next period instead (the next-open policy): accepted, the work date kept.
      const [rolled] = await h.connector.push([
        billableLine('B-2', projectId, { booking: booking({ postingDate: '2026-04-01' }) }),
      ]);
      okId(rolled);
      h.erp.publishReference('period', { company: 'LL-UK', period: '2026-03', state: 'open' });
      okId((await h.connector.push([billableLine('B-1', projectId, { booking: booking() })]))[0]);
    } finally {
      await h.close();
    }
  });

  it('refuses a functional amount or a tax that is not the arithmetic it names', async () => {
    const h = await startHarness();
    try {
      const projectId = await provisioned(h.connector, 'BOOK-2');
      // 999.98 GBP x 1.17 = 1169.9766 -> 1169.98, not 1169.97; and GBP is LL-UK's own currency anyway.
      const [wrongCurrency] = await h.connector.push([
        billableLine('B-3', projectId, {
          booking: booking({ functional: { amount: '1169.98', currency: 'EUR' }, rate: '1.17' }),
        }),
      ]);
      assertRejected(wrongCurrency, 'erp.functional_currency_mismatch');
      const [wrongAmount] = await h.connector.push([
        billableLine('B-4', projectId, {
          booking: booking({ functional: { amount: '999.99', currency: 'GBP' } }),
        }),
      ]);
      assertRejected(wrongAmount, 'erp.functional_amount_mismatch');
      // 999.98 x 20% = 199.996 -> 200.00
      const tax = { code: 'VAT-STD', ratePercent: '20.00', rateDate: '2026-01-01' };
      const [wrongTax] = await h.connector.push([
        billableLine('B-5', projectId, { tax: { ...tax, amount: { amount: '199.99', currency: 'GBP' } } }),
      ]);
      assertRejected(wrongTax, 'erp.tax_amount_mismatch');
      okId(
        (
          await h.connector.push([
            billableLine('B-5', projectId, {
              tax: { ...tax, amount: { amount: '200.00', currency: 'GBP' } },
            }),
          ])
        )[0],
      );
    } finally {
      await h.close();
    }
  });

  it('withdraws by reversing what is live, once; nothing live is success', async () => {
    const h = await startHarness();
    try {
      const projectId = await provisioned(h.connector, 'BOOK-3');
      okId((await h.connector.push([billableLine('B-6', projectId)]))[0]);
      const withdraw = (key: string, entry: string) => ({
        kind: 'withdrawPostedTime' as const,
        idempotencyKey: key,
        timeEntryId: `time-entry:sandbox-psa:${entry}`,
        projectId: 'project:sandbox-psa:P',
        projectExternalId: projectId,
        reason: 'deleted' as const,
      });
      const [first, again, never] = await h.connector.push([
        withdraw('w-1', 'B-6'),
        withdraw('w-2', 'B-6'),
        withdraw('w-3', 'B-404'),
      ]);
      okId(first);
      // A second withdrawal finds nothing live; an entry never posted has nothing to reverse.
      assert.match(okId(again), /^nothing-to-reverse:/);
      assert.match(okId(never), /^nothing-to-reverse:/);
      const report = h.erp.report();
      // 999.98 booked and reversed: two lines netting to zero.
      assert.deepEqual(report.billingLines.amount, { GBP: '0.00' });
      assert.equal(report.billingLines.count, 2);
    } finally {
      await h.close();
    }
  });
});

describe('sandbox ERP correction bodies', () => {
  it("checks a correction's new state as the operation that books it would, naming the part", () => {
    const state = ErpState.withCompanies();
    const apply = (body: unknown) =>
      applyOperation(
        state,
        { op: 'time_entry.correct', idempotency_key: 'c-1', body },
        '2026-03-03T00:00:00Z',
      );
    const cost = {
      employee_ref: 'R-1',
      date: '2026-03-02',
      hours: '6',
      cost_rate: '62.50',
      amount: '375.00',
      currency: 'GBP',
    };
    assert.deepEqual(
      apply({ project_id: 'PRJ-1', source_ref: 'T-1', cost_posting: { ...cost, hours: '-6' } }),
      {
        status: 422,
        error: {
          code: 'validation_failed',
          message: 'cost_posting: hours must be non-negative hours with at most 2 decimals, got "-6"',
        },
      },
    );
    assert.deepEqual(
      apply({ project_id: 'PRJ-1', source_ref: 'T-1', cost_posting: { ...cost, source_ref: 'T-2' } }),
      {
        status: 422,
        error: {
          code: 'validation_failed',
          message: 'cost_posting names no project_id or source_ref: the correction does',
        },
      },
    );
    // Well formed, but for a project the ERP does not hold.
    assert.equal(apply({ project_id: 'PRJ-404', source_ref: 'T-1', cost_posting: cost }).status, 422);
  });
});
