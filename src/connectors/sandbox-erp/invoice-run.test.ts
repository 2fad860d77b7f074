// The invoice run against the real server: lines from time, rebillable expenses and released items,
// tax per line at the company's rates (half-up, to the cent, or to the yen), numbering and due dates.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addParty, admin, invoice, invoiceRun, postExpense, releaseItem } from './q2c-fixtures.ts';
import { billableLine, okId, provisioned, startHarness } from './test-fixtures.ts';
import type { Harness } from './test-fixtures.ts';

/** A billable line of quantity x price that the ERP books at `amount`. */
function line(
  entry: string,
  projectId: string,
  hours: string,
  rate: string,
  amount: string,
  currency = 'GBP',
) {
  return billableLine(entry, projectId, {
    hours,
    rate: { amount: rate, currency },
    amount: { amount, currency },
    description: `Work ${entry}`,
  });
}

describe('sandbox ERP invoice run', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await addParty(h, 'ACME');
  });
  after(() => h.close());

  const acme = { customerId: 'customer:sandbox-erp:ACME' } as const;

  it('invoices time, rebillable expenses and nothing else, with tax per line, half-up', async () => {
    const project = await provisioned(h.connector, 'INV-1', acme);
    const results = await h.connector.push([
      // 7.5 h x 133.33 = 999.975 -> 999.98; 20 % = 199.996 -> 200.00
      line('I-1', project, '7.5', '133.33', '999.98'),
      // 0.25 h x 62.50 = 15.625 -> 15.63; 20 % = 3.126 -> 3.13
      line('I-2', project, '0.25', '62.50', '15.63'),
      // 1 h x 0.03 = 0.03; 20 % = 0.006 -> 0.01
      line('I-3', project, '1', '0.03', '0.03'),
      // 145.60 at 20 % = 29.12
      postExpense('IE-1', project),
      postExpense('IE-2', project, { billable: false }),
    ]);
    results.forEach(okId);
    const run = await invoiceRun(h, { project_id: project, date: '2026-03-31' });
    assert.deepEqual(run.skipped, []);
    assert.equal(run.invoices.length, 1);
    const summary = run.invoices[0];
    assert.deepEqual(
      { ...summary, project_id: undefined },
      {
        invoice_number: 'UK-2026-000001',
        project_id: undefined,
        party_code: 'ACME',
        currency: 'GBP',
        lines: 4,
        net_total: '1161.24',
        tax_total: '232.26',
        gross_total: '1393.50',
        due_date: '2026-04-30',
      },
    );
    const issued = await invoice(h, 'UK-2026-000001');
    assert.deepEqual(
      issued.lines.map((l) => [l.item_kind, l.description, l.net, l.tax_rate, l.tax]),
      [
        ['time', 'Work I-1', '999.98', '20', '200.00'],
        ['time', 'Work I-2', '15.63', '20', '3.13'],
        ['time', 'Work I-3', '0.03', '20', '0.01'],
        ['expense', 'Hotel, client workshop', '145.60', '20', '29.12'],
      ],
    );
    assert.equal(issued.status, 'issued');
    assert.equal(issued.amount_paid, '0.00');
  });

  it('rounds tax per line, not per invoice, and halves up', async () => {
    const project = await provisioned(h.connector, 'INV-2', { ...acme, taxTreatment: 'reduced' });
    // Three lines of 0.10 at 5 %: 0.005 each -> 0.01 each (0.03), where one rounding of 0.015 would give
    // 0.02. 0.50 at 5 % = 0.025 -> 0.03 half-up (half-even would give 0.02).
    const results = await h.connector.push([
      line('R-1', project, '1', '0.10', '0.10'),
      line('R-2', project, '1', '0.10', '0.10'),
      line('R-3', project, '1', '0.10', '0.10'),
      line('R-4', project, '1', '0.50', '0.50'),
    ]);
    results.forEach(okId);
    const [summary] = (await invoiceRun(h, { project_id: project, date: '2026-04-01' })).invoices;
    assert.equal(summary?.net_total, '0.80');
    assert.equal(summary.tax_total, '0.06');
    assert.equal(summary.gross_total, '0.86');
    const issued = await invoice(h, summary.invoice_number);
    assert.deepEqual(
      issued.lines.map((l) => l.tax),
      ['0.01', '0.01', '0.01', '0.03'],
    );
  });

  it('numbers in sequence per company and year, and invoices nothing twice', async () => {
    const uk = await provisioned(h.connector, 'INV-3', acme);
    const de = await provisioned(h.connector, 'INV-3-DE', {
      ...acme,
      legalEntityId: 'LL-DE',
      currency: 'EUR',
    });
    okId((await h.connector.push([line('N-1', uk, '1', '100.00', '100.00')]))[0]);
    okId((await h.connector.push([line('N-2', de, '1', '100.00', '100.00', 'EUR')]))[0]);
    const first = await invoiceRun(h, { date: '2026-05-15' });
    const numbers = Object.fromEntries(first.invoices.map((i) => [i.project_id, i.invoice_number]));
    assert.equal(numbers[uk], 'UK-2026-000003');
    assert.equal(numbers[de], 'DE-2026-000001');
    // 19 % in the German company.
    assert.equal(first.invoices.find((i) => i.project_id === de)?.tax_total, '19.00');

    assert.deepEqual((await invoiceRun(h, { date: '2026-05-16' })).invoices, []);

    okId((await h.connector.push([line('N-3', uk, '2', '50.00', '100.00')]))[0]);
    const next = await invoiceRun(h, { date: '2027-01-04' });
    assert.deepEqual(
      next.invoices.map((i) => [i.invoice_number, i.lines, i.net_total]),
      [['UK-2027-000001', 1, '100.00']],
    );
  });

  it('invoices released milestones on a fixed-fee project', async () => {
    const project = await provisioned(h.connector, 'INV-4', { ...acme, billingModel: 'fixed-fee' });
    okId((await h.connector.push([releaseItem('BS-9', project, { description: '' })]))[0]);
    const [summary] = (await invoiceRun(h, { project_id: project, date: '2026-06-30' })).invoices;
    assert.equal(summary?.gross_total, '36000.00');
    const issued = await invoice(h, summary.invoice_number);
    assert.deepEqual(
      issued.lines.map((l) => [l.item_kind, l.description, l.net, l.tax]),
      [['milestone', 'Milestone milestone:sandbox-psa:M-5', '30000.00', '6000.00']],
    );
  });

  it('taxes a zero-decimal currency to the whole unit, half-up', async () => {
    h.erp.configureCompany({
      code: 'LL-JP',
      currency: 'JPY',
      taxCodes: ['standard', 'reduced'],
      taxRates: { standard: '10', reduced: '8' },
    });
    await addParty(h, 'TOKYO', { company: 'LL-JP', currency: 'JPY', payment_terms_days: 0 });
    const project = await provisioned(h.connector, 'INV-JP', {
      customerId: 'customer:sandbox-erp:TOKYO',
      legalEntityId: 'LL-JP',
      currency: 'JPY',
    });
    const results = await h.connector.push([
      // 1235 at 10 % = 123.5 -> 124; 1234 -> 123.4 -> 123; 0.5 h x 2469 = 1234.5 -> 1235 -> 123.5 -> 124
      line('J-1', project, '1', '1235', '1235', 'JPY'),
      line('J-2', project, '1', '1234', '1234', 'JPY'),
      line('J-3', project, '0.5', '2469', '1235', 'JPY'),
    ]);
    results.forEach(okId);
    const [summary] = (await invoiceRun(h, { project_id: project, date: '2026-07-01' })).invoices;
    assert.deepEqual(
      [
        summary?.invoice_number,
        summary?.net_total,
        summary?.tax_total,
        summary?.gross_total,
        summary?.due_date,
      ],
      ['JP-2026-000001', '3704', '371', '4075', '2026-07-01'],
    );
  });

  it('charges 0 % on reverse charge', async () => {
    h.erp.enableTaxCode('LL-UK', 'reverse-charge');
    const project = await provisioned(h.connector, 'INV-RC', { ...acme, taxTreatment: 'reverse-charge' });
    okId((await h.connector.push([line('RC-1', project, '3', '99.99', '299.97')]))[0]);
    const [summary] = (await invoiceRun(h, { project_id: project, date: '2026-07-02' })).invoices;
    assert.deepEqual([summary?.tax_total, summary?.gross_total], ['0.00', '299.97']);
  });

  it('skips, and keeps for later, a project whose customer or tax rate it cannot invoice', async () => {
    const orphan = await provisioned(h.connector, 'INV-5', { customerId: 'customer:sandbox-erp:NEWCO' });
    okId((await h.connector.push([line('S-1', orphan, '1', '10.00', '10.00')]))[0]);
    h.erp.enableTaxCode('LL-UK', 'special');
    const run = await invoiceRun(h, { date: '2026-08-01' });
    assert.deepEqual(
      run.skipped.map((s) => [s.project_id, s.code]),
      [[orphan, 'unknown_party']],
    );
    await addParty(h, 'NEWCO');
    const later = await invoiceRun(h, { date: '2026-08-02' });
    assert.deepEqual(
      later.invoices.map((i) => [i.project_id, i.net_total]),
      [[orphan, '10.00']],
    );

    const raw = await h.call(
      'POST',
      '/erp/v1/projects',
      {
        code: 'INV-6',
        name: 'Special tax',
        company: 'LL-UK',
        currency: 'GBP',
        tax_code: 'special',
        billing_method: 'time_and_materials',
        customer_ref: 'ACME',
      },
      { 'idempotency-key': 'raw-inv-6' },
    );
    const { project_id: special } = (await raw.json()) as { project_id: string };
    okId((await h.connector.push([line('S-2', special, '1', '10.00', '10.00')]))[0]);
    const refused = await invoiceRun(h, { project_id: special, date: '2026-08-03' });
    assert.deepEqual(
      refused.skipped.map((s) => s.code),
      ['tax_rate_not_configured'],
    );
  });

  it('splits a project past the 1000-line limit of an invoice', async () => {
    const project = await provisioned(h.connector, 'INV-BIG', acme);
    const lines = Array.from({ length: 1001 }, (_, i) => line(`B-${i}`, project, '1', '1.00', '1.00'));
    (await h.connector.push(lines)).forEach(okId);
    const run = await invoiceRun(h, { project_id: project, date: '2026-09-01' });
    assert.deepEqual(
      run.invoices.map((i) => [i.lines, i.gross_total]),
      [
        [1000, '1200.00'],
        [1, '1.20'],
      ],
    );
  });

  it('keeps invoice numbers unique: a prefix belongs to one company', async () => {
    const taken = await admin(h, '/admin/companies', {
      code: 'LL-UK2',
      currency: 'GBP',
      tax_codes: ['standard'],
      invoice_prefix: 'UK',
    });
    assert.deepEqual(
      [taken.status, (taken.body['error'] as { code: string }).code],
      [409, 'invoice_prefix_in_use'],
    );
    assert.throws(
      () => h.erp.configureCompany({ code: 'LL-X-DE', currency: 'EUR', taxCodes: [] }),
      RangeError,
    );
    const replaced = await admin(h, '/admin/companies', {
      code: 'LL-UK',
      currency: 'GBP',
      tax_codes: ['standard'],
    });
    assert.equal(replaced.status, 201);
  });

  it('refuses an unknown project and a bad request', async () => {
    const unknown = await admin(h, '/admin/invoice-run', { project_id: 'PRJ-999999', date: '2026-01-01' });
    assert.equal(unknown.status, 404);
    const bad = await admin(h, '/admin/invoice-run', { date: '2026-02-30' });
    assert.equal(bad.status, 422);
    const extra = await admin(h, '/admin/invoice-run', { date: '2026-02-01', dry_run: true });
    assert.equal(extra.status, 422);
  });

  it('reports invoices by status with their totals per currency', () => {
    const { invoices } = h.erp.report();
    assert.equal(invoices.count, 11);
    assert.deepEqual(invoices.byStatus, { issued: 11, part_paid: 0, paid: 0 });
    assert.deepEqual(invoices.gross, { EUR: '119.00', GBP: '39147.53', JPY: '4075' });
  });
});
