// Delivery records beyond time on the feed and through the connector: the seeded publication order,
// literal canonical events (each valid against the contract), a rejected expense never exported, the admin
// actions that publish more, and refusals of records the mapping could not trust.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { validateEvent, type CanonicalEvent } from '../../contracts/index.ts';
import { parseActivity } from './client/parse-activity.ts';
import { createSandboxPsaConnector, type SandboxPsaConnector } from './connector.ts';
import { startSandboxPsa, type SandboxPsa } from './server.ts';
import { SandboxPsaError } from './sim/errors.ts';
import { deliveryFirm } from './test-support/delivery-firm.ts';
import { requestJson, testSecret } from './test-support/http.ts';

interface Activity {
  readonly id: string;
  readonly kind: string;
  readonly occurred_at: string;
  readonly object: Record<string, unknown>;
}

const envelope = (id: string, time: string) => ({
  specversion: '1.0',
  id,
  source: 'sandbox-psa',
  time,
  datacontenttype: 'application/json',
});

describe('delivery records on the feed', () => {
  let psa: SandboxPsa;
  let connector: SandboxPsaConnector;
  let activities: Activity[];
  let events: CanonicalEvent[];
  const event = (id: string): CanonicalEvent => {
    const found = events.find((e) => e.id === id);
    assert.ok(found, `no event ${id}`);
    return found;
  };
  const pullAfter = async (cursor: string): Promise<readonly CanonicalEvent[]> =>
    (await connector.pull(cursor, 1000)).events;

  before(async () => {
    psa = await startSandboxPsa({ webhookSecret: testSecret });
    connector = createSandboxPsaConnector({
      system: 'sandbox-psa',
      baseUrl: psa.url,
      webhookSecret: testSecret,
    });
    const seeded = psa.seed(deliveryFirm());
    assert.equal(seeded.activities, 19);
    assert.deepEqual([seeded.expenses, seeded.milestones], [3, 2]);
    activities = (
      (await requestJson('GET', `${psa.url}/api/v2/activities?limit=1000`)).body as {
        activities: Activity[];
      }
    ).activities;
    events = [...(await connector.pull(undefined, 1000)).events];
  });
  after(async () => {
    await connector.close();
    await psa.close();
  });

  test('publishes rate cards first, task plans after their activation, work by time, closures last', () => {
    assert.deepEqual(
      activities.map((a) => `${a.kind} ${String(a.object['id'] ?? a.object['project_id'])}`),
      [
        'user.updated U-1',
        'user.updated U-2',
        'user.updated U-3',
        'rate_card.changed RC-LL-UK-2026',
        'time_entry.approved 100003',
        'project.activated P-1001',
        'time_entry.approved 100001',
        'time_entry.approved 100002',
        'expense.approved E-1',
        'time_entry.approved 100004',
        'project.activated P-1002',
        'task_plan.changed P-1002',
        'expense.rejected E-2',
        'milestone.completed M-1',
        'time_entry.approved 100005',
        'project.activated P-1003',
        'time_entry.approved 100006',
        'time_entry.approved 100008',
        'project.closed P-1001',
      ],
    );
    const activation = activities[5]?.object;
    assert.equal(activation?.['status'], 'active', 'a project closed since was active when activated');
    assert.equal(activation?.['closed_on'], undefined);
    assert.deepEqual(activities[18]?.occurred_at, '2026-07-15T18:00:00+00:00');
  });

  test('every activity but the rejection maps to a valid canonical event', () => {
    assert.equal(events.length, 18);
    assert.ok(!events.some((e) => e.id === 'act_13'), 'the rejected expense is not exported');
    for (const e of events) assert.ok(validateEvent(e).ok, e.id);
    assert.deepEqual([...new Set(events.map((e) => e.type))].sort(), [
      'io.ledgerline.expense.approved.v1',
      'io.ledgerline.milestone.completed.v1',
      'io.ledgerline.project.activated.v1',
      'io.ledgerline.project.closed.v1',
      'io.ledgerline.rate-card.changed.v1',
      'io.ledgerline.resource.updated.v1',
      'io.ledgerline.task-plan.changed.v1',
      'io.ledgerline.time.approved.v1',
    ]);
  });

  test('an approved expense becomes ExpenseApproved with its category, amount, flags and receipt', () => {
    assert.deepEqual(event('act_9'), {
      ...envelope('act_9', '2026-07-08T12:00:00+01:00'),
      type: 'io.ledgerline.expense.approved.v1',
      subject: 'expense:sandbox-psa:E-1',
      correlationid: 'project:sandbox-psa:P-1001',
      data: {
        id: 'expense:sandbox-psa:E-1',
        projectId: 'project:sandbox-psa:P-1001',
        resourceId: 'resource:sandbox-psa:U-1',
        incurredDate: '2026-07-06',
        category: 'travel',
        amount: { amount: '142.60', currency: 'GBP' },
        billable: true,
        reimbursable: true,
        receiptReference: 'RCPT-88213',
        description: 'Return rail fare London-Manchester for the close workshop',
        approvedAt: '2026-07-08T12:00:00+01:00',
        approvedBy: 'resource:sandbox-psa:U-3',
      },
    });
  });

  test('milestones, task plans, rate cards and closures become their canonical events', () => {
    assert.deepEqual(event('act_14'), {
      ...envelope('act_14', '2026-07-09T16:00:00+02:00'),
      type: 'io.ledgerline.milestone.completed.v1',
      subject: 'milestone:sandbox-psa:M-1',
      correlationid: 'project:sandbox-psa:P-1002',
      data: {
        id: 'milestone:sandbox-psa:M-1',
        projectId: 'project:sandbox-psa:P-1002',
        contractId: 'contract:sandbox-psa:P-1002',
        name: 'Target design signed off',
        dueDate: '2026-07-31',
        amount: { amount: '30000.00', currency: 'EUR' },
        status: 'completed',
        completedDate: '2026-07-09',
      },
    });
    const plan = event('act_12');
    assert.deepEqual(
      [plan.type, plan.subject],
      ['io.ledgerline.task-plan.changed.v1', 'project:sandbox-psa:P-1002'],
    );
    assert.deepEqual(plan.data, {
      projectId: 'project:sandbox-psa:P-1002',
      tasks: [
        {
          id: 'task:sandbox-psa:TK-1',
          projectId: 'project:sandbox-psa:P-1002',
          name: 'Target design',
          plannedHours: '320',
          billable: true,
        },
        {
          id: 'task:sandbox-psa:TK-2',
          projectId: 'project:sandbox-psa:P-1002',
          parentTaskId: 'task:sandbox-psa:TK-1',
          name: 'Order-to-cash process design',
          plannedHours: '120.5',
          billable: true,
        },
        {
          id: 'task:sandbox-psa:TK-3',
          projectId: 'project:sandbox-psa:P-1002',
          name: 'Internal quality review',
          plannedHours: '40',
          billable: false,
        },
      ],
    });
    const card = event('act_4');
    assert.deepEqual(
      [card.type, card.subject],
      ['io.ledgerline.rate-card.changed.v1', 'rate-card:sandbox-psa:RC-LL-UK-2026'],
    );
    assert.deepEqual(card.data, {
      id: 'rate-card:sandbox-psa:RC-LL-UK-2026',
      name: 'UK rates 2026',
      currency: 'GBP',
      legalEntityId: 'LL-UK',
      effectiveFrom: '2026-07-01',
      lines: [
        { role: 'Consultant', billRate: { amount: '125.00', currency: 'GBP' } },
        { role: 'Manager', billRate: { amount: '175.00', currency: 'GBP' } },
        { resourceId: 'resource:sandbox-psa:U-1', billRate: { amount: '133.33', currency: 'GBP' } },
      ],
    });
    assert.deepEqual(event('act_19'), {
      ...envelope('act_19', '2026-07-15T18:00:00+00:00'),
      type: 'io.ledgerline.project.closed.v1',
      subject: 'project:sandbox-psa:P-1001',
      correlationid: 'project:sandbox-psa:P-1001',
      data: { projectId: 'project:sandbox-psa:P-1001', closedDate: '2026-07-15' },
    });
  });

  test('a rejected expense arrives by webhook as no event; an approval as one', () => {
    const deliver = (activity: Activity | undefined) => {
      assert.ok(activity);
      const body = JSON.stringify({ activity });
      const at = new Date();
      return connector.receiveWebhook({
        rawBody: body,
        headers: {
          'webhook-id': activity.id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': new Webhook(testSecret).sign(activity.id, at, body),
        },
      });
    };
    const rejected = deliver(activities[12]);
    assert.ok(rejected.ok);
    // No event, but the delivery is named (id and timestamp) so a replay of it can be refused.
    assert.deepEqual(rejected.events, []);
    assert.equal(rejected.delivery?.id, 'act_13');
    const approved = deliver(activities[8]);
    assert.ok(approved.ok);
    assert.deepEqual(approved.events, [event('act_9')]);
  });

  test('the report counts expenses and milestones as the ERP should book them', () => {
    const report = psa.report();
    assert.deepEqual(report.expenses, {
      approved: 1,
      rejected: 1,
      submitted: 1,
      billable: 1,
      amount: { GBP: '142.60' },
      billableAmount: { GBP: '142.60' },
    });
    assert.deepEqual(report.milestones, { count: 2, completed: 1, completedAmount: { EUR: '30000.00' } });
  });

  test('admin actions publish approvals, rejections, completions, plan and rate changes and closures', async () => {
    const cursor = String(activities.length);
    psa.rejectExpense('E-3', {
      rejected_by: 'U-3',
      reason: 'Mileage needs a route',
      rejected_at: '2026-07-16T09:00:00+01:00',
    });
    assert.equal(psa.report().expenses.rejected, 2);
    const milestone = await requestJson('POST', `${psa.url}/admin/milestones/M-2/complete`, {
      completed_on: '2026-07-20',
      completed_at: '2026-07-20T17:00:00+02:00',
    });
    assert.equal(milestone.status, 200);
    psa.changeTaskPlan('P-1002', {
      tasks: [
        { id: 'TK-4', parent_id: null, name: 'Go-live support', planned_hours: '80.25', billable: true },
      ],
    });
    psa.changeRateCard('RC-LL-UK-2026', {
      name: 'UK rates 2026 (October)',
      company: 'LL-UK',
      currency: 'GBP',
      effective_from: '2026-10-01',
      lines: [{ role: 'Consultant', user_id: null, bill_rate: '130.00' }],
    });
    psa.closeProject('P-1002', { closed_on: '2026-09-30' });

    const fresh = await pullAfter(cursor);
    assert.deepEqual(
      fresh.map((e) => e.type),
      [
        'io.ledgerline.milestone.completed.v1',
        'io.ledgerline.task-plan.changed.v1',
        'io.ledgerline.rate-card.changed.v1',
        'io.ledgerline.project.closed.v1',
      ],
      'the rejection is on the feed but yields no event',
    );
    for (const e of fresh) assert.ok(validateEvent(e).ok, e.id);
    assert.deepEqual(fresh[0]?.data, {
      id: 'milestone:sandbox-psa:M-2',
      projectId: 'project:sandbox-psa:P-1002',
      contractId: 'contract:sandbox-psa:P-1002',
      name: 'Go-live',
      dueDate: '2026-09-30',
      amount: { amount: '20000.00', currency: 'EUR' },
      status: 'completed',
      completedDate: '2026-07-20',
    });
    const plan = (
      await requestJson('GET', `${psa.url}/api/v2/activities?after=${Number(cursor) + 2}&limit=1`)
    ).body as { activities: Activity[] };
    assert.equal(plan.activities[0]?.object['revision'], 2);
    assert.deepEqual(fresh[3]?.data, { projectId: 'project:sandbox-psa:P-1002', closedDate: '2026-09-30' });
  });

  test('admin actions refuse what the workflow does not allow', async () => {
    const refused = (fn: () => unknown, status: number, pattern: RegExp) =>
      assert.throws(
        fn,
        (e: unknown) =>
          e instanceof SandboxPsaError &&
          e.status === status &&
          pattern.test(e.message + e.details.join(' ')),
      );
    refused(() => psa.approveExpense('E-1', { approved_by: 'U-3' }), 409, /already approved/);
    refused(() => psa.approveExpense('E-404', { approved_by: 'U-3' }), 404, /no expense/);
    refused(() => psa.completeMilestone('M-1', { completed_on: '2026-07-09' }), 409, /already completed/);
    refused(() => psa.closeProject('P-1001', { closed_on: '2026-07-31' }), 409, /closed/);
    refused(() => psa.completeProjectSetup('P-1001', { tax_treatment: 'exempt' }), 409, /closed/);
    refused(
      () =>
        psa.changeTaskPlan('P-1003', {
          tasks: [{ id: 'TK-9', parent_id: 'TK-8', name: 'Orphan', planned_hours: '1', billable: true }],
        }),
      422,
      /TK-8 is not an earlier task/,
    );
    refused(
      () =>
        psa.changeTaskPlan('P-1003', {
          tasks: [{ id: 'TK-4', parent_id: null, name: 'Taken', planned_hours: '1', billable: true }],
        }),
      422,
      /TK-4 already exists/,
    );
    refused(
      () =>
        psa.changeRateCard('RC-X', {
          name: 'Bad',
          company: 'LL-FR',
          currency: 'GBP',
          effective_from: '2026-07-01',
          lines: [{ role: 'Consultant', user_id: 'U-1', bill_rate: '1.00' }],
        }),
      422,
      /unknown company.*exactly one of role and user_id/,
    );
    const reject = await requestJson('POST', `${psa.url}/admin/expenses/E-1/reject`, { rejected_by: 'U-3' });
    assert.equal(reject.status, 400, 'a rejection needs its reason');
  });
});

