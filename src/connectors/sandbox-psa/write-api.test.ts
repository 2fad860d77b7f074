// The PSA's write API on the wire: each endpoint creates, replays the original answer for a known
// Idempotency-Key, refuses a reused key with another body, and refuses what the business cannot take.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startSandboxPsa, type SandboxPsa } from './server.ts';
import { requestJson, testSecret } from './test-support/http.ts';
import { tinyFirm } from './test-support/tiny-firm.ts';
import { clientBody, invoiceBody, paymentBody, writeJson } from './test-support/writes.ts';

interface Record {
  readonly id: string;
  readonly [field: string]: unknown;
}

describe('write API', () => {
  let psa: SandboxPsa;
  const at = (path: string): string => `${psa.url}${path}`;

  before(async () => {
    psa = await startSandboxPsa({ webhookSecret: testSecret });
    psa.seed(tinyFirm());
  });
  after(() => psa.close());

  test('PUT clients creates under the ERP reference, replays, updates, and refuses a reused key', async () => {
    const path = at('/api/v2/clients/customer%3Asandbox-erp%3ACU%2F17');
    const created = await writeJson('PUT', path, 'cust-1', clientBody);
    assert.equal(created.status, 201);
    assert.equal(created.replayed, false);
    // The seeded projects already name C-101..C-103: a new client takes the next number.
    assert.deepEqual(created.body, {
      id: 'C-104',
      external_ref: 'customer:sandbox-erp:CU/17',
      name: 'Acme',
      legal_name: 'ACME Holdings Ltd',
      billing_currency: 'GBP',
      active: true,
    });

    const replay = await writeJson('PUT', path, 'cust-1', { ...clientBody });
    assert.deepEqual([replay.status, replay.replayed, replay.body], [201, true, created.body]);

    const reused = await writeJson('PUT', path, 'cust-1', { ...clientBody, name: 'Other' });
    assert.deepEqual([reused.status, reused.code], [422, 'idempotency_key_reused']);
    const otherPath = await writeJson('PUT', at('/api/v2/clients/CU-18'), 'cust-1', clientBody);
    assert.deepEqual([otherPath.status, otherPath.code], [422, 'idempotency_key_reused']);

    const updated = await writeJson('PUT', path, 'cust-2', {
      ...clientBody,
      active: false,
      legal_name: null,
    });
    assert.equal(updated.status, 200);
    assert.deepEqual((await requestJson('GET', at('/api/v2/clients/C-104'))).body, {
      ...(created.body as Record),
      active: false,
      legal_name: null,
    });

    const missing = await writeJson('PUT', path, undefined, clientBody);
    assert.deepEqual([missing.status, missing.code], [400, 'idempotency_key_missing']);
    const bad = await writeJson('PUT', path, 'cust-3', { ...clientBody, active: 'yes' });
    assert.deepEqual([bad.status, bad.code], [400, 'invalid_request']);
    const currency = await writeJson('PUT', path, 'cust-4', { ...clientBody, billing_currency: 'XXY' });
    assert.deepEqual([currency.status, currency.code], [422, 'unknown_currency']);
    // Refusals are not remembered: the key is free for the corrected request.
    const fixed = await writeJson('PUT', path, 'cust-4', clientBody);
    assert.deepEqual([fixed.status, fixed.replayed], [200, false]);
  });

  test('POST engagements creates a draft project that is published only once finance completes it', async () => {
    const client = await writeJson('PUT', at('/api/v2/clients/CU-30'), 'cust-30', {
      ...clientBody,
      name: 'Globex',
      billing_currency: 'EUR',
    });
    const clientId = (client.body as Record).id;
    const engagement = {
      client_id: clientId,
      name: 'Globex ERP rollout',
      code: 'GLBX-2026-07',
      billing_type: 'fixed_fee',
      start_date: '2026-08-03',
      value: { amount: '120000.00', currency: 'EUR' },
      company: 'LL-DE',
      opportunity_ref: 'opportunity:sandbox-crm:O-311',
    };
    const activitiesBefore = psa.report().activities;
    const created = await writeJson('POST', at('/api/v2/engagements'), 'eng-1', engagement);
    assert.equal(created.status, 201);
    assert.deepEqual(created.body, {
      id: 'P-1004',
      code: 'GLBX-2026-07',
      name: 'Globex ERP rollout',
      client_id: clientId,
      client_name: 'Globex',
      status: 'draft',
      company: 'LL-DE',
      currency: 'EUR',
      tax_treatment: null,
      billing_method: 'fixed_fee',
      start_date: '2026-08-03',
      contract_value: { amount: '120000.00', currency: 'EUR' },
      opportunity_ref: 'opportunity:sandbox-crm:O-311',
    });
    const replay = await writeJson('POST', at('/api/v2/engagements'), 'eng-1', engagement);
    assert.deepEqual([replay.status, replay.replayed, replay.body], [201, true, created.body]);
    assert.equal(psa.report().activities, activitiesBefore, 'a draft is not published');

    const refusals: [unknown, number, string][] = [
      [{ ...engagement, code: 'ACME-2026-01' }, 409, 'project_code_exists'],
      [{ ...engagement, code: 'X-1', client_id: 'C-999' }, 422, 'unknown_client'],
      [{ ...engagement, code: 'X-1', company: 'LL-FR' }, 422, 'unknown_company'],
      [{ ...engagement, code: 'X-1', value: { amount: '10.001', currency: 'EUR' } }, 422, 'invalid_amount'],
      [{ ...engagement, code: 'X-1', billing_type: 'barter' }, 400, 'invalid_request'],
    ];
    for (const [body, status, code] of refusals) {
      const refused = await writeJson('POST', at('/api/v2/engagements'), `eng-${code}`, body);
      assert.deepEqual([refused.status, refused.code], [status, code], JSON.stringify(body));
    }
    await writeJson('PUT', at('/api/v2/clients/CU-30'), 'cust-31', { ...clientBody, active: false });
    const inactive = await writeJson('POST', at('/api/v2/engagements'), 'eng-x', {
      ...engagement,
      code: 'X-2',
    });
    assert.deepEqual([inactive.status, inactive.code], [422, 'client_inactive']);

    psa.completeProjectSetup('P-1004', { tax_treatment: 'reverse-charge' });
    const feed = await requestJson('GET', at(`/api/v2/activities?after=${activitiesBefore}`));
    const [activation] = (feed.body as { activities: { kind: string; object: Record }[] }).activities;
    assert.equal(activation?.kind, 'project.activated');
    assert.equal(activation?.object['status'], 'active');
    assert.equal(activation?.object['tax_treatment'], 'reverse-charge');
  });

  test('POST invoices records an invoice on its project, then its status; what was issued does not change', async () => {
    const path = at('/api/v2/projects/P-1001/invoices');
    const created = await writeJson('POST', path, 'inv-1', invoiceBody);
    assert.equal(created.status, 201);
    const invoice = created.body as Record;
    assert.equal(invoice.id, 'PI-1');
    assert.equal(invoice['status'], 'issued');
    const replay = await writeJson('POST', path, 'inv-1', invoiceBody);
    assert.deepEqual([replay.status, replay.replayed, replay.body], [201, true, invoice]);

    const refusals: [string, unknown, number, string][] = [
      ['P-1001', { ...invoiceBody, status: 'paid', gross: '1300.00' }, 422, 'invoice_totals_inconsistent'],
      ['P-1001', { ...invoiceBody, net: '1100.00', gross: '1300.00' }, 409, 'invoice_changed'],
      ['P-1002', { ...invoiceBody, currency: 'EUR' }, 409, 'invoice_number_exists'],
      ['P-1002', { ...invoiceBody, invoice_number: 'INV-2' }, 422, 'currency_mismatch'],
      ['P-9999', invoiceBody, 404, 'project_not_found'],
      ['P-1001', { ...invoiceBody, invoice_number: 'INV-3', due_on: '2026-07-01' }, 422, 'invalid_dates'],
      [
        'P-1001',
        { ...invoiceBody, invoice_number: 'INV-3', tax: '200.001', gross: '1200.001' },
        422,
        'invalid_amount',
      ],
    ];
    for (const [project, body, status, code] of refusals) {
      const refused = await writeJson(
        'POST',
        at(`/api/v2/projects/${project}/invoices`),
        `inv-${code}`,
        body,
      );
      assert.deepEqual([refused.status, refused.code], [status, code], code);
    }

    const issuedAgain = await writeJson('POST', path, 'inv-2', { ...invoiceBody, gross: '1200.0' });
    assert.deepEqual(
      [issuedAgain.status, (issuedAgain.body as Record).id],
      [200, 'PI-1'],
      'amounts compare by value',
    );
    const listed = await requestJson('GET', path);
    assert.deepEqual(
      (listed.body as { invoices: Record[] }).invoices.map((i) => [i.id, i['invoice_number'], i['status']]),
      [['PI-1', 'INV-2026-0042', 'issued']],
    );
  });

  test('POST payments records money against an invoice and answers the invoice status it leaves', async () => {
    const path = at('/api/v2/projects/P-1001/payments');
    const first = await writeJson('POST', path, 'pay-1', paymentBody);
    assert.equal(first.status, 201);
    assert.deepEqual(
      [(first.body as Record).id, (first.body as Record)['invoice_status']],
      ['PP-1', 'part_paid'],
    );
    const replay = await writeJson('POST', path, 'pay-1', paymentBody);
    assert.deepEqual([replay.status, replay.replayed, replay.body], [201, true, first.body]);

    const rest = { ...paymentBody, payment_ref: 'payment:sandbox-erp:RC-2', amount: '700.00' };
    const second = await writeJson('POST', path, 'pay-2', rest);
    assert.equal((second.body as Record)['invoice_status'], 'paid');
    const invoices = (await requestJson('GET', at('/api/v2/projects/P-1001/invoices'))).body as {
      invoices: Record[];
    };
    assert.equal(invoices.invoices[0]?.['status'], 'paid');

    const reversed = await writeJson('POST', path, 'pay-1-rev', { ...paymentBody, status: 'reversed' });
    assert.deepEqual(
      [reversed.status, (reversed.body as Record).id, (reversed.body as Record)['invoice_status']],
      [200, 'PP-1', 'part_paid'],
    );

    const refusals: [string, unknown, number, string][] = [
      ['P-1001', { ...paymentBody, status: 'allocated' }, 409, 'payment_reversed'],
      ['P-1001', { ...rest, amount: '701.00' }, 409, 'payment_changed'],
      ['P-1001', { ...paymentBody, payment_ref: 'p-9', invoice_number: 'INV-404' }, 422, 'unknown_invoice'],
      ['P-1002', { ...paymentBody, payment_ref: 'p-9' }, 422, 'unknown_invoice'],
      ['P-1001', { ...paymentBody, payment_ref: 'p-9', currency: 'EUR' }, 422, 'currency_mismatch'],
      ['P-1001', { ...paymentBody, payment_ref: 'p-9', method: 'barter' }, 400, 'invalid_request'],
    ];
    for (const [project, body, status, code] of refusals) {
      const refused = await writeJson(
        'POST',
        at(`/api/v2/projects/${project}/payments`),
        `pay-${code}`,
        body,
      );
      assert.deepEqual([refused.status, refused.code], [status, code], code);
    }
    const voided = await writeJson('POST', at('/api/v2/projects/P-1001/invoices'), 'inv-void', {
      ...invoiceBody,
      status: 'void',
    });
    assert.deepEqual([voided.status, voided.code], [409, 'invoice_has_payments']);

    const report = psa.report();
    assert.deepEqual(report.invoices, { count: 1, byStatus: { part_paid: 1 }, gross: { GBP: '1200.00' } });
    assert.deepEqual(report.payments, {
      count: 2,
      byStatus: { allocated: 1, reversed: 1 },
      amount: { GBP: '700.00' },
    });
  });

  test('write faults: 429 with Retry-After and 503 apply nothing; a lost answer was applied and replays', async () => {
    const path = at('/api/v2/clients/CU-50');
    psa.setFaults({ throttleWrites: 1, writeRetryAfterSeconds: 7, failWrites: 1, loseWriteAnswers: 1 });
    const throttled = await writeJson('PUT', path, 'cust-50', clientBody);
    assert.deepEqual([throttled.status, throttled.headers.get('retry-after')], [429, '7']);
    const failed = await writeJson('PUT', path, 'cust-50', clientBody);
    assert.deepEqual([failed.status, failed.headers.get('retry-after')], [503, null]);
    const clientsBefore = psa.report().clients.count;
    const lost = await writeJson('PUT', path, 'cust-50', clientBody);
    assert.equal(lost.status, 502);
    assert.equal(psa.report().clients.count, clientsBefore + 1, 'applied although the answer was lost');
    const resent = await writeJson('PUT', path, 'cust-50', clientBody);
    assert.deepEqual([resent.status, resent.replayed], [201, true]);
    assert.equal(psa.report().clients.count, clientsBefore + 1);
  });
});

test('remembered answers survive a restart', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-psa-writes-'));
  const stateFile = join(dir, 'psa.json');
  try {
    const first = await startSandboxPsa({ webhookSecret: testSecret, stateFile });
    const created = await writeJson('PUT', `${first.url}/api/v2/clients/CU-1`, 'k-1', clientBody);
    await first.close();
    const second = await startSandboxPsa({ webhookSecret: testSecret, stateFile });
    try {
      const replay = await writeJson('PUT', `${second.url}/api/v2/clients/CU-1`, 'k-1', clientBody);
      assert.deepEqual([replay.status, replay.replayed, replay.body], [201, true, created.body]);
      assert.equal(second.report().clients.count, 1);
    } finally {
      await second.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
