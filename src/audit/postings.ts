// The audit entry for a batch of postings the targets accepted: one entry per delivery batch (not per
// posting), written in the transaction that records them, so a committed posting always has its entry
// and the hot path adds one row and one hash per batch.
import type { NewAuditEntry } from '../store/audit-port.ts';

export function postingsDelivered(deliverySeqs: readonly number[], now: number): NewAuditEntry[] {
  if (deliverySeqs.length === 0) return [];
  const first = deliverySeqs[0];
  const last = deliverySeqs[deliverySeqs.length - 1];
  return [
    {
      at: new Date(now).toISOString(),
      actor: 'pipeline',
      action: 'posting.delivered',
      subject: first === last ? `delivery:${first}` : `deliveries:${first}..${last}`,
      detail: { deliveries: deliverySeqs },
    },
  ];
}
