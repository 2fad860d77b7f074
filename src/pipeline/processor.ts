// Stage 2: decide what each accepted event means (validate readiness, enrich, map) and write the
// decisions, in seq order, one batch per transaction. New events are usually decided at intake already
// (`intakeDecider`); this stage takes what intake left: released, replayed and retried events.
import type { Decision, IntakeDecider, QueueClass, Store } from '../store/port.ts';
import type { PipelineBus, PipelineEvents } from './bus.ts';
import { BatchContext, type DecideEnvironment } from './decide/context.ts';
import { contextKeys, decide } from './decide/decide.ts';
import type { StepResult } from './loop.ts';

export interface ProcessorOptions {
  readonly batchSize: number;
  readonly idlePollMs: number;
}

export function countDecisions(decisions: readonly Decision[]): PipelineEvents['events.decided'] {
  const count = (kind: Decision['kind']) => decisions.filter((d) => d.kind === kind).length;
  return {
    delivering: count('deliver'),
    parked: count('park'),
    rejected: count('reject'),
    completed: count('complete'),
  };
}

/** A decider for one intake batch; `decisions` holds what it decided once the batch has committed. */
export function intakeDecider(env: DecideEnvironment): IntakeDecider & { decisions: readonly Decision[] } {
  let decided: readonly Decision[] = [];
  return {
    keys: (events) => contextKeys(events, env),
    decide(events, context) {
      const ctx = new BatchContext(context);
      decided = events.map((e) => decide(e, ctx, env));
      return decided;
    },
    get decisions() {
      return decided;
    },
    discard() {
      decided = [];
    },
  };
}

export function createProcessorStep(
  store: Store,
  env: DecideEnvironment,
  bus: PipelineBus,
  options: ProcessorOptions & { readonly queue: QueueClass },
  onDeliveries: () => void,
) {
  return async (): Promise<StepResult> => {
    const events = await store.claimAccepted(options.batchSize, options.queue);
    if (events.length === 0) return { busy: false, sleepMs: options.idlePollMs };
    const ctx = new BatchContext(await store.loadContext(contextKeys(events, env)));
    const decisions = events.map((e) => decide(e, ctx, env));
    await store.applyDecisions(decisions, Date.now());
    const counts = countDecisions(decisions);
    bus.emit('events.decided', counts);
    if (counts.delivering > 0) onDeliveries();
    return { busy: true };
  };
}
