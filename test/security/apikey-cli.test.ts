// `ledgerline apikey create|list|revoke` against the store of a running Ledgerline with API keys on: the
// key printed once works at once, is listed (never its secret) with its last use, and is refused from
// the moment it is revoked. And `serve` refuses an unauthenticated API beyond loopback, saying how to fix it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useHarness } from '../support/harness.ts';
import { runCli } from '../support/child-service.ts';
import { minimalConfig } from '../support/config-text.ts';

describe('apikey commands', () => {
  const h = useHarness({
    configure: (config) => ({ ...config, security: { auth: { apiKeys: true } } }),
  });
  const overview = async (key: string) =>
    (await fetch(`${h.service.url}/v1/admin/overview`, { headers: { authorization: `Bearer ${key}` } }))
      .status;

  it('creates a key, prints it once, lists it without its secret, and revokes it', async () => {
    const created = await runCli([
      'apikey',
      'create',
      '--role',
      'operator',
      '--role',
      'viewer',
      '--name',
      'night shift',
      ...h.storeArgs,
    ]);
    assert.equal(created.code, 0, created.stderr);
    const key = /(llk_([0-9a-f]{12})_\S{43})/.exec(created.stdout);
    assert.ok(key?.[1] && key[2], created.stdout);
    const [, text, id] = key;
    assert.match(created.stdout, /not shown again/);
    assert.equal(await overview(text), 200);

    const listed = await runCli(['apikey', 'list', '--json', ...h.storeArgs]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.ok(!listed.stdout.includes(text.slice(18)), 'the secret is never listed');
    const { apiKeys } = JSON.parse(listed.stdout) as {
      apiKeys: {
        id: string;
        name: string;
        roles: string[];
        lastUsedAt: string | null;
        revokedAt: string | null;
      }[];
    };
    const mine = apiKeys.find((k) => k.id === id);
    assert.deepEqual(mine?.roles, ['operator', 'viewer']);
    assert.equal(mine?.name, 'night shift');
    assert.ok(mine?.lastUsedAt, 'its use is recorded');
    assert.equal(mine?.revokedAt, null);

    const revoked = await runCli(['apikey', 'revoke', id, ...h.storeArgs]);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal(await overview(text), 401);
    const again = await runCli(['apikey', 'revoke', id, ...h.storeArgs]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /No active API key/);

    const audit = (await h.service.store.listAudit(0, 1000)).filter((e) => e.subject === `apikey:${id}`);
    assert.deepEqual(
      audit.map((e) => e.action),
      ['apikey.created', 'apikey.revoked'],
    );
    assert.ok(audit.every((e) => e.actor.startsWith('cli:') && !e.detail.includes(text.slice(18))));
  });

  it('refuses an unknown role with the roles it takes, exit 2', async () => {
    const bad = await runCli(['apikey', 'create', '--role', 'root', '--name', 'x', ...h.storeArgs]);
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /Unknown role root: --role takes admin, operator, finance, auditor, viewer, intake/,
    );
  });
});

describe('serve without authentication', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledgerline-open-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to listen beyond loopback and says how to fix it, exit 2', async () => {
    const file = join(dir, 'open.yaml');
    writeFileSync(file, minimalConfig.replace('http: { port: 0 }', 'http: { host: 0.0.0.0, port: 0 }'));
    const result = await runCli(['serve', '--config', file], { PSA_A: 'x', ERP: 'y' });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /no authentication: configure security\.auth/);
    assert.match(result.stderr, /security\.allowUnauthenticated: true/);
  });
});
