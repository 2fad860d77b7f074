// Canonical ids are "<kind>:<system>:<native id>"; the system part must fit the canonical id pattern.

const SYSTEM = /^[A-Za-z0-9._-]{1,64}$/;

export function assertSystemName(system: string): void {
  if (!SYSTEM.test(system)) throw new RangeError(`system "${system}" must match ${SYSTEM.source}`);
}

export type CanonicalKind =
  'project' | 'resource' | 'time' | 'customer' | 'expense' | 'milestone' | 'contract' | 'task' | 'rate-card';

export const canonicalId = (kind: CanonicalKind, system: string, nativeId: string | number): string =>
  `${kind}:${system}:${nativeId}`;
