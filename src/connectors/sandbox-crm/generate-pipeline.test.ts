// The pipeline generator: reproducible, realistic in shape, consistent enough to seed, and the source of
// exactly the closed-won events and won value it promises.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateEvent, type CanonicalEvent, type Opportunity } from '../../contracts/index.ts';
import { totalsByCurrency } from '../../domain/money.ts';
import { createSandboxCrmConnector } from './connector.ts';
import { generateCrmPipeline, type GenerateCrmPipelineOptions } from './generate-pipeline.ts';
import { startSandboxCrm } from './server.ts';
import { testApiKey } from './test-support/http.ts';
import { minorUnitsToDecimal } from './vendor/minor-units.ts';

const acme = { id: 'C-101', name: 'Acme Logistics', legalEntityId: 'LL-UK', currency: 'GBP' };
const customers = [
  acme,
  { id: 'C-102', name: 'Globex Energy', legalEntityId: 'LL-DE', currency: 'EUR' },
  { id: 'C-103', name: 'Initech Software', legalEntityId: 'LL-US', currency: 'USD' },
  { id: 'C-104', name: 'Nakamura KK', legalEntityId: 'LL-JP', currency: 'JPY' },
];
const options: GenerateCrmPipelineOptions = { seed: 42, customers, opportunities: 60, closedWonShare: 0.35 };
const finalStage = (deal: { stages: readonly { stage: string }[] }): string | undefined =>
  deal.stages.at(-1)?.stage;

describe('generateCrmPipeline', () => {
  test('is deterministic for a seed and differs across seeds', () => {
    assert.deepEqual(generateCrmPipeline(options), generateCrmPipeline(options));
    assert.notDeepEqual(generateCrmPipeline(options), generateCrmPipeline({ ...options, seed: 43 }));
  });

  test('has the shape of a real sales pipeline', () => {
    const { accounts, deals } = generateCrmPipeline(options);
    assert.deepEqual(
      accounts.map((a) => [a.id, a.legal_entity, a.default_currency]),
      customers.map((c) => [c.id, c.legalEntityId, c.currency]),
    );
    assert.equal(deals.length, 60);
    assert.deepEqual(
      deals.slice(0, 4).map((d) => d.account_id),
      ['C-101', 'C-102', 'C-103', 'C-104'],
      'every customer gets a deal first',
    );
    assert.equal(deals.filter((d) => finalStage(d) === 'closed_won').length, 21, 'round(60 x 0.35)');
    const lost = deals.filter((d) => finalStage(d) === 'closed_lost').length;
    assert.ok(lost > 5 && lost < 30, `${lost} lost`);
    const byCustomer = new Map(customers.map((c) => [c.id, c]));
    for (const deal of deals) {
      assert.match(deal.id, /^D-\d{6}$/);
      assert.equal(deal.currency_code, byCustomer.get(deal.account_id)?.currency);
      assert.ok(Number.isSafeInteger(deal.deal_value_minor) && deal.deal_value_minor > 0);
      assert.equal(deal.stages[0]?.stage, 'qualification');
      const times = deal.stages.map((s) => Date.parse(s.at));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
        `${deal.id} changes stage in time order`,
      );
      assert.ok(deal.start_date > (deal.close_date ?? ''), `${deal.id} starts after it closes`);
    }
    const jpy = deals.filter((d) => d.currency_code === 'JPY').map((d) => d.deal_value_minor);
    const gbp = deals.filter((d) => d.currency_code === 'GBP').map((d) => d.deal_value_minor);
    assert.ok(Math.min(...jpy) >= 20_000 * 190, 'yen values are priced in yen, not pence');
    assert.ok(Math.min(...gbp) >= 20_000 * 100 && Math.max(...gbp) < 1_000_000 * 100);
  });

  test('some won deals lack finance fields, about a tenth by default or as many as asked', () => {
    const missing = (o: GenerateCrmPipelineOptions) =>
      generateCrmPipeline(o).deals.filter(
        (d) =>
          finalStage(d) === 'closed_won' &&
          [d.booking_entity, d.billing_currency, d.billing_model, d.tax_code].some((v) => v === null),
      ).length;
    assert.equal(missing(options), 2, 'round(21 / 10)');
    assert.equal(missing({ ...options, incompleteWonDeals: 7 }), 7);
    assert.equal(missing({ ...options, incompleteWonDeals: 0 }), 0);
    assert.equal(
      missing({ ...options, opportunities: 3, closedWonShare: 0.34 }),
      0,
      'a single win is kept whole',
    );
  });

  test('refuses options it cannot honour', () => {
    const bad: [Partial<GenerateCrmPipelineOptions>, RegExp][] = [
      [{ seed: -1 }, /seed/],
      [{ opportunities: 0 }, /opportunities/],
      [{ closedWonShare: 1.2 }, /closedWonShare/],
      [{ closedWonShare: Number.NaN }, /closedWonShare/],
      [{ incompleteWonDeals: 22 }, /incompleteWonDeals must be an integer from 0 to 21/],
      [{ customers: [] }, /customers must not be empty/],
      [{ customers: [acme, acme] }, /is repeated/],
      [{ customers: [{ ...acme, id: 'has space' }] }, /customers\[0\]\.id/],
      [{ customers: [{ ...acme, currency: 'XXY' }] }, /not ISO 4217/],
      [{ customers: [{ ...acme, legalEntityId: 'uk' }] }, /legalEntityId/],
    ];
    for (const [change, pattern] of bad)
      assert.throws(() => generateCrmPipeline({ ...options, ...change }), pattern, JSON.stringify(change));
  });

  test('seeds cleanly; the connector yields one valid event per win and the won value matches', async () => {
    const pipeline = generateCrmPipeline({ ...options, opportunities: 400 });
    const won = pipeline.deals.filter((d) => finalStage(d) === 'closed_won');
    const crm = await startSandboxCrm({ apiKey: testApiKey });
    const connector = createSandboxCrmConnector({
      system: 'sandbox-crm',
      baseUrl: crm.url,
      apiKey: testApiKey,
    });
    try {
      const summary = crm.seed(pipeline);
      assert.equal(
        summary.events,
        pipeline.deals.reduce((n, d) => n + d.stages.length, 0),
      );
      const events: CanonicalEvent[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await connector.pull(cursor, 250);
        events.push(...page.events);
        cursor = page.nextCursor ?? cursor;
        if (!page.hasMore) break;
      }
      for (const event of events) assert.ok(validateEvent(event).ok, event.id);
      const opportunities = events.map((e) => e.data as Opportunity);
      assert.deepEqual(
        opportunities.map((o) => o.id).sort(),
        won.map((d) => `opportunity:sandbox-crm:${d.id}`).sort(),
      );
      const report = crm.report();
      assert.equal(report.deals.closedWon, won.length);
      assert.deepEqual(totalsByCurrency(opportunities.map((o) => o.amount)), report.closedWonValue);
      assert.deepEqual(
        report.closedWonValue,
        totalsByCurrency(
          won.map((d) => ({
            amount: minorUnitsToDecimal(d.deal_value_minor, d.currency_code),
            currency: d.currency_code,
          })),
        ),
      );
      assert.equal(Object.keys(report.closedWonValue).length, 4);
      const incomplete = opportunities.filter(
        (o) => !o.taxCode || !o.billingModel || !o.legalEntityId || !o.currency,
      );
      assert.equal(incomplete.length, Math.max(1, Math.round(won.length / 10)));
    } finally {
      await connector.close();
      await crm.close();
    }
  });
});
