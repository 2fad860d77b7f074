// The admin API's read views against a whole Ledgerline (real SQLite, the sandbox PSA and ERP): the
// overview's throughput and queues, flows per workflow, a time entry's lineage stages, the business
// views and reconciliation sign-offs, with the problem documents for bad queries and ids.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from '../support/harness.ts';
import { eventViews } from '../support/event-view.ts';
import { projectActivated, readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import { exampleEvents } from '../../src/contracts/export/examples.ts';
import { signOffAfter } from '../../src/reconcile/sign-off.ts';

const project = 'project:test-psa:VIEW-1';
const resource = 'resource:test-psa:VIEW-U1';
const posted = 'time:test-psa:VIEW-T1';
const waiting = 'time:test-psa:VIEW-T2';
const waitingProject = 'project:test-psa:VIEW-LATER';

interface Overview {
  throughput: { received: number; completed: number; delivered: number }[];
  totals: {
    received: number;
    completed: number;
    delivered: number;
    latency: { count: number; p95Ms: number };
  };
  latencyByType: { type: string; count: number }[];
  deliveryLatencyByTarget: { target: string; count: number; p95Ms: number }[];
  queues: { of: string; queue: string; state: string; count: number }[];
  counts: { events: Record<string, number>; deadLettersOpen: number };
}

describe('admin API: views', () => {
  const h = useHarness();
  const { settled } = eventViews(() => h);

  async function problem(path: string, status: number, slug: string): Promise<void> {
    const { status: actual, body } = await h.get(path);
    assert.equal(actual, status, JSON.stringify(body));
    assert.equal((body as { type: string }).type, `https://ledgerline.dev/problems/${slug}`);
  }

  it('counts throughput, latency and queues on the overview', async () => {
    const ready = readyProject(project);
    await h.postEvents([ready, resourceUpdated(resource)]);
    await settled(ready.id, 'completed');
    const time = timeApproved(posted, project, resource, { hours: '7.5' });
    // Time for a project the PSA has not activated yet waits (parked).
    await h.postEvents([time, timeApproved(waiting, waitingProject, resource, { hours: '2.25' })]);
    await settled(time.id, 'completed');

    const { status, body } = await h.get('/v1/admin/overview?minutes=15&bucketSeconds=10');
    assert.equal(status, 200);
    const overview = body as Overview;
    assert.equal(overview.throughput.length, 90, '15 minutes of 10 s buckets');
    assert.equal(overview.totals.received, 4);
    assert.equal(
      overview.throughput.reduce((n, b) => n + b.received, 0),
      4,
      'the buckets add up to the total',
    );
    assert.equal(overview.totals.completed, 3);
    assert.ok(overview.totals.delivered >= 2, 'the project and the time entry were delivered');
    assert.equal(overview.totals.latency.count, 3);
    assert.equal(overview.latencyByType.find((l) => l.type === 'io.ledgerline.time.approved.v1')?.count, 1);
    const erp = overview.deliveryLatencyByTarget.find((t) => t.target === 'sandbox-erp');
    assert.equal(erp?.count, overview.totals.delivered, 'every accepted delivery went to the ERP');
    assert.deepEqual(
      overview.queues.filter((q) => q.of === 'events').map((q) => [q.queue, q.state, q.count]),
      [['transactional', 'parked', 1]],
    );
    assert.equal(overview.counts.events['parked'], 1);
    await problem('/v1/admin/overview?minutes=0', 400, 'invalid-request');
    await problem('/v1/admin/overview?minutes=1440&bucketSeconds=5', 400, 'invalid-query');
  });

  it('shows flows per workflow', async () => {
    const { flows } = (await h.get('/v1/admin/flows')).body as {
      flows: {
        workflow: string;
        domain: string;
        received: number;
        completed: number;
        parked: number;
        confirmed: number;
      }[];
    };
    const time = flows.find((f) => f.workflow === 'approved time -> ERP');
    assert.deepEqual(time && [time.domain, time.received, time.completed, time.parked, time.confirmed], [
      'time',
      2,
      1,
      1,
      1,
    ]);
  });

  it("traces a time entry's lineage by its id through every stage, and by event id", async () => {
    const { status, body } = await h.get(`/v1/admin/lineage?q=${encodeURIComponent(posted)}`);
    assert.equal(status, 200);
    const lineage = body as {
      matches: { eventId: string }[];
      stages: { stage: string; status: string; ids: { label: string; value: string }[] }[];
    };
    assert.deepEqual(
      lineage.stages.map((s) => s.stage),
      ['approved', 'received', 'decided', 'delivered', 'confirmed'],
    );
    assert.ok(lineage.stages.every((s) => s.status === 'done'));
    const ids = lineage.stages.find((s) => s.stage === 'delivered')?.ids.map((i) => i.value) ?? [];
    assert.ok(ids.some((id) => id.startsWith('BL-')) && ids.some((id) => id.startsWith('CP-')), ids.join());
    const eventId = lineage.matches[0]?.eventId ?? '';
    const byEvent = (await h.get(`/v1/admin/lineage?q=${encodeURIComponent(eventId)}`))
      .body as typeof lineage;
    assert.equal(byEvent.stages.length, lineage.stages.length);
    await problem('/v1/admin/lineage?q=nothing-like-this', 404, 'record-not-found');
    await problem('/v1/admin/lineage', 400, 'invalid-request');
    await problem(`/v1/admin/lineage?q=${encodeURIComponent(posted)}&seq=999999`, 400, 'invalid-query');
  });

  it('lists parked items by what they wait for', async () => {
    const { parked, facets } = (await h.get('/v1/admin/parked?reason=xref%7Cproject%3A')).body as {
      parked: { subject: string; waitingFor: string; domain: string }[];
      facets: { reasons: Record<string, number> };
    };
    assert.deepEqual(
      parked.map((p) => [p.subject, p.domain]),
      [[waiting, 'time']],
    );
    assert.deepEqual(facets.reasons, { 'xref|project:': 1 });
    assert.equal(((await h.get('/v1/admin/parked?reason=master%7C')).body as { total: number }).total, 0);
  });

  it('shows unbilled time per legal entity, in decimal hours', async () => {
    const { entities, notPosted, invoiceLinks } = (await h.get('/v1/admin/business/unbilled-time')).body as {
      invoiceLinks: string;
      entities: {
        entity: string;
        notPosted: { entries: number; hours: string };
        postedNotInvoiced: { hours: string };
      }[];
      notPosted: { subject: string; hours: string }[];
    };
    assert.equal(invoiceLinks, 'none', 'no invoices yet');
    const uk = entities.find((e) => e.entity === 'LL-UK');
    assert.equal(uk?.postedNotInvoiced.hours, '7.50');
    // The waiting entry's project is unknown, so its legal entity is too.
    assert.deepEqual(entities.find((e) => e.entity === '(unknown)')?.notPosted, {
      entries: 1,
      hours: '2.25',
    });
    assert.deepEqual(
      notPosted.map((t) => [t.subject, t.hours]),
      [[waiting, '2.25']],
    );
  });

  it('groups rejected expenses and project set-up failures by reason', async () => {
    const base = exampleEvents.ExpenseApproved;
    const expense = {
      ...base,
      id: 'evt-view-expense-1',
      // From the PSA the governance config makes the owner of expenses.
      source: 'sandbox-psa',
      subject: 'expense:test-psa:VIEW-E1',
      data: {
        ...base.data,
        id: 'expense:test-psa:VIEW-E1',
        projectId: project,
        amount: { amount: '10.00', currency: 'EUR' },
      },
    };
    const incomplete = projectActivated({ id: 'project:test-psa:VIEW-INCOMPLETE' });
    await h.postEvents([expense, incomplete]);
    await settled(expense.id, 'rejected');
    await settled(incomplete.id, 'rejected');
    const expenses = (await h.get('/v1/admin/business/rejected-expenses')).body as {
      total: number;
      byReason: { reasonCode: string; count: number; entities: Record<string, number> }[];
    };
    assert.equal(expenses.total, 1);
    assert.deepEqual(expenses.byReason, [
      { reasonCode: 'expense.currency_mismatch', count: 1, entities: { 'LL-UK': 1 } },
    ]);
    const projects = (await h.get('/v1/admin/business/project-setup-failures')).body as {
      byReason: { reasonCode: string; count: number }[];
      items: { subject: string; fixedSince: boolean }[];
    };
    assert.deepEqual(
      projects.items.map((i) => [i.subject, i.fixedSince]),
      [['project:test-psa:VIEW-INCOMPLETE', false]],
    );
    assert.match(projects.byReason[0]?.reasonCode ?? '', /^readiness\./);
    const delays = (await h.get('/v1/admin/business/invoice-sync-delays')).body as { entities: unknown[] };
    assert.deepEqual(delays.entities, []);
  });

  it('lists period sign-offs with their chain checked, and drills into one', async () => {
    await h.service.store.appendSignOff(
      signOffAfter({
        report: {
          period: '2026-09',
          ok: true,
          read: { source: 1, target: 1 },
          keys: 1,
          counts: {
            missing_in_target: 0,
            extra_in_target: 0,
            duplicate: 0,
            amount_drift: 0,
            fx_difference: 0,
            period_mismatch: 0,
          },
          totals: [],
          differences: [],
        },
        sides: { source: 'psa.csv', target: 'erp.csv' },
        signedBy: 'Ada',
        signedAt: new Date('2026-10-01T10:00:00Z'),
      }),
    );
    const { signOffs, customerMaster } = (await h.get('/v1/admin/reconciliation')).body as {
      signOffs: { seq: number; period: string; signedBy: string; chainOk: boolean }[];
      customerMaster: { lastRun: unknown; resyncRequests: unknown[] };
    };
    assert.deepEqual(
      signOffs.map((s) => [s.period, s.signedBy, s.chainOk]),
      [['2026-09', 'Ada', true]],
    );
    assert.equal(customerMaster.lastRun, null, 'this harness does not reconcile customers');
    const seq = signOffs[0]?.seq ?? 0;
    const one = await h.get(`/v1/admin/reconciliation/sign-offs/${seq}`);
    assert.equal(one.status, 200);
    const totals = (one.body as { totals: Record<string, unknown>; chainOk: boolean }).totals;
    assert.equal(totals['period'], '2026-09', 'the signed totals, parsed');
    await problem('/v1/admin/reconciliation/sign-offs/999', 404, 'sign-off-not-found');
    await problem('/v1/admin/reconciliation/sign-offs/first', 400, 'invalid-id');
  });
});
