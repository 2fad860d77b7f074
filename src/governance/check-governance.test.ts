// The start-up check: defaults from `systems`, explicit policies resolved, and one message per problem that
// names the domain and says what to change.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { GovernanceConfig } from '../config/schema.ts';
import { checkGovernance, type GovernanceInput } from './check-governance.ts';
import type { ConfiguredSystems } from './configured-systems.ts';
import { dataDomains } from './domains.ts';
import type { Governance } from './model.ts';

const onePsa: ConfiguredSystems = { psa: [{ id: 'psa-a' }], erp: { id: 'erp' } };
const twoPsas: ConfiguredSystems = { psa: [{ id: 'psa-a' }, { id: 'psa-b' }], erp: { id: 'erp' } };

function resolved(input: GovernanceInput): Governance {
  const result = checkGovernance(input);
  if (!result.ok) assert.fail(`expected a valid governance, got:\n${result.problems.join('\n')}`);
  return result.governance;
}

function problemsOf(governance: GovernanceConfig, systems: ConfiguredSystems = onePsa): readonly string[] {
  const result = checkGovernance({ systems, governance });
  if (result.ok) assert.fail('expected the governance to be refused');
  return result.problems;
}

describe('checkGovernance defaults', () => {
  it('derives every domain from systems when the section is absent', () => {
    const { domains } = resolved({ systems: onePsa });
    assert.deepEqual(Object.keys(domains).sort(), [...dataDomains].sort());
    const recordOf = (d: keyof typeof domains) => domains[d].systemsOfRecord;
    for (const d of ['customer', 'invoice', 'payment', 'billing-schedule', 'reference-data'] as const)
      assert.deepEqual(recordOf(d), ['erp'], d);
    for (const d of ['project', 'task', 'time', 'expense', 'rate-card', 'resource', 'opportunity'] as const)
      assert.deepEqual(recordOf(d), ['psa-a'], d);
    for (const policy of Object.values(domains)) {
      assert.equal(policy.direction, 'one-way', policy.domain);
      assert.deepEqual(policy.systemsOfEntry, policy.systemsOfRecord, policy.domain);
      assert.equal(policy.fieldOwnership.size, 0, policy.domain);
    }
  });

  it('puts master data and transactions in separate queues, master data with the shorter window', () => {
    const { domains } = resolved({ systems: onePsa });
    assert.equal(domains.customer.queue, 'master');
    assert.equal(domains.project.queue, 'master');
    assert.equal(domains.customer.latencyMs, 5 * 60_000);
    assert.equal(domains.time.queue, 'transactional');
    assert.equal(domains.invoice.queue, 'transactional');
    assert.equal(domains.time.latency, '15m');
    assert.equal(domains.time.latencyMs, 15 * 60_000);
  });

  it('makes each of two PSAs the record for its own id space', () => {
    const { domains } = resolved({ systems: twoPsas });
    assert.deepEqual(domains.time.systemsOfRecord, ['psa-a', 'psa-b']);
    assert.deepEqual(domains.project.systemsOfRecord, ['psa-a', 'psa-b']);
    assert.deepEqual(domains.customer.systemsOfRecord, ['erp']);
  });

  it('gives opportunities to the CRM when one is configured', () => {
    const { domains } = resolved({ systems: { ...onePsa, crm: [{ id: 'crm' }] } });
    assert.deepEqual(domains.opportunity.systemsOfRecord, ['crm']);
    assert.deepEqual(domains.project.systemsOfRecord, ['psa-a']);
  });

  it('fills the domains a partial section leaves out', () => {
    const { domains } = resolved({
      systems: onePsa,
      governance: { domains: { time: { systemOfRecord: 'erp', latency: '1h' } } },
    });
    assert.deepEqual(domains.time.systemsOfRecord, ['erp']);
    assert.equal(domains.time.latencyMs, 3_600_000);
    assert.deepEqual(domains.expense.systemsOfRecord, ['psa-a']);
  });
});

