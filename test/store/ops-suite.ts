// The store conformance suite for the SLA monitor's and alert router's queries (issue 7, alerts): run by
// every adapter's test file next to the main suite, through the port only.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { NewAlert } from '../../src/store/ops-port.ts';
import { delivery, erp, incompleteProjectActivated, ingestOne, timeApproved } from './fixtures.ts';
import type { OpenStore } from './store-suite.ts';
import { storeTestOf } from './store-test.ts';

const timeType = 'io.ledgerline.time.approved.v1';
const projectType = 'io.ledgerline.project.activated.v1';

function alert(key: string, at: number, overrides: Partial<NewAlert> = {}): NewAlert {
  return {
    key,
    failureDomain: 'mapping',
    title: `title ${key}`,
    detail: `detail at ${at}`,
    routedTo: ['integration-support'],
    at,
    occurrences: 1,
    ...overrides,
  };
}

export function runOpsStoreSuite(name: string, open: OpenStore, skip: string | false = false): void {
  const storeTest = storeTestOf(open);

  describe(`Store conformance (SLA and alerts): ${name}`, { skip }, () => {
    storeTest(
      'counts open work per type with its oldest receipt, and leaves completed work out',
      async (store) => {
        const parked = await ingestOne(store, timeApproved('t-1', 1), 1_000);
        await ingestOne(store, timeApproved('t-2', 2), 5_000);
        const done = await ingestOne(store, timeApproved('t-3', 3), 500);
        const delivering = await ingestOne(store, timeApproved('t-4', 4), 7_000);
        await store.applyDecisions(
          [
            {
              seq: parked,
              kind: 'park',
              dependency: { kind: 'xref', canonicalId: 'project:x:1', system: erp, awaiting: 'project' },
            },
            { seq: done, kind: 'complete' },
            { seq: delivering, kind: 'deliver', deliveries: [delivery('k-4', 'o-4')] },
          ],
          8_000,
        );
        const rejected = await ingestOne(store, incompleteProjectActivated('p-1', 1), 100);
        await store.applyDecisions(
          [{ seq: rejected, kind: 'reject', reasonCode: 'r.x', reason: 'no' }],
          8_000,
        );

        assert.deepEqual(await store.openWorkByType(), [
          { type: timeType, open: 3, oldestReceivedAt: 1_000 },
        ]);
        assert.equal(await store.countOpenReceivedBefore([timeType], 5_000), 1);
        assert.equal(await store.countOpenReceivedBefore([timeType, projectType], 7_001), 3);
        assert.equal(await store.countOpenReceivedBefore([projectType], 10_000), 0);
        assert.equal(await store.countOpenReceivedBefore([], 10_000), 0);
      },
    );

    storeTest(
      'reads dead letters after a cursor in id order, and counts the open ones by reason',
      async (store) => {
        const seqs = [];
        for (const n of [1, 2, 3]) seqs.push(await ingestOne(store, incompleteProjectActivated(`p-${n}`, n)));
        await store.applyDecisions(
          seqs.map((seq, i) => ({
            seq,
            kind: 'reject' as const,
            reasonCode: i === 2 ? 'governance.not_owner' : 'readiness.project_incomplete',
            reason: `refused ${i}`,
          })),
          2_000,
        );
        const all = await store.deadLettersAfter(0, 10);
        assert.deepEqual(
          all.map((d) => d.reasonCode),
          ['readiness.project_incomplete', 'readiness.project_incomplete', 'governance.not_owner'],
        );
        const first = all[0];
        assert.ok(first);
        const rest = await store.deadLettersAfter(first.id, 1);
        assert.deepEqual(
          rest.map((d) => d.id),
          [all[1]?.id],
        );
        assert.deepEqual(await store.deadLettersAfter(all[2]?.id ?? 0, 10), []);

        assert.deepEqual(
          [...(await store.openDeadLettersByReason(['readiness.project_incomplete', 'erp.unauthorized']))],
          [['readiness.project_incomplete', 2]],
        );
        await store.resolveDeadLetter(first.id, 'fixed by hand', 3_000);
        assert.deepEqual(
          [
            ...(await store.openDeadLettersByReason([
              'readiness.project_incomplete',
              'governance.not_owner',
            ])),
          ].sort(),
          [
            ['governance.not_owner', 1],
            ['readiness.project_incomplete', 1],
          ],
        );
        assert.equal((await store.openDeadLettersByReason([])).size, 0);
      },
    );

    storeTest('groups pending deliveries that failed by target and last reason', async (store) => {
      const seq = await ingestOne(store, timeApproved('t-1', 1));
      await store.applyDecisions(
        [
          {
            seq,
            kind: 'deliver',
            deliveries: [delivery('k-1', 'o-1'), delivery('k-2', 'o-2'), delivery('k-3', 'o-3')],
          },
        ],
        2_000,
      );
      assert.deepEqual(await store.retryingDeliveries(), []);
      const claimed = await store.claimDeliveries(erp, 100, 3_000, 60_000);
      assert.equal(claimed.length, 3);
      const [a, b] = claimed;
      assert.ok(a && b);
      await store.completeDeliveries(
        [
          { seq: a.seq, outcome: 'retry', runAt: 10_000, reasonCode: 'erp.unauthorized', message: '401' },
          { seq: b.seq, outcome: 'retry', runAt: 10_000, reasonCode: 'erp.unauthorized', message: '401' },
        ],
        3_000,
        () => [],
      );
      assert.deepEqual(await store.retryingDeliveries(), [
        { target: erp, reasonCode: 'erp.unauthorized', count: 2 },
      ]);
    });

    storeTest(
      'keeps one firing alert per key: repeats add to it, a resolved key opens anew',
      async (store) => {
        const first = await store.raiseAlert(alert('mapping:x', 1_000));
        assert.equal(first.opened, true);
        assert.equal(first.alert.state, 'firing');
        assert.deepEqual(first.alert.routedTo, ['integration-support']);
        const again = await store.raiseAlert(alert('mapping:x', 2_000, { occurrences: 3 }));
        assert.equal(again.opened, false);
        assert.equal(again.alert.id, first.alert.id);
        assert.equal(again.alert.count, 4);
        assert.equal(again.alert.firstAt, 1_000);
        assert.equal(again.alert.lastAt, 2_000);
        assert.equal(again.alert.detail, 'detail at 2000');
        const other = await store.raiseAlert(alert('sla:time', 1_500, { failureDomain: 'sla' }));
        assert.equal(other.opened, true);

        const resolved = await store.resolveAlert('mapping:x', 3_000);
        assert.equal(resolved?.state, 'resolved');
        assert.equal(resolved?.resolvedAt, 3_000);
        assert.equal(await store.resolveAlert('mapping:x', 3_500), undefined);
        const reopened = await store.raiseAlert(alert('mapping:x', 4_000));
        assert.equal(reopened.opened, true);
        assert.notEqual(reopened.alert.id, first.alert.id);

        const all = await store.listAlerts({ limit: 10 });
        assert.deepEqual(
          all.map((a) => [a.key, a.state]),
          [
            ['mapping:x', 'firing'],
            ['mapping:x', 'resolved'],
            ['sla:time', 'firing'],
          ],
        );
        assert.deepEqual(
          (await store.listAlerts({ state: 'resolved', limit: 10 })).map((a) => a.id),
          [first.alert.id],
        );
        assert.equal((await store.listAlerts({ state: 'firing', limit: 1 })).length, 1);
      },
    );

    storeTest('lets concurrent raises of one key open it once', async (store) => {
      const raised = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store.raiseAlert(alert('auth:y', 1_000 + i))),
      );
      assert.equal(raised.filter((r) => r.opened).length, 1);
      const [only] = await store.listAlerts({ limit: 10 });
      assert.equal(only?.count, 8);
    });
  });
}
