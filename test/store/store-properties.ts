// Exactly-once, as a property: whatever mix of duplicates, processing, partial deliveries, retries,
// replays and crashes happens first, once everything drains each posting exists once and each time
// entry is confirmed once. Part of the conformance suite, so it speaks only the port.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { DeliveryResult, Store, StoredDelivery, StoredEvent } from '../../src/store/port.ts';
import {
  at,
  erp,
  projectActivated,
  projectId,
  resourceUpdated,
  timeApproved,
  timeEntryId,
} from './fixtures.ts';
import { complete, deliverAllOk, okFor, processOnce, refsFor } from './steps.ts';
import type { OpenStore } from './store-suite.ts';
import { commandsOf } from '../../src/pipeline/command-payload.ts';

/** Six event ids over four time entries: ids repeat (duplicates) and two entries arrive twice. */
const eventIds = 6;
const entryOf = (event: number): number => event % 4;

type Outcome = 'ok' | 'retry' | 'lost';
type Op =
  | { readonly op: 'ingest'; readonly event: number }
  | { readonly op: 'resource' }
  | { readonly op: 'process'; readonly limit: number }
  | { readonly op: 'deliver'; readonly limit: number; readonly outcomes: readonly Outcome[] }
  | { readonly op: 'late' }
  | { readonly op: 'replay'; readonly event: number | 'all' }
  | { readonly op: 'crash' }
  | { readonly op: 'tick'; readonly ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('ingest'), event: fc.nat({ max: eventIds - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('resource') }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('process'), limit: fc.integer({ min: 1, max: 4 }) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('deliver'),
      limit: fc.integer({ min: 1, max: 5 }),
      outcomes: fc.array(fc.constantFrom<Outcome>('ok', 'ok', 'retry', 'lost'), {
        minLength: 1,
        maxLength: 5,
      }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('late') }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('replay'),
      event: fc.oneof(fc.nat({ max: eventIds - 1 }), fc.constant('all' as const)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('crash') }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('tick'), ms: fc.integer({ min: 1, max: 4_000 }) }) },
);

const leaseMs = 2_000;

interface World {
  readonly store: Store;
  now: number;
  /** Results of pushes whose worker has not reported yet (it may still, late, or never). */
  late: DeliveryResult[];
  readonly seqs: Set<number>;
  readonly entries: Set<number>;
}

async function step(world: World, op: Op): Promise<void> {
  const { store } = world;
  world.now += 1;
  switch (op.op) {
    case 'ingest': {
      const [outcome] = await store.ingest(
        at(world.now, timeApproved(`evt-t${op.event}`, entryOf(op.event), { project: 1, resource: 1 })),
      );
      assert.ok(outcome);
      world.seqs.add(outcome.seq);
      world.entries.add(entryOf(op.event));
      return;
    }
    case 'resource': {
      const [outcome] = await store.ingest(at(world.now, resourceUpdated('evt-r1', 1)));
      assert.ok(outcome);
      world.seqs.add(outcome.seq);
      return;
    }
    case 'process':
      await processOnce(store, world.now, op.limit);
      return;
    case 'deliver': {
      const rows = await store.claimDeliveries(erp, op.limit, world.now, leaseMs);
      const results: DeliveryResult[] = [];
      rows.forEach((row, i) => {
        const outcome = op.outcomes[i % op.outcomes.length] ?? 'ok';
        if (outcome === 'ok') results.push(okFor(row));
        else if (outcome === 'lost') world.late.push(okFor(row));
        else
          results.push({
            seq: row.seq,
            outcome: 'retry',
            runAt: world.now + 1 + (row.seq % 3) * 1_000,
            reasonCode: 'target.throttled',
            message: '429',
          });
      });
      await complete(store, results, world.now);
      return;
    }
    case 'late': {
      const results = world.late;
      world.late = [];
      await complete(store, results, world.now);
      return;
    }
    case 'replay':
      await store.replay(
        op.event === 'all'
          ? { fromSeq: 0, redeliver: true }
          : { eventIds: [`evt-t${op.event}`], redeliver: true },
        world.now,
      );
      return;
    case 'crash':
      world.late = [];
      await store.releaseLeases();
      return;
    case 'tick':
      world.now += op.ms;
      return;
  }
}

/** Runs the pipeline with a perfect target until nothing is left to do. */
async function drain(world: World): Promise<void> {
  const { store } = world;
  const [resource] = await store.ingest(at(world.now, resourceUpdated('evt-r1', 1)));
  assert.ok(resource);
  world.seqs.add(resource.seq);
  for (let round = 0; round < 100; round += 1) {
    world.now += 10 * 60_000; // past every lease and retry time
    const decided = await processOnce(store, world.now);
    const pushed = await deliverAllOk(store, world.now);
    if (decided === 0 && pushed.length === 0) return;
  }
  assert.fail('the pipeline did not drain in 100 rounds');
}

