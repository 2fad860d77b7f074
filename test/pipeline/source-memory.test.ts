// A source without a change log remembers what it saw: the poller saves a page's memory after its events
// are committed and before its cursor, and the connector reads it back through SourceMemory.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PulledPage, SourceConnector, SourceMemory } from '../../src/connectors/kit/connector.ts';
import { TypedBus, type PipelineEvents } from '../../src/pipeline/bus.ts';
import { Intake } from '../../src/pipeline/intake.ts';
import { createPollerStep, cursorName, sourceMemoryOf } from '../../src/pipeline/poller.ts';
import { queueClassifier } from '../../src/pipeline/queues.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { timeApproved } from '../store/fixtures.ts';

/** Emits entry N once per page, remembering it; a remembered entry is not emitted again. */
function rememberingSource(memory: SourceMemory, order: string[]): SourceConnector {
  return {
    system: 'forgetful-psa',
    async pull(cursor): Promise<PulledPage> {
      const n = cursor === undefined ? 1 : Number(cursor) + 1;
      const known = await memory.recall('time-entry', [String(n)]);
      order.push(`pull ${n} known=${known.has(String(n))}`);
      return {
        events: known.has(String(n)) ? [] : [timeApproved(`evt-${n}`, n)],
        nextCursor: String(n),
        hasMore: n < 3,
        remember: [{ op: 'set', kind: 'time-entry', nativeId: String(n), fingerprint: `f${n}`, scope: 'p' }],
      };
    },
    receiveWebhook: () => ({ ok: false, status: 422, reasonCode: 'webhook.not_supported', message: 'none' }),
  };
}

describe('source memory through the poller', () => {
  it('saves a page memory after its events and before its cursor, and the connector reads it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledgerline-memory-'));
    const store = openSqliteStore(join(dir, 'll.sqlite'));
    try {
      const order: string[] = [];
      const memory = sourceMemoryOf(store, 'forgetful-psa');
      const connector = rememberingSource(memory, order);
      const intake = new Intake(
        store,
        new TypedBus<PipelineEvents>(),
        { windowMs: 1, maxBatch: 100 },
        {
          queueOf: queueClassifier(),
          onUndecided: () => {
            order.push('events committed');
          },
          onDeliveries: () => undefined,
        },
      );
      const step = createPollerStep(store, connector, intake, { pageSize: 10, intervalMs: 1000 }, (e) => {
        throw e;
      });
      await step();
      assert.equal((await memory.recall('time-entry', ['1'])).get('1')?.fingerprint, 'f1');
      assert.equal(await store.getCursor(cursorName('forgetful-psa')), '1');
      await step();
      await step();
      assert.equal((await memory.recallScope('time-entry', 'p')).size, 3);
      // A re-read of the last page (as after a crash before the cursor) finds it remembered: nothing new.
      await store.setCursor(cursorName('forgetful-psa'), '2');
      await step();
      assert.deepEqual(order, [
        'pull 1 known=false',
        'events committed',
        'pull 2 known=false',
        'events committed',
        'pull 3 known=false',
        'events committed',
        'pull 3 known=true',
      ]);
      const stored = Object.values((await store.stats()).events).reduce((a, b) => a + b, 0);
      assert.equal(stored, 3, 'three events stored, none twice');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
