// What the sandbox ERP stores and returns from its query endpoints, in its own vocabulary.
import type { BillingLineBody, CostPostingBody, ProjectBody } from './wire.ts';

export interface CompanyRecord {
  readonly code: string;
  readonly currency: string;
  /** Tax codes enabled for the company; mutable because an operator may enable one later. */
  readonly tax_codes: Set<string>;
}

/** A stored record is the request body that created it, plus the ERP's id and creation time. */
export interface ProjectRecord extends ProjectBody {
  readonly project_id: string;
  readonly created_at: string;
}

export interface BillingLineRecord extends BillingLineBody {
  readonly billing_line_id: string;
  readonly created_at: string;
}

export interface CostPostingRecord extends CostPostingBody {
  readonly cost_posting_id: string;
  readonly created_at: string;
}

/** What the ERP remembers of an applied idempotency key: enough to answer a replay. */
export interface IdempotencyEntry {
  readonly fingerprint: string;
  readonly id: string;
}
