// The deal event feed as a keyset-paged, resumable cursor, read raw and through the connector.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pullFeed } from '../sandbox-kit/test-support/pull-feed.ts';
import {
  createSandboxCrmConnector,
  SourceRequestRejectedError,
  type SandboxCrmConnector,
} from './connector.ts';
import { generateCrmPipeline } from './generate-pipeline.ts';
import { startSandboxCrm, type SandboxCrm } from './server.ts';
import { requestJson, testApiKey, type ErrorBody } from './test-support/http.ts';

interface Page {
  data: { event_id: string; deal_id: string; to_stage: string }[];
  has_more: boolean;
  next_cursor: string | null;
}

const customers = [
  { id: 'C-101', name: 'Acme Logistics', legalEntityId: 'LL-UK', currency: 'GBP' },
  { id: 'C-102', name: 'Globex Energy', legalEntityId: 'LL-DE', currency: 'EUR' },
  { id: 'C-103', name: 'Nakamura KK', legalEntityId: 'LL-JP', currency: 'JPY' },
];

describe('deal event feed', () => {
  let crm: SandboxCrm;
  let connector: SandboxCrmConnector;
  let total: number;
  let wonDeals: string[];

  before(async () => {
    crm = await startSandboxCrm({ apiKey: testApiKey });
    const pipeline = generateCrmPipeline({ seed: 5, customers, opportunities: 120, closedWonShare: 0.3 });
    total = crm.seed(pipeline).events;
    wonDeals = pipeline.deals.filter((d) => d.stages.at(-1)?.stage === 'closed_won').map((d) => d.id);
    connector = createSandboxCrmConnector({ system: 'sandbox-crm', baseUrl: crm.url, apiKey: testApiKey });
  });
  after(async () => {
    await connector.close();
    await crm.close();
  });

  test('pages follow next_cursor with no gaps or repeats, one event per stage change', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (;;) {
      const query: string = cursor === null ? 'limit=17' : `after=${cursor}&limit=17`;
      const { status, body } = await requestJson('GET', `${crm.url}/crm/v2/deal-events?${query}`);
      assert.equal(status, 200);
      const page = body as Page;
      ids.push(...page.data.map((e) => e.event_id));
      assert.equal(page.next_cursor, page.data.at(-1)?.event_id);
      cursor = page.next_cursor;
      pages += 1;
      if (!page.has_more) break;
    }
    assert.equal(pages, Math.ceil(total / 17));
    assert.deepEqual(
      ids,
      Array.from({ length: total }, (_, i) => `DE-${String(i + 1).padStart(9, '0')}`),
    );
    const tail = (await requestJson('GET', `${crm.url}/crm/v2/deal-events?after=${cursor}`)).body as Page;
    assert.deepEqual(tail, { data: [], has_more: false, next_cursor: cursor });
    const beyond = (await requestJson('GET', `${crm.url}/crm/v2/deal-events?after=DE-999999999`))
      .body as Page;
    assert.deepEqual(beyond, { data: [], has_more: false, next_cursor: 'DE-999999999' });
  });

  test('defaults to 100 per page, caps the limit at 1000 and refuses a bad cursor', async () => {
    const page = (await requestJson('GET', `${crm.url}/crm/v2/deal-events`)).body as Page;
    assert.equal(page.data.length, 100);
    assert.equal(page.next_cursor, 'DE-000000100');
    assert.equal(page.has_more, true);
    for (const query of [
      'limit=1001',
      'limit=0',
      'limit=2.5',
      'limit=x',
      'after=42',
      'after=DE-1',
      'after=DE-000000001&after=DE-000000002',
    ]) {
      const response = await requestJson('GET', `${crm.url}/crm/v2/deal-events?${query}`);
      assert.equal(response.status, 400, query);
      assert.equal((response.body as ErrorBody).error.code, 'invalid_request', query);
    }
  });

  test('every request needs the API key', async () => {
    for (const key of [null, 'wrong-key', testApiKey.slice(1)]) {
      const response = await requestJson('GET', `${crm.url}/crm/v2/deal-events`, undefined, key);
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="sandbox-crm"');
      assert.equal((response.body as ErrorBody).error.code, 'unauthorized');
    }
    const stranger = createSandboxCrmConnector({
      system: 'sandbox-crm',
      baseUrl: crm.url,
      apiKey: 'wrong-key',
    });
    try {
      await assert.rejects(stranger.pull(undefined, 10), (e: unknown) => {
        assert.ok(e instanceof SourceRequestRejectedError);
        assert.equal(e.retryable, false);
        assert.equal(e.reasonCode, 'source.unauthorized');
        assert.equal(e.status, 401);
        return true;
      });
    } finally {
      await stranger.close();
    }
  });

  test('the connector yields each won deal once, whatever the page size, and its cursor resumes', async () => {
    const all = await pullFeed(connector, undefined, 1000);
    assert.equal(all.pages, 1);
    assert.equal(all.cursor, `DE-${String(total).padStart(9, '0')}`);
    assert.deepEqual(
      all.events.map((e) => e.subject).sort(),
      wonDeals.map((id) => `opportunity:sandbox-crm:${id}`).sort(),
    );
    assert.ok(all.events.every((e) => e.type === 'io.ledgerline.opportunity.closed-won.v1'));

    const paged = await pullFeed(connector, undefined, 7);
    assert.equal(paged.pages, Math.ceil(total / 7));
    assert.deepEqual(paged.events, all.events);

    // Stop half way, as after a crash, and resume from the saved cursor.
    const first = await connector.pull(undefined, Math.floor(total / 2));
    assert.ok(first.hasMore && first.nextCursor !== undefined);
    const rest = await pullFeed(connector, first.nextCursor, 50);
    assert.deepEqual([...first.events, ...rest.events], all.events);
  });

  test('a re-pulled page yields the same event ids, and nothing new is an empty page without a cursor', async () => {
    const once = await connector.pull('DE-000000040', 30);
    const again = await connector.pull('DE-000000040', 30);
    assert.deepEqual(again, once);
    assert.equal(once.nextCursor, 'DE-000000070');

    const end = `DE-${String(total).padStart(9, '0')}`;
    assert.deepEqual(await connector.pull(end, 50), { events: [], nextCursor: undefined, hasMore: false });
    await assert.rejects(connector.pull('not-a-cursor', 10), RangeError);
    await assert.rejects(connector.pull(undefined, 0), RangeError);
  });

  test('a deal won after the last pull arrives from the saved cursor', async () => {
    const end = `DE-${String(total).padStart(9, '0')}`;
    const open = generateCrmPipeline({
      seed: 5,
      customers,
      opportunities: 120,
      closedWonShare: 0.3,
    }).deals.find((d) => d.stages.at(-1)?.stage === 'negotiation');
    assert.ok(open, 'the pipeline has a deal in negotiation');
    crm.moveDeal(open.id, { stage: 'closed_won', at: '2026-07-01T12:00:00+00:00' });
    const page = await connector.pull(end, 50);
    assert.equal(page.events.length, 1);
    assert.equal(page.events[0]?.subject, `opportunity:sandbox-crm:${open.id}`);
    assert.equal(page.events[0]?.time, '2026-07-01T12:00:00+00:00');
    assert.equal(page.nextCursor, `DE-${String(total + 1).padStart(9, '0')}`);
    total += 1;
  });
});
