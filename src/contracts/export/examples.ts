// One realistic, valid event per catalogue entry. The AsyncAPI document shows them as message examples and
// the tests use them as known-good samples; the mapped type makes a missing or mistyped entry a type error.
import type { EventName, EventOf } from '../events/catalog.ts';
import type { Customer } from '../objects/customer.ts';

const envelope = {
  specversion: '1.0',
  source: 'https://psa.example.com/acme',
  time: '2026-03-02T17:45:00+01:00',
  datacontenttype: 'application/json',
  correlationid: 'flow-7f3a',
} as const;

// Where the other systems publish from, and what Ledgerline itself emits as (see pipeline/confirm.ts).
const crm = 'https://crm.example.com/acme';
const erp = 'https://erp.example.com/acme';
const ledgerline = 'ledgerline';

// One client's story: a CRM account and deal become a fixed-fee project with a milestone that is billed,
// invoiced and paid; the T&M project P-1001 of the original examples carries time and an expense.
const customerId = 'customer:sandbox-crm:A-17';
const opportunityId = 'opportunity:sandbox-crm:O-311';
const fixedFeeProjectId = 'project:sandbox-psa:P-1002';
const contractId = 'contract:sandbox-crm:O-311';
const milestoneId = 'milestone:sandbox-psa:M-5';
const scheduleId = 'billing-schedule:sandbox-psa:BS-311';
const scheduleItemId = 'billing-schedule-item:sandbox-psa:BS-311-1';
const invoiceId = 'invoice:sandbox-erp:SI-9921';
const gbp = (amount: string) => ({ amount, currency: 'GBP' });

const customer: Customer = {
  id: customerId,
  name: 'ACME',
  legalName: 'ACME Holdings Ltd',
  status: 'active',
  legalEntityId: 'LL-UK',
  billingAddress: { lines: ['1 Finsbury Avenue'], city: 'London', postalCode: 'EC2M 2PP', country: 'GB' },
  billingCurrency: 'GBP',
  taxId: 'GB123456789',
  paymentTermsDays: 30,
};

const milestone = {
  id: milestoneId,
  projectId: fixedFeeProjectId,
  contractId,
  name: 'Target design signed off',
  dueDate: '2026-04-30',
  amount: gbp('30000.00'),
} as const;

