// The sandbox ERP's own JSON vocabulary (snake_case, ERP terms). It is deliberately not the canonical
// shape: the connector translates to and from it, and nothing outside this folder may import it.

export type OperationName =
  | 'project.create'
  | 'billing_line.create'
  | 'cost_posting.create'
  | 'contract.create'
  | 'expense.create'
  | 'billing_item.release'
  | 'project.close';
export const operationNames: readonly OperationName[] = [
  'project.create',
  'billing_line.create',
  'cost_posting.create',
  'contract.create',
  'expense.create',
  'billing_item.release',
  'project.close',
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

export interface BillingLineBody {
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

export interface CostPostingBody {
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
export interface ExpenseBody {
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
export interface BillingReleaseBody {
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
  | Operation<'project.close', ProjectCloseBody>;

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
