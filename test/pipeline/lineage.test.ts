// GET /v1/events/{id}: from an approval to the ERP's ids, and the dead-letter queue over HTTP.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from '../support/harness.ts';
import { readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import { eventViews } from '../support/event-view.ts';

describe('lineage and the dead-letter API', () => {
  const h = useHarness();
  const { view, settled } = eventViews(() => h);

  it('traces an approval to the ERP ids of its postings and of its project', async () => {
    const project = readyProject('project:test-psa:L-1');
    await h.postEvents([project, resourceUpdated('resource:test-psa:U-1')]);
    const provisioned = await settled(project.id, 'completed');
    assert.equal(provisioned.lineage.caused[0]?.type, 'io.ledgerline.project.provisioned.v1');
    const projectRef = provisioned.lineage.xrefs.find((x) => x.canonicalId === 'project:test-psa:L-1');
    assert.match(projectRef?.externalId ?? '', /^PRJ-/);

    const time = timeApproved('time:test-psa:L-11', 'project:test-psa:L-1', 'resource:test-psa:U-1');
    await h.postEvents(time);
    const posted = await settled(time.id, 'completed');
    const refs = Object.fromEntries(posted.lineage.xrefs.map((x) => [x.canonicalId, x]));
    assert.match(refs['time:test-psa:L-11/billable-line']?.externalId ?? '', /^BL-/);
    assert.match(refs['time:test-psa:L-11/cost']?.externalId ?? '', /^CP-/);
    assert.equal(refs['time:test-psa:L-11/cost']?.system, 'sandbox-erp');
    assert.deepEqual(
      posted.lineage.deliveries.flatMap((d) => d.commands.map((c) => c.externalId)),
      [refs['time:test-psa:L-11/billable-line']?.externalId, refs['time:test-psa:L-11/cost']?.externalId],
    );
  });

  it('asks for the source when two systems used the same event id', async () => {
    const a = readyProject('project:test-psa:L-2');
    const b = { ...readyProject('project:test-psa:L-3'), id: a.id, source: 'other-psa' };
    await h.postEvents([a, b]);
    const ambiguous = await h.get(`/v1/events/${a.id}`);
    assert.equal(ambiguous.status, 409);
    assert.deepEqual((ambiguous.body as { sources: string[] }).sources.sort(), ['other-psa', 'test-psa']);
    const one = await h.get(`/v1/events/${a.id}?source=other-psa`);
    assert.equal(one.status, 200);
    assert.equal((one.body as { subject: string }).subject, 'project:test-psa:L-3');
  });

  it('lists dead letters and resolves one only with a note', async () => {
    const project = readyProject('project:test-psa:L-4', { taxTreatment: 'reverse-charge' });
    await h.postEvents(project);
    const dead = await settled(project.id, 'dead');
    const id = dead.lineage.deadLetters[0]?.id;
    const listed = await h.get('/v1/dead-letters?state=open');
    assert.ok((listed.body as { deadLetters: { id: number }[] }).deadLetters.some((d) => d.id === id));
    const noNote = await h.post(`/v1/dead-letters/${id}/resolve`, {});
    assert.equal(noNote.status, 422);
    const resolved = await h.post(`/v1/dead-letters/${id}/resolve`, { note: 'project cancelled by finance' });
    assert.equal(resolved.status, 200);
    const again = await h.post(`/v1/dead-letters/${id}/retry`, {});
    assert.equal(again.status, 409, 'a resolved dead letter is not sent again');
    const after = await view(project.id);
    assert.equal(after.lineage.deadLetters[0]?.state, 'resolved');
    assert.equal((await h.get('/v1/dead-letters?state=bogus')).status, 400);
  });
});
