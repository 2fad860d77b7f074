// Intake: insert new events, recognise duplicates by (source, id), and (given a decider) decide the new
// ones, all in one transaction per batch.
import type {
  Decision,
  IngestOutcome,
  IntakeDecider,
  NewEvent,
  ProcessingContext,
  StoredEvent,
} from '../port.ts';
import type { EventState } from '../port.ts';
import type { NewAuditEntry } from '../audit-port.ts';
import { acceptedAuditEntries } from '../../audit/batches.ts';
import { acceptedEvent } from '../rows.ts';
import { writeTransaction, type SqliteDatabase } from './database.ts';
import type { FieldSealer } from '../field-sealer.ts';

export interface IngestDeps {
  readonly loadContext: (keys: ReturnType<IntakeDecider['keys']>) => ProcessingContext;
  readonly applyDecisions: (decisions: readonly Decision[], now: number) => void;
  /** Appends to the audit log inside the intake transaction. */
  readonly appendAudit: (entries: readonly NewAuditEntry[]) => void;
  /** Told whether the intake transaction that applied decisions committed. */
  readonly settleDecisions: (committed: boolean) => void;
  /** Seals the envelope's sensitive fields for storage. */
  readonly sealer: FieldSealer;
}

/** A new event with its envelope as stored (sensitive fields sealed). */
type SealedEvent = NewEvent & { readonly envelope: string };

export function createIngest(db: SqliteDatabase, deps: IngestDeps) {
  const insert = db.prepare<[string, string, string, string, string, string, number], { seq: number }>(
    `INSERT INTO events (source, event_id, type, subject, envelope, queue, state, received_at)
     VALUES (?, ?, ?, ?, ?, ?, 'accepted', ?) ON CONFLICT (source, event_id) DO NOTHING RETURNING seq`,
  );
  const original = db.prepare<[string, string], { seq: number; state: EventState; received_at: number }>(
    'SELECT seq, state, received_at FROM events WHERE source = ? AND event_id = ?',
  );
  const count = db.prepare<[string, number]>(
    'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value',
  );
  const undecided = db.prepare<[string], { seq: number }>(
    "SELECT seq FROM events WHERE state = 'accepted' AND queue = ? LIMIT 1",
  );

  function decideInline(accepted: readonly StoredEvent[], decider: IntakeDecider): void {
    let decisions: readonly Decision[];
    try {
      decisions = decider.decide(accepted, deps.loadContext(decider.keys(accepted)));
    } catch {
      return; // left accepted: the processor decides them and reports what fails
    }
    // Decided as of when the last of them was received: the port's clock is its callers'. Writing the
    // decisions is a nested transaction (a savepoint): if it fails, only it is undone, the events stay
    // accepted for the processor, and intake still answers.
    try {
      deps.applyDecisions(decisions, Math.max(...accepted.map((e) => e.receivedAt)));
    } catch {
      decider.discard?.();
    }
  }

  const write = writeTransaction(
    db,
    (events: readonly SealedEvent[], decider?: IntakeDecider): IngestOutcome[] => {
      // Decisions follow seq order within a queue: where older events of a queue are still undecided, the
      // processor takes this batch's events of that queue too.
      const decideHere = {
        master: decider !== undefined && undecided.get('master') === undefined,
        transactional: decider !== undefined && undecided.get('transactional') === undefined,
      };
      let duplicates = 0;
      const accepted: StoredEvent[] = [];
      const outcomes = events.map(({ event, envelope, receivedAt, queue }): IngestOutcome => {
        const row = insert.get(
          event.source,
          event.id,
          event.type,
          event.subject,
          envelope,
          queue,
          receivedAt,
        );
        if (row) {
          if (decideHere[queue]) accepted.push(acceptedEvent(row.seq, event, queue, receivedAt));
          return { status: 'accepted', seq: row.seq };
        }
        duplicates += 1;
        const first = original.get(event.source, event.id);
        if (!first) throw new Error(`event ${event.source}/${event.id} conflicted but cannot be read`);
        return { status: 'duplicate', seq: first.seq, state: first.state, receivedAt: first.received_at };
      });
      if (duplicates > 0) count.run('duplicates_refused', duplicates);
      if (decider && accepted.length > 0) decideInline(accepted, decider);
      deps.appendAudit(acceptedAuditEntries(outcomes, events));
      return outcomes;
    },
  );
  // Envelopes are sealed before the write lock is taken: encryption needs no lock, and every microsecond
  // inside it is one the delivery thread waits.
  return (events: readonly NewEvent[], decider?: IntakeDecider): IngestOutcome[] => {
    const sealed = events.map((e) => ({ ...e, envelope: deps.sealer.sealEvent(e.event) }));
    let committed = false;
    try {
      const outcomes = write(sealed, decider);
      committed = true;
      return outcomes;
    } finally {
      deps.settleDecisions(committed);
    }
  };
}
