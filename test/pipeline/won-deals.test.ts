// Opportunity to delivery: a deal won in the sandbox CRM becomes an engagement in the sandbox PSA once its
// finance fields are complete and its customer (from the ERP's master) is known there; a won deal that
// lacks them is refused naming each gap.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CrmPipeline } from '../../src/connectors/sandbox-crm/crm-pipeline.ts';
import { useHarness, type Harness } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';

async function addParty(h: Harness, code: string): Promise<void> {
  const response = await fetch(`${h.erp.url}/admin/parties`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.secrets.apiKey}` },
    body: JSON.stringify({
      party_code: code,
      legal_name: `${code} Ltd`,
      currency: 'GBP',
      company: 'LL-UK',
      payment_terms_days: 30,
      active: true,
    }),
  });
  assert.ok(response.status < 300, await response.text());
}

function wonDeal(id: string, account: string, finance: Partial<CrmPipeline['deals'][number]>) {
  return {
    id,
    account_id: account,
    title: `Finance transformation ${id}`,
    deal_value_minor: 12_000_000,
    currency_code: 'GBP',
    close_date: '2026-06-30',
    start_date: '2026-07-06',
    owner_email: 'sales@ledgerline.example',
    ...finance,
    stages: [
      { stage: 'proposal' as const, at: '2026-06-01T09:00:00Z' },
      { stage: 'closed_won' as const, at: '2026-06-30T16:00:00Z' },
    ],
  };
}

describe('won deals from the CRM to the PSA', () => {
  const h = useHarness({ poll: true, erpPoll: true, crm: true });

  async function eventOf(type: string, state: string) {
    return waitFor(`a ${type} ${state}`, async () => {
      const stats = await h.service.store.stats();
      return (stats.eventsByType[type]?.[state] ?? 0) > 0 || undefined;
    });
  }

  it('creates the engagement in the PSA once the customer is there, and refuses an incomplete deal', async () => {
    const crm = h.crm;
    assert.ok(crm);
    // The PSA books engagements to its own companies.
    h.psa.seed({
      companies: [{ code: 'LL-UK', name: 'Ledgerline Consulting Ltd', country: 'GB', currency: 'GBP' }],
      users: [],
      projects: [],
      time_entries: [],
    });
    // The CRM keeps the ERP's customer number as its account id.
    crm.seed({
      accounts: [{ id: 'ACME', name: 'Acme' }],
      deals: [
        wonDeal('D-000001', 'ACME', {
          booking_entity: 'LL-UK',
          billing_currency: 'GBP',
          billing_model: 'time_and_materials',
          tax_code: 'standard',
        }),
        wonDeal('D-000002', 'ACME', { booking_entity: 'LL-UK' }),
      ],
    });
    const type = 'io.ledgerline.opportunity.closed-won.v1';
    await eventOf(type, 'parked'); // the customer is not in the PSA yet
    await eventOf(type, 'rejected');
    const [letter] = await h.service.store.listDeadLetters({ state: 'open' });
    assert.equal(letter?.reasonCode, 'readiness.opportunity_incomplete');
    assert.match(letter.message, /taxCode is missing; billingModel is missing/);

    await addParty(h, 'ACME');
    await eventOf(type, 'completed');
    const stats = await h.service.store.stats();
    assert.deepEqual(stats.eventsByType[type], { completed: 1, rejected: 1 });

    // Finance completes the engagement's set-up in the PSA: the project is provisioned in the ERP, and
    // then the contract the client signed is created against it, for the deal's value.
    const engagement = await waitFor('the draft engagement in the PSA', () =>
      h.psa.projects().find((p) => p.status === 'draft'),
    );
    assert.equal(engagement.opportunity_ref, 'opportunity:sandbox-crm:D-000001');
    h.psa.completeProjectSetup(engagement.id, { tax_treatment: 'standard' });
    await eventOf('io.ledgerline.project.contracted.v1', 'completed');
    assert.deepEqual(h.erp.report().contracts, { count: 1, amount: { GBP: '120000.00' } });
    const contractKey = 'contract:sandbox-crm:D-000001|sandbox-erp';
    const { xrefs } = await h.service.store.loadContext({ xrefs: [contractKey], master: [] });
    assert.ok(xrefs.get(contractKey), 'the contract is cross-referenced to its ERP id');
  });
});
