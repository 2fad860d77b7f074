// Pure functions at the edges: canonical JSON for fingerprints, Retry-After, and response parsing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, fingerprint } from './canonical-json.ts';
import { decimalEquals, extendedAmount } from './decimal-rules.ts';
import { parseBatchResults, requestFailure } from './parse-results.ts';
import { parseRetryAfter } from './retry-after.ts';
import type { PushResult } from '../kit/connector.ts';

function reason(result: PushResult): string {
  return result.outcome === 'ok' ? 'ok' : `${result.outcome} ${result.reasonCode}`;
}

describe('canonical JSON', () => {
  it('sorts keys at every level and keeps array order', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, 1], c: 'x' } }), '{"a":{"c":"x","d":[2,1]},"b":1}');
    assert.equal(fingerprint({ x: '1', y: '2' }), fingerprint({ y: '2', x: '1' }));
    assert.notEqual(fingerprint({ x: '1' }), fingerprint({ x: '1.0' }));
    assert.equal(canonicalJson(undefined), 'null');
    assert.equal(canonicalJson({ a: 1, '': 2 }), '{"":2,"a":1}');
    // JSON.parse makes "__proto__" an ordinary key; it must count in the fingerprint like any other.
    const poisoned: unknown = JSON.parse('{"b":1,"__proto__":{"x":1}}');
    assert.equal(canonicalJson(poisoned), '{"__proto__":{"x":1},"b":1}');
    assert.notEqual(fingerprint(poisoned), fingerprint({ b: 1 }));
  });
});

describe('ERP amount rules', () => {
  it('extends half-up to the minor unit and compares by value', () => {
    assert.equal(extendedAmount('7.5', '133.33', 'GBP'), '999.98');
    assert.equal(extendedAmount('0.25', '62.50', 'GBP'), '15.63');
    assert.equal(extendedAmount('1.5', '1001', 'JPY'), '1502');
    assert.equal(extendedAmount('2', '0.0005', 'KWD'), '0.001');
    assert.ok(decimalEquals('10.5', '10.50'));
    assert.ok(!decimalEquals('10.501', '10.50'));
  });
});

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP-dates', () => {
    const now = Date.parse('2026-03-02T10:00:00Z');
    assert.equal(parseRetryAfter('2', now), 2000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('Mon, 02 Mar 2026 10:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Mon, 02 Mar 2026 09:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });
});

describe('ERP response parsing', () => {
  it('maps per-operation statuses', () => {
    assert.deepEqual(
      parseBatchResults(
        {
          results: [
            { status: 201, id: 'BL-0000001' },
            { status: 200, id: 'BL-0000001' },
            { status: 422, error: { code: 'amount_mismatch', message: 'm' } },
            { status: 409, error: { code: 'project_code_exists', message: 'm' } },
            { status: 409, error: { code: 'idempotency_key_in_flight', message: 'm' } },
          ],
        },
        5,
      ),
      {
        ok: true,
        results: [
          { outcome: 'ok', externalId: 'BL-0000001', replayed: false },
          { outcome: 'ok', externalId: 'BL-0000001', replayed: true },
          { outcome: 'reject', reasonCode: 'erp.amount_mismatch', message: 'm' },
          { outcome: 'reject', reasonCode: 'erp.project_code_exists', message: 'm' },
          { outcome: 'retry', reasonCode: 'erp.idempotency_key_in_flight', message: 'm' },
        ],
      },
    );
  });

  it('answers erp.bad_response for anything unexpected', () => {
    for (const body of [
      undefined,
      'ok',
      { results: [] },
      { results: [{ status: 201 }] },
      { results: [{ status: 204, id: 'x' }] },
      { results: [{ status: 422, error: { code: 'Bad Code', message: 'm' } }] },
      { results: [{ status: 422 }] },
    ]) {
      const answer = parseBatchResults(body, 1);
      assert.ok(!answer.ok, JSON.stringify(body));
      assert.equal(reason(answer.failure), 'retry erp.bad_response');
    }
  });

  it('maps whole-request failures', () => {
    const now = Date.parse('2026-03-02T10:00:00Z');
    const response = (status: number, body?: unknown, retryAfter?: string) =>
      requestFailure({ kind: 'response', status, retryAfter, body }, now);
    assert.deepEqual(response(429, undefined, 'Mon, 02 Mar 2026 10:00:05 GMT'), {
      outcome: 'retry',
      reasonCode: 'erp.rate_limited',
      message: 'HTTP 429',
      retryAfterMs: 5000,
    });
    assert.equal(reason(response(502)), 'retry erp.unavailable');
    assert.equal(reason(response(408)), 'retry erp.timeout');
    assert.deepEqual(response(400, { error: { code: 'invalid_batch', message: 'no ops' } }), {
      outcome: 'reject',
      reasonCode: 'erp.invalid_batch',
      message: 'HTTP 400 invalid_batch: no ops',
    });
    assert.equal(reason(response(401)), 'reject erp.unauthorized');
    assert.equal(reason(response(403)), 'reject erp.forbidden');
    assert.equal(reason(response(404, '<html>')), 'reject erp.http_404');
    assert.equal(reason(response(302)), 'retry erp.bad_response');
    assert.deepEqual(requestFailure({ kind: 'timeout', message: 't' }), {
      outcome: 'retry',
      reasonCode: 'erp.timeout',
      message: 't',
    });
  });
});
