// The ERP as a source: the change feed pulled through the connector becomes canonical events that pass
// the contract, identical when pulled again, resumable from any cursor; failures are typed errors and
// bad data is skipped and reported, never thrown.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { validateEvent, type CanonicalEvent } from '../../contracts/index.ts';
import { createSandboxErpConnector } from './connector.ts';
import type { InvalidChange, SandboxErpConnector } from './connector.ts';
import { addParty, admin, invoiceRun, postExpense } from './q2c-fixtures.ts';
import { API_KEY, billableLine, okId, provisioned, startHarness } from './test-fixtures.ts';
import type { Harness } from './test-fixtures.ts';

async function pullAll(connector: SandboxErpConnector, limit: number): Promise<CanonicalEvent[]> {
  const events: CanonicalEvent[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const pulled = await connector.pull(cursor, limit);
    events.push(...pulled.events);
    cursor = pulled.nextCursor ?? cursor;
    if (!pulled.hasMore) return events;
  }
  throw new Error('the feed did not end');
}

describe('sandbox ERP source connector', () => {
  let h: Harness;
  let project: string;
  before(async () => {
    h = await startHarness();
    await addParty(h, 'ACME');
    project = await provisioned(h.connector, 'SRC-1', { customerId: 'customer:sandbox-erp:ACME' });
    (await h.connector.push([billableLine('S-1', project), postExpense('SX-1', project)])).forEach(okId);
    await invoiceRun(h, { date: '2026-03-31' });
    await admin(h, '/admin/payments', {
      invoice_number: 'UK-2026-000001',
      amount: '500.00',
      date: '2026-04-15',
      method: 'bank_transfer',
      reference: 'ACME 0001',
    });
    await addParty(h, 'ACME', { active: false, trade_name: undefined });
  });
  after(() => h.close());

  it('maps the feed to canonical events that pass the contract', async () => {
    const { events, nextCursor, hasMore } = await h.connector.pull(undefined, 100);
    assert.deepEqual([nextCursor, hasMore], ['CHG-000000004', false]);
    for (const event of events) assert.ok(validateEvent(event).ok, JSON.stringify(validateEvent(event)));
    assert.deepEqual(
      events.map((e) => [e.id, e.type, e.subject, e.source]),
      [
        ['CHG-000000001', 'io.ledgerline.customer.created.v1', 'customer:sandbox-erp:ACME', 'sandbox-erp'],
        [
          'CHG-000000002',
          'io.ledgerline.invoice.issued.v1',
          'invoice:sandbox-erp:UK-2026-000001',
          'sandbox-erp',
        ],
        [
          'CHG-000000003',
          'io.ledgerline.payment.received.v1',
          'payment:sandbox-erp:PAY-0000001',
          'sandbox-erp',
        ],
        ['CHG-000000004', 'io.ledgerline.customer.updated.v1', 'customer:sandbox-erp:ACME', 'sandbox-erp'],
      ],
    );
    const [created, issued, paid, updated] = events;
    assert.deepEqual(created?.data, {
      id: 'customer:sandbox-erp:ACME',
      name: 'ACME',
      legalName: 'ACME Holdings Ltd',
      status: 'active',
      legalEntityId: 'LL-UK',
      billingAddress: { lines: ['1 Finsbury Avenue'], city: 'London', postalCode: 'EC2M 2PP', country: 'GB' },
      billingCurrency: 'GBP',
      taxId: 'GB123456789',
      paymentTermsDays: 30,
    });
    const gbp = (amount: string) => ({ amount, currency: 'GBP' });
    assert.deepEqual(issued?.data, {
      id: 'invoice:sandbox-erp:UK-2026-000001',
      number: 'UK-2026-000001',
      customerId: 'customer:sandbox-erp:ACME',
      // The canonical project id Ledgerline provisioned, not the ERP's PRJ- id.
      projectId: 'project:sandbox-psa:SRC-1',
      legalEntityId: 'LL-UK',
      currency: 'GBP',
      issueDate: '2026-03-31',
      dueDate: '2026-04-30',
      lines: [
        {
          description: 'Discovery workshop',
          quantity: '7.5',
          unitPrice: gbp('133.33'),
          net: gbp('999.98'),
          taxCode: 'standard',
          tax: gbp('200.00'),
          billingEventId: 'billing-event:sandbox-erp:BL-0000001',
        },
        {
          description: 'Hotel, client workshop',
          quantity: '1',
          unitPrice: gbp('145.60'),
          net: gbp('145.60'),
          taxCode: 'standard',
          tax: gbp('29.12'),
          billingEventId: 'billing-event:sandbox-erp:EX-0000001',
        },
      ],
      totals: { net: gbp('1145.58'), tax: gbp('229.12'), gross: gbp('1374.70') },
      status: 'issued',
    });
    assert.equal(issued?.correlationid, 'project:sandbox-psa:SRC-1');
    assert.deepEqual(paid?.data, {
      id: 'payment:sandbox-erp:PAY-0000001',
      invoiceId: 'invoice:sandbox-erp:UK-2026-000001',
      amount: gbp('500.00'),
      receivedDate: '2026-04-15',
      method: 'bank-transfer',
      status: 'allocated',
      reference: 'ACME 0001',
    });
    assert.equal(paid?.correlationid, 'project:sandbox-psa:SRC-1');
    assert.deepEqual(
      updated?.type === 'io.ledgerline.customer.updated.v1' && [updated.data.name, updated.data.status],
      ['ACME Holdings Ltd', 'archived'],
    );
  });

  it('gives identical events when a page is pulled again, and resumes page by page', async () => {
    const whole = (await h.connector.pull(undefined, 100)).events;
    assert.deepEqual((await h.connector.pull(undefined, 100)).events, whole);
    assert.deepEqual(await pullAll(h.connector, 1), whole);
    const first = await h.connector.pull(undefined, 3);
    assert.deepEqual([first.events.length, first.nextCursor, first.hasMore], [3, 'CHG-000000003', true]);
    const rest = await h.connector.pull(first.nextCursor, 3);
    assert.deepEqual(rest.events, whole.slice(3));
    assert.deepEqual(await h.connector.pull('CHG-000000004', 10), {
      events: [],
      nextCursor: undefined,
      hasMore: false,
    });
    await assert.rejects(h.connector.pull('PRJ-000001', 10), RangeError);
  });

  it('names a project the ERP was not given a canonical id for in its own id space', async () => {
    const created = await h.call(
      'POST',
      '/erp/v1/projects',
      {
        code: 'RAW-1',
        name: 'Created in the ERP',
        company: 'LL-UK',
        currency: 'GBP',
        tax_code: 'standard',
        billing_method: 'time_and_materials',
        customer_ref: 'ACME',
      },
      { 'idempotency-key': 'raw-src-1' },
    );
    const { project_id: raw } = (await created.json()) as { project_id: string };
    okId((await h.connector.push([billableLine('S-RAW', raw)]))[0]);
    await invoiceRun(h, { project_id: raw, date: '2026-04-01' });
    const { events } = await h.connector.pull('CHG-000000004', 10);
    assert.equal(events.length, 1);
    assert.equal(
      events[0]?.type === 'io.ledgerline.invoice.issued.v1' && events[0].data.projectId,
      `project:sandbox-erp:${raw}`,
    );
  });

  it('throws retryable errors with Retry-After for 429 and 5xx, and a final one for a bad key', async () => {
    h.erp.setFaults({ rateLimit: { every: 1, retryAfterSeconds: 7 } });
    try {
      await assert.rejects(h.connector.pull(undefined, 10), {
        name: 'ErpFeedUnavailableError',
        retryable: true,
        reasonCode: 'erp.rate_limited',
        retryAfterMs: 7000,
      });
      h.erp.setFaults({ serverErrors: { next: 1, status: 503 } });
      await assert.rejects(h.connector.pull(undefined, 10), {
        retryable: true,
        reasonCode: 'erp.unavailable',
      });
    } finally {
      h.erp.setFaults({});
    }
    const wrongKey = h.connect({ apiKey: 'not-the-key' });
    await assert.rejects(wrongKey.pull(undefined, 10), {
      name: 'ErpFeedRejectedError',
      retryable: false,
      reasonCode: 'erp.unauthorized',
    });
    const unreachable = createSandboxErpConnector({
      system: 'sandbox-erp',
      baseUrl: 'http://127.0.0.1:9',
      apiKey: API_KEY,
    });
    try {
      await assert.rejects(unreachable.pull(undefined, 10), {
        retryable: true,
        reasonCode: 'erp.unavailable',
      });
    } finally {
      await unreachable.close();
    }
  });

  it('refuses webhooks: the ERP has none', () => {
    const outcome = h.connector.receiveWebhook({ headers: {}, rawBody: '{}' });
    assert.deepEqual(outcome.ok ? outcome : [outcome.status, outcome.reasonCode], [
      422,
      'webhook.not_supported',
    ]);
  });
});

