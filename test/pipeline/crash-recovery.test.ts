// `ledgerline serve` is killed with SIGKILL in the middle of delivering, then started again on the same
// SQLite file: every accepted entry is posted, none twice.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startSandboxErp, type SandboxErp } from '../../src/connectors/sandbox-erp/server.ts';
import { startSandboxPsa, type SandboxPsa } from '../../src/connectors/sandbox-psa/server.ts';
import { testConfig } from '../support/harness.ts';
import { readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import { startChildService, writeConfig } from '../support/child-service.ts';
import { waitFor } from '../support/wait.ts';

describe('crash in the middle of delivery', () => {
  let dir: string;
  let erp: SandboxErp;
  let psa: SandboxPsa;
  const env = {
    CRASH_PSA_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
    CRASH_ERP_KEY: randomBytes(16).toString('hex'),
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledgerline-crash-'));
    erp = await startSandboxErp({ apiKey: env.CRASH_ERP_KEY });
    psa = await startSandboxPsa({ webhookSecret: env.CRASH_PSA_SECRET });
  });
  after(async () => {
    await erp.close();
    await psa.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses nothing and posts nothing twice after SIGKILL and restart', async () => {
    const config = testConfig({
      dir,
      psaUrl: psa.url,
      erpUrl: erp.url,
      secretEnv: { psa: 'CRASH_PSA_SECRET', erp: 'CRASH_ERP_KEY' },
      poll: false,
      delivery: { batchSize: 50, concurrency: 2, maxAttempts: 10, baseDelayMs: 20, maxDelayMs: 500 },
      bodyLimitBytes: 4_194_304,
    });
    const configFile = writeConfig(dir, config);
    const post = async (url: string, body: unknown) => {
      const response = await fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return response.status;
    };

    const first = await startChildService(configFile, env);
    assert.equal(
      await post(first.url, [readyProject('project:test-psa:C-1'), resourceUpdated('resource:test-psa:U-1')]),
      202,
    );
    await waitFor('project provisioned', () => erp.report().projects === 1);

    // Slow the ERP so the kill lands while batches are in flight; the last batch's response may be lost.
    erp.setFaults({ latencyMs: 40 });
    const total = 1000;
    const entries = Array.from({ length: total }, (_, i) =>
      timeApproved(`time:test-psa:C-${i}`, 'project:test-psa:C-1', 'resource:test-psa:U-1', {
        hours: '1.25',
        billable: i % 5 !== 0,
      }),
    );
    for (let i = 0; i < total; i += 250) assert.equal(await post(first.url, entries.slice(i, i + 250)), 202);
    await waitFor('some postings delivered', () => erp.report().costPostings.count >= 100, 30_000);
    await first.kill('SIGKILL');
    const atKill = erp.report().costPostings.count;
    assert.ok(atKill < total, `the kill came before the end (${atKill} of ${total} cost postings)`);

    erp.setFaults({});
    const second = await startChildService(configFile, env);
    try {
      await waitFor('every entry posted', () => erp.report().costPostings.count === total, 60_000);
      await waitFor('billable lines', () => erp.report().billingLines.count === total - total / 5, 30_000);
      const report = erp.report();
      assert.equal(report.duplicateSourceRefs, 0, 'no time entry was posted twice');
      assert.equal(report.costPostings.hours, '1250.00');
      const health = (await (await fetch(`${second.url}/healthz`)).json()) as {
        events: Record<string, number>;
        deliveries: Record<string, number>;
      };
      await waitFor('no pending deliveries', async () => {
        const h = (await (await fetch(`${second.url}/healthz`)).json()) as {
          deliveries: Record<string, number>;
        };
        return h.deliveries['pending'] === 0;
      });
      assert.equal(health.events['dead'], 0);
    } finally {
      await second.kill('SIGTERM');
    }
  });
});
