// Mapping vendor activities to canonical events: literal expectations on the hand-written firm, contract
// validity on a generated one, and refusal of bad vendor records with a message naming the field.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { validateEvent, type CanonicalEvent } from '../../contracts/index.ts';
import { parseActivity } from './client/parse-activity.ts';
import { createSandboxPsaConnector, SourcePayloadError } from './connector.ts';
import { generateFirm } from './generate-firm.ts';
import { eventById, pullAllEvents } from '../sandbox-kit/test-support/pull-feed.ts';
import { startSandboxPsa, type SandboxPsa } from './server.ts';
import { testSecret } from './test-support/http.ts';
import { tinyFirm } from './test-support/tiny-firm.ts';

const pullAll = (baseUrl: string, system = 'sandbox-psa'): Promise<CanonicalEvent[]> =>
  pullAllEvents(createSandboxPsaConnector({ system, baseUrl, webhookSecret: testSecret }));

describe('sandbox PSA connector mapping', () => {
  let psa: SandboxPsa;
  let events: CanonicalEvent[];
  const byId = (id: string): CanonicalEvent => eventById(events, id);

  before(async () => {
    psa = await startSandboxPsa({ webhookSecret: testSecret });
    psa.seed(tinyFirm());
    events = await pullAll(psa.url);
  });
  after(() => psa.close());

  test('a consultant becomes a Resource with its cost rate', () => {
    assert.deepEqual(byId('act_2'), {
      specversion: '1.0',
      id: 'act_2',
      source: 'sandbox-psa',
      type: 'io.ledgerline.resource.updated.v1',
      subject: 'resource:sandbox-psa:U-2',
      time: byId('act_2').time,
      datacontenttype: 'application/json',
      correlationid: 'resource:sandbox-psa:U-2',
      data: {
        id: 'resource:sandbox-psa:U-2',
        name: 'Lukas Müller',
        costRate: { amount: '70.00', currency: 'EUR' },
      },
    });
  });

  test('an approved billable entry becomes a TimeEntry with exact decimal hours and its bill rate', () => {
    assert.deepEqual(byId('act_7'), {
      specversion: '1.0',
      id: 'act_7',
      source: 'sandbox-psa',
      type: 'io.ledgerline.time.approved.v1',
      subject: 'time:sandbox-psa:100001',
      time: '2026-07-08T10:00:00+01:00',
      datacontenttype: 'application/json',
      correlationid: 'project:sandbox-psa:P-1001',
      data: {
        id: 'time:sandbox-psa:100001',
        projectId: 'project:sandbox-psa:P-1001',
        resourceId: 'resource:sandbox-psa:U-1',
        workDate: '2026-07-06',
        hours: '7.5',
        billable: true,
        billRate: { amount: '133.33', currency: 'GBP' },
        description: 'Workshop with client finance team',
        approvedAt: '2026-07-08T10:00:00+01:00',
        approvedBy: 'resource:sandbox-psa:U-3',
      },
    });
    const nonBillable = byId('act_10');
    assert.equal(nonBillable.type, 'io.ledgerline.time.approved.v1');
    assert.deepEqual(nonBillable.data, {
      id: 'time:sandbox-psa:100005',
      projectId: 'project:sandbox-psa:P-1002',
      resourceId: 'resource:sandbox-psa:U-2',
      workDate: '2026-07-09',
      hours: '1.5',
      billable: false,
      description: 'Internal review and QA',
      approvedAt: '2026-07-10T09:00:00+02:00',
      approvedBy: 'resource:sandbox-psa:U-3',
    });
  });

  test('projects keep their finance fields, and missing ones stay absent', () => {
    const complete = byId('act_5');
    assert.equal(complete.type, 'io.ledgerline.project.activated.v1');
    assert.equal(complete.subject, 'project:sandbox-psa:P-1002');
    assert.deepEqual(complete.data, {
      id: 'project:sandbox-psa:P-1002',
      code: 'GLBX-2026-01',
      name: 'Finance Transformation',
      customerId: 'customer:sandbox-psa:C-102',
      legalEntityId: 'LL-DE',
      currency: 'EUR',
      taxTreatment: 'reverse-charge',
      billingModel: 'fixed-fee',
    });
    assert.deepEqual(byId('act_11').data, {
      id: 'project:sandbox-psa:P-1003',
      code: 'INIT-2026-01',
      name: 'Data Platform Migration',
      customerId: 'customer:sandbox-psa:C-103',
      currency: 'GBP',
      billingModel: 'time-and-materials',
    });
  });

  test('every event of the firm passes the canonical contract', () => {
    assert.equal(events.length, 13);
    for (const event of events) assert.deepEqual(validateEvent(event).ok, true, event.id);
  });

  test('the system name flows into source and every canonical id', async () => {
    const renamed = await pullAll(psa.url, 'psa-eu');
    assert.equal(renamed[0]?.source, 'psa-eu');
    assert.equal(renamed[0]?.subject, 'resource:psa-eu:U-1');
    assert.throws(
      () => createSandboxPsaConnector({ system: 'no spaces', baseUrl: psa.url, webhookSecret: testSecret }),
      RangeError,
    );
    assert.throws(
      () => createSandboxPsaConnector({ system: 'sandbox-psa', baseUrl: psa.url, webhookSecret: 'secret' }),
      RangeError,
    );
  });

  test('a generated firm maps entirely to valid canonical events', async () => {
    const big = await startSandboxPsa({ webhookSecret: testSecret });
    try {
      const { activities } = big.seed(
        generateFirm({ seed: 2026, projects: 25, consultants: 40, entries: 3000 }),
      );
      const all = await pullAll(big.url);
      assert.equal(all.length, activities);
      const types = new Set<string>();
      for (const event of all) {
        const result = validateEvent(event);
        assert.ok(result.ok, `${event.id}: ${JSON.stringify(result.ok ? [] : result.errors)}`);
        types.add(event.type);
      }
      assert.equal(types.size, 3);
    } finally {
      await big.close();
    }
  });
});

