// Pulls a source's change feed from its saved cursor. The cursor is saved only after the page is
// committed, so a crash re-reads at most one page, and dedupe absorbs it.
import type { SourceConnector } from '../connectors/kit/connector.ts';
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

export function createPollerStep(
  store: Store,
  connector: SourceConnector,
  intake: Intake,
  options: PollerOptions,
) {
  const name = cursorName(connector.system);
  return async (): Promise<StepResult> => {
    const cursor = await store.getCursor(name);
    const page = await connector.pull(cursor, options.pageSize);
    const receivedAt = Date.now();
    if (page.events.length > 0) await intake.submit(page.events.map((event) => ({ event, receivedAt })));
    if (page.nextCursor !== undefined && page.nextCursor !== cursor)
      await store.setCursor(name, page.nextCursor);
    return page.hasMore ? { busy: true } : { busy: false, sleepMs: options.intervalMs };
  };
}
