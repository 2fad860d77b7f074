// The property finance relies on: whatever a PSA sends (approvals, edits, deletions, re-approvals, the same
// event twice) and however the ERP misbehaves (errors, lost answers), once the sync is quiet the ERP's live
// postings per entry and per project equal what the PSA has approved, to the cent.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CanonicalEvent, EventOf } from '../../src/contracts/index.ts';
import { extend, sumDecimals } from '../../src/domain/money.ts';
import { useHarness } from '../support/harness.ts';
import { readyProject, resourceUpdated, timeApproved, timeRevised } from '../support/events.ts';
import { eventViews } from '../support/event-view.ts';
import { reconcile, type ReconRecord } from '../../src/reconcile/index.ts';
import { createSandboxErpReconciliationReader } from '../../src/connectors/sandbox-erp/reconciliation-reader.ts';
import type { TimeEntry } from '../../src/contracts/index.ts';

/** What the PSA holds approved, as reconciliation reads a PSA: a billable line and a cost per entry. */
function psaRecords(approved: readonly TimeEntry[]): ReconRecord[] {
  return approved.flatMap((entry) => {
    const base = {
      ref: entry.id,
      entity: 'LL-UK',
      project: entry.projectId,
      date: entry.workDate,
      hours: entry.hours,
      currency: 'GBP',
    };
    const cost = {
      ...base,
      type: 'cost' as const,
      amount: extend(entry.hours, { amount: '62.50', currency: 'GBP' }).amount,
    };
    return entry.billRate
      ? [
          { ...base, type: 'billable-time' as const, amount: extend(entry.hours, entry.billRate).amount },
          cost,
        ]
      : [cost];
  });
}

type Step =
  | {
      readonly kind: 'approve' | 'edit';
      readonly entry: number;
      readonly hours: string;
      readonly rate: string;
    }
  | { readonly kind: 'delete'; readonly entry: number }
  | { readonly kind: 'duplicate'; readonly back: number };

const hours = fc.constantFrom('0.25', '0.33', '1', '7.5', '8');
const rate = fc.constantFrom('100.00', '133.33', '97.03', '141.13');
const entry = fc.nat({ max: 3 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('approve' as const), entry, hours, rate }),
  fc.record({ kind: fc.constant('edit' as const), entry, hours, rate }),
  fc.record({ kind: fc.constant('delete' as const), entry }),
  fc.record({ kind: fc.constant('duplicate' as const), back: fc.nat({ max: 6 }) }),
);

interface PsaEntry {
  event: EventOf<'TimeApproved'>;
  live: boolean;
}

/**
 * What the PSA sends for a sequence of user actions, and what it holds approved at the end. A first
 * approval is TimeApproved; a change, or an approval again after a withdrawal, is TimeRevised with the
 * entry's new state; a deletion is TimeWithdrawn. A duplicate re-sends an event already sent.
 */
function psaRun(run: number, steps: readonly Step[], projects: readonly string[], resource: string) {
  const entries = new Map<number, PsaEntry>();
  const sent: CanonicalEvent[] = [];
  for (const s of steps) {
    if (s.kind === 'duplicate') {
      const again = sent[sent.length - 1 - s.back];
      if (again) sent.push(again);
      continue;
    }
    const known = entries.get(s.entry);
    if (s.kind === 'delete') {
      if (!known?.live) continue;
      known.live = false;
      sent.push({
        ...known.event,
        id: `${known.event.id}/withdrawn/${String(sent.length)}`,
        type: 'io.ledgerline.time.withdrawn.v1',
        data: {
          timeEntryId: known.event.data.id,
          projectId: known.event.data.projectId,
          reason: 'deleted',
          observedAt: '2026-10-20T10:00:00Z',
        },
      });
      continue;
    }
    if (s.kind === 'edit' && !known?.live) continue;
    const changes = { hours: s.hours, billRate: { amount: s.rate, currency: 'GBP' } };
    if (!known) {
      const event = timeApproved(
        `time:test-psa:R${String(run)}-E${String(s.entry)}`,
        projects[s.entry % projects.length] ?? '',
        resource,
        { hours: s.hours, rate: s.rate, workDate: '2026-10-07' },
      );
      entries.set(s.entry, { event, live: true });
      sent.push(event);
      continue;
    }
    const revised = timeRevised(known.event, changes);
    known.event = { ...known.event, data: revised.data };
    known.live = true;
    sent.push(revised);
  }
  const approved = [...entries.values()].filter((e) => e.live).map((e) => e.event.data);
  return { sent, approved, entries: [...entries.values()].map((e) => e.event.data) };
}

