// Financial correctness end to end, through the real sandbox ERP: currency conversion at the dated rate the
// ERP published, corrections as reversal + repost (held once invoiced), dated tax with a retroactive
// correction, each period-close policy, and per-line rounding over 1,000 entries. Amounts are literal,
// worked out by hand in the comments.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EventOf } from '../../src/contracts/index.ts';
import { useHarness } from '../support/harness.ts';
import { readyProject, resourceUpdated, timeApproved, timeRevised } from '../support/events.ts';
import { eventViews } from '../support/event-view.ts';
import { waitFor } from '../support/wait.ts';

interface ErpLine {
  billing_line_id?: string;
  cost_posting_id?: string;
  source_ref: string;
  date: string;
  amount: string;
  currency: string;
  reverses?: string;
  posting_date?: string;
  functional_amount?: string;
  functional_currency?: string;
  fx_rate?: string;
  fx_rate_date?: string;
  fx_source?: string;
  tax_code?: string;
  tax_rate?: string;
  tax_amount?: string;
}

describe('financial correctness through the sandbox ERP', () => {
  const h = useHarness({
    erpPoll: true,
    finance: { periodClose: { policy: 'hold', entities: { 'LL-DE': 'next-open', 'LL-US': 'reject' } } },
  });
  const { view, settled } = eventViews(() => h);

  async function erpAdmin(path: string, body: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${h.erp.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.secrets.apiKey}` },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    assert.ok(response.status < 300, `${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  }

  /** A customer of LL-UK in the ERP's customer master, so the ERP can invoice its project. */
  async function addParty(code: string, legalName: string): Promise<void> {
    await erpAdmin('/admin/parties', {
      party_code: code,
      legal_name: legalName,
      currency: 'GBP',
      company: 'LL-UK',
      payment_terms_days: 30,
      active: true,
    });
  }

  /** Publishes reference data on the ERP's feed and waits until Ledgerline has taken it in. */
  async function publish(path: string, body: unknown): Promise<void> {
    const change = await erpAdmin(path, body);
    await settled(String(change['change_id']), 'completed');
  }

  async function erpRecords(
    kind: 'billing_lines' | 'cost_postings' | 'expenses',
    sourceRef: string,
  ): Promise<ErpLine[]> {
    const response = await fetch(
      `${h.erp.url}/erp/v1/${kind}?source_ref=${encodeURIComponent(sourceRef)}&limit=100`,
      { headers: { authorization: `Bearer ${h.secrets.apiKey}` } },
    );
    assert.equal(response.status, 200);
    return ((await response.json()) as { data: ErpLine[] }).data;
  }

  async function setUp(
    projectId: string,
    overrides: Parameters<typeof readyProject>[1],
    resource: EventOf<'ResourceUpdated'>,
  ) {
    const project = readyProject(projectId, overrides);
    assert.equal((await h.postEvents([project, resource])).status, 202);
    await settled(project.id, 'completed');
    await settled(resource.id, 'completed');
  }

  it('posts a EUR project in a USD entity at the rate in force on each work date, parking until a rate covers it', async () => {
    await publish('/admin/fx-rates', {
      from_currency: 'EUR',
      to_currency: 'USD',
      valid_from: '2026-10-01',
      rate: '1.0850',
      source: 'ECB reference',
    });
    await publish('/admin/fx-rates', {
      from_currency: 'EUR',
      to_currency: 'USD',
      valid_from: '2026-10-15',
      rate: '1.0920',
      source: 'ECB reference',
    });
    const resource = resourceUpdated('resource:test-psa:U-FX', '80.00', 'USD');
    await setUp('project:test-psa:P-FX', { legalEntityId: 'LL-US', currency: 'EUR' }, resource);
    const entry = (id: string, workDate: string) =>
      timeApproved(`time:test-psa:${id}`, 'project:test-psa:P-FX', resource.data.id, {
        hours: '7.5',
        rate: '150.00',
        currency: 'EUR',
        workDate,
      });
    const before = entry('FX-1', '2026-10-14');
    const after = entry('FX-2', '2026-10-15');
    const early = entry('FX-0', '2026-09-30');
    assert.equal((await h.postEvents([before, after, early])).status, 202);
    await settled(before.id, 'completed');
    await settled(after.id, 'completed');
    // 7.5 h x 150.00 = 1,125.00 EUR; x 1.0850 = 1,220.625 -> 1,220.63 USD; x 1.0920 = 1,228.50 USD.
    const [line1] = await erpRecords('billing_lines', before.data.id);
    const [line2] = await erpRecords('billing_lines', after.data.id);
    assert.deepEqual(
      [line1, line2].map((l) => [
        l?.amount,
        l?.currency,
        l?.functional_amount,
        l?.functional_currency,
        l?.fx_rate,
        l?.fx_rate_date,
        l?.fx_source,
      ]),
      [
        ['1125.00', 'EUR', '1220.63', 'USD', '1.0850', '2026-10-01', 'ECB reference'],
        ['1125.00', 'EUR', '1228.50', 'USD', '1.0920', '2026-10-15', 'ECB reference'],
      ],
    );
    // The consultant's cost is in USD already, on its date: booked as it is, 7.5 x 80.00 = 600.00 USD.
    const [cost] = await erpRecords('cost_postings', before.data.id);
    assert.deepEqual(
      [cost?.amount, cost?.functional_amount, cost?.fx_rate],
      ['600.00', undefined, undefined],
    );
    // No rate covers 30 September yet: the entry waits, saying for what.
    const parked = await settled(early.id, 'parked');
    assert.equal(parked.reason, 'awaiting FxRatePublished: EUR->USD rate in force on 2026-09-30');
    await publish('/admin/fx-rates', {
      from_currency: 'EUR',
      to_currency: 'USD',
      valid_from: '2026-09-01',
      rate: '1.0700',
      source: 'ECB reference',
    });
    await settled(early.id, 'completed');
    // 1,125.00 x 1.0700 = 1,203.75 USD.
    const [line0] = await erpRecords('billing_lines', early.data.id);
    assert.deepEqual(
      [line0?.functional_amount, line0?.fx_rate, line0?.fx_rate_date],
      ['1203.75', '1.0700', '2026-09-01'],
    );
  });

  it('corrects posted time by reversal and repost, and holds a correction of invoiced time for finance', async () => {
    await addParty('FIN-COR', 'Correction Client Ltd');
    const resource = resourceUpdated('resource:test-psa:U-COR', '62.50');
    await setUp('project:test-psa:P-COR', { customerId: 'customer:sandbox-erp:FIN-COR' }, resource);
    const approved = timeApproved('time:test-psa:COR-1', 'project:test-psa:P-COR', resource.data.id, {
      hours: '7.5',
      rate: '133.33',
      workDate: '2026-10-05',
    });
    await h.postEvents(approved);
    await settled(approved.id, 'completed');
    const sixHours = timeRevised(approved, { hours: '6' });
    await h.postEvents(sixHours);
    await settled(sixHours.id, 'completed');
    // 7.5 h x 133.33 = 999.98, reversed; 6 h x 133.33 = 799.98 booked. Cost 468.75 reversed, 375.00 booked.
    const lines = await erpRecords('billing_lines', approved.data.id);
    assert.deepEqual(
      lines.map((l) => [l.amount, l.reverses === undefined ? null : 'reversal']),
      [
        ['999.98', null],
        ['-999.98', 'reversal'],
        ['799.98', null],
      ],
    );
    assert.equal(lines[1]?.reverses, lines[0]?.billing_line_id);
    assert.deepEqual(
      (await erpRecords('cost_postings', approved.data.id)).map((c) => c.amount),
      ['468.75', '-468.75', '375.00'],
    );
    // The ERP invoices only what is live: 799.98 net (the reversed pair cancels before invoicing).
    const run = await erpAdmin('/admin/invoice-run', { date: '2026-10-31' });
    const invoices = run['invoices'] as { invoice_number: string; net_total: string }[];
    assert.equal(invoices.length, 1);
    assert.equal(invoices[0]?.net_total, '799.98');
    // Now invoiced: a further correction needs a credit note. It is held with a clear reason, not reposted.
    const fiveHours = timeRevised(approved, { hours: '5' });
    await h.postEvents(fiveHours);
    const held = await waitFor('the correction to be held', async () => {
      const v = await view(fiveHours.id);
      return v.lineage.deadLetters.length > 0 ? v : undefined;
    });
    assert.equal(held.lineage.deadLetters[0]?.reasonCode, 'correction.already_invoiced');
    assert.match(
      held.lineage.deadLetters[0]?.message ?? '',
      new RegExp(`invoice ${invoices[0]?.invoice_number ?? '?'}`),
    );
    assert.equal((await erpRecords('billing_lines', approved.data.id)).length, 3, 'nothing reposted');
  });

  it('corrects a posted expense by reversal and repost, and holds its withdrawal once rebilled', async () => {
    await addParty('FIN-EXP', 'Expense Client Ltd');
    const resource = resourceUpdated('resource:test-psa:U-EXP', '62.50');
    await setUp('project:test-psa:P-EXP', { customerId: 'customer:sandbox-erp:FIN-EXP' }, resource);
    const approved: EventOf<'ExpenseApproved'> = {
      specversion: '1.0',
      id: 'evt-expense-exp-1',
      source: 'sandbox-psa',
      subject: 'expense:sandbox-psa:EXP-1',
      time: '2026-10-06T09:00:00Z',
      type: 'io.ledgerline.expense.approved.v1',
      data: {
        id: 'expense:sandbox-psa:EXP-1',
        projectId: 'project:test-psa:P-EXP',
        resourceId: resource.data.id,
        incurredDate: '2026-10-05',
        category: 'travel',
        amount: { amount: '142.60', currency: 'GBP' },
        billable: true,
        reimbursable: true,
        description: 'Return rail fare',
        approvedAt: '2026-10-06T09:00:00Z',
        approvedBy: 'pm@example.com',
      },
    };
    await h.postEvents(approved);
    await settled(approved.id, 'completed');
    const revised: EventOf<'ExpenseRevised'> = {
      ...approved,
      id: 'evt-expense-exp-1-rev',
      type: 'io.ledgerline.expense.revised.v1',
      data: { ...approved.data, amount: { amount: '128.40', currency: 'GBP' }, description: 'Railcard fare' },
    };
    await h.postEvents(revised);
    await settled(revised.id, 'completed');
    // 142.60 booked, reversed, 128.40 booked in its place.
    assert.deepEqual(
      (await erpRecords('expenses', approved.data.id)).map((e) => [e.amount, e.reverses === undefined]),
      [
        ['142.60', true],
        ['-142.60', false],
        ['128.40', true],
      ],
    );
    const run = await erpAdmin('/admin/invoice-run', { date: '2026-10-31' });
    const invoice = (run['invoices'] as { net_total: string; invoice_number: string }[]).find(
      (i) => i.net_total === '128.40',
    );
    assert.ok(invoice, JSON.stringify(run));
    const withdrawn: EventOf<'ExpenseWithdrawn'> = {
      ...approved,
      id: 'evt-expense-exp-1-del',
      type: 'io.ledgerline.expense.withdrawn.v1',
      data: {
        expenseId: approved.data.id,
        projectId: approved.data.projectId,
        reason: 'deleted',
        observedAt: '2026-11-02T09:00:00Z',
      },
    };
    await h.postEvents(withdrawn);
    const held = await waitFor('the withdrawal to be held', async () => {
      const v = await view(withdrawn.id);
      return v.lineage.deadLetters.length > 0 ? v : undefined;
    });
    assert.equal(held.lineage.deadLetters[0]?.reasonCode, 'correction.already_invoiced');
    assert.match(held.lineage.deadLetters[0]?.message ?? '', new RegExp(`invoice ${invoice.invoice_number}`));
  });

  it('taxes each line at the rate in force on its date, and a retroactive correction at the original rate', async () => {
    await addParty('FIN-TAX', 'Tax Client Ltd');
    await publish('/admin/tax-rates', {
      company: 'LL-UK',
      tax_code: 'VAT-STD',
      valid_from: '2026-01-01',
      rate_percent: '20.00',
    });
    await publish('/admin/tax-rates', {
      company: 'LL-UK',
      tax_code: 'VAT-STD',
      valid_from: '2026-10-16',
      rate_percent: '17.50',
    });
    const resource = resourceUpdated('resource:test-psa:U-TAX', '62.50');
    await setUp(
      'project:test-psa:P-TAX',
      { customerId: 'customer:sandbox-erp:FIN-TAX', taxCode: 'VAT-STD' },
      resource,
    );
    const entry = (id: string, workDate: string) =>
      timeApproved(`time:test-psa:${id}`, 'project:test-psa:P-TAX', resource.data.id, {
        hours: '7.5',
        rate: '133.33',
        workDate,
      });
    const early = entry('TAX-1', '2026-10-10');
    const late = entry('TAX-2', '2026-10-20');
    await h.postEvents([early, late]);
    await settled(early.id, 'completed');
    await settled(late.id, 'completed');
    // 999.98 x 20% = 199.996 -> 200.00; 999.98 x 17.5% = 174.9965 -> 175.00.
    assert.deepEqual(
      [
        (await erpRecords('billing_lines', early.data.id))[0],
        (await erpRecords('billing_lines', late.data.id))[0],
      ].map((l) => [l?.tax_code, l?.tax_rate, l?.tax_amount]),
      [
        ['VAT-STD', '20.00', '200.00'],
        ['VAT-STD', '17.50', '175.00'],
      ],
    );
    // After the rate change, the 10 October entry is corrected to 6 h: 799.98 at the 20% in force on its
    // own date = 159.996 -> 160.00, not 17.5%.
    const corrected = timeRevised(early, { hours: '6' });
    await h.postEvents(corrected);
    await settled(corrected.id, 'completed');
    const lines = await erpRecords('billing_lines', early.data.id);
    assert.deepEqual(
      lines.map((l) => [l.amount, l.tax_rate, l.tax_amount]),
      [
        ['999.98', '20.00', '200.00'],
        ['-999.98', '20.00', '-200.00'],
        ['799.98', '20.00', '160.00'],
      ],
    );
    // The ERP's invoice keeps each line's own tax: 160.00 + 175.00 = 335.00 on 1,799.96 net.
    const run = await erpAdmin('/admin/invoice-run', { date: '2026-10-31' });
    const invoice = (
      run['invoices'] as { project_id: string; net_total: string; tax_total: string; gross_total: string }[]
    ).find((i) => i.net_total === '1799.96');
    assert.deepEqual([invoice?.tax_total, invoice?.gross_total], ['335.00', '2134.96']);
  });

  it('applies each entity policy to time dated in a closed period: hold, next open period, reject', async () => {
    for (const company of ['LL-UK', 'LL-DE', 'LL-US'])
      await publish('/admin/periods', { company, period: '2026-08', state: 'closed' });
    await publish('/admin/periods', { company: 'LL-DE', period: '2026-09', state: 'closed' });
    const uk = resourceUpdated('resource:test-psa:U-PH', '62.50');
    const de = resourceUpdated('resource:test-psa:U-PN', '70.00', 'EUR');
    const us = resourceUpdated('resource:test-psa:U-PR', '80.00', 'USD');
    await setUp('project:test-psa:P-PH', {}, uk);
    await setUp('project:test-psa:P-PN', { legalEntityId: 'LL-DE', currency: 'EUR' }, de);
    await setUp('project:test-psa:P-PR', { legalEntityId: 'LL-US', currency: 'USD' }, us);
    const held = timeApproved('time:test-psa:PH-1', 'project:test-psa:P-PH', uk.data.id, {
      workDate: '2026-08-20',
    });
    const rolled = timeApproved('time:test-psa:PN-1', 'project:test-psa:P-PN', de.data.id, {
      workDate: '2026-08-20',
      currency: 'EUR',
      rate: '120.00',
    });
    const refused = timeApproved('time:test-psa:PR-1', 'project:test-psa:P-PR', us.data.id, {
      workDate: '2026-08-20',
      currency: 'USD',
      rate: '150.00',
    });
    await h.postEvents([held, rolled, refused]);

    // hold (LL-UK): parked, nothing in the ERP, until the period reopens; then booked on its own date.
    const parked = await settled(held.id, 'parked');
    assert.equal(parked.reason, 'awaiting AccountingPeriodChanged: LL-UK 2026-08 is closed (policy hold)');
    assert.deepEqual(await erpRecords('billing_lines', held.data.id), []);
    await publish('/admin/periods', { company: 'LL-UK', period: '2026-08', state: 'open' });
    await settled(held.id, 'completed');
    const [heldLine] = await erpRecords('billing_lines', held.data.id);
    assert.deepEqual([heldLine?.date, heldLine?.posting_date], ['2026-08-20', undefined]);

    // next-open (LL-DE, August and September closed): booked on 1 October, the work date kept.
    await settled(rolled.id, 'completed');
    const [rolledLine] = await erpRecords('billing_lines', rolled.data.id);
    assert.deepEqual(
      [rolledLine?.date, rolledLine?.posting_date, rolledLine?.amount],
      ['2026-08-20', '2026-10-01', '900.00'],
    );

    // reject (LL-US): dead-lettered with reason period_closed, nothing posted.
    const rejected = await waitFor('the refusal', async () => {
      const v = await view(refused.id);
      return v.lineage.deadLetters.length > 0 ? v : undefined;
    });
    assert.equal(rejected.lineage.deadLetters[0]?.reasonCode, 'period_closed');
    assert.deepEqual(await erpRecords('billing_lines', refused.data.id), []);
  });

  it("rounds each line once: 1,000 entries of 1/3 hour at odd rates total the ERP's own invoice to the cent", async () => {
    await addParty('FIN-RND', 'Rounding Client Ltd');
    const resource = resourceUpdated('resource:test-psa:U-RND', '62.50');
    await setUp('project:test-psa:P-RND', { customerId: 'customer:sandbox-erp:FIN-RND' }, resource);
    // A third of an hour as a PSA keeps it: 0.33, 0.33, 0.34 (an hour in three entries).
    const hours = ['0.33', '0.33', '0.34'];
    const rates = ['137.37', '99.99', '141.13', '88.88', '123.45', '151.51', '97.03'];
    const entries = Array.from({ length: 1000 }, (_, i) =>
      timeApproved(`time:test-psa:RND-${String(i)}`, 'project:test-psa:P-RND', resource.data.id, {
        hours: hours[i % 3] ?? '0.33',
        rate: rates[i % 7] ?? '137.37',
        workDate: '2026-10-12',
      }),
    );
    for (let i = 0; i < entries.length; i += 250) await h.postEvents(entries.slice(i, i + 250));
    for (const e of entries) await settled(e.id, 'completed');
    // Each line is hours x rate rounded half-up once; their sum is 39,977.03. Rounding the exact sum
    // (39,977.0385) instead would give 39,977.04: a cent the ERP would never agree with.
    const run = await erpAdmin('/admin/invoice-run', { date: '2026-10-31' });
    const invoice = (run['invoices'] as { net_total: string; lines: number }[]).find((i) => i.lines === 1000);
    assert.equal(invoice?.net_total, '39977.03');
  });
});
