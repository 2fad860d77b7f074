// Contracts, expenses, releases, parties, invoices and payments survive a restart and a crash, and a
// state file written before they existed still loads.
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSandboxErpConnector } from './connector.ts';
import type { SandboxErpConnector } from './connector.ts';
import { createContract, postExpense, releaseItem } from './q2c-fixtures.ts';
import { startSandboxErp } from './server.ts';
import type { SandboxErp } from './server.ts';
import { API_KEY, billableLine, okId, provisioned } from './test-fixtures.ts';

async function post(erp: SandboxErp, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${erp.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.ok(response.status < 300, `${path} answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

async function changes(erp: SandboxErp): Promise<unknown> {
  const response = await fetch(`${erp.url}/erp/v1/changes?limit=1000`, {
    headers: { authorization: `Bearer ${API_KEY}` },
  });
  return response.json();
}

const acme = {
  party_code: 'ACME',
  legal_name: 'ACME Holdings Ltd',
  currency: 'GBP',
  company: 'LL-UK',
  payment_terms_days: 14,
  active: true,
};

describe('sandbox ERP state file with receivables', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sandbox-erp-q2c-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('recovers every receivable from snapshot plus journal, and carries on numbering', async () => {
    const stateFile = join(dir, 'q2c.json');
    const copy = join(dir, 'q2c-copy.json');
    const erp = await startSandboxErp({ apiKey: API_KEY, stateFile });
    const connector = createSandboxErpConnector({ system: 'sandbox-erp', baseUrl: erp.url, apiKey: API_KEY });
    let restarted: SandboxErp | undefined;
    let again: SandboxErpConnector | undefined;
    try {
      await post(erp, '/admin/parties', acme);
      const project = await provisioned(connector, 'Q2C-1', {
        customerId: 'customer:sandbox-erp:ACME',
        billingModel: 'fixed-fee',
      });
      await erp.flush(); // a snapshot first
      const results = await connector.push([
        createContract('Q2C-1', project, { billingModel: 'fixed-fee' }),
        postExpense('Q-1', project),
        releaseItem('Q-BS-1', project),
        billableLine('Q-T-1', project),
        {
          kind: 'closeProject',
          idempotencyKey: 'Q-CLOSE-1',
          projectId: 'project:sandbox-psa:Q2C-1',
          projectExternalId: project,
          closedDate: '2026-03-31',
        },
      ]);
      results.forEach(okId);
      const run = await post(erp, '/admin/invoice-run', { date: '2026-03-31' });
      const [issued] = run['invoices'] as { invoice_number: string }[];
      await post(erp, '/admin/payments', {
        invoice_number: issued?.invoice_number,
        amount: '10.00',
        date: '2026-04-01',
        method: 'cheque',
      });
      await post(erp, '/admin/parties', { ...acme, active: false });
      await erp.flush(); // then journal lines
      await copyFile(stateFile, copy);
      await copyFile(`${stateFile}.journal`, `${copy}.journal`);
      const report = erp.report();
      const feed = await changes(erp);

      restarted = await startSandboxErp({ apiKey: API_KEY, stateFile: copy });
      again = createSandboxErpConnector({ system: 'sandbox-erp', baseUrl: restarted.url, apiKey: API_KEY });
      assert.deepEqual(restarted.report(), report);
      assert.deepEqual(await changes(restarted), feed);
      assert.equal(report.invoices.byStatus.part_paid, 1);
      assert.equal(report.closedProjects, 1, 'the closure survives the restart');
      // Nothing is invoiced twice; a replayed key answers its original id; numbers continue.
      assert.deepEqual((await post(restarted, '/admin/invoice-run', { date: '2026-04-30' }))['invoices'], []);
      const [replayed] = await again.push([postExpense('Q-1', project)]);
      assert.deepEqual(replayed, { ...results[1], replayed: true });
      okId((await again.push([billableLine('Q-T-2', project)]))[0]);
      const next = await post(restarted, '/admin/invoice-run', { date: '2026-04-30' });
      assert.deepEqual(
        (next['invoices'] as { invoice_number: string }[]).map((i) => i.invoice_number),
        ['UK-2026-000002'],
      );
    } finally {
      await again?.close();
      await restarted?.close();
      await connector.close();
      await erp.close();
    }
  });

  it('loads a state file written before receivables existed', async () => {
    const stateFile = join(dir, 'old.json');
    await writeFile(
      stateFile,
      JSON.stringify({
        format: 'ledgerline.sandbox-erp.state/1',
        generation: 1,
        companies: [{ code: 'LL-UK', currency: 'GBP', tax_codes: ['standard'] }],
        projects: [],
        billing_lines: [],
        cost_postings: [],
        idempotency: [],
        sequences: { project: 0, billingLine: 0, costPosting: 0 },
        stats: {
          replays: 0,
          requests: 0,
          rejected: {},
          faults_injected: { rateLimited: 0, serverErrors: 0, failAfterApply: 0, delayed: 0 },
        },
      }),
    );
    const erp = await startSandboxErp({ apiKey: API_KEY, stateFile });
    try {
      await post(erp, '/admin/parties', acme);
      const connector = createSandboxErpConnector({
        system: 'sandbox-erp',
        baseUrl: erp.url,
        apiKey: API_KEY,
      });
      try {
        const project = await provisioned(connector, 'OLD-1', { customerId: 'customer:sandbox-erp:ACME' });
        okId((await connector.push([billableLine('O-1', project)]))[0]);
      } finally {
        await connector.close();
      }
      // Defaults: the prefix from the company code, the standard rate of 20 %.
      const run = await post(erp, '/admin/invoice-run', { date: '2026-01-15' });
      assert.deepEqual(
        (run['invoices'] as { invoice_number: string; tax_total: string }[]).map((i) => [
          i.invoice_number,
          i.tax_total,
        ]),
        [['UK-2026-000001', '200.00']],
      );
    } finally {
      await erp.close();
    }
  });
});
