// The report's figures for what goes beyond time: expenses and milestones as the PSA recorded them (what
// the ERP should book from them), and the invoices and payments the ERP wrote back (what a delivery
// manager sees). Amounts are summed exactly per currency; nothing here rounds, the PSA holds minor units.
import { totalsByCurrency, type Money } from '../../../domain/money.ts';
import type { PsaStore } from './store.ts';

export interface RecordsReport {
  readonly expenses: {
    readonly approved: number;
    readonly rejected: number;
    readonly submitted: number;
    readonly billable: number;
    /** Approved expenses only: every one is a cost, the billable ones also a billable line. */
    readonly amount: Record<string, string>;
    readonly billableAmount: Record<string, string>;
  };
  readonly milestones: {
    readonly count: number;
    readonly completed: number;
    readonly completedAmount: Record<string, string>;
  };
  readonly clients: { readonly count: number; readonly fromErp: number };
  readonly invoices: {
    readonly count: number;
    readonly byStatus: Record<string, number>;
    readonly gross: Record<string, string>;
  };
  readonly payments: {
    readonly count: number;
    readonly byStatus: Record<string, number>;
    /** Payments not reversed. */
    readonly amount: Record<string, string>;
  };
  readonly activitiesByKind: Record<string, number>;
}

function countBy<T>(items: Iterable<T>, key: (item: T) => string): Record<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

const money = (amount: string, currency: string): Money => ({ amount, currency });

export function buildRecordsReport(store: PsaStore): RecordsReport {
  const expenses = [...store.expenses.values()];
  const approved = expenses.filter((e) => e.status === 'approved');
  const milestones = [...store.milestones.values()];
  const completed = milestones.filter((m) => m.status === 'completed');
  const invoices = [...store.invoices.values()];
  const payments = [...store.payments.values()];
  return {
    expenses: {
      approved: approved.length,
      rejected: expenses.filter((e) => e.status === 'rejected').length,
      submitted: expenses.filter((e) => e.status === 'submitted').length,
      billable: approved.filter((e) => e.billable).length,
      amount: totalsByCurrency(approved.map((e) => money(e.amount, e.currency))),
      billableAmount: totalsByCurrency(
        approved.filter((e) => e.billable).map((e) => money(e.amount, e.currency)),
      ),
    },
    milestones: {
      count: milestones.length,
      completed: completed.length,
      completedAmount: totalsByCurrency(completed.map((m) => money(m.amount, m.currency))),
    },
    clients: {
      count: store.clients.size,
      fromErp: [...store.clients.values()].filter((c) => c.external_ref !== null).length,
    },
    invoices: {
      count: invoices.length,
      byStatus: countBy(invoices, (i) => i.status),
      gross: totalsByCurrency(invoices.map((i) => money(i.gross, i.currency))),
    },
    payments: {
      count: payments.length,
      byStatus: countBy(payments, (p) => p.status),
      amount: totalsByCurrency(
        payments.filter((p) => p.status !== 'reversed').map((p) => money(p.amount, p.currency)),
      ),
    },
    activitiesByKind: countBy(store.activities, (a) => a.kind),
  };
}
