// Wires the stages together: intake -> processor -> one deliverer per target (and pollers per source).
// Each stage wakes the next as soon as it has work for it, and also polls, so work written by another
// process (the CLI retrying a dead letter) is picked up too.
import type { LegalEntity } from '../contracts/index.ts';
import type { SourceConnector, TargetConnector } from '../connectors/kit/connector.ts';
import type { Store } from '../store/port.ts';
import { TypedBus, type PipelineBus, type PipelineEvents } from './bus.ts';
import {
  createDelivererLoops,
  queueClasses,
  type DelivererSettings,
  type ExternalDeliverers,
} from './deliverers.ts';
import { Intake, type IntakeOptions } from './intake.ts';
import { decideEnvironment, type PeriodCloseSettings } from './decide/context.ts';
import { WorkLoop } from './loop.ts';
import { createPollerStep, type PollerOptions } from './poller.ts';
import { createProcessorStep, intakeDecider, type ProcessorOptions } from './processor.ts';
import { queueClassifier } from './queues.ts';
import type { Governance } from '../governance/model.ts';
import { underLease, type WorkLease } from './work-lease.ts';
import type { PipelineTracing } from '../ops/tracing/pipeline-tracing.ts';

export interface PipelineOptions {
  readonly store: Store;
  readonly erp: TargetConnector;
  /** Targets besides the ERP (PSAs that receive customers, invoices and payments). */
  readonly otherTargets?: readonly TargetConnector[];
  /** Resolved at start; without it, the default governance of these systems. */
  readonly governance?: Governance;
  /** The PSA systems in play, for default governance (sources also include CRMs and a polled ERP). */
  readonly psaSystems: readonly string[];
  readonly sources: readonly { readonly connector: SourceConnector; readonly poll?: PollerOptions }[];
  readonly legalEntities: readonly LegalEntity[];
  /** Postings dated in a closed period: hold (default), roll to the next open period, or reject. */
  readonly periodClose?: PeriodCloseSettings;
  readonly intake?: Partial<IntakeOptions>;
  /** Decide new events in their intake transaction (default); false leaves every decision to the processor. */
  readonly decideAtIntake?: boolean;
  readonly processor?: Partial<ProcessorOptions>;
  readonly deliverer?: DelivererSettings;
  /**
   * Whether this process does the background work: deciding, delivering, polling (default true). An API
   * node of a PostgreSQL deployment takes intake only and leaves the rest to `ledgerline worker`s.
   */
  readonly background?: boolean;
  /** Names this process in the store's leases; without it, one process owns the store. */
  readonly lease?: WorkLease;
  /** Spans for each event's flow; absent when tracing is off (then no span is ever made). */
  readonly tracing?: PipelineTracing | undefined;
  /** Deliverers run elsewhere (a worker thread); without it, in this thread. */
  readonly externalDeliverers?: (hooks: {
    readonly bus: PipelineBus;
    readonly onConfirmed: () => void;
  }) => ExternalDeliverers;
}

export interface Pipeline {
  readonly bus: PipelineBus;
  readonly intake: Intake;
  readonly sources: ReadonlyMap<string, SourceConnector>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Looks for work now (after a dead letter was sent back or a replay was queued). */
  wake(): void;
  /** Resolves when nothing is accepted-but-undecided and no delivery is pending (parked work may remain). */
  quiescent(timeoutMs: number): Promise<boolean>;
}

export function createPipeline(options: PipelineOptions): Pipeline {
  const { store } = options;
  const bus: PipelineBus = new TypedBus<PipelineEvents>();
  const report = (stage: PipelineEvents['stage.failed']['stage']) => (error: Error) =>
    bus.emit('stage.failed', { stage, error });
  const deliverers: WorkLoop[] = [];
  const wakeDeliverers = () => {
    deliverers.forEach((d) => d.wake());
    external?.wake();
  };
  const env = decideEnvironment({
    erpSystem: options.erp.system,
    legalEntities: options.legalEntities,
    psaSystems: options.psaSystems,
    psaTargets: (options.otherTargets ?? []).map((t) => t.system),
    ...(options.governance ? { governance: options.governance } : {}),
    ...(options.periodClose ? { periodClose: options.periodClose } : {}),
  });
  const processorOptions: ProcessorOptions = { batchSize: 1000, idlePollMs: 250, ...options.processor };
  // One processor per queue: master data is decided while a backlog of transactions waits, and the
  // other way round; within a queue, seq order holds.
  const background = options.background !== false;
  const lease: WorkLease = options.lease ?? { owner: 'ledgerline', ttlMs: 30_000 };
  const processors = (background ? queueClasses : []).map(
    (queue) =>
      new WorkLoop(
        underLease(
          store,
          `decide:${queue}`,
          lease,
          processorOptions.idlePollMs,
          createProcessorStep(
            store,
            env,
            bus,
            { ...processorOptions, queue },
            wakeDeliverers,
            options.tracing,
          ),
        ),
        report('processor'),
      ),
  );
  const wakeProcessors = () => processors.forEach((p) => p.wake());
  const intake = new Intake(
    store,
    bus,
    { windowMs: 2, maxBatch: 1000, ...options.intake },
    {
      queueOf: queueClassifier(options.governance),
      ...(options.decideAtIntake === false ? {} : { decider: () => intakeDecider(env) }),
      onUndecided: wakeProcessors,
      onDeliveries: wakeDeliverers,
      tracing: options.tracing,
    },
  );
  const external = background
    ? options.externalDeliverers?.({ bus, onConfirmed: wakeProcessors })
    : undefined;
  if (background && !external)
    deliverers.push(
      ...createDelivererLoops(
        store,
        [options.erp, ...(options.otherTargets ?? [])],
        bus,
        options.tracing ? { ...options.deliverer, tracing: options.tracing } : options.deliverer,
        wakeProcessors,
      ),
    );
  const pollers = options.sources.flatMap(({ connector, poll }) =>
    poll && background
      ? [
          new WorkLoop(
            underLease(
              store,
              `poll:${connector.system}`,
              lease,
              poll.intervalMs,
              createPollerStep(store, connector, intake, poll, report('poller')),
            ),
            report('poller'),
          ),
        ]
      : [],
  );
  const loops = [...processors, ...deliverers, ...pollers];

  return {
    bus,
    intake,
    sources: new Map(options.sources.map((s) => [s.connector.system, s.connector])),
    async start() {
      // One process owns a SQLite store: leases left by a process that died are void.
      if (store.dialect === 'sqlite') await store.releaseLeases();
      loops.forEach((l) => l.start());
      await external?.start();
    },
    wake() {
      wakeProcessors();
      wakeDeliverers();
    },
    async stop() {
      await intake.settle();
      await Promise.all([...loops.map((l) => l.stop()), external?.stop()]);
    },
    async quiescent(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        await intake.settle();
        const stats = await store.stats();
        if (stats.events.accepted === 0 && stats.deliveries.pending === 0) return true;
        wakeProcessors();
        await new Promise((r) => setTimeout(r, 50));
      }
      return false;
    },
  };
}
