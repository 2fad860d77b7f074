// `ledgerline demo --exit --json` from the outside, as a newcomer runs it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/child-service.ts';

interface Summary {
  ok: boolean;
  ingested: number;
  duplicates: number;
  posted: number;
  parked: number;
  deadLettered: number;
  deadLetters: { total: number; byReason: Record<string, number> };
  erp: {
    billingLines: { count: number; amount: Record<string, string> };
    costPostings: { count: number };
    duplicateSourceRefs: number;
  };
  psa: { entries: number; billableEntries: number; billableAmount: Record<string, string> };
  checks: { name: string; ok: boolean }[];
}

interface QuoteToCashSummary {
  ok: boolean;
  workflows: {
    workflow: string;
    received: number;
    completed: number;
    confirmed: number | null;
    parked: number;
    rejected: number;
    dead: number;
    reasons: Record<string, number>;
  }[];
  checks: { name: string; ok: boolean; actual: unknown }[];
  erp: { invoices: { count: number }; parties: number; duplicateSourceRefs: number };
  psa: { invoices: { count: number; byStatus: Record<string, number> }; payments: { count: number } };
  duplicatesRefused: number;
}

describe('ledgerline demo', () => {
  it('closes the quote-to-cash loop on the full services firm and reports each workflow', async () => {
    const result = await runCli(['demo', '--port', '0', '--exit', '--json'], {}, 600_000);
    assert.equal(result.code, 0, result.stderr.slice(-3000));
    const summary = JSON.parse(result.stdout) as QuoteToCashSummary;
    assert.equal(summary.ok, true, JSON.stringify(summary.checks.filter((c) => !c.ok)));
    const flow = (name: string) => {
      const found = summary.workflows.find((w) => w.workflow.startsWith(name));
      assert.ok(found, `a workflow named ${name}`);
      return found;
    };
    // The full dataset: 40 customers, 150 projects, a quarter of time, a pipeline of deals.
    assert.equal(flow('customer master').confirmed, 40);
    const deals = flow('won deal CRM');
    // The firm's 150 projects and one engagement per won deal.
    assert.equal(flow('project PSA').confirmed, 150 + deals.completed);
    assert.ok((flow('approved time').confirmed ?? 0) > 10_000);
    assert.ok((flow('approved expenses').confirmed ?? 0) > 0);
    assert.ok((flow('milestone').confirmed ?? 0) > 0);
    assert.equal(
      flow("won deal's contract").completed,
      deals.completed,
      'each won engagement got its contract',
    );
    assert.ok(deals.completed > 0);
    assert.equal(deals.rejected, deals.reasons['readiness.opportunity_incomplete'] ?? 0);
    // Every invoice the ERP issued reached the PSA, and every payment; three in four invoices are paid.
    const invoices = flow('invoice');
    assert.ok(invoices.received > 0);
    assert.equal(invoices.confirmed, invoices.received);
    assert.equal(summary.psa.invoices.count, invoices.received);
    assert.equal(flow('payment').confirmed, summary.psa.payments.count);
    assert.equal(summary.psa.invoices.byStatus['paid'], summary.psa.payments.count);
    assert.equal(summary.erp.duplicateSourceRefs, 0);
    assert.ok(summary.duplicatesRefused > 0, 'the PSA delivered some events twice');
    assert.match(result.stderr, /The ERP's invoice run of 2026-09-30 issued \d+ invoices/);
  });

  it("closes the loop on the README's small firm, its one closed project closed in the ERP", async () => {
    // Small enough that a project's activation and closure reach Ledgerline in one batch of the PSA's
    // feed: the closure must wait for the project's provisioning, not complete without reaching the ERP.
    const small = ['--customers', '10', '--projects', '20', '--consultants', '30', '--weeks', '2'];
    const result = await runCli(
      ['demo', '--port', '0', '--exit', '--json', ...small, '--deals', '20'],
      {},
      120_000,
    );
    assert.equal(result.code, 0, result.stderr.slice(-3000));
    const summary = JSON.parse(result.stdout) as QuoteToCashSummary;
    assert.equal(summary.ok, true, JSON.stringify(summary.checks.filter((c) => !c.ok)));
    const closures = summary.workflows.find((w) => w.workflow === 'project closed -> ERP');
    assert.ok((closures?.completed ?? 0) > 0, 'the small firm closes a project');
  });

  it('time-posting: posts every approved entry exactly once and says so in one JSON object', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledgerline-demo-test-'));
    try {
      const result = await runCli(
        [
          'demo',
          '--scenario',
          'time-posting',
          '--port',
          '0',
          '--exit',
          '--json',
          '--entries',
          '800',
          '--data-dir',
          join(dir, 'run'),
        ],
        {},
        240_000,
      );
      assert.equal(result.code, 0, result.stderr.slice(-3000));
      const summary = JSON.parse(result.stdout) as Summary;
      assert.equal(summary.ok, true);
      for (const key of ['ingested', 'duplicates', 'posted', 'parked', 'deadLettered', 'erp', 'psa'])
        assert.ok(key in summary, `summary has ${key}`);
      assert.equal(summary.posted, summary.psa.entries);
      assert.equal(summary.erp.costPostings.count, summary.psa.entries);
      assert.equal(summary.erp.billingLines.count, summary.psa.billableEntries);
      assert.deepEqual(summary.erp.billingLines.amount, summary.psa.billableAmount);
      assert.equal(summary.erp.duplicateSourceRefs, 0);
      assert.ok(summary.duplicates > 0, 'the run included duplicate deliveries');
      assert.ok(summary.deadLetters.total > 0, 'the run exercised the dead-letter queue');
      assert.ok(summary.checks.every((c) => c.ok));
      assert.match(result.stderr, /Seeded a firm/);
      const kept = readdirSync(join(dir, 'run'));
      assert.ok(kept.includes('ledgerline.sqlite'), `--data-dir keeps the store (${kept.join(', ')})`);
      assert.ok(
        kept.includes('sandbox-erp.json') && kept.includes('sandbox-psa.json'),
        'and the sandbox state',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a data dir that already holds something, with exit code 2 or 3 and a reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledgerline-demo-test-'));
    try {
      writeFileSync(join(dir, 'something.txt'), 'x');
      for (const scenario of ['quote-to-cash', 'time-posting']) {
        const result = await runCli([
          'demo',
          '--scenario',
          scenario,
          '--port',
          '0',
          '--json',
          '--data-dir',
          dir,
        ]);
        assert.notEqual(result.code, 0);
        assert.match(result.stderr, /is not empty/);
        assert.equal(result.stdout, '');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown scenario naming the ones it has', async () => {
    const result = await runCli(['demo', '--scenario', 'payroll', '--port', '0']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--scenario takes quote-to-cash or time-posting, got "payroll"/);
  });
});
