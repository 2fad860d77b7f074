// The firm generator: reproducible, realistic in shape, consistent enough to seed, and fast at scale.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { multiply, parseDecimal } from '../../domain/money.ts';
import { generateFirm } from './generate-firm.ts';
import { startSandboxPsa } from './server.ts';
import { testSecret } from './test-support/http.ts';

describe('generateFirm', () => {
  const options = { seed: 11, projects: 30, consultants: 45, entries: 4000 };

  test('is deterministic for a seed and differs across seeds', () => {
    assert.deepEqual(generateFirm(options), generateFirm(options));
    assert.notDeepEqual(generateFirm(options), generateFirm({ ...options, seed: 12 }));
  });

  test('has the shape of a real consultancy', () => {
    const firm = generateFirm(options);
    assert.deepEqual(
      firm.companies.map((c) => [c.code, c.currency]),
      [
        ['LL-UK', 'GBP'],
        ['LL-DE', 'EUR'],
        ['LL-US', 'USD'],
      ],
    );
    assert.equal(firm.users.length, 45);
    assert.equal(firm.projects.length, 30);
    assert.equal(firm.time_entries.length, 4000);
    const companyCurrency = new Map(firm.companies.map((c) => [c.code, c.currency]));
    for (const p of firm.projects) {
      const company = p.company ?? p.pending_setup?.company;
      const currency = p.currency ?? p.pending_setup?.currency;
      assert.equal(currency, companyCurrency.get(company ?? ''), `${p.id} bills in its company's currency`);
    }
    assert.equal(firm.projects.filter((p) => p.late).length, 3);
    const incomplete = firm.projects.filter((p) => p.pending_setup);
    assert.equal(incomplete.length, 3);
    for (const p of incomplete) {
      const missing = (['company', 'currency', 'tax_treatment', 'billing_method'] as const).filter(
        (f) => p[f] === null,
      );
      assert.ok(missing.length >= 1 && missing.length <= 2);
      assert.deepEqual(Object.keys(p.pending_setup ?? {}).sort(), [...missing].sort());
    }

    const entries = firm.time_entries;
    const nonBillable = entries.filter((e) => !e.billable).length / entries.length;
    assert.ok(nonBillable > 0.08 && nonBillable < 0.25, `non-billable share ${nonBillable}`);
    assert.ok(entries.every((e) => e.spent_on >= '2026-07-01' && e.spent_on <= '2026-09-30'));
    assert.ok(entries.every((e) => Number.isInteger(e.hours * 4) && e.hours >= 0.25 && e.hours <= 10));
    assert.ok(
      entries.some((e) => e.bill_rate !== null && !e.bill_rate.endsWith('.00')),
      'some odd-cent rates',
    );
    assert.ok(firm.users.every((u) => /^\d+\.\d\d$/.test(u.cost_rate)));
    const approved = entries.filter((e) => e.status === 'approved');
    assert.ok(approved.length > entries.length * 0.9 && approved.length < entries.length);
    assert.ok(approved.every((e) => /T\d\d:\d\d:\d\d[+-]\d\d:\d\d$/.test(e.approved_at ?? '')));
    assert.ok(approved.some((e) => e.approved_at?.endsWith('+01:00')));
    // Rounding is exercised: some hours x rate products have more than two decimals.
    const needsRounding = entries.filter((e) => {
      if (e.bill_rate === null) return false;
      const exact = multiply(parseDecimal(String(e.hours)), parseDecimal(e.bill_rate));
      return exact.units % 10n ** BigInt(exact.scale - 2) !== 0n;
    });
    assert.ok(needsRounding.length > entries.length / 100, `${needsRounding.length} entries need rounding`);
  });

  test('honours currencies and explicit late/incomplete counts, and refuses nonsense', () => {
    const firm = generateFirm({
      ...options,
      currencies: ['EUR', 'CHF'],
      lateProjects: 0,
      incompleteProjects: 5,
    });
    assert.deepEqual(
      firm.companies.map((c) => c.code),
      ['LL-DE', 'LL-CH'],
    );
    assert.equal(firm.projects.filter((p) => p.late).length, 0);
    assert.equal(firm.projects.filter((p) => p.pending_setup).length, 5);
    assert.throws(() => generateFirm({ ...options, currencies: ['EUR', 'EUR'] }), RangeError);
    assert.throws(() => generateFirm({ ...options, currencies: ['ABC'] }), /unknown currencies/);
    assert.throws(() => generateFirm({ ...options, lateProjects: 31 }), RangeError);
    assert.throws(() => generateFirm({ ...options, entries: -1 }), RangeError);
    assert.throws(() => generateFirm({ ...options, consultants: 1.5 }), RangeError);
  });

  test('seeds cleanly, with late projects activated after some of their approvals', async () => {
    const firm = generateFirm(options);
    const psa = await startSandboxPsa({ webhookSecret: testSecret });
    try {
      const summary = psa.seed(firm);
      const approved = firm.time_entries.filter((e) => e.status === 'approved').length;
      assert.equal(summary.activities, firm.users.length + firm.projects.length + approved);
      const response = await fetch(`${psa.url}/api/v2/activities?limit=1000`);
      const firstPage = (await response.json()) as {
        activities: { kind: string; object: { id: unknown; project_id?: string } }[];
      };
      const all = [...firstPage.activities];
      for (let after = 1000; after < summary.activities; after += 1000) {
        const next = await fetch(`${psa.url}/api/v2/activities?after=${after}&limit=1000`);
        all.push(...((await next.json()) as typeof firstPage).activities);
      }
      for (const late of firm.projects.filter((p) => p.late)) {
        const activation = all.findIndex((a) => a.kind === 'project.activated' && a.object.id === late.id);
        const firstApproval = all.findIndex(
          (a) => a.kind === 'time_entry.approved' && a.object.project_id === late.id,
        );
        assert.ok(
          firstApproval >= 0 && firstApproval < activation,
          `${late.id} has approvals before activation`,
        );
      }
      for (const onTime of firm.projects.filter((p) => !p.late)) {
        const activation = all.findIndex((a) => a.kind === 'project.activated' && a.object.id === onTime.id);
        const firstApproval = all.findIndex(
          (a) => a.kind === 'time_entry.approved' && a.object.project_id === onTime.id,
        );
        assert.ok(activation < firstApproval, `${onTime.id} is activated before its time`);
      }
    } finally {
      await psa.close();
    }
  });

  test('generates 100,000 entries in seconds', () => {
    const started = performance.now();
    const firm = generateFirm({ seed: 1, projects: 80, consultants: 150, entries: 100_000 });
    const seconds = (performance.now() - started) / 1000;
    assert.equal(firm.time_entries.length, 100_000);
    assert.ok(seconds < 5, `took ${seconds.toFixed(2)} s`);
  });
});
