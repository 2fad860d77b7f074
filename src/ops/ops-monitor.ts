// The periodic SLA and failure evaluation of a process that does background work. It runs under a named
// lease, like the pipeline's other single-runner work, so with several PostgreSQL workers one evaluates
// (and notifies) and the others wait to take over.
import type { Logger } from 'pino';
import { WorkLoop } from '../pipeline/loop.ts';
import { underLease, type WorkLease } from '../pipeline/work-lease.ts';
import type { Store } from '../store/port.ts';
import type { AlertRouter } from './alerts/alert-router.ts';
import { scanFailures } from './alerts/failure-scan.ts';
import type { SlaMonitor } from './sla/sla-monitor.ts';

export const opsLeaseName = 'ops:sla-and-alerts';

export function createOpsMonitor(deps: {
  readonly store: Store;
  readonly sla: SlaMonitor;
  readonly router: AlertRouter;
  readonly intervalMs: number;
  readonly quietPeriodMs: number;
  readonly lease: WorkLease;
  readonly logger: Logger;
}): WorkLoop {
  // Held for a few intervals (at least 2 s) and renewed at each run: a holder that stops is replaced
  // within that. Tied to the interval, not to delivery.leaseMs, so a restarted process resumes promptly;
  // an overlap is harmless (alerts are de-duplicated in the store).
  const lease = { owner: deps.lease.owner, ttlMs: Math.max(3 * deps.intervalMs, 2_000) };
  const step = async () => {
    const now = Date.now();
    const sla = await deps.sla.evaluate(now);
    await scanFailures({
      store: deps.store,
      router: deps.router,
      quietPeriodMs: deps.quietPeriodMs,
      sla,
      now,
    });
    return { busy: false, sleepMs: deps.intervalMs } as const;
  };
  return new WorkLoop(underLease(deps.store, opsLeaseName, lease, deps.intervalMs, step), (error) => {
    deps.logger.error({ err: error }, 'SLA and alert evaluation failed; it will run again');
  });
}
