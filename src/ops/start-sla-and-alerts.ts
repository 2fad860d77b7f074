// SLA timers and alert routing as one part of a running service: the SLA monitor, the alert router with
// its channels, the bus signals of this process, and the periodic evaluation (started by the caller in
// processes that do background work).
import type { Logger } from 'pino';
import type { Config } from '../config/schema.ts';
import type { Governance } from '../governance/model.ts';
import type { PipelineBus } from '../pipeline/bus.ts';
import type { WorkLease } from '../pipeline/work-lease.ts';
import type { Store } from '../store/port.ts';
import { AlertRouter } from './alerts/alert-router.ts';
import { checkAlertsConfig } from './alerts/check-alerts-config.ts';
import { routeInProcessSignals } from './alerts/in-process-signals.ts';
import { Notifier } from './alerts/notifier.ts';
import { alertSettingsOf, type AlertSettings } from './alerts/settings.ts';
import { createOpsMonitor } from './ops-monitor.ts';
import { slaObjectives } from './sla/objectives.ts';
import { SlaMonitor } from './sla/sla-monitor.ts';

export interface SlaAndAlerts {
  readonly sla: SlaMonitor;
  readonly router: AlertRouter;
  readonly notifier: Notifier;
  readonly settings: AlertSettings;
  /** Starts the periodic evaluation (SLA and failures in the store). */
  start(): void;
  /** Stops it and waits for notifications already queued. */
  stop(): Promise<void>;
}

export function startSlaAndAlerts(deps: {
  readonly config: Pick<Config, 'alerts'>;
  readonly env: NodeJS.ProcessEnv;
  readonly governance: Governance;
  readonly store: Store;
  readonly bus: PipelineBus;
  readonly logger: Logger;
  readonly lease: WorkLease;
  /** Waits between notification attempts (tests shorten them). */
  readonly retryDelaysMs?: readonly number[];
}): SlaAndAlerts {
  const problems = checkAlertsConfig(deps.config);
  if (problems.length > 0)
    throw new Error(`the alerts configuration is inconsistent:\n${problems.join('\n')}`);
  const settings = alertSettingsOf(deps.config.alerts, deps.env);
  const logger = deps.logger.child({ part: 'alerts' });
  const notifier = new Notifier(settings.channels, logger, {
    ...(deps.retryDelaysMs ? { retryDelaysMs: deps.retryDelaysMs } : {}),
  });
  const router = new AlertRouter({ store: deps.store, settings, notifier, logger });
  const sla = new SlaMonitor({
    store: deps.store,
    objectives: slaObjectives(deps.governance),
    bus: deps.bus,
  });
  const detach = routeInProcessSignals(deps.bus, router, logger);
  const loop = createOpsMonitor({
    store: deps.store,
    sla,
    router,
    intervalMs: settings.evaluateEveryMs,
    quietPeriodMs: settings.quietPeriodMs,
    lease: deps.lease,
    logger,
  });
  return {
    sla,
    router,
    notifier,
    settings,
    start: () => loop.start(),
    async stop() {
      detach();
      await loop.stop();
      // Notifications still retrying a channel that is down get a moment, never hold the stop up.
      await Promise.race([notifier.idle(), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    },
  };
}
