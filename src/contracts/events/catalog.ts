// The event catalogue: one entry per event, keyed by a short name. Types, validators, JSON Schema and the
// AsyncAPI document are all derived from this map, so it is the single source of truth.
// Names are the type's noun and verb (`io.ledgerline.billing-schedule.released.v1` is
// BillingScheduleReleased). Inbound events are received from the PSA, CRM or ERP; confirmations are
// emitted by Ledgerline once a target system has accepted a write.
import type { Static, TSchema } from '@sinclair/typebox';
import { Customer } from '../objects/customer.ts';
import { Expense } from '../objects/expense.ts';
import { AccountingPeriod, FxRate, TaxRate } from '../objects/finance-reference.ts';
import { IssuedInvoice } from '../objects/invoice.ts';
import { Milestone } from '../objects/milestone.ts';
import { Opportunity } from '../objects/opportunity.ts';
import { Payment } from '../objects/payment.ts';
import { Project } from '../objects/project.ts';
import { RateCard } from '../objects/rate-card.ts';
import { Resource } from '../objects/resource.ts';
import { TaskPlan } from '../objects/task.ts';
import { TimeEntry } from '../objects/time-entry.ts';
import {
  BillingScheduleReleasePostedData,
  CustomerSyncedData,
  ExpensePostedData,
  InvoiceStatusFedBackData,
  PaymentStatusFedBackData,
  ProjectContractedData,
  ProjectProvisionedData,
  TimePostedData,
  TimeWithdrawalPostedData,
} from './confirmation-data.ts';
import { cloudEventSchema } from './envelope.ts';
import {
  BillingScheduleReleasedData,
  CustomerResyncRequestedData,
  ProjectClosedData,
  TimeWithdrawnData,
  ExpenseWithdrawnData,
} from './inbound-data.ts';

export type EventDirection = 'inbound' | 'confirmation';

function entry<TType extends string, TDirection extends EventDirection, TData extends TSchema>(
  type: TType,
  direction: TDirection,
  data: TData,
  description: string,
) {
  return { type, direction, schema: cloudEventSchema(type, data, description) } as const;
}

