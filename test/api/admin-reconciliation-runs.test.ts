// Period reconciliation runs over the admin API: `ledgerline reconcile --period --config` against the
// sandbox PSA and ERP of a running Ledgerline (nothing synced, so the PSA's month is missing in the ERP)
// stores the run, and the console reads it back with its differences, by class, side by side.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from '../support/harness.ts';
import { runCli, writeConfig } from '../support/child-service.ts';
import { oneEntryFirm } from '../support/one-entry-firm.ts';

interface Run {
  id: number;
  period: string;
  entity: string | null;
  ranAt: string;
  ranBy: string;
  sourceSystem: string;
  targetSystem: string;
  ok: boolean;
  truncated: boolean;
  counts: Record<string, number>;
  differences: number;
}

interface RunDetail extends Run {
  totals: { records: { source: number; target: number } };
  differenceList: {
    class: string;
    key: string;
    entity: string;
    source: { count: number; amount: string } | null;
    target: unknown;
    amountDifference: string;
  }[];
}

describe('admin API: reconciliation runs', () => {
  const h = useHarness();

  it('lists a period run made with the CLI and drills into its differences', async () => {
    const config = writeConfig(h.dir, h.config);
    h.psa.seed(oneEntryFirm);
    const ran = await runCli(['reconcile', '--period', '2026-10', '--config', config], h.env);
    assert.equal(ran.code, 1, ran.stdout + ran.stderr);

    const listed = await h.get('/v1/admin/reconciliation/runs?period=2026-10');
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    const runs = (listed.body as { runs: Run[] }).runs;
    assert.equal(runs.length, 1);
    const [run] = runs;
    assert.ok(run);
    assert.equal(run.period, '2026-10');
    assert.equal(run.entity, null);
    assert.equal(run.ok, false);
    assert.equal(run.truncated, false);
    assert.equal(run.sourceSystem, 'sandbox-psa');
    assert.equal(run.targetSystem, 'sandbox-erp');
    assert.match(run.ranAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.ok(run.ranBy.length > 0);
    // The billable line and its cost: both missing in the ERP, which was never sent anything.
    assert.equal(run.counts['missing_in_target'], 2);
    assert.equal(run.differences, 2);
    assert.deepEqual((await h.get('/v1/admin/reconciliation/runs?period=2026-09')).body, { runs: [] });

    const detail = await h.get(`/v1/admin/reconciliation/runs/${run.id}`);
    assert.equal(detail.status, 200, JSON.stringify(detail.body));
    const body = detail.body as RunDetail;
    assert.equal(body.totals.records.target, 0);
    assert.deepEqual(
      body.differenceList.map((d) => [d.class, d.key, d.entity, d.target, d.amountDifference]),
      [
        ['missing_in_target', 'billable-time:time:sandbox-psa:100001', 'LL-UK', null, '-999.98'],
        ['missing_in_target', 'cost:time:sandbox-psa:100001', 'LL-UK', null, '-468.75'],
      ],
    );
    assert.equal(body.differenceList[0]?.source?.amount, '999.98');

    const drift = await h.get(`/v1/admin/reconciliation/runs/${run.id}?class=amount_drift`);
    assert.deepEqual((drift.body as RunDetail).differenceList, []);
    const paged = await h.get(`/v1/admin/reconciliation/runs/${run.id}?limit=1&offset=1`);
    assert.deepEqual(
      (paged.body as RunDetail).differenceList.map((d) => d.key),
      ['cost:time:sandbox-psa:100001'],
    );
  });

  it('answers problems for bad ids, unknown runs and bad queries', async () => {
    const cases: [string, number, string][] = [
      ['/v1/admin/reconciliation/runs/abc', 400, 'invalid-id'],
      ['/v1/admin/reconciliation/runs/987654', 404, 'reconciliation-run-not-found'],
      ['/v1/admin/reconciliation/runs?period=2026-13', 400, 'invalid-request'],
      ['/v1/admin/reconciliation/runs?limit=0', 400, 'invalid-request'],
      ['/v1/admin/reconciliation/runs/1?class=typo', 400, 'invalid-request'],
    ];
    for (const [path, status, slug] of cases) {
      const { status: actual, body } = await h.get(path);
      assert.equal(actual, status, `${path}: ${JSON.stringify(body)}`);
      assert.equal((body as { type: string }).type, `https://ledgerline.dev/problems/${slug}`, path);
    }
  });
});
