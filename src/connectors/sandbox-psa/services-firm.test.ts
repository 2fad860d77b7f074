// The services-firm profile: the shape of a real consultancy, deterministic for a seed, seeded cleanly,
// and a report from which a test computes what the ERP should hold, exactly.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extend, multiply, parseDecimal, totalsByCurrency, type Money } from '../../domain/money.ts';
import { compareAmounts, fitsMinorUnit, sumAmounts } from './vendor/amount.ts';
import { createSandboxPsaConnector } from './connector.ts';
import { generateFirm } from './generate-firm.ts';
import { startSandboxPsa } from './server.ts';
import { testSecret } from './test-support/http.ts';

const options = { profile: 'services-firm', seed: 2026 } as const;

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

describe('services-firm profile', () => {
  const firm = generateFirm(options);
  const expenses = firm.expenses ?? [];
  const milestones = firm.milestones ?? [];
  const projectOf = new Map(firm.projects.map((p) => [p.id, p]));

  test('is deterministic for a seed, differs across seeds, and its defaults are the documented ones', () => {
    assert.deepEqual(
      firm,
      generateFirm({
        ...options,
        customers: 40,
        projects: 150,
        consultants: 300,
        weeks: 13,
        currencies: ['GBP', 'EUR'],
      }),
    );
    assert.notDeepEqual(firm, generateFirm({ ...options, seed: 2027 }));
  });

  test('has two legal entities, 40 clients, 300 costed consultants and a rate card per entity', () => {
    assert.deepEqual(
      firm.companies.map((c) => [c.code, c.country, c.currency]),
      [
        ['LL-UK', 'GB', 'GBP'],
        ['LL-DE', 'DE', 'EUR'],
      ],
    );
    const clients = firm.clients ?? [];
    assert.equal(clients.length, 40);
    assert.equal(new Set(clients.map((c) => c.name)).size, 40);
    assert.deepEqual(
      countBy(clients, (c) => c.billing_currency ?? ''),
      { GBP: 20, EUR: 20 },
    );
    assert.deepEqual(
      new Set(firm.projects.map((p) => p.client_id)),
      new Set(clients.map((c) => c.id)),
      'every client has work',
    );
    const oneEach = generateFirm({ ...options, projects: 40 }).projects.map((p) => p.client_id);
    assert.equal(new Set(oneEach).size, 40, 'clients get a project before any gets a second');
    assert.equal(firm.users.length, 300);
    assert.ok(
      firm.users.every((u) => /^\d+\.\d\d$/.test(u.cost_rate) && ['GBP', 'EUR'].includes(u.cost_currency)),
    );
    assert.deepEqual(
      (firm.rate_cards ?? []).map((c) => [
        c.id,
        c.company,
        c.currency,
        c.lines.filter((l) => l.role !== null).length,
      ]),
      [
        ['RC-LL-UK-2026', 'LL-UK', 'GBP', 5],
        ['RC-LL-DE-2026', 'LL-DE', 'EUR', 5],
      ],
    );
  });

  test('mixes time and materials, retainers, and fixed fees with 2-5 milestones summing to the fee', () => {
    assert.equal(firm.projects.length, 150);
    const mix = countBy(firm.projects, (p) => p.billing_method ?? '');
    assert.deepEqual(Object.keys(mix).sort(), ['fixed_fee', 'retainer', 'time_and_materials']);
    for (const kind of Object.values(mix)) assert.ok(kind >= 25, JSON.stringify(mix));
    for (const p of firm.projects) {
      const own = milestones.filter((m) => m.project_id === p.id);
      if (p.billing_method !== 'fixed_fee') {
        assert.equal(own.length, 0, p.id);
        continue;
      }
      assert.ok(own.length >= 2 && own.length <= 5, `${p.id} has ${own.length} milestones`);
      assert.ok(p.contract_value && p.contract_value.currency === p.currency, p.id);
      assert.equal(compareAmounts(sumAmounts(own.map((m) => m.amount)), p.contract_value.amount), 0, p.id);
      assert.ok(own.every((m) => m.currency === p.currency && fitsMinorUnit(m.amount, m.currency)));
      // Shares of the fee in 5% steps, at least 10% each.
      const fee = parseDecimal(p.contract_value.amount);
      for (const m of own) {
        const twentieths = multiply(parseDecimal(m.amount), { units: 20n, scale: 0 });
        const share = twentieths.units / fee.units / 10n ** BigInt(twentieths.scale - fee.scale);
        assert.equal(twentieths.units % (fee.units * 10n ** BigInt(twentieths.scale - fee.scale)), 0n, m.id);
        assert.ok(share >= 2n, `${m.id} is ${share}/20 of the fee`);
      }
      const plan = (firm.task_plans ?? []).find((t) => t.project_id === p.id);
      assert.ok(plan && plan.tasks.length > own.length, `${p.id} has a task plan`);
    }
    const done = milestones.filter((m) => m.status === 'completed');
    assert.ok(done.length > 20 && done.length < milestones.length, `${done.length} completed`);
    assert.ok(done.every((m) => m.completed_on !== null && m.completed_on <= '2026-09-29'));
  });

  test('books 13 weeks of time, approved per project by one manager, billable at the rate card except fixed fees', () => {
    const entries = firm.time_entries;
    assert.ok(entries.length > 15_000, `${entries.length} entries`);
    const dates = entries.map((e) => e.spent_on).sort();
    assert.deepEqual([dates[0], dates.at(-1)], ['2026-07-01', '2026-09-29']);
    const approved = entries.filter((e) => e.status === 'approved');
    assert.ok(approved.length > entries.length * 0.95 && approved.length < entries.length);
    const approvers = new Map<string, Set<string>>();
    for (const e of approved)
      approvers.set(e.project_id, (approvers.get(e.project_id) ?? new Set()).add(e.approved_by ?? ''));
    assert.ok([...approvers.values()].every((a) => a.size === 1));

    const cardRates = new Map(
      (firm.rate_cards ?? []).map((c) => [c.company, new Set(c.lines.map((l) => l.bill_rate))]),
    );
    for (const e of entries) {
      const project = projectOf.get(e.project_id);
      assert.ok(project);
      if (project.billing_method === 'fixed_fee') assert.equal(e.billable, false, `${e.id} on a fixed fee`);
      if (e.bill_rate !== null)
        assert.ok(cardRates.get(project.company ?? '')?.has(e.bill_rate), `${e.id} rate`);
    }
    assert.ok(entries.some((e) => e.billable));
    assert.equal(
      generateFirm({ ...options, weeks: 4 }).time_entries.every((e) => e.spent_on <= '2026-07-28'),
      true,
    );
  });

  test('has expenses mostly approved, a few rejected with a reason, and closed projects with no later work', () => {
    assert.ok(expenses.length > 1000, `${expenses.length} expenses`);
    const status = countBy(expenses, (e) => e.status);
    assert.ok(
      (status['rejected'] ?? 0) > 10 && (status['rejected'] ?? 0) < expenses.length * 0.06,
      JSON.stringify(status),
    );
    assert.ok((status['approved'] ?? 0) > expenses.length * 0.9);
    assert.ok(expenses.every((e) => (e.status === 'rejected') === (e.rejection_reason !== null)));
    assert.ok(
      expenses.every(
        (e) => fitsMinorUnit(e.amount, e.currency) && e.currency === projectOf.get(e.project_id)?.currency,
      ),
    );
    assert.ok(expenses.some((e) => e.billable) && expenses.some((e) => !e.reimbursable));
    assert.equal(new Set(expenses.map((e) => e.category)).size, 8);

    const closed = firm.projects.filter((p) => p.status === 'closed');
    assert.equal(closed.length, 5);
    for (const p of closed) {
      const last = [...firm.time_entries, ...expenses]
        .filter((x) => x.project_id === p.id)
        .map((x) => x.spent_on);
      assert.ok(
        last.every((d) => d <= (p.closed_on ?? '')),
        `${p.id} has work after ${p.closed_on ?? ''}`,
      );
    }
  });

  test('seeds cleanly, reports the ERP totals computed here from the firm, and maps to valid events', async () => {
    const psa = await startSandboxPsa({ webhookSecret: testSecret });
    const connector = createSandboxPsaConnector({
      system: 'sandbox-psa',
      baseUrl: psa.url,
      webhookSecret: testSecret,
    });
    try {
      const seeded = psa.seed(firm);
      const report = psa.report();
      const costRate = new Map(
        firm.users.map((u) => [u.id, { amount: u.cost_rate, currency: u.cost_currency }]),
      );
      const approvedTime = firm.time_entries.filter((e) => e.status === 'approved');
      const lines: Money[] = [];
      const costs: Money[] = [];
      for (const e of approvedTime) {
        if (e.bill_rate !== null)
          lines.push(extend(String(e.hours), { amount: e.bill_rate, currency: e.currency }));
        costs.push(extend(String(e.hours), costRate.get(e.user_id) ?? { amount: '0', currency: 'GBP' }));
      }
      const approvedExpenses = expenses.filter((e) => e.status === 'approved');
      const money = (m: { amount: string; currency: string }): Money => ({
        amount: m.amount,
        currency: m.currency,
      });
      assert.equal(report.approved.entries, approvedTime.length);
      assert.deepEqual(report.approved.billableAmount, totalsByCurrency(lines));
      assert.deepEqual(report.approved.costAmount, totalsByCurrency(costs));
      assert.deepEqual(report.expenses.amount, totalsByCurrency(approvedExpenses.map(money)));
      assert.deepEqual(
        report.expenses.billableAmount,
        totalsByCurrency(approvedExpenses.filter((e) => e.billable).map(money)),
      );
      assert.deepEqual(
        report.milestones.completedAmount,
        totalsByCurrency(milestones.filter((m) => m.status === 'completed').map(money)),
      );
      assert.deepEqual(Object.keys(report.approved.billableAmount), ['EUR', 'GBP']);

      const rejected = report.activitiesByKind['expense.rejected'] ?? 0;
      assert.equal(rejected, expenses.filter((e) => e.status === 'rejected').length);
      let events = 0;
      const types = new Set<string>();
      for (let cursor: string | undefined, more = true; more;) {
        const page = await connector.pull(cursor, 1000);
        events += page.events.length;
        for (const e of page.events) types.add(e.type);
        cursor = page.nextCursor ?? cursor;
        more = page.hasMore;
      }
      assert.equal(events, seeded.activities - rejected, 'every activity but rejections is a valid event');
      assert.equal(types.size, 8);
    } finally {
      await connector.close();
      await psa.close();
    }
  });

  test('refuses options that make no firm', () => {
    assert.throws(() => generateFirm({ ...options, weeks: 14 }), /weeks must be an integer from 1 to 13/);
    assert.throws(() => generateFirm({ ...options, customers: 0 }), RangeError);
    assert.throws(() => generateFirm({ ...options, currencies: ['GBP', 'GBP'] }), /without repeats/);
    assert.throws(() => generateFirm({ ...options, currencies: ['XXY'] }), /unknown currencies/);
  });
});
