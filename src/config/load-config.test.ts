// parseConfig: schema errors named by path, then the checks across sections (system ids, governance).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseConfig } from './load-config.ts';

const base = `store: { sqlite: ':memory:' }
http: { port: 0 }
legalEntities:
  - { id: LL-UK, name: UK, country: GB, functionalCurrency: GBP }
systems:
  psa:
    - { id: psa-a, connector: sandbox-psa, baseUrl: 'http://127.0.0.1:1', webhookSecret: { env: PSA_A } }
  erp: { id: erp, connector: sandbox-erp, baseUrl: 'http://127.0.0.1:2', apiKey: { env: ERP } }
`;
const secondPsa = `    - { id: psa-b, connector: sandbox-psa, baseUrl: 'http://127.0.0.1:3', webhookSecret: { env: PSA_B } }
`;
const withSecondPsa = (id: string) => base.replace('  erp:', secondPsa.replace('psa-b', id) + '  erp:');

function problemsOf(text: string): readonly string[] {
  try {
    parseConfig(text, 'test.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return assert.fail('expected the configuration to be refused');
}

describe('parseConfig', () => {
  it('accepts a minimal config', () => {
    assert.equal(parseConfig(base, 'test.yaml').systems.erp.id, 'erp');
  });

  it('accepts two PSAs with their own ids, and a CRM', () => {
    const config = parseConfig(
      `${withSecondPsa('psa-b')}  crm:
    - { id: crm, connector: sandbox-crm, baseUrl: 'http://127.0.0.1:4', webhookSecret: { env: CRM } }
`,
      'test.yaml',
    );
    assert.deepEqual(
      config.systems.psa.map((s) => s.id),
      ['psa-a', 'psa-b'],
    );
    assert.equal(config.systems.crm?.[0]?.id, 'crm');
  });

  it('refuses two systems with one id, saying where each is', () => {
    assert.deepEqual(problemsOf(withSecondPsa('erp')), [
      'systems: the id "erp" is used by systems.psa.1 and systems.erp; each system needs its own id, which ' +
        'is also its id space in canonical ids (e.g. "psa-a", "psa-b")',
    ]);
  });

  it('reports a union once, as what it expects, and lists the known keys of an object', () => {
    assert.deepEqual(problemsOf(base.replace('{ env: ERP }', '{ env: erp-key }')), [
      'systems.erp.apiKey: must be { env: NAME } (upper-case) or { file: PATH }',
    ]);
    assert.deepEqual(problemsOf(base.replace('apiKey:', 'colour: blue, apiKey:')), [
      'systems.erp: must NOT have additional properties "colour" (known: id, connector, baseUrl, apiKey)',
    ]);
  });
});
