// GET /metrics on a whole Ledgerline (sandbox PSA and ERP, real SQLite or PostgreSQL): the counters move
// by what flowed, in both places deliverers run (their own thread, whose measurements are relayed, and the
// main thread); gauges read from the store show parked work and dead letters.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from '../support/harness.ts';
import { projectActivated, readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import { eventViews } from '../support/event-view.ts';
import { waitFor } from '../support/wait.ts';
import { scrape, type Scrape } from './prometheus-text.ts';

const timeType = 'io.ledgerline.time.approved.v1';
const source = 'test-psa';
const erp = { target: 'sandbox-erp' };

for (const thread of ['worker', 'main'] as const)
  describe(`GET /metrics (deliverers in the ${thread} thread)`, () => {
    const h = useHarness({ delivery: { thread, maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 } });
    const { settled } = eventViews(() => h);
    const metrics = () => scrape(`${h.service.url}/metrics`);
    /** Scrapes until `check` holds (a relayed notice may land just after the store shows the work done). */
    const scrapeUntil = (what: string, check: (s: Scrape) => boolean) =>
      waitFor(what, async () => {
        const s = await metrics();
        return check(s) ? s : undefined;
      });

    it('counts approved time from intake to the ERP: received, decided, delivered, confirmed, latency', async () => {
      const project = readyProject(`project:test-psa:M-${thread}`);
      const resource = resourceUpdated(`resource:test-psa:M-${thread}`);
      assert.equal((await h.postEvents([project, resource])).status, 202);
      await settled(project.id, 'completed');
      const before = await metrics();

      const entries = [1, 2, 3].map((n) =>
        timeApproved(`time:test-psa:M-${thread}-${n}`, project.data.id, resource.data.id),
      );
      assert.equal((await h.postEvents(entries)).status, 202);
      for (const e of entries) await settled(e.id, 'completed');
      const after = await scrapeUntil(
        'three time postings counted',
        (s) =>
          s.sum('ledgerline_deliveries_total', { ...erp, kind: 'postTimeEntry', outcome: 'ok' }) -
            before.sum('ledgerline_deliveries_total', { ...erp, kind: 'postTimeEntry', outcome: 'ok' }) >=
          3,
      );
      const delta = (name: string, labels: Record<string, string> = {}) =>
        after.sum(name, labels) - before.sum(name, labels);

      assert.equal(delta('ledgerline_events_received_total', { type: timeType, source }), 3);
      assert.equal(delta('ledgerline_events_received_total'), 3);
      assert.equal(delta('ledgerline_events_decided_total', { type: timeType, outcome: 'delivering' }), 3);
      assert.equal(delta('ledgerline_deliveries_total', { ...erp, kind: 'postTimeEntry', outcome: 'ok' }), 3);
      assert.equal(delta('ledgerline_deliveries_total', { outcome: 'dead' }), 0);
      assert.equal(delta('ledgerline_delivery_latency_seconds_count', erp), 3);
      // Every latency is below the largest finite bucket's bound... and counted in +Inf.
      assert.equal(delta('ledgerline_delivery_latency_seconds_bucket', { ...erp, le: '+Inf' }), 3);
      assert.ok(delta('ledgerline_delivery_latency_seconds_sum', erp) > 0);
      assert.equal(delta('ledgerline_events_confirmed_total'), 3);
      assert.equal(delta('ledgerline_failures_total'), 0);
      // The ERP was called (one push or more, each answered 2xx) and each call was timed.
      const calls = after
        .labelsOf('ledgerline_target_api_duration_seconds_count')
        .filter((l) => l['target'] === 'sandbox-erp');
      assert.ok(calls.length > 0, 'target API calls are labelled by target and status');
      assert.ok(
        calls.every((l) => /^\d{3}$/.test(l['status'] ?? '')),
        JSON.stringify(calls),
      );
      assert.ok(delta('ledgerline_target_api_duration_seconds_count', erp) >= 1);
      assert.equal(
        delta('ledgerline_target_api_duration_seconds_count', erp),
        ['200', '201'].reduce(
          (n, status) => n + delta('ledgerline_target_api_duration_seconds_count', { ...erp, status }),
          0,
        ),
        'no failed call while the ERP is healthy',
      );
    });

    it('counts a duplicate as dropped, not received', async () => {
      const resource = resourceUpdated(`resource:test-psa:D-${thread}`);
      await h.postEvents(resource);
      await settled(resource.id, 'completed');
      const before = await metrics();
      assert.equal((await h.postEvents(resource)).status, 200);
      const after = await metrics();
      const labels = { type: 'io.ledgerline.resource.updated.v1', source };
      assert.equal(
        after.sum('ledgerline_duplicates_dropped_total', labels) -
          before.sum('ledgerline_duplicates_dropped_total', labels),
        1,
      );
      assert.equal(
        after.sum('ledgerline_events_received_total') - before.sum('ledgerline_events_received_total'),
        0,
      );
    });

    it('shows an ERP outage as retries, failures by reason code, a dead letter and the 503s the ERP answered', async () => {
      const project = readyProject(`project:test-psa:F-${thread}`);
      const resource = resourceUpdated(`resource:test-psa:F-${thread}`);
      await h.postEvents([project, resource]);
      await settled(project.id, 'completed');
      const before = await metrics();
      h.erp.setFaults({ serverErrors: { next: 1000, status: 503 } });
      try {
        const time = timeApproved(`time:test-psa:F-${thread}-1`, project.data.id, resource.data.id);
        await h.postEvents(time);
        const dead = await settled(time.id, 'dead');
        const [letter] = dead.lineage.deadLetters;
        assert.ok(letter, 'the posting was dead-lettered');
        const reason = letter.reasonCode;
        const after = await scrapeUntil(
          'the dead delivery counted',
          (s) =>
            s.sum('ledgerline_deliveries_total', { ...erp, outcome: 'dead' }) >
            before.sum('ledgerline_deliveries_total', { ...erp, outcome: 'dead' }),
        );
        const delta = (name: string, labels: Record<string, string> = {}) =>
          after.sum(name, labels) - before.sum(name, labels);
        assert.equal(
          delta('ledgerline_deliveries_total', { ...erp, kind: 'postTimeEntry', outcome: 'retry' }),
          2,
        );
        assert.equal(
          delta('ledgerline_deliveries_total', { ...erp, kind: 'postTimeEntry', outcome: 'dead' }),
          1,
        );
        assert.equal(delta('ledgerline_failures_total', { stage: 'deliverer', reason_code: reason }), 3);
        assert.ok(delta('ledgerline_target_api_duration_seconds_count', { ...erp, status: '503' }) >= 3);
        assert.equal(after.sum('ledgerline_dead_letters_open', { reason_code: reason }), 1);
        const health = (await h.get('/healthz')).body as { deadLettersOpen: number };
        assert.equal(after.sum('ledgerline_dead_letters_open'), health.deadLettersOpen);
      } finally {
        h.erp.setFaults({});
      }
    });

    it('shows parked work in the queue gauges and by reason, and a refusal by its reason code', async () => {
      const before = await metrics();
      const orphan = timeApproved(
        `time:test-psa:P-${thread}-1`,
        `project:test-psa:NOPE-${thread}`,
        `resource:test-psa:NOPE-${thread}`,
      );
      const incomplete = projectActivated({ id: `project:test-psa:I-${thread}` });
      await h.postEvents([orphan, incomplete]);
      await settled(orphan.id, 'parked');
      const refused = await settled(incomplete.id, 'rejected');
      const after = await metrics();
      const health = (await h.get('/healthz')).body as {
        events: { parked: number };
        deadLettersOpen: number;
      };
      assert.ok(health.events.parked >= 1);
      assert.equal(after.sum('ledgerline_queue_depth', { state: 'parked' }), health.events.parked);
      assert.equal(after.sum('ledgerline_parked_events'), health.events.parked);
      assert.ok(
        after.sum('ledgerline_queue_oldest_age_seconds', { queue: 'transactional', state: 'parked' }) >= 0,
      );
      assert.deepEqual(
        after
          .labelsOf('ledgerline_queue_depth')
          .map((l) => `${l['queue']}/${l['state']}`)
          .sort(),
        [
          'master/accepted',
          'master/parked',
          'master/pending',
          'transactional/accepted',
          'transactional/parked',
          'transactional/pending',
        ],
      );
      const code = refused.reasonCode ?? '';
      assert.notEqual(code, '');
      const delta = (name: string, labels: Record<string, string>) =>
        after.sum(name, labels) - before.sum(name, labels);
      assert.equal(
        delta('ledgerline_events_decided_total', {
          type: 'io.ledgerline.project.activated.v1',
          outcome: 'rejected',
          reason_code: code,
        }),
        1,
      );
      assert.equal(delta('ledgerline_failures_total', { stage: 'processor', reason_code: code }), 1);
      assert.equal(delta('ledgerline_events_decided_total', { type: timeType, outcome: 'parked' }), 1);
      assert.equal(after.sum('ledgerline_dead_letters_open'), health.deadLettersOpen);
    });
  });
