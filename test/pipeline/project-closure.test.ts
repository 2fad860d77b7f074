// A project closed in the PSA is closed in the ERP, even when the PSA activates and closes it in one go
// (a short engagement, a backfill): the closure then waits for the project's provisioning instead of
// finding the ERP without it and completing with nothing sent (the small-firm demo's lost closure).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from '../support/harness.ts';
import { projectClosed, readyProject } from '../support/events.ts';
import { eventViews } from '../support/event-view.ts';

describe('project closure to the ERP', () => {
  const h = useHarness();
  const { settled } = eventViews(() => h);

  it('closes in the ERP a project activated and closed in the same batch', async () => {
    const activated = { ...readyProject('project:sandbox-psa:P-900'), source: 'sandbox-psa' };
    const closed = projectClosed(activated.data.id);
    assert.equal((await h.postEvents([activated, closed])).status, 202);
    const done = await settled(closed.id, 'completed');
    assert.deepEqual(
      done.lineage.deliveries.map((d) => [d.kind, d.state, d.idempotencyKey]),
      [['closeProject', 'delivered', 'project:sandbox-psa:P-900/close']],
    );
    assert.equal(h.erp.report().closedProjects, 1);
  });

  it('closes a project the ERP already holds straight away', async () => {
    const activated = { ...readyProject('project:sandbox-psa:P-901'), source: 'sandbox-psa' };
    await h.postEvents(activated);
    await settled(activated.id, 'completed');
    const before = h.erp.report().closedProjects;
    const closed = projectClosed(activated.data.id);
    await h.postEvents(closed);
    const done = await settled(closed.id, 'completed');
    assert.deepEqual(
      done.lineage.deliveries.map((d) => [d.kind, d.state]),
      [['closeProject', 'delivered']],
    );
    assert.equal(h.erp.report().closedProjects, before + 1);
  });
});
