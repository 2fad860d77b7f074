// Shared by the quote-to-cash tests: canonical ERP commands with literal amounts, and the operator
// actions (customer master, invoice run, payments) as raw admin calls.
import assert from 'node:assert/strict';
import type { CreateContract, PostExpense, ReleaseBillingItem } from '../kit/commands.ts';
import type { PushResult } from '../kit/connector.ts';
import type { Harness } from './test-fixtures.ts';

export function createContract(
  code: string,
  projectExternalId: string,
  overrides: Partial<CreateContract['contract']> = {},
  idempotencyKey = `contract:${code}`,
): CreateContract {
  return {
    kind: 'createContract',
    idempotencyKey,
    projectExternalId,
    contract: {
      id: `contract:sandbox-crm:${code}`,
      projectId: `project:sandbox-psa:${code}`,
      customerId: 'customer:sandbox-erp:ACME',
      legalEntityId: 'LL-UK',
      opportunityId: 'opportunity:sandbox-crm:O-311',
      billingModel: 'time-and-materials',
      currency: 'GBP',
      value: { amount: '120000.00', currency: 'GBP' },
      ...overrides,
    },
  };
}

export function postExpense(
  id: string,
  projectExternalId: string,
  overrides: Partial<PostExpense['expense']> = {},
  idempotencyKey = `expense:${id}`,
): PostExpense {
  return {
    kind: 'postExpense',
    idempotencyKey,
    projectExternalId,
    expense: {
      id: `expense:sandbox-psa:${id}`,
      projectId: 'project:sandbox-psa:P',
      resourceId: 'resource:sandbox-psa:R-1',
      incurredDate: '2026-03-03',
      category: 'accommodation',
      amount: { amount: '145.60', currency: 'GBP' },
      billable: true,
      reimbursable: true,
      receiptReference: 'RCPT-88',
      description: 'Hotel, client workshop',
      approvedAt: '2026-03-04T09:00:00Z',
      approvedBy: 'resource:sandbox-psa:R-2',
      ...overrides,
    },
  };
}

export function releaseItem(
  item: string,
  projectExternalId: string,
  overrides: Partial<ReleaseBillingItem> = {},
): ReleaseBillingItem {
  return {
    kind: 'releaseBillingItem',
    idempotencyKey: `release:${item}`,
    milestoneId: 'milestone:sandbox-psa:M-5',
    billingItemId: `billing-schedule-item:sandbox-psa:${item}`,
    projectId: 'project:sandbox-psa:P',
    projectExternalId,
    amount: { amount: '30000.00', currency: 'GBP' },
    description: 'Target design signed off',
    ...overrides,
  };
}

export function party(code: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    party_code: code,
    legal_name: `${code} Holdings Ltd`,
    trade_name: code,
    vat_number: 'GB123456789',
    billing_address: { street: ['1 Finsbury Avenue'], city: 'London', postcode: 'EC2M 2PP', country: 'GB' },
    currency: 'GBP',
    company: 'LL-UK',
    payment_terms_days: 30,
    active: true,
    ...overrides,
  };
}

/** POSTs an admin action and returns status and JSON body. */
export async function admin(
  h: Harness,
  path: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await h.call('POST', path, body);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function addParty(h: Harness, code: string, overrides: Record<string, unknown> = {}) {
  const answer = await admin(h, '/admin/parties', party(code, overrides));
  assert.ok(answer.status === 201 || answer.status === 200, JSON.stringify(answer));
  return answer.body;
}

export interface RunSummary {
  invoice_number: string;
  project_id: string;
  lines: number;
  net_total: string;
  tax_total: string;
  gross_total: string;
  due_date: string;
}

export async function invoiceRun(
  h: Harness,
  body: unknown,
): Promise<{ invoices: RunSummary[]; skipped: { project_id: string; code: string }[] }> {
  const answer = await admin(h, '/admin/invoice-run', body);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body as never;
}

export interface InvoiceBody {
  invoice_number: string;
  status: string;
  amount_paid: string;
  net_total: string;
  tax_total: string;
  gross_total: string;
  lines: { item_kind: string; description: string; net: string; tax: string; tax_rate: string }[];
}

export async function invoice(h: Harness, number: string): Promise<InvoiceBody> {
  const response = await h.call('GET', `/erp/v1/invoices/${number}`);
  assert.equal(response.status, 200);
  return (await response.json()) as InvoiceBody;
}

/** Fails unless the result is a rejection with this reason code. */
export function assertRejected(result: PushResult | undefined, reasonCode: string): void {
  assert.equal(result?.outcome, 'reject', JSON.stringify(result));
  assert.equal(result.reasonCode, reasonCode, JSON.stringify(result));
}
