// How Tryton's answers map to retry or reject, without a server.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rpcErrorFailure, transportFailure } from './rpc-failure.ts';

const response = (status: number, headers: Record<string, string> = {}) => ({
  kind: 'response' as const,
  status,
  header: (name: string) => headers[name],
  body: undefined,
});

describe('Tryton failures', () => {
  test("business errors are not retryable and keep Tryton's message and description", () => {
    const domain = rpcErrorFailure('model.timesheet.line.create', [
      'UserError',
      ['The value for field "Employee" in "Timesheet Line" is not valid according to its domain.', '', null],
    ]);
    assert.deepEqual(domain, {
      retryable: false,
      reasonCode: 'tryton.domain_invalid',
      message: 'The value for field "Employee" in "Timesheet Line" is not valid according to its domain.',
    });
    const user = rpcErrorFailure('m', [
      'UserError',
      ['You cannot modify line "x".', 'It is invoiced.', null],
    ]);
    assert.deepEqual(
      [user.reasonCode, user.message],
      ['tryton.user_error', 'You cannot modify line "x". It is invoiced.'],
    );
    assert.equal(
      rpcErrorFailure('m', ['UserWarning', ['w1', 'Are you sure?', '']]).reasonCode,
      'tryton.user_warning',
    );
  });

  test('concurrency, a locked database, 429, 5xx, timeouts and refused connections are retryable', () => {
    assert.equal(
      rpcErrorFailure('m', ['ConcurrencyException', 'Records were modified']).reasonCode,
      'tryton.concurrency',
    );
    assert.equal(rpcErrorFailure('m', ['database is locked', 'Traceback ...']).retryable, true);
    assert.deepEqual(transportFailure('m', response(429, { 'retry-after': '3' })), {
      retryable: true,
      reasonCode: 'tryton.rate_limited',
      message: 'm: HTTP 429',
      retryAfterMs: 3000,
    });
    assert.equal(transportFailure('m', response(503)).retryable, true);
    assert.equal(transportFailure('m', { kind: 'timeout', message: 'slow' }).reasonCode, 'tryton.timeout');
    assert.equal(
      transportFailure('m', { kind: 'network', message: 'ECONNREFUSED' }).reasonCode,
      'tryton.unreachable',
    );
  });

  test("a refused login is not retryable; a Python exception (Tryton's 500) is", () => {
    assert.deepEqual(
      [transportFailure('m', response(401)).reasonCode, transportFailure('m', response(403)).retryable],
      ['tryton.unauthorized', false],
    );
    const bug = rpcErrorFailure('m', ["'NoneType' object has no attribute 'id'", 'Traceback ...']);
    assert.deepEqual([bug.reasonCode, bug.retryable], ['tryton.server_error', true]);
    const silent = rpcErrorFailure('model.x.create', [
      '',
      'Traceback (most recent call last):\n  ...\nAssertionError\n',
    ]);
    assert.equal(silent.message, 'model.x.create: AssertionError');
    const missing = rpcErrorFailure('common.db.login', [
      "Database '/var/lib/tryton/x.sqlite' doesn't exist!",
      '',
    ]);
    assert.deepEqual([missing.reasonCode, missing.retryable], ['tryton.database_missing', false]);
  });

  test("Tryton's refusals to write in a closed period are period_closed", () => {
    for (const message of [
      'You cannot add/modify/delete lines on closed journal-period "Revenue - 2026-10".',
      'You cannot add/modify/delete tax lines in closed period "2026-10".',
      'You cannot create a journal-period in closed period "2026-10".',
      'The period of move "12" is closed.\nUse the current period to cancel the move?',
    ])
      assert.equal(
        rpcErrorFailure('m', ['UserError', [message, '', null]]).reasonCode,
        'period_closed',
        message,
      );
    // A closed fiscal year is not a closed period.
    assert.equal(
      rpcErrorFailure('m', [
        'UserError',
        ['You cannot create a period in fiscal year "2025" because it is closed.', '', null],
      ]).reasonCode,
      'tryton.user_error',
    );
  });
});
