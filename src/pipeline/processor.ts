// Stage 2: decide what each accepted event means (validate readiness, enrich, map) and write the
// decisions, in seq order, one batch per transaction. New events are usually decided at intake already
// (`intakeDecider`); this stage takes what intake left: released, replayed and retried events.
import type { ContextKeys, Decision, IntakeDecider, QueueClass, Store, StoredEvent } from '../store/port.ts';
import type { PipelineBus, PipelineEvents } from './bus.ts';
import type { DecideEnvironment } from './decide/context.ts';
import { contextKeys } from './decide/decide.ts';
import { decideRecorded } from './provenance/decide-recorded.ts';
import { RecordingContext } from './provenance/recording-context.ts';
import type { StepResult } from './loop.ts';
import type { PipelineTracing } from '../ops/tracing/pipeline-tracing.ts';

export interface ProcessorOptions {
  readonly batchSize: number;
  readonly idlePollMs: number;
}

/** The `events.decided` notice: counts per kind, and the decisions with their events. */
export function countDecisions(
  decisions: readonly Decision[],
  events: readonly StoredEvent[],
): PipelineEvents['events.decided'] {
  const count = (kind: Decision['kind']) => decisions.filter((d) => d.kind === kind).length;
  return {
    delivering: count('deliver'),
    parked: count('park'),
    rejected: count('reject'),
    completed: count('complete'),
    decisions,
    events,
  };
}

/** A decider for one intake batch; `decisions` holds what it decided once the batch has committed. */
export function intakeDecider(
  env: DecideEnvironment,
): IntakeDecider & { decisions: readonly Decision[]; events: readonly StoredEvent[] } {
  let decided: readonly Decision[] = [];
  let decidedEvents: readonly StoredEvent[] = [];
  return {
    keys: (events) => contextKeys(events, env),
    decide(events, context) {
      const ctx = new RecordingContext(context);
      decided = events.map((e) => decideRecorded(e, ctx, env));
      decidedEvents = events;
      return decided;
    },
    get decisions() {
      return decided;
    },
    /** Index for index with `decisions`: the decided events. */
    get events() {
      return decidedEvents;
    },
    discard() {
      decided = [];
      decidedEvents = [];
    },
  };
}

/**
 * A poison message: an event that makes deciding throw (one stored by an older version, a bug). It is
 * rejected on its own, with a reason code and the error, instead of failing its whole batch again and
 * again and holding up its queue; `ledgerline dlq retry` decides it again once the cause is fixed.
 */
function poisoned(event: StoredEvent, error: unknown): Decision {
  const message = error instanceof Error ? error.message : String(error);
  return {
    seq: event.seq,
    kind: 'reject',
    reasonCode: 'pipeline.decide_failed',
    reason: `deciding ${event.event.type} ${event.event.id} failed: ${message}. The event is kept; retry it from the dead-letter queue once the cause is fixed`,
  };
}

/** The batch's context keys; an event whose keys cannot be read is set apart with its error. */
function keysOf(
  events: readonly StoredEvent[],
  env: DecideEnvironment,
): { keys: ContextKeys; failed: Map<number, unknown> } {
  const failed = new Map<number, unknown>();
  try {
    return { keys: contextKeys(events, env), failed };
  } catch {
    const xrefs: string[] = [];
    const master: string[] = [];
    const canonical: string[] = [];
    for (const event of events) {
      try {
        const own = contextKeys([event], env);
        xrefs.push(...own.xrefs);
        master.push(...own.master);
        canonical.push(...(own.canonical ?? []));
      } catch (error) {
        failed.set(event.seq, error);
      }
    }
    return { keys: { xrefs, master, canonical }, failed };
  }
}

export function createProcessorStep(
  store: Store,
  env: DecideEnvironment,
  bus: PipelineBus,
  options: ProcessorOptions & { readonly queue: QueueClass },
  onDeliveries: () => void,
  tracing?: PipelineTracing,
) {
  return async (): Promise<StepResult> => {
    const events = await store.claimAccepted(options.batchSize, options.queue);
    if (events.length === 0) return { busy: false, sleepMs: options.idlePollMs };
    const trace = tracing?.decide(events);
    const { keys, failed } = keysOf(events, env);
    const ctx = new RecordingContext(await store.loadContext(keys));
    const decisions = events.map((e) => {
      const early = failed.get(e.seq);
      if (early !== undefined) return poisoned(e, early);
      try {
        return decideRecorded(e, ctx, env);
      } catch (error) {
        return poisoned(e, error);
      }
    });
    await store.applyDecisions(decisions, Date.now());
    trace?.done(decisions);
    const counts = countDecisions(decisions, events);
    bus.emit('events.decided', counts);
    if (counts.delivering > 0) onDeliveries();
    return { busy: true };
  };
}
