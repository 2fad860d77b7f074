// Failures that leave nothing in the store, taken from the bus of the process that meets them: a webhook
// refused (a bad signature is an authentication failure), a source refusing our key while polling, a
// customer master that drifted. Raising never blocks or throws into the bus: failures are logged.
import type { Logger } from 'pino';
import type { PipelineBus } from '../../pipeline/bus.ts';
import type { AlertRouter, AlertSignal } from './alert-router.ts';
import { reconcileKey, signalKey } from './condition-keys.ts';
import { failureDomainOf } from './failure-domain.ts';

export function routeInProcessSignals(bus: PipelineBus, router: AlertRouter, logger: Logger): () => void {
  const raise = (signal: AlertSignal) =>
    void router.raise(signal).catch((error: unknown) => {
      logger.error({ err: error, alert: signal.key }, 'could not record an alert');
    });
  const offs = [
    bus.on('webhook.refused', (r) => {
      raise({
        key: signalKey(r.reasonCode, r.system),
        domain: failureDomainOf(r.reasonCode),
        title: `webhook from ${r.system} refused (${r.reasonCode})`,
        detail: `${r.system}'s webhook was answered ${r.status}: ${r.message}`,
      });
    }),
    bus.on('stage.failed', ({ stage, error }) => {
      const e = error as { retryable?: unknown; reasonCode?: unknown };
      // A passing failure (rate limit, outage) runs again by itself; only a refusal needs a person.
      if (e.retryable === true || typeof e.reasonCode !== 'string') return;
      raise({
        key: signalKey(e.reasonCode, stage),
        domain: failureDomainOf(e.reasonCode),
        title: `${stage} step refused (${e.reasonCode})`,
        detail: error.message,
      });
    }),
    bus.on('reconciliation.completed', (r) => {
      if (r.ok) {
        void router.resolve(reconcileKey).catch((error: unknown) => {
          logger.error({ err: error, alert: reconcileKey }, 'could not resolve an alert');
        });
        return;
      }
      raise({
        key: reconcileKey,
        domain: 'master-data',
        title: 'customer master differs between the ERP and a PSA',
        detail: `${r.drifted} drifted and ${r.missing} missing customer copies of ${r.customers}; \`ledgerline reconcile customers\` lists them.`,
      });
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}
