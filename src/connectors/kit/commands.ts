// Canonical commands the pipeline asks a target system to carry out. Amounts are already computed and
// rounded by the domain; a connector only translates them to the vendor's shape.
import type {
  Contract,
  Customer,
  Expense,
  Hours,
  IssuedInvoice,
  Money,
  Opportunity,
  Payment,
  Project,
} from '../../contracts/index.ts';
import type { Static } from '@sinclair/typebox';
import type { Booking } from '../../domain/finance/book-postings.ts';
import type { LineTax } from '../../domain/finance/tax-rates.ts';

export interface ProvisionProject {
  readonly kind: 'provisionProject';
  readonly idempotencyKey: string;
  readonly project: Required<Pick<Project, 'legalEntityId' | 'currency' | 'taxTreatment' | 'billingModel'>> &
    Project;
}

/** The approved time entry a posting command is about, with the target's own id of its project. */
interface TimeEntryRef {
  readonly idempotencyKey: string;
  readonly timeEntryId: string;
  readonly projectId: string;
  /** The target's own id of the project, from the cross-reference. */
  readonly projectExternalId: string;
  readonly resourceId: string;
  readonly workDate: string;
  readonly hours: Static<typeof Hours>;
  /**
   * SHA-256 of the approval as received (src/pipeline/provenance/source-digest.ts); a target with a place
   * for it keeps it with the posting.
   */
  readonly sourceDigest?: string;
}

export interface PostBillableLine extends TimeEntryRef {
  readonly kind: 'postBillableLine';
  readonly rate: Money;
  readonly amount: Money;
  readonly description: string;
  /** Posting date and functional-currency amount (rate, rate date, source); a target may ignore it. */
  readonly booking?: Booking;
  /** The line's tax at the rate in force on the work date, when the project names an ERP tax code. */
  readonly tax?: LineTax;
}

export interface PostCost extends TimeEntryRef {
  readonly kind: 'postCost';
  readonly costRate: Money;
  readonly amount: Money;
  readonly booking?: Booking;
}

/**
 * An approved time entry changed after it was posted: the ERP's postings for it take its new state.
 * `billable` is absent when the entry is no longer billable. A posted record is never edited: the target
 * reverses the entry's live postings and books these in their place. When a billable line is already on an
 * invoice it refuses (reason `correction.already_invoiced`): the correction is held for finance review, as
 * it needs a credit note, not a silent repost.
 */
export interface RevisePostedTime extends TimeEntryRef {
  readonly kind: 'revisePostedTime';
  readonly billable?: {
    readonly rate: Money;
    readonly amount: Money;
    readonly description: string;
    readonly booking?: Booking;
    readonly tax?: LineTax;
  };
  readonly cost: { readonly costRate: Money; readonly amount: Money; readonly booking?: Booking };
}

/**
 * An approved time entry was deleted in the PSA or its approval taken back: the ERP removes its postings.
 * Nothing to remove is success (the entry may never have been posted).
 */
export interface WithdrawPostedTime {
  readonly kind: 'withdrawPostedTime';
  readonly idempotencyKey: string;
  readonly timeEntryId: string;
  readonly projectId: string;
  readonly projectExternalId: string;
  readonly reason: 'deleted' | 'unapproved';
}

// ---- To the ERP ----

/** A won deal's contract, against the project the ERP already holds. */
export interface CreateContract {
  readonly kind: 'createContract';
  readonly idempotencyKey: string;
  readonly contract: Contract;
  readonly projectExternalId: string;
}

/**
 * An approved expense: a cost line in project accounting and, when billable, a billable line at the
 * expense's amount (recharged at cost).
 */
export interface PostExpense {
  readonly kind: 'postExpense';
  readonly idempotencyKey: string;
  readonly expense: Expense;
  readonly projectExternalId: string;
  /** Posting date and functional-currency amount, as for time; a target may ignore it. */
  readonly booking?: Booking;
}

/**
 * An approved expense changed after it was posted: the target reverses the expense's live posting and
 * books its new state; never an edit. Refused with `correction.already_invoiced` when it was rebilled on
 * an invoice (a credit note first).
 */
export interface ReviseExpense {
  readonly kind: 'reviseExpense';
  readonly idempotencyKey: string;
  readonly expense: Expense;
  readonly projectExternalId: string;
  readonly booking?: Booking;
}

/** An approved expense was deleted or unapproved: its live posting is reversed. Nothing live is success. */
export interface WithdrawExpense {
  readonly kind: 'withdrawExpense';
  readonly idempotencyKey: string;
  readonly expenseId: string;
  readonly projectId: string;
  readonly projectExternalId: string;
  readonly reason: 'deleted' | 'unapproved';
}

/** A completed milestone releases its billing schedule item for invoicing (instead of line billing). */
export interface ReleaseBillingItem {
  readonly kind: 'releaseBillingItem';
  readonly idempotencyKey: string;
  readonly milestoneId: string;
  readonly billingItemId: string;
  readonly projectId: string;
  readonly projectExternalId: string;
  readonly amount: Money;
  readonly description: string;
  /** Posting date and functional-currency amount, as for time; a target may ignore it. */
  readonly booking?: Booking;
}

/** Delivery closed the project: the ERP closes it for new work on that date. */
export interface CloseProject {
  readonly kind: 'closeProject';
  readonly idempotencyKey: string;
  readonly projectId: string;
  readonly projectExternalId: string;
  /** ISO date. */
  readonly closedDate: string;
}

// ---- To the PSA ----

/** The ERP's customer master, written to the PSA (the ERP is the system of record). */
export interface UpsertCustomer {
  readonly kind: 'upsertCustomer';
  readonly idempotencyKey: string;
  readonly customer: Customer;
}

/** A won deal becomes a delivery project in the PSA. */
export interface CreateDeliveryProject {
  readonly kind: 'createDeliveryProject';
  readonly idempotencyKey: string;
  readonly opportunity: Opportunity;
  /** The PSA's own id of the customer, from the cross-reference. */
  readonly customerExternalId: string;
  readonly projectCode: string;
}

/** What the ERP invoiced on a project, so the delivery manager sees it: number, status, amounts. */
export interface RecordInvoiceStatus {
  readonly kind: 'recordInvoiceStatus';
  readonly idempotencyKey: string;
  readonly invoice: IssuedInvoice;
  readonly projectExternalId: string;
}

/** Money the ERP received against an invoice, with the invoice's status after it. */
export interface RecordPayment {
  readonly kind: 'recordPayment';
  readonly idempotencyKey: string;
  readonly payment: Payment;
  readonly invoiceNumber: string;
  readonly projectExternalId: string;
}

export type ErpCommand =
  | ProvisionProject
  | PostBillableLine
  | PostCost
  | RevisePostedTime
  | WithdrawPostedTime
  | CreateContract
  | PostExpense
  | ReviseExpense
  | WithdrawExpense
  | ReleaseBillingItem
  | CloseProject;
export type PsaCommand = UpsertCustomer | CreateDeliveryProject | RecordInvoiceStatus | RecordPayment;
export type TargetCommand = ErpCommand | PsaCommand;
export type TargetCommandKind = TargetCommand['kind'];
