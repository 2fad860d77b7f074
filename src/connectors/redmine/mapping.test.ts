// Mapping Redmine records to canonical shapes, no server: what the time fingerprint covers (and what it
// must not: updated_on and Ledgerline's own write-back fields), fields with defaults, refusals.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MapContext } from './client/context.ts';
import { customerSlug, mapProject, type MappedProject } from './client/map-project.ts';
import { mapTimeEntry } from './client/map-time-entry.ts';
import { mapUser } from './client/map-user.ts';
import type { RedmineProject, RedmineTimeEntry, RedmineUser } from './vendor/wire.ts';

const ctx: MapContext = {
  system: 'rm',
  fields: {
    approved: 1,
    invoiceNumber: 2,
    invoiceStatus: 3,
    paymentStatus: 4,
    customer: 5,
    legalEntity: 6,
    billRate: 7,
    currency: 8,
    costRate: 9,
  },
  projectDefaults: { legalEntityId: 'LL-UK', currency: 'GBP', billingModel: 'time-and-materials' },
  resourceDefaults: {},
  approver: 'finance',
};

const project = (values: Record<number, string | null>, status = 1): RedmineProject => ({
  id: 7,
  name: 'Website',
  identifier: 'acme-web',
  status,
  updated_on: '2026-11-20T10:00:00Z',
  custom_fields: Object.entries(values).map(([id, value]) => ({ id: Number(id), name: `f${id}`, value })),
});

const entry = (
  over: Partial<RedmineTimeEntry> = {},
  values: Record<number, string | null> = { 1: '1' },
): RedmineTimeEntry => ({
  id: 501,
  project: { id: 7, name: 'Website' },
  user: { id: 3, name: 'Jane' },
  activity: { id: 9, name: 'Development' },
  hours: 1.5,
  comments: 'design review',
  spent_on: '2026-11-19',
  updated_on: '2026-11-20T10:00:00Z',
  custom_fields: Object.entries(values).map(([id, value]) => ({ id: Number(id), name: `f${id}`, value })),
  ...over,
});

function mapped(p: RedmineProject): MappedProject {
  const result = mapProject(p, ctx);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.value;
}

describe('mapProject', () => {
  it('maps the fields and fills the rest from the defaults', () => {
    const m = mapped(project({ 5: 'Acme Widgets Ltd.', 7: '120.50', 8: 'eur' }));
    assert.deepEqual(m.project, {
      id: 'project:rm:7',
      code: 'acme-web',
      name: 'Website',
      customerId: 'customer:rm:acme-widgets-ltd',
      customerName: 'Acme Widgets Ltd.',
      legalEntityId: 'LL-UK',
      currency: 'EUR',
      billingModel: 'time-and-materials',
      status: 'active',
    });
    assert.deepEqual(m.billRate, { amount: '120.50', currency: 'EUR' });
    const bare = mapped(project({}, 5));
    assert.equal(bare.state, 'closed');
    assert.equal(bare.project.currency, 'GBP');
    assert.equal(bare.billRate, undefined);
    assert.equal(bare.project.customerId, undefined);
  });

  it('refuses fields it cannot read, naming the project', () => {
    const noCurrency = mapProject(project({ 7: '100' }), { ...ctx, projectDefaults: {} });
    assert.match(
      noCurrency.ok ? '' : noCurrency.message,
      /project 7 \(acme-web\) has a Bill rate but no Currency/,
    );
    const badCurrency = mapProject(project({ 8: 'euro' }), ctx);
    assert.match(badCurrency.ok ? '' : badCurrency.message, /Currency "EURO"/);
    const badRate = mapProject(project({ 7: '1e3' }), ctx);
    assert.equal(badRate.ok, false);
  });

  it('slugs customer names into stable native ids', () => {
    assert.equal(customerSlug('Acme Widgets Ltd.'), 'acme-widgets-ltd');
    assert.equal(customerSlug('  Société Générale  '), 'societe-generale');
    assert.match(customerSlug('東京'), /^h-[0-9a-f]{16}$/);
    assert.equal(customerSlug('東京'), customerSlug('東京'));
  });
});

describe('mapUser', () => {
  const user = (rate: string | null): RedmineUser => ({
    id: 3,
    login: 'jane',
    firstname: 'Jane',
    lastname: 'Doe',
    updated_on: '2026-11-20T10:00:00Z',
    custom_fields: [{ id: 9, name: 'Cost rate', value: rate }],
  });

  it('takes the Cost rate field, else the default, else refuses', () => {
    const withField = mapUser(user('55.25'), ctx);
    assert.deepEqual(withField.ok && withField.value.resource, {
      id: 'resource:rm:3',
      name: 'Jane Doe',
      costRate: { amount: '55.25', currency: 'GBP' },
    });
    const withDefault = mapUser(user(null), {
      ...ctx,
      resourceDefaults: { costRate: { amount: '40', currency: 'EUR' } },
    });
    assert.deepEqual(withDefault.ok && withDefault.value.resource.costRate, {
      amount: '40',
      currency: 'EUR',
    });
    const none = mapUser(user(null), ctx);
    assert.match(none.ok ? '' : none.message, /user 3 \(jane\) has no Cost rate and no default/);
  });
});

describe('mapTimeEntry', () => {
  const p = mapped(project({ 7: '120.5', 8: 'EUR' }));
  const hash = (e: RedmineTimeEntry, of = p) => {
    const result = mapTimeEntry(e, of, ctx);
    assert.ok(result.ok);
    return result.value.hash;
  };

  it('maps an approved entry', () => {
    const result = mapTimeEntry(entry({ hours: 1.333 }), p, ctx);
    assert.deepEqual(result.ok && result.value, {
      approved: true,
      hash: result.ok ? result.value.hash : '',
      entry: {
        id: 'time:rm:501',
        projectId: 'project:rm:7',
        resourceId: 'resource:rm:3',
        workDate: '2026-11-19',
        hours: '1.33',
        billable: true,
        billRate: { amount: '120.5', currency: 'EUR' },
        description: 'design review',
        approvedAt: '2026-11-20T10:00:00Z',
        approvedBy: 'finance',
      },
    });
    const unapproved = mapTimeEntry(entry({}, { 1: '0' }), p, ctx);
    assert.equal(unapproved.ok && unapproved.value.approved, false);
  });

  it("ignores updated_on and Ledgerline's own write-back fields", () => {
    const base = hash(entry());
    assert.equal(
      hash(entry({ updated_on: '2026-11-25T08:00:00Z' }, { 1: '1', 2: 'INV-1', 3: 'issued', 4: 'paid' })),
      base,
    );
  });

  it('changes with everything an approval is about', () => {
    const base = hash(entry());
    const changed = [
      entry({ hours: 2 }),
      entry({ spent_on: '2026-11-18' }),
      entry({ user: { id: 4 } }),
      entry({ project: { id: 8 } }),
      entry({ activity: { id: 8 } }),
      entry({ comments: 'other' }),
      entry({}, { 1: '0' }),
    ];
    for (const e of changed) assert.notEqual(hash(e), base, JSON.stringify(e));
    assert.notEqual(hash(entry(), mapped(project({ 7: '130', 8: 'EUR' }))), base, 'the bill rate');
  });

  it('refuses hours that are no day of work, naming the entry', () => {
    const result = mapTimeEntry(entry({ hours: 120 }), p, ctx);
    assert.match(result.ok ? '' : result.message, /time entry 501: hours 120/);
  });
});
