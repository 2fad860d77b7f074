// Pulls like the pipeline: page after page, saving each page's `remember` and then its cursor.
import type { CanonicalEvent } from '../../../contracts/index.ts';
import type { PulledPage, SourceConnector } from '../../kit/connector.ts';
import type { MapMemory } from '../../../../test/support/map-memory.ts';

export interface Swept {
  readonly events: CanonicalEvent[];
  /** The cursor after the sweep: the start of the next one. */
  readonly cursor: string | undefined;
  /** The cursor before each page and the memory as it was then, to replay any page. */
  readonly pages: {
    readonly cursor: string | undefined;
    readonly memory: MapMemory;
    readonly page: PulledPage;
  }[];
}

export async function sweep(
  source: SourceConnector,
  memory: MapMemory,
  cursor: string | undefined,
  limit: number,
): Promise<Swept> {
  const events: CanonicalEvent[] = [];
  const pages: Swept['pages'][number][] = [];
  let at = cursor;
  for (let n = 0; n < 10_000; n++) {
    const before = memory.clone();
    const page = await source.pull(at, limit);
    pages.push({ cursor: at, memory: before, page });
    events.push(...page.events);
    memory.save(page);
    at = page.nextCursor;
    if (!page.hasMore) return { events, cursor: at, pages };
  }
  throw new Error('the sweep did not end within 10000 pages');
}

/** The events about the given canonical subjects (a test's own records), as "type subject". */
export function about(events: readonly CanonicalEvent[], subjects: ReadonlySet<string>): CanonicalEvent[] {
  return events.filter((e) => subjects.has(e.subject));
}

export const short = (e: CanonicalEvent): string =>
  `${e.type.replace(/^io\.ledgerline\.|\.v1$/g, '')} ${e.subject}`;
