// Mutual TLS for system-to-system intake (issue 8) over real HTTPS: certificates made with the openssl CLI
// (a client CA, the server, a listed intake client, an unlisted one, and one from another CA), a whole
// Ledgerline serving `security.tls`, and calls that present each certificate or none.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import type { Config } from '../../src/config/schema.ts';
import { ConfigError, parseConfig } from '../../src/config/load-config.ts';
import { openApiProblem } from '../../src/security/open-api-exposure.ts';
import { tlsServerOptions } from '../../src/security/tls/tls-server-options.ts';
import { useHarness, type Harness } from '../support/harness.ts';
import { minimalConfig } from '../support/config-text.ts';
import { readyProject } from '../support/events.ts';
import { TestCertificates } from '../support/test-certificates.ts';

const certificates = new TestCertificates();
const pathOf = (name: string) => certificates.path(name);
const pem = (name: string) => certificates.pem(name);
const makeCertificate = (name: string, cn: string, ca?: string, extensions?: string) =>
  certificates.make(name, cn, ca, extensions);

before(() => {
  makeCertificate('ca', 'Ledgerline test client CA');
  makeCertificate('other-ca', 'Some other CA');
  makeCertificate('server', '127.0.0.1', 'ca', 'subjectAltName=IP:127.0.0.1');
  makeCertificate('intake', 'psa-bridge', 'ca');
  makeCertificate('unlisted', 'stranger', 'ca');
  makeCertificate('foreign', 'psa-bridge', 'other-ca');
});
after(() => certificates.remove());

function withTls(tls: NonNullable<NonNullable<Config['security']>['tls']>, auth: boolean) {
  return (config: Config): Config => ({
    ...config,
    security: { ...(auth ? { auth: { apiKeys: true, refusalsAuditedPerMinute: 10_000 } } : {}), tls },
  });
}

const tlsConfig = (requireClientCert: boolean) => ({
  cert: { file: pathOf('server.pem') },
  key: { file: pathOf('server.key') },
  clientCa: { file: pathOf('ca.pem') },
  requireClientCert,
  clients: { 'psa-bridge': ['intake' as const] },
});

interface Answer {
  readonly status: number;
  readonly body: { type?: string; detail?: string } & Record<string, unknown>;
}

/** One HTTPS call, trusting the test CA, presenting `client`'s certificate when given. A fresh connection
 * each time (no agent), so no TLS session of another certificate is resumed. */
