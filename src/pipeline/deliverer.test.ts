// How one outbox row's result is folded from the results of the commands it carries.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PostCost, PostBillableLine } from '../connectors/kit/commands.ts';
import type { PushResult } from '../connectors/kit/connector.ts';
import type { StoredDelivery } from '../store/port.ts';
import { toDeliveryResult } from './deliverer.ts';
import type { RetryPolicy } from './retry-policy.ts';

const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 1_000 };
const base = {
  timeEntryId: 'time:psa:T-1',
  projectId: 'project:psa:P-1',
  projectExternalId: 'PRJ-1',
  resourceId: 'resource:psa:U-1',
  workDate: '2026-03-02',
  hours: '7.5',
};
const line: PostBillableLine = {
  kind: 'postBillableLine',
  idempotencyKey: 'time:psa:T-1/billable-line',
  ...base,
  rate: { amount: '100.00', currency: 'GBP' },
  amount: { amount: '750.00', currency: 'GBP' },
  description: '',
};
const cost: PostCost = {
  kind: 'postCost',
  idempotencyKey: 'time:psa:T-1/cost',
  ...base,
  costRate: { amount: '50.00', currency: 'GBP' },
  amount: { amount: '375.00', currency: 'GBP' },
};
const commands = [line, cost];

function row(attempts: number): StoredDelivery {
  return {
    seq: 9,
    eventSeq: 4,
    target: 'erp',
    kind: 'postTimeEntry',
    queue: 'transactional',
    orderingKey: base.projectId,
    idempotencyKey: 'time:psa:T-1/postings',
    payload: JSON.stringify(commands),
    state: 'pending',
    attempts,
    runAt: 0,
    lastError: null,
    reasonCode: null,
    externalRefs: [],
    deliveredAt: null,
  };
}

const ok = (externalId: string, replayed = false): PushResult => ({ outcome: 'ok', externalId, replayed });
const retry = (retryAfterMs?: number): PushResult => ({
  outcome: 'retry',
  reasonCode: 'target.rate_limited',
  message: 'slow down',
  ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
});
const reject: PushResult = { outcome: 'reject', reasonCode: 'target.invalid', message: 'no such tax code' };

describe('toDeliveryResult', () => {
  it('is delivered when every command is, with each command key and the id the target gave it', () => {
    assert.deepEqual(toDeliveryResult(row(0), commands, [ok('BL-1'), ok('CP-1', true)], 5_000, policy), {
      seq: 9,
      outcome: 'ok',
      externalRefs: [
        { key: line.idempotencyKey, externalId: 'BL-1' },
        { key: cost.idempotencyKey, externalId: 'CP-1' },
      ],
      replayed: false,
    });
  });

  it('is dead at once when the target refuses one command, naming that command', () => {
    assert.deepEqual(toDeliveryResult(row(0), commands, [ok('BL-1'), reject], 5_000, policy), {
      seq: 9,
      outcome: 'dead',
      reasonCode: 'target.invalid',
      message: 'time:psa:T-1/cost: no such tax code',
    });
  });

  it('retries the row when one command must wait, no sooner than the longest Retry-After', () => {
    const result = toDeliveryResult(row(0), commands, [retry(2_500), retry(7_000)], 5_000, policy);
    assert.equal(result.outcome, 'retry');
    if (result.outcome !== 'retry') return;
    assert.equal(result.runAt, 12_000);
    assert.equal(result.reasonCode, 'target.rate_limited');
    assert.match(result.message, /^time:psa:T-1\/billable-line: slow down$/);
  });

  it('retries when a command has no result, and gives up after the last attempt', () => {
    const first = toDeliveryResult(row(0), commands, [ok('BL-1')], 5_000, policy);
    assert.equal(first.outcome, 'retry');
    assert.equal(first.outcome === 'retry' ? first.reasonCode : '', 'connector.no_result');
    const last = toDeliveryResult(row(2), commands, [ok('BL-1'), retry()], 5_000, policy);
    assert.deepEqual(last, {
      seq: 9,
      outcome: 'dead',
      reasonCode: 'target.rate_limited',
      message: 'gave up after 3 attempts: time:psa:T-1/cost: slow down',
    });
  });
});
