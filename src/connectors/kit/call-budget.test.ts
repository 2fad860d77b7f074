import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CallBudget } from './call-budget.ts';

describe('a vendor call budget', () => {
  it('spends calls until a window is full, then says how long until the oldest leaves it', () => {
    let now = 1_000_000;
    const budget = new CallBudget(
      [
        { limit: 3, windowMs: 60_000 },
        { limit: 5, windowMs: 86_400_000 },
      ],
      () => now,
    );
    assert.deepEqual([budget.take(), budget.take(), budget.take()], [0, 0, 0]);
    now += 10_000;
    assert.equal(budget.take(), 50_000, 'the minute window frees in 50 s');
    now += 50_000;
    assert.deepEqual([budget.take(), budget.take()], [0, 0]);
    assert.equal(budget.take(), 86_400_000 - 60_000, 'the day window is full now');
  });
});
