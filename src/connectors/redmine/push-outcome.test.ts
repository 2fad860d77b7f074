// How Redmine's answers become push results, no server: retry what retrying fixes, refuse the rest with
// a redmine.* code and Redmine's own messages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonHttpOutcome } from '../kit/json-http.ts';
import { SourceUnavailableError } from '../kit/source-errors.ts';
import { RedmineSetupError } from './client/errors.ts';
import { identifierOf } from './client/create-project.ts';
import { failureOf, failureOfError } from './client/push-outcome.ts';
import { nativeTimeEntryIds, paymentStatusOf } from './client/write-back.ts';

const response = (status: number, body?: unknown, headers: Record<string, string> = {}): JsonHttpOutcome => ({
  kind: 'response',
  status,
  body,
  header: (name) => headers[name],
});

describe('failureOf', () => {
  it('passes 2xx', () => {
    assert.equal(failureOf(response(204), 'PUT /x'), undefined);
    assert.equal(failureOf(response(200, {}), 'GET /x'), undefined);
  });

  it("refuses with Redmine's own validation messages", () => {
    assert.deepEqual(
      failureOf(response(422, { errors: ['Hours is invalid', 'Activity cannot be blank'] }), 'PUT /t/1.json'),
      {
        outcome: 'reject',
        reasonCode: 'redmine.validation',
        message: 'PUT /t/1.json: Hours is invalid; Activity cannot be blank',
      },
    );
  });

  it('names not found and unauthorized', () => {
    assert.equal(failureOf(response(404), 'PUT /t/1.json')?.reasonCode, 'redmine.not_found');
    assert.equal(failureOf(response(401), 'PUT /t/1.json')?.reasonCode, 'redmine.unauthorized');
    assert.equal(failureOf(response(403), 'PUT /t/1.json')?.reasonCode, 'redmine.unauthorized');
    assert.equal(failureOf(response(400), 'PUT /t/1.json')?.reasonCode, 'redmine.request_rejected');
  });

  it('retries 429, 5xx, timeouts and network failures, honouring Retry-After', () => {
    assert.deepEqual(failureOf(response(429, undefined, { 'retry-after': '3' }), 'GET /x'), {
      outcome: 'retry',
      reasonCode: 'redmine.rate_limited',
      message: 'GET /x: HTTP 429',
      retryAfterMs: 3000,
    });
    assert.equal(failureOf(response(503), 'GET /x')?.reasonCode, 'redmine.unavailable');
    assert.equal(failureOf(response(502), 'GET /x')?.outcome, 'retry');
    assert.equal(failureOf({ kind: 'timeout', message: 'slow' }, 'GET /x')?.reasonCode, 'redmine.timeout');
    assert.equal(
      failureOf({ kind: 'network', message: 'ECONNREFUSED' }, 'GET /x')?.reasonCode,
      'redmine.unreachable',
    );
  });
});

describe('failureOfError', () => {
  it('turns read errors into results and rethrows bugs', () => {
    const down = new SourceUnavailableError('source.unavailable', 'GET /x: HTTP 503', 2000, 503);
    assert.deepEqual(failureOfError(down), {
      outcome: 'retry',
      reasonCode: 'redmine.unavailable',
      message: 'GET /x: HTTP 503',
      retryAfterMs: 2000,
    });
    assert.equal(
      failureOfError(new RedmineSetupError('no field')).reasonCode,
      'redmine.custom_field_missing',
    );
    assert.throws(() => failureOfError(new TypeError('bug')), TypeError);
  });
});

describe('write-back values', () => {
  it("keeps this system's time entries only, once each", () => {
    assert.deepEqual(
      nativeTimeEntryIds('rm', [
        'time:rm:12',
        'time:other:3',
        'time:rm:7',
        'time:rm:12',
        'time:rm:x1',
        'project:rm:1',
      ]),
      [7, 12],
    );
  });

  it('derives the payment status from the invoice status', () => {
    assert.equal(paymentStatusOf('paid'), 'paid');
    assert.equal(paymentStatusOf('part-paid'), 'part-paid');
    assert.equal(paymentStatusOf('issued'), 'unpaid');
    assert.equal(paymentStatusOf('void'), 'unpaid');
  });
});

describe('identifierOf', () => {
  it('turns a project code into a Redmine identifier, or refuses one Redmine would', () => {
    assert.equal(identifierOf('ACME-2026/01'), 'acme-2026-01');
    assert.equal(identifierOf('  Big Deal_1 '), 'big-deal_1');
    assert.equal(identifierOf('2026'), undefined);
    assert.equal(identifierOf('///'), undefined);
    assert.equal(identifierOf('x'.repeat(150))?.length, 100);
  });
});
