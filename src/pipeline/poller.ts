// Pulls a source's change feed from its saved cursor. The cursor is saved only after the page is
// committed, so a crash re-reads at most one page, and dedupe absorbs it.
import type { PulledPage, SourceConnector, SourceMemory } from '../connectors/kit/connector.ts';
import type { Store } from '../store/port.ts';
import type { Intake } from './intake.ts';
import type { StepResult } from './loop.ts';

export interface PollerOptions {
  readonly pageSize: number;
  readonly intervalMs: number;
}

export function cursorName(system: string): string {
  return `${system}:changes`;
}

/** A connector error that says when to come back (e.g. from a 429 or 503 Retry-After). */
function retryAfterOf(error: unknown): number | undefined {
  const value = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function createPollerStep(
  store: Store,
  connector: SourceConnector,
  intake: Intake,
  options: PollerOptions,
  onError: (error: Error) => void,
) {
  const name = cursorName(connector.system);
  return async (): Promise<StepResult> => {
    const cursor = await store.getCursor(name);
    let page: PulledPage;
    try {
      page = await connector.pull(cursor, options.pageSize);
    } catch (error) {
      const retryAfterMs = retryAfterOf(error);
      if (retryAfterMs === undefined) throw error;
      // The source asked for a pause: honour it, and still report the failure.
      onError(error instanceof Error ? error : new Error(String(error)));
      return { busy: false, sleepMs: Math.max(retryAfterMs, 1) };
    }
    const receivedAt = Date.now();
    if (page.events.length > 0) await intake.submit(page.events.map((event) => ({ event, receivedAt })));
    // After the events, before the cursor: a crash in between re-reads the page against the old memory
    // (same events, deduplicated) or the new one (nothing new): never an event lost.
    if (page.remember && page.remember.length > 0)
      await store.rememberSource(connector.system, page.remember);
    if (page.nextCursor !== undefined && page.nextCursor !== cursor)
      await store.setCursor(name, page.nextCursor);
    return page.hasMore ? { busy: true } : { busy: false, sleepMs: options.intervalMs };
  };
}

/** A source connector's read access to what its pages asked to remember. */
export function sourceMemoryOf(store: Store, system: string): SourceMemory {
  return {
    recall: (kind, nativeIds) => store.recallSource(system, kind, nativeIds),
    recallScope: (kind, scope) => store.recallSourceScope(system, kind, scope),
  };
}
