import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseLatency } from './latency.ts';

describe('parseLatency', () => {
  it('reads each unit into milliseconds', () => {
    assert.equal(parseLatency('250ms'), 250);
    assert.equal(parseLatency('30s'), 30_000);
    assert.equal(parseLatency('5m'), 300_000);
    assert.equal(parseLatency('1h'), 3_600_000);
    assert.equal(parseLatency('2d'), 172_800_000);
  });

  it('refuses zero, words, decimals, signs and a missing unit', () => {
    for (const text of ['0s', '5 minutes', '1.5h', '-5m', '300', 'm', '', '5M'])
      assert.equal(parseLatency(text), undefined, text);
  });
});
