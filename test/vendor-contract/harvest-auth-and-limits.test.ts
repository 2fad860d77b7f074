// Harvest's auth and rate limit against the spec-driven mock: a wrong token or account id is a refusal
// an operator must fix (never retried); a 429 hands its Retry-After on; Harvest's 100 requests per 15 s
// are kept on our side before Harvest has to refuse.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CallBudget } from '../../src/connectors/kit/call-budget.ts';
import {
  SourceRequestRejectedError,
  SourceUnavailableError,
} from '../../src/connectors/kit/source-errors.ts';
import { startHarvestAccount } from './harvest/account.ts';
import type { HarvestMock } from './harvest/harvest-mock.ts';
import { skipUnlessSpecs } from './vendor-specs.ts';

const skip = skipUnlessSpecs('harvest');

describe('Harvest auth and rate limits', { skip }, () => {
  let account: Awaited<ReturnType<typeof startHarvestAccount>>;
  let mock: HarvestMock;
  before(async () => {
    account = await startHarvestAccount();
    mock = account.mock;
  });
  after(() => mock.close());

  it('a wrong token or account id is source.unauthorized, not retried', async () => {
    for (const overrides of [{ accessToken: 'pat-wrong' }, { accountId: '1' }]) {
      await assert.rejects(account.connector(overrides).pull(undefined, 10), (error: unknown) => {
        assert.ok(error instanceof SourceRequestRejectedError);
        assert.equal(error.reasonCode, 'source.unauthorized');
        return true;
      });
    }
  });

  it("a 429 is retryable after Harvest's Retry-After", async () => {
    mock.faults.push({
      status: 429,
      headers: { 'retry-after': '15' },
      body: { message: 'Too many requests' },
    });
    await assert.rejects(account.connector().pull(undefined, 10), (error: unknown) => {
      assert.ok(error instanceof SourceUnavailableError);
      assert.equal(error.reasonCode, 'source.rate_limited');
      assert.equal(error.retryAfterMs, 15_000);
      return true;
    });
  });

  it('past the 15-second quota it waits without calling Harvest', async () => {
    const connector = account.connector({ budget: new CallBudget([{ limit: 1, windowMs: 15_000 }]) });
    const first = await connector.pull(undefined, 10);
    const sent = mock.requests.length;
    await assert.rejects(connector.pull(first.nextCursor, 10), (error: unknown) => {
      assert.ok(error instanceof SourceUnavailableError);
      assert.equal(error.reasonCode, 'source.rate_limited');
      assert.ok((error.retryAfterMs ?? 0) > 0);
      return true;
    });
    assert.equal(mock.requests.length, sent, 'nothing was sent');
    assert.deepEqual(mock.violations, []);
  });
});
