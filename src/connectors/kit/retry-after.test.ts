// Retry-After parsing, which every connector's failure classification relies on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryAfterMs } from './retry-after.ts';

test('Retry-After is read as seconds or as an HTTP date', () => {
  const now = Date.parse('2026-07-01T09:00:00Z');
  assert.equal(retryAfterMs('1', now), 1000);
  assert.equal(retryAfterMs(' 120 ', now), 120_000);
  assert.equal(retryAfterMs('Wed, 01 Jul 2026 09:00:30 GMT', now), 30_000);
  assert.equal(retryAfterMs('Wed, 01 Jul 2026 08:00:00 GMT', now), 0);
  assert.equal(retryAfterMs('soon', now), undefined);
  assert.equal(retryAfterMs(undefined, now), undefined);
});
