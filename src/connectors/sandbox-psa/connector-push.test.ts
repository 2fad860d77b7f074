// The connector as a target: canonical PSA commands written to the real sandbox, one result per command in
// order, replays recognised, ERP commands and business refusals rejected with reason codes, and throttling,
// outages and lost answers retried (honouring Retry-After) without booking anything twice.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { IssuedInvoice, Opportunity, Payment } from '../../contracts/index.ts';
import type {
  CreateDeliveryProject,
  PostCost,
  RecordInvoiceStatus,
  RecordPayment,
  UpsertCustomer,
} from '../kit/commands.ts';
import type { PushResult } from '../kit/connector.ts';
import { writeResult } from './client/parse-write-result.ts';
import { createSandboxPsaConnector, type SandboxPsaConnector } from './connector.ts';
import { startSandboxPsa, type SandboxPsa } from './server.ts';
import { requestJson, testSecret } from './test-support/http.ts';
import { tinyFirm } from './test-support/tiny-firm.ts';

const gbp = (amount: string) => ({ amount, currency: 'GBP' });

const customer: UpsertCustomer = {
  kind: 'upsertCustomer',
  idempotencyKey: 'customer:sandbox-erp:CU-17/psa-master',
  customer: {
    id: 'customer:sandbox-erp:CU-17',
    name: 'Acme',
    legalName: 'ACME Holdings Ltd',
    status: 'active',
    legalEntityId: 'LL-UK',
    billingCurrency: 'GBP',
  },
};

const opportunity: Opportunity = {
  id: 'opportunity:sandbox-crm:O-311',
  customerId: 'customer:sandbox-erp:CU-17',
  name: 'ACME ERP rollout',
  status: 'closed-won',
  amount: gbp('120000.00'),
  expectedStartDate: '2026-08-03',
  legalEntityId: 'LL-UK',
  currency: 'GBP',
  billingModel: 'fixed-fee',
  taxCode: 'VAT20',
};

const invoice: IssuedInvoice = {
  id: 'invoice:sandbox-erp:SI-9921',
  number: 'INV-2026-0042',
  customerId: 'customer:sandbox-erp:CU-17',
  projectId: 'project:sandbox-psa:P-1001',
  legalEntityId: 'LL-UK',
  currency: 'GBP',
  issueDate: '2026-07-31',
  dueDate: '2026-08-30',
  lines: [
    {
      description: 'Consulting July 2026',
      quantity: '8',
      unitPrice: gbp('125.00'),
      net: gbp('1000.00'),
      taxCode: 'VAT20',
      tax: gbp('200.00'),
    },
  ],
  totals: { net: gbp('1000.00'), tax: gbp('200.00'), gross: gbp('1200.00') },
  status: 'issued',
};

const payment: Payment = {
  id: 'payment:sandbox-erp:RC-1',
  invoiceId: 'invoice:sandbox-erp:SI-9921',
  amount: gbp('1200.00'),
  receivedDate: '2026-08-12',
  method: 'bank-transfer',
  status: 'allocated',
  reference: 'BACS 40-12-76 ACME',
};

const invoiceCommand: RecordInvoiceStatus = {
  kind: 'recordInvoiceStatus',
  idempotencyKey: 'invoice:sandbox-erp:SI-9921/psa-issued',
  invoice,
  projectExternalId: 'P-1001',
};

const paymentCommand: RecordPayment = {
  kind: 'recordPayment',
  idempotencyKey: 'payment:sandbox-erp:RC-1/psa-allocated',
  payment,
  invoiceNumber: 'INV-2026-0042',
  projectExternalId: 'P-1001',
};

const erpCommand: PostCost = {
  kind: 'postCost',
  idempotencyKey: 'time:sandbox-psa:100001/cost',
  timeEntryId: 'time:sandbox-psa:100001',
  projectId: 'project:sandbox-psa:P-1001',
  projectExternalId: 'PRJ-1',
  resourceId: 'resource:sandbox-psa:U-1',
  workDate: '2026-07-06',
  hours: '7.5',
  costRate: gbp('62.50'),
  amount: gbp('468.75'),
};

const deliveryProject = (customerExternalId: string): CreateDeliveryProject => ({
  kind: 'createDeliveryProject',
  idempotencyKey: 'opportunity:sandbox-crm:O-311/psa-project',
  opportunity,
  customerExternalId,
  projectCode: 'ACME-2026-07',
});

const outcomes = (results: readonly PushResult[]): string[] =>
  results.map((r) =>
    r.outcome === 'ok'
      ? `ok ${r.externalId}${r.replayed ? ' replayed' : ''}`
      : `${r.outcome} ${r.reasonCode}`,
  );

