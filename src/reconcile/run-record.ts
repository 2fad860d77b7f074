// What of a period reconciliation the store keeps for the console: the run (scope, sides, totals, counts
// per class) and its first differences. Capped, so a run of a million records writes a bounded number
// of rows; the counts still tell every difference, and `truncated` says the list is not complete.
import { userInfo } from 'node:os';
import type { NewReconciliationDifference, NewReconciliationRun } from '../store/port.ts';
import { DecimalSum } from './decimal-sum.ts';
import type { Difference, KeySide, ReconciliationReport } from './report.ts';
import type { ComparedSides } from './sign-off.ts';

export const storedDifferencesCap = 10_000;

/** Who ran it: the operating-system user, since the CLI has no other identity. */
export function currentOperator(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

function sideJson(side: KeySide | undefined): string | null {
  return side === undefined ? null : JSON.stringify(side);
}

/** target - source; an absent side or one that cannot price counts as zero. */
function amountDifference(d: Difference): string {
  const amountOf = (side: KeySide | undefined) =>
    side === undefined || side.amountUnknown === true ? '0' : side.amount;
  return new DecimalSum()
    .add(amountOf(d.target))
    .subtractSum(DecimalSum.of(amountOf(d.source)))
    .format();
}

export function differenceRecord(d: Difference): NewReconciliationDifference {
  return {
    class: d.class,
    key: `${d.type}:${d.ref}`,
    entity: d.entity,
    source: sideJson(d.source),
    target: sideJson(d.target),
    amountDifference: amountDifference(d),
  };
}

export function runRecord(
  report: ReconciliationReport,
  sides: ComparedSides,
  ranBy: string,
  ranAt: Date,
  cap = storedDifferencesCap,
): { run: NewReconciliationRun; differences: NewReconciliationDifference[] } {
  return {
    run: {
      period: report.period,
      entity: report.entity ?? null,
      ranAt: ranAt.toISOString(),
      ranBy,
      sourceSystem: sides.source,
      targetSystem: sides.target,
      totals: JSON.stringify({ records: report.read, keys: report.keys, rows: report.totals }),
      counts: report.counts,
      ok: report.ok,
      truncated: report.differences.length > cap,
    },
    differences: report.differences.slice(0, cap).map(differenceRecord),
  };
}
