// The deliverer loops of a set of targets: per target and queue, deliverers each own a share of the lanes
// (hashed ordering keys), so one project's postings are always sent by the same deliverer, in order, while
// the deliverers work in parallel. Master data is light: one deliverer per target is enough, and it never
// waits behind transactions.
import type { TargetConnector } from '../connectors/kit/connector.ts';
import type { QueueClass, Store } from '../store/port.ts';
import type { PipelineBus } from './bus.ts';
import { createDelivererStep, type DelivererOptions } from './deliverer.ts';
import { WorkLoop } from './loop.ts';
import { defaultRetryPolicy } from './retry-policy.ts';

export const queueClasses: readonly QueueClass[] = ['master', 'transactional'];

export type DelivererSettings = Partial<DelivererOptions> & { readonly concurrency?: number };

export function createDelivererLoops(
  store: Store,
  targets: readonly TargetConnector[],
  bus: PipelineBus,
  settings: DelivererSettings | undefined,
  onConfirmed: () => void,
): WorkLoop[] {
  const options: DelivererOptions = {
    batchSize: 500,
    leaseMs: 30_000,
    idlePollMs: 250,
    retry: defaultRetryPolicy,
    ...settings,
  };
  const concurrency = settings?.concurrency ?? 2;
  const report = (error: Error) => bus.emit('stage.failed', { stage: 'deliverer', error });
  return targets.flatMap((target) =>
    queueClasses.flatMap((queue) => {
      const share = queue === 'master' ? 1 : concurrency;
      return Array.from(
        { length: share },
        (_, index) =>
          new WorkLoop(
            createDelivererStep({ of: share, index, queue }, store, target, bus, options, onConfirmed),
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
