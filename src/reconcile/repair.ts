// The correction workflow for what the target lacks: find the source's events about each missing record
// in Ledgerline's store and replay them with redelivery, so the running service posts them again under
// their original idempotency keys (a posting the target does hold is answered from its key, never booked
// twice). What Ledgerline never received cannot be replayed: the source must be read again.
import type { Store, StoredEvent } from '../store/port.ts';
import type { TransactionType } from './record.ts';
import type { Difference } from './report.ts';

export interface RepairLine {
  readonly type: TransactionType;
  readonly ref: string;
  readonly detail: string;
}

export interface RepairOutcome {
  /** Replayed: the service posts them again. */
  readonly queued: readonly RepairLine[];
  /** Still on their way (parked on a dependency, or being delivered): nothing to replay. */
  readonly waiting: readonly RepairLine[];
  /** No event about them in the store: Ledgerline never received them. */
  readonly notReceived: readonly RepairLine[];
  /** Types Ledgerline does not post to the target (invoices and payments come from the ERP). */
  readonly notRepairable: readonly RepairLine[];
}

/** The subject of the source event behind a posting of this type and ref; undefined if none is posted. */
export function sourceSubjectOf(type: TransactionType, ref: string): string | undefined {
  switch (type) {
    case 'billable-time':
    case 'cost':
    case 'expense':
      return ref;
    case 'milestone-billing':
      // decide/milestone-completed.ts names the item after its milestone: billing-schedule-item:<system>:<id>.
      return ref.startsWith('billing-schedule-item:')
        ? `milestone:${ref.slice('billing-schedule-item:'.length)}`
        : undefined;
    case 'invoice':
    case 'payment':
      return undefined;
  }
}

const replayable = new Set(['completed', 'rejected', 'dead']);

function describe(events: readonly StoredEvent[]): string {
  return events
    .map((e) => `${e.event.id} ${e.state}${e.reasonCode === null ? '' : ` (${e.reasonCode})`}`)
    .join(', ');
}

export async function repairMissing(
  store: Store,
  differences: readonly Difference[],
  now: number,
): Promise<RepairOutcome> {
  const missing = differences.filter((d) => d.class === 'missing_in_target');
  const subjects = new Map<string, Difference[]>();
  const notRepairable: RepairLine[] = [];
  for (const d of missing) {
    const subject = sourceSubjectOf(d.type, d.ref);
    if (subject === undefined)
      notRepairable.push({
        type: d.type,
        ref: d.ref,
        detail: `Ledgerline does not post ${d.type} to the target`,
      });
    else subjects.set(subject, [...(subjects.get(subject) ?? []), d]);
  }
  const events = await store.sourceEventsAbout([...subjects.keys()]);
  const bySubject = new Map<string, StoredEvent[]>();
  for (const e of events)
    bySubject.set(e.event.subject ?? '', [...(bySubject.get(e.event.subject ?? '') ?? []), e]);

  const queued: RepairLine[] = [];
  const waiting: RepairLine[] = [];
  const notReceived: RepairLine[] = [];
  const toReplay: string[] = [];
  for (const [subject, of] of subjects) {
    const about = bySubject.get(subject) ?? [];
    const lines = (detail: string) => of.map((d) => ({ type: d.type, ref: d.ref, detail }));
    if (about.length === 0) {
      const system = subject.split(':')[1] ?? 'its source';
      notReceived.push(...lines(`never received from ${system}: read the source again (its feed or export)`));
    } else if (about.some((e) => !replayable.has(e.state))) {
      waiting.push(...lines(`on its way, not replayed: ${describe(about)}`));
    } else {
      toReplay.push(...about.map((e) => e.event.id));
      queued.push(...lines(`replayed: ${describe(about)}`));
    }
  }
  if (toReplay.length > 0) await store.replay({ eventIds: [...new Set(toReplay)], redeliver: true }, now);
  return { queued, waiting, notReceived, notRepairable };
}
