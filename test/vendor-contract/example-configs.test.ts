// The vendor examples load with the same config loader `ledgerline serve` uses, and build their
// connectors (secrets from a test environment; nothing is contacted).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig, parseConfig } from '../../src/config/load-config.ts';
import { buildConnectors } from '../../src/service/connectors.ts';

const env = {
  HARVEST_TOKEN: 'pat',
  XERO_CLIENT_SECRET: 'secret',
  XERO_REFRESH_TOKEN: 'rt',
  XERO_WEBHOOK_KEY: 'key',
};
const memoryOf = () => ({
  recall: () => Promise.resolve(new Map()),
  recallScope: () => Promise.resolve(new Map()),
});

describe('vendor example configurations', () => {
  it('examples/harvest-xero.yaml: Harvest polled, Xero Accounting as the ERP with defaults filled', () => {
    const config = loadConfig(new URL('../../examples/harvest-xero.yaml', import.meta.url).pathname);
    const [harvest] = config.systems.psa;
    assert.equal(harvest?.connector, 'harvest');
    const { erp } = config.systems;
    assert.ok(erp.connector === 'xero-accounting');
    assert.equal(erp.oauth.tokenUrl, 'https://identity.xero.com/connect/token');
    const built = buildConnectors(config, env, memoryOf);
    assert.deepEqual(
      built.sources.map((s) => s.connector.system),
      ['harvest', 'xero'],
    );
    assert.equal(built.erp.system, 'xero');
  });

  it('examples/xero-projects-xero.yaml: one Xero connection for Projects and Accounting', () => {
    const config = loadConfig(new URL('../../examples/xero-projects-xero.yaml', import.meta.url).pathname);
    const [projects] = config.systems.psa;
    assert.ok(projects?.connector === 'xero-projects');
    const { erp } = config.systems;
    assert.ok(erp.connector === 'xero-accounting');
    assert.equal(projects.oauth.refreshTokenFile, erp.oauth.refreshTokenFile);
    const connectors = built(config);
    // Read from (polled), never sent to: its projects' invoices and payments stay in Xero Accounting.
    assert.ok(connectors.sources.some((s) => s.connector.system === 'xero-projects'));
    assert.deepEqual(connectors.psaTargets, []);
  });

  it('refuses a literal secret where a SecretRef belongs', () => {
    const text = `store: { sqlite: x.sqlite }
http: { host: 127.0.0.1, port: 0 }
legalEntities: [{ id: LL-UK, name: UK, functionalCurrency: GBP, country: GB }]
systems:
  psa: [{ id: harvest, connector: harvest, accountId: '1', accessToken: 'pat-literal', currency: GBP, projectDefaults: { legalEntityId: LL-UK, taxTreatment: standard } }]
  erp: { id: xero, connector: xero-accounting, tenantId: t, legalEntityId: LL-UK, oauth: { clientId: c, clientSecret: { env: S }, refreshTokenFile: f } }
`;
    assert.throws(() => parseConfig(text, 'test.yaml'), /accessToken/);
  });
});

function built(config: Parameters<typeof buildConnectors>[0]) {
  return buildConnectors(config, env, memoryOf);
}
