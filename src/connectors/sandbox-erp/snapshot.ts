// The persisted forms of the ERP state: a full snapshot (one JSON document) and deltas (what was added
// since a cursor). Records and keys are append-only, which is what makes deltas exact. Faults and
// in-flight requests are runtime conditions, not state, so neither is persisted.
import { ErpState } from './erp-state.ts';
import type { FaultCounters, Sequences } from './erp-state.ts';
import type {
  BillingLineRecord,
  BillingReleaseRecord,
  ContractRecord,
  ProjectClosureRecord,
  CostPostingRecord,
  ExpenseRecord,
  ProjectRecord,
} from './records.ts';
import { restoreBook } from './snapshot-book.ts';
import {
  array,
  count,
  CorruptState,
  expect,
  isRecord,
  POSTING_FIELDS,
  withStrings,
} from './snapshot-checks.ts';
import type { VendorChange } from './wire-feed.ts';

const FORMAT = 'ledgerline.sandbox-erp.state/1';

/** How much of the append-only state has been persisted. */
export interface Cursor {
  readonly projects: number;
  readonly billingLines: number;
  readonly costPostings: number;
  readonly contracts: number;
  readonly expenses: number;
  readonly releases: number;
  readonly closures: number;
  readonly changes: number;
  readonly keys: number;
}

interface Changes {
  readonly projects: readonly ProjectRecord[];
  readonly billing_lines: readonly BillingLineRecord[];
  readonly cost_postings: readonly CostPostingRecord[];
  readonly contracts: readonly ContractRecord[];
  readonly expenses: readonly ExpenseRecord[];
  readonly billing_releases: readonly BillingReleaseRecord[];
  readonly project_closures: readonly ProjectClosureRecord[];
  /** The receivables log: parties, invoices and payments are rebuilt from it. */
  readonly changes: readonly VendorChange[];
  /** [key, fingerprint, id], in the order the keys were first applied. */
  readonly idempotency: readonly (readonly [string, string, string])[];
  /** Absolute values, not increments. */
  readonly sequences: Sequences;
  readonly stats: {
    readonly replays: number;
    readonly requests: number;
    readonly rejected: Readonly<Record<string, number>>;
    readonly faults_injected: FaultCounters;
  };
}

export interface ErpSnapshot extends Changes {
  readonly format: typeof FORMAT;
  /** A delta applies only to the snapshot of the same generation. */
  readonly generation: number;
  readonly companies: readonly {
    code: string;
    currency: string;
    tax_codes: readonly string[];
    tax_rates: Readonly<Record<string, string>>;
    invoice_prefix: string;
  }[];
}

export interface ErpDelta extends Changes {
  readonly generation: number;
}

export function cursorOf(state: ErpState): Cursor {
  return {
    projects: state.projectList.length,
    billingLines: state.billingLines.length,
    costPostings: state.costPostings.length,
    contracts: state.book.contracts.length,
    expenses: state.book.expenses.length,
    releases: state.book.releases.length,
    closures: state.book.closures.length,
    changes: state.receivables.changes.length,
    keys: state.keyLog.length,
  };
}

const EMPTY: Cursor = {
  projects: 0,
  billingLines: 0,
  costPostings: 0,
  contracts: 0,
  expenses: 0,
  releases: 0,
  closures: 0,
  changes: 0,
  keys: 0,
};

function changesOf(state: ErpState, from: Cursor): Changes {
  return {
    projects: state.projectList.slice(from.projects),
    billing_lines: state.billingLines.slice(from.billingLines),
    cost_postings: state.costPostings.slice(from.costPostings),
    contracts: state.book.contracts.slice(from.contracts),
    expenses: state.book.expenses.slice(from.expenses),
    billing_releases: state.book.releases.slice(from.releases),
    project_closures: state.book.closures.slice(from.closures),
    changes: state.receivables.changes.slice(from.changes),
    idempotency: state.keyLog.slice(from.keys).map((key) => {
      const entry = state.idempotency.get(key);
      return [key, entry?.fingerprint ?? '', entry?.id ?? ''] as const;
    }),
    sequences: { ...state.sequences },
    stats: {
      replays: state.stats.replays,
      requests: state.stats.requests,
      rejected: Object.fromEntries(state.stats.rejected),
      faults_injected: { ...state.stats.faultsInjected },
    },
  };
}

export function snapshotOf(state: ErpState, generation: number): ErpSnapshot {
  return {
    format: FORMAT,
    generation,
    companies: [...state.companies.values()].map((c) => ({
      code: c.code,
      currency: c.currency,
      tax_codes: [...c.tax_codes],
      tax_rates: Object.fromEntries(c.tax_rates),
      invoice_prefix: c.invoice_prefix,
    })),
    ...changesOf(state, EMPTY),
  };
}

export function deltaOf(state: ErpState, from: Cursor, generation: number): ErpDelta {
  return { generation, ...changesOf(state, from) };
}

