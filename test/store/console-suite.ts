// Conformance of the console's read models (ConsoleReads in the port): the same scenario on every
// adapter, spoken through the port only.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/port.ts';
import { delivery, erp, ingestOne, projectActivated, resourceId, timeApproved } from './fixtures.ts';
import type { OpenStore } from './store-suite.ts';
import { storeTestOf } from './store-test.ts';

/**
 * Three time entries received at 60 s, 61 s and 130 s (buckets of a minute from 60 s: 0, 0, 1): one
 * delivered at 70 s and completed, one parked on a resource, one whose delivery died at 140 s. A
 * project received at 65 s is rejected.
 */
async function scenario(store: Store) {
  const posted = await ingestOne(store, timeApproved('evt-posted', 1), 60_000);
  const parked = await ingestOne(store, timeApproved('evt-parked', 2, { resource: 9 }), 61_000);
  const rejected = await ingestOne(store, projectActivated('evt-project', 3), 65_000);
  const dead = await ingestOne(store, timeApproved('evt-dead', 3), 130_000);
  await store.applyDecisions(
    [
      { seq: posted, kind: 'deliver', deliveries: [delivery('k-posted', 'o-1')] },
      {
        seq: parked,
        kind: 'park',
        dependency: { kind: 'master', objectKind: 'resource', id: resourceId(9), awaiting: 'resource 9' },
      },
      { seq: rejected, kind: 'reject', reasonCode: 'readiness.project_incomplete', reason: 'incomplete' },
      { seq: dead, kind: 'deliver', deliveries: [delivery('k-dead', 'o-2')] },
    ],
    66_000,
  );
  const [first] = await store.claimDeliveries(erp, 1, 70_000, 1_000);
  assert.ok(first);
  await store.completeDeliveries(
    [{ seq: first.seq, outcome: 'ok', externalRefs: [{ key: 'k', externalId: 'CP-1' }], replayed: false }],
    70_000,
    () => [],
  );
  const [second] = await store.claimDeliveries(erp, 1, 140_000, 1_000);
  assert.ok(second);
  await store.completeDeliveries(
    [{ seq: second.seq, outcome: 'dead', reasonCode: 'erp.validation', message: 'no' }],
    140_000,
    () => [],
  );
  return { posted, parked, rejected, dead };
}

export function runConsoleStoreSuite(name: string, open: OpenStore, skip: string | false = false): void {
  const storeTest = storeTestOf(open);

  describe(`Store conformance, console reads: ${name}`, { skip }, () => {
    storeTest('counts received, completed and delivered per bucket', async (store) => {
      await scenario(store);
      assert.deepEqual(await store.activity(60_000, 60_000), [
        { at: 60_000, received: 3, completed: 1, delivered: 1 },
        { at: 120_000, received: 1, completed: 0, delivered: 0 },
      ]);
      // A later window leaves the earlier events out.
      assert.deepEqual(await store.activity(125_000, 10_000), [
        { at: 125_000, received: 1, completed: 0, delivered: 0 },
      ]);
    });

    storeTest('answers the latency of completed source events, the newest up to a limit', async (store) => {
      await scenario(store);
      assert.deepEqual(await store.completions(0, 10), [
        { type: 'io.ledgerline.time.approved.v1', completedAt: 70_000, latencyMs: 10_000 },
      ]);
      assert.deepEqual(await store.completions(71_000, 10), []);
    });

    storeTest('answers how long accepted deliveries took from decision to answer', async (store) => {
      await scenario(store);
      // Decided at 66 s, accepted at 70 s; the dead one is left out.
      assert.deepEqual(await store.deliveryTimes(0, 10), [
        { target: erp, deliveredAt: 70_000, latencyMs: 4_000, attempts: 1 },
      ]);
      assert.deepEqual(await store.deliveryTimes(70_001, 10), []);
    });

    storeTest('reports queue depths per queue class and state with the oldest', async (store) => {
      await scenario(store);
      const depths = await store.queueDepths();
      const find = (of: string, state: string) => depths.find((d) => d.of === of && d.state === state);
      assert.deepEqual(find('events', 'parked'), {
        of: 'events',
        queue: 'transactional',
        state: 'parked',
        count: 1,
        oldestAt: 61_000,
      });
      assert.equal(find('events', 'dead')?.count, 1);
      assert.equal(find('deliveries', 'dead')?.count, 1);
      assert.equal(find('events', 'completed'), undefined, 'done events are not a queue');
    });

    storeTest('lists parked events with their park key, by key prefix', async (store) => {
      const { parked } = await scenario(store);
      const all = await store.listParked({ limit: 10 });
      assert.deepEqual(
        all.map((p) => [p.seq, p.parkKey, p.event.id]),
        [[parked, `master|resource|${resourceId(9)}`, 'evt-parked']],
      );
      assert.equal((await store.listParked({ limit: 10, keyPrefix: 'master|resource|' })).length, 1);
      assert.equal((await store.listParked({ limit: 10, keyPrefix: 'xref|' })).length, 0);
    });

    storeTest('reads events by seq and by type and state, and one dead letter', async (store) => {
      const { posted, rejected, dead } = await scenario(store);
      assert.deepEqual(
        (await store.eventsAt([dead, posted, 999_999])).map((e) => e.seq),
        [posted, dead],
      );
      assert.deepEqual(await store.eventsAt([]), []);
      const times = await store.eventsOfTypes({ types: ['io.ledgerline.time.approved.v1'], limit: 10 });
      assert.equal(times.length, 3);
      assert.ok(times[0] && times[0].seq > (times[2]?.seq ?? 0), 'newest first');
      assert.deepEqual(
        (
          await store.eventsOfTypes({
            types: ['io.ledgerline.time.approved.v1', 'io.ledgerline.project.activated.v1'],
            states: ['rejected', 'dead'],
            limit: 10,
          })
        ).map((e) => e.seq),
        [dead, rejected],
      );
      const [letter] = await store.listDeadLetters({ reasonPrefix: 'erp.' });
      assert.ok(letter);
      assert.deepEqual(await store.getDeadLetter(letter.id), letter);
      assert.equal(await store.getDeadLetter(999_999), undefined);
    });
  });
}
