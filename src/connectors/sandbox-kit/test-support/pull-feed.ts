// Pulls a source connector's feed to its end, following nextCursor as the poller does.
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../contracts/index.ts';
import type { SourceConnector } from '../../kit/connector.ts';

export interface PulledFeed {
  readonly events: CanonicalEvent[];
  /** Where a later pull resumes. */
  readonly cursor: string | undefined;
  readonly pages: number;
}

export async function pullFeed(
  connector: SourceConnector,
  from: string | undefined,
  limit: number,
): Promise<PulledFeed> {
  const events: CanonicalEvent[] = [];
  let cursor = from;
  let pages = 0;
  for (;;) {
    const page = await connector.pull(cursor, limit);
    pages += 1;
    events.push(...page.events);
    cursor = page.nextCursor ?? cursor;
    if (!page.hasMore) return { events, cursor, pages };
  }
}

/** Every event of the feed from its start, in pages of 1000; closes the connector after. */
export async function pullAllEvents(
  connector: SourceConnector & { close(): Promise<void> },
): Promise<CanonicalEvent[]> {
  try {
    return (await pullFeed(connector, undefined, 1000)).events;
  } finally {
    await connector.close();
  }
}

/** The event with id `id`, failing the test when there is none. */
export function eventById(events: readonly CanonicalEvent[], id: string): CanonicalEvent {
  const event = events.find((e) => e.id === id);
  assert.ok(event, `no event ${id}`);
  return event;
}
