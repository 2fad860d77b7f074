// One realistic, valid event per catalogue entry. The AsyncAPI document shows them as message examples and
// the tests use them as known-good samples; the mapped type makes a missing or mistyped entry a type error.
import type { EventName, EventOf } from '../events/catalog.ts';

const envelope = {
  specversion: '1.0',
  source: 'https://psa.example.com/acme',
  time: '2026-03-02T17:45:00+01:00',
  datacontenttype: 'application/json',
  correlationid: 'flow-7f3a',
} as const;

export const exampleEvents: { readonly [N in EventName]: EventOf<N> } = {
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
  ResourceUpdated: {
    ...envelope,
    id: 'evt-1002',
    type: 'io.ledgerline.resource.updated.v1',
    subject: 'resource:sandbox-psa:R-42',
    data: {
      id: 'resource:sandbox-psa:R-42',
      name: 'Ada Lovelace',
      costRate: { amount: '62.50', currency: 'GBP' },
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
};
