// The customer master and the change feed over raw HTTP: one change per party created or really
// changed, invoice issued and payment received, in keyset pages that resume from any cursor.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addParty, admin, invoiceRun, party } from './q2c-fixtures.ts';
import { billableLine, okId, provisioned, startHarness } from './test-fixtures.ts';
import type { Harness } from './test-fixtures.ts';

interface Change {
  change_id: string;
  type: string;
  occurred_at: string;
  party?: { party_code: string; legal_name: string };
  invoice?: { invoice_number: string; status: string };
  payment?: { payment_id: string; invoice_status: string };
}
interface FeedPage {
  data: Change[];
  has_more: boolean;
  next_after: string | null;
}

describe('sandbox ERP customer master and change feed', () => {
  let h: Harness;
  const feed = async (query: string): Promise<FeedPage> => {
    const response = await h.call('GET', `/erp/v1/changes${query}`);
    assert.equal(response.status, 200);
    return (await response.json()) as FeedPage;
  };

  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('answers an empty feed with no cursor', async () => {
    assert.deepEqual(await feed(''), { data: [], has_more: false, next_after: null });
  });

  it('creates a party, publishes real changes only, and refuses bad parties', async () => {
    const created = await admin(h, '/admin/parties', party('ACME'));
    assert.deepEqual(
      [created.status, created.body],
      [201, { party_code: 'ACME', created: true, change_id: 'CHG-000000001' }],
    );
    const same = await admin(h, '/admin/parties', party('ACME'));
    assert.deepEqual([same.status, same.body['change_id']], [200, null]);
    const renamed = await admin(h, '/admin/parties', party('ACME', { legal_name: 'ACME Group plc' }));
    assert.deepEqual([renamed.status, renamed.body['change_id']], [200, 'CHG-000000002']);

    const refusals: [Record<string, unknown>, string][] = [
      [party('X', { company: 'LL-FR' }), 'unknown_company'],
      [party('bad code'), 'validation_failed'],
      [party('X', { payment_terms_days: 400 }), 'validation_failed'],
      [party('X', { billing_address: { street: [], city: 'London', country: 'GB' } }), 'validation_failed'],
      [
        party('X', { billing_address: { street: ['1 A St'], city: 'London', country: 'gb' } }),
        'validation_failed',
      ],
      [party('X', { credit_limit: '1000' }), 'validation_failed'],
      [party('X', { active: 'yes' }), 'validation_failed'],
    ];
    for (const [body, code] of refusals) {
      const refused = await admin(h, '/admin/parties', body);
      assert.equal(refused.status, 422, JSON.stringify(body));
      assert.equal((refused.body['error'] as { code: string }).code, code, JSON.stringify(body));
    }
    assert.equal(h.erp.report().parties, 1);
  });

  it('publishes every change in order, in pages that resume from the cursor', async () => {
    await addParty(h, 'GLOBEX', { trade_name: undefined, vat_number: undefined, billing_address: undefined });
    const project = await provisioned(h.connector, 'FEED-1', { customerId: 'customer:sandbox-erp:ACME' });
    okId((await h.connector.push([billableLine('F-1', project)]))[0]);
    const [issued] = (await invoiceRun(h, { date: '2026-03-31' })).invoices;
    const paid = await admin(h, '/admin/payments', {
      invoice_number: issued?.invoice_number,
      amount: '100.00',
      date: '2026-04-02',
      method: 'card',
    });
    assert.equal(paid.status, 201);

    const all = await feed('?limit=1000');
    assert.deepEqual(
      all.data.map((c) => [c.change_id, c.type]),
      [
        ['CHG-000000001', 'party.created'],
        ['CHG-000000002', 'party.updated'],
        ['CHG-000000003', 'party.created'],
        ['CHG-000000004', 'invoice.issued'],
        ['CHG-000000005', 'payment.received'],
      ],
    );
    assert.deepEqual([all.has_more, all.next_after], [false, 'CHG-000000005']);
    // Each change keeps its object as it was: the invoice as issued, the party before its rename.
    assert.equal(all.data[0]?.party?.legal_name, 'ACME Holdings Ltd');
    assert.equal(all.data[1]?.party?.legal_name, 'ACME Group plc');
    assert.equal(all.data[3]?.invoice?.status, 'issued');
    assert.equal(all.data[4]?.payment?.invoice_status, 'part_paid');

    const first = await feed('?limit=2');
    assert.deepEqual([first.data.length, first.has_more, first.next_after], [2, true, 'CHG-000000002']);
    const second = await feed(`?limit=2&after=${first.next_after ?? ''}`);
    assert.deepEqual(
      second.data.map((c) => c.change_id),
      ['CHG-000000003', 'CHG-000000004'],
    );
    const third = await feed(`?limit=2&after=${second.next_after ?? ''}`);
    assert.deepEqual([third.data.map((c) => c.change_id), third.has_more], [['CHG-000000005'], false]);
    // Nothing new: the cursor comes back unchanged, so a client can always store `next_after`.
    const idle = await feed(`?after=${third.next_after ?? ''}`);
    assert.deepEqual(idle, { data: [], has_more: false, next_after: 'CHG-000000005' });
    assert.deepEqual(await feed('?after=CHG-000000001&limit=1000'), { ...all, data: all.data.slice(1) });
  });

  it('refuses a bad cursor or limit, and is struck by faults like any ERP call', async () => {
    for (const query of ['?after=PRJ-000001', '?after=', '?limit=0', '?limit=1001', '?since=1']) {
      const response = await h.call('GET', `/erp/v1/changes${query}`);
      assert.equal(response.status, 400, query);
    }
    h.erp.setFaults({ rateLimit: { every: 1, retryAfterSeconds: 3 } });
    try {
      const limited = await h.call('GET', '/erp/v1/changes');
      assert.deepEqual([limited.status, limited.headers.get('retry-after')], [429, '3']);
    } finally {
      h.erp.setFaults({});
    }
    const unauthenticated = await fetch(`${h.erp.url}/erp/v1/changes`);
    assert.equal(unauthenticated.status, 401);
  });
});
