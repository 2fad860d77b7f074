// The PostgreSQL adapter: the conformance suite against the real server, each test in a schema of its
// own, plus what only PostgreSQL has (migrations shared by processes that start together, sign-offs that
// refuse raw SQL, leases shared across store handles).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { openFreshPostgresStore } from './postgres-fresh.ts';
import { runStoreSuite } from './store-suite.ts';
import { runOpsStoreSuite } from './ops-suite.ts';
import { runReconciliationStoreSuite } from './reconciliation-suite.ts';
import { runAuditStoreSuite } from './audit-suite.ts';
import { freshSchema, skipUnlessPostgres } from '../support/postgres.ts';
import { at, delivery, erp, projectId, resourceUpdated, timeApproved } from './fixtures.ts';

const skip = await skipUnlessPostgres();

runStoreSuite('postgres', openFreshPostgresStore, skip);
runReconciliationStoreSuite('postgres', openFreshPostgresStore, skip);
runOpsStoreSuite('postgres', openFreshPostgresStore, skip);
runAuditStoreSuite(
  'postgres',
  async () => {
    const schema = freshSchema();
    const store = await openPostgresStore(schema.url);
    const others: { close(): Promise<void> }[] = [];
    return {
      store,
      another: async () => {
        const other = await openPostgresStore(schema.url);
        others.push(other);
        return other;
      },
      sql: async (statement) => {
        await schema.sql(statement);
      },
      dropGuards: async () => {
        await schema.sql('DROP TRIGGER audit_log_no_change ON audit_log');
        await schema.sql('DROP TRIGGER audit_log_no_truncate ON audit_log');
      },
      cleanup: async () => {
        try {
          for (const other of others) await other.close();
          await store.close();
        } finally {
          await schema.drop();
        }
      },
    };
  },
  skip,
);

