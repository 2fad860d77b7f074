// The admin door: seeding refuses anything inconsistent without loading any of it, deals move by the
// stage rules and publish one event per move, the report counts exactly, reset forgets everything.
// The programmatic handle throws the same refusals.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSandboxCrm, SandboxCrmError, type SandboxCrm } from './server.ts';
import { requestJson, testApiKey, type ErrorBody } from './test-support/http.ts';
import { tinyPipeline } from './test-support/tiny-pipeline.ts';

interface FeedPage {
  data: {
    event_id: string;
    deal_id: string;
    from_stage: string | null;
    to_stage: string;
    deal: { stage: string };
  }[];
}

describe('admin', () => {
  let crm: SandboxCrm;

  before(async () => {
    crm = await startSandboxCrm({ apiKey: testApiKey });
  });
  after(() => crm.close());

  const call = (method: string, path: string, body?: unknown) =>
    requestJson(method, `${crm.url}${path}`, body);
  const refused = async (method: string, path: string, body: unknown, status: number, pattern?: RegExp) => {
    const response = await call(method, path, body);
    assert.equal(response.status, status, `${method} ${path} ${JSON.stringify(response.body)}`);
    const { error } = response.body as ErrorBody;
    if (pattern) assert.match(`${error.message} ${(error.details ?? []).join(' | ')}`, pattern);
  };

  test('seed loads the pipeline and publishes every stage change in time order', async () => {
    crm.reset();
    const seeded = await call('POST', '/admin/seed', tinyPipeline());
    assert.equal(seeded.status, 201);
    assert.deepEqual(seeded.body, { accounts: 4, deals: 7, events: 18, last_event_id: 'DE-000000018' });
    const feed = (await call('GET', '/crm/v2/deal-events?limit=1000')).body as FeedPage;
    assert.deepEqual(
      feed.data.slice(0, 8).map((e) => [e.deal_id, e.from_stage, e.to_stage]),
      [
        ['D-000001', null, 'qualification'],
        ['D-000002', null, 'qualification'],
        ['D-000003', null, 'qualification'],
        ['D-000004', null, 'qualification'],
        ['D-000005', null, 'qualification'],
        ['D-000006', null, 'qualification'],
        ['D-000007', null, 'qualification'],
        ['D-000001', 'qualification', 'proposal'],
      ],
    );
    assert.ok(
      feed.data.every((e) => e.deal.stage === e.to_stage),
      'each event snapshots the deal after it',
    );
    const deal = (await call('GET', '/crm/v2/deals/D-000002')).body as Record<string, unknown>;
    assert.deepEqual(
      [deal['stage'], deal['tax_code'], deal['billing_model'], deal['created_at'], deal['updated_at']],
      ['closed_won', null, null, '2026-04-02T09:00:00+00:00', '2026-05-06T09:00:00+00:00'],
    );
    const account = (await call('GET', '/crm/v2/accounts/GULF')).body as Record<string, unknown>;
    assert.deepEqual([account['name'], account['default_currency']], ['Gulf Holdings', null]);
    assert.equal((await call('GET', '/crm/v2/deals/D-999999')).status, 404);
  });

  test('the report counts deals by outcome and sums won values exactly per currency', () => {
    assert.deepEqual(crm.report(), {
      deals: { total: 7, closedWon: 4, closedLost: 1, open: 2 },
      closedWonValue: { EUR: '48250.75', GBP: '120000.00', JPY: '15000000', KWD: '12345.678' },
      events: 18,
      webhooks: { delivered: 0, duplicatesSent: 0, failed: 0 },
    });
  });

  test('seed refuses unreadable, ill-shaped and inconsistent pipelines without loading any of it', async () => {
    const { accounts, deals } = tinyPipeline();
    const [deal] = deals;
    assert.ok(deal);
    const fresh = (d: object) => ({ accounts: [], deals: [{ ...deal, id: 'D-000100', ...d }] });
    await refused('POST', '/admin/seed', '{"accounts": [', 400);
    await refused('POST', '/admin/seed', [], 400);
    await refused('POST', '/admin/seed', { accounts, deals, extra: 1 }, 400, /extra is not a known field/);
    await refused(
      'POST',
      '/admin/seed',
      fresh({ deal_value_minor: 100.5 }),
      400,
      /\/deals\/0\/deal_value_minor/,
    );
    await refused('POST', '/admin/seed', fresh({ stages: [] }), 400, /\/deals\/0\/stages/);
    await refused('POST', '/admin/seed', { accounts, deals: [] }, 409, /account ACME already exists/);
    await refused(
      'POST',
      '/admin/seed',
      { accounts: [], deals: [deal] },
      409,
      /deal D-000001 already exists/,
    );
    await refused('POST', '/admin/seed', fresh({ account_id: 'NOBODY' }), 422, /unknown account "NOBODY"/);
    await refused(
      'POST',
      '/admin/seed',
      fresh({ currency_code: 'XXY' }),
      422,
      /currency_code: unknown currency/,
    );
    await refused(
      'POST',
      '/admin/seed',
      fresh({
        stages: [
          { stage: 'closed_lost', at: '2026-04-01T09:00:00Z' },
          { stage: 'closed_won', at: '2026-04-02T09:00:00Z' },
        ],
      }),
      422,
      /\/stages\/1: the deal is closed_lost; a closed deal cannot change stage/,
    );
    await refused(
      'POST',
      '/admin/seed',
      fresh({
        stages: [
          { stage: 'qualification', at: '2026-04-02T09:00:00Z' },
          { stage: 'proposal', at: '2026-04-01T09:00:00Z' },
        ],
      }),
      422,
      /\/stages\/1\/at: earlier than the change before it/,
    );
    assert.throws(
      () => crm.seed({ accounts: [], deals: [{ ...deal, id: 'D-000100', account_id: 'NOBODY' }] }),
      SandboxCrmError,
    );
    assert.deepEqual(
      crm.report().deals,
      { total: 7, closedWon: 4, closedLost: 1, open: 2 },
      'nothing was loaded',
    );
    assert.equal(crm.report().events, 18);
  });

  test('moving a deal publishes one event; closing it sets its close date', async () => {
    const moved = await call('POST', '/admin/deals/D-000005/stage', {
      stage: 'negotiation',
      at: '2026-06-02T11:00:00+00:00',
    });
    assert.equal(moved.status, 200);
    const lost = crm.moveDeal('D-000005', { stage: 'closed_lost', at: '2026-06-09T16:30:00-04:00' });
    assert.deepEqual(
      [lost.stage, lost.close_date, lost.updated_at],
      ['closed_lost', '2026-06-09', '2026-06-09T16:30:00-04:00'],
    );
    const feed = (await call('GET', '/crm/v2/deal-events?after=DE-000000018')).body as FeedPage;
    assert.deepEqual(
      feed.data.map((e) => [e.event_id, e.deal_id, e.from_stage, e.to_stage]),
      [
        ['DE-000000019', 'D-000005', 'proposal', 'negotiation'],
        ['DE-000000020', 'D-000005', 'negotiation', 'closed_lost'],
      ],
    );
    assert.deepEqual(crm.report().deals, { total: 7, closedWon: 4, closedLost: 2, open: 1 });
  });

  test('moves against the stage rules are refused and publish nothing', async () => {
    await refused(
      'POST',
      '/admin/deals/D-000001/stage',
      { stage: 'negotiation' },
      409,
      /closed_won; a closed deal cannot change stage/,
    );
    await refused(
      'POST',
      '/admin/deals/D-000007/stage',
      { stage: 'negotiation' },
      409,
      /already in negotiation/,
    );
    await refused('POST', '/admin/deals/D-000404/stage', { stage: 'proposal' }, 404, /no deal D-000404/);
    await refused('POST', '/admin/deals/D-000007/stage', { stage: 'won' }, 400, /\/stage/);
    await refused('POST', '/admin/deals/D-000007/stage', { stage: 'closed_won', at: 'today' }, 400, /\/at/);
    assert.throws(() => crm.moveDeal('D-000004', { stage: 'proposal' }), SandboxCrmError);
    assert.equal(crm.report().events, 20);
  });

  test('the admin door needs the API key too', async () => {
    const response = await requestJson('POST', `${crm.url}/admin/reset`, {}, null);
    assert.equal(response.status, 401);
    assert.equal(crm.report().deals.total, 7);
    assert.equal((await call('GET', '/admin/nothing-here')).status, 404);
  });

  test('reset forgets accounts, deals, events, subscriptions and faults', async () => {
    crm.subscribeWebhook('http://127.0.0.1:9/hooks');
    crm.setFaults({ latencyMs: 10 });
    assert.deepEqual((await call('POST', '/admin/reset')).body, { reset: true });
    assert.deepEqual(crm.report(), {
      deals: { total: 0, closedWon: 0, closedLost: 0, open: 0 },
      closedWonValue: {},
      events: 0,
      webhooks: { delivered: 0, duplicatesSent: 0, failed: 0 },
    });
    assert.deepEqual(crm.faults(), {});
    assert.deepEqual((await call('GET', '/crm/v2/webhooks')).body, { data: [] });
    assert.deepEqual((await call('GET', '/crm/v2/deal-events')).body, {
      data: [],
      has_more: false,
      next_cursor: null,
    });
    assert.equal(
      crm.seed(tinyPipeline()).last_event_id,
      'DE-000000018',
      'the same pipeline seeds again from scratch',
    );
  });
});
