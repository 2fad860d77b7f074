// Seeding a hand-checked firm: the publication order (late and incomplete projects), the PSA's own report
// with literal amounts, and the two admin workflow steps that publish more activities.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSandboxPsa, type SandboxPsa } from './server.ts';
import { requestJson, testSecret } from './test-support/http.ts';
import { tinyFirm } from './test-support/tiny-firm.ts';

interface Activity {
  id: string;
  seq: number;
  kind: string;
  occurred_at: string;
  object: Record<string, unknown>;
}

async function feed(psa: SandboxPsa, after = 0): Promise<Activity[]> {
  const page = await requestJson('GET', `${psa.url}/api/v2/activities?after=${after}&limit=1000`);
  return (page.body as { activities: Activity[] }).activities;
}

describe('seed and report', () => {
  let psa: SandboxPsa;

  before(async () => {
    psa = await startSandboxPsa({ webhookSecret: testSecret });
    const seeded = await requestJson('POST', `${psa.url}/admin/seed`, tinyFirm());
    assert.equal(seeded.status, 200);
    assert.deepEqual(seeded.body, {
      users: 3,
      projects: 3,
      time_entries: 8,
      expenses: 0,
      milestones: 0,
      activities: 13,
      last_seq: 13,
    });
  });
  after(() => psa.close());

  test('publishes users first, then approvals by time with late and incomplete projects as described', async () => {
    const activities = await feed(psa);
    const order = activities.map((a) => `${a.kind} ${String(a.object['id'])}`);
    assert.deepEqual(order, [
      'user.updated U-1',
      'user.updated U-2',
      'user.updated U-3',
      'time_entry.approved 100003', // P-1002 is late: its first approval precedes its activation
      'project.activated P-1002',
      'project.activated P-1001',
      'time_entry.approved 100001',
      'time_entry.approved 100002',
      'time_entry.approved 100004',
      'time_entry.approved 100005',
      'project.activated P-1003',
      'time_entry.approved 100006',
      'time_entry.approved 100008',
    ]);
    assert.deepEqual(
      activities.map((a) => [a.id, a.seq]),
      activities.map((_, i) => [`act_${i + 1}`, i + 1]),
    );
    const incomplete = activities[10]?.object;
    assert.equal(incomplete?.['company'], null);
    assert.equal(incomplete?.['tax_treatment'], null);
    assert.equal(incomplete?.['currency'], 'GBP');
    assert.equal(incomplete?.['pending_setup'], undefined, 'seeding hints stay off the wire');
    assert.equal(incomplete?.['late'], undefined);
    const approval = activities[6];
    assert.equal(approval?.occurred_at, '2026-07-08T10:00:00+01:00');
    assert.equal(approval?.object['hours'], 7.5);
    assert.equal(approval?.object['bill_rate'], '133.33');
  });

  test('reports approved totals rounded once per entry, half-up', async () => {
    const report = await requestJson('GET', `${psa.url}/admin/report`);
    assert.equal(report.status, 200);
    assert.deepEqual(report.body, {
      approved: {
        entries: 7,
        billableEntries: 5,
        hours: '20.75',
        billableAmount: { EUR: '1558.75', GBP: '1099.98' },
        costAmount: { EUR: '857.50', GBP: '540.01' },
      },
      activities: 13,
      webhooks: { delivered: 0, duplicatesSent: 0, failed: 0 },
      expenses: { approved: 0, rejected: 0, submitted: 0, billable: 0, amount: {}, billableAmount: {} },
      milestones: { count: 0, completed: 0, completedAmount: {} },
      clients: { count: 0, fromErp: 0 },
      invoices: { count: 0, byStatus: {}, gross: {} },
      payments: { count: 0, byStatus: {}, amount: {} },
      activitiesByKind: { 'project.activated': 3, 'time_entry.approved': 7, 'user.updated': 3 },
    });
  });

  test('approving submitted time publishes it and moves the report', async () => {
    const approved = await requestJson('POST', `${psa.url}/admin/time_entries/100007/approve`, {
      approved_by: 'U-3',
      approved_at: '2026-07-16T09:30:00+01:00',
    });
    assert.equal(approved.status, 200);
    assert.equal((approved.body as { status: string }).status, 'approved');
    const [activity] = await feed(psa, 13);
    assert.equal(activity?.kind, 'time_entry.approved');
    assert.equal(activity?.id, 'act_14');
    assert.equal(activity?.occurred_at, '2026-07-16T09:30:00+01:00');
    assert.equal(activity?.object['approved_by'], 'U-3');

    const again = await requestJson('POST', `${psa.url}/admin/time_entries/100007/approve`, {
      approved_by: 'U-3',
    });
    assert.equal(again.status, 409);

    const report = psa.report();
    assert.deepEqual(report.approved, {
      entries: 8,
      billableEntries: 6,
      hours: '24.75',
      billableAmount: { EUR: '1558.75', GBP: '1633.30' },
      costAmount: { EUR: '857.50', GBP: '790.01' },
    });
  });

  test('complete-setup fills the missing fields and publishes a fresh activation', async () => {
    const before = (await feed(psa)).length;
    const completed = await requestJson('POST', `${psa.url}/admin/projects/P-1003/complete-setup`, {
      company: 'LL-UK',
      tax_treatment: 'standard',
    });
    assert.equal(completed.status, 200);
    const fresh = await feed(psa, before);
    assert.equal(fresh.length, 1);
    assert.equal(fresh[0]?.kind, 'project.activated');
    assert.equal(fresh[0]?.id, `act_${before + 1}`);
    assert.deepEqual(fresh[0]?.object, {
      id: 'P-1003',
      code: 'INIT-2026-01',
      name: 'Data Platform Migration',
      client_id: 'C-103',
      client_name: 'Initech Software',
      status: 'active',
      company: 'LL-UK',
      currency: 'GBP',
      tax_treatment: 'standard',
      billing_method: 'time_and_materials',
    });
    const earlier = (await feed(psa)).find((a) => a.id === 'act_11');
    assert.equal(earlier?.object['company'], null, 'history keeps the snapshot as it was published');

    const project = await requestJson('GET', `${psa.url}/api/v2/projects/P-1003`);
    assert.equal((project.body as { company: string }).company, 'LL-UK');
  });

  test('the programmatic handle does the same as the admin API', () => {
    const project = psa.completeProjectSetup('P-1001', { billing_method: 'retainer' });
    assert.equal(project.billing_method, 'retainer');
    assert.equal(psa.report().activities, 16);
  });
});
