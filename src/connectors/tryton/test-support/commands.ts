// Canonical commands as the pipeline would send them to the Tryton connector.
import type { Booking } from '../../../domain/finance/book-postings.ts';
import type { PostBillableLine, PostCost, ProvisionProject, RevisePostedTime } from '../../kit/commands.ts';

const eur = (amount: string) => ({ amount, currency: 'EUR' });

export function provision(code: string, customer = 'ACME'): ProvisionProject {
  return {
    kind: 'provisionProject',
    idempotencyKey: `provision:${code}`,
    project: {
      id: `project:sandbox-psa:${code}`,
      code,
      name: `Project ${code}`,
      customerId: `customer:sandbox-psa:${customer}`,
      customerName: `${customer} Corp`,
      legalEntityId: 'LL-NL',
      currency: 'EUR',
      taxTreatment: 'standard',
      billingModel: 'time-and-materials',
    },
  };
}

export interface Entry {
  readonly id: string;
  readonly project: string;
  readonly resource: string;
  readonly date: string;
  readonly hours: string;
  readonly rate: string;
  readonly costRate: string;
}

export function billable(e: Entry, projectExternalId: string): PostBillableLine {
  return {
    kind: 'postBillableLine',
    idempotencyKey: `bill:${e.id}`,
    timeEntryId: `time:sandbox-psa:${e.id}`,
    projectId: `project:sandbox-psa:${e.project}`,
    projectExternalId,
    resourceId: `resource:sandbox-psa:${e.resource}`,
    workDate: e.date,
    hours: e.hours,
    rate: eur(e.rate),
    amount: eur('0.00'), // the connector lets Tryton price the line; the amount is not sent
    description: `Work ${e.id}`,
  };
}

export function cost(e: Entry, projectExternalId: string): PostCost {
  return {
    kind: 'postCost',
    idempotencyKey: `cost:${e.id}`,
    timeEntryId: `time:sandbox-psa:${e.id}`,
    projectId: `project:sandbox-psa:${e.project}`,
    projectExternalId,
    resourceId: `resource:sandbox-psa:${e.resource}`,
    workDate: e.date,
    hours: e.hours,
    costRate: eur(e.costRate),
    amount: eur('0.00'),
  };
}

export function revise(e: Entry, projectExternalId: string, billableToo = true): RevisePostedTime {
  return {
    kind: 'revisePostedTime',
    idempotencyKey: `revise:${e.id}:${e.hours}`,
    timeEntryId: `time:sandbox-psa:${e.id}`,
    projectId: `project:sandbox-psa:${e.project}`,
    projectExternalId,
    resourceId: `resource:sandbox-psa:${e.resource}`,
    workDate: e.date,
    hours: e.hours,
    ...(billableToo && { billable: { rate: eur(e.rate), amount: eur('0.00'), description: `Work ${e.id}` } }),
    cost: { costRate: eur(e.costRate), amount: eur('0.00') },
  };
}

/** What the pipeline books a posting with (book-postings.ts): its posting date and functional amount. */
export function booking(o: {
  postingDate: string;
  functional: string;
  rate?: string;
  rateDate: string;
  currency?: string;
}): Booking {
  return {
    postingDate: o.postingDate,
    functional: { amount: o.functional, currency: o.currency ?? 'EUR' },
    rate: o.rate ?? '1',
    rateDate: o.rateDate,
    source: o.rate === undefined ? 'same currency' : 'Tryton currency.currency.rate',
  };
}
