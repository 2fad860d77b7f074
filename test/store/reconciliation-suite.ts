// The store's reconciliation operations through the port only, so every adapter runs the same tests:
// delivered postings read back in order, the events received about a subject, and sign-offs chained in
// one transaction each.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { SignOff } from '../../src/store/port.ts';
import { signOffAfter, verifyChain } from '../../src/reconcile/sign-off.ts';
import {
  delivery,
  erp,
  ingestOne,
  provisionedConfirmation,
  projectActivated,
  timeApproved,
  timeEntryId,
} from './fixtures.ts';
import { complete, ok } from './steps.ts';
import type { OpenStore } from './store-suite.ts';
import { storeTestOf } from './store-test.ts';
import type { ReconciliationReport } from '../../src/reconcile/report.ts';

function emptyReport(period: string, differences = 0): ReconciliationReport {
  return {
    period,
    ok: differences === 0,
    read: { source: 3, target: 3 },
    keys: 3,
    counts: {
      missing_in_target: differences,
      extra_in_target: 0,
      duplicate: 0,
      amount_drift: 0,
      fx_difference: 0,
      period_mismatch: 0,
    },
    totals: [],
    differences: [],
  };
}

/** `skip`: a reason the backend is not here (a server that is not running). */
export function runReconciliationStoreSuite(
  name: string,
  open: OpenStore,
  skip: string | false = false,
): void {
  const storeTest = storeTestOf(open);

  describe(`Store reconciliation: ${name}`, { skip }, () => {
    storeTest(
      'lists delivered rows of the asked kinds to one target, oldest first, in pages',
      async (store) => {
        const seq = await ingestOne(store, timeApproved('evt-1', 1));
        await store.applyDecisions(
          [
            {
              seq,
              kind: 'deliver',
              deliveries: [
                delivery('k-1', 'p-1'),
                delivery('k-2', 'p-2', 'postExpense'),
                delivery('k-3', 'p-3'),
                delivery('k-4', 'p-4', 'postTimeEntry', 'other-erp'),
                delivery('k-5', 'p-5', 'provisionProject'),
                delivery('k-6', 'p-6'),
              ],
            },
          ],
          2_000,
        );
        const rows = await store.claimDeliveries(erp, 10, 3_000, 1_000);
        // k-6 stays pending: only delivered rows are postings.
        await complete(
          store,
          rows.filter((r) => r.idempotencyKey !== 'k-6').map((r) => ok(r.seq, `X-${r.idempotencyKey}`)),
          4_000,
        );
        const [other] = await store.claimDeliveries('other-erp', 10, 3_000, 1_000);
        assert.ok(other);
        await complete(store, [ok(other.seq, 'Y')], 4_000);

        const kinds = ['postTimeEntry', 'postExpense'] as const;
        const first = await store.listDelivered({ target: erp, kinds, afterSeq: 0, limit: 2 });
        assert.deepEqual(
          first.map((r) => [r.idempotencyKey, r.kind, r.state, r.externalRefs]),
          [
            ['k-1', 'postTimeEntry', 'delivered', [{ key: 'command', externalId: 'X-k-1' }]],
            ['k-2', 'postExpense', 'delivered', [{ key: 'command', externalId: 'X-k-2' }]],
          ],
        );
        const rest = await store.listDelivered({
          target: erp,
          kinds,
          afterSeq: first[1]?.seq ?? 0,
          limit: 10,
        });
        assert.deepEqual(
          rest.map((r) => r.idempotencyKey),
          ['k-3'],
        );
        assert.deepEqual(
          (await store.listDelivered({ target: erp, kinds: ['postExpense'], afterSeq: 0, limit: 10 })).map(
            (r) => r.idempotencyKey,
          ),
          ['k-2'],
        );
      },
    );

    storeTest('finds the events received about subjects, leaving out confirmations', async (store) => {
      const a = await ingestOne(store, timeApproved('evt-a', 1));
      await ingestOne(store, timeApproved('evt-b', 2));
      const again = await ingestOne(store, timeApproved('evt-c', 1));
      const project = await ingestOne(store, projectActivated('evt-p', 1));
      await store.applyDecisions(
        [{ seq: project, kind: 'deliver', deliveries: [delivery('prov-1', 'p-1', 'provisionProject')] }],
        2_000,
      );
      const [row] = await store.claimDeliveries(erp, 10, 3_000, 1_000);
      assert.ok(row);
      await store.completeDeliveries([ok(row.seq, 'PRJ-1')], 4_000, () => [
        provisionedConfirmation(project, 'evt-p', 1, 'PRJ-1'),
      ]);
      const about = await store.sourceEventsAbout([timeEntryId(1), 'project:sandbox-psa:P-1', 'nothing']);
      assert.deepEqual(
        about.map((e) => [e.seq, e.event.id]),
        [
          [a, 'evt-a'],
          [again, 'evt-c'],
          [project, 'evt-p'],
        ],
      );
      assert.deepEqual(await store.sourceEventsAbout([]), []);
    });

    storeTest('appends sign-offs chained to the latest, and lists them oldest first', async (store) => {
      const seen: (string | undefined)[] = [];
      const append = (period: string, by: string) =>
        store.appendSignOff((previous) => {
          seen.push(previous?.sha256);
          return signOffAfter({
            report: emptyReport(period),
            sides: { source: 'sandbox-psa', target: 'sandbox-erp' },
            signedBy: by,
            signedAt: new Date('2026-11-03T09:00:00Z'),
          })(previous);
        });
      const first = await append('2026-09', 'Ada');
      const second = await append('2026-10', 'Grace');
      assert.deepEqual(seen, [undefined, first.sha256]);
      assert.equal(second.previousSha256, first.sha256);
      const listed = await store.listSignOffs();
      assert.deepEqual(listed, [first, second]);
      assert.deepEqual(
        listed.map((s) => [s.period, s.entity, s.signedBy, s.signedAt, s.differences, s.acceptedDifferences]),
        [
          ['2026-09', null, 'Ada', '2026-11-03T09:00:00.000Z', 0, null],
          ['2026-10', null, 'Grace', '2026-11-03T09:00:00.000Z', 0, null],
        ],
      );
      assert.deepEqual(
        verifyChain(listed).map((c) => c.problem),
        [undefined, undefined],
      );
    });

    storeTest('keeps the chain when a sign-off cannot be built', async (store) => {
      await assert.rejects(
        store.appendSignOff((): SignOff => {
          throw new Error('refused');
        }),
        /refused/,
      );
      assert.deepEqual(await store.listSignOffs(), []);
    });
  });
}
