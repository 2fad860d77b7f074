// Gauges of what waits, read from the store when Prometheus scrapes (prom-client `collect`), so they are
// true for every process sharing the store, not only this one. One store query per scrape feeds them all.
import { Gauge, type Registry } from 'prom-client';
import type { OpsSnapshot, QueueClass, Store } from '../../store/port.ts';

const queueClasses: readonly QueueClass[] = ['master', 'transactional'];
const waitingStates: readonly OpsSnapshot['queues'][number]['state'][] = ['accepted', 'parked', 'pending'];
export function createStateGauges(registry: Registry, store: Store, now: () => number = Date.now) {
  // A scrape starts every gauge's collect in one go: they share the snapshot in flight, one query each
  // scrape. A store that cannot answer (briefly away) leaves the gauges as they were.
  let inFlight: Promise<OpsSnapshot> | undefined;
  let previous: OpsSnapshot = { queues: [], parked: [], openDeadLetters: [] };
  const snapshot = () =>
    (inFlight ??= store
      .opsSnapshot()
      .then(
        (fresh) => (previous = fresh),
        () => previous,
      )
      .finally(() => (inFlight = undefined)));
  const registers = [registry];

  new Gauge({
    name: 'ledgerline_queue_depth',
    help: 'Waiting work per queue class and state: accepted (to decide), parked (on a dependency), pending (outbox, to deliver)',
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      const { queues } = await snapshot();
      for (const queue of queueClasses)
        for (const state of waitingStates) {
          const row = queues.find((q) => q.queue === queue && q.state === state);
          this.set({ queue, state }, row?.count ?? 0);
        }
    },
  });
  new Gauge({
    name: 'ledgerline_queue_oldest_age_seconds',
    help: 'Age of the oldest waiting item per queue class and state (0 when none waits)',
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      const { queues } = await snapshot();
      const at = now();
      for (const queue of queueClasses)
        for (const state of waitingStates) {
          const oldest = queues.find((q) => q.queue === queue && q.state === state)?.oldestAt ?? null;
          this.set({ queue, state }, oldest === null ? 0 : Math.max(0, at - oldest) / 1000);
        }
    },
  });
  new Gauge({
    name: 'ledgerline_parked_events',
    help: 'Parked events by what they wait for (xref:<kind>@<system> or master:<kind>)',
    labelNames: ['reason'] as const,
    registers,
    async collect() {
      const { parked } = await snapshot();
      this.reset();
      for (const p of parked) this.set({ reason: p.reason }, p.count);
    },
  });
  new Gauge({
    name: 'ledgerline_dead_letters_open',
    help: 'Open dead letters by reason code',
    labelNames: ['reason_code'] as const,
    registers,
    async collect() {
      const { openDeadLetters } = await snapshot();
      this.reset();
      for (const d of openDeadLetters) this.set({ reason_code: d.reasonCode }, d.count);
    },
  });
}
