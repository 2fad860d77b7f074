// Generates a realistic, reproducible sales pipeline for the sandbox CRM: an account per given customer,
// deals spread over them (every customer gets one before any gets two), an exact share won, the rest
// lost or still open, each with its stage history. Some won deals lack finance fields (tax code, billing
// model, booking entity or billing currency), so readiness rules downstream have something to refuse.
// The same options always give the same pipeline (seeded PRNG).
import type { CrmPipeline, SeedDeal } from './crm-pipeline.ts';
import { engagements, salesOwners } from './gen/catalogue.ts';
import { dealValueMinor } from './gen/deal-values.ts';
import { dealTimeline, type Outcome } from './gen/stage-history.ts';
import { WeightedPicker } from '../sandbox-kit/weighted.ts';
import { createPrng, type Prng } from '../sandbox-kit/prng.ts';
import { isKnownCurrency } from './vendor/minor-units.ts';
import {
  accountIdPattern,
  entityCodePattern,
  financeFieldNames,
  type BillingModel,
} from './vendor/records.ts';

export type { CrmPipeline } from './crm-pipeline.ts';

export interface PipelineCustomer {
  /** Becomes the CRM account id, so the canonical customer id is `customer:<system>:<id>`. */
  readonly id: string;
  readonly name: string;
  /** The firm's legal entity that contracts with the customer, e.g. "LL-UK". */
  readonly legalEntityId: string;
  /** ISO 4217; the customer's deals are priced and billed in it. */
  readonly currency: string;
}

export interface GenerateCrmPipelineOptions {
  readonly seed: number;
  readonly customers: readonly PipelineCustomer[];
  /** How many deals. */
  readonly opportunities: number;
  /** Share (0..1) of deals that are closed-won; the count is rounded to the nearest whole deal. */
  readonly closedWonShare: number;
  /** Won deals missing 1-2 finance fields; default about 10% of won deals (at least 1 from 2 won). */
  readonly incompleteWonDeals?: number;
}

const billingModels = new WeightedPicker<BillingModel>(
  ['time_and_materials', 'fixed_price', 'retainer', 'non_billable'],
  [55, 30, 10, 5],
);
/** The tax codes the sandbox ERP knows; reverse-charge is the one it has to be told about first. */
const taxCodes = new WeightedPicker(['standard', 'reverse-charge', 'zero-rated', 'exempt'], [75, 12, 8, 5]);
/** Of the deals not won, the share lost (the rest are still open). */
const LOST_SHARE = 0.4;

export function generateCrmPipeline(options: GenerateCrmPipelineOptions): CrmPipeline {
  const won = Math.round(options.opportunities * options.closedWonShare);
  const incomplete = options.incompleteWonDeals ?? (won >= 2 ? Math.max(1, Math.round(won / 10)) : 0);
  checkOptions(options, won, incomplete);

  const rng = createPrng(options.seed);
  const { customers } = options;
  const wonIndices = new Set(sample(rng, options.opportunities, won));
  const deals = Array.from({ length: options.opportunities }, (_, i): SeedDeal => {
    const customer = customers[i] ?? rng.pick(customers);
    const outcome: Outcome = wonIndices.has(i) ? 'won' : rng.chance(LOST_SHARE) ? 'lost' : 'open';
    const timeline = dealTimeline(rng, outcome);
    return {
      id: `D-${String(i + 1).padStart(6, '0')}`,
      account_id: customer.id,
      title: `${rng.pick(engagements)}${rng.chance(0.25) ? ` Phase ${rng.int(2, 3)}` : ''}`,
      deal_value_minor: dealValueMinor(rng, customer.currency),
      currency_code: customer.currency,
      close_date: timeline.closeDate,
      start_date: timeline.startDate,
      owner_email: rng.pick(salesOwners),
      booking_entity: customer.legalEntityId,
      billing_currency: customer.currency,
      billing_model: billingModels.pick(rng),
      // Sales fills in the tax code late: half of the deals still open have none yet.
      tax_code: outcome === 'open' && rng.chance(0.5) ? null : taxCodes.pick(rng),
      stages: timeline.stages,
    };
  });
  const wonDeals = deals.filter((_, i) => wonIndices.has(i));
  for (const i of sample(rng, wonDeals.length, incomplete)) {
    const deal = wonDeals[i];
    if (deal) for (const j of sample(rng, financeFieldNames.length, rng.int(1, 2))) blank(deal, j);
  }
  return {
    accounts: customers.map((c) => ({
      id: c.id,
      name: c.name,
      legal_entity: c.legalEntityId,
      default_currency: c.currency,
    })),
    deals,
  };
}

function blank(deal: SeedDeal, fieldIndex: number): void {
  const field = financeFieldNames[fieldIndex];
  if (field !== undefined) deal[field] = null;
}

function checkOptions(o: GenerateCrmPipelineOptions, won: number, incomplete: number): void {
  const count = (name: string, value: number, min: number, max: number): void => {
    if (!Number.isSafeInteger(value) || value < min || value > max)
      throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  };
  count('seed', o.seed, 0, 4_294_967_295);
  count('opportunities', o.opportunities, 1, 999_999);
  if (!(o.closedWonShare >= 0 && o.closedWonShare <= 1))
    throw new RangeError(`closedWonShare must be from 0 to 1, got ${o.closedWonShare}`);
  count('incompleteWonDeals', incomplete, 0, won);
  if (o.customers.length === 0) throw new RangeError('customers must not be empty');
  const ids = new Set<string>();
  o.customers.forEach((c, i) => {
    const where = `customers[${i}]`;
    if (!accountIdPattern.test(c.id))
      throw new RangeError(`${where}.id "${c.id}" must match ${accountIdPattern.source}`);
    if (ids.has(c.id)) throw new RangeError(`${where}.id "${c.id}" is repeated`);
    ids.add(c.id);
    if (c.name.length < 1 || c.name.length > 200)
      throw new RangeError(`${where}.name must be 1 to 200 characters`);
    if (!entityCodePattern.test(c.legalEntityId))
      throw new RangeError(
        `${where}.legalEntityId "${c.legalEntityId}" must match ${entityCodePattern.source}`,
      );
    if (!isKnownCurrency(c.currency))
      throw new RangeError(`${where}.currency "${c.currency}" is not ISO 4217`);
  });
}

/** `k` distinct indices below `n` (partial Fisher-Yates). */
function sample(rng: Prng, n: number, k: number): number[] {
  const indices = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = rng.int(i, n - 1);
    [indices[i], indices[j]] = [indices[j] ?? j, indices[i] ?? i];
  }
  return indices.slice(0, k);
}
