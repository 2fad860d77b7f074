// What the PSA itself says was approved, for reconciliation against the ERP. Each entry is extended and
// rounded once (half-up, currency minor unit) before summing, exactly as an invoice line would be.
// Expenses, milestones and the invoices and payments written back: report-records.ts.
import { extend, sumDecimals, totalsByCurrency, type Money } from '../../../domain/money.ts';
import { hoursToDecimal } from '../vendor/hours.ts';
import { buildRecordsReport, type RecordsReport } from './report-records.ts';
import type { WebhookStats } from '../../sandbox-kit/webhook-dispatcher.ts';
import type { PsaStore } from './store.ts';

export interface PsaReport extends RecordsReport {
  readonly approved: {
    readonly entries: number;
    readonly billableEntries: number;
    readonly hours: string;
    readonly billableAmount: Record<string, string>;
    readonly costAmount: Record<string, string>;
  };
  readonly activities: number;
  readonly webhooks: WebhookStats;
}

export function buildReport(store: PsaStore): PsaReport {
  const hours: string[] = [];
  const billable: Money[] = [];
  const cost: Money[] = [];
  for (const entry of store.entries.values()) {
    if (entry.status !== 'approved') continue;
    const h = hoursToDecimal(entry.hours);
    const user = store.users.get(entry.user_id);
    // Both hold for every stored entry: checked when it was seeded.
    if (h === undefined || !user) throw new Error(`time entry ${entry.id} is inconsistent`);
    hours.push(h);
    if (entry.billable && entry.bill_rate !== null)
      billable.push(extend(h, { amount: entry.bill_rate, currency: entry.currency }));
    cost.push(extend(h, { amount: user.cost_rate, currency: user.cost_currency }));
  }
  return {
    approved: {
      entries: hours.length,
      billableEntries: billable.length,
      hours: sumDecimals(hours, 2),
      billableAmount: totalsByCurrency(billable),
      costAmount: totalsByCurrency(cost),
    },
    activities: store.activities.length,
    webhooks: { ...store.webhookStats },
    ...buildRecordsReport(store),
  };
}
