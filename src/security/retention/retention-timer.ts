// The service purges payloads past their retention every `retention.every` (default 1d), one process at a
// time (the named lease `retention:purge`), and records each run that purged something in the audit log.
import { auditEntry } from '../../audit/record.ts';
import type { RetentionConfig } from '../../config/protection-schema.ts';
import { parseLatency } from '../../governance/latency.ts';
import type { FieldSealer } from '../../store/field-sealer.ts';
import type { Store } from '../../store/port.ts';
import { purgePayloads, type RetentionResult } from './purge-payloads.ts';

export interface RetentionRuns {
  start(): void;
  stop(): void;
  /** One round now (tests; also what each tick does); undefined when another process holds the lease. */
  runNow(now?: number): Promise<RetentionResult | undefined>;
}

export function createRetentionRuns(deps: {
  readonly store: Store;
  readonly sealer: FieldSealer;
  readonly config: RetentionConfig;
  readonly owner: string;
  readonly onError: (error: unknown) => void;
}): RetentionRuns {
  const everyMs = parseLatency(deps.config.every ?? '1d') ?? 86_400_000;
  let timer: NodeJS.Timeout | undefined;

  async function runNow(now = Date.now()): Promise<RetentionResult | undefined> {
    if (!(await deps.store.holdLease('retention:purge', deps.owner, now, everyMs))) return undefined;
    const result = await purgePayloads(deps.store, deps.sealer, deps.config, { now });
    if (result.purged > 0)
      await deps.store.appendAudit([
        auditEntry(
          'system',
          'retention.purged',
          `retention:${new Date(now).toISOString().slice(0, 10)}`,
          { purged: result.purged, perDomain: result.perDomain, digest: result.digest },
          new Date(now),
        ),
      ]);
    return result;
  }

  return {
    start() {
      timer ??= setInterval(() => void runNow().catch(deps.onError), everyMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    runNow,
  };
}
