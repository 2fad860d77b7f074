// The walking skeleton's path: a project provisioned in the ERP, approved time posted as a billable line
// and a cost posting, exactly once, with lineage from the approval to the ERP ids.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from '../support/harness.ts';
import {
  projectActivated,
  rateCardChanged,
  readyProject,
  resourceUpdated,
  timeApproved,
} from '../support/events.ts';
import { eventViews } from '../support/event-view.ts';
import { sumDecimals } from '../../src/domain/money.ts';

// Deliverers run in the service's delivery thread by default; `delivery.thread: main` keeps them in the
// main thread. Both must give the same results.
for (const thread of ['worker', 'main'] as const)
  describe(`time approval to ERP postings (deliverers in the ${thread} thread)`, () => {
    const h = useHarness({ delivery: { thread } });

    const { view, settled } = eventViews(() => h);

    it('provisions the project and posts 999.98 GBP billable and 468.75 GBP cost for 7.5 h', async () => {
      const project = readyProject('project:test-psa:P-100');
      const resource = resourceUpdated('resource:test-psa:U-1', '62.50');
      const time = timeApproved('time:test-psa:1001', 'project:test-psa:P-100', 'resource:test-psa:U-1', {
        hours: '7.5',
        rate: '133.33',
      });
      assert.equal((await h.postEvents([project, resource])).status, 202);
      await settled(project.id, 'completed');
      assert.equal((await h.postEvents(time)).status, 202);
      const done = await settled(time.id, 'completed');
      assert.deepEqual(
        done.lineage.deliveries.map((d) => [d.kind, d.state, d.idempotencyKey]),
        [['postTimeEntry', 'delivered', 'time:test-psa:1001/postings']],
      );
      assert.deepEqual(
        done.lineage.deliveries[0]?.commands.map((c) => [c.kind, c.idempotencyKey]),
        [
          ['postBillableLine', 'time:test-psa:1001/billable-line'],
          ['postCost', 'time:test-psa:1001/cost'],
        ],
      );
      assert.deepEqual(
        done.lineage.caused.map((c) => c.type),
        ['io.ledgerline.time.posted.v1'],
      );
      const report = h.erp.report();
      assert.equal(report.projects, 1);
      assert.deepEqual(report.billingLines, { count: 1, hours: '7.50', amount: { GBP: '999.98' } });
      assert.deepEqual(report.costPostings, { count: 1, hours: '7.50', amount: { GBP: '468.75' } });
    });

    it('prices time its PSA left unpriced from the rate card in force, waiting for the card if need be', async () => {
      const project = readyProject('project:test-psa:P-300');
      const consultant = { ...resourceUpdated('resource:test-psa:U-30', '70.00') };
      const senior = { ...consultant, data: { ...consultant.data, role: 'Senior consultant' } };
      const time = timeApproved('time:test-psa:3001', project.data.id, senior.data.id, {
        hours: '2',
        rate: null,
      });
      await h.postEvents([project, senior]);
      await settled(project.id, 'completed');
      await h.postEvents(time);
      const parked = await settled(time.id, 'parked');
      assert.equal(parked.reason, 'awaiting RateCardChanged for LL-UK');
      const before = h.erp.report().billingLines;
      await h.postEvents([
        rateCardChanged('rate-card:test-psa:RC-UK', 'LL-UK', '2026-01-01', [
          { role: 'Senior consultant', billRate: { amount: '150.00', currency: 'GBP' } },
        ]),
        rateCardChanged('rate-card:test-psa:RC-UK', 'LL-UK', '2026-08-01', [
          { role: 'Senior consultant', billRate: { amount: '160.00', currency: 'GBP' } },
        ]),
      ]);
      await settled(time.id, 'completed');
      // Worked on 2026-07-01: the January card's 150.00 applies, not August's. 2 h x 150.00.
      const after = h.erp.report().billingLines;
      assert.equal(after.count, before.count + 1);
      assert.equal(after.amount['GBP'], sumDecimals([before.amount['GBP'] ?? '0', '300.00'], 2));
    });

    it('parks time that arrives before its project and releases it when the project is provisioned', async () => {
      const time = timeApproved('time:test-psa:2001', 'project:test-psa:P-200', 'resource:test-psa:U-1', {
        hours: '0.25',
        rate: '100.00',
      });
      await h.postEvents(time);
      const parked = await settled(time.id, 'parked');
      assert.equal(parked.reason, 'awaiting ProjectProvisioned project:test-psa:P-200');
      assert.equal(parked.reasonCode, 'parked.awaiting_dependency');
      const before = h.erp.report().billingLines.count;
      await h.postEvents(readyProject('project:test-psa:P-200'));
      await settled(time.id, 'completed');
      assert.equal(h.erp.report().billingLines.count, before + 1);
    });

    it('parks time whose consultant is unknown until the ResourceUpdated arrives', async () => {
      await h.postEvents(readyProject('project:test-psa:P-300'));
      const time = timeApproved('time:test-psa:3001', 'project:test-psa:P-300', 'resource:test-psa:U-9');
      await h.postEvents(time);
      const parked = await settled(time.id, 'parked');
      assert.equal(parked.reason, 'awaiting ResourceUpdated resource:test-psa:U-9');
      await h.postEvents(resourceUpdated('resource:test-psa:U-9', '80.00'));
      await settled(time.id, 'completed');
    });

    it('rejects an incomplete project naming every missing field, then provisions it once completed', async () => {
      const incomplete = projectActivated({ id: 'project:test-psa:P-400', currency: 'GBP' });
      await h.postEvents(incomplete);
      const rejected = await settled(incomplete.id, 'rejected');
      assert.equal(rejected.reasonCode, 'readiness.project_incomplete');
      for (const field of ['legalEntityId', 'taxTreatment', 'billingModel'])
        assert.match(rejected.reason ?? '', new RegExp(field));
      assert.doesNotMatch(rejected.reason ?? '', /currency/);
      assert.equal(rejected.lineage.deadLetters[0]?.reasonCode, 'readiness.project_incomplete');
      const time = timeApproved('time:test-psa:4001', 'project:test-psa:P-400', 'resource:test-psa:U-1');
      await h.postEvents(time);
      await settled(time.id, 'parked');

      await h.postEvents(readyProject('project:test-psa:P-400'));
      await settled(time.id, 'completed');
      const old = await view(incomplete.id);
      assert.equal(
        old.lineage.deadLetters[0]?.state,
        'resolved',
        'the rejection is superseded by the later activation',
      );
    });

    it('posts nothing twice when the same approval arrives again under a new event id', async () => {
      const first = timeApproved('time:test-psa:5001', 'project:test-psa:P-100', 'resource:test-psa:U-1');
      await h.postEvents(first);
      await settled(first.id, 'completed');
      const before = h.erp.report();
      const second = { ...first, id: `${first.id}-resent` };
      await h.postEvents(second);
      const view2 = await settled(second.id, 'completed');
      assert.equal(
        view2.lineage.deliveries.length,
        0,
        'the outbox already held both postings for this time entry',
      );
      const after = h.erp.report();
      assert.equal(after.billingLines.count, before.billingLines.count);
      assert.equal(after.costPostings.count, before.costPostings.count);
    });

    it('enriches a missing currency from the legal entity', async () => {
      const project = projectActivated({
        id: 'project:test-psa:P-500',
        legalEntityId: 'LL-DE',
        taxTreatment: 'standard',
        billingModel: 'retainer',
      });
      await h.postEvents(project);
      await settled(project.id, 'completed');
      await h.postEvents(resourceUpdated('resource:test-psa:U-DE', '70.00', 'EUR'));
      const time = timeApproved('time:test-psa:5501', project.data.id, 'resource:test-psa:U-DE', {
        rate: '120.00',
        currency: 'EUR',
        hours: '2',
      });
      await h.postEvents(time);
      await settled(time.id, 'completed');
      assert.equal(h.erp.report().billingLines.amount['EUR'], '240.00');
    });
  });