describe('property: the ERP ends up holding exactly what the PSA approved', () => {
  const h = useHarness({ delivery: { baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 50 } });
  const { view } = eventViews(() => h);

  async function liveAmounts(sourceRef: string): Promise<{ billing: string[]; cost: string[] }> {
    const read = async (kind: string) => {
      const response = await fetch(
        `${h.erp.url}/erp/v1/${kind}?source_ref=${encodeURIComponent(sourceRef)}&limit=100`,
        {
          headers: { authorization: `Bearer ${h.secrets.apiKey}` },
        },
      );
      return ((await response.json()) as { data: { amount: string }[] }).data.map((r) => r.amount);
    };
    return { billing: await read('billing_lines'), cost: await read('cost_postings') };
  }

  async function quiet(ids: readonly string[]): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (const id of ids)
      for (;;) {
        const v = await view(id);
        if (v.state === 'completed') break;
        assert.ok(!['rejected', 'dead'].includes(v.state), `${id} ended ${v.state}: ${String(v.reason)}`);
        assert.ok(Date.now() < deadline, `${id} still ${v.state} after 30 s: ${String(v.reason)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
  }

  it('for any approvals, edits, deletions, re-approvals and duplicates, with ERP errors and lost answers', async () => {
    const resource = resourceUpdated('resource:test-psa:U-PROP', '62.50');
    assert.equal((await h.postEvents(resource)).status, 202);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 14 }),
        fc.nat({ max: 1000 }),
        async (steps, seed) => {
          run++;
          const projects = [
            `project:test-psa:PROP-${String(run)}-A`,
            `project:test-psa:PROP-${String(run)}-B`,
          ];
          const activations = projects.map((p) => readyProject(p));
          assert.equal((await h.postEvents(activations)).status, 202);
          h.erp.setFaults({ serverErrorRate: 0.1, failAfterApply: { next: 1 }, seed });
          const { sent, approved, entries } = psaRun(run, steps, projects, resource.data.id);
          // 202 accepted, 200 for a duplicate already held.
          for (const event of sent) assert.ok([200, 202].includes((await h.postEvents(event)).status));
          await quiet([...new Set(sent.map((e) => e.id))]);
          h.erp.setFaults({});

          // Per entry: the ERP's postings for it net to the PSA's approved amount (or nothing if withdrawn).
          for (const data of entries) {
            const live = approved.find((a) => a.id === data.id);
            const posted = await liveAmounts(data.id);
            const billed = live?.billRate ? extend(live.hours, live.billRate).amount : '0.00';
            const cost = live ? extend(live.hours, { amount: '62.50', currency: 'GBP' }).amount : '0.00';
            assert.equal(
              sumDecimals(posted.billing, 2),
              billed,
              `${data.id} billing ${posted.billing.join(' ')}`,
            );
            assert.equal(sumDecimals(posted.cost, 2), cost, `${data.id} cost ${posted.cost.join(' ')}`);
          }
          // Per project: the same totals, as finance compares them.
          for (const project of projects) {
            const psaTotal = sumDecimals(
              approved
                .filter((a) => a.projectId === project)
                .map((a) => (a.billRate ? extend(a.hours, a.billRate).amount : '0')),
              2,
            );
            const erpAmounts = await Promise.all(
              entries
                .filter((e) => e.projectId === project)
                .map(async (e) => (await liveAmounts(e.id)).billing),
            );
            assert.equal(sumDecimals(erpAmounts.flat(), 2), psaTotal, project);
          }
          // And the period's reconciliation of this run's projects finds nothing to report.
          const reader = createSandboxErpReconciliationReader({
            system: 'sandbox-erp',
            baseUrl: h.erp.url,
            apiKey: h.secrets.apiKey,
          });
          try {
            const erpSide: ReconRecord[] = [];
            for await (const r of reader.read({ period: '2026-10' }))
              if (projects.includes(r.project)) erpSide.push(r);
            const report = await reconcile(psaRecords(approved), erpSide, { period: '2026-10' });
            assert.deepEqual(report.differences, [], JSON.stringify(report.counts));
            assert.equal(report.ok, true);
          } finally {
            await reader.close();
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});
