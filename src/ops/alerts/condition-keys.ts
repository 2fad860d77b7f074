// Condition keys, one per thing that can be wrong, and how each kind of condition recovers:
// - `dead-letter:<reason>`: a failure the store recorded; recovers when none of that reason is open;
// - `retrying:<target>:<reason>`: deliveries refused by a key and retried; recovers when none is left;
// - `signal:<reason>:<where>`: seen in a process as it happens (a refused webhook signature); recovers
//   after the quiet period without a new one;
// - `reconcile:customer`: the customer master drifted; recovers when a reconciliation finds none;
// - `sla:<data domain>`: open work older than the objective; recovers when none is.

export const deadLetterKey = (reasonCode: string): string => `dead-letter:${reasonCode}`;
export const retryingKey = (target: string, reasonCode: string): string => `retrying:${target}:${reasonCode}`;
export const signalKey = (reasonCode: string, where: string): string => `signal:${reasonCode}:${where}`;
export const reconcileKey = 'reconcile:customer';
export const slaKey = (domain: string): string => `sla:${domain}`;

/** The part of a key after its kind, e.g. the reason code of a dead-letter key. */
export function keyKind(key: string): { kind: string; rest: string } {
  const at = key.indexOf(':');
  return at < 0 ? { kind: key, rest: '' } : { kind: key.slice(0, at), rest: key.slice(at + 1) };
}
