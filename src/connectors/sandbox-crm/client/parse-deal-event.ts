// Parses one deal event off the wire into a typed vendor record, refusing anything the mapping could not
// trust. The deal value becomes an exact decimal string here, so no JSON number travels further.
import { DealEventEnvelope, stageChangedType } from '../vendor/deal-events.ts';
import { isKnownCurrency, minorUnitsToDecimal } from '../vendor/minor-units.ts';
import { VendorDeal, type DealStage } from '../vendor/records.ts';
import { compileChecker } from '../../kit/schema-checker.ts';

/** A deal whose value is decimal text in its currency (minor units already applied). */
export interface ParsedDeal extends Omit<VendorDeal, 'deal_value_minor'> {
  readonly deal_value: string;
}

export interface ParsedStageChange {
  readonly id: string;
  readonly occurredAt: string;
  readonly to: DealStage;
  readonly deal: ParsedDeal;
}

export type ParseProblem = 'malformed' | 'unknown-type' | 'invalid-record';

export type ParseResult =
  | { readonly ok: true; readonly change: ParsedStageChange }
  | { readonly ok: false; readonly problem: ParseProblem; readonly id?: string; readonly message: string };

const checkEnvelope = compileChecker(DealEventEnvelope);
const checkDeal = compileChecker(VendorDeal);

export function parseDealEvent(value: unknown): ParseResult {
  const envelope = checkEnvelope(value);
  if (!envelope.ok)
    return { ok: false, problem: 'malformed', message: `deal event ${envelope.errors.join('; ')}` };
  const { event_id: id, type, occurred_at: occurredAt, deal_id: dealId, to_stage: to } = envelope.value;
  if (type !== stageChangedType)
    return { ok: false, problem: 'unknown-type', id, message: `${id}: unknown deal event type "${type}"` };
  const invalid = (errors: readonly string[]): ParseResult => ({
    ok: false,
    problem: 'invalid-record',
    id,
    message: `${id} (${type}): ${errors.map((e) => `/deal${e}`).join('; ')}`,
  });

  const checked = checkDeal(envelope.value.deal);
  if (!checked.ok) return invalid(checked.errors);
  const { deal_value_minor: minor, ...deal } = checked.value;
  const problems: string[] = [];
  if (deal.id !== dealId) problems.push(`/id must be the event's deal_id ${dealId}`);
  if (deal.stage !== to) problems.push(`/stage must be the event's to_stage ${to}`);
  if (!isKnownCurrency(deal.currency_code)) problems.push(`/currency_code is not an ISO 4217 currency`);
  if (deal.billing_currency !== null && !isKnownCurrency(deal.billing_currency))
    problems.push(`/billing_currency is not an ISO 4217 currency`);
  if (problems.length > 0) return invalid(problems);
  const parsed: ParsedDeal = { ...deal, deal_value: minorUnitsToDecimal(minor, deal.currency_code) };
  return { ok: true, change: { id, occurredAt, to, deal: parsed } };
}
