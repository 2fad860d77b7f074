// Conformance of the audit log (issue 8): entries chained in order, postings recorded with the batch that
// delivers them, appends from two handles never sharing a predecessor, anchors of the head, and a chain
// edited, cut or reordered behind the store's back (raw SQL, triggers dropped) caught where it broke.
import { deliveredRecordsDigest } from '../../src/audit/delivered-records.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/port.ts';
import type { NewAuditEntry } from '../../src/store/audit-port.ts';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { entryHash, genesis } from '../../src/audit/chain.ts';
import { at, delivery, erp, ingestOne, projectId, timeApproved } from './fixtures.ts';

export interface AuditTestStore {
  readonly store: Store;
  /** Another handle on the same store (a second process), closed by cleanup. */
  readonly another: () => Promise<Store>;
  /** Runs one raw SQL statement against the store's tables. */
  readonly sql: (statement: string) => Promise<void>;
  /** Drops the triggers that refuse UPDATE and DELETE, as someone with a SQL prompt could. */
  readonly dropGuards: () => Promise<void>;
  readonly cleanup: () => Promise<void>;
}

export function entry(n: number, detail: Record<string, unknown> = { n }): NewAuditEntry {
  return {
    at: new Date(Date.UTC(2026, 10, 26, 9, 0, n)).toISOString(),
    actor: 'cli:ada',
    action: 'dead-letter.resolved',
    subject: `dead-letter:${n}`,
    detail,
  };
}

const verify = (store: Store) => verifyAuditChain((after, limit) => store.listAudit(after, limit));

