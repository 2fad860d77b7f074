// The periodic reconciliation of the customer master: every `intervalMs`, the ERP's customers against
// each PSA's copies. It reports (bus event, log line) and, when told to repair, hands the pipeline one
// resync request per drifted or missing copy.
import type { CustomerReader, SourceConnector } from '../connectors/kit/connector.ts';
import type { PipelineBus } from '../pipeline/bus.ts';
import { WorkLoop } from '../pipeline/loop.ts';
import { reconcileCustomers, resyncRequests } from '../pipeline/reconcile-customers.ts';
import { randomUUID } from 'node:crypto';
import type { EventOf } from '../contracts/index.ts';
import type { Store } from '../store/port.ts';

export function createCustomerReconciler(deps: {
  readonly master: SourceConnector;
  readonly psas: readonly CustomerReader[];
  readonly store: Store;
  readonly bus: PipelineBus;
  readonly intervalMs: number;
  /** This process's name in the store's leases: with several workers, one of them reconciles. */
  readonly owner: string;
  /** Takes the resync requests of a run that found differences; absent, the reconciler only reports. */
  readonly repair?: (requests: readonly EventOf<'CustomerResyncRequested'>[]) => Promise<void>;
}): WorkLoop {
  return new WorkLoop(
    async () => {
      // Held for two intervals and renewed at each run: if its holder stops, another takes over.
      const mine = await deps.store.holdLease(
        'reconcile:customers',
        deps.owner,
        Date.now(),
        2 * deps.intervalMs,
      );
      if (!mine) return { busy: false, sleepMs: deps.intervalMs };
      const result = await reconcileCustomers(deps);
      deps.bus.emit('reconciliation.completed', {
        domain: 'customer',
        ok: result.ok,
        customers: result.customers,
        drifted: result.psas.reduce((n, p) => n + p.drifted.length, 0),
        missing: result.psas.reduce((n, p) => n + p.missing.length, 0),
      });
      if (deps.repair && !result.ok) await deps.repair(resyncRequests(result, new Date(), randomUUID));
      return { busy: false, sleepMs: deps.intervalMs };
    },
    (error) => deps.bus.emit('stage.failed', { stage: 'reconciler', error }),
  );
}
