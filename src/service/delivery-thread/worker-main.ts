// The delivery thread: the deliverer loops of every target, on their own store connection, so that
// pushing to targets and recording their answers use the second core while the main thread takes in and
// decides events. On SQLite (WAL) the two threads' write transactions take turns and leases stay in this
// thread's memory, as only it claims deliveries (ADR 9); on PostgreSQL leases are on the rows.
import { parentPort, workerData } from 'node:worker_threads';
import { TypedBus, type PipelineBus, type PipelineEvents } from '../../pipeline/bus.ts';
import { createDelivererLoops } from '../../pipeline/deliverers.ts';
import { sourceMemoryOf } from '../../pipeline/poller.ts';
import { openConfiguredStore } from '../../store/open-store.ts';
import { configuredSealer } from '../../security/field-protection/field-keys.ts';
import { ThreadWriteLock } from '../../store/sqlite/write-lock.ts';
import { buildConnectors } from '../connectors.ts';
import { delivererSettingsOf } from './settings.ts';
import { startTracing } from '../../ops/tracing/tracing.ts';
import { PipelineTracing } from '../../ops/tracing/pipeline-tracing.ts';
import type { DeliveryThreadData, FromDeliveryThread, ToDeliveryThread } from './protocol.ts';

const port = (() => {
  if (!parentPort) throw new Error('the delivery thread runs as a worker thread of the service');
  return parentPort;
})();
const { config, env, writeLock, owner } = workerData as DeliveryThreadData;

const post = (message: FromDeliveryThread) => port.postMessage(message);
const bus: PipelineBus = new TypedBus<PipelineEvents>();
bus.on('deliveries.pushed', (payload) =>
  post({ kind: 'bus', notice: { name: 'deliveries.pushed', payload } }),
);
bus.on('events.confirmed', (payload) => post({ kind: 'bus', notice: { name: 'events.confirmed', payload } }));
bus.on('stage.failed', (payload) => post({ kind: 'bus', notice: { name: 'stage.failed', payload } }));

const sealer = configuredSealer(config, env);
const store = await openConfiguredStore(config.store, {
  ...(writeLock ? { writeLock: new ThreadWriteLock(writeLock) } : {}),
  owner,
  ...(sealer ? { sealer } : {}),
});
// Only targets run here; a source's memory is wired for completeness, never read in this thread.
const connectors = buildConnectors(config, env, (system) => sourceMemoryOf(store, system));
// This thread's spans (deliveries, confirmations) go out through its own exporter, in the same traces as
// the main thread's: the trace context travels in the stored envelopes, not in memory.
const tracing = startTracing(config.telemetry, env);
const settings = delivererSettingsOf(config);
const loops = createDelivererLoops(
  store,
  [connectors.erp, ...connectors.psaTargets],
  bus,
  tracing ? { ...settings, tracing: new PipelineTracing(tracing.tracer) } : settings,
  // The main thread wakes its processors when it hears of confirmations (events.confirmed).
  () => undefined,
);

port.on('message', (message: ToDeliveryThread) => {
  if (message.kind === 'wake') loops.forEach((l) => l.wake());
  else void stop();
});

async function stop(): Promise<void> {
  await Promise.all(loops.map((l) => l.stop()));
  const all = new Set([
    connectors.erp,
    ...connectors.psaTargets,
    ...connectors.sources.map((s) => s.connector),
  ]);
  await Promise.all([...all].map((c) => c.close()));
  await store.close();
  await tracing?.shutdown();
  post({ kind: 'stopped' });
  port.close();
}

loops.forEach((l) => l.start());
post({ kind: 'ready' });
