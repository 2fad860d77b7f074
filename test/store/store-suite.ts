// The store conformance suite. It speaks only the port (never SQL), so every adapter (SQLite now,
// PostgreSQL later) runs exactly these tests against a real database.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type {
  CompletedEvent,
  Confirmation,
  IntakeDecider,
  MasterRecord,
  Store,
  StoredDelivery,
} from '../../src/store/port.ts';
import { laneOf, masterKey, xrefKey } from '../../src/store/port.ts';
import {
  acceptedSeq,
  at,
  delivery,
  env,
  erp,
  eventState,
  incompleteProjectActivated,
  ingestOne,
  projectActivated,
  projectId,
  provisionedConfirmation,
  queueOf,
  psa,
  resourceId,
  resourceUpdated,
  timeApproved,
  timeEntryId,
} from './fixtures.ts';
import { storeProperties } from './store-properties.ts';
import { storeTestOf } from './store-test.ts';
import { telemetryQueries } from './telemetry-suite.ts';
import { deliverAllOk, ok, processOnce } from './steps.ts';
import { commandsOf } from '../../src/pipeline/command-payload.ts';
import { intakeDecider } from '../../src/pipeline/processor.ts';

export type OpenStore = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

const noConfirmations = (): Confirmation[] => [];

function resourceRecord(n: number): MasterRecord {
  return { kind: 'resource', id: resourceId(n), data: resourceUpdated(`r-${n}`, n).data };
}

