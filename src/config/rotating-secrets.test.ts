// A source's webhook secret as one reference or a list (rotation): parsed, resolved in order with each
// missing one named by its index, and an empty list refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configProblems, minimalConfig } from '../../test/support/config-text.ts';
import { ConfigError, parseConfig, resolveSecrets } from './load-config.ts';

const rotating = (secrets: string) =>
  minimalConfig.replace('webhookSecret: { env: PSA_A }', `webhookSecret: ${secrets}`);

describe('rotating webhook secrets', () => {
  it('takes a list of secret references and resolves each, in order', () => {
    const config = parseConfig(rotating('[{ env: PSA_OLD }, { env: PSA_NEW }]'), 'test.yaml');
    const [psa] = config.systems.psa;
    assert.ok(psa?.connector === 'sandbox-psa');
    const env = { PSA_OLD: 'whsec_old', PSA_NEW: 'whsec_new' };
    assert.deepEqual(resolveSecrets(psa.webhookSecret, 'systems.psa[psa-a].webhookSecret', env), [
      'whsec_old',
      'whsec_new',
    ]);
    assert.deepEqual(resolveSecrets({ env: 'PSA_OLD' }, 'where', env), ['whsec_old']);
  });

  it('names the listed secret that is missing', () => {
    assert.throws(
      () =>
        resolveSecrets([{ env: 'PSA_OLD' }, { env: 'PSA_GONE' }], 'systems.psa[psa-a].webhookSecret', {
          PSA_OLD: 'x',
        }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /webhookSecret\[1\]/.test(error.message) &&
        /PSA_GONE/.test(error.message),
    );
  });

  it('refuses an empty list', () => {
    assert.ok(configProblems(rotating('[]')).some((p) => /webhookSecret/.test(p)));
  });
});
