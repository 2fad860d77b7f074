// The Harvest connector passes the connector contract against a spec-driven mock of Harvest API v2:
// every request it makes is validated against the community-maintained OpenAPI description of Harvest
// (with the documented overlays), and any request the description forbids fails the suite.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { RecordInvoiceStatus, RecordPayment } from '../../src/connectors/kit/commands.ts';
import { sourceContract, targetContract } from '../support/connector-contract.ts';
import { startHarvestAccount } from './harvest/account.ts';
import type { HarvestMock } from './harvest/harvest-mock.ts';
import { skipUnlessSpecs } from './vendor-specs.ts';

const skip = skipUnlessSpecs('harvest');
const mocks: HarvestMock[] = [];
const gbp = (amount: string) => ({ amount, currency: 'GBP' });

const invoiceStatus: RecordInvoiceStatus = {
  kind: 'recordInvoiceStatus',
  idempotencyKey: 'invoice:xero:INV-1/xero/e1',
  projectExternalId: '14308069',
  invoice: {
    id: 'invoice:xero:0f1c7d9e-4f0a-4c55-9d1e-1b2c3d4e5f60',
    number: 'INV-0001',
    customerId: 'customer:harvest:5735774',
    projectId: 'project:harvest:14308069',
    legalEntityId: 'LL-UK',
    currency: 'GBP',
    issueDate: '2026-07-31',
    dueDate: '2026-08-30',
    lines: [
      {
        description: 'Workshop with client finance team',
        quantity: '7.5',
        unitPrice: gbp('133.33'),
        net: gbp('999.98'),
        taxCode: 'OUTPUT2',
        tax: gbp('200.00'),
        timeEntryIds: ['time:harvest:636708723'],
      },
    ],
    totals: { net: gbp('999.98'), tax: gbp('200.00'), gross: gbp('1199.98') },
    status: 'issued',
  },
};

const payment: RecordPayment = {
  kind: 'recordPayment',
  idempotencyKey: 'payment:xero:p1/xero/e2',
  projectExternalId: '14308069',
  invoiceNumber: 'INV-0001',
  payment: {
    id: 'payment:xero:p1',
    invoiceId: invoiceStatus.invoice.id,
    amount: gbp('1199.98'),
    receivedDate: '2026-08-15',
    method: 'other',
    status: 'allocated',
  },
};

targetContract(
  'harvest',
  async () => {
    const account = await startHarvestAccount();
    mocks.push(account.mock);
    return {
      connector: account.connector(),
      commands: [invoiceStatus, payment],
      unsupported: {
        kind: 'upsertCustomer',
        idempotencyKey: 'customer:xero:1/upsert',
        customer: { id: 'customer:xero:1', name: 'Acme', status: 'active' },
      },
      unreachable: account.connector({ baseUrl: 'http://127.0.0.1:9/v2', timeoutMs: 2000 }),
      close: () => Promise.resolve(),
    };
  },
  { skip },
);

sourceContract(
  'harvest',
  async () => {
    const account = await startHarvestAccount();
    mocks.push(account.mock);
    // A user, a project, one approved time entry, one approved expense.
    return { connector: account.connector(), pageSize: 1, minimumEvents: 4, close: () => Promise.resolve() };
  },
  { skip },
);

describe('harvest requests against the published description', { skip }, () => {
  after(async () => {
    for (const m of mocks) await m.close();
  });
  it('every request the connector made conformed, and every answer the mock gave conformed', () => {
    const requests = mocks.flatMap((m) => m.requests);
    assert.ok(requests.length > 8, `only ${requests.length} requests were made`);
    assert.deepEqual(
      mocks.flatMap((m) => m.violations),
      [],
      'contract violations (see `what` and `errors`)',
    );
  });
  it('the invoice and its payment are in Harvest once each, with the ERP number and the gross amount', () => {
    const [target] = mocks;
    assert.ok(target);
    assert.deepEqual(
      target.invoices.map((i) => [i['number'], i['state']]),
      [['INV-0001', 'paid']],
    );
  });
});
