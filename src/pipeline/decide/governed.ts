// The governance gate every inbound write passes: a write from a system that does not own the data is
// refused with its reason code and recorded as a governance conflict (a dead letter), never applied.
import type { CanonicalEvent } from '../../contracts/index.ts';
import { checkWrite } from '../../governance/check-write.ts';
import type { DataDomain } from '../../governance/domains.ts';
import { idSpaceOf } from '../../governance/domain-of.ts';
import type { Decision } from '../../store/port.ts';
import type { DecideEnvironment } from './context.ts';

/** The refusal to record, or undefined when `event.source` may write these fields of the object. */
export function governanceRefusal(
  seq: number,
  event: CanonicalEvent,
  domain: DataDomain,
  objectId: string,
  changedFields: readonly string[],
  env: DecideEnvironment,
): Decision | undefined {
  const idSpace = idSpaceOf(objectId);
  const verdict = checkWrite(env.governance, {
    domain,
    sourceSystem: event.source,
    changedFields,
    ...(idSpace === undefined ? {} : { idSpace }),
  });
  if (verdict.allowed) return undefined;
  return {
    seq,
    kind: 'reject',
    reasonCode: verdict.reasonCode,
    reason: `governance conflict: ${verdict.message}`,
    detail: {
      domain: verdict.domain,
      writer: verdict.sourceSystem,
      owners: verdict.owners,
      refusedFields: verdict.refusedFields,
    },
  };
}

/** Fields (besides the id) whose value differs from what was known; every field for a new object. */
export function changedFields<T extends object>(previous: T | undefined, next: T): string[] {
  const keys = new Set([...Object.keys(next), ...(previous ? Object.keys(previous) : [])]);
  keys.delete('id');
  return [...keys].filter(
    (key) =>
      previous === undefined ||
      JSON.stringify((previous as Record<string, unknown>)[key]) !==
        JSON.stringify((next as Record<string, unknown>)[key]),
  );
}
