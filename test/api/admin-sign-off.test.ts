// Signing a period off over HTTP (POST /v1/admin/reconciliation/sign-offs): the period is reconciled then
// and there against the sandbox PSA and ERP, signed in the caller's name, chained and audited; open
// differences, a corrector signing their own period, an unreadable system and a bad body are refused as
// problems, and nothing is signed.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';
import { tinyFirm } from '../../src/connectors/sandbox-psa/test-support/tiny-firm.ts';
import { auditEntry, apiActor } from '../../src/audit/record.ts';
import { useIdentityProvider } from '../support/identity-provider.ts';

const route = '/v1/admin/reconciliation/sign-offs';
const problemBase = 'https://ledgerline.dev/problems/';

interface SignOffRequest {
  id: string;
  state: string;
  requestedBy: string;
  location?: string;
  signOff?: unknown;
  problem?: { status: number; type: string };
}

interface SignedOff {
  seq: number;
  period: string;
  entity: string | null;
  signedBy: string;
  differences: number;
  acceptedDifferences: string | null;
  sha256: string;
  chainOk: boolean;
  totals: { period: string; source: string; target: string; records: { source: number; target: number } };
}

describe('sign-off over HTTP', () => {
  // No polling: the PSA's approved July time stays unposted, so July differs and June is empty on both sides.
  const h = useHarness({ poll: false });
  before(() => h.psa.seed(tinyFirm()));

  async function problemOf(body: unknown, status: number, slug: string): Promise<Record<string, unknown>> {
    const answer = await h.post(route, body);
    assert.equal(answer.status, status, JSON.stringify(answer.body));
    assert.equal(answer.contentType, 'application/problem+json; charset=utf-8');
    const problem = answer.body as Record<string, unknown>;
    assert.equal(problem['type'], `${problemBase}${slug}`);
    return problem;
  }

  it('signs off a period that agrees, in the caller’s name, chained and audited', async () => {
    const response = await fetch(`${h.service.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ period: '2026-06' }),
    });
    assert.equal(response.status, 201);
    const signed = (await response.json()) as SignedOff;
    assert.equal(response.headers.get('location'), `${route}/${signed.seq}`);
    assert.deepEqual(
      [signed.period, signed.entity, signed.signedBy, signed.differences, signed.acceptedDifferences],
      ['2026-06', null, apiActor, 0, null],
    );
    assert.equal(signed.chainOk, true);
    assert.deepEqual(
      [signed.totals.period, signed.totals.source, signed.totals.target],
      ['2026-06', 'sandbox-psa', 'sandbox-erp'],
    );
    const again = await h.get(`${route}/${signed.seq}`);
    assert.equal(again.status, 200);
    assert.equal((again.body as SignedOff).sha256, signed.sha256);
    const audit = await h.service.store.listAudit(0, 1000);
    const recorded = audit.find(
      (e) => e.action === 'sign-off.recorded' && e.subject === `sign-off:${signed.seq}`,
    );
    assert.equal(recorded?.actor, apiActor);
  });

  it('refuses a period with differences open, and signs it once they are accepted with a reason', async () => {
    const before = (await h.service.store.listSignOffs()).length;
    const refused = await problemOf({ period: '2026-07' }, 409, 'differences-open');
    assert.ok(Number(refused['differences']) > 0, JSON.stringify(refused));
    assert.match(String(refused['detail']), /difference\(s\) open in 2026-07: nothing was signed/);
    assert.equal((await h.service.store.listSignOffs()).length, before, 'nothing was signed');

    const reason = 'July time is posted by the catch-up run on 3 August';
    const accepted = await h.post(route, { period: '2026-07', acceptDifferences: reason });
    assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
    const signed = accepted.body as SignedOff;
    assert.equal(signed.acceptedDifferences, reason);
    assert.equal(signed.differences, Number(refused['differences']));
    assert.ok(signed.totals.records.source > 0);
    assert.equal(signed.totals.records.target, 0);
    const chain = await h.get('/v1/admin/reconciliation');
    const rows = (chain.body as { signOffs: { seq: number; chainOk: boolean }[] }).signOffs;
    assert.deepEqual(
      rows.map((r) => r.chainOk),
      rows.map(() => true),
    );
  });

  it('refuses the sign-off to whoever corrected the period, and audits the refusal', async () => {
    await h.service.store.appendAudit([
      auditEntry(apiActor, 'period.repaired', 'period:2026-05', { entity: 'LL-UK' }),
    ]);
    const refused = await problemOf({ period: '2026-05', entity: 'LL-UK' }, 403, 'segregation-of-duties');
    assert.match(
      String(refused['detail']),
      /ran corrections for 2026-05 for LL-UK, so may not also sign it off/,
    );
    assert.ok(!(await h.service.store.listSignOffs()).some((s) => s.period === '2026-05'));
    const audit = await h.service.store.listAudit(0, 1000);
    const refusal = audit.find((e) => e.action === 'access.refused' && e.subject === 'period:2026-05');
    assert.ok(refusal, 'the refusal is in the audit log');
    assert.match(refusal.detail, /segregation-of-duties/);
    // Another entity of the same period was not corrected, so it can be signed.
    assert.equal((await h.post(route, { period: '2026-05', entity: 'LL-DE' })).status, 201);
  });

  it('answers 502 when a system cannot be read, and signs nothing', async () => {
    const before = (await h.service.store.listSignOffs()).length;
    h.erp.setFaults({ serverErrors: { next: 1_000 } });
    try {
      const refused = await problemOf({ period: '2026-04' }, 502, 'system-unreadable');
      assert.match(String(refused['detail']), /reading sandbox-erp failed/);
    } finally {
      h.erp.setFaults({});
    }
    assert.equal((await h.service.store.listSignOffs()).length, before);
  });

  it('answers 202 with Prefer: respond-async, and the request it names is polled until signed or refused', async () => {
    const ask = async (body: unknown) => {
      const response = await fetch(`${h.service.url}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', prefer: 'respond-async, wait=0' },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 202, await response.clone().text());
      assert.equal(response.headers.get('preference-applied'), 'respond-async');
      const pending = (await response.json()) as SignOffRequest;
      assert.equal(
        response.headers.get('location'),
        `/v1/admin/reconciliation/sign-off-requests/${pending.id}`,
      );
      assert.deepEqual([pending.state, pending.requestedBy], ['running', apiActor]);
      return waitFor(`sign-off request ${pending.id}`, async () => {
        const polled = await h.get(`/v1/admin/reconciliation/sign-off-requests/${pending.id}`);
        assert.equal(polled.status, 200, JSON.stringify(polled.body));
        const request = polled.body as SignOffRequest;
        return request.state === 'running' ? undefined : request;
      });
    };
    const signed = await ask({ period: '2026-03' });
    assert.equal(signed.state, 'signed', JSON.stringify(signed));
    const signOff = signed.signOff as SignedOff;
    assert.equal(signed.location, `${route}/${signOff.seq}`);
    assert.deepEqual([signOff.period, signOff.signedBy, signOff.chainOk], ['2026-03', apiActor, true]);
    assert.ok((await h.service.store.listSignOffs()).some((s) => s.seq === signOff.seq));

    const refused = await ask({ period: '2026-07', entity: 'LL-UK' });
    assert.equal(refused.state, 'refused', JSON.stringify(refused));
    assert.equal(refused.problem?.status, 409);
    assert.equal(refused.problem?.type, `${problemBase}differences-open`);

    const unknown = await h.get('/v1/admin/reconciliation/sign-off-requests/no-such-request');
    assert.equal(unknown.status, 404);
    assert.match((unknown.body as { detail: string }).detail, /expired .* or the service restarted/);
  });

  it('refuses a malformed request as a problem naming what is wrong', async () => {
    for (const [body, pattern] of [
      [{}, /must have required property 'period'/],
      [{ period: '2026-13' }, /period/],
      [{ period: '2026-10', by: 'Ada' }, /must NOT have additional properties/],
      [{ period: '2026-10', acceptDifferences: '   ' }, /acceptDifferences/],
      [{ period: '2026-10', entity: '' }, /entity/],
    ] as const) {
      const refused = await problemOf(body, 400, 'invalid-request');
      assert.match(String(refused['detail']), pattern, JSON.stringify(body));
    }
  });
});