function restoreCompanies(state: ErpState, value: unknown): void {
  for (const c of array(value, 'companies')) {
    const company = withStrings<{
      code: string;
      currency: string;
      tax_codes: unknown;
      tax_rates?: unknown;
      invoice_prefix?: unknown;
    }>(c, ['code', 'currency'], 'company');
    const taxCodes = array(company.tax_codes, 'company.tax_codes');
    expect(
      taxCodes.every((t) => typeof t === 'string'),
      'company.tax_codes holds a non-string',
    );
    // Files written before tax rates and invoice prefixes existed get the defaults.
    const { tax_rates: taxRates, invoice_prefix: prefix } = company;
    expect(
      taxRates === undefined ||
        (isRecord(taxRates) && Object.values(taxRates).every((r) => typeof r === 'string')),
      'company.tax_rates is not an object of strings',
    );
    expect(prefix === undefined || typeof prefix === 'string', 'company.invoice_prefix is not a string');
    state.configureCompany({
      code: company.code,
      currency: company.currency,
      taxCodes,
      ...(taxRates === undefined ? {} : { taxRates: taxRates as Record<string, string> }),
      ...(prefix === undefined ? {} : { invoicePrefix: prefix }),
    });
  }
}

/** A sequence added after the first format is absent from older files: read as 0. */
function sequence(sequences: Record<string, unknown>, name: string): number {
  return sequences[name] === undefined ? 0 : count(sequences[name], `sequences.${name}`);
}

function restoreChanges(state: ErpState, value: Record<string, unknown>): void {
  for (const p of array(value['projects'], 'projects'))
    state.restoreProject(
      withStrings<ProjectRecord>(
        p,
        ['project_id', 'code', 'name', 'company', 'currency', 'tax_code', 'billing_method', 'created_at'],
        'project',
      ),
    );
  for (const l of array(value['billing_lines'], 'billing_lines'))
    state.restoreBillingLine(
      withStrings<BillingLineRecord>(
        l,
        ['billing_line_id', 'quantity', 'unit_price', 'description', ...POSTING_FIELDS],
        'billing line',
      ),
    );
  for (const c of array(value['cost_postings'], 'cost_postings'))
    state.restoreCostPosting(
      withStrings<CostPostingRecord>(
        c,
        ['cost_posting_id', 'hours', 'cost_rate', ...POSTING_FIELDS],
        'cost posting',
      ),
    );
  restoreBook(state, value);
  for (const entry of array(value['idempotency'], 'idempotency')) {
    expect(
      Array.isArray(entry) && entry.length === 3 && entry.every((part) => typeof part === 'string'),
      'idempotency entry is not [key, fingerprint, id]',
    );
    const [key, print, id] = entry as [string, string, string];
    state.rememberKey(key, { fingerprint: print, id });
  }
  const sequences = value['sequences'];
  expect(isRecord(sequences), 'sequences is not an object');
  state.sequences.project = count(sequences['project'], 'sequences.project');
  state.sequences.billingLine = count(sequences['billingLine'], 'sequences.billingLine');
  state.sequences.costPosting = count(sequences['costPosting'], 'sequences.costPosting');
  for (const name of ['contract', 'expense', 'billingRelease', 'payment', 'change', 'closure'] as const)
    state.sequences[name] = sequence(sequences, name);
  const stats = value['stats'];
  expect(isRecord(stats), 'stats is not an object');
  state.stats.replays = count(stats['replays'], 'stats.replays');
  state.stats.requests = count(stats['requests'], 'stats.requests');
  const rejected = stats['rejected'];
  expect(isRecord(rejected), 'stats.rejected is not an object');
  state.stats.rejected.clear();
  for (const [code, n] of Object.entries(rejected))
    state.stats.rejected.set(code, count(n, `rejected.${code}`));
  const faults = stats['faults_injected'];
  expect(isRecord(faults), 'stats.faults_injected is not an object');
  for (const kind of ['rateLimited', 'serverErrors', 'failAfterApply', 'delayed'] as const)
    state.stats.faultsInjected[kind] = count(faults[kind], `faults_injected.${kind}`);
}

function describing<T>(source: string, restore: () => T): T {
  try {
    return restore();
  } catch (e) {
    if (e instanceof CorruptState) throw new Error(`${source} is not a sandbox ERP state: ${e.message}`);
    throw e;
  }
}

/** Rebuilds the state with its indices; throws with the reason when the document is not a snapshot. */
export function stateFromSnapshot(value: unknown, source: string): { state: ErpState; generation: number } {
  return describing(source, () => {
    expect(isRecord(value) && value['format'] === FORMAT, `format is not ${FORMAT}`);
    const state = new ErpState();
    restoreCompanies(state, value['companies']);
    restoreChanges(state, value);
    return { state, generation: count(value['generation'], 'generation') };
  });
}

/** Applies a delta of the given generation; a delta of another generation is stale and skipped. */
export function applyDelta(state: ErpState, value: unknown, generation: number, source: string): boolean {
  return describing(source, () => {
    expect(isRecord(value), 'delta is not an object');
    if (count(value['generation'], 'delta.generation') !== generation) return false;
    restoreChanges(state, value);
    return true;
  });
}
