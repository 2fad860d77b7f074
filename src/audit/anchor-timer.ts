// Periodic anchors: every `everyMs` the service records the chain head in the anchors table, so a chain
// rewritten later no longer matches what was anchored. One process anchors at a time (a named lease), and
// an unchanged head is not anchored again, so the table grows only while the log does.
import type { Store } from '../store/port.ts';
import { parseLatency } from '../governance/latency.ts';

export const defaultAnchorEvery = '1h';

export interface AuditAnchoring {
  start(): void;
  stop(): void;
  /** One round now (tests; also what each tick does). */
  anchorNow(now?: number): Promise<boolean>;
}

export function anchorEveryMs(text: string | undefined): number {
  return parseLatency(text ?? defaultAnchorEvery) ?? (parseLatency(defaultAnchorEvery) as number);
}

export function createAuditAnchoring(deps: {
  readonly store: Store;
  readonly everyMs: number;
  readonly owner: string;
  readonly onError: (error: unknown) => void;
}): AuditAnchoring {
  const { store, everyMs, owner } = deps;
  let timer: NodeJS.Timeout | undefined;

  async function anchorNow(now = Date.now()): Promise<boolean> {
    if (!(await store.holdLease('audit:anchor', owner, now, everyMs))) return false;
    const [head, [last]] = await Promise.all([store.auditHead(), store.listAuditAnchors(1)]);
    if (head === undefined || (last?.seq === head.seq && last.hash === head.hash)) return false;
    return (await store.anchorAudit(new Date(now).toISOString())) !== undefined;
  }

  return {
    start() {
      timer ??= setInterval(() => void anchorNow().catch(deps.onError), everyMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    anchorNow,
  };
}
