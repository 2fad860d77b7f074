// The ERP's own account of what it holds, computed exactly on decimal strings. `duplicateSourceRefs`
// is the exactly-once check: a correct run never books two lines (or two costs) for one source.
import { sumDecimals, totalsByCurrency } from '../../domain/money.ts';
import type { ErpState, FaultCounters } from './erp-state.ts';

export interface PostingTotals {
  readonly count: number;
  readonly hours: string;
  /** Sum of amounts per currency code. */
  readonly amount: Readonly<Record<string, string>>;
}

export interface ErpReport {
  readonly projects: number;
  readonly billingLines: PostingTotals;
  readonly costPostings: PostingTotals;
  readonly replays: number;
  /** Rejections and client errors by vendor error code. */
  readonly rejected: Readonly<Record<string, number>>;
  /** ERP API requests received, including the ones a fault answered. */
  readonly requests: number;
  readonly faultsInjected: Readonly<FaultCounters>;
  /** How many source_refs have more than one billing line or more than one cost posting. */
  readonly duplicateSourceRefs: number;
  /** Up to 20 of them, sorted, to start an investigation. */
  readonly duplicateSourceRefExamples: readonly string[];
}

const HOURS_SCALE = 2;
const EXAMPLES = 20;

function totals(records: readonly { amount: string; currency: string }[], hours: readonly string[]) {
  return {
    count: records.length,
    hours: sumDecimals(hours, HOURS_SCALE),
    amount: totalsByCurrency(records),
  };
}

function duplicates(state: ErpState): string[] {
  const refs = new Set<string>();
  for (const [ref, lines] of state.billingLinesBySourceRef) if (lines.length > 1) refs.add(ref);
  for (const [ref, costs] of state.costPostingsBySourceRef) if (costs.length > 1) refs.add(ref);
  return [...refs].sort();
}

export function buildReport(state: ErpState): ErpReport {
  const duplicateRefs = duplicates(state);
  return {
    projects: state.projects.size,
    billingLines: totals(
      state.billingLines,
      state.billingLines.map((l) => l.quantity),
    ),
    costPostings: totals(
      state.costPostings,
      state.costPostings.map((c) => c.hours),
    ),
    replays: state.stats.replays,
    rejected: Object.fromEntries([...state.stats.rejected].sort(([a], [b]) => a.localeCompare(b))),
    requests: state.stats.requests,
    faultsInjected: { ...state.stats.faultsInjected },
    duplicateSourceRefs: duplicateRefs.length,
    duplicateSourceRefExamples: duplicateRefs.slice(0, EXAMPLES),
  };
}
