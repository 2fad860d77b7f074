import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RateCard } from '../contracts/index.ts';
import { priceFromRateCards, withCard } from './rate-card-pricing.ts';

const gbp = (amount: string) => ({ amount, currency: 'GBP' });
const card = (effectiveFrom: string, senior: string): RateCard => ({
  id: 'rate-card:sandbox-psa:RC-LL-UK',
  name: 'UK rates',
  currency: 'GBP',
  legalEntityId: 'LL-UK',
  effectiveFrom,
  lines: [
    { role: 'Senior consultant', billRate: gbp(senior) },
    { resourceId: 'resource:sandbox-psa:U-7', billRate: gbp('210.00') },
  ],
});
const book = withCard(
  withCard(undefined, 'LL-UK', card('2026-07-01', '150.00')),
  'LL-UK',
  card('2026-01-01', '140.00'),
);
const query = {
  currency: 'GBP',
  workDate: '2026-08-03',
  resourceId: 'resource:sandbox-psa:U-1',
  role: 'Senior consultant',
};

describe('pricing time from rate cards', () => {
  it('takes the version in force on the work date, by role', () => {
    assert.deepEqual(priceFromRateCards(book, query), {
      ok: true,
      rate: gbp('150.00'),
      cardId: 'rate-card:sandbox-psa:RC-LL-UK',
      by: 'role',
    });
    const earlier = priceFromRateCards(book, { ...query, workDate: '2026-06-30' });
    assert.equal(earlier.ok && earlier.rate.amount, '140.00');
  });

  it("prefers the consultant's own rate to their role's", () => {
    const own = priceFromRateCards(book, { ...query, resourceId: 'resource:sandbox-psa:U-7' });
    assert.equal(own.ok && `${own.by} ${own.rate.amount}`, 'resource 210.00');
  });

  it('replaces a version of the same card and date instead of keeping both', () => {
    const again = withCard(book, 'LL-UK', card('2026-07-01', '155.00'));
    assert.equal(again.cards.length, 2);
    const priced = priceFromRateCards(again, query);
    assert.equal(priced.ok && priced.rate.amount, '155.00');
  });

  it('says why it cannot price: no card in force in the currency, or no line for the consultant', () => {
    assert.deepEqual(priceFromRateCards(book, { ...query, workDate: '2025-12-31' }), {
      ok: false,
      reasonCode: 'pricing.no_rate_card',
      reason: 'LL-UK has no rate card in GBP in force on 2025-12-31',
    });
    assert.equal(priceFromRateCards(book, { ...query, currency: 'EUR' }).ok, false);
    const noRole = priceFromRateCards(book, { ...query, role: undefined });
    assert.equal(noRole.ok ? '' : noRole.reasonCode, 'pricing.no_rate');
    assert.match(noRole.ok ? '' : noRole.reason, /no line for resource:sandbox-psa:U-1, who has no role/);
  });
});
