// The retry schedule with an injected random source, so every delay is a literal.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultRetryPolicy, isLastAttempt, retryDelayMs, type RetryPolicy } from './retry-policy.ts';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
const low = () => 0;
const mid = () => 0.5;
const high = () => 1;

describe('retryDelayMs', () => {
  it('doubles the window each attempt: half fixed, half jitter', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => retryDelayMs(policy, n, undefined, low)),
      [50, 100, 200, 400],
    );
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => retryDelayMs(policy, n, undefined, high)),
      [100, 200, 400, 800],
    );
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => retryDelayMs(policy, n, undefined, mid)),
      [75, 150, 300, 600],
    );
  });

  it('caps the window at maxDelayMs however many attempts were made', () => {
    assert.equal(retryDelayMs(policy, 5, undefined, high), 1_000);
    assert.equal(retryDelayMs(policy, 5, undefined, low), 500);
    assert.equal(retryDelayMs(policy, 60, undefined, high), 1_000);
    assert.equal(retryDelayMs(policy, 5_000, undefined, high), 1_000);
    assert.equal(retryDelayMs(policy, 5_000, undefined, low), 500);
  });

  it('treats zero attempts like the first', () => {
    assert.equal(retryDelayMs(policy, 0, undefined, high), 100);
    assert.equal(retryDelayMs(policy, 0, undefined, low), 50);
  });

  it('never retries sooner than Retry-After, even past the cap', () => {
    assert.equal(retryDelayMs(policy, 1, 5_000, high), 5_000);
    assert.equal(retryDelayMs(policy, 1, 70, low), 70);
    assert.equal(
      retryDelayMs(policy, 3, 120, high),
      400,
      'a shorter Retry-After does not shorten the backoff',
    );
    assert.equal(retryDelayMs(policy, 1, 0, low), 50);
  });

  it('is deterministic for a given random source and rounds to whole ms', () => {
    let state = 0;
    const seq = () => {
      state = (state + 0.37) % 1;
      return state;
    };
    const first = [1, 2, 3, 4, 5].map((n) => retryDelayMs(policy, n, undefined, seq));
    state = 0;
    const second = [1, 2, 3, 4, 5].map((n) => retryDelayMs(policy, n, undefined, seq));
    assert.deepEqual(first, second);
    // random 0.37, 0.74, 0.11, 0.48, 0.85 over windows 100, 200, 400, 800, 1000 (capped)
    assert.deepEqual(first, [69, 174, 222, 592, 925]);
    assert.equal(
      retryDelayMs(policy, 1, undefined, () => 0.333),
      67,
    );
  });

  it('stays within [window/2, window] with the default random source', () => {
    for (let i = 0; i < 200; i += 1) {
      const delay = retryDelayMs(policy, 3, undefined);
      assert.ok(delay >= 200 && delay <= 400, String(delay));
    }
  });

  it('uses 250 ms doubling to a 60 s cap over 8 attempts by default', () => {
    assert.deepEqual(defaultRetryPolicy, { maxAttempts: 8, baseDelayMs: 250, maxDelayMs: 60_000 });
    assert.equal(retryDelayMs(defaultRetryPolicy, 1, undefined, high), 250);
    assert.equal(retryDelayMs(defaultRetryPolicy, 8, undefined, high), 32_000);
    assert.equal(retryDelayMs(defaultRetryPolicy, 9, undefined, high), 60_000);
  });
});

describe('isLastAttempt', () => {
  it('is true once maxAttempts attempts have been made', () => {
    assert.deepEqual(
      [0, 1, 4, 5, 6].map((n) => isLastAttempt(policy, n)),
      [false, false, false, true, true],
    );
    assert.equal(isLastAttempt(defaultRetryPolicy, 7), false);
    assert.equal(isLastAttempt(defaultRetryPolicy, 8), true);
  });
});
