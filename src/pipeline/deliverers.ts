// The deliverer loops of a set of targets: per target and queue, deliverers each own a share of the lanes
// (hashed ordering keys), so one project's postings are always sent by the same deliverer, in order, while
// the deliverers work in parallel. Master data is light: one deliverer per target is enough by default, and
// it never waits behind transactions. A target's rate limit is one budget in the store, shared by all.
import type { TargetConnector } from '../connectors/kit/connector.ts';
import type { QueueClass, RateBudget, Store } from '../store/port.ts';
import type { PipelineBus } from './bus.ts';
import { createDelivererStep, type DelivererOptions } from './deliverer.ts';
import { WorkLoop } from './loop.ts';
import { defaultRetryPolicy } from './retry-policy.ts';
import type { PipelineTracing } from '../ops/tracing/pipeline-tracing.ts';

export const queueClasses: readonly QueueClass[] = ['master', 'transactional'];

export type DelivererSettings = Partial<Omit<DelivererOptions, 'budget'>> & {
  /** Deliverers of the transactional queue per target and process. */
  readonly concurrency?: number;
  /** Deliverers of the master-data queue per target and process (default 1: master data is light). */
  readonly masterConcurrency?: number;
  /** Rate limits by target system id. */
  readonly budgets?: Readonly<Record<string, RateBudget>>;
  /** Spans per delivery; absent when tracing is off. */
  readonly tracing?: PipelineTracing | undefined;
};

export function createDelivererLoops(
  store: Store,
  targets: readonly TargetConnector[],
  bus: PipelineBus,
  settings: DelivererSettings | undefined,
  onConfirmed: () => void,
): WorkLoop[] {
  const options: DelivererOptions = {
    batchSize: settings?.batchSize ?? 500,
    leaseMs: settings?.leaseMs ?? 30_000,
    idlePollMs: settings?.idlePollMs ?? 250,
    retry: settings?.retry ?? defaultRetryPolicy,
    ...(settings?.tracing ? { tracing: settings.tracing } : {}),
  };
  const concurrency = settings?.concurrency ?? 2;
  const masterConcurrency = settings?.masterConcurrency ?? 1;
  const report = (error: Error) => bus.emit('stage.failed', { stage: 'deliverer', error });
  return targets.flatMap((target) =>
    queueClasses.flatMap((queue) => {
      const share = queue === 'master' ? masterConcurrency : concurrency;
      const budget = settings?.budgets?.[target.system];
      return Array.from(
        { length: share },
        (_, index) =>
          new WorkLoop(
            createDelivererStep(
              { of: share, index, queue },
              store,
              target,
              bus,
              budget ? { ...options, budget } : options,
              onConfirmed,
            ),
            report,
          ),
      );
    }),
  );
}

/** Deliverers that run elsewhere (another thread), started, stopped and woken by the pipeline. */
export interface ExternalDeliverers {
  start(): Promise<void>;
  stop(): Promise<void>;
  wake(): void;
}
