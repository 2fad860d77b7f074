// What the ERP and the PSA hold after the run, against what the events say they must hold: every count,
// the amounts per currency, and no source booked twice. A mismatch is reported, never hidden.
import type { ErpReport } from '../../src/connectors/sandbox-erp/report.ts';
import type { PsaReport } from '../../src/connectors/sandbox-psa/server.ts';
import type { Expected } from './plan.ts';

export interface Check {
  readonly what: string;
  readonly expected: string;
  readonly actual: string;
  readonly ok: boolean;
}

const text = (value: number | Readonly<Record<string, string | number>>): string =>
  typeof value === 'number'
    ? String(value)
    : Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none';

function check(
  what: string,
  expected: number | Readonly<Record<string, string | number>>,
  actual: number | Readonly<Record<string, string | number>>,
): Check {
  const e = text(expected);
  const a = text(actual);
  return { what, expected: e, actual: a, ok: e === a };
}

export function verifyReports(expected: Expected, erp: ErpReport, psa: PsaReport): Check[] {
  const { invoicesByStatus } = expected.psa;
  return [
    check('ERP projects', expected.erp.projects, erp.projects),
    check('ERP cost postings (time)', expected.erp.costPostings, erp.costPostings.count),
    check('ERP billable lines (time)', expected.erp.billingLines, erp.billingLines.count),
    check('ERP expenses', expected.erp.expenses, erp.expenses.count),
    check('ERP rebillable expenses', expected.erp.rebillableExpenses, erp.expenses.rebillable.count),
    check('ERP expense cost', expected.erp.expenseCost, erp.expenses.cost),
    check('ERP billing releases (milestones)', expected.erp.releases, erp.billingReleases.count),
    check('ERP released amount', expected.erp.releaseAmount, erp.billingReleases.amount),
    check('ERP sources booked twice', 0, erp.duplicateSourceRefs),
    check('ERP rejections', {}, erp.rejected),
    check('PSA clients from the ERP', expected.psa.clients, psa.clients.fromErp),
    check('PSA invoices', expected.psa.invoices, psa.invoices.count),
    check(
      'PSA invoices by status',
      Object.fromEntries(Object.entries(invoicesByStatus).filter(([, n]) => n > 0)),
      psa.invoices.byStatus,
    ),
    check('PSA invoiced gross', expected.psa.invoiceGross, psa.invoices.gross),
    check('PSA payments', expected.psa.payments, psa.payments.count),
    check('PSA paid amount', expected.psa.paymentAmount, psa.payments.amount),
  ];
}
