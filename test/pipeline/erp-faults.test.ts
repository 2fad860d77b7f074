// The ERP misbehaves: rate limits, outages, lost responses, and a non-retryable refusal. Every approved
// entry still ends up posted exactly once.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from '../support/harness.ts';
import { readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import { waitFor } from '../support/wait.ts';
import { eventViews } from '../support/event-view.ts';

describe('delivery under ERP faults', () => {
  const h = useHarness({ delivery: { maxAttempts: 6, baseDelayMs: 10, maxDelayMs: 200 } });
  before(async () => {
    await h.postEvents([readyProject('project:test-psa:F-1'), resourceUpdated('resource:test-psa:U-1')]);
    await waitFor('project provisioned', () => h.erp.report().projects === 1);
  });

  const { settled } = eventViews(() => h);

  it('honours 429 Retry-After, then posts once', async () => {
    h.erp.setFaults({ rateLimit: { every: 1, retryAfterSeconds: 1 } });
    const time = timeApproved('time:test-psa:F-101', 'project:test-psa:F-1', 'resource:test-psa:U-1');
    const sentAt = Date.now();
    await h.postEvents(time);
    await waitFor('a rate-limited attempt', () => h.erp.report().faultsInjected.rateLimited >= 1);
    h.erp.setFaults({});
    const done = await settled(time.id, 'completed');
    assert.ok(Date.now() - sentAt >= 1000, 'the retry waited for Retry-After (1 s)');
    assert.ok(done.lineage.deliveries.every((d) => d.attempts >= 2));
    const report = h.erp.report();
    assert.equal(report.duplicateSourceRefs, 0);
    assert.equal(report.billingLines.count, 1);
  });

  it('retries through 5xx responses and posts once', async () => {
    h.erp.setFaults({ serverErrors: { next: 3, status: 503 } });
    const time = timeApproved('time:test-psa:F-102', 'project:test-psa:F-1', 'resource:test-psa:U-1');
    await h.postEvents(time);
    await settled(time.id, 'completed');
    const report = h.erp.report();
    assert.ok(report.faultsInjected.serverErrors >= 3);
    assert.equal(report.billingLines.count, 2);
    assert.equal(report.duplicateSourceRefs, 0);
  });

  it('survives a lost response (applied, then 502): the resend is answered from the idempotency key', async () => {
    h.erp.setFaults({ failAfterApply: { next: 1 } });
    const time = timeApproved('time:test-psa:F-103', 'project:test-psa:F-1', 'resource:test-psa:U-1');
    const replaysBefore = h.erp.report().replays;
    await h.postEvents(time);
    await settled(time.id, 'completed');
    const report = h.erp.report();
    assert.ok(report.replays > replaysBefore, 'the second push was a replay');
    assert.equal(report.billingLines.count, 3);
    assert.equal(report.duplicateSourceRefs, 0);
  });

  it('dead-letters after the last attempt with the reason, and a retry after recovery posts once', async () => {
    h.erp.setFaults({ serverErrors: { next: 1000, status: 503 } });
    const time = timeApproved('time:test-psa:F-104', 'project:test-psa:F-1', 'resource:test-psa:U-1');
    await h.postEvents(time);
    const dead = await settled(time.id, 'dead');
    assert.equal(dead.lineage.deadLetters[0]?.reasonCode, 'erp.unavailable');
    assert.match(dead.lineage.deadLetters[0]?.message ?? '', /gave up after 6 attempts/);
    h.erp.setFaults({});
    for (const letter of dead.lineage.deadLetters) {
      const retried = await h.post(`/v1/dead-letters/${letter.id}/retry`, {});
      assert.equal(retried.status, 202);
    }
    await settled(time.id, 'completed');
    const report = h.erp.report();
    assert.equal(report.billingLines.count, 4);
    assert.equal(report.duplicateSourceRefs, 0);
  });
});
