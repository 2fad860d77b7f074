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

describe('ledgerline demo', () => {
  it('posts every approved entry exactly once and says so in one JSON object', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledgerline-demo-test-'));
    try {
      const result = await runCli(
        ['demo', '--port', '0', '--exit', '--json', '--entries', '800', '--data-dir', join(dir, 'run')],
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
      const result = await runCli(['demo', '--port', '0', '--json', '--data-dir', dir]);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /is not empty/);
      assert.equal(result.stdout, '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
