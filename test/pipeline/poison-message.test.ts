// A poison message: an event in the store that makes deciding throw (stored by an older version, or a bug)
// is rejected on its own with `pipeline.decide_failed`, and the rest of its batch is decided as usual,
// instead of the batch failing again and again and holding up its queue. On both backends.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CanonicalEvent } from '../../src/contracts/index.ts';
import { TypedBus, type PipelineBus, type PipelineEvents } from '../../src/pipeline/bus.ts';
import { decideEnvironment } from '../../src/pipeline/decide/context.ts';
import { createProcessorStep } from '../../src/pipeline/processor.ts';
import type { Store } from '../../src/store/port.ts';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { legalEntities } from '../support/harness.ts';
import { timeApproved } from '../support/events.ts';
import { freshSchema, skipUnlessPostgres } from '../support/postgres.ts';

const postgresSkip = await skipUnlessPostgres();

const backends: {
  name: string;
  skip: string | false;
  open: () => Promise<{ store: Store; done: () => Promise<void> }>;
}[] = [
  {
    name: 'sqlite',
    skip: false,
    open: () => {
      const dir = mkdtempSync(join(tmpdir(), 'ledgerline-poison-'));
      const store = openSqliteStore(join(dir, 'll.sqlite'));
      return Promise.resolve({
        store,
        done: async () => {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      });
    },
  },
  {
    name: 'postgres',
    skip: postgresSkip,
    open: async () => {
      const schema = freshSchema('poison');
      const store = await openPostgresStore(schema.url);
      return {
        store,
        done: async () => {
          await store.close();
          await schema.drop();
        },
      };
    },
  },
];

for (const backend of backends)
  describe(`a poison message (${backend.name})`, { skip: backend.skip }, () => {
    it('is rejected alone with pipeline.decide_failed; the rest of the batch is decided', async () => {
      const { store, done } = await backend.open();
      try {
        const good = timeApproved('time:test-psa:P-1', 'project:test-psa:P', 'resource:test-psa:U');
        const broken = timeApproved('time:test-psa:P-2', 'project:test-psa:P', 'resource:test-psa:U');
        // Written behind intake's validation, as an older version might have stored it.
        const poison = { ...broken, data: null } as unknown as CanonicalEvent;
        await store.ingest([
          { event: poison, receivedAt: 1_000, queue: 'transactional' },
          { event: good, receivedAt: 1_000, queue: 'transactional' },
        ]);
        const bus: PipelineBus = new TypedBus<PipelineEvents>();
        const env = decideEnvironment({ erpSystem: 'sandbox-erp', legalEntities, psaSystems: ['test-psa'] });
        const step = createProcessorStep(
          store,
          env,
          bus,
          { batchSize: 100, idlePollMs: 10, queue: 'transactional' },
          () => undefined,
        );
        assert.deepEqual(await step(), { busy: true });
        const [rejected] = await store.getEvent(poison.id);
        assert.equal(rejected?.state, 'rejected');
        assert.equal(rejected.reasonCode, 'pipeline.decide_failed');
        assert.match(rejected.reason ?? '', /^deciding io\.ledgerline\.time\.approved\.v1 .* failed: /);
        const [decided] = await store.getEvent(good.id);
        assert.equal(decided?.state, 'parked', 'the good event waits for its project, as usual');
        const letters = await store.listDeadLetters({ state: 'open' });
        assert.deepEqual(
          letters.map((l) => [l.eventId, l.reasonCode]),
          [[poison.id, 'pipeline.decide_failed']],
        );
        // The queue is not held up: nothing is left to decide.
        assert.deepEqual(await store.claimAccepted(100, 'transactional'), []);
      } finally {
        await done();
      }
    });
  });
