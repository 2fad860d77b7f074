// Time postings: literal amounts (rounded once per line, half-up) and keys that depend only on the entry.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource, TimeEntry } from '../contracts/index.ts';
import type { ReadyProject } from './readiness.ts';
import { planTimePostings, postingKey } from './time-postings.ts';

const project: ReadyProject = {
  id: 'project:sandbox-psa:P-1001',
  code: 'ACME-2026-01',
  name: 'ACME finance transformation',
  legalEntityId: 'LL-UK',
  currency: 'GBP',
  taxTreatment: 'standard',
  billingModel: 'time-and-materials',
};

const resource: Resource = {
  id: 'resource:sandbox-psa:R-42',
  name: 'Ada Lovelace',
  costRate: { amount: '62.50', currency: 'GBP' },
};

const entry: TimeEntry = {
  id: 'time-entry:sandbox-psa:T-9001',
  projectId: project.id,
  resourceId: resource.id,
  workDate: '2026-03-02',
  hours: '7.5',
  billable: true,
  billRate: { amount: '133.33', currency: 'GBP' },
  approvedAt: '2026-03-02T17:40:00+01:00',
  approvedBy: 'pm@acme.example',
};

describe('planTimePostings', () => {
  it('bills 7.5h x 133.33 GBP as 999.98 and costs 7.5h x 62.50 as 468.75', () => {
    assert.deepEqual(planTimePostings(entry, project, resource), {
      ok: true,
      postings: [
        {
          kind: 'billable-line',
          idempotencyKey: 'time-entry:sandbox-psa:T-9001/billable-line',
          rate: { amount: '133.33', currency: 'GBP' },
          amount: { amount: '999.98', currency: 'GBP' },
        },
        {
          kind: 'cost',
          idempotencyKey: 'time-entry:sandbox-psa:T-9001/cost',
          costRate: { amount: '62.50', currency: 'GBP' },
          amount: { amount: '468.75', currency: 'GBP' },
        },
      ],
    });
  });

  it('rounds 0.25h x 62.50 (15.625) half-up to 15.63', () => {
    const plan = planTimePostings(
      { ...entry, hours: '0.25', billRate: { amount: '62.50', currency: 'GBP' } },
      project,
      resource,
    );
    assert.equal(plan.ok, true);
    if (!plan.ok) return;
    assert.deepEqual(
      plan.postings.map((p) => [p.kind, p.amount.amount]),
      [
        ['billable-line', '15.63'],
        ['cost', '15.63'],
      ],
    );
  });

  it('posts only the cost of non-billable time', () => {
    const { billRate: _rate, ...withoutRate } = entry;
    assert.deepEqual(planTimePostings({ ...withoutRate, billable: false }, project, resource), {
      ok: true,
      postings: [
        {
          kind: 'cost',
          idempotencyKey: 'time-entry:sandbox-psa:T-9001/cost',
          costRate: { amount: '62.50', currency: 'GBP' },
          amount: { amount: '468.75', currency: 'GBP' },
        },
      ],
    });
  });

  it('ignores a bill rate on non-billable time, even in another currency', () => {
    const plan = planTimePostings(
      { ...entry, billable: false, billRate: { amount: '150.00', currency: 'EUR' } },
      project,
      resource,
    );
    assert.equal(plan.ok, true);
    if (plan.ok)
      assert.deepEqual(
        plan.postings.map((p) => p.kind),
        ['cost'],
      );
  });

  it('refuses billable time without a bill rate', () => {
    const { billRate: _rate, ...withoutRate } = entry;
    assert.deepEqual(planTimePostings(withoutRate, project, resource), {
      ok: false,
      reasonCode: 'mapping.bill_rate_missing',
      reason: 'billable time entry time-entry:sandbox-psa:T-9001 has no billRate',
    });
  });

  it('refuses a bill rate in another currency than the project bills in', () => {
    assert.deepEqual(
      planTimePostings({ ...entry, billRate: { amount: '150.00', currency: 'EUR' } }, project, resource),
      {
        ok: false,
        reasonCode: 'mapping.currency_mismatch',
        reason:
          'time entry time-entry:sandbox-psa:T-9001 is priced in EUR but project project:sandbox-psa:P-1001 bills in GBP',
      },
    );
  });

  it('keys postings by time entry and kind only, whatever the hours or rates', () => {
    const other = planTimePostings(
      { ...entry, hours: '1', billRate: { amount: '1.00', currency: 'GBP' } },
      project,
      { ...resource, costRate: { amount: '1.00', currency: 'GBP' } },
    );
    assert.equal(other.ok, true);
    if (other.ok)
      assert.deepEqual(
        other.postings.map((p) => p.idempotencyKey),
        ['time-entry:sandbox-psa:T-9001/billable-line', 'time-entry:sandbox-psa:T-9001/cost'],
      );
  });
});

describe('postingKey', () => {
  it('is <timeEntryId>/billable-line and <timeEntryId>/cost', () => {
    assert.equal(
      postingKey('time-entry:sandbox-psa:T-1', 'billable-line'),
      'time-entry:sandbox-psa:T-1/billable-line',
    );
    assert.equal(postingKey('time-entry:sandbox-psa:T-1', 'cost'), 'time-entry:sandbox-psa:T-1/cost');
  });
});
