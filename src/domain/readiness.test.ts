// Readiness: literal expectations for the messages a finance user reads.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LegalEntity, Project } from '../contracts/index.ts';
import { checkProjectReadiness, describeReadinessProblems } from './readiness.ts';

const uk: LegalEntity = { id: 'LL-UK', name: 'Ledgerline UK Ltd', country: 'GB', functionalCurrency: 'GBP' };
const de: LegalEntity = { id: 'LL-DE', name: 'Ledgerline GmbH', country: 'DE', functionalCurrency: 'EUR' };
const entities = new Map([
  [uk.id, uk],
  [de.id, de],
]);

const bare: Project = {
  id: 'project:sandbox-psa:P-1001',
  code: 'ACME-2026-01',
  name: 'ACME finance transformation',
};
const complete: Project = {
  ...bare,
  legalEntityId: 'LL-UK',
  currency: 'GBP',
  taxTreatment: 'standard',
  billingModel: 'time-and-materials',
};

describe('checkProjectReadiness', () => {
  it('accepts a complete project as it is, enriching nothing', () => {
    assert.deepEqual(checkProjectReadiness(complete, entities), {
      ready: true,
      project: complete,
      enriched: [],
    });
  });

  it('names all four missing fields at once', () => {
    assert.deepEqual(checkProjectReadiness(bare, entities), {
      ready: false,
      problems: [
        { field: 'legalEntityId', problem: 'is missing' },
        { field: 'currency', problem: 'is missing and no legal entity supplies one' },
        { field: 'taxTreatment', problem: 'is missing' },
        { field: 'billingModel', problem: 'is missing' },
      ],
    });
  });

  it('names the known legal entities when the project names an unknown one', () => {
    assert.deepEqual(checkProjectReadiness({ ...complete, legalEntityId: 'LL-XX' }, entities), {
      ready: false,
      problems: [
        {
          field: 'legalEntityId',
          problem: '"LL-XX" is not a configured legal entity (known: LL-UK, LL-DE)',
        },
      ],
    });
  });

  it('cannot enrich the currency from an unknown legal entity', () => {
    const { currency: _currency, ...withoutCurrency } = complete;
    const result = checkProjectReadiness({ ...withoutCurrency, legalEntityId: 'LL-XX' }, entities);
    assert.deepEqual(result, {
      ready: false,
      problems: [
        {
          field: 'legalEntityId',
          problem: '"LL-XX" is not a configured legal entity (known: LL-UK, LL-DE)',
        },
        { field: 'currency', problem: 'is missing and no legal entity supplies one' },
      ],
    });
  });

  it("enriches a missing currency from the legal entity's functional currency and reports it", () => {
    const { currency: _currency, ...withoutCurrency } = complete;
    assert.deepEqual(checkProjectReadiness({ ...withoutCurrency, legalEntityId: 'LL-DE' }, entities), {
      ready: true,
      project: { ...complete, legalEntityId: 'LL-DE', currency: 'EUR' },
      enriched: ['currency EUR from legal entity LL-DE'],
    });
  });

  it("keeps the project's own currency over the legal entity's", () => {
    const result = checkProjectReadiness({ ...complete, legalEntityId: 'LL-DE', currency: 'USD' }, entities);
    assert.equal(result.ready, true);
    if (result.ready) {
      assert.equal(result.project.currency, 'USD');
      assert.deepEqual(result.enriched, []);
    }
  });

  it('with no legal entities configured, says the list of known ones is empty', () => {
    const result = checkProjectReadiness(complete, new Map());
    assert.deepEqual(result, {
      ready: false,
      problems: [{ field: 'legalEntityId', problem: '"LL-UK" is not a configured legal entity (known: )' }],
    });
  });
});

describe('describeReadinessProblems', () => {
  it('lists every problem in one sentence with what to do next', () => {
    const result = checkProjectReadiness(bare, entities);
    assert.equal(result.ready, false);
    if (result.ready) return;
    assert.equal(
      describeReadinessProblems(bare.id, result.problems),
      'Project project:sandbox-psa:P-1001 cannot be provisioned in the ERP: legalEntityId is missing; ' +
        'currency is missing and no legal entity supplies one; taxTreatment is missing; billingModel is missing. ' +
        'Complete the project in the PSA (or the legal entity in the config) and it will be retried.',
    );
  });
});
