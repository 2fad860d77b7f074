// The service's handle on its delivery thread: starts it, relays its notifications to the pipeline's bus,
// wakes it when new deliveries are written, and restarts it if it dies. A restarted thread holds no
// leases, so what was in flight is pushed again under the same idempotency keys: nothing is posted twice.
import { Worker } from 'node:worker_threads';
import type { Config } from '../../config/schema.ts';
import type { PipelineBus, PipelineEvents } from '../../pipeline/bus.ts';
import type { ExternalDeliverers } from '../../pipeline/deliverers.ts';
import type { ThreadWriteLock } from '../../store/sqlite/write-lock.ts';
import type { DeliveryThreadData, FromDeliveryThread, ToDeliveryThread } from './protocol.ts';

const restartDelayMs = 1_000;
// The thread's live set is the batches in flight (a few MB); a bounded heap keeps V8 from growing it lazily
// far beyond that, as it would up to the process's limit.
const resourceLimits = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 };
const stopTimeoutMs = 15_000;

// Under tsx (tests, `npm start`) the worker is TypeScript: a worker does not inherit tsx's loader, so a
// small bootstrap registers it first. In dist/ the worker is JavaScript.
const runsFromSource = import.meta.url.endsWith('.ts');
const workerUrl = new URL(`./worker-main.${runsFromSource ? 'ts' : 'js'}`, import.meta.url);
const viaTsx = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); })`;

export function deliveryThread(
  config: Config,
  env: NodeJS.ProcessEnv,
  writeLock: ThreadWriteLock | undefined,
  owner: string,
): (hooks: { readonly bus: PipelineBus; readonly onConfirmed: () => void }) => ExternalDeliverers {
  return ({ bus, onConfirmed }) => {
    const data: DeliveryThreadData = {
      config,
      env: { ...env },
      owner,
      ...(writeLock ? { writeLock: writeLock.buffer } : {}),
    };
    let worker: Worker | undefined;
    let stopping = false;
    let restartTimer: NodeJS.Timeout | undefined;
    const relay = <K extends keyof PipelineEvents>(notice: { name: K; payload: PipelineEvents[K] }) =>
      bus.emit(notice.name, notice.payload);

    function spawn(): Promise<void> {
      const current = runsFromSource
        ? new Worker(viaTsx, { eval: true, workerData: data, resourceLimits })
        : new Worker(workerUrl, { workerData: data, resourceLimits });
      worker = current;
      return new Promise<void>((resolve, reject) => {
        let ready = false;
        current.on('message', (message: FromDeliveryThread) => {
          if (message.kind === 'ready') {
            ready = true;
            resolve();
          } else if (message.kind === 'bus') {
            relay(message.notice);
            if (message.notice.name === 'events.confirmed') onConfirmed();
          }
        });
        current.on('error', (error) => {
          if (!ready) reject(error);
          else bus.emit('stage.failed', { stage: 'deliverer', error });
        });
        current.on('exit', (code) => {
          if (worker === current) worker = undefined;
          if (!ready) reject(new Error(`the delivery thread exited with code ${code} before it was ready`));
          else if (!stopping) {
            bus.emit('stage.failed', {
              stage: 'deliverer',
              error: new Error(`the delivery thread exited with code ${code}; restarting it`),
            });
            restartTimer = setTimeout(() => {
              spawn().catch((error: unknown) =>
                bus.emit('stage.failed', {
                  stage: 'deliverer',
                  error: error instanceof Error ? error : new Error(String(error)),
                }),
              );
            }, restartDelayMs);
          }
        });
      });
    }

    const send = (message: ToDeliveryThread) => worker?.postMessage(message);

    return {
      start: spawn,
      wake: () => send({ kind: 'wake' }),
      async stop() {
        stopping = true;
        clearTimeout(restartTimer);
        const current = worker;
        if (!current) return;
        const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
        send({ kind: 'stop' });
        const timer = setTimeout(() => void current.terminate(), stopTimeoutMs);
        await exited;
        clearTimeout(timer);
      },
    };
  };
}