/** `skip`: a reason the backend is not here (a server that is not running). */
export function runStoreSuite(name: string, open: OpenStore, skip: string | false = false): void {
  const storeTest = storeTestOf(open);

  /** An event decided to deliver the given rows; answers its seq. */
  async function delivering(
    store: Store,
    eventId: string,
    rows: Parameters<typeof delivery>[],
    now = 2_000,
  ): Promise<number> {
    const seq = await ingestOne(store, timeApproved(eventId, 1));
    await store.applyDecisions([{ seq, kind: 'deliver', deliveries: rows.map((r) => delivery(...r)) }], now);
    return seq;
  }

  async function deliveriesOf(store: Store, seq: number): Promise<readonly StoredDelivery[]> {
    const lineage = await store.lineage(seq);
    assert.ok(lineage, `no event with seq ${seq}`);
    return lineage.deliveries;
  }

  describe(`Store conformance: ${name}`, { skip }, () => {
    describe('ingest', () => {
      storeTest('accepts a new event with a seq and stores it as accepted', async (store) => {
        const event = timeApproved('evt-1', 1);
        const [outcome] = await store.ingest(at(1_000, event));
        const seq = acceptedSeq(outcome);
        const [stored, ...more] = await store.getEvent('evt-1');
        assert.equal(more.length, 0);
        assert.deepEqual(stored, {
          seq,
          event,
          queue: 'transactional',
          state: 'accepted',
          receivedAt: 1_000,
          completedAt: null,
          reasonCode: null,
          reason: null,
          replays: 0,
        });
      });

      storeTest('gives increasing seqs in ingest order', async (store) => {
        const outcomes = await store.ingest(
          at(1_000, timeApproved('evt-1', 1), timeApproved('evt-2', 2), timeApproved('evt-3', 3)),
        );
        const seqs = outcomes.map(acceptedSeq);
        assert.deepEqual(
          [...seqs].sort((a, b) => a - b),
          seqs,
        );
        assert.equal(new Set(seqs).size, 3);
      });

      storeTest(
        "answers a known (source, id) as a duplicate with the original's seq, state and receivedAt",
        async (store) => {
          const seq = await ingestOne(store, timeApproved('evt-1', 1), 1_000);
          await store.applyDecisions([{ seq, kind: 'complete', note: 'done' }], 1_500);
          const [again] = await store.ingest(at(9_000, timeApproved('evt-1', 1)));
          assert.deepEqual(again, { status: 'duplicate', seq, state: 'completed', receivedAt: 1_000 });
          const stored = await store.getEvent('evt-1');
          assert.equal(stored.length, 1);
          assert.equal(stored[0]?.receivedAt, 1_000);
        },
      );

      storeTest('recognises a duplicate inside one batch', async (store) => {
        const [first, second, third] = await store.ingest(
          at(1_000, timeApproved('evt-1', 1), timeApproved('evt-2', 2), timeApproved('evt-1', 1)),
        );
        const seq = acceptedSeq(first);
        acceptedSeq(second);
        assert.deepEqual(third, { status: 'duplicate', seq, state: 'accepted', receivedAt: 1_000 });
        assert.equal((await store.claimAccepted(10)).length, 2);
      });

      storeTest('treats the same id from a different source as a different event', async (store) => {
        const other = 'https://psa.example.com/globex';
        const [a, b] = await store.ingest(
          at(1_000, timeApproved('evt-1', 1), timeApproved('evt-1', 2, { source: other })),
        );
        const seqA = acceptedSeq(a);
        const seqB = acceptedSeq(b);
        assert.notEqual(seqA, seqB);
        assert.deepEqual(
          (await store.getEvent('evt-1')).map((e) => [e.seq, e.event.source]),
          [
            [seqA, psa],
            [seqB, other],
          ],
        );
        assert.deepEqual(
          (await store.getEvent('evt-1', other)).map((e) => e.seq),
          [seqB],
        );
        assert.deepEqual(
          (await store.getEvent('evt-1', psa)).map((e) => e.seq),
          [seqA],
        );
        assert.equal((await store.stats()).duplicatesRefused, 0);
      });

      storeTest('counts refused duplicates across batches in stats', async (store) => {
        assert.equal((await store.stats()).duplicatesRefused, 0);
        await store.ingest(
          at(1_000, timeApproved('evt-1', 1), timeApproved('evt-1', 1), timeApproved('evt-1', 1)),
        );
        assert.equal((await store.stats()).duplicatesRefused, 2);
        await store.ingest(at(2_000, timeApproved('evt-1', 1), timeApproved('evt-2', 2)));
        await store.ingest(at(3_000, timeApproved('evt-2', 2)));
        const stats = await store.stats();
        assert.equal(stats.duplicatesRefused, 4);
        assert.equal(stats.events.accepted, 2);
      });
    });

    describe('queues', () => {
      storeTest('claimAccepted takes one queue at a time, each in seq order', async (store) => {
        const [t1, r1, t2, p1] = (
          await store.ingest(
            at(
              1_000,
              timeApproved('evt-t1', 1),
              resourceUpdated('evt-r1', 1),
              timeApproved('evt-t2', 2),
              projectActivated('evt-p1', 1),
            ),
          )
        ).map(acceptedSeq);
        assert.deepEqual(
          (await store.claimAccepted(10, 'master')).map((e) => [e.seq, e.queue]),
          [
            [r1, 'master'],
            [p1, 'master'],
          ],
        );
        assert.deepEqual(
          (await store.claimAccepted(10, 'transactional')).map((e) => e.seq),
          [t1, t2],
        );
        assert.deepEqual(
          (await store.claimAccepted(10)).map((e) => e.seq),
          [t1, r1, t2, p1],
          'without a queue, every accepted event in seq order',
        );
      });

      storeTest('claimDeliveries and nextDueAt see only the queue asked for', async (store) => {
        await delivering(store, 'evt-p', [['P/provision', 'P', 'provisionProject']]);
        await delivering(store, 'evt-t', [['T-1/postings', 'P']]);
        assert.equal(await store.nextDueAt(erp, undefined, 'master'), 2_000);
        const master = await store.claimDeliveries(erp, 10, 2_000, 1_000, undefined, 'master');
        assert.deepEqual(
          master.map((d) => [d.idempotencyKey, d.queue]),
          [['P/provision', 'master']],
        );
        const transactional = await store.claimDeliveries(erp, 10, 2_000, 1_000, undefined, 'transactional');
        assert.deepEqual(
          transactional.map((d) => d.idempotencyKey),
          [],
          'the earlier row of its ordering key is in flight in the other queue: order holds across queues',
        );
        await store.completeDeliveries([ok(master[0]?.seq ?? 0, 'PRJ-1')], 2_100, noConfirmations);
        const after = await store.claimDeliveries(erp, 10, 2_200, 1_000, undefined, 'transactional');
        assert.deepEqual(
          after.map((d) => [d.idempotencyKey, d.queue]),
          [['T-1/postings', 'transactional']],
        );
      });

      storeTest(
        'decides master data at intake while transactions of an older backlog wait for the processor',
        async (store) => {
          const backlog = acceptedSeq((await store.ingest(at(1_000, timeApproved('evt-t1', 1))))[0]);
          const decider = intakeDecider(env);
          const [t2, r1] = await store.ingest(
            at(2_000, timeApproved('evt-t2', 1), resourceUpdated('evt-r1', 1)),
            decider,
          );
          assert.deepEqual(
            decider.decisions.map((d) => [d.seq, d.kind]),
            [[acceptedSeq(r1), 'complete']],
            'the resource is decided at once; the second approval waits behind the first',
          );
          assert.deepEqual(
            (await store.claimAccepted(10)).map((e) => e.seq),
            [backlog, acceptedSeq(t2)],
          );
        },
      );
    });

    describe('ingest with a decider (decide at intake)', () => {
      storeTest('decides new events in the intake transaction with the context they need', async (store) => {
        await store.ingest(at(1_000, projectActivated('evt-p', 1), resourceUpdated('evt-r', 1)));
        await processOnce(store, 1_100);
        await deliverAllOk(store, 1_200);
        const decider = intakeDecider(env);
        const [outcome, duplicate] = await store.ingest(
          at(2_000, timeApproved('evt-t', 1), timeApproved('evt-p', 1)),
          decider,
        );
        assert.equal(outcome?.status, 'accepted');
        assert.equal(duplicate?.status, 'duplicate', 'a duplicate is never decided');
        assert.deepEqual(
          decider.decisions.map((d) => [d.seq, d.kind]),
          [[acceptedSeq(outcome), 'deliver']],
        );
        assert.equal(await eventState(store, acceptedSeq(outcome)), 'delivering');
        assert.deepEqual(await store.claimAccepted(10), [], 'nothing is left for the processor');
        const [row] = await store.claimDeliveries(erp, 10, 2_100, 1_000);
        assert.equal(row?.idempotencyKey, `${timeEntryId(1)}/postings`);
        assert.equal(row.eventSeq, acceptedSeq(outcome));
      });

      storeTest('leaves new events to the processor while older ones await a decision', async (store) => {
        const older = await ingestOne(store, resourceUpdated('evt-r', 1), 1_000);
        const decider = intakeDecider(env);
        const [outcome] = await store.ingest(at(2_000, resourceUpdated('evt-r2', 2)), decider);
        assert.deepEqual(decider.decisions, []);
        assert.deepEqual(
          (await store.claimAccepted(10)).map((e) => e.seq),
          [older, acceptedSeq(outcome)],
          'both wait, in seq order',
        );
      });

      storeTest('writes decisions for new events only, under the seqs they were given', async (store) => {
        await store.ingest(at(1_000, resourceUpdated('evt-r1', 1)), intakeDecider(env));
        const decider = intakeDecider(env);
        const outcomes = await store.ingest(
          at(2_000, resourceUpdated('evt-r1', 1), resourceUpdated('evt-r2', 2)),
          decider,
        );
        assert.deepEqual(
          outcomes.map((o) => o.status),
          ['duplicate', 'accepted'],
        );
        assert.deepEqual(
          decider.decisions.map((d) => d.seq),
          [acceptedSeq(outcomes[1])],
        );
        assert.equal(await eventState(store, acceptedSeq(outcomes[1])), 'completed');
      });

      storeTest('keeps the events accepted when writing the decisions fails', async (store) => {
        const unwritable: IntakeDecider = {
          keys: () => ({ xrefs: [], master: [] }),
          // A queue the store does not know: the write is refused by the store, not by the rule.
          decide: (events) =>
            events.map((e) => ({
              seq: e.seq,
              kind: 'deliver' as const,
              deliveries: [{ ...delivery('T-9/postings', 'P'), queue: 'elsewhere' as 'master' }],
            })),
        };
        let discarded = false;
        const [outcome] = await store.ingest(at(1_000, timeApproved('evt-t9', 9)), {
          ...unwritable,
          discard: () => (discarded = true),
        });
        assert.equal(outcome?.status, 'accepted');
        assert.ok(discarded, 'the decider hears that its decisions were not written');
        assert.equal(await eventState(store, acceptedSeq(outcome)), 'accepted');
        assert.deepEqual((await store.stats()).deliveries, { pending: 0, delivered: 0, dead: 0 });
      });

      storeTest('keeps the events accepted when deciding throws', async (store) => {
        const failing: IntakeDecider = {
          keys: () => ({ xrefs: [], master: [] }),
          decide: () => {
            throw new Error('a rule failed');
          },
        };
        const [outcome] = await store.ingest(at(1_000, resourceUpdated('evt-r', 1)), failing);
        assert.equal(outcome?.status, 'accepted');
        assert.equal(await eventState(store, acceptedSeq(outcome)), 'accepted');
        assert.equal((await store.claimAccepted(10)).length, 1);
      });
    });

    describe('processing', () => {
      storeTest('claimAccepted answers accepted events oldest first, up to the limit', async (store) => {
        const seqs = (
          await store.ingest(
            at(1_000, timeApproved('evt-1', 1), timeApproved('evt-2', 2), timeApproved('evt-3', 3)),
          )
        ).map(acceptedSeq);
        const [s1, s2, s3] = seqs as [number, number, number];
        assert.deepEqual(
          (await store.claimAccepted(2)).map((e) => e.seq),
          [s1, s2],
        );
        await store.applyDecisions([{ seq: s1, kind: 'complete' }], 2_000);
        assert.deepEqual(
          (await store.claimAccepted(10)).map((e) => [e.seq, e.event.id]),
          [
            [s2, 'evt-2'],
            [s3, 'evt-3'],
          ],
        );
      });

      storeTest(
        'complete stores the state, time and upserts, which loadContext then answers',
        async (store) => {
          const seq = await ingestOne(store, resourceUpdated('evt-r', 1));
          const record = resourceRecord(1);
          await store.applyDecisions([{ seq, kind: 'complete', note: 'updated', upserts: [record] }], 2_500);
          const [stored] = await store.getEvent('evt-r');
          assert.equal(stored?.state, 'completed');
          assert.equal(stored?.completedAt, 2_500);
          const ctx = await store.loadContext({
            xrefs: [xrefKey(projectId(1), erp)],
            master: [masterKey('resource', resourceId(1)), masterKey('resource', resourceId(2))],
          });
          assert.equal(ctx.xrefs.size, 0);
          assert.deepEqual([...ctx.master.entries()], [[masterKey('resource', resourceId(1)), record]]);
        },
      );

      storeTest('deliver creates pending deliveries and puts the event in delivering', async (store) => {
        const seq = await delivering(store, 'evt-1', [
          ['k/billable-line', 'P', 'postTimeEntry'],
          ['k/cost', 'P', 'postTimeEntry'],
        ]);
        assert.equal(await eventState(store, seq), 'delivering');
        const rows = await deliveriesOf(store, seq);
        assert.deepEqual(
          rows.map((d) => ({
            eventSeq: d.eventSeq,
            target: d.target,
            kind: d.kind,
            queue: d.queue,
            orderingKey: d.orderingKey,
            idempotencyKey: d.idempotencyKey,
            payload: d.payload,
            state: d.state,
            attempts: d.attempts,
            runAt: d.runAt,
            lastError: d.lastError,
            reasonCode: d.reasonCode,
            externalRefs: d.externalRefs,
            deliveredAt: d.deliveredAt,
          })),
          [
            {
              eventSeq: seq,
              ...delivery('k/billable-line', 'P', 'postTimeEntry'),
              state: 'pending',
              attempts: 0,
              runAt: 2_000,
              lastError: null,
              reasonCode: null,
              externalRefs: [],
              deliveredAt: null,
            },
            {
              eventSeq: seq,
              ...delivery('k/cost', 'P', 'postTimeEntry'),
              state: 'pending',
              attempts: 0,
              runAt: 2_000,
              lastError: null,
              reasonCode: null,
              externalRefs: [],
              deliveredAt: null,
            },
          ],
        );
        assert.ok(rows[0] && rows[1] && rows[0].seq < rows[1].seq, 'deliveries keep their creation order');
        assert.deepEqual((await store.stats()).deliveries, { pending: 2, delivered: 0, dead: 0 });
      });

      storeTest(
        'deliver whose idempotency key already belongs to another event completes it without a second row',
        async (store) => {
          const first = await delivering(store, 'evt-1', [['T-1/cost', 'P']]);
          const second = await ingestOne(store, timeApproved('evt-2', 1));
          await store.applyDecisions(
            [{ seq: second, kind: 'deliver', deliveries: [delivery('T-1/cost', 'P')] }],
            3_000,
          );
          const [stored] = await store.getEvent('evt-2');
          assert.equal(stored?.state, 'completed');
          assert.equal(stored?.completedAt, 3_000);
          assert.deepEqual(await deliveriesOf(store, second), []);
          assert.equal((await deliveriesOf(store, first)).length, 1);
          assert.deepEqual((await store.stats()).deliveries, { pending: 1, delivered: 0, dead: 0 });
        },
      );

      storeTest(
        'park waits on a master record and is released when that record is upserted',
        async (store) => {
          const timeSeq = await ingestOne(store, timeApproved('evt-t', 1, { resource: 7 }));
          const awaiting = `awaiting ResourceUpdated ${resourceId(7)}`;
          await store.applyDecisions(
            [
              {
                seq: timeSeq,
                kind: 'park',
                dependency: { kind: 'master', objectKind: 'resource', id: resourceId(7), awaiting },
              },
            ],
            2_000,
          );
          const [parked] = await store.getEvent('evt-t');
          assert.equal(parked?.state, 'parked');
          assert.equal(parked?.reason, awaiting);
          assert.deepEqual(await store.claimAccepted(10), []);

          // A different resource releases nothing.
          const other = await ingestOne(store, resourceUpdated('evt-r8', 8));
          await store.applyDecisions([{ seq: other, kind: 'complete', upserts: [resourceRecord(8)] }], 2_500);
          assert.equal(await eventState(store, timeSeq), 'parked');

          const resourceSeq = await ingestOne(store, resourceUpdated('evt-r7', 7));
          await store.applyDecisions(
            [{ seq: resourceSeq, kind: 'complete', upserts: [resourceRecord(7)] }],
            3_000,
          );
          const [released] = await store.getEvent('evt-t');
          assert.equal(released?.state, 'accepted');
          assert.equal(released?.reason, null);
          assert.deepEqual(
            (await store.claimAccepted(10)).map((e) => e.seq),
            [timeSeq],
          );
        },
      );

      storeTest('park on an xref is released by a confirmation that releases its key', async (store) => {
        const projectSeq = await ingestOne(store, projectActivated('evt-p', 1));
        const timeSeq = await ingestOne(store, timeApproved('evt-t', 1));
        await store.applyDecisions(
          [
            {
              seq: projectSeq,
              kind: 'deliver',
              deliveries: [delivery(`${projectId(1)}/provision`, projectId(1), 'provisionProject')],
            },
            {
              seq: timeSeq,
              kind: 'park',
              dependency: {
                kind: 'xref',
                canonicalId: projectId(1),
                system: erp,
                awaiting: `awaiting ProjectProvisioned ${projectId(1)}`,
              },
            },
          ],
          2_000,
        );
        assert.equal(await eventState(store, timeSeq), 'parked');
        const [row] = await store.claimDeliveries(erp, 10, 2_000, 1_000);
        assert.ok(row);
        await store.completeDeliveries([ok(row.seq, 'PRJ-1')], 2_100, () => [
          provisionedConfirmation(projectSeq, 'evt-p', 1, 'PRJ-1'),
        ]);
        assert.equal(await eventState(store, timeSeq), 'accepted');
        const ctx = await store.loadContext({ xrefs: [xrefKey(projectId(1), erp)], master: [] });
        assert.equal(ctx.xrefs.get(xrefKey(projectId(1), erp)), 'PRJ-1');
      });

      storeTest(
        'park on a master record that already exists goes straight back to accepted',
        async (store) => {
          const r = await ingestOne(store, resourceUpdated('evt-r', 1));
          await store.applyDecisions([{ seq: r, kind: 'complete', upserts: [resourceRecord(1)] }], 1_500);
          const t = await ingestOne(store, timeApproved('evt-t', 1));
          await store.applyDecisions(
            [
              {
                seq: t,
                kind: 'park',
                dependency: { kind: 'master', objectKind: 'resource', id: resourceId(1), awaiting: 'x' },
              },
            ],
            2_000,
          );
          assert.equal(await eventState(store, t), 'accepted');
          assert.deepEqual(
            (await store.claimAccepted(10)).map((e) => e.seq),
            [t],
          );
        },
      );

      storeTest(
        'park on a master record as it was seen waits until the record changes, not merely exists',
        async (store) => {
          const r = await ingestOne(store, resourceUpdated('evt-r', 1));
          await store.applyDecisions([{ seq: r, kind: 'complete', upserts: [resourceRecord(1)] }], 1_500);
          const t = await ingestOne(store, timeApproved('evt-t', 1));
          const seen = JSON.stringify(resourceRecord(1).data);
          const dependency = {
            kind: 'master',
            objectKind: 'resource',
            id: resourceId(1),
            awaiting: 'x',
            seen,
          } as const;
          await store.applyDecisions([{ seq: t, kind: 'park', dependency }], 2_000);
          assert.equal(await eventState(store, t), 'parked');
          // A change of the record releases it: the rule decides again.
          const renamed = { ...resourceUpdated('r-1', 1).data, name: 'Renamed' };
          const changed: MasterRecord = { kind: 'resource', id: resourceId(1), data: renamed };
          const again = await ingestOne(store, resourceUpdated('evt-r2', 1));
          await store.applyDecisions([{ seq: again, kind: 'complete', upserts: [changed] }], 2_500);
          assert.equal(await eventState(store, t), 'accepted');
          // Parked on the record as it was before the change: the change already happened, straight back.
          await store.applyDecisions([{ seq: t, kind: 'park', dependency }], 3_000);
          assert.equal(await eventState(store, t), 'accepted');
        },
      );

      storeTest(
        'park on a master record upserted earlier in the same decisions goes straight back to accepted',
        async (store) => {
          const [r, t] = (
            await store.ingest(at(1_000, resourceUpdated('evt-r', 1), timeApproved('evt-t', 1)))
          ).map(acceptedSeq) as [number, number];
          await store.applyDecisions(
            [
              { seq: r, kind: 'complete', upserts: [resourceRecord(1)] },
              {
                seq: t,
                kind: 'park',
                dependency: { kind: 'master', objectKind: 'resource', id: resourceId(1), awaiting: 'x' },
              },
            ],
            2_000,
          );
          assert.equal(await eventState(store, t), 'accepted');
        },
      );

      storeTest('park on an xref that already exists goes straight back to accepted', async (store) => {
        const p = await delivering(store, 'evt-p', [
          [`${projectId(1)}/provision`, projectId(1), 'provisionProject'],
        ]);
        const [row] = await store.claimDeliveries(erp, 10, 2_000, 1_000);
        assert.ok(row);
        await store.completeDeliveries([ok(row.seq, 'PRJ-1')], 2_100, () => [
          provisionedConfirmation(p, 'evt-p', 1, 'PRJ-1'),
        ]);
        const t = await ingestOne(store, timeApproved('evt-t', 1));
        await store.applyDecisions(
          [
            {
              seq: t,
              kind: 'park',
              dependency: { kind: 'xref', canonicalId: projectId(1), system: erp, awaiting: 'x' },
            },
          ],
          3_000,
        );
        assert.equal(await eventState(store, t), 'accepted');
      });

      storeTest('park writes its upserts', async (store) => {
        const t = await ingestOne(store, timeApproved('evt-t', 1));
        await store.applyDecisions(
          [
            {
              seq: t,
              kind: 'park',
              dependency: { kind: 'master', objectKind: 'resource', id: resourceId(2), awaiting: 'x' },
              upserts: [resourceRecord(1)],
            },
          ],
          2_000,
        );
        assert.equal(await eventState(store, t), 'parked');
        const ctx = await store.loadContext({ xrefs: [], master: [masterKey('resource', resourceId(1))] });
        assert.deepEqual(ctx.master.get(masterKey('resource', resourceId(1))), resourceRecord(1));
      });

      storeTest('reject marks the event rejected and opens exactly one dead letter', async (store) => {
        const seq = await ingestOne(store, incompleteProjectActivated('evt-p', 1));
        const reject = {
          seq,
          kind: 'reject',
          reasonCode: 'readiness.project_incomplete',
          reason: 'currency is missing',
          detail: { missing: ['currency'] },
        } as const;
        await store.applyDecisions([reject], 2_000);
        const [stored] = await store.getEvent('evt-p');
        assert.equal(stored?.state, 'rejected');
        assert.equal(stored?.reasonCode, 'readiness.project_incomplete');
        assert.equal(stored?.reason, 'currency is missing');
        const open = await store.listDeadLetters({ state: 'open' });
        assert.equal(open.length, 1);
        const [letter] = open;
        assert.ok(letter);
        assert.deepEqual(
          { ...letter, id: 0 },
          {
            id: 0,
            eventSeq: seq,
            deliverySeq: null,
            reasonCode: 'readiness.project_incomplete',
            message: 'currency is missing',
            detail: { missing: ['currency'] },
            state: 'open',
            createdAt: 2_000,
            closedAt: null,
            note: null,
            eventId: 'evt-p',
            eventType: 'io.ledgerline.project.activated.v1',
            subject: projectId(1),
          },
        );
        await store.applyDecisions([reject], 3_000);
        assert.equal((await store.listDeadLetters({ state: 'open' })).length, 1);
        assert.equal((await store.stats()).deadLettersOpen, 1);
      });
    });

    describe('claimDeliveries', () => {
      storeTest('with lanes, each deliverer gets exactly the ordering keys of its lanes', async (store) => {
        const keys = ['P-1', 'P-2', 'P-3', 'P-4', 'P-5', 'P-6', 'P-7', 'P-8'];
        await delivering(
          store,
          'evt-lanes',
          keys.map((k): [string, string] => [`${k}/cost`, k]),
        );
        const zero = await store.claimDeliveries(erp, 100, 2_000, 1_000, { of: 2, index: 0 });
        const one = await store.claimDeliveries(erp, 100, 2_000, 1_000, { of: 2, index: 1 });
        assert.deepEqual(
          zero.map((d) => d.orderingKey).sort(),
          keys.filter((k) => laneOf(k) % 2 === 0).sort(),
        );
        assert.deepEqual(
          one.map((d) => d.orderingKey).sort(),
          keys.filter((k) => laneOf(k) % 2 === 1).sort(),
        );
        assert.equal(zero.length + one.length, keys.length, 'every key is in exactly one share');
        assert.ok(zero.length > 0 && one.length > 0, 'the hash spreads these keys over both shares');
      });

      storeTest('leases due deliveries of the target oldest first, up to the limit', async (store) => {
        await delivering(store, 'evt-1', [
          ['a1', 'A'],
          ['b1', 'B'],
          ['c1', 'C'],
        ]);
        await delivering(store, 'evt-2', [['other', 'A', 'postTimeEntry', 'another-erp']]);
        const first = await store.claimDeliveries(erp, 2, 2_000, 1_000);
        assert.deepEqual(
          first.map((d) => d.idempotencyKey),
          ['a1', 'b1'],
        );
        const rest = await store.claimDeliveries(erp, 10, 2_000, 1_000);
        assert.deepEqual(
          rest.map((d) => d.idempotencyKey),
          ['c1'],
        );
        assert.deepEqual(await store.claimDeliveries(erp, 10, 2_500, 1_000), []);
        assert.deepEqual(
          (await store.claimDeliveries('another-erp', 10, 2_000, 1_000)).map((d) => d.idempotencyKey),
          ['other'],
        );
      });

      storeTest('does not claim a delivery before its run time', async (store) => {
        await delivering(store, 'evt-1', [['a1', 'A']], 5_000);
        assert.deepEqual(await store.claimDeliveries(erp, 10, 4_999, 1_000), []);
        assert.equal((await store.claimDeliveries(erp, 10, 5_000, 1_000)).length, 1);
      });

      storeTest('an expired lease makes the delivery claimable again', async (store) => {
        await delivering(store, 'evt-1', [['a1', 'A']]);
        assert.equal((await store.claimDeliveries(erp, 10, 2_000, 1_000)).length, 1);
        assert.deepEqual(await store.claimDeliveries(erp, 10, 2_999, 1_000), []);
        const again = await store.claimDeliveries(erp, 10, 3_000, 1_000);
        assert.deepEqual(
          again.map((d) => d.idempotencyKey),
          ['a1'],
        );
      });

      storeTest(
        'while an earlier delivery of a key is leased, later ones of that key wait and other keys go',
        async (store) => {
          await delivering(store, 'evt-1', [['a1', 'A']]);
          const [a1] = await store.claimDeliveries(erp, 1, 2_000, 1_000);
          assert.equal(a1?.idempotencyKey, 'a1');
          await delivering(store, 'evt-2', [
            ['a2', 'A'],
            ['b1', 'B'],
            ['a3', 'A'],
          ]);
          assert.deepEqual(
            (await store.claimDeliveries(erp, 10, 2_100, 1_000)).map((d) => d.idempotencyKey),
            ['b1'],
          );
          assert.ok(a1);
          await store.completeDeliveries([ok(a1.seq, 'X-a1')], 2_200, noConfirmations);
          assert.deepEqual(
            (await store.claimDeliveries(erp, 10, 2_300, 1_000)).map((d) => d.idempotencyKey),
            ['a2', 'a3'],
          );
        },
      );

      storeTest(
        'while an earlier delivery of a key waits to retry, later ones of that key wait and other keys go',
        async (store) => {
          await delivering(store, 'evt-1', [
            ['a1', 'A'],
            ['a2', 'A'],
            ['b1', 'B'],
          ]);
          const claimed = await store.claimDeliveries(erp, 10, 2_000, 1_000);
          assert.deepEqual(
            claimed.map((d) => d.idempotencyKey),
            ['a1', 'a2', 'b1'],
          );
          const [a1, a2, b1] = claimed as [StoredDelivery, StoredDelivery, StoredDelivery];
          await store.completeDeliveries(
            [
              { seq: a1.seq, outcome: 'retry', runAt: 10_000, reasonCode: 'target.busy', message: '503' },
              { seq: a2.seq, outcome: 'retry', runAt: 2_500, reasonCode: 'target.busy', message: '503' },
              { seq: b1.seq, outcome: 'retry', runAt: 2_500, reasonCode: 'target.busy', message: '503' },
            ],
            2_100,
            noConfirmations,
          );
          // a2 is due, but a1 (earlier, same key) is not yet: only b1 may go.
          const [again] = await store.claimDeliveries(erp, 10, 3_000, 1_000);
          assert.equal(again?.idempotencyKey, 'b1');
          assert.ok(again);
          await store.completeDeliveries([ok(again.seq, 'X-b1')], 3_100, noConfirmations);
          assert.deepEqual(await store.claimDeliveries(erp, 10, 9_999, 1_000), []);
          assert.deepEqual(
            (await store.claimDeliveries(erp, 10, 10_000, 1_000)).map((d) => d.idempotencyKey),
            ['a1', 'a2'],
          );
        },
      );

      storeTest('releaseLeases makes every leased delivery claimable at once', async (store) => {
        await delivering(store, 'evt-1', [
          ['a1', 'A'],
          ['b1', 'B'],
          ['c1', 'C'],
        ]);
        const claimed = await store.claimDeliveries(erp, 2, 2_000, 60_000);
        assert.equal(claimed.length, 2);
        assert.equal(await store.releaseLeases(), 2);
        assert.deepEqual(
          (await store.claimDeliveries(erp, 10, 2_001, 60_000)).map((d) => d.idempotencyKey),
          ['a1', 'b1', 'c1'],
        );
        assert.equal(await store.releaseLeases(), 3);
        assert.equal(await store.releaseLeases(), 0);
      });

      storeTest(
        'nextDueAt answers when the earliest pending delivery of the target is due',
        async (store) => {
          assert.equal(await store.nextDueAt(erp), null);
          await delivering(store, 'evt-1', [['a1', 'A']], 2_000);
          assert.equal(await store.nextDueAt(erp), 2_000);
          assert.equal(await store.nextDueAt('another-erp'), null);
          const [a1] = await store.claimDeliveries(erp, 10, 2_000, 1_000);
          assert.ok(a1);
          assert.equal(await store.nextDueAt(erp), 3_000, 'a leased delivery is due when its lease ends');
          await store.completeDeliveries(
            [{ seq: a1.seq, outcome: 'retry', runAt: 7_000, reasonCode: 'target.busy', message: '503' }],
            2_100,
            noConfirmations,
          );
          assert.equal(await store.nextDueAt(erp), 7_000);
          await delivering(store, 'evt-2', [['b1', 'B']], 4_000);
          assert.equal(await store.nextDueAt(erp), 4_000);
          const [b1] = await store.claimDeliveries(erp, 10, 4_000, 1_000);
          assert.equal(b1?.idempotencyKey, 'b1');
          assert.ok(b1);
          await store.completeDeliveries([ok(b1.seq, 'X-b1')], 4_100, noConfirmations);
          assert.equal(await store.nextDueAt(erp), 7_000);
          const [again] = await store.claimDeliveries(erp, 10, 7_000, 1_000);
          assert.ok(again);
          await store.completeDeliveries([ok(again.seq, 'X-a1')], 7_100, noConfirmations);
          assert.equal(await store.nextDueAt(erp), null);
        },
      );
    });

    describe('completeDeliveries', () => {
      storeTest(
        'ok stores the external id; the event completes only when all its deliveries are ok',
        async (store) => {
          const seq = await delivering(store, 'evt-1', [
            ['T-1/billable-line', 'P', 'postTimeEntry'],
            ['T-1/cost', 'P'],
          ]);
          const [line, cost] = (await store.claimDeliveries(erp, 10, 2_000, 1_000)) as [
            StoredDelivery,
            StoredDelivery,
          ];
          const calls: (readonly CompletedEvent[])[] = [];
          const record = (completed: readonly CompletedEvent[]): Confirmation[] => {
            calls.push(completed);
            return [];
          };
          await store.completeDeliveries([ok(line.seq, 'JL-1')], 2_100, record);
          assert.equal(await eventState(store, seq), 'delivering');
          assert.equal(
            calls.flat().length,
            0,
            'confirm receives no event while one of its deliveries is pending',
          );
          const [storedLine] = await deliveriesOf(store, seq);
          assert.equal(storedLine?.state, 'delivered');
          assert.deepEqual(storedLine?.externalRefs, [{ key: 'command', externalId: 'JL-1' }]);
          assert.equal(storedLine?.deliveredAt, 2_100);
          assert.equal(storedLine?.attempts, 1);

          await store.completeDeliveries([ok(cost.seq, 'JL-2')], 2_200, record);
          const [stored] = await store.getEvent('evt-1');
          assert.equal(stored?.state, 'completed');
          assert.equal(stored?.completedAt, 2_200);
          const completed = calls.flat();
          assert.equal(completed.length, 1);
          assert.equal(completed[0]?.seq, seq);
          assert.equal(completed[0]?.event.id, 'evt-1');
          assert.deepEqual(
            completed[0]?.deliveries.map((d) => [d.idempotencyKey, d.state, d.externalRefs[0]?.externalId]),
            [
              ['T-1/billable-line', 'delivered', 'JL-1'],
              ['T-1/cost', 'delivered', 'JL-2'],
            ],
          );
        },
      );

      storeTest('confirm receives exactly the events completed in that call', async (store) => {
        const one = await delivering(store, 'evt-1', [['k1', 'A']]);
        const two = await delivering(store, 'evt-2', [
          ['k2', 'B'],
          ['k3', 'B'],
        ]);
        const three = await delivering(store, 'evt-3', [['k4', 'C']]);
        const rows = await store.claimDeliveries(erp, 10, 2_000, 1_000);
        const bySeqKey = new Map(rows.map((r) => [r.idempotencyKey, r.seq]));
        const seqOf = (k: string): number => bySeqKey.get(k) ?? assert.fail(`no delivery ${k}`);
        let seen: number[] = [];
        await store.completeDeliveries(
          [ok(seqOf('k1'), 'X1'), ok(seqOf('k2'), 'X2'), ok(seqOf('k4'), 'X4')],
          2_100,
          (completed) => {
            seen = seen.concat(completed.map((c) => c.seq));
            return [];
          },
        );
        assert.deepEqual(
          [...seen].sort((a, b) => a - b),
          [one, three],
        );
        seen = [];
        await store.completeDeliveries([ok(seqOf('k3'), 'X3')], 2_200, (completed) => {
          seen = seen.concat(completed.map((c) => c.seq));
          return [];
        });
        assert.deepEqual(seen, [two]);
      });

      storeTest(
        'confirmations are stored completed, linked to their cause, with their xrefs',
        async (store) => {
          const seq = await ingestOne(store, projectActivated('evt-p', 1));
          await store.applyDecisions(
            [
              {
                seq,
                kind: 'deliver',
                deliveries: [delivery(`${projectId(1)}/provision`, projectId(1), 'provisionProject')],
              },
            ],
            2_000,
          );
          const [row] = await store.claimDeliveries(erp, 10, 2_000, 1_000);
          assert.ok(row);
          const confirmation = provisionedConfirmation(seq, 'evt-p', 1, 'PRJ-381');
          await store.completeDeliveries([ok(row.seq, 'PRJ-381')], 2_100, () => [confirmation]);

          const [stored, ...more] = await store.getEvent(confirmation.event.id, 'ledgerline');
          assert.equal(more.length, 0);
          assert.ok(stored);
          assert.equal(stored.state, 'completed');
          assert.deepEqual(stored.event, confirmation.event);
          assert.equal(stored.completedAt, 2_100);

          const lineage = await store.lineage(seq);
          assert.ok(lineage);
          assert.deepEqual(
            lineage.caused.map((c) => c.seq),
            [stored.seq],
          );
          assert.equal(lineage.causedBy, null);
          assert.deepEqual(lineage.xrefs, [
            { canonicalId: projectId(1), system: erp, externalId: 'PRJ-381' },
          ]);
          const back = await store.lineage(stored.seq);
          assert.equal(back?.causedBy?.seq, seq);
          assert.deepEqual(back?.caused, []);

          const ctx = await store.loadContext({ xrefs: [xrefKey(projectId(1), erp)], master: [] });
          assert.equal(ctx.xrefs.get(xrefKey(projectId(1), erp)), 'PRJ-381');
          // Confirmations are recorded, not decided again.
          assert.deepEqual(await store.claimAccepted(10), []);
        },
      );

      storeTest('applying the same ok result twice changes nothing and confirms once', async (store) => {
        const seq = await delivering(store, 'evt-1', [['k1', 'A']]);
        const [row] = await store.claimDeliveries(erp, 10, 2_000, 1_000);
        assert.ok(row);
        let calls = 0;
        const confirm = (completed: readonly CompletedEvent[]): Confirmation[] => {
          calls += completed.length;
          return [];
        };
        await store.completeDeliveries([ok(row.seq, 'X-1')], 2_100, confirm);
        const before = await store.lineage(seq);
        const statsBefore = await store.stats();
        await store.completeDeliveries([ok(row.seq, 'X-other')], 9_000, confirm);
        assert.equal(calls, 1);
        assert.deepEqual(await store.lineage(seq), before);
        assert.deepEqual(await store.stats(), statsBefore);
        assert.equal(before?.deliveries[0]?.externalRefs[0]?.externalId, 'X-1');
        assert.equal(before?.event.completedAt, 2_100);
      });

      storeTest('the same ok twice in one call completes and confirms once', async (store) => {
        await delivering(store, 'evt-1', [['k1', 'A']]);
        const [row] = await store.claimDeliveries(erp, 10, 2_000, 1_000);
        assert.ok(row);
        let calls = 0;
        await store.completeDeliveries([ok(row.seq, 'X-1'), ok(row.seq, 'X-1')], 2_100, (completed) => {
          calls += completed.length;
          return [];
        });
        assert.equal(calls, 1);
        const stats = await store.stats();
        assert.equal(stats.deliveryAttempts, 1);
        assert.equal(stats.events.completed, 1);
      });

      storeTest('retry counts the attempt, stores the error and schedules the next run', async (store) => {
        const seq = await delivering(store, 'evt-1', [['k1', 'A']]);
        const [row] = await store.claimDeliveries(erp, 10, 2_000, 1_000);
        assert.ok(row);
        await store.completeDeliveries(
          [{ seq: row.seq, outcome: 'retry', runAt: 4_000, reasonCode: 'target.throttled', message: '429' }],
          2_100,
          noConfirmations,
        );
        const [stored] = await deliveriesOf(store, seq);
        assert.equal(stored?.state, 'pending');
        assert.equal(stored?.attempts, 1);
        assert.equal(stored?.runAt, 4_000);
        assert.equal(stored?.lastError, '429');
        assert.equal(stored?.reasonCode, 'target.throttled');
        assert.equal(await eventState(store, seq), 'delivering');
        assert.deepEqual(await store.claimDeliveries(erp, 10, 3_999, 1_000), []);
        const [again] = await store.claimDeliveries(erp, 10, 4_000, 1_000);
        assert.ok(again);
        await store.completeDeliveries(
          [
            {
              seq: again.seq,
              outcome: 'retry',
              runAt: 8_000,
              reasonCode: 'target.throttled',
              message: '429',
            },
          ],
          4_100,
          noConfirmations,
        );
        assert.equal((await deliveriesOf(store, seq))[0]?.attempts, 2);
        assert.equal((await store.stats()).deliveryAttempts, 2);
      });

      storeTest(
        'dead kills the delivery and the event and opens a dead letter naming the delivery',
        async (store) => {
          const seq = await delivering(store, 'evt-1', [
            ['k1', 'A'],
            ['k2', 'A'],
          ]);
          const [row] = await store.claimDeliveries(erp, 1, 2_000, 1_000);
          assert.ok(row);
          await store.completeDeliveries(
            [{ seq: row.seq, outcome: 'dead', reasonCode: 'target.rejected', message: 'unknown project' }],
            2_100,
            noConfirmations,
          );
          const [dead] = await deliveriesOf(store, seq);
          assert.equal(dead?.state, 'dead');
          assert.equal(dead?.attempts, 1);
          assert.equal(dead?.reasonCode, 'target.rejected');
          assert.equal(dead?.lastError, 'unknown project');
          const [stored] = await store.getEvent('evt-1');
          assert.equal(stored?.state, 'dead');
          assert.equal(stored?.reasonCode, 'target.rejected');
          const open = await store.listDeadLetters({ state: 'open' });
          assert.deepEqual(
            open.map((d) => [d.eventSeq, d.deliverySeq, d.reasonCode, d.message, d.createdAt, d.eventId]),
            [[seq, row.seq, 'target.rejected', 'unknown project', 2_100, 'evt-1']],
          );
          assert.equal((await store.stats()).deadLettersOpen, 1);
          // A dead row no longer holds back the rest of its key.
          assert.deepEqual(
            (await store.claimDeliveries(erp, 10, 2_200, 1_000)).map((d) => d.idempotencyKey),
            ['k2'],
          );
          await store.completeDeliveries(
            [{ seq: row.seq, outcome: 'dead', reasonCode: 'target.rejected', message: 'again' }],
            2_300,
            noConfirmations,
          );
          assert.equal((await store.listDeadLetters({})).length, 1, 'a second dead result opens nothing');
        },
      );

      storeTest(
        'supersedesRejectionsOf resolves open readiness dead letters of that subject only',
        async (store) => {
          const [rejected, otherRejected] = (
            await store.ingest(
              at(1_000, incompleteProjectActivated('evt-p1', 1), incompleteProjectActivated('evt-p2', 2)),
            )
          ).map(acceptedSeq) as [number, number];
          await store.applyDecisions(
            [rejected, otherRejected].map((seq) => ({
              seq,
              kind: 'reject' as const,
              reasonCode: 'readiness.project_incomplete',
              reason: 'incomplete',
            })),
            1_500,
          );
          const fixed = await ingestOne(store, projectActivated('evt-p1-fixed', 1));
          await store.applyDecisions(
            [
              {
                seq: fixed,
                kind: 'deliver',
                deliveries: [delivery(`${projectId(1)}/provision`, projectId(1), 'provisionProject')],
              },
            ],
            2_000,
          );
          const [row] = await store.claimDeliveries(erp, 10, 2_000, 1_000);
          assert.ok(row);
          const confirmation = provisionedConfirmation(fixed, 'evt-p1-fixed', 1, 'PRJ-1');
          await store.completeDeliveries([ok(row.seq, 'PRJ-1')], 2_100, () => [confirmation]);

          const resolved = await store.listDeadLetters({ state: 'resolved' });
          assert.equal(resolved.length, 1);
          assert.equal(resolved[0]?.eventSeq, rejected);
          assert.equal(resolved[0]?.closedAt, 2_100);
          assert.match(resolved[0]?.note ?? '', new RegExp(confirmation.event.id.replaceAll('.', '\\.')));
          assert.deepEqual(
            (await store.listDeadLetters({ state: 'open' })).map((d) => d.eventSeq),
            [otherRejected],
          );
        },
      );
    });

    describe('dead letters', () => {
      async function withDeadDelivery(store: Store): Promise<{ seq: number; row: StoredDelivery }> {
        const seq = await delivering(store, 'evt-1', [['k1', 'A']]);
        const [row] = await store.claimDeliveries(erp, 10, 2_000, 1_000);
        assert.ok(row);
        await store.completeDeliveries(
          [{ seq: row.seq, outcome: 'dead', reasonCode: 'target.rejected', message: 'no' }],
          2_100,
          noConfirmations,
        );
        return { seq, row };
      }

      async function withRejection(store: Store, eventId: string, project: number): Promise<number> {
        const seq = await ingestOne(store, incompleteProjectActivated(eventId, project));
        await store.applyDecisions(
          [{ seq, kind: 'reject', reasonCode: 'readiness.project_incomplete', reason: 'incomplete' }],
          1_500,
        );
        return seq;
      }

      storeTest('lists dead letters by state, oldest first, up to a limit', async (store) => {
        const a = await withRejection(store, 'evt-a', 1);
        const b = await withRejection(store, 'evt-b', 2);
        const c = await withRejection(store, 'evt-c', 3);
        const all = await store.listDeadLetters({});
        assert.deepEqual(
          all.map((d) => d.eventSeq),
          [a, b, c],
        );
        const [first, second] = all;
        assert.ok(first && second);
        assert.equal(await store.resolveDeadLetter(second.id, 'fixed by hand', 3_000), true);
        assert.deepEqual(
          (await store.listDeadLetters({ state: 'open' })).map((d) => d.eventSeq),
          [a, c],
        );
        assert.deepEqual(
          (await store.listDeadLetters({ state: 'resolved' })).map((d) => d.eventSeq),
          [b],
        );
        assert.deepEqual(await store.listDeadLetters({ state: 'retried' }), []);
        assert.deepEqual(
          (await store.listDeadLetters({ limit: 2 })).map((d) => d.eventSeq),
          [a, b],
        );
      });

      storeTest(
        'retrying a delivery dead letter makes the delivery pending again from zero',
        async (store) => {
          const { seq, row } = await withDeadDelivery(store);
          const [letter] = await store.listDeadLetters({ state: 'open' });
          assert.ok(letter);
          assert.equal(await store.retryDeadLetter(letter.id, 5_000), true);
          const [retried] = await store.listDeadLetters({ state: 'retried' });
          assert.equal(retried?.id, letter.id);
          assert.equal(retried?.closedAt, 5_000);
          const [pending] = await deliveriesOf(store, seq);
          assert.equal(pending?.state, 'pending');
          assert.equal(pending?.attempts, 0);
          assert.equal(pending?.seq, row.seq);
          assert.equal(await eventState(store, seq), 'delivering');
          assert.equal((await store.stats()).deadLettersOpen, 0);

          const [again] = await store.claimDeliveries(erp, 10, 5_000, 1_000);
          assert.equal(again?.seq, row.seq);
          assert.ok(again);
          await store.completeDeliveries([ok(again.seq, 'X-1')], 5_100, noConfirmations);
          assert.equal(await eventState(store, seq), 'completed');
        },
      );

      storeTest('retrying a rejection dead letter sends the event to be decided again', async (store) => {
        const seq = await withRejection(store, 'evt-p', 1);
        const [letter] = await store.listDeadLetters({ state: 'open' });
        assert.ok(letter);
        assert.equal(await store.retryDeadLetter(letter.id, 5_000), true);
        const [stored] = await store.getEvent('evt-p');
        assert.equal(stored?.state, 'accepted');
        assert.equal(stored?.reasonCode, null);
        assert.deepEqual(
          (await store.claimAccepted(10)).map((e) => e.seq),
          [seq],
        );
        // Rejected again: a new open dead letter, the retried one stays closed.
        await store.applyDecisions(
          [{ seq, kind: 'reject', reasonCode: 'readiness.project_incomplete', reason: 'still incomplete' }],
          6_000,
        );
        assert.deepEqual(
          (await store.listDeadLetters({})).map((d) => [d.state, d.message]),
          [
            ['retried', 'incomplete'],
            ['open', 'still incomplete'],
          ],
        );
      });

      storeTest('retry or resolve of a dead letter that is not open answers false', async (store) => {
        await withRejection(store, 'evt-a', 1);
        await withRejection(store, 'evt-b', 2);
        const [a, b] = await store.listDeadLetters({});
        assert.ok(a && b);
        assert.equal(await store.retryDeadLetter(a.id, 3_000), true);
        assert.equal(await store.retryDeadLetter(a.id, 3_100), false);
        assert.equal(await store.resolveDeadLetter(a.id, 'late note', 3_200), false);
        assert.equal(await store.resolveDeadLetter(b.id, 'done', 3_300), true);
        assert.equal(await store.resolveDeadLetter(b.id, 'twice', 3_400), false);
        assert.equal(await store.retryDeadLetter(b.id, 3_500), false);
        assert.equal(await store.retryDeadLetter(999_999, 3_600), false);
        assert.equal(await store.resolveDeadLetter(999_999, 'none', 3_700), false);
        const [closedA, closedB] = await store.listDeadLetters({});
        assert.equal(closedA?.state, 'retried');
        assert.equal(closedA?.note, null);
        assert.equal(closedB?.note, 'done');
        assert.equal(closedB?.closedAt, 3_300);
        // Retrying after resolve did not send the event back.
        assert.equal((await store.getEvent('evt-b'))[0]?.state, 'rejected');
      });

      storeTest('resolve stores the note and leaves the event as it was', async (store) => {
        const { seq } = await withDeadDelivery(store);
        const [letter] = await store.listDeadLetters({ state: 'open' });
        assert.ok(letter);
        assert.equal(await store.resolveDeadLetter(letter.id, 'posted by hand as JL-9', 4_000), true);
        const [resolved] = await store.listDeadLetters({ state: 'resolved' });
        assert.equal(resolved?.note, 'posted by hand as JL-9');
        assert.equal(resolved?.closedAt, 4_000);
        assert.equal(await eventState(store, seq), 'dead');
        assert.equal((await store.lineage(seq))?.deadLetters[0]?.note, 'posted by hand as JL-9');
      });
    });

    describe('replay', () => {
      /** A project provisioned end to end with the real rules; answers its seq. */
      async function provisioned(store: Store, eventId: string, project: number): Promise<number> {
        const seq = await ingestOne(store, projectActivated(eventId, project));
        await processOnce(store, 2_000);
        await deliverAllOk(store, 2_100);
        assert.equal(await eventState(store, seq), 'completed');
        return seq;
      }

      storeTest('by event id sends a finished event back to be decided, counting replays', async (store) => {
        const seq = await provisioned(store, 'evt-p', 1);
        assert.equal(await store.replay({ eventIds: ['evt-p'], redeliver: false }, 3_000), 1);
        const [stored] = await store.getEvent('evt-p');
        assert.equal(stored?.state, 'accepted');
        assert.equal(stored?.replays, 1);
        assert.equal(stored?.completedAt, null);
        await processOnce(store, 3_100);
        assert.equal(await eventState(store, seq), 'completed');
        assert.equal(await store.replay({ eventIds: ['evt-p'], redeliver: false }, 4_000), 1);
        assert.equal((await store.getEvent('evt-p'))[0]?.replays, 2);
        assert.equal(await store.replay({ eventIds: ['evt-unknown'], redeliver: false }, 4_000), 0);
      });

      storeTest('by seq range replays the finished events within it', async (store) => {
        const p1 = await provisioned(store, 'evt-p1', 1);
        const p2 = await provisioned(store, 'evt-p2', 2);
        const p3 = await provisioned(store, 'evt-p3', 3);
        assert.equal(await store.replay({ fromSeq: p2, toSeq: p3, redeliver: false }, 3_000), 2);
        assert.equal(await eventState(store, p1), 'completed');
        assert.equal(await eventState(store, p2), 'accepted');
        assert.equal(await eventState(store, p3), 'accepted');
        await processOnce(store, 3_100);
        assert.equal(await store.replay({ fromSeq: p3, redeliver: false }, 3_200), 1);
        assert.equal(await store.replay({ toSeq: p1, redeliver: false }, 3_300), 1);
      });

      storeTest('filters by type', async (store) => {
        await provisioned(store, 'evt-p', 1);
        const r = await ingestOne(store, resourceUpdated('evt-r', 1));
        await processOnce(store, 3_000);
        assert.equal(await eventState(store, r), 'completed');
        assert.equal(
          await store.replay(
            { fromSeq: 0, types: ['io.ledgerline.resource.updated.v1'], redeliver: false },
            4_000,
          ),
          1,
        );
        assert.deepEqual(
          (await store.claimAccepted(10)).map((e) => e.seq),
          [r],
        );
      });

      storeTest('does not replay confirmations, or events still in flight', async (store) => {
        const seq = await provisioned(store, 'evt-p', 1);
        const [confirmation] = (await store.lineage(seq))?.caused ?? [];
        assert.ok(confirmation);
        assert.equal(await store.replay({ eventIds: [confirmation.event.id], redeliver: true }, 3_000), 0);
        const parkedSeq = await ingestOne(store, timeApproved('evt-t', 1, { resource: 9 }));
        const acceptedSeqValue = await ingestOne(store, resourceUpdated('evt-r', 2));
        await processOnce(store, 3_000, 1);
        assert.equal(await eventState(store, parkedSeq), 'parked');
        assert.equal(await eventState(store, acceptedSeqValue), 'accepted');
        assert.equal(await store.replay({ fromSeq: 0, redeliver: true }, 3_100), 1);
        assert.equal(await eventState(store, seq), 'accepted');
        assert.equal(await eventState(store, confirmation.seq), 'completed');
        assert.equal(await eventState(store, parkedSeq), 'parked');
        assert.equal((await store.lineage(confirmation.seq))?.event.replays, 0);
      });

      storeTest(
        'with redeliver, delivered deliveries are pending again with the same keys',
        async (store) => {
          const seq = await provisioned(store, 'evt-p', 1);
          const before = await deliveriesOf(store, seq);
          assert.deepEqual(
            before.map((d) => d.state),
            ['delivered'],
          );
          assert.equal(await store.replay({ eventIds: ['evt-p'], redeliver: true }, 3_000), 1);
          const after = await deliveriesOf(store, seq);
          assert.deepEqual(
            after.map((d) => [d.seq, d.idempotencyKey, d.state, d.attempts]),
            before.map((d) => [d.seq, d.idempotencyKey, 'pending', 0]),
          );
          assert.deepEqual((await store.stats()).deliveries, { pending: 1, delivered: 0, dead: 0 });
          const pushed = await store.claimDeliveries(erp, 10, 3_000, 1_000);
          assert.deepEqual(
            pushed.map((d) => d.idempotencyKey),
            [`${projectId(1)}/provision`],
          );
        },
      );

      storeTest('without redeliver nothing is sent again', async (store) => {
        const seq = await provisioned(store, 'evt-p', 1);
        assert.equal(await store.replay({ eventIds: ['evt-p'], redeliver: false }, 3_000), 1);
        assert.deepEqual(
          (await deliveriesOf(store, seq)).map((d) => d.state),
          ['delivered'],
        );
        assert.deepEqual(await store.claimDeliveries(erp, 10, 3_000, 1_000), []);
        assert.equal(await store.nextDueAt(erp), null);
      });

      storeTest('a replayed time entry is re-posted with the same keys and confirmed once', async (store) => {
        await provisioned(store, 'evt-p', 1);
        const r = await ingestOne(store, resourceUpdated('evt-r', 1));
        const t = await ingestOne(store, timeApproved('evt-t', 1));
        await processOnce(store, 3_000);
        await deliverAllOk(store, 3_100);
        assert.equal(await eventState(store, r), 'completed');
        assert.equal(await eventState(store, t), 'completed');
        const first = await store.lineage(t);
        assert.equal(first?.caused.length, 1);

        assert.equal(await store.replay({ eventIds: ['evt-t'], redeliver: true }, 4_000), 1);
        await processOnce(store, 4_100);
        assert.equal(await eventState(store, t), 'delivering');
        const pushed = await deliverAllOk(store, 4_200);
        assert.deepEqual(
          pushed.map((d) => d.idempotencyKey),
          [`${timeEntryId(1)}/postings`],
        );
        assert.deepEqual(
          pushed.flatMap((d) => commandsOf(d).map((c) => c.idempotencyKey)),
          [`${timeEntryId(1)}/billable-line`, `${timeEntryId(1)}/cost`],
          'the replay sends the same command keys, so the ERP replays instead of posting twice',
        );
        const second = await store.lineage(t);
        assert.ok(second);
        assert.equal(second.event.state, 'completed');
        assert.equal(second.event.replays, 1);
        assert.deepEqual(
          second.deliveries.map((d) => d.seq),
          first?.deliveries.map((d) => d.seq),
        );
        assert.deepEqual(
          second.caused.map((c) => c.seq),
          first?.caused.map((c) => c.seq),
        );
        assert.deepEqual((await store.stats()).deliveries, { pending: 0, delivered: 2, dead: 0 });
      });
    });

    describe('leases and budgets', () => {
      storeTest(
        'a rate budget starts full, refills at its rate up to its burst, and may be owed',
        async (store) => {
          const budget = { perSecond: 10, burst: 5 };
          assert.equal(
            await store.spendBudget('deliveries:erp', 0, budget, 1_000),
            5,
            'starts with the burst',
          );
          assert.equal(await store.spendBudget('deliveries:erp', 4, budget, 1_000), 1);
          assert.equal(await store.spendBudget('deliveries:erp', 3, budget, 1_000), -2, 'spent beyond: owed');
          // 10 per second: 300 ms later three more tokens, which pay the debt back and leave one.
          assert.equal(await store.spendBudget('deliveries:erp', 0, budget, 1_300), 1);
          assert.equal(
            await store.spendBudget('deliveries:erp', 0, budget, 60_000),
            5,
            'never above the burst',
          );
          assert.equal(
            await store.spendBudget('deliveries:other', 1, budget, 60_000),
            4,
            'one bucket per name',
          );
        },
      );
      storeTest('a named lease is held by its owner and renewed', async (store) => {
        assert.equal(await store.holdLease('decide:master', 'me', 1_000, 5_000), true);
        assert.equal(await store.holdLease('decide:master', 'me', 2_000, 5_000), true);
      });
    });

    describe('history', () => {
      storeTest('cursors are undefined until set, then answer the latest value', async (store) => {
        assert.equal(await store.getCursor('sandbox-psa:changes'), undefined);
        await store.setCursor('sandbox-psa:changes', 'c-1');
        await store.setCursor('other:changes', 'o-1');
        await store.setCursor('sandbox-psa:changes', 'c-2');
        assert.equal(await store.getCursor('sandbox-psa:changes'), 'c-2');
        assert.equal(await store.getCursor('other:changes'), 'o-1');
      });

      storeTest(
        'latencies are completion minus intake of completed originals of the given types',
        async (store) => {
          const [r1, r2, t] = (
            await store.ingest([
              {
                event: resourceUpdated('evt-r1', 1),
                receivedAt: 1_000,
                queue: queueOf('io.ledgerline.resource.updated.v1'),
              },
              {
                event: resourceUpdated('evt-r2', 2),
                receivedAt: 1_200,
                queue: queueOf('io.ledgerline.resource.updated.v1'),
              },
              {
                event: timeApproved('evt-t', 1),
                receivedAt: 1_300,
                queue: queueOf('io.ledgerline.time.approved.v1'),
              },
            ])
          ).map(acceptedSeq) as [number, number, number];
          await ingestOne(store, resourceUpdated('evt-r3', 3), 1_400);
          await store.applyDecisions(
            [
              { seq: r1, kind: 'complete' },
              { seq: t, kind: 'complete' },
            ],
            1_750,
          );
          await store.applyDecisions([{ seq: r2, kind: 'complete' }], 2_000);
          assert.deepEqual(
            (await store.latencies(['io.ledgerline.resource.updated.v1'])).sort((a, b) => a - b),
            [750, 800],
          );
          assert.deepEqual(
            (
              await store.latencies(['io.ledgerline.resource.updated.v1', 'io.ledgerline.time.approved.v1'])
            ).sort((a, b) => a - b),
            [450, 750, 800],
          );
          assert.deepEqual(await store.latencies(['io.ledgerline.project.provisioned.v1']), []);
        },
      );

      storeTest('latencies leave out confirmations', async (store) => {
        const seq = await ingestOne(store, projectActivated('evt-p', 1), 1_000);
        await processOnce(store, 1_500);
        await deliverAllOk(store, 1_600);
        assert.equal((await store.lineage(seq))?.caused.length, 1);
        assert.deepEqual(await store.latencies(['io.ledgerline.project.activated.v1']), [600]);
        assert.deepEqual(await store.latencies(['io.ledgerline.project.provisioned.v1']), []);
      });

      storeTest(
        'getEvent answers [] for an unknown id and lineage null for an unknown seq',
        async (store) => {
          assert.deepEqual(await store.getEvent('evt-none'), []);
          assert.deepEqual(await store.getEvent('evt-none', psa), []);
          assert.equal(await store.lineage(424_242), null);
        },
      );

      storeTest('stats count events by state and type, and deliveries by state', async (store) => {
        await ingestOne(store, projectActivated('evt-p', 1));
        await ingestOne(store, incompleteProjectActivated('evt-bad', 2));
        await ingestOne(store, resourceUpdated('evt-r', 1));
        await ingestOne(store, timeApproved('evt-t', 1, { resource: 5 }));
        await processOnce(store, 2_000);
        const stats = await store.stats();
        assert.deepEqual(stats.events, {
          accepted: 0,
          parked: 1,
          delivering: 1,
          completed: 1,
          rejected: 1,
          dead: 0,
        });
        const byType = (type: string, state: string): number => stats.eventsByType[type]?.[state] ?? 0;
        assert.equal(byType('io.ledgerline.project.activated.v1', 'delivering'), 1);
        assert.equal(byType('io.ledgerline.project.activated.v1', 'rejected'), 1);
        assert.equal(byType('io.ledgerline.project.activated.v1', 'completed'), 0);
        assert.equal(byType('io.ledgerline.resource.updated.v1', 'completed'), 1);
        assert.equal(byType('io.ledgerline.time.approved.v1', 'parked'), 1);
        assert.deepEqual(stats.deliveries, { pending: 1, delivered: 0, dead: 0 });
        assert.equal(stats.deliveryAttempts, 0);
        assert.equal(stats.deadLettersOpen, 1);
      });
    });

    describe('source memory', () => {
      storeTest('remembers, recalls by id and by scope, forgets, and keeps systems apart', async (store) => {
        await store.rememberSource('redmine', [
          { op: 'set', kind: 'time-entry', nativeId: '1', fingerprint: 'a', scope: 'p1' },
          { op: 'set', kind: 'time-entry', nativeId: '2', fingerprint: 'b', scope: 'p1' },
          { op: 'set', kind: 'time-entry', nativeId: '3', fingerprint: 'c', scope: 'p2' },
        ]);
        await store.rememberSource('other-psa', [
          { op: 'set', kind: 'time-entry', nativeId: '1', fingerprint: 'z', scope: 'p1' },
        ]);
        const recalled = await store.recallSource('redmine', 'time-entry', ['1', '3', '9']);
        assert.deepEqual(Object.fromEntries(recalled), {
          '1': { fingerprint: 'a', scope: 'p1' },
          '3': { fingerprint: 'c', scope: 'p2' },
        });
        await store.rememberSource('redmine', [
          { op: 'set', kind: 'time-entry', nativeId: '1', fingerprint: 'a2', scope: 'p1' },
          { op: 'forget', kind: 'time-entry', nativeId: '2' },
        ]);
        assert.deepEqual(Object.fromEntries(await store.recallSourceScope('redmine', 'time-entry', 'p1')), {
          '1': { fingerprint: 'a2', scope: 'p1' },
        });
        assert.deepEqual(
          [...(await store.recallSourceScope('other-psa', 'time-entry', 'p1')).values()],
          [{ fingerprint: 'z', scope: 'p1' }],
        );
      });

      storeTest('recalls more ids than one SQL statement takes', async (store) => {
        const ids = Array.from({ length: 1_203 }, (_, i) => String(i));
        await store.rememberSource(
          'redmine',
          ids.map((id) => ({
            op: 'set',
            kind: 'time-entry',
            nativeId: id,
            fingerprint: `f${id}`,
            scope: 's',
          })),
        );
        const recalled = await store.recallSource('redmine', 'time-entry', ids);
        assert.equal(recalled.size, 1_203);
        assert.equal(recalled.get('1202')?.fingerprint, 'f1202');
      });
    });

    storeProperties(open);
    telemetryQueries(open);
  });
}