async function check(world: World): Promise<void> {
  const { store } = world;
  const stats = await store.stats();
  assert.deepEqual(
    { ...stats.events, completed: 0 },
    { accepted: 0, parked: 0, delivering: 0, completed: 0, rejected: 0, dead: 0 },
    'every event finished',
  );
  assert.equal(await store.nextDueAt(erp), null);

  const originals: StoredEvent[] = [];
  const rows: StoredDelivery[] = [];
  const caused: StoredEvent[] = [];
  for (const seq of world.seqs) {
    const lineage = await store.lineage(seq);
    assert.ok(lineage);
    originals.push(lineage.event);
    rows.push(...lineage.deliveries);
    caused.push(...lineage.caused);
  }

  const perKey = new Map<string, number>();
  for (const row of rows) {
    assert.equal(row.state, 'delivered');
    assert.deepEqual(row.externalRefs, refsFor(row));
    if (row.kind === 'postTimeEntry') {
      const entry = row.idempotencyKey.replace(/\/postings$/, '');
      assert.deepEqual(
        commandsOf(row).map((c) => c.idempotencyKey),
        [`${entry}/billable-line`, `${entry}/cost`],
        'a time entry row carries its billable line and its cost posting',
      );
    }
    const key = `${row.target}|${row.idempotencyKey}`;
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
  }
  const expectedKeys = [
    `${erp}|${projectId(1)}/provision`,
    ...[...world.entries].map((n) => `${erp}|${timeEntryId(n)}/postings`),
  ].sort();
  assert.deepEqual([...perKey.keys()].sort(), expectedKeys);
  for (const [key, count] of perKey) assert.equal(count, 1, `${key} has ${count} delivery rows`);
  assert.equal(stats.deliveries.delivered, rows.length, 'no delivery row outside the known events');
  assert.equal(stats.deliveries.pending + stats.deliveries.dead, 0);

  const posted = caused.filter((e) => e.event.type === 'io.ledgerline.time.posted.v1');
  const perEntry = new Map<string, number>();
  for (const confirmation of posted) {
    if (confirmation.event.type !== 'io.ledgerline.time.posted.v1') continue;
    const entry = confirmation.event.data.timeEntryId;
    perEntry.set(entry, (perEntry.get(entry) ?? 0) + 1);
    assert.deepEqual(
      confirmation.event.data.postings.map((p) => p.idempotencyKey),
      [`${entry}/billable-line`, `${entry}/cost`],
    );
  }
  assert.deepEqual(
    [...perEntry.keys()].sort(),
    [...world.entries].map(timeEntryId).sort(),
    'every time entry is confirmed',
  );
  for (const [entry, count] of perEntry) assert.equal(count, 1, `${entry} confirmed ${count} times`);
  assert.equal(
    stats.eventsByType['io.ledgerline.time.posted.v1']?.completed ?? 0,
    world.entries.size,
    'no TimePosted outside the known events',
  );
  assert.equal(
    caused.filter((e) => e.event.type === 'io.ledgerline.project.provisioned.v1').length,
    1,
    'the project is confirmed once',
  );
  assert.ok(originals.every((e) => e.state === 'completed'));
}

export function storeProperties(open: OpenStore): void {
  describe('exactly-once under duplicates, retries, replays and crashes (property)', () => {
    it('leaves one delivery per (target, key) and one TimePosted per time entry', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.boolean(),
          fc.array(opArb, { minLength: 10, maxLength: 60, size: 'max' }),
          async (warm, ops) => {
            const { store, cleanup } = await open();
            try {
              const world: World = { store, now: 10_000, late: [], seqs: new Set(), entries: new Set() };
              const [project] = await store.ingest(at(world.now, projectActivated('evt-p1', 1)));
              assert.ok(project);
              world.seqs.add(project.seq);
              // Warm: the project is provisioned and the resource known before the first time entry, so
              // postings flow at once; cold: time entries park until both arrive.
              if (warm) {
                await step(world, { op: 'resource' });
                await processOnce(store, world.now);
                await deliverAllOk(store, world.now);
              }
              for (const op of ops) await step(world, op);
              await drain(world);
              await check(world);
            } finally {
              await cleanup();
            }
          },
        ),
        { numRuns: 50 },
      );
    });
  });
}