describe('PostgreSQL store', { skip }, () => {
  it('applies its migrations once when several processes open the same schema at the same moment', async () => {
    const schema = freshSchema();
    try {
      const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(schema.url)));
      const rows = await schema.sql<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      const files = readdirSync(new URL('../../src/store/postgres/migrations/', import.meta.url))
        .filter((f) => /^\d{4}_.+\.sql$/.test(f))
        .sort();
      assert.deepEqual(
        rows.map((r) => r.version),
        files.map((f) => Number(f.slice(0, 4))),
      );
      assert.ok(files.length >= 2);
      const [one, two] = stores;
      assert.ok(one && two);
      const [first] = await one.ingest(at(1_000, resourceUpdated('evt-r', 1)));
      const [again] = await two.ingest(at(2_000, resourceUpdated('evt-r', 1)));
      assert.equal(first?.status, 'accepted');
      assert.equal(again?.status, 'duplicate');
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await schema.drop();
    }
  });

  it('refuses UPDATE, DELETE and TRUNCATE of sign-offs even as raw SQL', async () => {
    const schema = freshSchema();
    const store = await openPostgresStore(schema.url);
    try {
      const sha = 'a'.repeat(64);
      await store.appendSignOff(() => ({
        period: '2026-10',
        entity: null,
        signedBy: 'Ada',
        signedAt: '2026-11-01T10:00:00Z',
        totals: '[]',
        totalsSha256: sha,
        differences: 0,
        acceptedDifferences: null,
        previousSha256: '0'.repeat(64),
        sha256: 'b'.repeat(64),
      }));
      await assert.rejects(
        schema.sql("UPDATE reconciliation_sign_offs SET signed_by = 'Mallory'"),
        /reconciliation sign-offs are immutable: record a new sign-off instead/,
      );
      await assert.rejects(
        schema.sql('DELETE FROM reconciliation_sign_offs'),
        /reconciliation sign-offs are immutable: they cannot be deleted/,
      );
      await assert.rejects(schema.sql('TRUNCATE reconciliation_sign_offs'), /immutable/);
    } finally {
      await store.close();
      await schema.drop();
    }
  });

  it('hands a delivery to one process at a time and keeps an ordering key with the process that holds it', async () => {
    const schema = freshSchema();
    const a = await openPostgresStore(schema.url, { owner: 'worker-a' });
    const b = await openPostgresStore(schema.url, { owner: 'worker-b' });
    try {
      const [ingested] = await a.ingest(at(1_000, timeApproved('evt-t', 1)));
      assert.equal(ingested?.status, 'accepted');
      const seq = ingested.seq;
      const row = (n: number, key: string) => delivery(`posting-${n}`, key);
      await a.applyDecisions(
        [
          {
            seq,
            kind: 'deliver',
            deliveries: [row(1, projectId(1)), row(2, projectId(1)), row(3, projectId(2))],
          },
        ],
        1_000,
      );
      // Worker A takes project 1's first row; B gets project 2's, and nothing of project 1 while A holds
      // its first row.
      const taken = await a.claimDeliveries(erp, 1, 2_000, 10_000);
      assert.deepEqual(
        taken.map((d) => d.idempotencyKey),
        ['posting-1'],
      );
      const others = await b.claimDeliveries(erp, 10, 2_001, 10_000);
      assert.deepEqual(
        others.map((d) => d.idempotencyKey),
        ['posting-3'],
      );
      // A renews its leases (a long push); B still gets nothing of project 1 after the first lease would
      // have run out.
      assert.equal(
        await a.renewDeliveryLeases(
          taken.map((d) => d.seq),
          30_000,
        ),
        1,
      );
      assert.deepEqual(
        (await b.claimDeliveries(erp, 10, 15_000, 10_000)).map((d) => d.idempotencyKey),
        ['posting-3'],
        "only B's own row, whose lease ran out",
      );
      // A dies: once its lease runs out, B takes project 1 over, both rows, in order.
      const takenOver = await b.claimDeliveries(erp, 10, 30_001, 10_000);
      assert.deepEqual(
        takenOver.filter((d) => d.orderingKey === projectId(1)).map((d) => d.idempotencyKey),
        ['posting-1', 'posting-2'],
      );
    } finally {
      await a.close();
      await b.close();
      await schema.drop();
    }
  });

  it("claims round robin across ordering keys, so one project's backlog does not hold back another", async () => {
    const schema = freshSchema();
    const store = await openPostgresStore(schema.url);
    try {
      const [first] = await store.ingest(at(1_000, timeApproved('evt-backlog', 1)));
      const [second] = await store.ingest(at(1_000, timeApproved('evt-late', 2)));
      assert.ok(first?.status === 'accepted' && second?.status === 'accepted');
      const backlog = Array.from({ length: 40 }, (_, i) => delivery(`backfill-${i}`, projectId(1)));
      await store.applyDecisions([{ seq: first.seq, kind: 'deliver', deliveries: backlog }], 1_000);
      await store.applyDecisions(
        [{ seq: second.seq, kind: 'deliver', deliveries: [delivery('late-1', projectId(2))] }],
        1_000,
      );
      // The late project's row is newer than the whole backlog, yet it leaves in the first batch.
      const batch = await store.claimDeliveries(erp, 10, 2_000, 10_000);
      assert.equal(batch.length, 10);
      assert.ok(
        batch.some((d) => d.idempotencyKey === 'late-1'),
        'the late project waited behind the backlog',
      );
      // Within the backlog, order is kept.
      assert.deepEqual(
        batch.filter((d) => d.orderingKey === projectId(1)).map((d) => d.idempotencyKey),
        Array.from({ length: 9 }, (_, i) => `backfill-${i}`),
      );
    } finally {
      await store.close();
      await schema.drop();
    }
  });

  it('gives a named lease to one owner until it expires', async () => {
    const schema = freshSchema();
    const store = await openPostgresStore(schema.url);
    try {
      assert.equal(await store.holdLease('decide:transactional', 'a', 1_000, 5_000), true);
      assert.equal(await store.holdLease('decide:transactional', 'b', 2_000, 5_000), false);
      assert.equal(await store.holdLease('decide:transactional', 'a', 3_000, 5_000), true, 'renewed');
      assert.equal(await store.holdLease('decide:transactional', 'b', 7_999, 5_000), false);
      assert.equal(await store.holdLease('decide:transactional', 'b', 8_000, 5_000), true, 'taken over');
      assert.equal(await store.holdLease('decide:master', 'a', 8_000, 5_000), true, 'another name');
    } finally {
      await store.close();
      await schema.drop();
    }
  });
});
