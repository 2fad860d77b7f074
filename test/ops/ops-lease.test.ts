// With several PostgreSQL workers, one evaluates SLAs and failures (and notifies): the others wait under
// the ops lease and take over once its holder stops.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { TypedBus, type PipelineEvents } from '../../src/pipeline/bus.ts';
import { checkGovernance } from '../../src/governance/check-governance.ts';
import { startSlaAndAlerts } from '../../src/ops/start-sla-and-alerts.ts';
import { freshSchema, skipUnlessPostgres } from '../support/postgres.ts';
import { waitFor } from '../support/wait.ts';

const skip = await skipUnlessPostgres();

const checked = checkGovernance({ systems: { psa: [{ id: 'sandbox-psa' }], erp: { id: 'sandbox-erp' } } });

describe('the ops lease across PostgreSQL workers', { skip }, () => {
  it('lets one worker evaluate at a time, and another take over when it stops', async () => {
    assert.ok(checked.ok);
    const schema = freshSchema('ops');
    const stores = [await openPostgresStore(schema.url), await openPostgresStore(schema.url)];
    const workers = stores.map((store, i) =>
      startSlaAndAlerts({
        config: { alerts: { evaluateEvery: '100ms' } },
        env: {},
        governance: checked.governance,
        store,
        bus: new TypedBus<PipelineEvents>(),
        logger: pino({ level: 'silent' }),
        lease: { owner: `worker-${i}`, ttlMs: 30_000 },
      }),
    );
    try {
      for (const w of workers) w.start();
      const [first, second] = workers;
      assert.ok(first && second);
      const evaluating = await waitFor('one worker evaluating', () =>
        workers.find((w) => w.sla.status().evaluatedAt !== null),
      );
      const other = evaluating === first ? second : first;
      // Several intervals later the other one still has not evaluated: it waits under the lease.
      const seen = evaluating.sla.status().evaluatedAt ?? 0;
      await waitFor('a few more evaluations', () => (evaluating.sla.status().evaluatedAt ?? 0) > seen + 300);
      assert.equal(other.sla.status().evaluatedAt, null);

      await evaluating.stop();
      await waitFor('the other worker taking over', () => other.sla.status().evaluatedAt !== null, 20_000);
    } finally {
      for (const w of workers) await w.stop();
      for (const s of stores) await s.close();
      await schema.drop();
    }
  });
});
