// Prices billable time from rate cards, for PSAs that record hours but no rates. A legal entity's cards
// (one per currency, each in dated versions) form its book; the version in force on the work date prices
// the entry: the consultant's own line first, else the line of their role.
import type { Money, RateCard } from '../contracts/index.ts';

/** Every rate card version of one legal entity, oldest first per currency. */
export interface RateCardBook {
  readonly legalEntityId: string;
  readonly cards: readonly RateCard[];
}

/** The book with `card` added, replacing a version of the same card and date. */
export function withCard(
  book: RateCardBook | undefined,
  legalEntityId: string,
  card: RateCard,
): RateCardBook {
  const others = (book?.cards ?? []).filter(
    (c) => !(c.id === card.id && c.effectiveFrom === card.effectiveFrom),
  );
  const cards = [...others, card].sort((a, b) =>
    a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0,
  );
  return { legalEntityId, cards };
}

export interface PricingQuery {
  readonly currency: string;
  /** ISO date: the version with the latest `effectiveFrom` on or before it applies. */
  readonly workDate: string;
  readonly resourceId: string;
  readonly role: string | undefined;
}

export type Pricing =
  | { readonly ok: true; readonly rate: Money; readonly cardId: string; readonly by: 'resource' | 'role' }
  | {
      readonly ok: false;
      readonly reasonCode: 'pricing.no_rate_card' | 'pricing.no_rate';
      readonly reason: string;
    };

export function priceFromRateCards(book: RateCardBook, q: PricingQuery): Pricing {
  const inForce = book.cards.filter((c) => c.currency === q.currency && c.effectiveFrom <= q.workDate).at(-1);
  if (!inForce)
    return {
      ok: false,
      reasonCode: 'pricing.no_rate_card',
      reason: `${book.legalEntityId} has no rate card in ${q.currency} in force on ${q.workDate}`,
    };
  for (const line of inForce.lines)
    if ('resourceId' in line && line.resourceId === q.resourceId)
      return { ok: true, rate: line.billRate, cardId: inForce.id, by: 'resource' };
  if (q.role !== undefined)
    for (const line of inForce.lines)
      if ('role' in line && line.role === q.role)
        return { ok: true, rate: line.billRate, cardId: inForce.id, by: 'role' };
  return {
    ok: false,
    reasonCode: 'pricing.no_rate',
    reason: `rate card ${inForce.id} (from ${inForce.effectiveFrom}) has no line for ${q.resourceId}${
      q.role === undefined ? ', who has no role' : ` or the role "${q.role}"`
    }`,
  };
}
