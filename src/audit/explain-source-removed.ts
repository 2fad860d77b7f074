// A posting's source event may be lawfully changed after it was posted: erased (a person's fields
// pseudonymised, issue 8) or purged by retention (its data replaced by a digest). Its digest then cannot
// be recomputed, which is not tampering: `explain` says which it was and when, instead of a mismatch. The
// mark on the event alone could be forged by whoever can edit the store, so it counts only when the
// hash-chained audit log holds the erasure or purge run (`ledgerline audit verify` proves that entry).
import { sensitivePathsByEventType, type CanonicalEvent } from '../contracts/index.ts';
import { erasedAtAttribute, pseudonymPrefix } from '../security/erasure/personal-fields.ts';
import { rewriteAt } from '../security/field-protection/json-paths.ts';
import { isPurged } from '../security/retention/purge-payloads.ts';

export interface SourceRemoval {
  readonly how: 'erased' | 'purged';
  /** ISO 8601 instant of the erasure or purge; null when the event does not say. */
  readonly at: string | null;
}

/** The audit action that corroborates each kind of removal. */
export const removalAction: Readonly<Record<SourceRemoval['how'], string>> = {
  erased: 'subject.erased',
  purged: 'retention.purged',
};

function holdsPseudonym(event: CanonicalEvent): boolean {
  let found = false;
  for (const p of sensitivePathsByEventType.get(event.type) ?? [])
    rewriteAt(event, p.path, (value) => {
      if (typeof value === 'string' && value.startsWith(pseudonymPrefix)) found = true;
      return undefined;
    });
  return found;
}

/** How the stored source event was removed, if it was. */
export function sourceRemoval(event: CanonicalEvent): SourceRemoval | null {
  if (isPurged(event.data)) return { how: 'purged', at: event.data.$purged.at };
  const erasedAt = (event as unknown as Record<string, unknown>)[erasedAtAttribute];
  if (typeof erasedAt === 'string') return { how: 'erased', at: erasedAt };
  return holdsPseudonym(event) ? { how: 'erased', at: null } : null;
}

/** The plain sentence an operator reads. */
export function removalStatement(removal: SourceRemoval, carried: string): string {
  const on = removal.at === null ? '' : ` on ${removal.at}`;
  return removal.how === 'erased'
    ? `source erased${on} by pseudonymisation; its digest cannot be recomputed; the posting carries ${carried}`
    : `source payload purged by retention${on}; its digest cannot be recomputed and the posting cannot be re-derived; the posting carries ${carried}`;
}
