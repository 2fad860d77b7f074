// What the sandbox ERP stores and returns from its query endpoints, in its own vocabulary.
import type {
  BillingLineBody,
  BillingReleaseBody,
  ContractBody,
  CostPostingBody,
  ExpenseBody,
  ProjectBody,
  ProjectCloseBody,
} from './wire.ts';

export interface CompanyRecord {
  readonly code: string;
  readonly currency: string;
  /** Tax codes enabled for the company; mutable because an operator may enable one later. */
  readonly tax_codes: Set<string>;
  /** Percent per tax code, as the invoice run applies it. A code may have a rate before it is enabled. */
  readonly tax_rates: ReadonlyMap<string, string>;
  /** Starts the company's invoice numbers, e.g. "UK" in UK-2026-000123; unique across companies. */
  readonly invoice_prefix: string;
}

/** A stored record is the request body that created it, plus the ERP's id and creation time. */
export interface ProjectRecord extends ProjectBody {
  readonly project_id: string;
  readonly created_at: string;
}

export interface BillingLineRecord extends BillingLineBody {
  readonly billing_line_id: string;
  readonly created_at: string;
  /** A reversal names the line it cancels; its quantity and amounts are that line's, negated. */
  readonly reverses?: string;
}

export interface CostPostingRecord extends CostPostingBody {
  readonly cost_posting_id: string;
  readonly created_at: string;
  readonly reverses?: string;
}

export interface ContractRecord extends ContractBody {
  readonly contract_id: string;
  readonly created_at: string;
}

/** `amount` is written at the currency's minor unit. */
export interface ExpenseRecord extends ExpenseBody {
  readonly expense_id: string;
  readonly created_at: string;
  /** A reversal names the expense it cancels; its amount is that one's, negated. */
  readonly reverses?: string;
}

export interface BillingReleaseRecord extends BillingReleaseBody {
  readonly release_id: string;
  readonly created_at: string;
}

export interface ProjectClosureRecord extends ProjectCloseBody {
  readonly closure_id: string;
  readonly created_at: string;
}

/** What the ERP remembers of an applied idempotency key: enough to answer a replay. */
export interface IdempotencyEntry {
  readonly fingerprint: string;
  readonly id: string;
}
