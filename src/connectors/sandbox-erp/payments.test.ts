// Payments against invoices through the admin endpoint: part and full payment, the status they move
// the invoice to, and every refusal.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addParty, admin, invoice, invoiceRun } from './q2c-fixtures.ts';
import { billableLine, okId, provisioned, startHarness } from './test-fixtures.ts';
import type { Harness } from './test-fixtures.ts';

describe('sandbox ERP payments', () => {
  let h: Harness;
  let number: string;
  let project: string;
  before(async () => {
    h = await startHarness();
    await addParty(h, 'ACME');
    project = await provisioned(h.connector, 'PAY-1', { customerId: 'customer:sandbox-erp:ACME' });
    // 7.5 h x 133.33 = 999.98 + 200.00 tax = 1199.98 gross
    okId((await h.connector.push([billableLine('P-1', project)]))[0]);
    const [issued] = (await invoiceRun(h, { date: '2026-03-31' })).invoices;
    assert.equal(issued?.gross_total, '1199.98');
    number = issued.invoice_number;
  });
  after(() => h.close());

  const pay = (amount: string, extra: Record<string, unknown> = {}) =>
    admin(h, '/admin/payments', {
      invoice_number: number,
      amount,
      date: '2026-04-20',
      method: 'bank_transfer',
      ...extra,
    });

  it('takes a part payment: the invoice is part paid', async () => {
    const first = await pay('1000', { reference: 'ACME REMIT 1' });
    assert.equal(first.status, 201);
    assert.deepEqual(first.body, {
      payment_id: 'PAY-0000001',
      invoice_number: number,
      project_id: project,
      project_ref: 'project:sandbox-psa:PAY-1',
      amount: '1000.00',
      currency: 'GBP',
      date: '2026-04-20',
      method: 'bank_transfer',
      reference: 'ACME REMIT 1',
      invoice_status: 'part_paid',
    });
    const current = await invoice(h, number);
    assert.deepEqual([current.status, current.amount_paid], ['part_paid', '1000.00']);
  });

  it('refuses more than is outstanding, and an amount below the minor unit', async () => {
    const over = await pay('199.99');
    assert.equal(over.status, 422);
    assert.deepEqual((over.body['error'] as { code: string }).code, 'overpayment');
    assert.match((over.body['error'] as { message: string }).message, /199\.98 outstanding/);
    const precise = await pay('0.001');
    assert.equal((precise.body['error'] as { code: string }).code, 'amount_precision');
    assert.equal((await invoice(h, number)).amount_paid, '1000.00');
  });

  it('takes the rest: the invoice is paid, and takes nothing more', async () => {
    const rest = await pay('199.98', { method: 'direct_debit' });
    assert.equal(rest.status, 201);
    assert.equal(rest.body['invoice_status'], 'paid');
    const current = await invoice(h, number);
    assert.deepEqual([current.status, current.amount_paid], ['paid', '1199.98']);
    const again = await pay('0.01');
    assert.equal((again.body['error'] as { code: string }).code, 'invoice_already_paid');
  });

  it('refuses an unknown invoice, an unknown method and a non-positive amount', async () => {
    const unknown = await admin(h, '/admin/payments', {
      invoice_number: 'UK-2026-999999',
      amount: '1.00',
      date: '2026-04-20',
      method: 'card',
    });
    assert.equal(unknown.status, 404);
    assert.equal((unknown.body['error'] as { code: string }).code, 'unknown_invoice');
    for (const body of [
      { invoice_number: number, amount: '1.00', date: '2026-04-20', method: 'cash' },
      { invoice_number: number, amount: '0', date: '2026-04-20', method: 'card' },
      { invoice_number: number, amount: '-5.00', date: '2026-04-20', method: 'card' },
      { invoice_number: number, amount: 5, date: '2026-04-20', method: 'card' },
    ]) {
      const refused = await admin(h, '/admin/payments', body);
      assert.equal(refused.status, 422, JSON.stringify(body));
      assert.equal((refused.body['error'] as { code: string }).code, 'validation_failed');
    }
  });

  it('reports payments and invoice statuses', () => {
    const report = h.erp.report();
    assert.deepEqual(report.payments, { count: 2, amount: { GBP: '1199.98' } });
    assert.deepEqual(report.invoices.byStatus, { issued: 0, part_paid: 0, paid: 1 });
  });
});
