// The activity feed as a resumable cursor, read raw and through the connector, and the pull faults.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSandboxPsaConnector, SourceUnavailableError, type SandboxPsaConnector } from './connector.ts';
import { generateFirm } from './generate-firm.ts';
import { startSandboxPsa, type SandboxPsa } from './server.ts';
import { requestJson, testSecret } from './test-support/http.ts';

interface Page {
  activities: { id: string; seq: number }[];
  next_after: number;
  has_more: boolean;
}

describe('activity feed', () => {
  let psa: SandboxPsa;
  let connector: SandboxPsaConnector;
  let total: number;

  before(async () => {
    psa = await startSandboxPsa({ webhookSecret: testSecret });
    total = psa.seed(generateFirm({ seed: 7, projects: 12, consultants: 15, entries: 600 })).activities;
    connector = createSandboxPsaConnector({
      system: 'sandbox-psa',
      baseUrl: psa.url,
      webhookSecret: testSecret,
    });
  });
  after(async () => {
    await connector.close();
    await psa.close();
  });

  test('pages resume from next_after with no gaps or duplicates', async () => {
    const seqs: number[] = [];
    let cursor = 0;
    let pages = 0;
    for (;;) {
      const { body, status } = await requestJson(
        'GET',
        `${psa.url}/api/v2/activities?after=${cursor}&limit=97`,
      );
      assert.equal(status, 200);
      const page = body as Page;
      seqs.push(...page.activities.map((a) => a.seq));
      cursor = page.next_after;
      pages += 1;
      if (!page.has_more) break;
    }
    assert.equal(pages, Math.ceil(total / 97));
    assert.deepEqual(
      seqs,
      Array.from({ length: total }, (_, i) => i + 1),
    );
    const tail = (await requestJson('GET', `${psa.url}/api/v2/activities?after=${cursor}`)).body as Page;
    assert.deepEqual(tail, { activities: [], next_after: total, has_more: false });
  });

  test('defaults to 100 per page and caps the limit at 1000', async () => {
    const page = (await requestJson('GET', `${psa.url}/api/v2/activities`)).body as Page;
    assert.equal(page.activities.length, 100);
    assert.equal(page.next_after, 100);
    assert.equal(page.has_more, true);
    for (const query of ['limit=1001', 'limit=0', 'after=-1', 'after=abc', 'limit=2.5', 'after=1&after=2']) {
      const response = await requestJson('GET', `${psa.url}/api/v2/activities?${query}`);
      assert.equal(response.status, 400, query);
      assert.equal((response.body as { error: { code: string } }).error.code, 'invalid_request');
    }
  });

  test('the connector pulls every activity once, resuming from its opaque cursor', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await connector.pull(cursor, 250);
      ids.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor ?? cursor;
      if (!page.hasMore) break;
    }
    assert.equal(ids.length, total);
    assert.equal(new Set(ids).size, total);
    assert.equal(ids[0], 'act_1');
    assert.equal(cursor, String(total));
    const nothingNew = await connector.pull(cursor, 250);
    assert.deepEqual(nothingNew, { events: [], nextCursor: undefined, hasMore: false });
    await assert.rejects(connector.pull('not-a-cursor', 10), RangeError);
  });

  test('failPulls answers 503 with Retry-After, then recovers', async () => {
    psa.setFaults({ failPulls: 2 });
    const failed = await requestJson('GET', `${psa.url}/api/v2/activities?after=0&limit=5`);
    assert.equal(failed.status, 503);
    assert.equal(failed.headers.get('retry-after'), '1');
    assert.equal((failed.body as { error: { code: string } }).error.code, 'unavailable');

    const error = await connector.pull(undefined, 5).then(
      () => assert.fail('the second pull should have failed'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SourceUnavailableError);
    assert.equal(error.retryable, true);
    assert.equal(error.reasonCode, 'source.unavailable');
    assert.equal(error.status, 503);
    assert.equal(error.retryAfterMs, 1000);

    const recovered = await connector.pull(undefined, 5);
    assert.equal(recovered.events.length, 5);
  });

  test('latencyMs slows API responses', async () => {
    psa.setFaults({ latencyMs: 150 });
    const started = performance.now();
    await connector.pull(undefined, 1);
    assert.ok(performance.now() - started >= 140);
    psa.setFaults({ latencyMs: 0 });
  });

  test('an unreachable PSA is a retryable error', async () => {
    const gone = await startSandboxPsa({ webhookSecret: testSecret });
    const url = gone.url;
    await gone.close();
    const orphan = createSandboxPsaConnector({
      system: 'sandbox-psa',
      baseUrl: url,
      webhookSecret: testSecret,
    });
    await assert.rejects(orphan.pull(undefined, 10), (e: unknown) => {
      assert.ok(e instanceof SourceUnavailableError);
      assert.equal(e.reasonCode, 'source.unreachable');
      return true;
    });
    await orphan.close();
  });
});
