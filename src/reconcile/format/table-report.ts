// `--format table` (the default): the control totals per entity, project, type and currency for both sides
// and their difference, then the differences by class with the records behind them, a few per class.
import type { Difference, DifferenceClass, KeySide, ReconciliationReport, TotalsRow } from '../report.ts';
import { differenceClasses } from '../report.ts';
import type { ReconRecord } from '../record.ts';
import type { ReportContext } from './report-context.ts';

const described: Readonly<Record<DifferenceClass, (c: ReportContext) => string>> = {
  missing_in_target: (c) => `in ${c.source}, not in ${c.target}`,
  extra_in_target: (c) => `in ${c.target}, not in ${c.source}`,
  duplicate: () => 'a different number of live postings on the two sides',
  amount_drift: () => 'hours, amount or currency differ',
  fx_difference: () => 'same amount, converted to a different functional amount',
  period_mismatch: () => 'booked in different periods',
};

function table(header: readonly string[], rows: readonly (readonly string[])[], rightFrom: number): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i >= rightFrom ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function totalsLines(totals: readonly TotalsRow[], c: ReportContext): string[] {
  if (totals.length === 0) return ['(no records booked in the period on either side)'];
  return table(
    [
      'entity',
      'project',
      'type',
      'cur',
      `${c.source} #`,
      'hours',
      'amount',
      `${c.target} #`,
      'hours',
      'amount',
      'diff #',
      'diff amount',
    ],
    totals.map((t) => [
      t.entity,
      t.project === '' ? '-' : t.project,
      t.type,
      t.currency,
      String(t.source.count),
      t.source.hours,
      t.source.amount + (t.source.unpriced > 0 ? ` (+${t.source.unpriced} unpriced)` : ''),
      String(t.target.count),
      t.target.hours,
      t.target.amount + (t.target.unpriced > 0 ? ` (+${t.target.unpriced} unpriced)` : ''),
      String(t.difference.count),
      t.difference.amount,
    ]),
    4,
  );
}

function sideSummary(side: KeySide | undefined): string {
  if (!side) return 'none';
  const hours = side.hours === '0' ? '' : `${side.hours} h, `;
  const amount = side.amountUnknown ? 'amount unknown' : `${side.amount} ${side.currency}`;
  const fx = side.functional ? ` (${side.functional.amount} ${side.functional.currency})` : '';
  return `${side.count} live, ${hours}${amount}${fx}, booked ${side.period}`;
}

function recordLine(label: string, r: ReconRecord): string {
  const parts = [
    r.date,
    r.period === undefined ? '' : `booked ${r.period}`,
    r.hours === undefined ? '' : `${r.hours} h`,
    r.amountUnknown === true ? 'amount unknown' : `${r.amount} ${r.currency}`,
    r.functional ? `= ${r.functional.amount} ${r.functional.currency}` : '',
    r.reversal === true ? 'reversal' : '',
    r.id === undefined ? '' : `id ${r.id}`,
  ].filter((p) => p !== '');
  return `      ${label}: ${parts.join('  ')}`;
}

function differenceLines(d: Difference, c: ReportContext): string[] {
  const where = [d.entity, d.project].filter((p) => p !== '').join(' ');
  return [
    `  ${d.type} ${d.ref}${where === '' ? '' : ` (${where})`}`,
    `    ${c.source}: ${sideSummary(d.source)}`,
    `    ${c.target}: ${sideSummary(d.target)}`,
    ...d.records.source.map((r) => recordLine(c.source, r)),
    ...d.records.target.map((r) => recordLine(c.target, r)),
  ];
}

export function tableReport(report: ReconciliationReport, c: ReportContext, perClass: number): string {
  const scope = report.entity === undefined ? 'every entity' : `entity ${report.entity}`;
  const lines = [
    `Reconciliation of ${report.period}, ${scope}: ${c.source} (source) against ${c.target} (target)`,
    `${report.read.source} records read from ${c.source}, ${report.read.target} from ${c.target}; ${report.keys} references in the period`,
    ...c.notCompared.map((n) => `Not compared: ${n.type} (${n.reason})`),
    '',
    `Totals booked in ${report.period} (diff = ${c.target} - ${c.source})`,
    ...totalsLines(report.totals, c),
    '',
  ];
  if (report.ok) return `${[...lines, 'No differences.'].join('\n')}\n`;
  lines.push(`${report.differences.length} difference(s)`);
  for (const cls of differenceClasses) {
    const of = report.differences.filter((d) => d.class === cls);
    if (of.length === 0) continue;
    lines.push('', `${cls}: ${of.length} (${described[cls](c)})`);
    for (const d of of.slice(0, perClass)) lines.push(...differenceLines(d, c));
    if (of.length > perClass)
      lines.push(`  ... and ${of.length - perClass} more (all of them: --format json or --format csv)`);
  }
  return `${lines.join('\n')}\n`;
}