describe('pushing commands to the sandbox PSA', () => {
  let psa: SandboxPsa;
  let connector: SandboxPsaConnector;

  before(async () => {
    psa = await startSandboxPsa({ webhookSecret: testSecret });
    connector = createSandboxPsaConnector({
      system: 'sandbox-psa',
      baseUrl: psa.url,
      webhookSecret: testSecret,
    });
    psa.seed(tinyFirm());
  });
  after(async () => {
    await connector.close();
    await psa.close();
  });

  test('writes the four PSA commands in order and answers the PSA ids; ERP commands are refused unsent', async () => {
    const first = await connector.push([customer, erpCommand, invoiceCommand, paymentCommand]);
    assert.deepEqual(outcomes(first), ['ok C-104', 'reject psa.unsupported_command', 'ok PI-1', 'ok PP-1']);
    assert.match((first[1] as { message: string }).message, /no operation for postCost/);

    const [project] = await connector.push([deliveryProject('C-104')]);
    assert.deepEqual(project, { outcome: 'ok', externalId: 'P-1004', replayed: false });

    const client = await requestJson('GET', `${psa.url}/api/v2/clients/C-104`);
    assert.deepEqual(client.body, {
      id: 'C-104',
      external_ref: 'customer:sandbox-erp:CU-17',
      name: 'Acme',
      legal_name: 'ACME Holdings Ltd',
      billing_currency: 'GBP',
      active: true,
    });
    const created = (await requestJson('GET', `${psa.url}/api/v2/projects/P-1004`)).body as Record<
      string,
      unknown
    >;
    assert.deepEqual(
      [
        created['status'],
        created['code'],
        created['billing_method'],
        created['company'],
        created['opportunity_ref'],
      ],
      ['draft', 'ACME-2026-07', 'fixed_fee', 'LL-UK', 'opportunity:sandbox-crm:O-311'],
    );
    const invoices = (await requestJson('GET', `${psa.url}/api/v2/projects/P-1001/invoices`)).body as {
      invoices: Record<string, unknown>[];
    };
    assert.deepEqual(
      invoices.invoices.map((i) => [i['invoice_number'], i['status'], i['gross'], i['invoice_ref']]),
      [['INV-2026-0042', 'paid', '1200.00', 'invoice:sandbox-erp:SI-9921']],
    );
    const report = psa.report();
    assert.deepEqual(report.invoices, { count: 1, byStatus: { paid: 1 }, gross: { GBP: '1200.00' } });
    assert.deepEqual(report.payments, { count: 1, byStatus: { allocated: 1 }, amount: { GBP: '1200.00' } });
  });

  test('a resend is recognised as a replay and books nothing twice', async () => {
    const again = await connector.push([customer, invoiceCommand, paymentCommand, deliveryProject('C-104')]);
    assert.deepEqual(outcomes(again), [
      'ok C-104 replayed',
      'ok PI-1 replayed',
      'ok PP-1 replayed',
      'ok P-1004 replayed',
    ]);
    assert.equal(psa.report().invoices.count, 1);
    assert.equal(psa.report().payments.count, 1);
  });

  test('business refusals are rejected with the PSA reason; inconsistent commands are refused unsent', async () => {
    const results = await connector.push([
      { ...invoiceCommand, idempotencyKey: 'inv-x/1', projectExternalId: 'P-9999' },
      { ...paymentCommand, idempotencyKey: 'pay-x/1', invoiceNumber: 'INV-404' },
      { ...deliveryProject('C-104'), idempotencyKey: 'opp-x/1' },
      { ...deliveryProject('C-999'), idempotencyKey: 'opp-x/2', projectCode: 'ACME-2026-08' },
      { ...invoiceCommand, invoice: { ...invoice, status: 'void' } },
      {
        ...deliveryProject('C-104'),
        idempotencyKey: 'opp-x/3',
        opportunity: { ...opportunity, status: 'open' },
      },
      {
        ...invoiceCommand,
        idempotencyKey: 'inv-x/2',
        invoice: { ...invoice, totals: { ...invoice.totals, tax: { amount: '200.00', currency: 'EUR' } } },
      },
      { ...customer, idempotencyKey: 'has "quotes"' },
    ]);
    assert.deepEqual(outcomes(results), [
      'reject psa.project_not_found',
      'reject psa.unknown_invoice',
      'reject psa.project_code_exists',
      'reject psa.unknown_client',
      'reject psa.idempotency_key_reused',
      'reject psa.opportunity_not_won',
      'reject psa.inconsistent_currency',
      'reject psa.idempotency_key_invalid',
    ]);
    for (const r of results) assert.ok(r.outcome === 'reject' && r.message.length > 0);
  });

  test('429 is retried after Retry-After and halts the rest; a 503 is retried; a fixed cause lets them through', async () => {
    const commands = [
      {
        ...invoiceCommand,
        idempotencyKey: 'inv-2',
        invoice: { ...invoice, number: 'INV-2', id: 'invoice:sandbox-erp:SI-2' },
      },
      {
        ...customer,
        idempotencyKey: 'cust-2',
        customer: { ...customer.customer, id: 'customer:sandbox-erp:CU-2' },
      },
      erpCommand,
    ];
    psa.setFaults({ throttleWrites: 1, writeRetryAfterSeconds: 2 });
    const throttled = await connector.push(commands);
    assert.deepEqual(throttled[0], {
      outcome: 'retry',
      reasonCode: 'psa.rate_limited',
      message: 'HTTP 429 rate_limited: too many writes; nothing was applied',
      retryAfterMs: 2000,
    });
    assert.deepEqual(outcomes(throttled), [
      'retry psa.rate_limited',
      'retry psa.rate_limited',
      'reject psa.unsupported_command',
    ]);
    assert.match((throttled[1] as { message: string }).message, /^not sent after an earlier command/);
    assert.equal(psa.report().invoices.count, 1, 'nothing was applied');

    psa.setFaults({ failWrites: 1 });
    const failed = await connector.push(commands);
    assert.deepEqual(failed[0], {
      outcome: 'retry',
      reasonCode: 'psa.unavailable',
      message: 'HTTP 503 unavailable: the PSA is unavailable; nothing was applied',
    });

    const through = await connector.push(commands);
    assert.deepEqual(outcomes(through), ['ok PI-2', 'ok C-105', 'reject psa.unsupported_command']);
  });

  test('a lost answer is retried and the resend replays what was applied', async () => {
    const command = {
      ...customer,
      idempotencyKey: 'cust-3',
      customer: { ...customer.customer, id: 'customer:sandbox-erp:CU-3' },
    };
    psa.setFaults({ loseWriteAnswers: 1 });
    assert.deepEqual(outcomes(await connector.push([command])), ['retry psa.unavailable']);
    const clients = psa.report().clients.count;
    assert.deepEqual(outcomes(await connector.push([command])), ['ok C-106 replayed']);
    assert.equal(psa.report().clients.count, clients);
  });

  test('a customer on hold becomes an inactive client, which takes no new project', async () => {
    const onHold = {
      ...customer,
      idempotencyKey: 'customer:sandbox-erp:CU-17/psa-master-2',
      customer: { ...customer.customer, status: 'on-hold' as const },
    };
    const results = await connector.push([
      onHold,
      { ...deliveryProject('C-104'), idempotencyKey: 'opp-4', projectCode: 'ACME-2026-09' },
    ]);
    assert.deepEqual(outcomes(results), ['ok C-104', 'reject psa.client_inactive']);
    const client = (await requestJson('GET', `${psa.url}/api/v2/clients/C-104`)).body as { active: boolean };
    assert.equal(client.active, false);
  });

  test('a slow PSA is a timeout and an unreachable one unavailable, both retried', async () => {
    const impatient = createSandboxPsaConnector({
      system: 'sandbox-psa',
      baseUrl: psa.url,
      webhookSecret: testSecret,
      timeoutMs: 100,
    });
    psa.setFaults({ latencyMs: 400 });
    try {
      assert.deepEqual(outcomes(await impatient.push([customer])), ['retry psa.timeout']);
    } finally {
      psa.setFaults({ latencyMs: 0 });
      await impatient.close();
    }
    const gone = await startSandboxPsa({ webhookSecret: testSecret });
    const url = gone.url;
    await gone.close();
    const orphan = createSandboxPsaConnector({
      system: 'sandbox-psa',
      baseUrl: url,
      webhookSecret: testSecret,
    });
    try {
      assert.deepEqual(outcomes(await orphan.push([customer, invoiceCommand])), [
        'retry psa.unavailable',
        'retry psa.unavailable',
      ]);
    } finally {
      await orphan.close();
    }
  });
});

test('answers the connector cannot read are retried as bad responses, never guessed', () => {
  const response = (status: number, body: unknown, retryAfter?: string) =>
    writeResult(
      { kind: 'response', status, body, replayed: false, retryAfter },
      Date.parse('2026-07-01T09:00:00Z'),
    );
  assert.deepEqual(outcomes([response(201, { name: 'no id' })]), ['retry psa.bad_response']);
  assert.deepEqual(outcomes([response(302, undefined)]), ['retry psa.bad_response']);
  assert.deepEqual(outcomes([response(418, 'teapot')]), ['reject psa.http_418']);
  assert.deepEqual(response(503, undefined, 'Wed, 01 Jul 2026 09:00:30 GMT'), {
    outcome: 'retry',
    reasonCode: 'psa.unavailable',
    message: 'HTTP 503',
    retryAfterMs: 30_000,
  });
});
