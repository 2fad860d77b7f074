// Authentication and roles over real HTTP (issue 8): a whole Ledgerline with `security.auth` on (API keys
// and OIDC against a real JWKS server started here), every route of the permissions table called by each
// role (allowed: past authorisation; refused: a 403 problem), bad credentials refused with 401 and
// WWW-Authenticate, refusals and operator actions audited under the principal's id.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from '../support/harness.ts';
import { useIdentityProvider } from '../support/identity-provider.ts';
import { readyProject, resourceUpdated } from '../support/events.ts';
import { waitFor } from '../support/wait.ts';
import { routePermissions, rolesAllow } from '../../src/security/permissions.ts';
import { roles, type Role } from '../../src/security/principal.ts';
import { issueApiKey, revokeApiKey } from '../../src/security/auth/api-keys.ts';
import { verifyAuditChain } from '../../src/audit/verify.ts';

const audience = 'ledgerline-test';
const problemBase = 'https://ledgerline.dev/problems/';

interface Answer {
  readonly status: number;
  readonly body: { type?: string; detail?: string; rolesAllowed?: string[] } & Record<string, unknown>;
  readonly headers: Headers;
}

/** A concrete request for each route pattern of the table: ids that do not exist, bodies that are empty. */
function requestFor(route: string): { method: string; path: string; body?: unknown } | undefined {
  const [method = '', pattern = ''] = route.split(' ');
  if (pattern === '/*') return undefined; // the console's files: only served once built
  const path = pattern.replace(':id', '999999').replace(':system', 'sandbox-psa');
  if (method === 'GET') return { method, path };
  if (pattern.endsWith('/resolve')) return { method, path, body: { note: 'test' } };
  if (pattern === '/v1/admin/dead-letters/retry') return { method, path, body: { reason: 'none.such' } };
  if (pattern === '/v1/events') return { method, path, body: [] };
  return { method, path, body: {} };
}

