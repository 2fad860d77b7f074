// The sandbox ERP's own JSON vocabulary (snake_case, ERP terms). It is deliberately not the canonical
// shape: the connector translates to and from it, and nothing outside this folder may import it.

export type OperationName =
  | 'project.create'
  | 'billing_line.create'
  | 'cost_posting.create'
  | 'contract.create'
  | 'expense.create'
  | 'billing_item.release'
  | 'project.close'
  | 'time_entry.correct'
  | 'time_entry.reverse'
  | 'expense.correct'
  | 'expense.reverse';
export const operationNames: readonly OperationName[] = [
  'project.create',
  'billing_line.create',
  'cost_posting.create',
  'contract.create',
  'expense.create',
  'billing_item.release',
  'project.close',
  'time_entry.correct',
  'time_entry.reverse',
  'expense.correct',
  'expense.reverse',
];

export type BillingMethod = 'time_and_materials' | 'fixed_fee' | 'retainer' | 'non_billable';
export const billingMethods: readonly BillingMethod[] = [
  'time_and_materials',
  'fixed_fee',
  'retainer',
  'non_billable',
];

export interface ProjectBody {
  readonly code: string;
  readonly name: string;
  readonly company: string;
  readonly currency: string;
  readonly tax_code: string;
  readonly billing_method: BillingMethod;
  /** The party code of the customer to invoice (see the customer master), or the client's own reference. */
  readonly customer_ref?: string;
  /** The client's own id for the project, returned on the invoices of the project. */
  readonly source_ref?: string;
}

/**
 * How a posting lands in the company's books, as the client computed it: the date it is booked on (when not
 * `date`), and the amount in the company's currency with the rate, its date and source. The ERP re-checks
 * the arithmetic and that the currency is the company's.
 */
export interface BookingFields {
  readonly posting_date?: string;
  readonly functional_amount?: string;
  readonly functional_currency?: string;
  readonly fx_rate?: string;
  readonly fx_rate_date?: string;
  readonly fx_source?: string;
}

/** A billing line's tax at the rate in force on its date, when the client taxes lines itself. */
export interface LineTaxFields {
  readonly tax_code?: string;
  readonly tax_rate?: string;
  readonly tax_amount?: string;
}

/** The digest of the approval a posting came from (Ledgerline's `sourceDigest`), kept for audit. */
export interface SourceDigestField {
  readonly source_digest?: string;
}

export interface BillingLineBody extends BookingFields, LineTaxFields, SourceDigestField {
  readonly project_id: string;
  readonly source_ref: string;
  readonly employee_ref: string;
  readonly date: string;
  /** hours, decimal string */
  readonly quantity: string;
  readonly unit_price: string;
  readonly amount: string;
  readonly currency: string;
  readonly description: string;
}

export interface CostPostingBody extends BookingFields, SourceDigestField {
  readonly project_id: string;
  readonly source_ref: string;
  readonly employee_ref: string;
  readonly date: string;
  readonly hours: string;
  readonly cost_rate: string;
  readonly amount: string;
  readonly currency: string;
}

/** What a client signed, against a project of the same company, currency and billing method. */
export interface ContractBody {
  readonly project_id: string;
  /** The client's own id for the contract; unique per company. */
  readonly contract_ref: string;
  readonly customer_ref: string;
  readonly company: string;
  readonly currency: string;
  readonly billing_method: BillingMethod;
  /** Fee (fixed fee) or agreed estimate or cap, in `currency`. */
  readonly value: string;
  readonly opportunity_ref?: string;
}

/** The ERP's expense categories; each maps to an expense account. */
export type ExpenseCategory = 'travel' | 'lodging' | 'subsistence' | 'mileage' | 'software' | 'sundry';
export const expenseCategories: readonly ExpenseCategory[] = [
  'travel',
  'lodging',
  'subsistence',
  'mileage',
  'software',
  'sundry',
];

/** An expense cost line; when `billable`, also a rebillable line at the same amount. */
export interface ExpenseBody extends BookingFields {
  readonly project_id: string;
  readonly source_ref: string;
  readonly employee_ref: string;
  readonly date: string;
  /** One of `expenseCategories`; anything else is refused as `unknown_expense_category`. */
  readonly category: string;
  readonly amount: string;
  readonly currency: string;
  readonly billable: boolean;
  readonly reimbursable: boolean;
  readonly description: string;
  readonly receipt_ref?: string;
}

/** Releases a milestone's billing item for invoicing on a fixed-fee (or retainer) project. */
export interface BillingReleaseBody extends BookingFields {
  readonly project_id: string;
  /** The client's id for the billing item; an item is released once. */
  readonly billing_item_ref: string;
  readonly milestone_ref: string;
  readonly amount: string;
  readonly currency: string;
  readonly description: string;
}

/** Closes a project for new work: recorded once, with the date delivery closed it. */
export interface ProjectCloseBody {
  readonly project_id: string;
  readonly closed_on: string;
}

/**
 * A posted time entry changed: its live billing line and cost posting are reversed (negative copies that
 * name what they reverse) and the new ones booked. Refused with `already_invoiced` when a live billing line
 * is on an invoice: that needs a credit note first.
 */
export interface TimeCorrectionBody {
  readonly project_id: string;
  readonly source_ref: string;
  /** Absent when the entry is no longer billable. */
  readonly billing_line?: Omit<BillingLineBody, 'project_id' | 'source_ref'>;
  readonly cost_posting: Omit<CostPostingBody, 'project_id' | 'source_ref'>;
}

/** A posted time entry was withdrawn: its live postings are reversed. Nothing live is success. */
export interface TimeReversalBody {
  readonly project_id: string;
  readonly source_ref: string;
  readonly reason: string;
}

/** A posted expense changed: its live posting is reversed and the new state booked. */
export interface ExpenseCorrectionBody {
  readonly project_id: string;
  readonly source_ref: string;
  readonly expense: Omit<ExpenseBody, 'project_id' | 'source_ref'>;
}

/** A posted expense was withdrawn: its live posting is reversed. Nothing live is success. */
export type ExpenseReversalBody = TimeReversalBody;

type Operation<N extends OperationName, B> = {
  readonly op: N;
  readonly idempotency_key: string;
  readonly body: B;
};

export type BatchOperation =
  | Operation<'project.create', ProjectBody>
  | Operation<'billing_line.create', BillingLineBody>
  | Operation<'cost_posting.create', CostPostingBody>
  | Operation<'contract.create', ContractBody>
  | Operation<'expense.create', ExpenseBody>
  | Operation<'billing_item.release', BillingReleaseBody>
  | Operation<'project.close', ProjectCloseBody>
  | Operation<'time_entry.correct', TimeCorrectionBody>
  | Operation<'time_entry.reverse', TimeReversalBody>
  | Operation<'expense.correct', ExpenseCorrectionBody>
  | Operation<'expense.reverse', ExpenseReversalBody>;

export interface BatchRequest {
  readonly operations: readonly BatchOperation[];
}

export interface ErpErrorDetail {
  readonly code: string;
  readonly message: string;
}

/** 201 created, 200 replay of a known key, 409 conflict, 422 invalid. */
export type OperationStatus = 201 | 200 | 409 | 422;

export type OperationResult =
  | { readonly status: 201 | 200; readonly id: string }
  | { readonly status: 409 | 422; readonly error: ErpErrorDetail };

export interface BatchResponse {
  readonly results: readonly OperationResult[];
}

/** Body of every whole-request error answer. */
export interface ErpErrorBody {
  readonly error: ErpErrorDetail;
}

export const MAX_BATCH_OPERATIONS = 1000;
