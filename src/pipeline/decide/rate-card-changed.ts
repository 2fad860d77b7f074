import type { EventOf } from '../../contracts/index.ts';
import { withCard } from '../../domain/rate-card-pricing.ts';
import type { Decision } from '../../store/port.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';
import { governanceRefusal } from './governed.ts';

/**
 * A rate card joins its legal entity's book (as a new dated version); time without a rate from that
 * entity's projects is priced from it, and time parked waiting for it is released.
 */
export function decideRateCardChanged(
  seq: number,
  event: EventOf<'RateCardChanged'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const card = event.data;
  const refused = governanceRefusal(seq, event, 'rate-card', card.id, ['lines'], env);
  if (refused) return refused;
  if (card.legalEntityId === undefined)
    return { seq, kind: 'complete', note: 'recorded; a card without a legal entity prices nothing' };
  if (!env.legalEntities.has(card.legalEntityId))
    return {
      seq,
      kind: 'reject',
      reasonCode: 'readiness.unknown_legal_entity',
      reason: `rate card ${card.id} is for ${card.legalEntityId}, which is not a configured legal entity`,
      detail: { rateCardId: card.id, legalEntityId: card.legalEntityId },
    };
  const book = withCard(ctx.master('rate-card', card.legalEntityId)?.data, card.legalEntityId, card);
  const record = { kind: 'rate-card', id: card.legalEntityId, data: book } as const;
  ctx.remember(record);
  return {
    seq,
    kind: 'complete',
    note: `rate card ${card.id} from ${card.effectiveFrom} prices ${card.legalEntityId}'s time in ${card.currency}`,
    upserts: [record],
  };
}