function call(h: Harness, method: string, path: string, client?: string, body?: unknown): Promise<Answer> {
  const url = new URL(path, h.service.url);
  const identity = client === undefined ? {} : pem(client);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent: false,
        ca: pem('ca').cert,
        ...identity,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            body: (text === '' ? {} : JSON.parse(text)) as Answer['body'],
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function refusals(h: Harness) {
  return (await h.service.store.listAudit(0, 10_000)).filter((e) => e.action === 'access.refused');
}

const problem = (slug: string) => `https://ledgerline.dev/problems/${slug}`;

describe('mutual TLS, client certificate optional (security.auth on as well)', () => {
  const h = useHarness({ configure: (config) => withTls(tlsConfig(false), true)(config) });

  it('serves HTTPS', () => {
    assert.match(h.service.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('lets a listed intake client send events', async () => {
    const answer = await call(h, 'POST', '/v1/events', 'intake', [
      readyProject('project:sandbox-psa:P-MTLS-1'),
    ]);
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
  });

  it('refuses the intake client the audit log (403), audited as mtls:<CN>', async () => {
    const answer = await call(h, 'GET', '/v1/admin/audit', 'intake');
    assert.equal(answer.status, 403);
    assert.equal(answer.body.type, problem('forbidden'));
    assert.match(answer.body.detail ?? '', /mtls:psa-bridge has intake/);
    const refused = (await refusals(h)).find((e) => e.actor === 'mtls:psa-bridge');
    assert.match(refused?.detail ?? '', /"reason":"forbidden"/);
  });

  it('refuses a caller without a certificate or credential (401)', async () => {
    const answer = await call(h, 'POST', '/v1/events', undefined, [
      readyProject('project:sandbox-psa:P-MTLS-2'),
    ]);
    assert.equal(answer.status, 401);
    assert.equal(answer.body.type, problem('unauthenticated'));
  });

  it('refuses a certificate from another CA (401) and one whose CN is not listed (401), audited', async () => {
    const foreign = await call(h, 'POST', '/v1/events', 'foreign', [
      readyProject('project:sandbox-psa:P-MTLS-3'),
    ]);
    assert.equal(foreign.status, 401);
    assert.equal(foreign.body.type, problem('client-certificate-untrusted'));
    const unlisted = await call(h, 'POST', '/v1/events', 'unlisted', [
      readyProject('project:sandbox-psa:P-MTLS-4'),
    ]);
    assert.equal(unlisted.status, 401);
    assert.equal(unlisted.body.type, problem('client-certificate-unknown'));
    const details = (await refusals(h)).map((e) => e.detail).join('\n');
    assert.match(details, /"reason":"client-certificate-untrusted"/);
    assert.match(details, /"reason":"client-certificate-unknown"/);
  });

  it('checks a bearer credential sent with a listed certificate, and it wins', async () => {
    const answer = await call(h, 'POST', '/v1/events', 'intake', [
      readyProject('project:sandbox-psa:P-MTLS-5'),
    ]);
    assert.equal(answer.status, 202);
    const url = new URL('/v1/events', h.service.url);
    const refused = await new Promise<number>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent: false,
          ca: pem('ca').cert,
          ...pem('intake'),
          headers: { 'content-type': 'application/json', authorization: 'Bearer llk_000000000000_nope' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('[]');
    });
    assert.equal(refused, 401);
  });
});

describe('mutual TLS, client certificate required (no security.auth: only certificates authenticate)', () => {
  const h = useHarness({ configure: (config) => withTls(tlsConfig(true), false)(config) });

  it('lets the listed intake client in and keeps it to its role', async () => {
    const sent = await call(h, 'POST', '/v1/events', 'intake', [
      readyProject('project:sandbox-psa:P-MTLS-6'),
    ]);
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    assert.equal((await call(h, 'GET', '/v1/admin/audit', 'intake')).status, 403);
  });

  it('ends the handshake of a client without a certificate or with one from another CA', async () => {
    // The server's alert, or (TLS 1.3 checks the client after the handshake) the connection cut.
    const refusedByServer = (error: unknown) =>
      /^(ERR_SSL_TLSV1[0-9]?_ALERT_[A-Z_]+|ECONNRESET)$/.test((error as { code?: string }).code ?? '');
    await assert.rejects(call(h, 'POST', '/v1/events', undefined, []), refusedByServer);
    await assert.rejects(call(h, 'POST', '/v1/events', 'foreign', []), refusedByServer);
    // The service is still up for the good client.
    assert.equal(
      (await call(h, 'POST', '/v1/events', 'intake', [readyProject('project:sandbox-psa:P-MTLS-7')])).status,
      202,
    );
  });
});

describe('security.tls configuration', () => {
  const config = (http: string, security: string) =>
    parseConfig(minimalConfig.replace('http: { port: 0 }', `http: ${http}`) + security, 'test.yaml');

  it('refuses clients or requireClientCert without clientCa (never the public roots)', () => {
    assert.throws(
      () =>
        config(
          '{ port: 0 }',
          'security: { tls: { cert: { file: c.pem }, key: { file: k.pem }, clients: { a: [intake] } } }\n',
        ),
      (error: unknown) => error instanceof ConfigError && /clientCa/.test(error.message),
    );
  });

  it('counts listed client certificates as authentication beyond loopback', () => {
    const tls =
      'security: { tls: { cert: { file: c.pem }, key: { env: TLS_KEY }, clientCa: { file: ca.pem }, clients: { a: [intake] } } }\n';
    assert.equal(openApiProblem(config('{ host: 0.0.0.0, port: 0 }', tls)), undefined);
  });

  it('reads the key through its secret reference and names a file it cannot read', () => {
    const server = pem('server');
    const options = tlsServerOptions(
      { cert: { file: pathOf('server.pem') }, key: { env: 'TLS_KEY' } },
      { TLS_KEY: server.key },
    );
    assert.deepEqual(options, { cert: server.cert, key: server.key });
    assert.throws(
      () => tlsServerOptions({ cert: { file: pathOf('none.pem') }, key: { env: 'TLS_KEY' } }, {}),
      (error: unknown) => error instanceof ConfigError && error.file === 'security.tls.cert',
    );
  });
});
