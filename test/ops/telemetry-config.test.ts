// The `telemetry` section of the YAML configuration: an OTLP endpoint with headers read from secrets.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/config/load-config.ts';
import { configProblems, minimalConfig } from '../support/config-text.ts';
import { secretValuesOf } from '../../src/ops/secret-values.ts';

describe('telemetry configuration', () => {
  it('takes an OTLP endpoint, a service name and headers read from secrets', () => {
    const config = parseConfig(
      `${minimalConfig}telemetry:
  serviceName: ledgerline-eu
  otlp:
    endpoint: http://collector:4318
    headers: { x-api-key: { env: OTLP_KEY } }
`,
      'test.yaml',
    );
    assert.deepEqual(config.telemetry, {
      serviceName: 'ledgerline-eu',
      otlp: { endpoint: 'http://collector:4318', headers: { 'x-api-key': { env: 'OTLP_KEY' } } },
    });
    // The logger scrubs every secret the configuration points to, the collector's key among them.
    assert.deepEqual(
      secretValuesOf(config, { PSA_A: 'psa-secret-1', ERP: 'erp-key-22', OTLP_KEY: 'otlp-key-333' }).sort(),
      ['erp-key-22', 'otlp-key-333', 'psa-secret-1'],
    );
  });

  it('refuses an endpoint that is not a URL', () => {
    const problems = configProblems(`${minimalConfig}telemetry: { otlp: { endpoint: not a url } }\n`);
    assert.ok(
      problems.some((p) => p.startsWith('telemetry.otlp.endpoint')),
      problems.join('\n'),
    );
  });

  it('refuses a header written in the file instead of read from a secret', () => {
    const problems = configProblems(
      `${minimalConfig}telemetry: { otlp: { endpoint: 'http://c:4318', headers: { authorization: 'Bearer abc' } } }\n`,
    );
    assert.ok(
      problems.some((p) => p.startsWith('telemetry.otlp.headers.authorization')),
      problems.join('\n'),
    );
  });
});
