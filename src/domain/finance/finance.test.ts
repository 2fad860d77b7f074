// Dated books and booking, with literal amounts worked out by hand.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bookPostings } from './book-postings.ts';
import { convert, withFxRate, type FxRateBook } from './fx.ts';
import { postingDateFor, withPeriodStatus } from './periods.ts';
import { taxOn, withTaxRate } from './tax-rates.ts';
import type { BillableLinePlan, CostPlan } from '../time-postings.ts';

const rate = (effectiveFrom: string, value: string) => ({
  from: 'EUR',
  to: 'USD',
  effectiveFrom,
  rate: value,
  source: 'ECB reference',
});
// Published out of order on purpose: the book keeps them by date.
const usd: FxRateBook = [rate('2026-10-15', '1.0920'), rate('2026-10-01', '1.0850')].reduce<
  FxRateBook | undefined
>((book, r) => withFxRate(book, r), undefined) as FxRateBook;

describe('exchange rates', () => {
  it('converts at the rate in force on the date, rounding once half-up', () => {
    // 1,125.00 x 1.0850 = 1,220.625 -> 1,220.63; x 1.0920 = 1,228.50
    assert.deepEqual(convert({ amount: '1125.00', currency: 'EUR' }, 'USD', '2026-10-14', usd), {
      ok: true,
      conversion: {
        functional: { amount: '1220.63', currency: 'USD' },
        rate: '1.0850',
        rateDate: '2026-10-01',
        source: 'ECB reference',
      },
    });
    const after = convert({ amount: '1125.00', currency: 'EUR' }, 'USD', '2026-10-15', usd);
    assert.equal(after.ok && after.conversion.functional.amount, '1228.50');
  });

  it('says what is missing before the first rate, and converts the same currency at 1', () => {
    assert.deepEqual(convert({ amount: '1.00', currency: 'EUR' }, 'USD', '2026-09-30', usd), {
      ok: false,
      missing: 'EUR->USD rate in force on 2026-09-30',
    });
    const same = convert({ amount: '10.00', currency: 'USD' }, 'USD', '2026-09-30', undefined);
    assert.deepEqual(same.ok && [same.conversion.rate, same.conversion.functional.amount], ['1', '10.00']);
  });

  it('converts into a zero-decimal currency at its exponent (JPY)', () => {
    const jpy = withFxRate(undefined, {
      from: 'EUR',
      to: 'JPY',
      effectiveFrom: '2026-01-01',
      rate: '162.37',
      source: 'x',
    });
    // 10.01 x 162.37 = 1,625.3237 -> 1,625 JPY
    const c = convert({ amount: '10.01', currency: 'EUR' }, 'JPY', '2026-02-01', jpy);
    assert.equal(c.ok && c.conversion.functional.amount, '1625');
  });
});

describe('tax rates', () => {
  const book = withTaxRate(
    withTaxRate(undefined, {
      legalEntityId: 'LL-UK',
      taxCode: 'VAT-STD',
      effectiveFrom: '2026-01-01',
      ratePercent: '20.00',
    }),
    { legalEntityId: 'LL-UK', taxCode: 'VAT-STD', effectiveFrom: '2026-10-16', ratePercent: '17.50' },
  );

  it("taxes by the transaction's own date: 999.98 at 20% = 200.00 before, at 17.5% = 175.00 after", () => {
    const before = taxOn({ amount: '999.98', currency: 'GBP' }, 'VAT-STD', '2026-10-15', book);
    const after = taxOn({ amount: '999.98', currency: 'GBP' }, 'VAT-STD', '2026-10-16', book);
    assert.deepEqual(before.ok && [before.tax.ratePercent, before.tax.amount.amount], ['20.00', '200.00']);
    assert.deepEqual(after.ok && [after.tax.ratePercent, after.tax.amount.amount], ['17.50', '175.00']);
    assert.deepEqual(taxOn({ amount: '1.00', currency: 'GBP' }, 'VAT-RED', '2026-10-16', book), {
      ok: false,
      missing: 'tax code VAT-RED rate in force on 2026-10-16',
    });
  });
});

describe('period close', () => {
  const closed = withPeriodStatus(
    withPeriodStatus(undefined, { legalEntityId: 'LL-DE', period: '2026-08', status: 'closed' }),
    { legalEntityId: 'LL-DE', period: '2026-09', status: 'closed' },
  );

  it('books on the date when open; holds, rolls to the first open period or rejects when closed', () => {
    assert.deepEqual(postingDateFor('2026-10-03', closed, 'hold'), {
      kind: 'post',
      postingDate: '2026-10-03',
    });
    assert.deepEqual(postingDateFor('2026-08-20', closed, 'hold'), { kind: 'hold', period: '2026-08' });
    assert.deepEqual(postingDateFor('2026-08-20', closed, 'reject'), { kind: 'reject', period: '2026-08' });
    assert.deepEqual(postingDateFor('2026-08-20', closed, 'next-open'), {
      kind: 'post',
      postingDate: '2026-10-01',
      rolledFrom: '2026-08',
    });
    const reopened = withPeriodStatus(closed, { legalEntityId: 'LL-DE', period: '2026-08', status: 'open' });
    assert.deepEqual(reopened.closed, ['2026-09']);
  });

  it('rolls over a year end', () => {
    const december = withPeriodStatus(undefined, {
      legalEntityId: 'LL-DE',
      period: '2026-12',
      status: 'closed',
    });
    assert.deepEqual(postingDateFor('2026-12-31', december, 'next-open'), {
      kind: 'post',
      postingDate: '2027-01-01',
      rolledFrom: '2026-12',
    });
  });
});

describe('bookPostings', () => {
  const line: BillableLinePlan = {
    kind: 'billable-line',
    idempotencyKey: 'T-1/billable-line',
    rate: { amount: '150.00', currency: 'EUR' },
    amount: { amount: '1125.00', currency: 'EUR' },
  };
  const cost: CostPlan = {
    kind: 'cost',
    idempotencyKey: 'T-1/cost',
    costRate: { amount: '80.00', currency: 'USD' },
    amount: { amount: '600.00', currency: 'USD' },
  };

  it('converts at the transaction date even when a closed period rolls the posting date forward', () => {
    const periods = withPeriodStatus(undefined, {
      legalEntityId: 'LL-US',
      period: '2026-10',
      status: 'closed',
    });
    const booked = bookPostings([line, cost], {
      date: '2026-10-14',
      functionalCurrency: 'USD',
      fx: usd,
      periods,
      policy: 'next-open',
      taxCode: undefined,
      tax: undefined,
    });
    assert.ok(booked.ok);
    assert.deepEqual(
      booked.value.map((p) => [p.kind, p.booking.postingDate, p.booking.functional.amount, p.booking.rate]),
      [
        ['billable-line', '2026-11-01', '1220.63', '1.0850'],
        ['cost', '2026-11-01', '600.00', '1'],
      ],
    );
  });

  it('names what it waits for', () => {
    const inputs = {
      date: '2026-09-30',
      functionalCurrency: 'USD',
      periods: undefined,
      policy: 'hold' as const,
    };
    assert.deepEqual(bookPostings([line], { ...inputs, fx: usd, taxCode: undefined, tax: undefined }), {
      ok: false,
      kind: 'missing-fx',
      missing: 'EUR->USD rate in force on 2026-09-30',
    });
    assert.deepEqual(
      bookPostings([cost], { ...inputs, fx: usd, taxCode: 'VAT-STD', tax: undefined }).ok,
      true,
    );
  });
});
