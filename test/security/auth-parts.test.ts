// The parts of authentication on their own, with real pieces: the refusal audit's cap on a real SQLite
// store, OIDC discovery and an unreachable identity provider against a real HTTP server, roles from
// nested claims, the API key text, and the rule that keeps an unauthenticated API on loopback.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { openTempSqliteStore } from '../store/sqlite-temp.ts';
import { refusalAuditor } from '../../src/security/auth/refusal-audit.ts';
import { oidcVerifier, rolesOf } from '../../src/security/auth/oidc-verifier.ts';
import {
  hashSecret,
  newApiKeyText,
  parseApiKey,
  secretMatches,
} from '../../src/security/auth/api-key-secret.ts';
import { openApiProblem } from '../../src/security/open-api-exposure.ts';
import { useIdentityProvider } from '../support/identity-provider.ts';
import { parseConfig } from '../../src/config/load-config.ts';
import { minimalConfig } from '../support/config-text.ts';

describe('refusal audit', () => {
  it('writes at most N refusals a minute and carries the count of the rest into the next entry', async () => {
    const { store, cleanup } = await openTempSqliteStore('ledgerline-refusals-')();
    try {
      let now = Date.parse('2026-11-26T10:00:00Z');
      const audit = refusalAuditor(store, 3, () => now);
      const refused = { actor: 'anonymous', subject: 'route:GET /v1/admin/audit', detail: { status: 401 } };
      for (let i = 0; i < 10; i += 1) await audit(refused);
      assert.equal((await store.listAudit(0, 100)).length, 3, 'the flood is capped');
      now += 60_000;
      await audit(refused);
      const entries = await store.listAudit(0, 100);
      assert.equal(entries.length, 4);
      assert.deepEqual(JSON.parse(entries[3]?.detail ?? '{}'), { status: 401, suppressedBefore: 7 });
      assert.ok(entries.every((e) => e.action === 'access.refused'));
    } finally {
      await cleanup();
    }
  });
});

describe('OIDC verification', () => {
  const idp = useIdentityProvider('ledgerline');

  it("finds the key set through the issuer's discovery document when no jwksUri is configured", async () => {
    const verify = oidcVerifier({ issuer: idp.issuer, audience: 'ledgerline' });
    const result = await verify(await idp.token({ sub: 'carol', roles: 'finance viewer' }));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.principal.id, `oidc:${idp.issuer}#carol`);
    assert.deepEqual(result.principal.roles, ['finance', 'viewer']);
    assert.equal(result.principal.via, 'oidc');
  });

  it("answers 503 (not 401) while the identity provider's keys cannot be read", async () => {
    const port = await freePort();
    const verify = oidcVerifier({
      issuer: idp.issuer,
      audience: 'ledgerline',
      jwksUri: `http://127.0.0.1:${port}/jwks`,
    });
    const result = await verify(await idp.token({ sub: 'dave', roles: ['admin'] }));
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.status, 503);
    assert.equal(!result.ok && result.reason, 'identity-provider-unavailable');
  });

  it('refuses a token whose signature algorithm is not allowed by configuration', async () => {
    const verify = oidcVerifier({
      issuer: idp.issuer,
      audience: 'ledgerline',
      jwksUri: idp.jwksUri,
      algorithms: ['ES256'],
    });
    const result = await verify(await idp.token({ sub: 'erin', roles: ['admin'] }));
    assert.equal(!result.ok && result.reason, 'token-invalid');
  });

  it('reads roles from a list, a space-separated string, a nested claim or a URL-named claim, keeping only known roles', () => {
    assert.deepEqual(rolesOf({ roles: ['admin', 'root', 'admin'] }, 'roles'), ['admin']);
    assert.deepEqual(rolesOf({ realm_access: { roles: ['viewer', 'x'] } }, 'realm_access.roles'), ['viewer']);
    assert.deepEqual(
      rolesOf({ 'https://ledgerline.dev/roles': ['auditor'] }, 'https://ledgerline.dev/roles'),
      ['auditor'],
    );
    assert.deepEqual(rolesOf({ scope: 'operator openid' }, 'scope'), ['operator']);
    assert.deepEqual(rolesOf({}, 'roles'), []);
  });
});

describe('API key text', () => {
  it('is llk_<id>_<secret>, parses back, and matches only its own hash', () => {
    const key = newApiKeyText();
    assert.match(key.text, /^llk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(parseApiKey(key.text), { id: key.id, secret: key.secret });
    assert.equal(secretMatches(key.secret, hashSecret(key.secret)), true);
    assert.equal(secretMatches(newApiKeyText().secret, hashSecret(key.secret)), false);
    assert.equal(parseApiKey(`${key.text}x`), undefined);
    assert.equal(parseApiKey('llk_XYZ_abc'), undefined);
  });
});

describe('an API without authentication', () => {
  const config = (http: string, security = '') =>
    parseConfig(minimalConfig.replace('http: { port: 0 }', `http: ${http}`) + security, 'test.yaml');

  it('may listen on loopback only, unless auth is configured or an open API is allowed in so many words', () => {
    assert.equal(openApiProblem(config('{ port: 0 }')), undefined);
    assert.equal(openApiProblem(config('{ host: "::1", port: 0 }')), undefined);
    const open = openApiProblem(config('{ host: 0.0.0.0, port: 0 }'));
    assert.match(open ?? '', /security\.auth/);
    assert.match(open ?? '', /security\.allowUnauthenticated: true/);
    assert.equal(
      openApiProblem(config('{ host: 0.0.0.0, port: 0 }', 'security: { allowUnauthenticated: true }\n')),
      undefined,
    );
    assert.equal(
      openApiProblem(config('{ host: 0.0.0.0, port: 0 }', 'security: { auth: { apiKeys: true } }\n')),
      undefined,
    );
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}
