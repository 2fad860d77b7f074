// A posting's cost rate as the hourly price Tryton holds in the company currency, without a server.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { billableRateProblem, companyCostPrice } from './booking.ts';
import { booking } from './test-support/commands.ts';

const usd = (amount: string) => ({ amount, currency: 'USD' });
const eur = (amount: string) => ({ amount, currency: 'EUR' });

describe('booking a posting in Tryton', () => {
  test('a company-currency cost rate is the price as it is', () => {
    assert.deepEqual(companyCostPrice('c', eur('55.50'), undefined, 'EUR'), { price: '55.5' });
    const fine = companyCostPrice('c', eur('55.12345'), undefined, 'EUR');
    assert.equal(
      'refused' in fine && fine.refused.outcome === 'reject' && fine.refused.reasonCode,
      'tryton.price_precision',
    );
  });

  test("another currency's cost rate is converted at the booking's rate, half-up to 4 decimals", () => {
    const at = (rate: string) =>
      booking({ postingDate: '2026-10-20', functional: '0.00', rate, rateDate: '2026-10-16' });
    assert.deepEqual(companyCostPrice('c', usd('80.00'), at('0.8'), 'EUR'), { price: '64' });
    // 80 x 0.9090909091 = 72.727272728
    assert.deepEqual(companyCostPrice('c', usd('80.00'), at('0.9090909091'), 'EUR'), { price: '72.7273' });
    // 33.33 x 1.00005 = 33.3316665 -> the 5th digit 6 rounds up
    assert.deepEqual(companyCostPrice('c', usd('33.33'), at('1.00005'), 'EUR'), { price: '33.3317' });
  });

  test('without a conversion into the company currency it is refused', () => {
    for (const b of [
      undefined,
      booking({
        postingDate: '2026-10-20',
        functional: '1.00',
        rate: '0.8',
        rateDate: '2026-10-01',
        currency: 'GBP',
      }),
    ]) {
      const result = companyCostPrice('postCost for T-1', usd('80.00'), b, 'EUR');
      assert.equal(
        'refused' in result && result.refused.outcome === 'reject' && result.refused.reasonCode,
        'tryton.currency_mismatch',
      );
    }
  });

  test('a billable rate must be in the company currency, at most 4 decimals', () => {
    assert.equal(billableRateProblem('b', eur('120.00'), 'EUR'), undefined);
    assert.equal(billableRateProblem('b', usd('120.00'), 'EUR')?.outcome, 'reject');
    const fine = billableRateProblem('b', eur('1.00001'), 'EUR');
    assert.equal(fine?.outcome === 'reject' && fine.reasonCode, 'tryton.price_precision');
  });
});
