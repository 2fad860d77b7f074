// The operator's commands against a real store: a non-retryable ERP refusal is dead-lettered with its
// reason, `ledgerline dlq retry` after the fix posts it once, and `ledgerline replay --redeliver` pushes
// postings again under the same keys without a second posting.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from '../support/harness.ts';
import { readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import { runCli } from '../support/child-service.ts';
import { waitFor } from '../support/wait.ts';
import { eventViews } from '../support/event-view.ts';

describe('dlq and replay commands', () => {
  const h = useHarness();

  const { view, settled } = eventViews(() => h);

  it('dead-letters a non-retryable refusal with its reason; dlq retry after the fix posts once', async () => {
    const project = readyProject('project:test-psa:D-1', { taxTreatment: 'reverse-charge' });
    await h.postEvents([project, resourceUpdated('resource:test-psa:U-1')]);
    const dead = await settled(project.id, 'dead');
    const letter = dead.lineage.deadLetters[0];
    assert.equal(letter?.reasonCode, 'erp.tax_code_not_configured');
    const time = timeApproved('time:test-psa:D-11', project.data.id, 'resource:test-psa:U-1');
    await h.postEvents(time);
    await settled(time.id, 'parked');

    const listed = await runCli(['dlq', 'list', ...h.storeArgs]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(
      listed.stdout,
      new RegExp(`#${letter?.id}\\s+erp\\.tax_code_not_configured\\s+project:test-psa:D-1`),
    );

    h.erp.enableTaxCode('LL-UK', 'reverse-charge');
    const retried = await runCli(['dlq', 'retry', String(letter?.id), ...h.storeArgs]);
    assert.equal(retried.code, 0, retried.stderr);
    assert.match(retried.stdout, /sent back for delivery/);
    await settled(time.id, 'completed');
    const report = h.erp.report();
    assert.equal(report.projects, 1);
    assert.equal(report.costPostings.count, 1);
    assert.equal(report.duplicateSourceRefs, 0);

    const again = await runCli(['dlq', 'retry', String(letter?.id), ...h.storeArgs]);
    assert.equal(again.code, 1, 'retrying a closed dead letter is refused');
    assert.match(again.stdout, /is not open/);
  });

  it('replays with redelivery: the ERP answers from its idempotency keys and books nothing new', async () => {
    const time = timeApproved('time:test-psa:D-12', 'project:test-psa:D-1', 'resource:test-psa:U-1');
    await h.postEvents(time);
    await settled(time.id, 'completed');
    const before = h.erp.report();
    const replayed = await runCli(['replay', '--event', time.id, '--redeliver', ...h.storeArgs]);
    assert.equal(replayed.code, 0, replayed.stderr);
    assert.match(replayed.stdout, /1 event\(s\) queued for replay with redelivery/);
    await waitFor('replayed and completed', async () => {
      const v = await view(time.id);
      return v.replays === 1 && v.state === 'completed';
    });
    await waitFor('replays answered', () => h.erp.report().replays >= before.replays + 2);
    const after = h.erp.report();
    assert.equal(after.billingLines.count, before.billingLines.count);
    assert.equal(after.costPostings.count, before.costPostings.count);
    assert.equal(after.duplicateSourceRefs, 0);
  });

  it('resolves a dead letter only with a note, and explains bad usage with exit code 2', async () => {
    const noNote = await runCli(['dlq', 'resolve', '1', ...h.storeArgs]);
    assert.equal(noNote.code, 2);
    assert.match(noNote.stderr, /--note/);
    const badId = await runCli(['dlq', 'retry', 'abc', ...h.storeArgs]);
    assert.equal(badId.code, 2);
    assert.match(badId.stderr, /not a dead-letter id/);
    const noStore = await runCli(['dlq', 'list', '--db', '/nonexistent/ledgerline.sqlite']);
    assert.equal(noStore.code, 2);
    assert.match(noStore.stderr, /No Ledgerline store/);
    const nothing = await runCli(['replay', ...h.storeArgs]);
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /Say what to replay/);
  });
});
