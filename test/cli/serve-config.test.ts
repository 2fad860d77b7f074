// `ledgerline serve` checks its configuration before it starts and says exactly what is wrong.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/child-service.ts';

describe('serve --config validation', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledgerline-config-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const valid = `store:
  sqlite: ./ll.sqlite
http:
  port: 0
legalEntities:
  - { id: LL-UK, name: UK, country: GB, functionalCurrency: GBP }
systems:
  psa:
    - id: sandbox-psa
      connector: sandbox-psa
      baseUrl: http://127.0.0.1:1
      webhookSecret: { env: LL_TEST_PSA_SECRET }
  erp:
    id: sandbox-erp
    connector: sandbox-erp
    baseUrl: http://127.0.0.1:2
    apiKey: { env: LL_TEST_ERP_KEY }
`;

  it('names every invalid field by its path and exits 2', async () => {
    const file = write(
      'bad.yaml',
      valid
        .replace('functionalCurrency: GBP', 'functionalCurrency: pounds')
        .replace('port: 0', 'port: 99999')
        .replace('baseUrl: http://127.0.0.1:2', 'baseUrl: http://127.0.0.1:2\n    colour: blue'),
    );
    const result = await runCli(['serve', '--config', file]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /legalEntities\.0\.functionalCurrency/);
    assert.match(result.stderr, /http\.port/);
    assert.match(result.stderr, /systems\.erp: must NOT have additional properties "colour"/);
  });

  it('refuses a worker, or an API-only node, on a SQLite store, saying why, and exits 2', async () => {
    const file = write('sqlite.yaml', valid);
    const env = { LL_TEST_PSA_SECRET: 's', LL_TEST_ERP_KEY: 'k' };
    const worker = await runCli(['worker', '--config', file], env);
    assert.equal(worker.code, 2, worker.stderr);
    assert.match(worker.stderr, /a SQLite store belongs to one process/);
    const api = await runCli(['serve', '--config', file, '--role', 'api'], env);
    assert.equal(api.code, 2, api.stderr);
    assert.match(api.stderr, /`--role api` needs store.postgres/);
    const unknown = await runCli(['serve', '--config', file, '--role', 'everything'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown --role everything: use all or api/);
  });

  it('refuses a PostgreSQL store without field keys unless clear sensitive fields are allowed, and exits 2', async () => {
    // Port 1 refuses at once: past the check, the service fails to connect instead (another exit, no hang).
    const postgres = valid.replace('sqlite: ./ll.sqlite', 'postgres: postgres://postgres@127.0.0.1:1/none');
    const env = {
      LL_TEST_PSA_SECRET: 's',
      LL_TEST_ERP_KEY: 'k',
      LL_TEST_FIELD_KEY: randomBytes(32).toString('base64'),
    };
    const keyless = write('keyless.yaml', postgres);
    for (const args of [
      ['serve', '--config', keyless],
      ['worker', '--config', keyless],
    ]) {
      const refused = await runCli(args, env);
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(
        refused.stderr,
        /store\.postgres has no field keys, so cost rates, bank details and personal data would be stored in clear/,
      );
      assert.match(refused.stderr, /configure security\.fieldEncryption/);
      assert.equal(refused.stdout, '', 'nothing started');
    }
    for (const security of [
      'security: { allowSensitiveFieldsInClear: true }',
      'security: { fieldEncryption: { currentKeyId: k1, keys: { k1: { env: LL_TEST_FIELD_KEY } } } }',
    ]) {
      const passed = await runCli(
        ['serve', '--config', write('passes.yaml', `${postgres}${security}\n`)],
        env,
      );
      assert.notEqual(passed.code, 0, 'no PostgreSQL answers on port 1');
      assert.doesNotMatch(passed.stderr, /has no field keys/, security);
      assert.match(passed.stderr, /ECONNREFUSED|connect/i, `it got as far as the store: ${passed.stderr}`);
    }
  });

  it('refuses a secret that is not set, naming the variable', async () => {
    const file = write('ok.yaml', valid);
    const result = await runCli(['serve', '--config', file], {
      LL_TEST_PSA_SECRET: '',
      LL_TEST_ERP_KEY: 'k',
    });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /LL_TEST_PSA_SECRET is not set/);
  });

  it('refuses a webhook secret that is not a Standard Webhooks secret, naming its key, without a stack', async () => {
    const file = write('bad-secret.yaml', valid);
    const result = await runCli(['serve', '--config', file], {
      LL_TEST_PSA_SECRET: 'not-a-secret',
      LL_TEST_ERP_KEY: 'k',
    });
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /systems\.psa\[sandbox-psa\]\.webhookSecret:\n {2}- webhook secret must be "whsec_" \+ base64 of at least 16 bytes/,
    );
    assert.doesNotMatch(result.stderr, /\bat .+:\d+:\d+/);
  });

  it('refuses a misconfigured governance section before starting, naming the domain', async () => {
    const file = write(
      'governance.yaml',
      `${valid}governance:
  domains:
    customer: { systemOfRecord: sandbox-erp, direction: bidirectional }
    time: { systemOfRecord: sandbox-psa, latency: soon }
`,
    );
    const result = await runCli(['serve', '--config', file], {
      LL_TEST_PSA_SECRET: 's',
      LL_TEST_ERP_KEY: 'k',
    });
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /governance\.domains\.customer: direction is bidirectional but no fieldOwnership is given; .*\(e\.g\. legalName: sandbox-erp\)/,
    );
    assert.match(result.stderr, /governance\.domains\.time\.latency: "soon" is not a latency/);
    assert.equal(result.stdout, '', 'nothing started');
  });

  it('reports broken YAML with its line, and a missing file', async () => {
    const broken = await runCli(['serve', '--config', write('broken.yaml', 'store: [\n')]);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /not valid YAML/);
    const missing = await runCli(['serve', '--config', join(dir, 'nope.yaml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read the file/);
  });
});
