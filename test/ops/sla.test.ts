// SLA timers on a whole Ledgerline: a time entry parked past its domain's objective is a breach (a bus
// event, the admin API, a metric, an alert); once it is posted the domain recovers.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { useHarness } from '../support/harness.ts';
import { readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import { waitFor } from '../support/wait.ts';
import { registerSlaMetrics } from '../../src/ops/sla/sla-metrics.ts';
import type { PipelineEvents } from '../../src/pipeline/bus.ts';

interface SlaRow {
  domain: string;
  objective: string;
  objectiveMs: number;
  open: number;
  breaching: number;
  oldestAgeMs: number | null;
  status: 'ok' | 'breached';
}

describe('SLA timers per data domain', () => {
  const h = useHarness({
    configure: (config) => ({
      ...config,
      governance: { domains: { time: { systemOfRecord: 'sandbox-psa', latency: '500ms' } } },
      alerts: { evaluateEvery: '100ms' },
    }),
  });
  const registry = new Registry();
  const breached: PipelineEvents['sla.breached'][] = [];
  const recovered: PipelineEvents['sla.recovered'][] = [];

  async function slaRows(): Promise<SlaRow[]> {
    const { status, body } = await h.get('/v1/admin/sla');
    assert.equal(status, 200);
    return (body as { domains: SlaRow[] }).domains;
  }
  const metric = async (name: string) => (await registry.getSingleMetricAsString(name)).split('\n');

  before(async () => {
    h.service.pipeline.bus.on('sla.breached', (e) => breached.push(e));
    h.service.pipeline.bus.on('sla.recovered', (e) => recovered.push(e));
    registerSlaMetrics(registry, h.service.sla);
    await h.postEvents([readyProject('project:test-psa:S-1'), resourceUpdated('resource:test-psa:U-1')]);
    await waitFor('project provisioned', () => h.erp.report().projects === 1);
  });

  it('lists every data domain with its objective from the governance config', async () => {
    const rows = await slaRows();
    const time = rows.find((r) => r.domain === 'time');
    assert.deepEqual([time?.objective, time?.objectiveMs], ['500ms', 500]);
    const customer = rows.find((r) => r.domain === 'customer');
    assert.deepEqual([customer?.objective, customer?.objectiveMs], ['5m', 300_000], 'the default latency');
    assert.deepEqual(
      [customer?.open, customer?.breaching, customer?.oldestAgeMs, customer?.status],
      [0, 0, null, 'ok'],
    );
    assert.equal(rows.length, 14);
  });

  it('turns a domain breached when its work waits past the objective', async () => {
    const time = timeApproved('time:test-psa:S-101', 'project:test-psa:S-2', 'resource:test-psa:U-1');
    await h.postEvents(time);
    await waitFor('the breach event', () => breached.some((e) => e.domain === 'time'));
    assert.deepEqual(
      breached.map((e) => [e.domain, e.objective, e.breaching, e.open]),
      [['time', '500ms', 1, 1]],
    );
    const row = (await slaRows()).find((r) => r.domain === 'time');
    assert.equal(row?.status, 'breached');
    assert.equal(row?.breaching, 1);
    assert.ok((row?.oldestAgeMs ?? 0) >= 500, `oldest ${row?.oldestAgeMs} ms`);
    assert.ok((await metric('ledgerline_sla_breaches')).includes('ledgerline_sla_breaches{domain="time"} 1'));
    assert.ok(
      (await metric('ledgerline_sla_breaches_total')).includes(
        'ledgerline_sla_breaches_total{domain="time"} 1',
      ),
    );
    await waitFor('the SLA alert', async () => {
      const { body } = await h.get('/v1/admin/alerts?state=firing');
      return (body as { alerts: { key: string; failureDomain: string }[] }).alerts.find(
        (a) => a.key === 'sla:time',
      );
    });
  });

  it('recovers once the work is done, and the breach stays counted', async () => {
    await h.postEvents(readyProject('project:test-psa:S-2'));
    await waitFor('the recovery event', () => recovered.some((e) => e.domain === 'time'));
    await waitFor(
      'the status back to ok',
      async () => (await slaRows()).find((r) => r.domain === 'time')?.status === 'ok',
    );
    assert.ok((await metric('ledgerline_sla_breaches')).includes('ledgerline_sla_breaches{domain="time"} 0'));
    assert.ok(
      (await metric('ledgerline_sla_breaches_total')).includes(
        'ledgerline_sla_breaches_total{domain="time"} 1',
      ),
    );
    // The alert evaluator runs on its own timer, so the alert resolves on its next pass after recovery.
    const alert = await waitFor('the SLA alert resolved', async () => {
      const { body } = await h.get('/v1/admin/alerts?state=resolved&limit=10');
      return (body as { alerts: Record<string, unknown>[] }).alerts.find((a) => a['key'] === 'sla:time');
    });
    assert.deepEqual(Object.keys(alert).sort(), [
      'count',
      'detail',
      'failureDomain',
      'firstAt',
      'id',
      'key',
      'lastAt',
      'routedTo',
      'state',
      'title',
    ]);
    assert.deepEqual([alert['failureDomain'], alert['count'], alert['routedTo']], ['sla', 1, []]);
    assert.match(String(alert['firstAt']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('refuses a malformed alerts query as a problem', async () => {
    for (const query of ['limit=0', 'limit=x', 'state=open']) {
      const response = await fetch(`${h.service.url}/v1/admin/alerts?${query}`);
      assert.equal(response.status, 400, query);
      assert.equal(response.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      const problem = (await response.json()) as { type: string; status: number; detail: string };
      assert.equal(problem.type, 'https://ledgerline.dev/problems/invalid-query');
      assert.match(problem.detail, /limit is a whole number from 1 to 1000/);
    }
  });
});
