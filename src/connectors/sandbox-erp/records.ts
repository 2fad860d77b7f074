// What the sandbox ERP stores and returns from its query endpoints, in its own vocabulary.
import type { BillingMethod } from './wire.ts';

export interface CompanyRecord {
  readonly code: string;
  readonly currency: string;
  /** Tax codes enabled for the company; mutable because an operator may enable one later. */
  readonly tax_codes: Set<string>;
}

export interface ProjectRecord {
  readonly project_id: string;
  readonly code: string;
  readonly name: string;
  readonly company: string;
  readonly currency: string;
  readonly tax_code: string;
  readonly billing_method: BillingMethod;
  readonly customer_ref?: string;
  readonly created_at: string;
}

export interface BillingLineRecord {
  readonly billing_line_id: string;
  readonly project_id: string;
  readonly source_ref: string;
  readonly employee_ref: string;
  readonly date: string;
  readonly quantity: string;
  readonly unit_price: string;
  readonly amount: string;
  readonly currency: string;
  readonly description: string;
  readonly created_at: string;
}

export interface CostPostingRecord {
  readonly cost_posting_id: string;
  readonly project_id: string;
  readonly source_ref: string;
  readonly employee_ref: string;
  readonly date: string;
  readonly hours: string;
  readonly cost_rate: string;
  readonly amount: string;
  readonly currency: string;
  readonly created_at: string;
}

/** What the ERP remembers of an applied idempotency key: enough to answer a replay. */
export interface IdempotencyEntry {
  readonly fingerprint: string;
  readonly id: string;
}
