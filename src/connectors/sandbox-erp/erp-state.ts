// The ERP's whole in-memory state: configuration, records with their indices, remembered idempotency
// keys and counters. Records are append-only, so arrays stay in id order and paging is a binary search.
// Contracts, expenses and billing releases live in `book`; parties, invoices and payments in
// `receivables`, derived from its change log.
import { BillingBook } from './billing-book.ts';
import { BOOKING_FIELDS, LINE_TAX_FIELDS } from './booking-rules.ts';
import { companyRecord, defaultCompanies } from './companies.ts';
import type { CompanyConfig } from './companies.ts';
import { formatId } from './ids.ts';
import { pushTo } from './multimap.ts';
import { Receivables } from './receivables.ts';
import type {
  BillingLineRecord,
  CompanyRecord,
  CostPostingRecord,
  IdempotencyEntry,
  ProjectRecord,
} from './records.ts';
import type { BillingLineBody, CostPostingBody, ProjectBody } from './wire.ts';

/** The named fields the body has, and only those (a record never holds `undefined` fields). */
function optionalFields<T extends object, K extends keyof T>(
  body: T,
  names: readonly K[],
): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const name of names) if (body[name] !== undefined) out[name] = body[name];
  return out;
}

export interface FaultCounters {
  rateLimited: number;
  serverErrors: number;
  failAfterApply: number;
  delayed: number;
}

export interface ErpStats {
  replays: number;
  requests: number;
  readonly rejected: Map<string, number>;
  readonly faultsInjected: FaultCounters;
}

export interface Sequences {
  project: number;
  billingLine: number;
  costPosting: number;
  contract: number;
  expense: number;
  billingRelease: number;
  payment: number;
  change: number;
  closure: number;
}

export class ErpState {
  readonly companies = new Map<string, CompanyRecord>();
  readonly projects = new Map<string, ProjectRecord>();
  /** Projects in creation order, so the state file can append just the new ones. */
  readonly projectList: ProjectRecord[] = [];
  readonly billingLines: BillingLineRecord[] = [];
  readonly costPostings: CostPostingRecord[] = [];
  readonly billingLinesByProject = new Map<string, BillingLineRecord[]>();
  readonly billingLinesBySourceRef = new Map<string, BillingLineRecord[]>();
  readonly costPostingsByProject = new Map<string, CostPostingRecord[]>();
  readonly costPostingsBySourceRef = new Map<string, CostPostingRecord[]>();
  readonly idempotency = new Map<string, IdempotencyEntry>();
  /** Ids of billing lines and cost postings a reversal has cancelled. */
  readonly reversed = new Set<string>();
  /** Keys in the order they were remembered, for the same reason. */
  readonly keyLog: string[] = [];
  readonly sequences: Sequences = {
    project: 0,
    billingLine: 0,
    costPosting: 0,
    contract: 0,
    expense: 0,
    billingRelease: 0,
    payment: 0,
    change: 0,
    closure: 0,
  };
  readonly book = new BillingBook(this.sequences, () => {
    this.version++;
  });
  readonly receivables = new Receivables(this.sequences, () => {
    this.version++;
  });
  readonly stats: ErpStats = {
    replays: 0,
    requests: 0,
    rejected: new Map(),
    faultsInjected: { rateLimited: 0, serverErrors: 0, failAfterApply: 0, delayed: 0 },
  };
  /** Bumped on every change worth persisting, so the state file knows when it is stale. */
  version = 0;
  /** Bumped when companies change: rare, so the state file rewrites itself whole then. */
  configVersion = 0;
  private readonly projectIdByCompanyCode = new Map<string, string>();

  static withCompanies(companies: readonly CompanyConfig[] = defaultCompanies): ErpState {
    const state = new ErpState();
    for (const company of companies) state.configureCompany(company);
    return state;
  }

  configureCompany(config: CompanyConfig): void {
    this.companies.set(config.code, companyRecord(config));
    this.configVersion++;
    this.version++;
  }

