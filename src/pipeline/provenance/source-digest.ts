// The digest of a source event as received: SHA-256 over the canonical JSON of what identifies it and
// what it says (id, source, type, data). Every command a decision sends carries it, so a posting names the
// approval it came from and `ledgerline explain` can show the stored approval was not altered since.
import type { CanonicalEvent } from '../../contracts/index.ts';
import { canonicalJson, sha256 } from '../../reconcile/sign-off.ts';

type DigestedEvent = Pick<CanonicalEvent, 'id' | 'source' | 'type' | 'data'>;

// Per event object (events are never changed in place): intake computes the digests of a batch before
// the store's write lock is taken, and deciding under the lock finds them here.
const digests = new WeakMap<DigestedEvent, string>();

export function sourceDigestOf(event: DigestedEvent): string {
  const known = digests.get(event);
  if (known !== undefined) return known;
  const digest = sha256(
    canonicalJson({ id: event.id, source: event.source, type: event.type, data: event.data }),
  );
  digests.set(event, digest);
  return digest;
}
