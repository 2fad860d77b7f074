// Dead letters as the console lists them: with the domain and legal entity of their event, filtered by
// reason code prefix, domain and entity.
import type { DeadLetter, DeadLetterState, Store } from '../../store/port.ts';
import { factsOf, type EventFacts } from './event-facts.ts';

export interface DeadLetterFilter {
  readonly state?: DeadLetterState;
  /** A reason code or its prefix (`erp.`, `governance.`). */
  readonly reason?: string;
  readonly domain?: string;
  readonly entity?: string;
}

export type DeadLetterView = DeadLetter & EventFacts;

/** Dead letters read before filtering by domain and entity (which the store does not index). */
const scanLimit = 10_000;

export async function findDeadLetters(store: Store, filter: DeadLetterFilter): Promise<DeadLetterView[]> {
  const letters = await store.listDeadLetters({
    limit: scanLimit,
    ...(filter.state === undefined ? {} : { state: filter.state }),
    ...(filter.reason === undefined ? {} : { reasonPrefix: filter.reason }),
  });
  const events = await store.eventsAt([...new Set(letters.map((d) => d.eventSeq))]);
  const facts = await factsOf(
    store,
    events.map((e) => e.event),
  );
  const bySeq = new Map(events.map((e) => [e.seq, facts(e.event)]));
  return letters
    .map((d) => ({ ...d, ...(bySeq.get(d.eventSeq) ?? { domain: null, entity: null }) }))
    .filter(
      (d) =>
        (filter.domain === undefined || d.domain === filter.domain) &&
        (filter.entity === undefined || d.entity === filter.entity),
    );
}

/** How many of each value the filters could pick, so the console's drop-downs offer what exists. */
export function facetsOf(letters: readonly DeadLetterView[]) {
  const count = (values: readonly (string | null)[]) => {
    const out: Record<string, number> = {};
    for (const v of values) if (v !== null) out[v] = (out[v] ?? 0) + 1;
    return out;
  };
  return {
    reasons: count(letters.map((d) => d.reasonCode)),
    domains: count(letters.map((d) => d.domain)),
    entities: count(letters.map((d) => d.entity)),
  };
}

export const deadLetterViewSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    eventSeq: { type: 'integer' },
    deliverySeq: { type: ['integer', 'null'] },
    reasonCode: { type: 'string' },
    message: { type: 'string' },
    detail: { description: 'any JSON value' },
    state: { type: 'string', enum: ['open', 'retried', 'resolved'] },
    createdAt: { type: 'integer', description: 'epoch ms' },
    closedAt: { type: ['integer', 'null'] },
    note: { type: ['string', 'null'] },
    eventId: { type: 'string' },
    eventType: { type: 'string' },
    subject: { type: 'string' },
    domain: { type: ['string', 'null'] },
    entity: { type: ['string', 'null'] },
  },
} as const;

export const facetsSchema = {
  type: 'object',
  properties: Object.fromEntries(
    ['reasons', 'domains', 'entities'].map((k) => [
      k,
      { type: 'object', additionalProperties: { type: 'integer' } },
    ]),
  ),
} as const;
