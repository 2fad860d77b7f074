// The digest of a source event as received: SHA-256 over the canonical JSON of what identifies it and
// what it says (id, source, type, data). Every command a decision sends carries it, so a posting names the
// approval it came from and `ledgerline explain` can show the stored approval was not altered since.
import type { CanonicalEvent } from '../../contracts/index.ts';
import { canonicalJson, sha256 } from '../../reconcile/sign-off.ts';

export function sourceDigestOf(event: Pick<CanonicalEvent, 'id' | 'source' | 'type' | 'data'>): string {
  return sha256(canonicalJson({ id: event.id, source: event.source, type: event.type, data: event.data }));
}
