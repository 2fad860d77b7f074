// The demo's summary and its exactly-once checks: what the PSA says was approved against what the ERP
// says it holds, count for count and to the cent per currency.
import type { ErpReport } from '../connectors/sandbox-erp/server.ts';
import type { PsaReport } from '../connectors/sandbox-psa/sim/report.ts';
import type { DeadLetter, StoreStats } from '../store/port.ts';

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly expected: unknown;
  readonly actual: unknown;
}

export interface DemoSummary {
  readonly ok: boolean;
  readonly ingested: number;
  readonly duplicates: number;
  readonly posted: number;
  readonly parked: number;
  readonly deadLettered: number;
  readonly rejected: number;
  readonly deadLetters: {
    readonly total: number;
    readonly open: number;
    readonly byReason: Record<string, number>;
  };
  readonly deliveries: StoreStats['deliveries'] & { readonly attempts: number };
  readonly erp: ErpReport;
  readonly psa: PsaReport['approved'] & {
    readonly activities: number;
    readonly webhooks: PsaReport['webhooks'];
  };
  readonly checks: readonly Check[];
  readonly durationMs: number;
  readonly dataDir: string;
  readonly urls: { readonly api: string; readonly psa: string; readonly erp: string };
}

function sameRecord(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}

export function buildChecks(
  posted: number,
  parked: number,
  openDeadLetters: number,
  psa: PsaReport,
  erp: ErpReport,
): Check[] {
  const a = psa.approved;
  const check = (name: string, expected: unknown, actual: unknown, ok: boolean): Check => ({
    name,
    ok,
    expected,
    actual,
  });
  return [
    check('every approved entry posted once', a.entries, posted, posted === a.entries),
    check(
      'one billable line per billable entry',
      a.billableEntries,
      erp.billingLines.count,
      erp.billingLines.count === a.billableEntries,
    ),
    check(
      'one cost posting per approved entry',
      a.entries,
      erp.costPostings.count,
      erp.costPostings.count === a.entries,
    ),
    check(
      'hours costed equal hours approved',
      a.hours,
      erp.costPostings.hours,
      erp.costPostings.hours === a.hours,
    ),
    check(
      'billable amount per currency',
      a.billableAmount,
      erp.billingLines.amount,
      sameRecord(a.billableAmount, erp.billingLines.amount),
    ),
    check(
      'cost amount per currency',
      a.costAmount,
      erp.costPostings.amount,
      sameRecord(a.costAmount, erp.costPostings.amount),
    ),
    check('no source posted twice in the ERP', 0, erp.duplicateSourceRefs, erp.duplicateSourceRefs === 0),
    check('nothing left parked', 0, parked, parked === 0),
    check('no open dead letters', 0, openDeadLetters, openDeadLetters === 0),
  ];
}

export function countByReason(deadLetters: readonly DeadLetter[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of deadLetters) out[d.reasonCode] = (out[d.reasonCode] ?? 0) + 1;
  return out;
}

export function printSummary(s: DemoSummary, out: NodeJS.WritableStream): void {
  const lines = [
    '',
    `Ledgerline demo ${s.ok ? 'PASSED' : 'FAILED'} in ${(s.durationMs / 1000).toFixed(1)} s`,
    `  events ingested ${s.ingested}, duplicates refused ${s.duplicates}, time entries posted ${s.posted}`,
    `  parked now ${s.parked}, readiness rejections ${s.rejected}, dead letters ${s.deadLetters.total} (open ${s.deadLetters.open})`,
    `  deliveries ${s.deliveries.delivered} delivered in ${s.deliveries.attempts} attempts; ERP answered ${s.erp.replays} replays by idempotency key`,
    `  PSA approved ${s.psa.entries} entries (${s.psa.hours} h); ERP holds ${s.erp.billingLines.count} billable lines and ${s.erp.costPostings.count} cost postings`,
    '',
    ...s.checks.map(
      (c) =>
        `  ${c.ok ? '✔' : '✘'} ${c.name}${c.ok ? '' : `: expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(c.actual)}`}`,
    ),
    '',
    `  data: ${s.dataDir}`,
  ];
  out.write(`${lines.join('\n')}\n`);
}
