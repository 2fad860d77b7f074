// Period reconciliation against the real sandbox PSA and ERP servers, through a running Ledgerline: a
// month of time, an expense, a milestone, the ERP's invoices and a payment sync, and `ledgerline reconcile`
// finds nothing; a billing line booked twice at the ERP is a duplicate; time the ERP could not take (it
// was down past the last retry) is missing, `--repair` replays it and the service posts it; what
// Ledgerline never received is named as such.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Firm } from '../../src/connectors/sandbox-psa/firm.ts';
import type { VendorTimeEntry } from '../../src/connectors/sandbox-psa/vendor/schemas.ts';
import { useHarness, type Harness } from '../support/harness.ts';
import { runCli, writeConfig, type CliResult } from '../support/child-service.ts';
import { waitFor } from '../support/wait.ts';

interface JsonReport {
  readonly ok: boolean;
  readonly source: string;
  readonly target: string;
  readonly notCompared: { type: string; reason: string }[];
  readonly read: { source: number; target: number };
  readonly counts: Record<string, number>;
  readonly totals: {
    type: string;
    currency: string;
    source: { count: number; amount: string };
    target: { count: number; amount: string };
  }[];
  readonly differences: {
    class: string;
    type: string;
    ref: string;
    records: { source: { id?: string }[]; target: { id?: string }[] };
  }[];
}

