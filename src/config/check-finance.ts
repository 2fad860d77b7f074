// A period-close policy for an entity the configuration does not have is a typo that would silently
// leave that entity on the default policy: refused, naming the entities there are.
import type { Config } from './schema.ts';

export function checkFinance(config: Pick<Config, 'finance' | 'legalEntities'>): string[] {
  const known = new Set(config.legalEntities.map((e) => e.id));
  return Object.keys(config.finance?.periodClose?.entities ?? {})
    .filter((id) => !known.has(id))
    .map(
      (id) =>
        `finance.periodClose.entities.${id}: "${id}" is not a configured legal entity (legalEntities: ${[...known].join(', ')})`,
    );
}