describe('parsing vendor activities', () => {
  const entry = {
    id: 5,
    user_id: 'U-1',
    project_id: 'P-1001',
    spent_on: '2026-07-06',
    hours: 7.5,
    billable: true,
    bill_rate: '150.00',
    currency: 'GBP',
    notes: '',
    status: 'approved',
    approved_at: '2026-07-08T10:00:00+01:00',
    approved_by: 'U-3',
  };
  const activity = (object: unknown, kind = 'time_entry.approved') => ({
    id: 'act_5',
    seq: 5,
    kind,
    occurred_at: '2026-07-08T10:00:00+01:00',
    object,
  });
  const problem = (value: unknown): string => {
    const result = parseActivity(value);
    assert.equal(result.ok, false);
    return result.ok ? '' : `${result.problem}: ${result.message}`;
  };

  test('accepts a valid record and tolerates fields it does not know', () => {
    const result = parseActivity(activity({ ...entry, invoice_id: 'INV-9' }));
    assert.ok(result.ok);
    assert.equal(result.activity.kind === 'time_entry.approved' && result.activity.entry.hours, '7.5');
  });

  test('names the field of a bad record', () => {
    assert.match(problem(activity({ ...entry, hours: 7.333 })), /^invalid-record: act_5 .*\/object\/hours/);
    assert.match(
      problem(activity({ ...entry, hours: '7.5' })),
      /invalid-record: .*\/object\/hours must be number/,
    );
    assert.match(problem(activity({ ...entry, bill_rate: null })), /\/object\/bill_rate must be set exactly/);
    assert.match(problem(activity({ ...entry, status: 'submitted' })), /\/object\/status must be "approved"/);
    assert.match(problem(activity({ ...entry, approved_at: '2026-07-08 10:00' })), /\/object\/approved_at/);
    assert.match(
      problem(activity({ ...entry, user_id: undefined })),
      /\/object\/user_id is required|must have required/,
    );
    assert.match(problem(activity({ id: 'P-1' }, 'project.activated')), /^invalid-record: .*\/object\/code/);
    assert.match(
      problem(activity({ ...entry }, 'invoice.sent')),
      /^unknown-kind: act_5: unknown activity kind/,
    );
    assert.match(
      problem({ ...activity(entry), occurred_at: '2026-07-08T10:00:00' }),
      /^malformed: .*occurred_at/,
    );
  });

  test('pull refuses a bad record and skips kinds it does not know', async () => {
    // A vendor answering what the sandbox itself never sends: a newer activity kind and a broken record.
    const pages: unknown[] = [
      {
        activities: [activity(entry, 'invoice.sent'), { ...activity(entry), id: 'act_6', seq: 6 }],
        next_after: 6,
        has_more: false,
      },
      { activities: [activity({ ...entry, hours: -1 })], next_after: 5, has_more: false },
    ];
    const vendor = createServer((_, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(pages.shift()));
    });
    await new Promise<void>((resolve) => vendor.listen(0, '127.0.0.1', resolve));
    const { port } = vendor.address() as AddressInfo;
    const connector = createSandboxPsaConnector({
      system: 'sandbox-psa',
      baseUrl: `http://127.0.0.1:${port}`,
      webhookSecret: testSecret,
    });
    try {
      const page = await connector.pull('4', 10);
      assert.deepEqual(
        page.events.map((e) => e.id),
        ['act_6'],
      );
      assert.equal(page.nextCursor, '6');
      await assert.rejects(connector.pull('4', 10), (e: unknown) => {
        assert.ok(e instanceof SourcePayloadError);
        assert.equal(e.retryable, false);
        assert.equal(e.activityId, 'act_5');
        assert.match(e.message, /\/object\/hours/);
        return true;
      });
    } finally {
      await connector.close();
      vendor.closeAllConnections();
      await new Promise((resolve) => vendor.close(resolve));
    }
  });
});
