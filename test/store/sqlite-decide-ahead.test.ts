// SQLite decides an intake batch before taking its write lock, against a read snapshot, and writes the
// decisions under the lock only if what deciding assumed still holds. These tests change the store
// from another connection while the batch is being decided (inside `decide`), as the delivery thread can.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { IntakeDecider, StoredEvent } from '../../src/store/port.ts';
import { dependencyKey } from '../../src/store/port.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { intakeDecider } from '../../src/pipeline/processor.ts';
import { parseDecisionRecord } from '../../src/pipeline/provenance/decision-record.ts';
import { tempDir } from './sqlite-temp.ts';
import { deliverAllOk, processOnce } from './steps.ts';
import {
  acceptedSeq,
  at,
  env,
  erp,
  eventState,
  projectActivated,
  projectId,
  resourceUpdated,
  timeApproved,
  timeEntryId,
} from './fixtures.ts';

/** A store on a fresh file, and a second connection to it standing in for the delivery thread. */
function twoConnections() {
  const { dir, remove } = tempDir('ledgerline-ahead-');
  const file = join(dir, 'ledgerline.sqlite');
  const store = openSqliteStore(file);
  const other = new Database(file);
  other.pragma('busy_timeout = 5000');
  return {
    store,
    other,
    async close() {
      other.close();
      await store.close();
      remove();
    },
  };
}

/** The intake decider, with a hook run inside each call of `decide` and the seqs each call was given. */
function watched(during: (call: number) => void) {
  const inner = intakeDecider(env);
  const given: number[][] = [];
  const decider: IntakeDecider & { readonly decisions: typeof inner.decisions } = {
    keys: (events) => inner.keys(events),
    decide(events: readonly StoredEvent[], context) {
      given.push(events.map((e) => e.seq));
      during(given.length);
      return inner.decide(events, context);
    },
    discard: () => inner.discard(),
    renumber: (seqs, events) => inner.renumber(seqs, events),
    get decisions() {
      return inner.decisions;
    },
  };
  return { decider, given };
}

describe('SQLite: deciding intake batches ahead of the write lock', () => {
  it('decides under provisional seqs, then writes decisions and provenance under the stored seqs', async () => {
    const c = twoConnections();
    try {
      await c.store.ingest(at(1_000, projectActivated('evt-p', 1), resourceUpdated('evt-r', 1)));
      await processOnce(c.store, 1_100);
      await deliverAllOk(c.store, 1_200);
      const { decider, given } = watched(() => undefined);
      const [outcome] = await c.store.ingest(at(2_000, timeApproved('evt-t', 1)), decider);
      const seq = acceptedSeq(outcome);
      assert.deepEqual(given, [[-1]], 'decided once, ahead of the lock, under a provisional seq');
      assert.deepEqual(
        decider.decisions.map((d) => [d.seq, d.kind]),
        [[seq, 'deliver']],
      );
      assert.equal(await eventState(c.store, seq), 'delivering');
      const provenance = await c.store.deliveryProvenance(erp, `${timeEntryId(1)}/postings`);
      const record = parseDecisionRecord(provenance?.record ?? '');
      if (typeof record === 'string') assert.fail(record);
      assert.equal(record.eventSeq, seq, 'the record names the seq the event was stored under');
    } finally {
      await c.close();
    }
  });

  it('leaves the batch to the processor when an older event of its queue arrived while it was decided', async () => {
    const c = twoConnections();
    try {
      const { decider, given } = watched((call) => {
        if (call !== 1) return;
        // Another writer (in the service: the delivery thread's follow-up events) commits an event of
        // the master queue, still undecided, before this batch takes the lock.
        c.other
          .prepare(
            `INSERT INTO events (source, event_id, type, subject, envelope, queue, state, received_at)
             VALUES ('other', 'evt-older', 'io.ledgerline.resource.updated.v1', 'resource:x', '{}', 'master', 'accepted', 1500)`,
          )
          .run();
      });
      const [outcome] = await c.store.ingest(at(2_000, resourceUpdated('evt-r2', 2)), decider);
      const seq = acceptedSeq(outcome);
      assert.equal(given.length, 1, 'decided ahead once; not decided again under the lock');
      assert.deepEqual(decider.decisions, [], 'its decisions were not written');
      assert.equal(
        await eventState(c.store, seq),
        'accepted',
        'it waits behind the older event, in seq order',
      );
    } finally {
      await c.close();
    }
  });

  it('decides again under the lock when an event it took as new was stored meanwhile', async () => {
    const c = twoConnections();
    try {
      const { decider, given } = watched((call) => {
        if (call !== 1) return;
        c.other
          .prepare(
            `INSERT INTO events (source, event_id, type, subject, envelope, queue, state, received_at)
             VALUES (?, 'evt-r1', 'io.ledgerline.resource.updated.v1', ?, '{}', 'master', 'completed', 1500)`,
          )
          .run(resourceUpdated('evt-r1', 1).source, resourceUpdated('evt-r1', 1).subject);
      });
      const outcomes = await c.store.ingest(
        at(2_000, resourceUpdated('evt-r1', 1), resourceUpdated('evt-r2', 2)),
        decider,
      );
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['duplicate', 'accepted'],
      );
      assert.deepEqual(
        given,
        [[-1, -2], [acceptedSeq(outcomes[1])]],
        'the new event alone, decided under the lock',
      );
      assert.deepEqual(
        decider.decisions.map((d) => [d.seq, d.kind]),
        [[acceptedSeq(outcomes[1]), 'complete']],
      );
    } finally {
      await c.close();
    }
  });

  it('never parks on a condition met while the batch was decided', async () => {
    const c = twoConnections();
    try {
      await c.store.ingest(at(1_000, projectActivated('evt-p', 1), resourceUpdated('evt-r', 1)));
      await processOnce(c.store, 1_100); // the project's provisioning is due, not yet confirmed
      const { decider } = watched((call) => {
        if (call !== 1) return;
        // The ERP's confirmation of the project is recorded before the batch takes the lock.
        c.other
          .prepare('INSERT INTO xrefs (canonical_id, system, external_id, created_at) VALUES (?, ?, ?, 1500)')
          .run(projectId(1), erp, 'ERP-P-1');
      });
      const [outcome] = await c.store.ingest(at(2_000, timeApproved('evt-t', 1)), decider);
      const seq = acceptedSeq(outcome);
      const [decision] = decider.decisions;
      assert.equal(decision?.kind, 'park', 'decided against the snapshot, the project was not in the ERP');
      assert.equal(dependencyKey(decision.dependency), `xref|${projectId(1)}|${erp}`);
      assert.equal(await eventState(c.store, seq), 'accepted', 'put back for the processor, not left parked');
    } finally {
      await c.close();
    }
  });
});
