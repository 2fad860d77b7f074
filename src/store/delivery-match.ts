// Which deliveries a reference names (`ledgerline explain <posting>`), shared by both adapters: they
// narrow the rows with SQL, this decides exactly.
import type { StoredDelivery } from './port.ts';

/** A delivery seq, the row's or one of its commands' idempotency keys, or an id the target answered with. */
export function deliveryMatches(delivery: StoredDelivery, ref: string): boolean {
  if (String(delivery.seq) === ref || delivery.idempotencyKey === ref) return true;
  if (delivery.externalRefs.some((r) => r.key === ref || r.externalId === ref)) return true;
  try {
    const commands = JSON.parse(delivery.payload) as { idempotencyKey?: unknown }[];
    return Array.isArray(commands) && commands.some((c) => c.idempotencyKey === ref);
  } catch {
    return false;
  }
}
