// The sandbox ERP's own JSON vocabulary (snake_case, ERP terms). It is deliberately not the canonical
// shape: the connector translates to and from it, and nothing outside this folder may import it.

export type OperationName = 'project.create' | 'billing_line.create' | 'cost_posting.create';
export const operationNames: readonly OperationName[] = [
  'project.create',
  'billing_line.create',
  'cost_posting.create',
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
  readonly customer_ref?: string;
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

export type BatchOperation =
  | { readonly op: 'project.create'; readonly idempotency_key: string; readonly body: ProjectBody }
  | { readonly op: 'billing_line.create'; readonly idempotency_key: string; readonly body: BillingLineBody }
  | { readonly op: 'cost_posting.create'; readonly idempotency_key: string; readonly body: CostPostingBody };

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
