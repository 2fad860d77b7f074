// Work that must run in one process at a time (deciding a queue in seq order, polling a source) runs
// under a named lease in the store: each step first takes or renews the lease, and a process that does not
// hold it sleeps. A holder that dies stops renewing, and another process takes over once the lease expires.
import type { Store } from '../store/port.ts';
import type { StepResult } from './loop.ts';

export interface WorkLease {
  /** This process's name among the processes sharing the store. */
  readonly owner: string;
  /** How long a lease holds without renewal: the longest a dead holder's work waits. */
  readonly ttlMs: number;
}

export function underLease(
  store: Store,
  name: string,
  lease: WorkLease,
  idleMs: number,
  step: () => Promise<StepResult>,
): () => Promise<StepResult> {
  // Waiting processes look again well before the lease could expire, so a takeover is prompt.
  const retryMs = Math.max(1, Math.min(idleMs, Math.floor(lease.ttlMs / 4)));
  return async () =>
    (await store.holdLease(name, lease.owner, Date.now(), lease.ttlMs))
      ? step()
      : { busy: false, sleepMs: retryMs };
}
