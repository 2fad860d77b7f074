// The quote-to-cash demo's verdict: the loop closed when every invoice the ERP issued is in the PSA with
// its number, amount and status, every payment is there with its status, every approved entry and expense
// reached the ERP once, and nothing is left in flight.
import type { ErpReport } from '../../connectors/sandbox-erp/server.ts';
import type { IssuedSummary } from '../../connectors/sandbox-erp/invoice-run.ts';
import type { PsaReport } from '../../connectors/sandbox-psa/sim/report.ts';
import type { VendorInvoice, VendorPayment } from '../../connectors/sandbox-psa/vendor/billing-records.ts';
import type { StoreStats } from '../../store/port.ts';
import type { Check } from '../summary.ts';
import type { WorkflowSummary } from './workflows.ts';

export interface QuoteToCashSummary {
  readonly ok: boolean;
  readonly workflows: readonly WorkflowSummary[];
  readonly checks: readonly Check[];
  readonly erp: ErpReport;
  readonly psa: {
    readonly clients: PsaReport['clients'];
    readonly approvedTime: PsaReport['approved'];
    readonly expenses: PsaReport['expenses'];
    readonly milestones: PsaReport['milestones'];
    readonly invoices: PsaReport['invoices'];
    readonly payments: PsaReport['payments'];
  };
  readonly deliveries: StoreStats['deliveries'] & { readonly attempts: number };
  readonly duplicatesRefused: number;
  readonly deadLettersOpen: number;
  readonly durationMs: number;
  readonly dataDir: string;
}

export interface ClosingInputs {
  readonly stats: StoreStats;
  readonly invoices: readonly IssuedSummary[];
  readonly paid: readonly IssuedSummary[];
  /** Engagements from won deals whose set-up finance completed in the PSA. */
  readonly engagements: number;
  readonly psaInvoices: readonly VendorInvoice[];
  readonly psaPayments: readonly VendorPayment[];
  readonly psaReport: PsaReport;
  readonly erpReport: ErpReport;
}

const check = (name: string, expected: unknown, actual: unknown, ok: boolean): Check => ({
  name,
  ok,
  expected,
  actual,
});

const byType = (stats: StoreStats, type: string, state: string) =>
  stats.eventsByType[`io.ledgerline.${type}.v1`]?.[state] ?? 0;

export function closingChecks(input: ClosingInputs): Check[] {
  const { stats, psaReport: psa, erpReport: erp } = input;
  const inPsa = new Map(input.psaInvoices.map((i) => [i.invoice_number, i]));
  const missingInvoices = input.invoices
    .filter((i) => {
      const seen = inPsa.get(i.invoice_number);
      return !seen || seen.gross !== i.gross_total || seen.currency !== i.currency;
    })
    .map((i) => i.invoice_number);
  const paidNumbers = new Set(input.paid.map((i) => i.invoice_number));
  const wrongStatus = input.invoices
    .filter(
      (i) => inPsa.get(i.invoice_number)?.status !== (paidNumbers.has(i.invoice_number) ? 'paid' : 'issued'),
    )
    .map((i) => `${i.invoice_number}: ${inPsa.get(i.invoice_number)?.status ?? 'missing'}`);
  const payments = new Map(input.psaPayments.map((p) => [p.invoice_number, p]));
  const missingPayments = input.paid
    .filter((i) => {
      const p = payments.get(i.invoice_number);
      return !p || p.amount !== i.gross_total || p.status === 'reversed';
    })
    .map((i) => i.invoice_number);
  const expensesRejected = byType(stats, 'expense.approved', 'rejected');
  const inFlight = stats.events.accepted + stats.events.delivering + stats.events.parked;
  return [
    check(
      'every ERP customer is a PSA client',
      erp.parties,
      psa.clients.fromErp,
      erp.parties === psa.clients.fromErp,
    ),
    check(
      'every won engagement set up in the PSA has its project and contract in the ERP',
      input.engagements,
      erp.contracts.count,
      input.engagements === erp.contracts.count,
    ),
    check('the ERP issued invoices', '> 0', input.invoices.length, input.invoices.length > 0),
    check(
      'every invoice the ERP issued is in the PSA with its number and amount',
      [],
      missingInvoices,
      missingInvoices.length === 0,
    ),
    check(
      'every invoice in the PSA has its status (paid or issued)',
      [],
      wrongStatus,
      wrongStatus.length === 0,
    ),
    check(
      'every payment the ERP recorded is in the PSA with its amount and status',
      [],
      missingPayments,
      missingPayments.length === 0,
    ),
    check(
      'every approved time entry posted once',
      psa.approved.entries,
      erp.costPostings.count,
      psa.approved.entries === erp.costPostings.count,
    ),
    check(
      'every approved expense posted, or refused with a reason code',
      psa.expenses.approved,
      erp.expenses.count + expensesRejected,
      psa.expenses.approved === erp.expenses.count + expensesRejected,
    ),
    check(
      'every completed milestone of a fixed-fee or retainer project released in the ERP',
      byType(stats, 'billing-schedule.release-posted', 'completed'),
      erp.billingReleases.count,
      byType(stats, 'billing-schedule.release-posted', 'completed') === erp.billingReleases.count,
    ),
    check(
      'every project closed in the PSA and held by the ERP is closed there',
      byType(stats, 'project.closed', 'completed'),
      erp.closedProjects,
      byType(stats, 'project.closed', 'completed') === erp.closedProjects,
    ),
    check(
      'nothing left in flight or parked',
      0,
      inFlight + stats.deliveries.pending,
      inFlight + stats.deliveries.pending === 0,
    ),
    check('nothing posted twice in the ERP', 0, erp.duplicateSourceRefs, erp.duplicateSourceRefs === 0),
  ];
}

function pad(text: string | number, width: number): string {
  return String(text).padStart(width);
}

export function printQuoteToCashSummary(summary: QuoteToCashSummary, out: NodeJS.WritableStream): void {
  const lines = [
    '',
    `Quote to cash, ${Math.round(summary.durationMs / 1000)} s (data in ${summary.dataDir})`,
    '',
    `  ${'workflow'.padEnd(44)}${pad('received', 9)}${pad('done', 8)}${pad('confirmed', 10)}${pad('parked', 7)}${pad('refused', 8)}  reasons`,
  ];
  for (const w of summary.workflows) {
    if (w.received === 0) continue;
    const reasons = Object.entries(w.reasons)
      .map(([code, n]) => `${code} ${n}`)
      .join(', ');
    lines.push(
      `  ${w.workflow.padEnd(44)}${pad(w.received, 9)}${pad(w.completed, 8)}${pad(w.confirmed ?? '-', 10)}${pad(w.parked, 7)}${pad(w.rejected + w.dead, 8)}  ${reasons}`,
    );
  }
  lines.push(
    '',
    `  PSA: ${summary.psa.invoices.count} invoices ${JSON.stringify(summary.psa.invoices.byStatus)}, ${summary.psa.payments.count} payments`,
  );
  lines.push('');
  for (const c of summary.checks)
    lines.push(
      `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.ok ? '' : ` (expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(c.actual)})`}`,
    );
  lines.push(
    '',
    summary.ok ? 'The loop closed.' : 'The loop did not close: see the failed checks above.',
    '',
  );
  out.write(`${lines.join('\n')}\n`);
}
