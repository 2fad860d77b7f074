// Stage 1: durable intake with group commit. Concurrent submissions within a short window share one
// transaction, so each caller is answered only after its events are on disk, without one fsync each.
import { sourceDigestOf } from './provenance/source-digest.ts';
import type { Decision, IngestOutcome, IntakeDecider, NewEvent, Store, StoredEvent } from '../store/port.ts';
import type { TraceFields } from '../ops/tracing/event-context.ts';
import type { IntakeTrace, PipelineTracing } from '../ops/tracing/pipeline-tracing.ts';
import type { PipelineBus } from './bus.ts';
import { countDecisions } from './processor.ts';
import type { QueueOf } from './queues.ts';

/** An event as a caller hands it in; intake assigns its queue. */
export interface Submission {
  readonly event: NewEvent['event'];
  readonly receivedAt: number;
  /** The caller's trace context (an HTTP `traceparent` header), for an event whose envelope names none. */
  readonly parent?: TraceFields | undefined;
}

interface Waiting {
  readonly events: readonly NewEvent[];
  readonly resolve: (outcomes: IngestOutcome[]) => void;
  readonly reject: (error: Error) => void;
  readonly trace: IntakeTrace | undefined;
}

export interface IntakeOptions {
  /** How long the first submission of a group waits for company. */
  readonly windowMs: number;
  /** Flush at once when this many events wait. */
  readonly maxBatch: number;
}

export interface IntakeHooks {
  readonly queueOf: QueueOf;
  /** A fresh decider per batch, so new events are decided in their intake transaction. */
  readonly decider?: () => IntakeDecider & {
    readonly decisions: readonly Decision[];
    readonly events: readonly StoredEvent[];
  };
  /** Spans per event; absent when tracing is off. */
  readonly tracing?: PipelineTracing | undefined;
  /** Accepted events wait for the processor. */
  readonly onUndecided: () => void;
  /** Events decided at intake have deliveries to make. */
  readonly onDeliveries: () => void;
}

export class Intake {
  readonly #store: Store;
  readonly #bus: PipelineBus;
  readonly #options: IntakeOptions;
  readonly #hooks: IntakeHooks;
  #queue: Waiting[] = [];
  #queued = 0;
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(store: Store, bus: PipelineBus, options: IntakeOptions, hooks: IntakeHooks) {
    this.#store = store;
    this.#bus = bus;
    this.#options = options;
    this.#hooks = hooks;
  }

  submit(submissions: readonly Submission[]): Promise<IngestOutcome[]> {
    if (submissions.length === 0) return Promise.resolve([]);
    const trace = this.#hooks.tracing?.intake(submissions, this.#hooks.decider !== undefined);
    const events = submissions.map(({ event, receivedAt, parent }, i): NewEvent => ({
      // Tracing off: a caller's trace context is still kept with the event, for whoever reads it later.
      event:
        trace?.events[i] ?? (parent && event.traceparent === undefined ? { ...event, ...parent } : event),
      receivedAt,
      queue: this.#hooks.queueOf(event.type),
    }));
    // Events decided in their intake transaction need their source digests there: computed now, outside
    // the store's write lock.
    if (this.#hooks.decider !== undefined) for (const e of events) sourceDigestOf(e.event);
    return new Promise((resolve, reject) => {
      this.#queue.push({ events, resolve, reject, trace });
      this.#queued += events.length;
      if (this.#queued >= this.#options.maxBatch) this.#flushSoon(0);
      else this.#flushSoon(this.#options.windowMs);
    });
  }

  /** Waits until everything submitted so far is committed. */
  async settle(): Promise<void> {
    while (this.#queue.length > 0 || this.#timer) {
      this.#flushSoon(0);
      await this.#flushing;
      await new Promise((r) => setImmediate(r));
    }
    await this.#flushing;
  }

  #flushSoon(delayMs: number): void {
    if (this.#timer && delayMs > 0) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#flushing = this.#flushing.then(() => this.#flush());
    }, delayMs);
  }

  async #flush(): Promise<void> {
    const group = this.#queue;
    if (group.length === 0) return;
    this.#queue = [];
    this.#queued = 0;
    try {
      const decider = this.#hooks.decider?.();
      const events = group.flatMap((w) => w.events);
      const outcomes = await this.#store.ingest(events, decider);
      const decided = decider?.decisions ?? [];
      const bySeq = this.#hooks.tracing ? new Map(decided.map((d) => [d.seq, d])) : undefined;
      let offset = 0;
      for (const w of group) {
        const own = outcomes.slice(offset, offset + w.events.length);
        if (bySeq) w.trace?.committed(own, bySeq);
        w.resolve(own);
        offset += w.events.length;
      }
      const accepted = outcomes.filter((o) => o.status === 'accepted').length;
      this.#bus.emit('intake.committed', {
        accepted,
        duplicates: outcomes.length - accepted,
        events,
        outcomes,
      });
      if (decided.length > 0) {
        const counts = countDecisions(decided, decider?.events ?? []);
        this.#bus.emit('events.decided', counts);
        if (counts.delivering > 0) this.#hooks.onDeliveries();
      }
      if (accepted > decided.length) this.#hooks.onUndecided();
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.#bus.emit('stage.failed', { stage: 'intake', error: failure });
      for (const w of group) {
        w.trace?.failed(failure);
        w.reject(failure);
      }
    }
  }
}
