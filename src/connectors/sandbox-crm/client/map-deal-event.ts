// Vendor deal event -> canonical CloudEvent. Only a move into closed_won means something to Ledgerline
// (OpportunityClosedWon); other stage changes map to nothing. The event id is the vendor's event id, so
// one change seen through the webhook and the feed, or pulled twice, is one event. Blank finance fields
// stay absent: readiness is judged downstream, not here.
import {
  eventCatalog,
  type BillingModel,
  type CanonicalEvent,
  type Opportunity,
} from '../../../contracts/index.ts';
import type { BillingModel as VendorBillingModel } from '../vendor/records.ts';
import { canonicalId } from './canonical-ids.ts';
import type { ParsedDeal, ParsedStageChange } from './parse-deal-event.ts';

const billingModels: Record<VendorBillingModel, BillingModel> = {
  time_and_materials: 'time-and-materials',
  fixed_price: 'fixed-fee',
  retainer: 'retainer',
  non_billable: 'non-billable',
};

export function toCanonicalEvent(change: ParsedStageChange, system: string): CanonicalEvent | undefined {
  if (change.to !== 'closed_won') return undefined;
  const data = toOpportunity(change.deal, system);
  return {
    specversion: '1.0',
    id: change.id,
    source: system,
    type: eventCatalog.OpportunityClosedWon.type,
    subject: data.id,
    time: change.occurredAt,
    datacontenttype: 'application/json',
    correlationid: data.id,
    data,
  };
}

function toOpportunity(deal: ParsedDeal, system: string): Opportunity {
  return {
    id: canonicalId('opportunity', system, deal.id),
    customerId: canonicalId('customer', system, deal.account_id),
    name: deal.title,
    status: 'closed-won',
    amount: { amount: deal.deal_value, currency: deal.currency_code },
    expectedStartDate: deal.start_date,
    ...(deal.booking_entity !== null && { legalEntityId: deal.booking_entity }),
    ...(deal.billing_currency !== null && { currency: deal.billing_currency }),
    ...(deal.billing_model !== null && { billingModel: billingModels[deal.billing_model] }),
    ...(deal.tax_code !== null && { taxCode: deal.tax_code }),
  };
}
