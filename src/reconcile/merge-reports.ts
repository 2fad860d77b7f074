// Joins the reports of runs over disjoint parts of the keys (one per thread, partition.ts) into the report
// one run over all keys would have given: counts add up, totals rows of the same group add up exactly,
// differences interleave in report order.
import { DecimalSum, difference } from './decimal-sum.ts';
import { compareDifferences, compareTotalsRows } from './report-order.ts';
import type { ReconciliationReport, SideTotals, TotalsRow } from './report.ts';
import { amountDecimals, hoursDecimals } from './scales.ts';
import { differenceClasses, type DifferenceClass } from './report.ts';

interface SideSum {
  count: number;
  unpriced: number;
  readonly hours: DecimalSum;
  readonly amount: DecimalSum;
  readonly functional: Map<string, DecimalSum>;
}

function emptySide(): SideSum {
  return { count: 0, unpriced: 0, hours: new DecimalSum(), amount: new DecimalSum(), functional: new Map() };
}

function addSide(sum: SideSum, side: SideTotals): void {
  sum.count += side.count;
  sum.unpriced += side.unpriced;
  sum.hours.add(side.hours);
  sum.amount.add(side.amount);
  for (const [currency, amount] of Object.entries(side.functional)) {
    let f = sum.functional.get(currency);
    if (!f) sum.functional.set(currency, (f = new DecimalSum()));
    f.add(amount);
  }
}

function sideTotals(sum: SideSum, hoursScale: number, amountScale: number): SideTotals {
  return {
    count: sum.count,
    hours: sum.hours.format(hoursScale),
    amount: sum.amount.format(amountScale),
    unpriced: sum.unpriced,
    functional: Object.fromEntries(
      [...sum.functional]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([c, s]) => [c, s.format(amountDecimals(c))]),
    ),
  };
}

function mergeTotals(parts: readonly (readonly TotalsRow[])[]): TotalsRow[] {
  const rows = new Map<string, { row: TotalsRow; source: SideSum; target: SideSum }>();
  for (const part of parts)
    for (const row of part) {
      const key = [row.entity, row.project, row.type, row.currency].join('\x1f');
      let merged = rows.get(key);
      if (!merged) rows.set(key, (merged = { row, source: emptySide(), target: emptySide() }));
      addSide(merged.source, row.source);
      addSide(merged.target, row.target);
    }
  return [...rows.values()]
    .map(({ row, source, target }) => {
      const hoursScale = Math.max(hoursDecimals, source.hours.scale, target.hours.scale);
      const amountScale = Math.max(amountDecimals(row.currency), source.amount.scale, target.amount.scale);
      return {
        entity: row.entity,
        project: row.project,
        type: row.type,
        currency: row.currency,
        source: sideTotals(source, hoursScale, amountScale),
        target: sideTotals(target, hoursScale, amountScale),
        difference: {
          count: target.count - source.count,
          hours: difference(target.hours, source.hours, hoursScale),
          amount: difference(target.amount, source.amount, amountScale),
        },
      };
    })
    .sort(compareTotalsRows);
}

export function mergeReports(parts: readonly ReconciliationReport[]): ReconciliationReport {
  const [first] = parts;
  if (!first) throw new RangeError('no reports to merge');
  const counts = Object.fromEntries(
    differenceClasses.map((c) => [c, parts.reduce((n, p) => n + p.counts[c], 0)]),
  ) as Record<DifferenceClass, number>;
  const differences = parts.flatMap((p) => p.differences).sort(compareDifferences);
  return {
    period: first.period,
    ...(first.entity === undefined ? {} : { entity: first.entity }),
    ok: differences.length === 0,
    read: {
      source: parts.reduce((n, p) => n + p.read.source, 0),
      target: parts.reduce((n, p) => n + p.read.target, 0),
    },
    keys: parts.reduce((n, p) => n + p.keys, 0),
    counts,
    totals: mergeTotals(parts.map((p) => p.totals)),
    differences,
  };
}