describe('sign-off over HTTP: one person under several identities (security.people)', () => {
  const audience = 'ledgerline-test';
  const idp = useIdentityProvider(audience);
  const h = useHarness({
    poll: false,
    configure: (config) => ({
      ...config,
      security: {
        auth: { oidc: { issuer: idp.issuer, audience, jwksUri: idp.jwksUri }, apiKeys: true },
        people: { ada: ['cli:ada', `oidc:${idp.issuer}#ada-sub`] },
      },
    }),
  });
  before(() => h.psa.seed(tinyFirm()));

  it('refuses the sign-off to the person who corrected the period at the terminal, signing in with OIDC', async () => {
    await h.service.store.appendAudit([
      auditEntry('cli:ada', 'period.repaired', 'period:2026-06', { entity: null }),
    ]);
    const signOff = async (sub: string) =>
      fetch(`${h.service.url}${route}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await idp.token({ sub, roles: ['finance'] })}`,
        },
        body: JSON.stringify({ period: '2026-06' }),
      });
    const refused = await signOff('ada-sub');
    assert.equal(refused.status, 403);
    const problem = (await refused.json()) as { type: string; detail: string };
    assert.equal(problem.type, `${problemBase}segregation-of-duties`);
    assert.equal(
      problem.detail,
      `ada (as oidc:${idp.issuer}#ada-sub) ran corrections for 2026-06 as cli:ada, so may not also sign it off: nothing was signed. Another person signs it off.`,
    );
    const refusal = (await h.service.store.listAudit(0, 1000)).find(
      (e) => e.action === 'access.refused' && e.subject === 'period:2026-06',
    );
    assert.match(refusal?.detail ?? '', /"corrector":"cli:ada"/);
    // Someone else, unlisted, is a person of their own.
    assert.equal((await signOff('grace-sub')).status, 201);
  });
});
