// What the CRM itself says it holds, for reconciliation against what Ledgerline received: deals by
// outcome and the won value per currency, summed exactly from minor units.
import { totalsByCurrency } from '../../../domain/money.ts';
import { minorUnitsToDecimal } from '../vendor/minor-units.ts';
import type { WebhookStats } from '../../sandbox-kit/webhook-dispatcher.ts';
import type { CrmStore } from './store.ts';

export interface CrmReport {
  readonly deals: {
    readonly total: number;
    readonly closedWon: number;
    readonly closedLost: number;
    readonly open: number;
  };
  /** Currency code -> decimal sum of the closed-won deals' values, at the currency's exponent. */
  readonly closedWonValue: Readonly<Record<string, string>>;
  readonly events: number;
  readonly webhooks: WebhookStats;
}

export function buildReport(store: CrmStore): CrmReport {
  let closedWon = 0;
  let closedLost = 0;
  const won: { amount: string; currency: string }[] = [];
  for (const deal of store.deals.values()) {
    if (deal.stage === 'closed_lost') closedLost += 1;
    if (deal.stage !== 'closed_won') continue;
    closedWon += 1;
    won.push({
      amount: minorUnitsToDecimal(deal.deal_value_minor, deal.currency_code),
      currency: deal.currency_code,
    });
  }
  const total = store.deals.size;
  return {
    deals: { total, closedWon, closedLost, open: total - closedWon - closedLost },
    closedWonValue: totalsByCurrency(won),
    events: store.events.length,
    webhooks: { ...store.webhookStats },
  };
}
