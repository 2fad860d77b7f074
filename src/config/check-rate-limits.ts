// A rate limit names the system it limits: a name that is no target would limit nothing, silently.
import type { Config } from './schema.ts';

export function checkRateLimits(config: Config): string[] {
  const targets = [config.systems.erp.id, ...config.systems.psa.map((s) => s.id)];
  return Object.keys(config.delivery?.rateLimits ?? {})
    .filter((id) => !targets.includes(id))
    .map(
      (id) =>
        `delivery.rateLimits: "${id}" is not a system Ledgerline delivers to; use one of ${targets.map((t) => `"${t}"`).join(', ')}`,
    );
}
