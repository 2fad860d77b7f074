// Intake: insert new events, recognise duplicates by (source, id), and (given a decider) decide the new
// ones, all in one transaction per batch. Deciding (reading its context, running the rules, sealing the
// delivery payloads) is done before the write lock is taken, against a read snapshot, and written under the
// lock only if what it assumed still holds (see `decideAhead`); otherwise the batch is decided under the
// lock as before.
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
  readonly applyDecisions: (
    decisions: readonly Decision[],
    now: number,
    sealed?: ReadonlyMap<string, string>,
  ) => void;
  /** Appends to the audit log inside the intake transaction. */
  readonly appendAudit: (entries: readonly NewAuditEntry[]) => void;
  /** Told whether the intake transaction that applied decisions committed. */
  readonly settleDecisions: (committed: boolean) => void;
  /** Seals the envelope's sensitive fields for storage. */
  readonly sealer: FieldSealer;
}

/** A new event with its envelope as stored (sensitive fields sealed). */
type SealedEvent = NewEvent & { readonly envelope: string };

type Queues = Readonly<Record<NewEvent['queue'], boolean>>;

/** A batch decided ahead of the write lock, and what deciding assumed. */
interface Ahead {
  /** The queues with no older event awaiting a decision. */
  readonly queues: Queues;
  /** The events taken as new, in batch order, under provisional seqs (-1 - their index in the batch). */
  readonly fresh: readonly StoredEvent[];
  /** Undefined when deciding threw: the events then stay accepted for the processor. */
  readonly decisions: readonly Decision[] | undefined;
  /** Delivery payloads sealed ahead, by clear text. */
  readonly sealed: ReadonlyMap<string, string>;
}

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
  const clearQueues = (): Queues => ({
    master: undecided.get('master') === undefined,
    transactional: undecided.get('transactional') === undefined,
  });

  /** Decisions written in a savepoint: if that fails, only it is undone and the events stay accepted. */
  function applyOrDiscard(
    decisions: readonly Decision[],
    accepted: readonly StoredEvent[],
    decider: IntakeDecider,
    sealed?: ReadonlyMap<string, string>,
  ): void {
    // Decided as of when the last of them was received: the port's clock is its callers'.
    try {
      deps.applyDecisions(decisions, Math.max(...accepted.map((e) => e.receivedAt)), sealed);
    } catch {
      decider.discard?.();
    }
  }

  function decideInline(accepted: readonly StoredEvent[], decider: IntakeDecider): void {
    let decisions: readonly Decision[];
    try {
      decisions = decider.decide(accepted, deps.loadContext(decider.keys(accepted)));
    } catch {
      decider.discard?.();
      return; // left accepted: the processor decides them and reports what fails
    }
    applyOrDiscard(decisions, accepted, decider);
  }

  /**
   * Decides a batch before the write lock, in a read transaction (one snapshot), so the lock is held only
   * to write. Taken as new: the first of each (source, id) in the batch that is not stored yet. Only the
   * main thread takes events in and decides, so until its write nothing changes what deciding read but
   * the delivery thread's commits: confirmations (new accepted events, which `matches` catches) and cross-
   * references (only ever added; a decision to park re-checks its condition under the lock).
   */
  const decideAhead = db.transaction((events: readonly SealedEvent[], decider: IntakeDecider): Ahead => {
    const queues = clearQueues();
    const seen = new Set<string>();
    const fresh: StoredEvent[] = [];
    events.forEach(({ event, queue, receivedAt }, i) => {
      const key = `${event.source}\u0000${event.id}`;
      if (seen.has(key)) return;
      seen.add(key);
      if (queues[queue] && original.get(event.source, event.id) === undefined)
        fresh.push(acceptedEvent(-1 - i, event, queue, receivedAt));
    });
    const sealed = new Map<string, string>();
    if (fresh.length === 0) return { queues, fresh, decisions: [], sealed };
    let decisions: readonly Decision[];
    try {
      decisions = decider.decide(fresh, deps.loadContext(decider.keys(fresh)));
    } catch {
      return { queues, fresh, decisions: undefined, sealed };
    }
    for (const d of decisions)
      if (d.kind === 'deliver')
        for (const delivery of d.deliveries)
          sealed.set(delivery.payload, deps.sealer.sealOpaque(delivery.payload));
    return { queues, fresh, decisions, sealed };
  });

  /** Whether the lock-time view is the one the batch was decided against: same queues, same new events. */
  function matches(ahead: Ahead, queues: Queues, accepted: readonly StoredEvent[]): boolean {
    return (
      ahead.queues.master === queues.master &&
      ahead.queues.transactional === queues.transactional &&
      ahead.fresh.length === accepted.length &&
      ahead.fresh.every((e, i) => e.event === accepted[i]?.event)
    );
  }

  function decideUnderLock(
    accepted: readonly StoredEvent[],
    decider: IntakeDecider,
    ahead: Ahead | undefined,
    queues: Queues,
  ): void {
    if (ahead === undefined || !decider.renumber || !matches(ahead, queues, accepted)) {
      decideInline(accepted, decider);
      return;
    }
    if (ahead.decisions === undefined) return; // deciding threw: left accepted, as inline
    const seqs = new Map(ahead.fresh.map((e, i) => [e.seq, accepted[i]?.seq ?? 0]));
    let decisions: readonly Decision[];
    try {
      decisions = decider.renumber(seqs, accepted);
    } catch {
      decider.discard?.();
      return;
    }
    applyOrDiscard(decisions, accepted, decider, ahead.sealed);
  }

  const write = writeTransaction(
    db,
    (events: readonly SealedEvent[], decider?: IntakeDecider, ahead?: Ahead): IngestOutcome[] => {
      // Decisions follow seq order within a queue: where older events of a queue are still undecided, the
      // processor takes this batch's events of that queue too.
      const queues = decider === undefined ? { master: false, transactional: false } : clearQueues();
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
          if (queues[queue]) accepted.push(acceptedEvent(row.seq, event, queue, receivedAt));
          return { status: 'accepted', seq: row.seq };
        }
        duplicates += 1;
        const first = original.get(event.source, event.id);
        if (!first) throw new Error(`event ${event.source}/${event.id} conflicted but cannot be read`);
        return { status: 'duplicate', seq: first.seq, state: first.state, receivedAt: first.received_at };
      });
      if (duplicates > 0) count.run('duplicates_refused', duplicates);
      if (decider && accepted.length > 0) decideUnderLock(accepted, decider, ahead, queues);
      else if (ahead?.decisions?.length) decider?.discard?.();
      deps.appendAudit(acceptedAuditEntries(outcomes, events));
      return outcomes;
    },
  );
  // Envelopes are sealed, and (for a decider that can renumber) the batch decided, before the write lock is
  // taken: neither needs the lock, and every microsecond inside it is one the delivery thread waits.
  return (events: readonly NewEvent[], decider?: IntakeDecider): IngestOutcome[] => {
    const sealed = events.map((e) => ({ ...e, envelope: deps.sealer.sealEvent(e.event) }));
    const ahead =
      decider?.renumber !== undefined && !db.inTransaction
        ? decideAhead.deferred(sealed, decider)
        : undefined;
    let committed = false;
    try {
      const outcomes = write(sealed, decider, ahead);
      committed = true;
      return outcomes;
    } finally {
      deps.settleDecisions(committed);
    }
  };
}