describe('authentication and roles', () => {
  const idp = useIdentityProvider(audience);
  const h = useHarness({
    configure: (config) => ({
      ...config,
      security: {
        auth: {
          oidc: { issuer: idp.issuer, audience, jwksUri: idp.jwksUri },
          apiKeys: true,
          // Every refusal here is counted on; the cap itself is tested in refusal-audit.test.ts.
          refusalsAuditedPerMinute: 10_000,
        },
      },
    }),
  });
  const keys = new Map<Role, string>();
  before(async () => {
    for (const role of roles)
      keys.set(
        role,
        (await issueApiKey(h.service.store, { name: `${role} key`, roles: [role], actor: 'test' })).text,
      );
  });

  async function call(
    method: string,
    path: string,
    credential: Record<string, string> = {},
    body?: unknown,
  ): Promise<Answer> {
    const response = await fetch(`${h.service.url}${path}`, {
      method,
      headers: { ...credential, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: Answer['body'] = {};
    try {
      parsed = JSON.parse(text) as Answer['body'];
    } catch {
      // metrics and the console are not JSON
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const keyOf = (role: Role) => {
    const key = keys.get(role);
    assert.ok(key, `a key for ${role}`);
    return key;
  };

  function assertProblem(answer: Answer, status: number, slug: string): void {
    assert.equal(answer.status, status, JSON.stringify(answer.body));
    assert.equal(answer.body.type, `${problemBase}${slug}`, JSON.stringify(answer.body));
    assert.match(answer.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.ok((answer.body.detail ?? '').length > 10, 'the problem says what to do');
  }

  it('lets each role through exactly the routes the permissions table gives it, and refuses the rest with 403', async () => {
    let checked = 0;
    for (const [route, access] of Object.entries(routePermissions)) {
      const request = requestFor(route);
      if (request === undefined) continue;
      for (const role of roles) {
        const answer = await call(request.method, request.path, bearer(keyOf(role)), request.body);
        const label = `${role} ${route} -> ${answer.status} ${JSON.stringify(answer.body)}`;
        if (access.kind !== 'roles') {
          // Open routes and webhooks answer by their own checks (a webhook's signature), never ours.
          assert.ok(
            ![`${problemBase}unauthenticated`, `${problemBase}forbidden`].includes(answer.body.type ?? ''),
            label,
          );
        } else if (rolesAllow(access, [role])) {
          assert.ok(answer.status !== 401 && answer.status !== 403, `allowed: ${label}`);
        } else {
          assertProblem(answer, 403, 'forbidden');
          assert.match(answer.headers.get('www-authenticate') ?? '', /insufficient_scope/, label);
          assert.ok(answer.body.rolesAllowed?.length, `the refusal names the roles needed: ${label}`);
        }
        checked += 1;
      }
    }
    assert.ok(checked >= roles.length * 25, `checked ${checked} role/route pairs`);
  });

  it('spells out the intended table: auditor reads the audit log, viewer does not; nobody but operators and admins retries; finance and admins sign off', () => {
    const audit = routePermissions['GET /v1/admin/audit'];
    assert.ok(audit);
    assert.deepEqual(
      roles.filter((r) => rolesAllow(audit, [r])),
      ['admin', 'auditor'],
    );
    const signOff = 'POST /v1/admin/reconciliation/sign-offs';
    const signing = routePermissions[signOff];
    assert.ok(signing);
    assert.deepEqual(
      roles.filter((r) => rolesAllow(signing, [r])),
      ['admin', 'finance'],
    );
    for (const route of Object.keys(routePermissions).filter(
      (r) => r.startsWith('POST ') && !r.includes('webhooks') && r !== signOff,
    )) {
      const access = routePermissions[route];
      assert.ok(access);
      for (const role of ['auditor', 'viewer', 'finance'] as const)
        assert.equal(rolesAllow(access, [role]), false, `${role} must not ${route}`);
    }
    const intake = routePermissions['POST /v1/events'];
    assert.ok(intake);
    assert.deepEqual(
      roles.filter((r) => rolesAllow(intake, [r])),
      ['admin', 'intake'],
    );
  });

  it('leaves health, the API description and webhooks open to their own checks', async () => {
    assert.equal((await call('GET', '/healthz')).status, 200);
    const description = await call('GET', '/openapi.json');
    assert.equal(description.status, 200);
    // The API description says which routes need a credential, which roles, and documents 401 and 403.
    const paths = description.body['paths'] as Record<
      string,
      Record<string, { security?: unknown[]; description?: string; responses: Record<string, unknown> }>
    >;
    const audit = paths['/v1/admin/audit']?.['get'];
    assert.deepEqual(audit?.security, [{ bearer: [] }, { apiKey: [] }]);
    assert.match(audit?.description ?? '', /Roles: admin, auditor/);
    assert.ok(audit?.responses['401'] && audit.responses['403']);
    assert.equal(paths['/healthz']?.['get']?.security, undefined);
    const webhook = await call('POST', '/v1/webhooks/sandbox-psa', {}, { not: 'signed' });
    assert.notEqual(
      webhook.body.type,
      `${problemBase}unauthenticated`,
      'the signature decides, not a credential',
    );
  });

  it('refuses a request without a credential with 401, WWW-Authenticate and what it needs', async () => {
    const answer = await call('GET', '/v1/admin/overview');
    assertProblem(answer, 401, 'unauthenticated');
    assert.equal(answer.headers.get('www-authenticate'), 'Bearer realm="ledgerline"');
    assert.match(answer.body.detail ?? '', /API key or a bearer token/);
  });

  it('accepts an API key in X-Api-Key as well as in Authorization, and records its last use', async () => {
    const issued = await issueApiKey(h.service.store, {
      name: 'x-api-key',
      roles: ['viewer'],
      actor: 'test',
    });
    assert.equal(issued.record.lastUsedAt, null);
    assert.equal((await call('GET', '/v1/admin/overview', { 'x-api-key': issued.text })).status, 200);
    const listed = (await h.service.store.listApiKeys()).find((k) => k.id === issued.record.id);
    assert.ok(listed?.lastUsedAt, 'last use is recorded');
  });

  it('refuses a revoked, an unknown and a malformed API key with 401', async () => {
    const issued = await issueApiKey(h.service.store, { name: 'to revoke', roles: ['admin'], actor: 'test' });
    assert.equal((await call('GET', '/v1/admin/overview', bearer(issued.text))).status, 200);
    assert.ok(await revokeApiKey(h.service.store, issued.record.id, 'test'));
    const revoked = await call('GET', '/v1/admin/overview', bearer(issued.text));
    assertProblem(revoked, 401, 'api-key-revoked');
    assert.match(revoked.headers.get('www-authenticate') ?? '', /error="invalid_token"/);

    // The right id with another secret is as unknown as an id never issued.
    const forged = `${issued.text.slice(0, 'llk_'.length + 13)}${'A'.repeat(43)}`;
    assertProblem(await call('GET', '/v1/admin/overview', bearer(forged)), 401, 'api-key-unknown');
    assertProblem(
      await call('GET', '/v1/admin/overview', bearer(`llk_0123456789ab_${'B'.repeat(43)}`)),
      401,
      'api-key-unknown',
    );
    assertProblem(
      await call('GET', '/v1/admin/overview', { 'x-api-key': 'llk_short' }),
      401,
      'api-key-malformed',
    );
    assertProblem(
      await call('GET', '/v1/admin/overview', { authorization: 'Basic dXNlcjpwYXNz' }),
      401,
      'unsupported-credential',
    );
  });

  it('accepts a bearer token from the configured issuer and takes its roles from the roles claim', async () => {
    const token = await idp.token({ sub: 'alice', roles: ['auditor', 'not-a-role'] });
    assert.equal((await call('GET', '/v1/admin/audit', bearer(token))).status, 200);
    assertProblem(await call('POST', '/v1/admin/dead-letters/1/retry', bearer(token)), 403, 'forbidden');
    const noRoles = await idp.token({ sub: 'bob' });
    assertProblem(await call('GET', '/v1/admin/overview', bearer(noRoles)), 403, 'forbidden');
  });

  it('refuses an expired, a wrong-issuer, a wrong-audience and a forged token with 401', async () => {
    const expired = await idp.token(
      { sub: 'alice', roles: ['admin'] },
      { expiresIn: Math.floor(Date.now() / 1000) - 3600 },
    );
    assertProblem(await call('GET', '/v1/admin/overview', bearer(expired)), 401, 'token-expired');
    const otherIssuer = await idp.token({ sub: 'alice', roles: ['admin'], iss: 'https://evil.example.com' });
    assertProblem(await call('GET', '/v1/admin/overview', bearer(otherIssuer)), 401, 'token-wrong-issuer');
    const otherAudience = await idp.token({ sub: 'alice', roles: ['admin'], aud: 'another-api' });
    assertProblem(
      await call('GET', '/v1/admin/overview', bearer(otherAudience)),
      401,
      'token-wrong-audience',
    );
    const forged = await idp.token({ sub: 'alice', roles: ['admin'] }, { unpublishedKey: true });
    assertProblem(await call('GET', '/v1/admin/overview', bearer(forged)), 401, 'token-invalid');
    // alg none: the header says "none", there is no signature
    const [, payload] = (await idp.token({ sub: 'alice', roles: ['admin'] })).split('.');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload ?? ''}.`;
    assertProblem(await call('GET', '/v1/admin/overview', bearer(unsigned)), 401, 'token-invalid');
    assertProblem(await call('GET', '/v1/admin/overview', bearer('not-a-jwt')), 401, 'token-malformed');
  });

  it('records each refusal in the audit log with who, what and why; the chain stays intact', async () => {
    const before = (await h.service.store.auditHead())?.seq ?? 0;
    await call('GET', '/v1/admin/audit', bearer(keyOf('viewer')));
    await call('GET', '/v1/admin/audit');
    const entries = (await h.service.store.listAudit(before, 100)).filter(
      (e) => e.action === 'access.refused',
    );
    assert.equal(entries.length, 2, JSON.stringify(entries));
    const [forbidden, anonymous] = entries;
    assert.match(forbidden?.actor ?? '', /^apikey:[0-9a-f]{12}$/);
    assert.equal(forbidden?.subject, 'route:GET /v1/admin/audit');
    assert.match(forbidden?.detail ?? '', /"reason":"forbidden"/);
    assert.equal(anonymous?.actor, 'anonymous');
    assert.match(anonymous?.detail ?? '', /"status":401/);
    const verdict = await verifyAuditChain(
      (afterSeq, limit) => h.service.store.listAudit(afterSeq, limit),
      [],
    );
    assert.equal(verdict.intact, true);
  });

  it("records an operator's retry under the operator's principal id", async () => {
    const subject = 'project:test-psa:AUTH-1';
    const project = readyProject(subject, { taxTreatment: 'reverse-charge' });
    const intake = await call('POST', '/v1/events', bearer(keyOf('intake')), [
      project,
      resourceUpdated('resource:test-psa:AUTH-U1'),
    ]);
    assert.ok(intake.status < 300, JSON.stringify(intake.body));
    const letterId = await waitFor('the project to be dead-lettered', async () => {
      const listed = await call('GET', '/v1/admin/dead-letters?state=open', bearer(keyOf('viewer')));
      const letters = (listed.body as { deadLetters?: { id: number; subject: string }[] }).deadLetters ?? [];
      return letters.find((d) => d.subject === subject)?.id;
    });
    const operator = await issueApiKey(h.service.store, { name: 'ops', roles: ['operator'], actor: 'test' });
    const before = (await h.service.store.auditHead())?.seq ?? 0;
    const retried = await call('POST', `/v1/admin/dead-letters/${letterId}/retry`, bearer(operator.text));
    assert.equal(retried.status, 202, JSON.stringify(retried.body));
    const entries = (await h.service.store.listAudit(before, 100)).filter(
      (e) => e.action === 'dead-letter.retried',
    );
    assert.deepEqual(
      entries.map((e) => [e.actor, e.subject]),
      [[`apikey:${operator.record.id}`, `dead-letter:${letterId}`]],
    );
  });
});