  /** Returns false when the company does not exist. */
  enableTaxCode(company: string, taxCode: string): boolean {
    const record = this.companies.get(company);
    if (!record) return false;
    record.tax_codes.add(taxCode);
    this.configVersion++;
    this.version++;
    return true;
  }

  projectIdByCode(company: string, code: string): string | undefined {
    return this.projectIdByCompanyCode.get(`${company}\u0000${code}`);
  }

  createProject(body: ProjectBody, createdAt: string): ProjectRecord {
    const record: ProjectRecord = {
      project_id: formatId('project', ++this.sequences.project),
      ...body,
      created_at: createdAt,
    };
    this.restoreProject(record);
    return record;
  }

  /** `amount` is the booked amount, at the currency's minor unit; `reverses` makes it a reversal. */
  createBillingLine(
    body: BillingLineBody,
    amount: string,
    createdAt: string,
    reverses?: string,
  ): BillingLineRecord {
    // Field by field rather than spread: one allocation with a stable shape, on the hot path.
    const record: BillingLineRecord = {
      billing_line_id: formatId('billingLine', ++this.sequences.billingLine),
      project_id: body.project_id,
      source_ref: body.source_ref,
      employee_ref: body.employee_ref,
      date: body.date,
      quantity: body.quantity,
      unit_price: body.unit_price,
      amount,
      currency: body.currency,
      description: body.description,
      created_at: createdAt,
      ...optionalFields(body, BOOKING_FIELDS),
      ...optionalFields(body, LINE_TAX_FIELDS),
      ...optionalFields(body, ['source_digest']),
      ...(reverses === undefined ? {} : { reverses }),
    };
    this.restoreBillingLine(record);
    return record;
  }

  createCostPosting(
    body: CostPostingBody,
    amount: string,
    createdAt: string,
    reverses?: string,
  ): CostPostingRecord {
    const record: CostPostingRecord = {
      cost_posting_id: formatId('costPosting', ++this.sequences.costPosting),
      project_id: body.project_id,
      source_ref: body.source_ref,
      employee_ref: body.employee_ref,
      date: body.date,
      hours: body.hours,
      cost_rate: body.cost_rate,
      amount,
      currency: body.currency,
      created_at: createdAt,
      ...optionalFields(body, BOOKING_FIELDS),
      ...optionalFields(body, ['source_digest']),
      ...(reverses === undefined ? {} : { reverses }),
    };
    this.restoreCostPosting(record);
    return record;
  }

  /** Adds a record with its id already assigned (creation and loading the state file). */
  restoreProject(record: ProjectRecord): void {
    this.projects.set(record.project_id, record);
    this.projectList.push(record);
    this.projectIdByCompanyCode.set(`${record.company}\u0000${record.code}`, record.project_id);
    this.version++;
  }

  restoreBillingLine(record: BillingLineRecord): void {
    if (record.reverses !== undefined) this.reversed.add(record.reverses);
    this.billingLines.push(record);
    pushTo(this.billingLinesByProject, record.project_id, record);
    pushTo(this.billingLinesBySourceRef, record.source_ref, record);
    this.version++;
  }

  restoreCostPosting(record: CostPostingRecord): void {
    if (record.reverses !== undefined) this.reversed.add(record.reverses);
    this.costPostings.push(record);
    pushTo(this.costPostingsByProject, record.project_id, record);
    pushTo(this.costPostingsBySourceRef, record.source_ref, record);
    this.version++;
  }

  rememberKey(key: string, entry: IdempotencyEntry): void {
    this.idempotency.set(key, entry);
    this.keyLog.push(key);
    this.version++;
  }

  countReplay(): void {
    this.stats.replays++;
    this.version++;
  }

  countRejected(code: string): void {
    this.stats.rejected.set(code, (this.stats.rejected.get(code) ?? 0) + 1);
    this.version++;
  }

  countRequest(): void {
    this.stats.requests++;
    this.version++;
  }

  countFault(kind: keyof FaultCounters): void {
    this.stats.faultsInjected[kind]++;
    this.version++;
  }
}
