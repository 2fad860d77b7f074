// Xero's OAuth 2 and rate limits, against a real local token endpoint and the spec-driven API mock:
// an expiring token is refreshed and the rotated refresh token kept durably (a restarted connector goes
// on with it; the retired one is refused); a revoked token is refreshed once; a 429 hands its Retry-After
// to the pipeline; the per-tenant quota is kept on our side before Xero has to refuse.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CallBudget } from '../../src/connectors/kit/call-budget.ts';
import { provision } from './xero/commands.ts';
import { startXeroOrg, type XeroOrg } from './xero/harness.ts';
import { skipUnlessSpecs } from './vendor-specs.ts';

const skip = skipUnlessSpecs('xero-accounting');

describe('Xero OAuth 2 refresh and rate limits', { skip }, () => {
  let o: XeroOrg;
  before(async () => {
    o = await startXeroOrg();
  });
  after(() => o.close());

  it('refreshes an expiring token, keeps the rotated refresh token in its file, and a restart goes on with it', async () => {
    const first = o.identity.refreshToken;
    // Tokens that expire within the refresh margin: every call refreshes first.
    o.identity.expiresInS = 30;
    const connector = o.connector();
    const [a] = await connector.push([provision('OA-1')]);
    assert.equal(a?.outcome, 'ok', JSON.stringify(a));
    const [b] = await connector.push([provision('OA-2', 'INITECH')]);
    assert.equal(b?.outcome, 'ok', JSON.stringify(b));
    assert.ok(connector.stats.refreshes >= 2, `refreshes: ${connector.stats.refreshes}`);
    const kept = readFileSync(o.tokenFile, 'utf8').trim();
    assert.equal(kept, o.identity.refreshToken, 'the file holds the current refresh token');
    assert.notEqual(kept, first, 'the first one was rotated away');

    o.identity.expiresInS = 1800;
    // A restart: the configured (first) refresh token is retired, the file's one is used.
    const restarted = o.connector();
    const [c] = await restarted.push([provision('OA-1')]);
    assert.deepEqual(c, a && a.outcome === 'ok' ? { ...a, replayed: true } : undefined);
  });

  it('refuses with xero.unauthorized when the refresh token is retired and no file holds a newer one', async () => {
    rmSync(o.tokenFile);
    const stale = o.connector({
      oauth: {
        tokenUrl: o.identity.url,
        clientId: o.identity.clientId,
        clientSecret: o.identity.clientSecret,
        refreshTokenFile: o.tokenFile,
        initialRefreshToken: 'rt-retired',
      },
    });
    const [result] = await stale.push([provision('OA-3', 'UMBRELLA')]);
    assert.equal(result?.outcome, 'reject');
    assert.equal(result?.outcome === 'reject' ? result.reasonCode : '', 'xero.unauthorized');
  });

  it('refreshes once when Xero refuses a revoked access token, and carries on', async () => {
    const connector = o.connector({
      oauth: {
        tokenUrl: o.identity.url,
        clientId: o.identity.clientId,
        clientSecret: o.identity.clientSecret,
        refreshTokenFile: o.tokenFile,
        initialRefreshToken: o.identity.refreshToken,
      },
    });
    assert.equal((await connector.push([provision('OA-1')]))[0]?.outcome, 'ok');
    const before = connector.stats.refreshes;
    o.identity.accessTokens.clear();
    const [again] = await connector.push([provision('OA-1')]);
    assert.equal(again?.outcome, 'ok', JSON.stringify(again));
    assert.equal(connector.stats.refreshes, before + 1);
  });

  it("answers retry with Xero's Retry-After on a 429, and holds back the commands after it", async () => {
    const connector = o.connector();
    o.mock.faults.push({
      status: 429,
      headers: { 'retry-after': '7', 'x-rate-limit-problem': 'minute' },
      body: { Title: 'Too Many Requests' },
    });
    const results = await connector.push([provision('OA-4', 'HOOLI'), provision('OA-5', 'VANDELAY')]);
    assert.deepEqual(
      results.map((r) => (r.outcome === 'retry' ? [r.reasonCode, r.retryAfterMs] : r.outcome)),
      [
        ['xero.rate_limited', 7000],
        ['xero.rate_limited', 7000],
      ],
    );
  });

  it('keeps the per-tenant quota itself: past it, it answers retry without calling Xero', async () => {
    const connector = o.connector({ budget: new CallBudget([{ limit: 2, windowMs: 60_000 }]) });
    const sent = o.mock.requests.length;
    // provisionProject is a lookup and, the first time, a create: two calls.
    assert.equal((await connector.push([provision('OA-6', 'STARK')]))[0]?.outcome, 'ok');
    const [held] = await connector.push([provision('OA-7', 'WAYNE')]);
    assert.equal(held?.outcome, 'retry');
    assert.equal(held?.outcome === 'retry' ? held.reasonCode : '', 'xero.rate_limited');
    assert.ok(held?.outcome === 'retry' && (held.retryAfterMs ?? 0) > 0);
    assert.equal(o.mock.requests.length, sent + 2, 'the third call never left');
    assert.deepEqual(o.mock.violations, []);
  });
});