export const exampleEvents: { readonly [N in EventName]: EventOf<N> } = {
  CustomerCreated: {
    ...envelope,
    source: crm,
    id: 'evt-0901',
    type: 'io.ledgerline.customer.created.v1',
    subject: customerId,
    data: customer,
  },
  CustomerUpdated: {
    ...envelope,
    source: crm,
    id: 'evt-0902',
    type: 'io.ledgerline.customer.updated.v1',
    subject: customerId,
    data: { ...customer, status: 'on-hold' },
  },
  CustomerResyncRequested: {
    ...envelope,
    source: 'ledgerline/reconciler',
    id: 'evt-0904',
    type: 'io.ledgerline.customer.resync-requested.v1',
    subject: customerId,
    data: { customerId, system: 'sandbox-psa', finding: 'drifted', fields: ['legalName'] },
  },
  OpportunityClosedWon: {
    ...envelope,
    source: crm,
    id: 'evt-0903',
    type: 'io.ledgerline.opportunity.closed-won.v1',
    subject: opportunityId,
    data: {
      id: opportunityId,
      customerId,
      name: 'ACME ERP rollout',
      status: 'closed-won',
      amount: gbp('120000.00'),
      expectedStartDate: '2026-03-02',
      legalEntityId: 'LL-UK',
      currency: 'GBP',
      billingModel: 'fixed-fee',
      taxCode: 'VAT20',
    },
  },
  ProjectActivated: {
    ...envelope,
    id: 'evt-1001',
    type: 'io.ledgerline.project.activated.v1',
    subject: 'project:sandbox-psa:P-1001',
    data: {
      id: 'project:sandbox-psa:P-1001',
      code: 'ACME-2026-01',
      name: 'ACME finance transformation',
      customerId: 'customer:sandbox-psa:C-17',
      legalEntityId: 'LL-UK',
      currency: 'GBP',
      taxTreatment: 'standard',
      billingModel: 'time-and-materials',
    },
  },
  ProjectClosed: {
    ...envelope,
    id: 'evt-1004',
    type: 'io.ledgerline.project.closed.v1',
    subject: 'project:sandbox-psa:P-1001',
    data: { projectId: 'project:sandbox-psa:P-1001', closedDate: '2026-06-30' },
  },
  TaskPlanChanged: {
    ...envelope,
    id: 'evt-1005',
    type: 'io.ledgerline.task-plan.changed.v1',
    subject: fixedFeeProjectId,
    data: {
      projectId: fixedFeeProjectId,
      tasks: [
        {
          id: 'task:sandbox-psa:TK-1',
          projectId: fixedFeeProjectId,
          name: 'Target design',
          plannedHours: '320',
          billable: true,
        },
        {
          id: 'task:sandbox-psa:TK-2',
          projectId: fixedFeeProjectId,
          parentTaskId: 'task:sandbox-psa:TK-1',
          name: 'Order-to-cash process design',
          plannedHours: '120.5',
          billable: true,
        },
        {
          id: 'task:sandbox-psa:TK-3',
          projectId: fixedFeeProjectId,
          name: 'Internal quality review',
          plannedHours: '40',
          billable: false,
        },
      ],
    },
  },
  RateCardChanged: {
    ...envelope,
    id: 'evt-1006',
    type: 'io.ledgerline.rate-card.changed.v1',
    subject: 'rate-card:sandbox-psa:RC-2026',
    data: {
      id: 'rate-card:sandbox-psa:RC-2026',
      name: 'ACME 2026 rates',
      currency: 'GBP',
      legalEntityId: 'LL-UK',
      effectiveFrom: '2026-01-01',
      lines: [
        { role: 'Senior consultant', billRate: gbp('150.00') },
        { role: 'Consultant', billRate: gbp('110.00') },
        { resourceId: 'resource:sandbox-psa:R-42', billRate: gbp('133.33') },
      ],
    },
  },
  ResourceUpdated: {
    ...envelope,
    id: 'evt-1002',
    type: 'io.ledgerline.resource.updated.v1',
    subject: 'resource:sandbox-psa:R-42',
    data: {
      id: 'resource:sandbox-psa:R-42',
      name: 'Ada Lovelace',
      costRate: { amount: '62.50', currency: 'GBP' },
      role: 'Senior consultant',
    },
  },
  TimeApproved: {
    ...envelope,
    id: 'evt-1003',
    type: 'io.ledgerline.time.approved.v1',
    subject: 'time-entry:sandbox-psa:T-9001',
    data: {
      id: 'time-entry:sandbox-psa:T-9001',
      projectId: 'project:sandbox-psa:P-1001',
      resourceId: 'resource:sandbox-psa:R-42',
      workDate: '2026-03-02',
      hours: '7.5',
      billable: true,
      billRate: { amount: '133.33', currency: 'GBP' },
      description: 'Close process workshop',
      approvedAt: '2026-03-02T17:40:00+01:00',
      approvedBy: 'pm@acme.example',
    },
  },
  ExpenseApproved: {
    ...envelope,
    id: 'evt-1007',
    type: 'io.ledgerline.expense.approved.v1',
    subject: 'expense:sandbox-psa:E-501',
    data: {
      id: 'expense:sandbox-psa:E-501',
      projectId: 'project:sandbox-psa:P-1001',
      resourceId: 'resource:sandbox-psa:R-42',
      incurredDate: '2026-03-02',
      category: 'travel',
      amount: gbp('142.60'),
      billable: true,
      reimbursable: true,
      receiptReference: 'RCPT-88213',
      description: 'Return rail fare London-Manchester for the close process workshop',
      approvedAt: '2026-03-03T09:12:00+01:00',
      approvedBy: 'pm@acme.example',
    },
  },
  MilestoneCompleted: {
    ...envelope,
    id: 'evt-1008',
    type: 'io.ledgerline.milestone.completed.v1',
    subject: milestoneId,
    data: { ...milestone, status: 'completed', completedDate: '2026-04-28' },
  },
  BillingScheduleReleased: {
    ...envelope,
    id: 'evt-1009',
    type: 'io.ledgerline.billing-schedule.released.v1',
    subject: scheduleId,
    causationid: 'evt-1008',
    data: {
      billingScheduleId: scheduleId,
      contractId,
      projectId: fixedFeeProjectId,
      items: [
        {
          id: scheduleItemId,
          milestoneId,
          billingDate: '2026-04-28',
          amount: gbp('30000.00'),
          description: 'Target design signed off',
          status: 'released',
        },
      ],
    },
  },
  InvoiceIssued: {
    ...envelope,
    source: erp,
    id: 'evt-3001',
    type: 'io.ledgerline.invoice.issued.v1',
    subject: invoiceId,
    data: {
      id: invoiceId,
      number: 'INV-2026-0042',
      customerId,
      projectId: fixedFeeProjectId,
      legalEntityId: 'LL-UK',
      currency: 'GBP',
      issueDate: '2026-04-30',
      dueDate: '2026-05-30',
      lines: [
        {
          description: 'Milestone: target design signed off',
          quantity: '1',
          unitPrice: gbp('30000.00'),
          net: gbp('30000.00'),
          taxCode: 'VAT20',
          tax: gbp('6000.00'),
          billingEventId: 'billing-event:sandbox-psa:BE-311-1',
        },
      ],
      totals: { net: gbp('30000.00'), tax: gbp('6000.00'), gross: gbp('36000.00') },
      status: 'issued',
    },
  },
  PaymentReceived: {
    ...envelope,
    source: erp,
    id: 'evt-3002',
    type: 'io.ledgerline.payment.received.v1',
    subject: 'payment:sandbox-erp:PAY-7710',
    data: {
      id: 'payment:sandbox-erp:PAY-7710',
      invoiceId,
      amount: gbp('20000.00'),
      receivedDate: '2026-05-21',
      method: 'bank-transfer',
      status: 'received',
      reference: 'ACME INV-2026-0042 PART',
    },
  },
  ProjectProvisioned: {
    ...envelope,
    id: 'evt-2001',
    source: 'https://erp.example.com/ledgerline',
    type: 'io.ledgerline.project.provisioned.v1',
    subject: 'project:sandbox-psa:P-1001',
    causationid: 'evt-1001',
    data: { projectId: 'project:sandbox-psa:P-1001', system: 'sandbox-erp', externalId: 'PRJ-000381' },
  },
  TimePosted: {
    ...envelope,
    id: 'evt-2002',
    source: 'https://erp.example.com/ledgerline',
    type: 'io.ledgerline.time.posted.v1',
    subject: 'time-entry:sandbox-psa:T-9001',
    causationid: 'evt-1003',
    data: {
      timeEntryId: 'time-entry:sandbox-psa:T-9001',
      projectId: 'project:sandbox-psa:P-1001',
      postings: [
        {
          kind: 'billable-line',
          system: 'sandbox-erp',
          externalId: 'JL-55102',
          amount: { amount: '999.98', currency: 'GBP' },
          idempotencyKey: 'time-entry:sandbox-psa:T-9001:billable-line',
        },
        {
          kind: 'cost',
          system: 'sandbox-erp',
          externalId: 'JL-55103',
          amount: { amount: '468.75', currency: 'GBP' },
          idempotencyKey: 'time-entry:sandbox-psa:T-9001:cost',
        },
      ],
    },
  },
  CustomerSynced: {
    ...envelope,
    source: ledgerline,
    id: 'evt-2003',
    type: 'io.ledgerline.customer.synced.v1',
    subject: customerId,
    causationid: 'evt-0901',
    data: { customerId, system: 'sandbox-psa', externalId: 'C-17' },
  },
  ProjectContracted: {
    ...envelope,
    source: ledgerline,
    id: 'evt-2004',
    type: 'io.ledgerline.project.contracted.v1',
    subject: fixedFeeProjectId,
    causationid: 'evt-0903',
    data: {
      projectId: fixedFeeProjectId,
      contractId,
      system: 'sandbox-erp',
      projectExternalId: 'PRJ-000382',
      contractExternalId: 'CTR-000117',
    },
  },
  ExpensePosted: {
    ...envelope,
    source: ledgerline,
    id: 'evt-2005',
    type: 'io.ledgerline.expense.posted.v1',
    subject: 'expense:sandbox-psa:E-501',
    causationid: 'evt-1007',
    data: {
      expenseId: 'expense:sandbox-psa:E-501',
      projectId: 'project:sandbox-psa:P-1001',
      postings: [
        {
          kind: 'billable-line',
          system: 'sandbox-erp',
          externalId: 'JL-55210',
          amount: gbp('142.60'),
          idempotencyKey: 'expense:sandbox-psa:E-501/billable-line',
        },
        {
          kind: 'cost',
          system: 'sandbox-erp',
          externalId: 'JL-55211',
          amount: gbp('142.60'),
          idempotencyKey: 'expense:sandbox-psa:E-501/cost',
        },
      ],
    },
  },
  BillingScheduleReleasePosted: {
    ...envelope,
    source: ledgerline,
    id: 'evt-2006',
    type: 'io.ledgerline.billing-schedule.release-posted.v1',
    subject: scheduleId,
    causationid: 'evt-1009',
    data: {
      billingScheduleId: scheduleId,
      projectId: fixedFeeProjectId,
      items: [
        {
          itemId: scheduleItemId,
          system: 'sandbox-erp',
          externalId: 'BSL-7781',
          amount: gbp('30000.00'),
          idempotencyKey: `${scheduleItemId}/release`,
        },
      ],
    },
  },
  InvoiceStatusFedBack: {
    ...envelope,
    source: ledgerline,
    id: 'evt-2007',
    type: 'io.ledgerline.invoice.status-fed-back.v1',
    subject: invoiceId,
    causationid: 'evt-3001',
    data: {
      invoiceId,
      number: 'INV-2026-0042',
      status: 'issued',
      system: 'sandbox-psa',
      externalId: 'PINV-55',
    },
  },
  PaymentStatusFedBack: {
    ...envelope,
    source: ledgerline,
    id: 'evt-2008',
    type: 'io.ledgerline.payment.status-fed-back.v1',
    subject: 'payment:sandbox-erp:PAY-7710',
    causationid: 'evt-3002',
    data: {
      paymentId: 'payment:sandbox-erp:PAY-7710',
      invoiceId,
      amount: gbp('20000.00'),
      status: 'received',
      system: 'sandbox-psa',
      externalId: 'PPAY-91',
    },
  },
};