export const eventCatalog = {
  CustomerCreated: entry(
    'io.ledgerline.customer.created.v1',
    'inbound',
    Customer,
    'A customer was created in the system of record for customers',
  ),
  CustomerUpdated: entry(
    'io.ledgerline.customer.updated.v1',
    'inbound',
    Customer,
    'A customer changed: legal or billing details, or its status',
  ),
  CustomerResyncRequested: entry(
    'io.ledgerline.customer.resync-requested.v1',
    'inbound',
    CustomerResyncRequestedData,
    "Reconciliation found a PSA's copy of a customer drifted or missing; the master's record is written there again",
  ),
  OpportunityClosedWon: entry(
    'io.ledgerline.opportunity.closed-won.v1',
    'inbound',
    Opportunity,
    'An opportunity was won in the CRM; its delivery structure, project and contract should follow',
  ),
  ProjectActivated: entry(
    'io.ledgerline.project.activated.v1',
    'inbound',
    Project,
    'A project was activated in the PSA and should exist in the ERP',
  ),
  ProjectClosed: entry(
    'io.ledgerline.project.closed.v1',
    'inbound',
    ProjectClosedData,
    'A project was closed in the PSA; the ERP should take no new postings for it',
  ),
  TaskPlanChanged: entry(
    'io.ledgerline.task-plan.changed.v1',
    'inbound',
    TaskPlan,
    "A project's task tree changed in the PSA; the payload is the whole tree",
  ),
  RateCardChanged: entry(
    'io.ledgerline.rate-card.changed.v1',
    'inbound',
    RateCard,
    'A rate card was created or given new rates from a date',
  ),
  ResourceUpdated: entry(
    'io.ledgerline.resource.updated.v1',
    'inbound',
    Resource,
    'A consultant was created or changed, including the cost rate',
  ),
  TimeApproved: entry(
    'io.ledgerline.time.approved.v1',
    'inbound',
    TimeEntry,
    'A time entry was approved in the PSA',
  ),
  TimeRevised: entry(
    'io.ledgerline.time.revised.v1',
    'inbound',
    TimeEntry,
    'An approved time entry was changed in the PSA; the payload is its new state',
  ),
  TimeWithdrawn: entry(
    'io.ledgerline.time.withdrawn.v1',
    'inbound',
    TimeWithdrawnData,
    'An approved time entry was deleted in the PSA or its approval taken back',
  ),
  ExpenseApproved: entry(
    'io.ledgerline.expense.approved.v1',
    'inbound',
    Expense,
    'An expense was approved in the PSA',
  ),
  ExpenseRevised: entry(
    'io.ledgerline.expense.revised.v1',
    'inbound',
    Expense,
    'An approved expense was changed in the PSA; the payload is its new state',
  ),
  ExpenseWithdrawn: entry(
    'io.ledgerline.expense.withdrawn.v1',
    'inbound',
    ExpenseWithdrawnData,
    'An approved expense was deleted in the PSA or its approval taken back',
  ),
  MilestoneCompleted: entry(
    'io.ledgerline.milestone.completed.v1',
    'inbound',
    Milestone,
    'A milestone was completed in the PSA; its billing can be released',
  ),
  BillingScheduleReleased: entry(
    'io.ledgerline.billing-schedule.released.v1',
    'inbound',
    BillingScheduleReleasedData,
    'Billing schedule items were released for invoicing',
  ),
  InvoiceIssued: entry(
    'io.ledgerline.invoice.issued.v1',
    'inbound',
    IssuedInvoice,
    'The ERP issued an invoice; its number, status and tax should be shown in the PSA',
  ),
  PaymentReceived: entry(
    'io.ledgerline.payment.received.v1',
    'inbound',
    Payment,
    'The ERP recorded a payment against an invoice',
  ),
  FxRatePublished: entry(
    'io.ledgerline.fx-rate.published.v1',
    'inbound',
    FxRate,
    'The ERP published an exchange rate in force from a date; postings dated from then on are converted at it',
  ),
  TaxRateChanged: entry(
    'io.ledgerline.tax-rate.changed.v1',
    'inbound',
    TaxRate,
    "A tax code's rate for a legal entity from a date; transactions dated from then on are taxed at it",
  ),
  AccountingPeriodChanged: entry(
    'io.ledgerline.accounting-period.changed.v1',
    'inbound',
    AccountingPeriod,
    "An accounting period of a legal entity's books was closed or reopened in the ERP",
  ),
  ProjectProvisioned: entry(
    'io.ledgerline.project.provisioned.v1',
    'confirmation',
    ProjectProvisionedData,
    'The ERP confirmed the project exists',
  ),
  TimePosted: entry(
    'io.ledgerline.time.posted.v1',
    'confirmation',
    TimePostedData,
    'The ERP confirmed every posting of an approved time entry',
  ),
  TimeWithdrawalPosted: entry(
    'io.ledgerline.time.withdrawal-posted.v1',
    'confirmation',
    TimeWithdrawalPostedData,
    'The ERP removed the postings of a withdrawn time entry',
  ),
  CustomerSynced: entry(
    'io.ledgerline.customer.synced.v1',
    'confirmation',
    CustomerSyncedData,
    'The customer was written to the PSA',
  ),
  ProjectContracted: entry(
    'io.ledgerline.project.contracted.v1',
    'confirmation',
    ProjectContractedData,
    'The ERP confirmed the project and its contract exist',
  ),
  ExpensePosted: entry(
    'io.ledgerline.expense.posted.v1',
    'confirmation',
    ExpensePostedData,
    'The ERP confirmed every posting of an approved expense',
  ),
  BillingScheduleReleasePosted: entry(
    'io.ledgerline.billing-schedule.release-posted.v1',
    'confirmation',
    BillingScheduleReleasePostedData,
    'The ERP confirmed the release of every released billing schedule item',
  ),
  InvoiceStatusFedBack: entry(
    'io.ledgerline.invoice.status-fed-back.v1',
    'confirmation',
    InvoiceStatusFedBackData,
    "The invoice's number and status were written back to the PSA",
  ),
  PaymentStatusFedBack: entry(
    'io.ledgerline.payment.status-fed-back.v1',
    'confirmation',
    PaymentStatusFedBackData,
    "The payment's status was written back to the PSA",
  ),
} as const;

export type EventCatalog = typeof eventCatalog;
export type EventName = keyof EventCatalog;
export type EventTypeOf<N extends EventName> = EventCatalog[N]['type'];
export type EventOf<N extends EventName> = Static<EventCatalog[N]['schema']>;
export type DataOf<N extends EventName> = EventOf<N>['data'];
/** Any event of the catalogue, discriminated by its `type`. */
export type CanonicalEvent = { [N in EventName]: EventOf<N> }[EventName];

export const eventNames = Object.keys(eventCatalog) as EventName[];

const nameByType = new Map<string, EventName>(eventNames.map((n) => [eventCatalog[n].type, n]));
export function eventNameOfType(type: string): EventName | undefined {
  return nameByType.get(type);
}
