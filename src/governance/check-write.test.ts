// The run-time ownership rule, including the governance conflict of issue 3: a PSA trying to change a
// customer's legal name, which the ERP owns.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { GovernanceConfig } from '../config/schema.ts';
import { checkGovernance } from './check-governance.ts';
import { checkWrite } from './check-write.ts';
import type { ConfiguredSystems } from './configured-systems.ts';
import type { Governance } from './model.ts';

const systems: ConfiguredSystems = { psa: [{ id: 'psa-a' }, { id: 'psa-b' }], erp: { id: 'erp' } };

function governanceOf(governance?: GovernanceConfig): Governance {
  const result = checkGovernance(governance === undefined ? { systems } : { systems, governance });
  if (!result.ok) assert.fail(result.problems.join('\n'));
  return result.governance;
}

const defaults = governanceOf();
const sharedCustomer = governanceOf({
  domains: {
    customer: {
      systemOfRecord: 'erp',
      direction: 'bidirectional',
      fieldOwnership: { legalName: 'erp', taxId: 'erp', deliveryContact: 'psa-a' },
    },
  },
});

describe('checkWrite on a one-way domain', () => {
  it('refuses a PSA changing the legal name of a customer the ERP records', () => {
    assert.deepEqual(
      checkWrite(defaults, { domain: 'customer', sourceSystem: 'psa-a', changedFields: ['legalName'] }),
      {
        allowed: false,
        reasonCode: 'governance.not_owner',
        message:
          'customer legalName is owned by erp, the system of record (one-way); psa-a may not change it',
        domain: 'customer',
        sourceSystem: 'psa-a',
        owners: ['erp'],
        refusedFields: ['legalName'],
      },
    );
  });

  it('lets the system of record write', () => {
    assert.deepEqual(
      checkWrite(defaults, {
        domain: 'customer',
        sourceSystem: 'erp',
        changedFields: ['legalName', 'taxId'],
      }),
      { allowed: true },
    );
  });

  it('refuses any write from another system, even one that names no field', () => {
    const decision = checkWrite(defaults, { domain: 'invoice', sourceSystem: 'psa-b', changedFields: [] });
    assert.ok(!decision.allowed);
    assert.equal(
      decision.message,
      'invoice is owned by erp, the system of record (one-way); psa-b may not change it',
    );
  });

  it('with two PSAs, lets each write only objects in its own id space', () => {
    const attempt = { domain: 'time', changedFields: ['hours'] } as const;
    assert.deepEqual(checkWrite(defaults, { ...attempt, sourceSystem: 'psa-b', idSpace: 'psa-b' }), {
      allowed: true,
    });
    const refused = checkWrite(defaults, { ...attempt, sourceSystem: 'psa-a', idSpace: 'psa-b' });
    assert.ok(!refused.allowed);
    assert.equal(refused.reasonCode, 'governance.not_owner');
    assert.deepEqual(refused.owners, ['psa-b']);
    assert.equal(
      refused.message,
      'time hours is owned by psa-b, the system of record (one-way); psa-a may not change it',
    );
  });

  it('refuses an object whose id space no system of record covers', () => {
    const refused = checkWrite(defaults, {
      domain: 'project',
      sourceSystem: 'erp',
      changedFields: ['name'],
      idSpace: 'erp',
    });
    assert.ok(!refused.allowed);
    assert.deepEqual(refused.owners, ['psa-a', 'psa-b']);
    assert.match(refused.message, /^project in the id space of erp has no system of record here/);
  });

  it('needs the id space when a domain has several systems of record', () => {
    assert.throws(
      () => checkWrite(defaults, { domain: 'time', sourceSystem: 'psa-a', changedFields: ['hours'] }),
      /time has several systems of record; pass the object's idSpace/,
    );
  });
});

describe('checkWrite on a bidirectional domain', () => {
  it('allows a system of entry to change the fields it owns', () => {
    assert.deepEqual(
      checkWrite(sharedCustomer, {
        domain: 'customer',
        sourceSystem: 'psa-a',
        changedFields: ['deliveryContact'],
      }),
      { allowed: true },
    );
  });

  it('refuses the PSA changing the legal name the ERP owns, naming the field and its owner', () => {
    assert.deepEqual(
      checkWrite(sharedCustomer, {
        domain: 'customer',
        sourceSystem: 'psa-a',
        changedFields: ['deliveryContact', 'legalName'],
      }),
      {
        allowed: false,
        reasonCode: 'governance.field_not_owned',
        message: 'customer legalName is owned by erp; psa-a may not change it',
        domain: 'customer',
        sourceSystem: 'psa-a',
        owners: ['erp'],
        refusedFields: ['legalName'],
      },
    );
  });

  it('refuses the record changing a field another system owns, and gives unlisted fields to the record', () => {
    const refused = checkWrite(sharedCustomer, {
      domain: 'customer',
      sourceSystem: 'erp',
      changedFields: ['legalName', 'deliveryContact', 'billingCurrency'],
    });
    assert.ok(!refused.allowed);
    assert.equal(refused.message, 'customer deliveryContact is owned by psa-a; erp may not change it');
    const psa = checkWrite(sharedCustomer, {
      domain: 'customer',
      sourceSystem: 'psa-a',
      changedFields: ['billingCurrency', 'taxId'],
    });
    assert.ok(!psa.allowed);
    assert.equal(
      psa.message,
      'customer billingCurrency is owned by erp, taxId is owned by erp; psa-a may not change them',
    );
    assert.deepEqual(psa.refusedFields, ['billingCurrency', 'taxId']);
  });

  it('refuses a system that is not a system of entry of the domain', () => {
    const refused = checkWrite(sharedCustomer, {
      domain: 'customer',
      sourceSystem: 'psa-b',
      changedFields: ['deliveryContact'],
    });
    assert.ok(!refused.allowed);
    assert.equal(refused.reasonCode, 'governance.not_owner');
    assert.equal(
      refused.message,
      'psa-b is not a system of entry for customer (erp, psa-a); psa-b may not change it',
    );
  });
});
