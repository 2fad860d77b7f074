// Which domain a write belongs to, from the kind in its canonical id (`<kind>:<system>:<native id>`) or the
// object in its event type (`io.ledgerline.<kind>.<action>.v<n>`). An explicit table: a new kind is a
// governance decision, not a guess.
import type { DataDomain } from './domains.ts';

const domainByKind = new Map<string, DataDomain>([
  ['customer', 'customer'],
  ['account', 'customer'],
  ['project', 'project'],
  ['opportunity', 'opportunity'],
  ['task', 'task'],
  ['task-plan', 'task'],
  ['contract', 'contract'],
  ['rate-card', 'rate-card'],
  ['resource', 'resource'],
  ['time', 'time'],
  ['expense', 'expense'],
  ['milestone', 'milestone'],
  ['billing-schedule', 'billing-schedule'],
  ['billing-schedule-item', 'billing-schedule'],
  ['billing-event', 'billing-schedule'],
  ['invoice', 'invoice'],
  ['payment', 'payment'],
  ['legal-entity', 'reference-data'],
  ['currency', 'reference-data'],
  ['tax-code', 'reference-data'],
  ['cost-centre', 'reference-data'],
  ['department', 'reference-data'],
  ['fx-rate', 'reference-data'],
  ['tax-rate', 'reference-data'],
  ['accounting-period', 'reference-data'],
]);

export function domainOfKind(kind: string): DataDomain | undefined {
  return domainByKind.get(kind);
}

const canonicalIdPattern = /^([a-z][a-z-]*):([^:]+):./;

export function domainOfCanonicalId(id: string): DataDomain | undefined {
  const kind = canonicalIdPattern.exec(id)?.[1];
  return kind === undefined ? undefined : domainOfKind(kind);
}

const eventTypePattern = /^io\.ledgerline\.([a-z][a-z-]*)\.[a-z][a-z-]*\.v[0-9]+$/;

export function domainOfEventType(type: string): DataDomain | undefined {
  const kind = eventTypePattern.exec(type)?.[1];
  return kind === undefined ? undefined : domainOfKind(kind);
}

/** The system whose id space a canonical id is in: its middle part. */
export function idSpaceOf(canonicalId: string): string | undefined {
  return canonicalIdPattern.exec(canonicalId)?.[2];
}

/** A canonical id's parts, or undefined when it is not one. */
export function parseCanonicalId(
  id: string,
): { readonly kind: string; readonly system: string; readonly nativeId: string } | undefined {
  const match = /^([a-z][a-z-]*):([^:]+):(.+)$/.exec(id);
  return match?.[1] && match[2] && match[3]
    ? { kind: match[1], system: match[2], nativeId: match[3] }
    : undefined;
}