describe('checkGovernance of an explicit section', () => {
  it('resolves a bidirectional customer with field ownership', () => {
    const { domains } = resolved({
      systems: onePsa,
      governance: {
        domains: {
          customer: {
            systemOfRecord: 'erp',
            direction: 'bidirectional',
            latency: '30s',
            fieldOwnership: { legalName: 'erp', deliveryContact: 'psa-a' },
          },
        },
      },
    });
    const customer = domains.customer;
    assert.equal(customer.direction, 'bidirectional');
    assert.deepEqual(customer.systemsOfEntry, ['erp', 'psa-a']);
    assert.equal(customer.latencyMs, 30_000);
    assert.deepEqual(
      [...customer.fieldOwnership],
      [
        ['legalName', 'erp'],
        ['deliveryContact', 'psa-a'],
      ],
    );
  });

  it('lets the queue be overridden, and the default latency follows the queue', () => {
    const { domains } = resolved({
      systems: onePsa,
      governance: { domains: { milestone: { systemOfRecord: 'psa-a', queue: 'master' } } },
    });
    assert.equal(domains.milestone.queue, 'master');
    assert.equal(domains.milestone.latency, '5m');
  });

  it('refuses a bidirectional domain without field ownership, naming the domain and an example', () => {
    assert.deepEqual(
      problemsOf({ domains: { customer: { systemOfRecord: 'erp', direction: 'bidirectional' } } }),
      [
        'governance.domains.customer: direction is bidirectional but no fieldOwnership is given; name the ' +
          'owning system of each field that both sides may change (e.g. legalName: erp)',
      ],
    );
  });

  it('refuses unknown systems wherever they are named, listing the configured ones', () => {
    const problems = problemsOf({
      domains: {
        project: { systemOfRecord: 'psa-x' },
        customer: {
          systemOfRecord: 'erp',
          direction: 'bidirectional',
          systemsOfEntry: ['erp', 'psa-y'],
          fieldOwnership: { legalName: 'erp', deliveryContact: 'psa-z' },
        },
      },
    });
    const known = 'the systems are psa-a, erp';
    assert.ok(
      problems.includes(
        `governance.domains.project.systemOfRecord: "psa-x" is not a configured system; ${known}`,
      ),
    );
    assert.ok(
      problems.includes(
        `governance.domains.customer.systemsOfEntry: "psa-y" is not a configured system; ${known}`,
      ),
    );
    assert.ok(
      problems.includes(
        `governance.domains.customer.fieldOwnership.deliveryContact: "psa-z" is not a configured system; ${known}`,
      ),
    );
  });

  it('refuses a latency that does not parse, saying how to write one', () => {
    assert.deepEqual(problemsOf({ domains: { time: { systemOfRecord: 'psa-a', latency: '5 minutes' } } }), [
      'governance.domains.time.latency: "5 minutes" is not a latency; write a whole number above zero and ' +
        'a unit (ms, s, m, h, d), e.g. "30s", "5m", "1h"',
    ]);
  });

  it('refuses field ownership in a one-way domain', () => {
    assert.deepEqual(
      problemsOf({ domains: { invoice: { systemOfRecord: 'erp', fieldOwnership: { status: 'erp' } } } }),
      [
        'governance.domains.invoice: fieldOwnership is only for bidirectional domains (one-way, the system ' +
          'of record owns every field); remove fieldOwnership, or set direction: bidirectional',
      ],
    );
  });

  it('refuses a one-way domain whose systems of entry are not its systems of record', () => {
    assert.deepEqual(
      problemsOf({ domains: { customer: { systemOfRecord: 'erp', systemsOfEntry: ['erp', 'psa-a'] } } }),
      [
        'governance.domains.customer: direction is one-way, so customer data is entered only in its system ' +
          'of record (erp), but systemsOfEntry lists erp, psa-a; leave systemsOfEntry out, or set ' +
          'direction: bidirectional and give the other systems their fields in fieldOwnership',
      ],
    );
  });

  it('refuses a bidirectional domain with several systems of record', () => {
    const problems = problemsOf(
      {
        domains: {
          project: {
            systemOfRecord: ['psa-a', 'psa-b'],
            direction: 'bidirectional',
            fieldOwnership: { name: 'psa-a', erpStatus: 'erp' },
          },
        },
      },
      twoPsas,
    );
    assert.deepEqual(problems, [
      'governance.domains.project: direction is bidirectional, which needs a single system of record, but ' +
        'systemOfRecord lists psa-a, psa-b; name one, and give the others the fields they may change in ' +
        'fieldOwnership',
    ]);
  });

  it('refuses a field owner that is neither the record nor a listed system of entry', () => {
    const problems = problemsOf(
      {
        domains: {
          customer: {
            systemOfRecord: 'erp',
            direction: 'bidirectional',
            systemsOfEntry: ['erp', 'psa-a'],
            fieldOwnership: { legalName: 'erp', deliveryContact: 'psa-a', accountManager: 'psa-b' },
          },
        },
      },
      twoPsas,
    );
    assert.deepEqual(problems, [
      'governance.domains.customer.fieldOwnership.accountManager: psa-b is neither the system of record ' +
        '(erp) nor a system of entry (erp, psa-a); add psa-b to systemsOfEntry, or give accountManager to ' +
        'one of those',
    ]);
  });

  it('refuses a system of entry that owns no field, and a bidirectional domain the record owns alone', () => {
    assert.deepEqual(
      problemsOf(
        {
          domains: {
            customer: {
              systemOfRecord: 'erp',
              direction: 'bidirectional',
              systemsOfEntry: ['erp', 'psa-a', 'psa-b'],
              fieldOwnership: { legalName: 'erp', deliveryContact: 'psa-a' },
            },
            contract: {
              systemOfRecord: 'erp',
              direction: 'bidirectional',
              fieldOwnership: { terms: 'erp' },
            },
          },
        },
        twoPsas,
      ),
      [
        'governance.domains.customer.systemsOfEntry: psa-b owns no field in fieldOwnership, so every write ' +
          'from it would be refused; give it the fields it may change, or remove it from systemsOfEntry',
        'governance.domains.contract: direction is bidirectional but every field in fieldOwnership belongs ' +
          'to the system of record erp; give another system the fields it may change, or set direction: one-way',
      ],
    );
  });

  it('reports every problem of every domain at once', () => {
    const problems = problemsOf({
      domains: {
        customer: { systemOfRecord: 'erp', direction: 'bidirectional' },
        time: { systemOfRecord: 'psa-a', latency: '0s' },
        payment: { systemOfRecord: 'bank' },
      },
    });
    assert.equal(problems.length, 3);
    for (const domain of ['customer', 'time', 'payment'])
      assert.ok(
        problems.some((p) => p.startsWith(`governance.domains.${domain}`)),
        domain,
      );
  });
});
