// The audit chain: each entry's hash covers its seq, time, actor, action, subject, detail and the hash of
// the entry before it, so editing, removing or moving an entry breaks the chain where it happened. The
// hashing and canonical JSON are the reconciliation sign-offs' own (one way to hash a chain).
import { canonicalJson, genesis, sha256 } from '../reconcile/sign-off.ts';
import type { AuditEntry, NewAuditEntry } from '../store/audit-port.ts';

export { genesis };

export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  return sha256(canonicalJson([e.seq, e.at, e.actor, e.action, e.subject, e.detail, e.prevHash]));
}

/** Chains `entries` after `previous` (undefined: the chain is empty); the store calls it under its lock. */
export function chainAfter(
  previous: AuditEntry | undefined,
  entries: readonly NewAuditEntry[],
): AuditEntry[] {
  let seq = previous?.seq ?? 0;
  let prevHash = previous?.hash ?? genesis;
  return entries.map((e) => {
    seq += 1;
    const unhashed = { ...e, seq, detail: canonicalJson(e.detail), prevHash };
    const hash = entryHash(unhashed);
    prevHash = hash;
    return { ...unhashed, hash };
  });
}
