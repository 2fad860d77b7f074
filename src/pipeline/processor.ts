// Stage 2: decide what each accepted event means (validate readiness, enrich, map) and write the
// decisions, in seq order, one batch per transaction.
import type { Store } from '../store/port.ts';
import type { PipelineBus } from './bus.ts';
import { BatchContext, type DecideEnvironment } from './decide/context.ts';
import { contextKeys, decide } from './decide/decide.ts';
import type { StepResult } from './loop.ts';

export interface ProcessorOptions {
  readonly batchSize: number;
  readonly idlePollMs: number;
}

export function createProcessorStep(
  store: Store,
  env: DecideEnvironment,
  bus: PipelineBus,
  options: ProcessorOptions,
  onDeliveries: () => void,
) {
  return async (): Promise<StepResult> => {
    const events = await store.claimAccepted(options.batchSize);
    if (events.length === 0) return { busy: false, sleepMs: options.idlePollMs };
    const ctx = new BatchContext(await store.loadContext(contextKeys(events, env.erpSystem)));
    const decisions = events.map((e) => decide(e, ctx, env));
    await store.applyDecisions(decisions, Date.now());
    const count = (kind: string) => decisions.filter((d) => d.kind === kind).length;
    const delivering = count('deliver');
    bus.emit('events.decided', {
      delivering,
      parked: count('park'),
      rejected: count('reject'),
      completed: count('complete'),
    });
    if (delivering > 0) onDeliveries();
    return { busy: true };
  };
}
