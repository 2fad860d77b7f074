// Mapping vendor deal events to canonical OpportunityClosedWon events: literal expectations on the
// hand-written pipeline (amounts to the minor unit in 0, 2 and 3 decimal currencies), contract validity,
// and bad vendor data reported as a SourcePayloadError naming the event, never anything else.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { validateEvent, type CanonicalEvent } from '../../contracts/index.ts';
import { createSandboxCrmConnector, SourcePayloadError } from './connector.ts';
import { eventById, pullAllEvents } from '../sandbox-kit/test-support/pull-feed.ts';
import { startSandboxCrm, type SandboxCrm } from './server.ts';
import { startFakeVendor, wonDealEvent, type CannedResponse } from './test-support/fake-vendor.ts';
import { testApiKey, testSecret } from './test-support/http.ts';
import { tinyPipeline } from './test-support/tiny-pipeline.ts';

const pullAll = (baseUrl: string, system = 'sandbox-crm'): Promise<CanonicalEvent[]> =>
  pullAllEvents(createSandboxCrmConnector({ system, baseUrl, apiKey: testApiKey }));

describe('sandbox CRM connector mapping', () => {
  let crm: SandboxCrm;
  let events: CanonicalEvent[];
  const byId = (id: string): CanonicalEvent => eventById(events, id);

  before(async () => {
    crm = await startSandboxCrm({ apiKey: testApiKey });
    crm.seed(tinyPipeline());
    events = await pullAll(crm.url);
  });
  after(() => crm.close());

  test('only the four wins become events, in feed order, each passing the canonical contract', () => {
    assert.deepEqual(
      events.map((e) => [e.id, e.subject]),
      [
        ['DE-000000015', 'opportunity:sandbox-crm:D-000001'],
        ['DE-000000016', 'opportunity:sandbox-crm:D-000002'],
        ['DE-000000017', 'opportunity:sandbox-crm:D-000003'],
        ['DE-000000018', 'opportunity:sandbox-crm:D-000006'],
      ],
    );
    for (const event of events) {
      const result = validateEvent(event);
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.name, 'OpportunityClosedWon');
    }
  });

  test('a complete won deal becomes an Opportunity with every finance field, in a CloudEvent', () => {
    assert.deepEqual(byId('DE-000000015'), {
      specversion: '1.0',
      id: 'DE-000000015',
      source: 'sandbox-crm',
      type: 'io.ledgerline.opportunity.closed-won.v1',
      subject: 'opportunity:sandbox-crm:D-000001',
      time: '2026-05-04T10:00:00+00:00',
      datacontenttype: 'application/json',
      correlationid: 'opportunity:sandbox-crm:D-000001',
      data: {
        id: 'opportunity:sandbox-crm:D-000001',
        customerId: 'customer:sandbox-crm:ACME',
        name: 'ERP Implementation',
        status: 'closed-won',
        amount: { amount: '120000.00', currency: 'GBP' },
        expectedStartDate: '2026-07-06',
        legalEntityId: 'LL-UK',
        currency: 'GBP',
        billingModel: 'fixed-fee',
        taxCode: 'standard',
      },
    });
  });

  test('blank finance fields stay absent, so readiness can name them', () => {
    assert.deepEqual(byId('DE-000000016').data, {
      id: 'opportunity:sandbox-crm:D-000002',
      customerId: 'customer:sandbox-crm:GLOBEX',
      name: 'Finance Transformation',
      status: 'closed-won',
      amount: { amount: '48250.75', currency: 'EUR' },
      expectedStartDate: '2026-07-06',
      legalEntityId: 'LL-DE',
      currency: 'EUR',
    });
  });

  test('amounts are exact at each currency exponent: JPY 0, KWD 3, one penny', async () => {
    const amount = (id: string): unknown => (byId(id).data as { amount: unknown }).amount;
    assert.deepEqual(amount('DE-000000017'), { amount: '15000000', currency: 'JPY' });
    assert.deepEqual(amount('DE-000000018'), { amount: '12345.678', currency: 'KWD' });
    assert.equal((byId('DE-000000018').data as { billingModel: string }).billingModel, 'retainer');

    crm.moveDeal('D-000007', { stage: 'closed_won', at: '2026-06-01T08:30:00+01:00' });
    const connector = createSandboxCrmConnector({
      system: 'sandbox-crm',
      baseUrl: crm.url,
      apiKey: testApiKey,
    });
    try {
      const page = await connector.pull('DE-000000018', 10);
      assert.equal(page.events.length, 1);
      const [penny] = page.events;
      assert.equal(penny?.time, '2026-06-01T08:30:00+01:00');
      assert.deepEqual((penny?.data as { amount: unknown }).amount, { amount: '0.01', currency: 'GBP' });
      assert.equal((penny?.data as { billingModel: string }).billingModel, 'time-and-materials');
    } finally {
      await connector.close();
    }
  });

  test('the system name flows into source and every canonical id', async () => {
    const renamed = await pullAll(crm.url, 'crm-emea');
    assert.equal(renamed[0]?.source, 'crm-emea');
    assert.equal(renamed[0]?.subject, 'opportunity:crm-emea:D-000001');
    assert.equal((renamed[0]?.data as { customerId: string }).customerId, 'customer:crm-emea:ACME');
    assert.equal(renamed[0]?.id, 'DE-000000015', 'the event id does not depend on the system name');
  });

  test('refuses options it cannot work with', () => {
    const good = { system: 'sandbox-crm', baseUrl: crm.url, apiKey: testApiKey, webhookSecret: testSecret };
    assert.throws(() => createSandboxCrmConnector({ ...good, system: 'no spaces' }), RangeError);
    assert.throws(() => createSandboxCrmConnector({ ...good, apiKey: '' }), RangeError);
    assert.throws(() => createSandboxCrmConnector({ ...good, webhookSecret: 'secret' }), RangeError);
    assert.throws(() => createSandboxCrmConnector({ ...good, baseUrl: 'ftp://crm.example' }), RangeError);
  });
});

