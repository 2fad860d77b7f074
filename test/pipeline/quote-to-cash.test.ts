// The closed loop between the sandbox ERP and the sandbox PSA, through the pipeline: the ERP's customer
// master reaches the PSA; the PSA's project for that client is provisioned in the ERP for the ERP's party;
// approved time and an approved expense are posted; the ERP's invoice and the payment against it come
// back to the PSA with number and status. A PSA changing the customer's legal name, which the ERP owns,
// is refused as a governance conflict.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Firm } from '../../src/connectors/sandbox-psa/firm.ts';
import type { EventOf } from '../../src/contracts/index.ts';
import { useHarness, type Harness } from '../support/harness.ts';
import { eventViews } from '../support/event-view.ts';
import { waitFor } from '../support/wait.ts';

async function erpAdmin(h: Harness, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${h.erp.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.secrets.apiKey}` },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  assert.ok(response.status < 300, `${path} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

const acme = {
  party_code: 'ACME',
  legal_name: 'Acme Logistics Ltd',
  trade_name: 'Acme',
  vat_number: 'GB123456789',
  currency: 'GBP',
  company: 'LL-UK',
  payment_terms_days: 30,
  active: true,
};

/** One project for the client the ERP's customer became in the PSA, with approved time and an expense. */
function firmFor(clientId: string): Firm {
  return {
    companies: [{ code: 'LL-UK', name: 'Ledgerline Consulting Ltd', country: 'GB', currency: 'GBP' }],
    users: [
      {
        id: 'U-1',
        name: 'Amelia Smith',
        email: 'amelia.smith@ledgerline.example',
        cost_rate: '62.50',
        cost_currency: 'GBP',
      },
    ],
    projects: [
      {
        id: 'P-1',
        code: 'ACME-2026-01',
        name: 'ERP Implementation',
        client_id: clientId,
        client_name: 'Acme',
        status: 'active',
        company: 'LL-UK',
        currency: 'GBP',
        tax_treatment: 'standard',
        billing_method: 'time_and_materials',
      },
    ],
    time_entries: [
      {
        id: 100001,
        user_id: 'U-1',
        project_id: 'P-1',
        spent_on: '2026-07-01',
        hours: 7.5,
        billable: true,
        bill_rate: '133.33',
        currency: 'GBP',
        notes: 'Workshop with client finance team',
        status: 'approved',
        approved_at: '2026-07-02T09:00:00Z',
        approved_by: 'U-1',
      },
    ],
    expenses: [
      {
        id: 'E-1',
        user_id: 'U-1',
        project_id: 'P-1',
        spent_on: '2026-07-01',
        category: 'hotel',
        amount: '145.60',
        currency: 'GBP',
        billable: true,
        reimbursable: true,
        receipt_ref: 'RCPT-88',
        description: 'Hotel, client workshop',
        status: 'approved',
        reviewed_at: '2026-07-02T09:00:00Z',
        reviewed_by: 'U-1',
        rejection_reason: null,
      },
    ],
  };
}

describe('quote-to-cash between the sandbox ERP and PSA', () => {
  const h = useHarness({ poll: true, erpPoll: true });
  const { settled } = eventViews(() => h);

  it('closes the loop: customer to the PSA, work to the ERP, invoice and payment back to the PSA', async () => {
    await erpAdmin(h, '/admin/parties', acme);
    await waitFor('the customer in the PSA', () => h.psa.report().clients.fromErp === 1 || undefined);
    // The PSA's own id for the client, as the cross-reference Ledgerline recorded from its answer.
    const key = 'customer:sandbox-erp:ACME|sandbox-psa';
    // (The PSA holds it a moment before Ledgerline has recorded the answer.)
    const clientId = await waitFor('the cross-reference to the PSA client', async () =>
      (await h.service.store.loadContext({ xrefs: [key], master: [] })).xrefs.get(key),
    );
    assert.ok(clientId, 'the PSA holds a client for the ERP customer');

    h.psa.seed(firmFor(clientId));
    await waitFor(
      'the time and the expense posted in the ERP',
      () => {
        const r = h.erp.report();
        return (r.costPostings.count === 1 && r.expenses.count === 1) || undefined;
      },
      30_000,
    );

    const run = await erpAdmin(h, '/admin/invoice-run', { date: '2026-07-31' });
    const [invoice] = run['invoices'] as { invoice_number: string; gross_total: string; net_total: string }[];
    assert.ok(invoice, `one invoice: ${JSON.stringify(run)}`);
    assert.equal(invoice.net_total, '1145.58', '999.98 of time and 145.60 of rebilled expense');
    await waitFor('the invoice in the PSA', () => h.psa.report().invoices.count === 1 || undefined);
    assert.deepEqual(h.psa.report().invoices.byStatus, { issued: 1 });
    assert.deepEqual(h.psa.report().invoices.gross, { GBP: invoice.gross_total });

    await erpAdmin(h, '/admin/payments', {
      invoice_number: invoice.invoice_number,
      amount: invoice.gross_total,
      date: '2026-08-15',
      method: 'bank_transfer',
    });
    await waitFor('the payment in the PSA', () => h.psa.report().payments.count === 1 || undefined);
    assert.deepEqual(h.psa.report().payments.amount, { GBP: invoice.gross_total });

    // The target has each write before Ledgerline has recorded its answer: wait for the confirmations.
    for (const confirmation of [
      'io.ledgerline.customer.synced.v1',
      'io.ledgerline.expense.posted.v1',
      'io.ledgerline.invoice.status-fed-back.v1',
      'io.ledgerline.payment.status-fed-back.v1',
    ])
      await waitFor(confirmation, async () => {
        const stats = await h.service.store.stats();
        return stats.eventsByType[confirmation]?.['completed'] === 1 || undefined;
      });
  });

  it('bills a fixed-fee project by milestone: completing it releases its billing item in the ERP', async () => {
    const firm = firmFor('C-1');
    // No time here, so no consultant (the first test may have seeded U-1 already).
    h.psa.seed({
      ...firm,
      users: [],
      projects: firm.projects.map((p) => ({
        ...p,
        id: 'P-2',
        code: 'ACME-FF-01',
        billing_method: 'fixed_fee',
      })),
      time_entries: [],
      expenses: [],
      milestones: [
        {
          id: 'M-1',
          project_id: 'P-2',
          name: 'Target design signed off',
          due_on: '2026-07-15',
          amount: '30000.00',
          currency: 'GBP',
          status: 'completed',
          completed_on: '2026-07-14',
          completed_at: '2026-07-14T16:00:00Z',
        },
        {
          id: 'M-2',
          project_id: 'P-2',
          name: 'Go-live',
          due_on: '2026-09-30',
          amount: '45000.00',
          currency: 'GBP',
          status: 'planned',
          completed_on: null,
          completed_at: null,
        },
      ],
    });
    await waitFor(
      'the completed milestone released in the ERP',
      () => h.erp.report().billingReleases.count === 1 || undefined,
      30_000,
    );
    assert.deepEqual(h.erp.report().billingReleases.amount, { GBP: '30000.00' });
    // The ERP has it before Ledgerline has recorded the answer: wait for the confirmation.
    await waitFor('the release confirmed', async () => {
      const stats = await h.service.store.stats();
      return (
        stats.eventsByType['io.ledgerline.billing-schedule.release-posted.v1']?.['completed'] === 1 ||
        undefined
      );
    });
  });

  it('refuses a PSA changing the legal name the ERP owns, as a governance conflict', async () => {
    const update: EventOf<'CustomerUpdated'> = {
      specversion: '1.0',
      id: 'psa-rename-1',
      source: 'sandbox-psa',
      type: 'io.ledgerline.customer.updated.v1',
      subject: 'customer:sandbox-erp:ACME',
      time: '2026-08-01T10:00:00Z',
      data: {
        id: 'customer:sandbox-erp:ACME',
        name: 'Acme',
        legalName: 'Acme Renamed plc',
        status: 'active',
      },
    };
    assert.equal((await h.postEvents(update)).status, 202);
    const refused = await settled(update.id, 'rejected');
    assert.equal(refused.reasonCode, 'governance.not_owner');
    assert.match(refused.reason ?? '', /owned by sandbox-erp/);
    assert.deepEqual(
      refused.lineage.deadLetters.map((d) => [d.reasonCode, d.state]),
      [['governance.not_owner', 'open']],
    );
    assert.equal(refused.lineage.deliveries.length, 0, 'nothing was sent anywhere');
    const conflicts = await h.get('/v1/dead-letters?reason=governance.');
    assert.deepEqual(
      (conflicts.body as { deadLetters: { eventId: string; reasonCode: string }[] }).deadLetters.map((d) => [
        d.eventId,
        d.reasonCode,
      ]),
      [[update.id, 'governance.not_owner']],
      'the operator lists governance conflicts by reason',
    );
  });
});
