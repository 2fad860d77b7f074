// The smallest valid YAML configuration, for tests that add one section to it, and the problems a
// configuration is refused with.
import assert from 'node:assert/strict';
import { ConfigError, parseConfig } from '../../src/config/load-config.ts';

export const minimalConfig = `store: { sqlite: ':memory:' }
http: { port: 0 }
legalEntities:
  - { id: LL-UK, name: UK, country: GB, functionalCurrency: GBP }
systems:
  psa:
    - { id: psa-a, connector: sandbox-psa, baseUrl: 'http://127.0.0.1:1', webhookSecret: { env: PSA_A } }
  erp: { id: erp, connector: sandbox-erp, baseUrl: 'http://127.0.0.1:2', apiKey: { env: ERP } }
`;

/** The problems parseConfig refuses `text` with; fails the test when it accepts it. */
export function configProblems(text: string): readonly string[] {
  try {
    parseConfig(text, 'test.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return assert.fail('expected the configuration to be refused');
}
