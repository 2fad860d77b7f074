// Audit entries for the hot path's batches: events accepted at intake and postings the targets accepted.
// One entry per batch (not per event or posting), written in the transaction that records the batch, so
// a committed event or posting always has its entry and the hot path adds one row and one hash per batch.
import type { AuditAction, NewAuditEntry } from '../store/audit-port.ts';
import type { IngestOutcome, NewEvent } from '../store/port.ts';

function batchEntry(
  action: AuditAction,
  actor: string,
  noun: { readonly one: string; readonly many: string },
  seqs: readonly number[],
  now: number,
): NewAuditEntry[] {
  const first = seqs[0];
  const last = seqs[seqs.length - 1];
  if (first === undefined || last === undefined) return [];
  return [
    {
      at: new Date(now).toISOString(),
      actor,
      action,
      subject: first === last ? `${noun.one}:${first}` : `${noun.many}:${first}..${last}`,
      detail: { [noun.many]: seqs },
    },
  ];
}

/** The deliveries (outbox seqs) recorded delivered in one batch, with the digest of their decision records
 * (delivered-records.ts) when the store read them. */
export function postingsDelivered(
  deliverySeqs: readonly number[],
  now: number,
  recordsDigest?: string,
): NewAuditEntry[] {
  const entries = batchEntry(
    'posting.delivered',
    'pipeline',
    { one: 'delivery', many: 'deliveries' },
    deliverySeqs,
    now,
  );
  return recordsDigest === undefined
    ? entries
    : entries.map((e) => ({ ...e, detail: { ...e.detail, records: recordsDigest } }));
}

/** The events (seqs) one intake batch accepted; duplicates change nothing and are not in it. */
export function eventsAccepted(eventSeqs: readonly number[], now: number): NewAuditEntry[] {
  return batchEntry('event.accepted', 'intake', { one: 'event', many: 'events' }, eventSeqs, now);
}

/** The entry for one intake batch: its accepted events, stamped with the latest receipt among them. */
export function acceptedAuditEntries(
  outcomes: readonly IngestOutcome[],
  events: readonly NewEvent[],
): NewAuditEntry[] {
  const seqs = outcomes.flatMap((o) => (o.status === 'accepted' ? [o.seq] : []));
  if (seqs.length === 0) return [];
  return eventsAccepted(seqs, Math.max(...events.map((e) => e.receivedAt)));
}