describe('seeding and parsing refuse inconsistent delivery records', () => {
  test('seed names every inconsistent record', async () => {
    const psa = await startSandboxPsa({ webhookSecret: testSecret });
    try {
      const firm = deliveryFirm();
      const [e1, e2] = firm.expenses ?? [];
      const [m1] = firm.milestones ?? [];
      assert.ok(e1 && e2 && m1);
      const bad = {
        ...firm,
        expenses: [
          { ...e1, currency: 'EUR' },
          { ...e2, rejection_reason: null },
        ],
        milestones: [{ ...m1, amount: '30000.005', completed_at: null }],
        projects: firm.projects.map((p) => ({ ...p, closed_on: '2026-07-15' })),
      };
      assert.throws(
        () => psa.seed(bad),
        (e: unknown) => {
          assert.ok(e instanceof SandboxPsaError);
          assert.equal(e.status, 422);
          const details = e.details.join('\n');
          assert.match(details, /\/expenses\/0: currency EUR differs from the project's GBP/);
          assert.match(details, /\/expenses\/1\/rejection_reason: must be set exactly when rejected/);
          assert.match(details, /\/milestones\/0\/amount: 30000.005 has more decimals than EUR allows/);
          assert.match(details, /\/milestones\/0: completed_on and completed_at/);
          assert.match(details, /\/projects\/1\/closed_on: must be set exactly when the project is closed/);
          return true;
        },
      );
      assert.equal(psa.report().activities, 0);
    } finally {
      await psa.close();
    }
  });

  test('parsing refuses records whose state the mapping could not trust', () => {
    const firm = deliveryFirm();
    const activity = (kind: string, object: unknown) => ({
      id: 'act_7',
      seq: 7,
      kind,
      occurred_at: '2026-07-08T10:00:00+01:00',
      object,
    });
    const problem = (kind: string, object: unknown): string => {
      const result = parseActivity(activity(kind, object));
      assert.equal(result.ok, false, kind);
      return result.ok ? '' : `${result.problem}: ${result.message}`;
    };
    const [approved, rejected, submitted] = firm.expenses ?? [];
    const [completed, planned] = firm.milestones ?? [];
    const [plan] = firm.task_plans ?? [];
    const [card] = firm.rate_cards ?? [];
    assert.ok(approved && rejected && submitted && completed && planned && plan && card);
    assert.match(problem('expense.approved', submitted), /reviewed_at and \/reviewed_by must be set/);
    assert.match(problem('expense.approved', rejected), /status must be "approved"/);
    assert.match(problem('expense.rejected', approved), /status must be "rejected"/);
    assert.match(
      problem('expense.approved', { ...approved, amount: 142.6 }),
      /^invalid-record: .*\/object\/amount/,
    );
    assert.match(problem('milestone.completed', planned), /status must be "completed"/);
    assert.match(
      problem('task_plan.changed', { ...plan, tasks: [...plan.tasks].reverse() }),
      /\/tasks\/1\/parent_id TK-1 is not an earlier task/,
    );
    assert.match(
      problem('rate_card.changed', { ...card, lines: [{ role: null, user_id: null, bill_rate: '1.00' }] }),
      /\/lines\/0 must name exactly one/,
    );
    assert.match(problem('project.closed', firm.projects[1]), /status must be "closed"/);
    const closed = parseActivity(activity('project.closed', firm.projects[0]));
    assert.ok(closed.ok);
  });
});
