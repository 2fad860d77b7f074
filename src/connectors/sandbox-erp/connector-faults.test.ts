import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { PushResult } from '../kit/connector.ts';
import { createSandboxErpConnector } from './connector.ts';
import { startSandboxErp } from './server.ts';
import { API_KEY, billableLine, costPosting, okId, provisioned, startHarness } from './test-fixtures.ts';
import type { Harness } from './test-fixtures.ts';

function retry(reasonCode: string): (result: PushResult | undefined) => void {
  return (result) => {
    assert.equal(result?.outcome, 'retry', JSON.stringify(result));
    assert.equal(result.reasonCode, reasonCode, JSON.stringify(result));
  };
}

describe('sandbox ERP connector under injected faults', () => {
  let h: Harness;
  let projectId: string;
  before(async () => {
    h = await startHarness();
    projectId = await provisioned(h.connector, 'FAULTS-1');
  });
  beforeEach(() => h.erp.setFaults({}));
  after(() => h.close());

  it('answers a 429 with retry erp.rate_limited and the Retry-After delay, applying nothing', async () => {
    h.erp.setFaults({ rateLimit: { every: 1, retryAfterSeconds: 2 } });
    const before = h.erp.report();
    const results = await h.connector.push([billableLine('RL-1', projectId), costPosting('RL-1', projectId)]);
    for (const result of results) {
      retry('erp.rate_limited')(result);
      assert.equal(result.outcome === 'retry' && result.retryAfterMs, 2000);
    }
    const after = h.erp.report();
    assert.equal(after.billingLines.count, before.billingLines.count);
    assert.equal(after.costPostings.count, before.costPostings.count);
    assert.equal(after.faultsInjected.rateLimited, before.faultsInjected.rateLimited + 1);
    h.erp.setFaults({});
    assert.ok(
      (
        await h.connector.push(
          results.map((_, i) => (i === 0 ? billableLine('RL-1', projectId) : costPosting('RL-1', projectId))),
        )
      ).every((r) => r.outcome === 'ok'),
    );
  });

  it('rate-limits every Nth request only', async () => {
    h.erp.setFaults({ rateLimit: { every: 3, retryAfterSeconds: 1 } });
    const outcomes: string[] = [];
    for (const entry of ['N-1', 'N-2', 'N-3', 'N-4', 'N-5', 'N-6'])
      outcomes.push((await h.connector.push([billableLine(entry, projectId)]))[0]?.outcome ?? 'none');
    assert.deepEqual(outcomes, ['ok', 'ok', 'retry', 'ok', 'ok', 'retry']);
  });

  it('answers a 503 with retry erp.unavailable, nothing applied, then succeeds', async () => {
    h.erp.setFaults({ serverErrors: { next: 1 } });
    const count = h.erp.report().billingLines.count;
    const [failed] = await h.connector.push([billableLine('SE-1', projectId)]);
    retry('erp.unavailable')(failed);
    assert.match(failed?.outcome === 'retry' ? failed.message : '', /503/);
    assert.equal(h.erp.report().billingLines.count, count);
    const [succeeded] = await h.connector.push([billableLine('SE-1', projectId)]);
    assert.equal(succeeded?.outcome === 'ok' && succeeded.replayed, false);
  });

  it('answers a 500 with retry erp.unavailable too', async () => {
    h.erp.setFaults({ serverErrors: { next: 1, status: 500 } });
    const [failed] = await h.connector.push([billableLine('SE-2', projectId)]);
    retry('erp.unavailable')(failed);
    assert.match(failed?.outcome === 'retry' ? failed.message : '', /500/);
  });

  it('does not send later chunks once a chunk must be retried', async () => {
    const connector = h.connect({ maxBatch: 2 });
    h.erp.setFaults({ serverErrors: { next: 1 } });
    const before = h.erp.report();
    const results = await connector.push(
      ['H-1', 'H-2', 'H-3', 'H-4', 'H-5'].map((e) => billableLine(e, projectId)),
    );
    results.forEach(retry('erp.unavailable'));
    const after = h.erp.report();
    assert.equal(after.requests, before.requests + 1);
    assert.equal(after.billingLines.count, before.billingLines.count);
  });

  it('survives a lost response: the retry replays the same ids and books nothing twice', async () => {
    const commands = [
      billableLine('FA-1', projectId),
      costPosting('FA-1', projectId),
      billableLine('FA-2', projectId),
    ];
    h.erp.setFaults({ failAfterApply: { next: 1 } });
    const before = h.erp.report();
    const lost = await h.connector.push(commands);
    lost.forEach(retry('erp.unavailable'));
    const applied = h.erp.report();
    assert.equal(applied.billingLines.count, before.billingLines.count + 2, 'the batch was applied');
    assert.equal(applied.costPostings.count, before.costPostings.count + 1);
    assert.equal(applied.faultsInjected.failAfterApply, before.faultsInjected.failAfterApply + 1);

    const retried = await h.connector.push(commands);
    for (const result of retried) assert.equal(result.outcome === 'ok' && result.replayed, true);
    const listed = (await (
      await h.call('GET', `/erp/v1/billing_lines?source_ref=time-entry:sandbox-psa:FA-1`)
    ).json()) as { data: { billing_line_id: string }[] };
    assert.deepEqual(
      listed.data.map((l) => l.billing_line_id),
      [okId(retried[0])],
    );
    const final = h.erp.report();
    assert.equal(final.billingLines.count, applied.billingLines.count);
    assert.equal(final.costPostings.count, applied.costPostings.count);
    assert.equal(final.duplicateSourceRefs, 0);
  });

  it('times out, answers 409 in flight to a retry that overtakes the first request, then replays', async () => {
    const impatient = h.connect({ timeoutMs: 100 });
    const patient = h.connect({ timeoutMs: 5000 });
    h.erp.setFaults({ latencyMs: 800 });
    const line = billableLine('TO-1', projectId);
    const [timedOut] = await impatient.push([line]);
    retry('erp.timeout')(timedOut);
    // The first request is still being processed on the ERP when the retry arrives.
    const [overtaking] = await patient.push([line]);
    retry('erp.idempotency_key_in_flight')(overtaking);
    await sleep(100);
    h.erp.setFaults({});
    const [replayed] = await patient.push([line]);
    assert.equal(replayed?.outcome === 'ok' && replayed.replayed, true, JSON.stringify(replayed));
    const listed = (await (
      await h.call('GET', `/erp/v1/billing_lines?source_ref=time-entry:sandbox-psa:TO-1`)
    ).json()) as { data: unknown[] };
    assert.equal(listed.data.length, 1);
  });

  it('draws random server errors from a seed, the same sequence each time', async () => {
    const pattern = async () => {
      h.erp.setFaults({ serverErrorRate: 0.5, seed: 42 });
      const outcomes: string[] = [];
      for (let i = 0; i < 16; i++)
        outcomes.push((await h.connector.push([billableLine('SR-1', projectId)]))[0]?.outcome ?? 'none');
      return outcomes.join(',');
    };
    const first = await pattern();
    assert.equal(await pattern(), first);
    assert.match(first, /retry/);
    assert.match(first, /ok/);
  });

  it('answers retry erp.unavailable when the ERP is not reachable', async () => {
    const gone = await startSandboxErp({ apiKey: API_KEY });
    await gone.close();
    const connector = createSandboxErpConnector({
      system: 'sandbox-erp',
      baseUrl: gone.url,
      apiKey: API_KEY,
    });
    try {
      const results = await connector.push([
        billableLine('GONE-1', projectId),
        costPosting('GONE-1', projectId),
      ]);
      results.forEach(retry('erp.unavailable'));
    } finally {
      await connector.close();
    }
  });
});