describe('bad vendor data', () => {
  const page = (data: unknown[], next: string | null, hasMore = false): CannedResponse => ({
    body: { data, has_more: hasMore, next_cursor: next },
  });

  /** Pulls once from a vendor answering `response`; returns the error pull threw. */
  async function pullError(response: CannedResponse, cursor?: string): Promise<unknown> {
    const vendor = await startFakeVendor([response]);
    const connector = createSandboxCrmConnector({
      system: 'sandbox-crm',
      baseUrl: vendor.url,
      apiKey: testApiKey,
    });
    try {
      return await connector.pull(cursor, 10).then(
        () => assert.fail('pull should have failed'),
        (e: unknown) => e,
      );
    } finally {
      await connector.close();
      await vendor.close();
    }
  }

  test('a broken deal becomes a SourcePayloadError naming the event and the field', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ deal_value_minor: 120000.5 }, /\/deal\/deal_value_minor must be integer/],
      [{ deal_value_minor: '12000000' }, /\/deal\/deal_value_minor must be integer/],
      [{ deal_value_minor: -1 }, /\/deal\/deal_value_minor must be >= 0/],
      [{ deal_value_minor: 2 ** 53 }, /\/deal\/deal_value_minor must be <= 9007199254740991/],
      [{ currency_code: 'XXY' }, /\/deal\/currency_code is not an ISO 4217 currency/],
      [{ billing_model: 'pro_bono' }, /\/deal\/billing_model/],
      [{ start_date: null }, /\/deal\/start_date/],
      [{ stage: 'negotiation' }, /\/deal\/stage must be the event's to_stage closed_won/],
      [{ id: 'D-000002' }, /\/deal\/id must be the event's deal_id D-000001/],
      [{ account_id: 'has space' }, /\/deal\/account_id/],
      // JPY has no minor unit, so 16 digits of yen exceed the canonical amount's 15 integer digits.
      [
        { currency_code: 'JPY', deal_value_minor: 9_007_199_254_740_991 },
        /maps to an invalid canonical event: \/data\/amount\/amount/,
      ],
    ];
    for (const [fields, pattern] of cases) {
      const error = await pullError(page([wonDealEvent(3, fields)], 'DE-000000003'));
      assert.ok(error instanceof SourcePayloadError, `${JSON.stringify(fields)}: ${String(error)}`);
      assert.equal(error.retryable, false);
      assert.equal(error.reasonCode, 'source.payload_invalid');
      assert.equal(error.eventId, 'DE-000000003');
      assert.match(error.message, pattern);
    }
  });

  test('a bad page or envelope is a SourcePayloadError, never a crash', async () => {
    const cases: [CannedResponse, RegExp, string?][] = [
      [{ body: '<html>maintenance</html>' }, /did not answer JSON/],
      [{ body: { events: [] } }, /invalid page/],
      [page([{ ...wonDealEvent(3), occurred_at: '2026-05-04 10:00' }], 'DE-000000003'), /occurred_at/],
      [page([{ ...wonDealEvent(3), event_id: 'evt_3' }], 'DE-000000003'), /event_id/],
      [
        page([wonDealEvent(3), wonDealEvent(2)], 'DE-000000003'),
        /DE-000000002 is out of order after DE-000000003/,
      ],
      [
        page([wonDealEvent(3)], 'DE-000000003'),
        /DE-000000003 is out of order after DE-000000005/,
        'DE-000000005',
      ],
      [page([wonDealEvent(3)], 'DE-000000009'), /next_cursor DE-000000009 is not the page's last event/],
      [page([], null, true), /an empty page claims has_more/],
      [
        page([], 'DE-000000001'),
        /next_cursor DE-000000001 is behind the cursor DE-000000005/,
        'DE-000000005',
      ],
    ];
    for (const [response, pattern, cursor] of cases) {
      const error = await pullError(response, cursor);
      assert.ok(error instanceof SourcePayloadError, `${JSON.stringify(response.body)}: ${String(error)}`);
      assert.match(error.message, pattern);
    }
  });

  test('newer event types and other stage changes are passed over, and the cursor moves past them', async () => {
    const lost = {
      ...wonDealEvent(6, { stage: 'closed_lost' }),
      to_stage: 'closed_lost',
    };
    const vendor = await startFakeVendor([
      page(
        [
          // A field the connector does not know is tolerated, as a client of a real vendor API must.
          wonDealEvent(5, { surcharge_minor: 100 }),
          lost,
          { ...wonDealEvent(7), type: 'deal.owner_changed', deal: { anything: true } },
        ],
        'DE-000000007',
        true,
      ),
    ]);
    const connector = createSandboxCrmConnector({
      system: 'sandbox-crm',
      baseUrl: vendor.url,
      apiKey: testApiKey,
    });
    try {
      const result = await connector.pull('DE-000000004', 500);
      assert.deepEqual(
        result.events.map((e) => e.id),
        ['DE-000000005'],
      );
      assert.equal(result.nextCursor, 'DE-000000007');
      assert.equal(result.hasMore, true);
      assert.deepEqual(vendor.requests, ['/crm/v2/deal-events?after=DE-000000004&limit=500']);
    } finally {
      await connector.close();
      await vendor.close();
    }
  });
});
