// Master data and transactions wait in separate queues: a master-data change that arrives behind a large
// backlog of approved time reaches the ERP before the backlog has drained.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from '../support/harness.ts';
import { readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import { eventViews } from '../support/event-view.ts';
import { waitFor } from '../support/wait.ts';

const backlog = 50_000;
const perRequest = 250; // within the harness's 256 KiB body limit

describe('separate queues for master data and transactions', () => {
  const h = useHarness();
  const { settled } = eventViews(() => h);

  it(`provisions a project that arrives behind ${backlog.toLocaleString('en')} queued time entries before they drain`, async () => {
    const busy = readyProject('project:test-psa:Q-1');
    await h.postEvents([busy, resourceUpdated('resource:test-psa:U-1')]);
    await settled(busy.id, 'completed');

    // A slow ERP (every request takes a second) keeps the backlog queued however fast this machine is.
    h.erp.setFaults({ latencyMs: 1_000 });
    for (let i = 0; i < backlog; i += perRequest) {
      const batch = Array.from({ length: perRequest }, (_, k) =>
        timeApproved(`time:test-psa:Q-${i + k}`, busy.data.id, 'resource:test-psa:U-1'),
      );
      assert.equal((await h.postEvents(batch)).status, 202);
    }
    const queued = h.erp.report().costPostings.count;
    assert.ok(queued < backlog, 'the backlog is still queued when the master-data change arrives');

    const late = readyProject('project:test-psa:Q-2');
    assert.equal((await h.postEvents(late)).status, 202);
    await waitFor(
      'the late project in the ERP',
      () => (h.erp.report().projects === 2 ? true : undefined),
      60_000,
    );
    const postedMeanwhile = h.erp.report().costPostings.count;
    assert.ok(
      postedMeanwhile < backlog,
      `the project was provisioned with ${(backlog - postedMeanwhile).toLocaleString('en')} time entries still queued`,
    );

    h.erp.setFaults({});
    await waitFor(
      'the backlog to drain',
      () => (h.erp.report().costPostings.count === backlog ? true : undefined),
      240_000,
    );
  });
});
