// Canonical commands as the pipeline sends them to an ERP, for the Xero Accounting tests.
import type {
  PostBillableLine,
  PostCost,
  PostExpense,
  ProvisionProject,
} from '../../../src/connectors/kit/commands.ts';

const gbp = (amount: string) => ({ amount, currency: 'GBP' });

export function provision(code: string, customer = 'ACME'): ProvisionProject {
  return {
    kind: 'provisionProject',
    idempotencyKey: `provision:${code}`,
    project: {
      id: `project:harvest:${code}`,
      code,
      name: `Project ${code}`,
      customerId: `customer:harvest:${customer}`,
      customerName: `${customer} Ltd`,
      legalEntityId: 'LL-UK',
      currency: 'GBP',
      taxTreatment: 'standard',
      billingModel: 'time-and-materials',
    },
  };
}

export function billable(
  id: string,
  project: string,
  contactId: string,
  hours = '7.5',
  rate = '133.33',
): PostBillableLine {
  return {
    kind: 'postBillableLine',
    idempotencyKey: `time:harvest:${id}/billable-line`,
    timeEntryId: `time:harvest:${id}`,
    projectId: `project:harvest:${project}`,
    projectExternalId: contactId,
    resourceId: 'resource:harvest:U1',
    workDate: '2026-07-01',
    hours,
    rate: gbp(rate),
    amount: gbp('999.98'),
    description: `Workshop ${id}`,
    tax: { code: 'VAT20', ratePercent: '20', rateDate: '2026-01-01', amount: gbp('200.00') },
  };
}

export function cost(id: string, project: string, contactId: string): PostCost {
  return {
    kind: 'postCost',
    idempotencyKey: `time:harvest:${id}/cost`,
    timeEntryId: `time:harvest:${id}`,
    projectId: `project:harvest:${project}`,
    projectExternalId: contactId,
    resourceId: 'resource:harvest:U1',
    workDate: '2026-07-01',
    hours: '7.5',
    costRate: gbp('62.50'),
    amount: gbp('468.75'),
  };
}

export function expense(id: string, project: string, contactId: string, billableToo = true): PostExpense {
  return {
    kind: 'postExpense',
    idempotencyKey: `expense:harvest:${id}`,
    projectExternalId: contactId,
    expense: {
      id: `expense:harvest:${id}`,
      projectId: `project:harvest:${project}`,
      resourceId: 'resource:harvest:U1',
      incurredDate: '2026-07-01',
      category: 'accommodation',
      amount: gbp('145.60'),
      billable: billableToo,
      reimbursable: true,
      description: 'Hotel, client workshop',
      approvedAt: '2026-07-02T09:00:00Z',
      approvedBy: 'U1',
    },
  };
}