async function erpPost(h: Harness, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${h.erp.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.secrets.apiKey}` },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  assert.ok(response.status < 300, `${path} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

function entry(
  id: number,
  user: string,
  project: string,
  day: string,
  hours: number,
  rate: string | null,
): VendorTimeEntry {
  return {
    id,
    user_id: user,
    project_id: project,
    spent_on: `2026-10-${day}`,
    hours,
    billable: rate !== null,
    bill_rate: rate,
    currency: 'GBP',
    notes: 'Workshop',
    status: 'approved',
    approved_at: `2026-10-${day}T17:00:00Z`,
    approved_by: 'U-2',
  };
}

function october(clientId: string): Firm {
  const project = {
    client_id: clientId,
    client_name: 'Acme',
    status: 'active' as const,
    company: 'LL-UK',
    currency: 'GBP',
    tax_treatment: 'standard' as const,
  };
  return {
    companies: [{ code: 'LL-UK', name: 'Ledgerline Consulting Ltd', country: 'GB', currency: 'GBP' }],
    users: [
      {
        id: 'U-1',
        name: 'Amelia Smith',
        email: 'amelia@ledgerline.example',
        cost_rate: '62.50',
        cost_currency: 'GBP',
      },
      {
        id: 'U-2',
        name: 'Priya Patel',
        email: 'priya@ledgerline.example',
        cost_rate: '80.00',
        cost_currency: 'GBP',
      },
    ],
    projects: [
      {
        ...project,
        id: 'P-1',
        code: 'ACME-TM',
        name: 'ERP Implementation',
        billing_method: 'time_and_materials',
      },
      { ...project, id: 'P-2', code: 'ACME-FF', name: 'Finance Design', billing_method: 'fixed_fee' },
    ],
    time_entries: [
      entry(100001, 'U-1', 'P-1', '05', 7.5, '133.33'),
      entry(100002, 'U-2', 'P-1', '06', 2, '145.00'),
      entry(100003, 'U-1', 'P-1', '07', 1, null),
      entry(100004, 'U-2', 'P-2', '08', 3, null),
      {
        ...entry(100005, 'U-1', 'P-1', '09', 4, '133.33'),
        status: 'submitted',
        approved_at: null,
        approved_by: null,
      },
    ],
    expenses: [
      {
        id: 'E-1',
        user_id: 'U-1',
        project_id: 'P-1',
        spent_on: '2026-10-06',
        category: 'hotel',
        amount: '145.60',
        currency: 'GBP',
        billable: true,
        reimbursable: true,
        receipt_ref: 'RCPT-1',
        description: 'Hotel, client workshop',
        status: 'approved',
        reviewed_at: '2026-10-07T09:00:00Z',
        reviewed_by: 'U-2',
        rejection_reason: null,
      },
    ],
    milestones: [
      {
        id: 'M-1',
        project_id: 'P-2',
        name: 'Design signed off',
        due_on: '2026-10-15',
        amount: '30000.00',
        currency: 'GBP',
        status: 'completed',
        completed_on: '2026-10-14',
        completed_at: '2026-10-14T16:00:00Z',
      },
    ],
  };
}

async function settledStore(h: Harness): Promise<void> {
  await waitFor(
    'nothing left in flight',
    async () => {
      const stats = await h.service.store.stats();
      return (
        (stats.events.accepted === 0 &&
          stats.events.parked === 0 &&
          stats.events.delivering === 0 &&
          stats.deliveries.pending === 0) ||
        undefined
      );
    },
    30_000,
  );
}

function reconcileJson(h: Harness, config: string, ...more: string[]): Promise<CliResult> {
  return runCli(['reconcile', '--period', '2026-10', '--config', config, '--format', 'json', ...more], h.env);
}

describe('reconciling the sandbox PSA against the sandbox ERP', () => {
  const h = useHarness({ poll: true, erpPoll: true, delivery: { maxAttempts: 3 } });

  it('finds nothing after a synced month, then a duplicate, then repairs time the ERP missed', async () => {
    const config = writeConfig(h.dir, h.config);
    await erpPost(h, '/admin/parties', {
      party_code: 'ACME',
      legal_name: 'Acme Logistics Ltd',
      currency: 'GBP',
      company: 'LL-UK',
      payment_terms_days: 30,
      active: true,
    });
    const key = 'customer:sandbox-erp:ACME|sandbox-psa';
    const clientId = await waitFor('the ERP customer as a PSA client', async () =>
      (await h.service.store.loadContext({ xrefs: [key], master: [] })).xrefs.get(key),
    );
    h.psa.seed(october(clientId));
    await waitFor(
      'the month posted',
      () =>
        (h.erp.report().billingReleases.count === 1 && h.erp.report().costPostings.count === 4) || undefined,
      30_000,
    );
    const run = await erpPost(h, '/admin/invoice-run', { date: '2026-10-31' });
    const invoices = run['invoices'] as { invoice_number: string; gross_total: string; project_id: string }[];
    assert.equal(invoices.length, 2, JSON.stringify(run));
    const [first] = invoices;
    assert.ok(first);
    await erpPost(h, '/admin/payments', {
      invoice_number: first.invoice_number,
      amount: first.gross_total,
      date: '2026-10-31',
      method: 'bank_transfer',
    });
    await waitFor(
      'invoices and payment in the PSA',
      () => (h.psa.report().invoices.count === 2 && h.psa.report().payments.count === 1) || undefined,
      30_000,
    );
    await settledStore(h);

    const clean = await reconcileJson(h, config);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    const report = JSON.parse(clean.stdout) as JsonReport;
    assert.equal(report.ok, true);
    assert.equal(report.source, 'sandbox-psa');
    assert.equal(report.target, 'sandbox-erp');
    assert.deepEqual(report.notCompared, []);
    // 2 billable lines, 4 costs, 1 expense, 1 milestone, 2 invoices, 1 payment on each side.
    assert.deepEqual(report.read, { source: 11, target: 11 });
    // Per project (the payment has none, so it comes first): P-1's time, costs, hotel and its invoice
    // (net 1435.58 + 20 % VAT), P-2's cost of fixed-fee time and the milestone's invoice (30000 + VAT).
    assert.deepEqual(
      report.totals.map((t) => [t.type, t.source.count, t.source.amount, t.target.count, t.target.amount]),
      [
        ['payment', 1, '1722.70', 1, '1722.70'],
        ['billable-time', 2, '1289.98', 2, '1289.98'],
        ['cost', 3, '691.25', 3, '691.25'],
        ['expense', 1, '145.60', 1, '145.60'],
        ['invoice', 1, '1722.70', 1, '1722.70'],
        ['cost', 1, '240.00', 1, '240.00'],
        ['milestone-billing', 1, '30000.00', 1, '30000.00'],
        ['invoice', 1, '36000.00', 1, '36000.00'],
      ],
    );
    assert.equal(first.gross_total, '1722.70');

    // Someone books entry 100001's billing line a second time, straight into the ERP.
    const lines = await fetch(`${h.erp.url}/erp/v1/billing_lines?source_ref=time:sandbox-psa:100001`, {
      headers: { authorization: `Bearer ${h.secrets.apiKey}` },
    });
    const [line] = ((await lines.json()) as { data: Record<string, string>[] }).data;
    assert.ok(line);
    const { billing_line_id: original, created_at: _created, ...body } = line;
    await erpPost(h, '/erp/v1/batch', {
      operations: [{ op: 'billing_line.create', idempotency_key: 'by-hand-1', body }],
    });

    // The ERP goes down; an entry approved meanwhile gives up after its last retry.
    h.erp.setFaults({ serverErrors: { next: 1_000 } });
    h.psa.approveTime(100005, { approved_by: 'U-2', approved_at: '2026-10-09T17:00:00Z' });
    await waitFor(
      'the posting given up',
      async () => {
        const letters = await h.service.store.listDeadLetters({ state: 'open' });
        return letters.some((l) => l.subject === 'time:sandbox-psa:100005') || undefined;
      },
      30_000,
    );
    h.erp.setFaults({});

    const found = await reconcileJson(h, config);
    assert.equal(found.code, 1, found.stderr);
    const differences = (JSON.parse(found.stdout) as JsonReport).differences;
    assert.deepEqual(
      differences.map((d) => [d.class, d.type, d.ref]),
      [
        ['missing_in_target', 'billable-time', 'time:sandbox-psa:100005'],
        ['missing_in_target', 'cost', 'time:sandbox-psa:100005'],
        ['duplicate', 'billable-time', 'time:sandbox-psa:100001'],
      ],
    );
    assert.deepEqual(
      differences[2]?.records.target.map((r) => r.id),
      [original, 'BL-0000003'],
    );

    const repaired = await runCli(
      ['reconcile', '--period', '2026-10', '--config', config, '--repair'],
      h.env,
    );
    assert.equal(repaired.code, 1, repaired.stderr);
    assert.match(repaired.stdout, /missing_in_target: 2 \(in sandbox-psa, not in sandbox-erp\)/);
    assert.match(
      repaired.stderr,
      /queued again \(the running service posts them: ledgerline serve\): 2\n {2}billable-time time:sandbox-psa:100005: replayed: act_\d+ dead \(erp\.[a-z_]+\)\n {2}cost time:sandbox-psa:100005: replayed/,
    );
    await waitFor('the replayed posting', () => h.erp.report().costPostings.count === 5 || undefined, 30_000);
    await settledStore(h);
    const after = await reconcileJson(h, config);
    assert.deepEqual(
      (JSON.parse(after.stdout) as JsonReport).differences.map((d) => [d.class, d.ref]),
      [['duplicate', 'time:sandbox-psa:100001']],
    );
    const other = await reconcileJson(h, config, '--entity', 'LL-DE');
    assert.equal(other.code, 0, other.stderr);
  });
});

describe('reconciling what Ledgerline never received', () => {
  const h = useHarness({ poll: false });

  it('reports it missing and says the source must be read again', async () => {
    const config = writeConfig(h.dir, h.config);
    h.psa.seed(october('C-1'));
    const result = await runCli(['reconcile', '--period', '2026-10', '--config', config, '--repair'], h.env);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /missing_in_target: 8 \(in sandbox-psa, not in sandbox-erp\)/);
    assert.match(
      result.stderr,
      /not queued, never received by Ledgerline: 8\n {2}billable-time time:sandbox-psa:100001: never received from sandbox-psa: read the source again \(its feed or export\)/,
    );
  });
});
