// Conformance of the telemetry queries (issue 7): the queue gauges, parked events by reason, open dead
// letters by reason code, and the origins (received time, trace context) of delivered events.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parkReasonOf, type OpsSnapshot, type Store } from '../../src/store/port.ts';
import { delivery, ingestOne, projectActivated, resourceUpdated, timeApproved } from './fixtures.ts';

type OpenStore = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function sorted(snapshot: OpsSnapshot) {
  const by = (a: string, b: string) => a.localeCompare(b);
  return {
    queues: snapshot.queues
      .map((q) => `${q.queue}/${q.state}: ${q.count} since ${q.oldestAt ?? '-'}`)
      .sort(by),
    parked: snapshot.parked.map((p) => `${p.reason}: ${p.count}`).sort(by),
    openDeadLetters: snapshot.openDeadLetters.map((d) => `${d.reasonCode}: ${d.count}`).sort(by),
  };
}

export function telemetryQueries(open: OpenStore): void {
  async function withStore(body: (store: Store) => Promise<void>): Promise<void> {
    const { store, cleanup } = await open();
    try {
      await body(store);
    } finally {
      await cleanup();
    }
  }

  describe('telemetry queries', () => {
    it('an empty store has nothing waiting', () =>
      withStore(async (store) => {
        assert.deepEqual(await store.opsSnapshot(), { queues: [], parked: [], openDeadLetters: [] });
      }));

    it('counts waiting work per queue and state with the oldest arrival, parked by reason, dead letters by code', () =>
      withStore(async (store) => {
        await ingestOne(store, timeApproved('evt-t1', 1), 1_000);
        await ingestOne(store, timeApproved('evt-t2', 2), 1_200);
        await ingestOne(store, projectActivated('evt-p1', 1), 1_500);
        const parked = await ingestOne(store, timeApproved('evt-t3', 3), 900);
        const parkedToo = await ingestOne(store, timeApproved('evt-t4', 4, { project: 2 }), 950);
        const waitingRate = await ingestOne(store, timeApproved('evt-t5', 5), 980);
        const delivering = await ingestOne(store, resourceUpdated('evt-r1', 1), 800);
        const refused = await ingestOne(store, projectActivated('evt-p2', 2), 700);
        const refusedToo = await ingestOne(store, projectActivated('evt-p3', 3), 700);
        const xref = (canonicalId: string) =>
          ({ kind: 'xref', canonicalId, system: 'sandbox-erp', awaiting: 'ProjectProvisioned' }) as const;
        await store.applyDecisions(
          [
            { seq: parked, kind: 'park', dependency: xref('project:psa:P-1') },
            { seq: parkedToo, kind: 'park', dependency: xref('project:psa:P-2') },
            {
              seq: waitingRate,
              kind: 'park',
              dependency: {
                kind: 'master',
                objectKind: 'rate-card',
                id: 'LL-UK',
                awaiting: 'RateCardChanged',
              },
            },
            {
              seq: delivering,
              kind: 'deliver',
              deliveries: [
                delivery('k-1', 'o-1'),
                delivery('k-2', 'o-2'),
                delivery('k-3', 'o-3', 'provisionProject'),
              ],
            },
            {
              seq: refused,
              kind: 'reject',
              reasonCode: 'readiness.project_incomplete',
              reason: 'incomplete',
            },
            {
              seq: refusedToo,
              kind: 'reject',
              reasonCode: 'readiness.project_incomplete',
              reason: 'incomplete',
            },
          ],
          2_000,
        );
        assert.deepEqual(sorted(await store.opsSnapshot()), {
          queues: [
            'master/accepted: 1 since 1500',
            'master/pending: 1 since 2000',
            'transactional/accepted: 2 since 1000',
            'transactional/parked: 3 since 900',
            'transactional/pending: 2 since 2000',
          ],
          parked: ['master:rate-card: 1', 'xref:project@sandbox-erp: 2'],
          openDeadLetters: ['readiness.project_incomplete: 2'],
        });
        const [letter] = await store.listDeadLetters({ state: 'open' });
        assert.ok(letter);
        await store.resolveDeadLetter(letter.id, 'fixed by hand', 3_000);
        assert.deepEqual(sorted(await store.opsSnapshot()).openDeadLetters, [
          'readiness.project_incomplete: 1',
        ]);
      }));

    it('answers when each event was received and the trace context its envelope carries', () =>
      withStore(async (store) => {
        const traced = await ingestOne(
          store,
          { ...timeApproved('evt-traced', 1), traceparent, tracestate: 'vendor=abc' },
          1_234,
        );
        const plain = await ingestOne(store, timeApproved('evt-plain', 2), 5_678);
        const origins = await store.eventOrigins([traced, plain, traced, 999_999]);
        assert.deepEqual(
          [...origins].sort(([a], [b]) => a - b),
          [
            [traced, { receivedAt: 1_234, traceparent, tracestate: 'vendor=abc' }],
            [plain, { receivedAt: 5_678, traceparent: null, tracestate: null }],
          ],
        );
        assert.equal((await store.eventOrigins([])).size, 0);
      }));

    it('names a parked reason by what it waits for, never by which record', () => {
      assert.equal(parkReasonOf('xref|project:psa:P-1|sandbox-erp'), 'xref:project@sandbox-erp');
      assert.equal(parkReasonOf('master|rate-card|LL-UK'), 'master:rate-card');
      assert.equal(parkReasonOf(null), 'unknown');
    });
  });
}
