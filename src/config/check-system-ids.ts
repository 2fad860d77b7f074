// A system id is also its id space (canonical ids read `<kind>:<system>:<native id>`), so two systems may
// never share one: two PSAs after an acquisition keep their own ids side by side.
import type { Config } from './schema.ts';

export function checkSystemIds(systems: Config['systems']): string[] {
  const uses = new Map<string, string[]>();
  const use = (id: string, where: string) => uses.set(id, [...(uses.get(id) ?? []), where]);
  systems.psa.forEach((s, i) => use(s.id, `systems.psa.${i}`));
  use(systems.erp.id, 'systems.erp');
  (systems.crm ?? []).forEach((s, i) => use(s.id, `systems.crm.${i}`));
  return [...uses]
    .filter(([, where]) => where.length > 1)
    .map(
      ([id, where]) =>
        `systems: the id "${id}" is used by ${where.join(' and ')}; each system needs its own id, ` +
        `which is also its id space in canonical ids (e.g. "psa-a", "psa-b")`,
    );
}
