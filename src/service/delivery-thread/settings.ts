// Deliverer settings from the configuration, the same wherever the deliverers run.
import type { Config } from '../../config/schema.ts';
import type { DelivererSettings } from '../../pipeline/deliverers.ts';

export function delivererSettingsOf(config: Config): DelivererSettings {
  const delivery = config.delivery;
  return {
    batchSize: delivery?.batchSize ?? 500,
    concurrency: delivery?.concurrency ?? 2,
    leaseMs: leaseMsOf(config),
    ...(delivery?.masterConcurrency === undefined ? {} : { masterConcurrency: delivery.masterConcurrency }),
    ...(delivery?.rateLimits === undefined
      ? {}
      : {
          budgets: Object.fromEntries(
            Object.entries(delivery.rateLimits).map(([system, limit]) => [
              system,
              { perSecond: limit.perSecond, burst: limit.burst ?? Math.max(1, Math.ceil(limit.perSecond)) },
            ]),
          ),
        }),
    retry: {
      maxAttempts: delivery?.maxAttempts ?? 8,
      baseDelayMs: delivery?.baseDelayMs ?? 250,
      maxDelayMs: delivery?.maxDelayMs ?? 60_000,
    },
  };
}

/** How long a hold on work lasts without renewal (see `delivery.leaseMs`). */
export function leaseMsOf(config: Config): number {
  return config.delivery?.leaseMs ?? 30_000;
}