export function runAuditStoreSuite(
  name: string,
  open: () => Promise<AuditTestStore>,
  skip: false | string = false,
): void {
  async function withStore(body: (s: AuditTestStore) => Promise<void>): Promise<void> {
    const s = await open();
    try {
      await body(s);
    } finally {
      await s.cleanup();
    }
  }

  async function fiveEntries(store: Store): Promise<void> {
    await store.appendAudit([entry(1), entry(2)]);
    await store.appendAudit([entry(3), entry(4), entry(5)]);
  }

  describe(`audit log (${name})`, { skip }, () => {
    it('chains entries in seq order from the genesis hash, detail as canonical JSON', () =>
      withStore(async ({ store }) => {
        assert.equal(await store.auditHead(), undefined);
        const [first, second] = await store.appendAudit([
          entry(1, { z: 1, a: [2, { y: 'x', b: null }] }),
          entry(2),
        ]);
        assert.equal(first?.seq, 1);
        assert.equal(first.prevHash, genesis);
        assert.equal(first.detail, '{"a":[2,{"b":null,"y":"x"}],"z":1}');
        assert.equal(second?.prevHash, first.hash);
        assert.deepEqual(await store.listAudit(0, 10), [first, second]);
        assert.deepEqual(await store.listAudit(1, 10), [second]);
        assert.deepEqual(await store.auditHead(), second);
        assert.deepEqual(await verify(store), {
          intact: true,
          entries: 2,
          head: { seq: 2, hash: second.hash, at: second.at },
        });
      }));

    it('records delivered postings in the transaction that delivers them, one entry per batch', () =>
      withStore(async ({ store }) => {
        const seq = await ingestOne(store, timeApproved('evt-t', 1));
        await store.applyDecisions(
          [{ seq, kind: 'deliver', deliveries: [delivery('a', projectId(1)), delivery('b', projectId(2))] }],
          1_000,
        );
        const rows = await store.claimDeliveries(erp, 10, 2_000, 1_000);
        const refs = (key: string) => [{ key, externalId: `X-${key}` }];
        const results = rows.map((r) => ({
          seq: r.seq,
          outcome: 'ok' as const,
          externalRefs: refs(r.idempotencyKey),
          replayed: false,
        }));
        await store.completeDeliveries(results, 2_100, () => []);
        // The same results again (a lease taken over) post nothing new, so they add no entry.
        await store.completeDeliveries(results, 2_200, () => []);
        const entries = (await store.listAudit(0, 10)).filter((e) => e.action === 'posting.delivered');
        assert.equal(entries.length, 1);
        const [posted] = entries;
        assert.equal(posted?.action, 'posting.delivered');
        assert.equal(posted.actor, 'pipeline');
        assert.equal(posted.at, new Date(2_100).toISOString());
        const seqs = rows.map((r) => r.seq).sort((a, b) => a - b);
        // With the digest of their decision records as stored, which explain checks them against.
        const records = await store.deliveryRecords(seqs);
        assert.deepEqual(
          records.map((r) => r.seq).sort((a, b) => a - b),
          seqs,
        );
        assert.deepEqual(JSON.parse(posted.detail), {
          deliveries: seqs,
          records: deliveredRecordsDigest(records),
        });
        assert.equal((await verify(store)).intact, true);
      }));

    it('records the events an intake batch accepted in its transaction, not its duplicates', () =>
      withStore(async ({ store }) => {
        const [first] = await store.ingest(at(1_000, timeApproved('evt-1', 1)));
        const outcomes = await store.ingest([
          ...at(2_000, timeApproved('evt-1', 1), timeApproved('evt-2', 2)),
          ...at(2_500, timeApproved('evt-3', 3)),
        ]);
        await store.ingest(at(3_000, timeApproved('evt-2', 2)));
        const accepted = outcomes.flatMap((o) => (o.status === 'accepted' ? [o.seq] : []));
        assert.equal(accepted.length, 2);
        const entries = await store.listAudit(0, 10);
        assert.deepEqual(
          entries.map((e) => [e.action, e.actor, e.subject, e.at, JSON.parse(e.detail) as unknown]),
          [
            [
              'event.accepted',
              'intake',
              `event:${first?.seq}`,
              new Date(1_000).toISOString(),
              { events: [first?.seq] },
            ],
            [
              'event.accepted',
              'intake',
              `events:${accepted[0]}..${accepted[1]}`,
              new Date(2_500).toISOString(),
              { events: accepted },
            ],
          ],
          'the batch of duplicates only adds nothing',
        );
      }));

    it('appends from two handles at once without two entries chaining to the same predecessor', () =>
      withStore(async ({ store, another }) => {
        const other = await another();
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 === 0 ? store : other).appendAudit([entry(i), entry(i + 100)]),
          ),
        );
        const verdict = await verify(store);
        assert.equal(verdict.intact, true, JSON.stringify(verdict.broken));
        assert.equal(verdict.entries, 20);
      }));

    it('anchors the head and lists anchors newest first; nothing to anchor in an empty log', () =>
      withStore(async ({ store }) => {
        assert.equal(await store.anchorAudit('2026-11-26T10:00:00.000Z'), undefined);
        await store.appendAudit([entry(1)]);
        const first = await store.anchorAudit('2026-11-26T11:00:00.000Z');
        const [two] = await store.appendAudit([entry(2)]);
        const second = await store.anchorAudit('2026-11-26T12:00:00.000Z');
        assert.ok(first && second && two);
        assert.deepEqual(
          { seq: second.seq, hash: second.hash, at: second.at, anchoredAt: second.anchoredAt },
          { seq: 2, hash: two.hash, at: two.at, anchoredAt: '2026-11-26T12:00:00.000Z' },
        );
        assert.deepEqual(await store.listAuditAnchors(10), [second, first]);
        assert.deepEqual(await store.listAuditAnchors(1), [second]);
      }));

    it('refuses UPDATE and DELETE of entries as raw SQL', () =>
      withStore(async ({ store, sql }) => {
        await store.appendAudit([entry(1)]);
        await assert.rejects(sql("UPDATE audit_log SET actor = 'mallory'"), /append-only/);
        await assert.rejects(sql('DELETE FROM audit_log'), /append-only/);
      }));

    it('an edited entry breaks at that entry (hash mismatch)', () =>
      withStore(async ({ store, sql, dropGuards }) => {
        await fiveEntries(store);
        await dropGuards();
        await sql(`UPDATE audit_log SET detail = '{"n":30}' WHERE seq = 3`);
        const { intact, broken } = await verify(store);
        assert.equal(intact, false);
        assert.deepEqual(broken, {
          seq: 3,
          kind: 'hash',
          message: 'entry 3 was edited (its hash does not match)',
        });
      }));

    it('an entry edited with its hash recomputed breaks at the next entry (link)', () =>
      withStore(async ({ store, sql, dropGuards }) => {
        await fiveEntries(store);
        const [two] = await store.listAudit(1, 1);
        assert.ok(two);
        const forged = { ...two, detail: '{"n":20}' };
        await dropGuards();
        await sql(
          `UPDATE audit_log SET detail = '${forged.detail}', hash = '${entryHash(forged)}' WHERE seq = 2`,
        );
        const { broken } = await verify(store);
        assert.deepEqual(broken, {
          seq: 3,
          kind: 'link',
          message: 'entry 3 does not follow entry 2 (entries were removed or reordered)',
        });
      }));

    it('a removed entry breaks where the gap is', () =>
      withStore(async ({ store, sql, dropGuards }) => {
        await fiveEntries(store);
        await dropGuards();
        await sql('DELETE FROM audit_log WHERE seq = 2');
        const { broken } = await verify(store);
        assert.deepEqual(broken, { seq: 3, kind: 'gap', message: 'entry 2 is missing (removed)' });
      }));

    it('a removed entry with the rest renumbered breaks at the first renumbered entry (link)', () =>
      withStore(async ({ store, sql, dropGuards }) => {
        await fiveEntries(store);
        await dropGuards();
        await sql('DELETE FROM audit_log WHERE seq = 2');
        for (const seq of [3, 4, 5]) await sql(`UPDATE audit_log SET seq = ${seq - 1} WHERE seq = ${seq}`);
        const { broken } = await verify(store);
        assert.deepEqual(broken, {
          seq: 2,
          kind: 'link',
          message: 'entry 2 does not follow entry 1 (entries were removed or reordered)',
        });
      }));

    it('two swapped entries break at the first of them (link)', () =>
      withStore(async ({ store, sql, dropGuards }) => {
        await fiveEntries(store);
        await dropGuards();
        await sql('UPDATE audit_log SET seq = -1 WHERE seq = 3');
        await sql('UPDATE audit_log SET seq = 3 WHERE seq = 4');
        await sql('UPDATE audit_log SET seq = 4 WHERE seq = -1');
        const { broken } = await verify(store);
        assert.equal(broken?.seq, 3);
        assert.equal(broken.kind, 'link');
      }));

    it('the last entries removed verify alone, but not against an anchor taken before', () =>
      withStore(async ({ store, sql, dropGuards }) => {
        await fiveEntries(store);
        const head = await store.auditHead();
        assert.ok(head);
        const anchor = { seq: head.seq, hash: head.hash, at: head.at };
        await dropGuards();
        await sql('DELETE FROM audit_log WHERE seq >= 4');
        assert.equal((await verify(store)).intact, true);
        const against = await verifyAuditChain((after, limit) => store.listAudit(after, limit), [anchor]);
        assert.equal(against.intact, false);
        assert.equal(against.broken?.kind, 'anchor');
        assert.equal(against.broken.seq, 5);
      }));
  });
}