describe('sandbox ERP source connector on bad data', () => {
  let body = '';
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  let url = '';
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const party = (changeId: string, extra: Record<string, unknown> = {}) => ({
    change_id: changeId,
    type: 'party.created',
    occurred_at: '2026-03-01T10:00:00Z',
    party: {
      party_code: 'P1',
      legal_name: 'P1 Ltd',
      currency: 'GBP',
      company: 'LL-UK',
      payment_terms_days: 30,
      active: true,
      ...extra,
    },
  });

  const invoiceWithProjectRef = (changeId: string, projectRef: string) => ({
    change_id: changeId,
    type: 'invoice.issued',
    occurred_at: '2026-03-01T10:00:00Z',
    invoice: {
      invoice_number: 'UK-2026-000001',
      company: 'LL-UK',
      project_id: 'PRJ-000001',
      project_code: 'P-1',
      project_ref: projectRef,
      party_code: 'P1',
      currency: 'GBP',
      issue_date: '2026-03-01',
      due_date: '2026-03-31',
      lines: [
        {
          line_no: 1,
          item_id: 'BL-0000001',
          item_kind: 'time',
          source_ref: 'T-1',
          description: 'Work',
          quantity: '1',
          unit_price: '10.00',
          net: '10.00',
          tax_code: 'standard',
          tax_rate: '20',
          tax: '2.00',
        },
      ],
      net_total: '10.00',
      tax_total: '2.00',
      gross_total: '12.00',
      amount_paid: '0.00',
      status: 'issued',
    },
  });

  function connect(problems: InvalidChange[]): SandboxErpConnector {
    return createSandboxErpConnector({
      system: 'sandbox-erp',
      baseUrl: url,
      apiKey: API_KEY,
      onInvalidChange: (problem) => problems.push(problem),
    });
  }

  it('skips and reports a bad change, skips an unknown type quietly, and moves the cursor past both', async () => {
    body = JSON.stringify({
      data: [
        party('CHG-000000001', { payment_terms_days: '30' }),
        { change_id: 'CHG-000000002', type: 'credit_note.issued', occurred_at: '2026-03-01T10:00:00Z' },
        party('CHG-000000003', { legal_name: 'P1 Ltd', extra_field: 'tolerated' }),
        party('CHG-000000003'),
        { nonsense: true },
        invoiceWithProjectRef('CHG-000000004', 'P-1'),
      ],
      has_more: true,
      next_after: 'CHG-000000009',
    });
    const problems: InvalidChange[] = [];
    const connector = connect(problems);
    try {
      const page = await connector.pull(undefined, 10);
      assert.deepEqual(
        page.events.map((e) => e.id),
        ['CHG-000000003'],
      );
      assert.deepEqual([page.nextCursor, page.hasMore], ['CHG-000000009', true]);
      assert.deepEqual(
        problems.map((p) => [p.reasonCode, p.changeId]),
        [
          ['erp.invalid_change', 'CHG-000000001'],
          ['erp.invalid_change', 'CHG-000000003'],
          ['erp.invalid_change', undefined],
          ['erp.invalid_change', 'CHG-000000004'],
        ],
      );
      assert.match(problems[0]?.message ?? '', /payment_terms_days/);
      // Valid for the vendor, but "P-1" is not a canonical id: caught by the contract check.
      assert.match(problems[3]?.message ?? '', /\/data\/projectId/);
    } finally {
      await connector.close();
    }
  });

  it('answers a page it cannot read as an empty page, reported, without moving the cursor', async () => {
    const problems: InvalidChange[] = [];
    const connector = connect(problems);
    try {
      for (const garbage of ['not json', '{"data": {}, "has_more": false, "next_after": null}', '[]']) {
        body = garbage;
        assert.deepEqual(await connector.pull('CHG-000000009', 10), {
          events: [],
          nextCursor: undefined,
          hasMore: false,
        });
      }
      assert.deepEqual(
        problems.map((p) => p.reasonCode),
        ['erp.invalid_page', 'erp.invalid_page', 'erp.invalid_page'],
      );
      // "More" without progress would have the poller read the same page forever.
      body = JSON.stringify({ data: [], has_more: true, next_after: 'CHG-000000009' });
      assert.deepEqual(await connector.pull('CHG-000000009', 10), {
        events: [],
        nextCursor: undefined,
        hasMore: false,
      });
    } finally {
      await connector.close();
    }
  });
});
