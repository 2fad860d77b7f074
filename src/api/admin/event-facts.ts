// What the console filters and groups by: an event's data domain (from its type) and its legal entity
// (named in the data, or the legal entity of the project the data belongs to, from master data).
import type { CanonicalEvent } from '../../contracts/index.ts';
import { domainOfEventType } from '../../governance/domain-of.ts';
import { masterKey, type Store } from '../../store/port.ts';

export interface EventFacts {
  readonly domain: string | null;
  readonly entity: string | null;
}

function field(data: unknown, name: string): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const value = (data as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Facts of many events at once: one master-data read for every project they name. */
export async function factsOf(
  store: Store,
  events: readonly CanonicalEvent[],
): Promise<(event: CanonicalEvent) => EventFacts> {
  const projects = new Set<string>();
  for (const e of events)
    if (field(e.data, 'legalEntityId') === undefined) {
      const project = field(e.data, 'projectId');
      if (project !== undefined) projects.add(project);
    }
  const context =
    projects.size === 0
      ? undefined
      : await store.loadContext({ xrefs: [], master: [...projects].map((p) => masterKey('project', p)) });
  return (e) => {
    const named = field(e.data, 'legalEntityId');
    const project = field(e.data, 'projectId');
    const record = project === undefined ? undefined : context?.master.get(masterKey('project', project));
    const entity = named ?? (record === undefined ? undefined : field(record.data, 'legalEntityId'));
    return { domain: domainOfEventType(e.type) ?? null, entity: entity ?? null };
  };
}
