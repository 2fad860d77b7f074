// Four eyes on governance (security.secondApprover): `serve` refuses a configuration whose governance no
// second person approved, saying how; the proposer cannot approve it; another actor can, and then the
// service starts. Real CLI, a real SQLite store, the sandbox PSA and ERP.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { runCli, writeConfig } from '../support/child-service.ts';
import { testConfig } from '../support/harness.ts';
import { startSandboxErp, type SandboxErp } from '../../src/connectors/sandbox-erp/server.ts';
import { startSandboxPsa, type SandboxPsa } from '../../src/connectors/sandbox-psa/server.ts';
import { startService } from '../../src/service/start-service.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { auditEntry, cliActor } from '../../src/audit/record.ts';
import { governanceDigest } from '../../src/security/second-approver.ts';
import type { Config } from '../../src/config/schema.ts';

describe('a second approver for governance', () => {
  let dir = '';
  let psa: SandboxPsa;
  let erp: SandboxErp;
  let config: Config;
  let file = '';
  const env = { TEST_PSA_SECRET: 'whsec_dGVzdHRlc3R0ZXN0dGVzdA==', TEST_ERP_KEY: 'erp-key' };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledgerline-four-eyes-'));
    psa = await startSandboxPsa({ webhookSecret: env.TEST_PSA_SECRET });
    erp = await startSandboxErp({ apiKey: env.TEST_ERP_KEY });
    config = {
      ...testConfig({
        dir,
        psaUrl: psa.url,
        erpUrl: erp.url,
        secretEnv: { psa: 'TEST_PSA_SECRET', erp: 'TEST_ERP_KEY' },
        poll: false,
        delivery: { batchSize: 10, concurrency: 1, maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
      }),
      security: { secondApprover: true },
    };
    file = writeConfig(dir, config);
    await openSqliteStore(join(dir, 'ledgerline.sqlite')).close();
  });
  after(async () => {
    await psa.close();
    await erp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = () => startService(config, { logger: pino({ level: 'silent' }), env });

  it('refuses to start an unapproved governance, and `serve` says how to get it approved', async () => {
    await assert.rejects(start(), /governance \(digest [0-9a-f]{64}\) is not approved: propose it/);
    const served = await runCli(['serve', '--config', file], env);
    assert.equal(served.code, 2, served.stderr);
    assert.match(served.stderr, /^ledgerline: Cannot start: security\.secondApprover is on/m);
    assert.match(served.stderr, /ledgerline config propose --config FILE/);
  });

  it('does not let the proposer approve; another actor can, and the service then starts', async () => {
    const proposed = await runCli(['config', 'propose', '--config', file]);
    assert.equal(proposed.code, 0, proposed.stderr);
    const digest = governanceDigest(config);
    assert.match(proposed.stdout, new RegExp(`Proposed governance ${digest}`));
    const selfApproved = await runCli(['config', 'approve', '--config', file]);
    assert.equal(selfApproved.code, 1);
    assert.match(selfApproved.stderr, /may not also approve it \(segregation of duties\)/);
    await assert.rejects(start(), /proposed by cli:/);

    // Someone else proposes the same governance (another OS user at another terminal)...
    const store = openSqliteStore(join(dir, 'ledgerline.sqlite'));
    try {
      await store.appendAudit([auditEntry('cli:someone-else', 'config.proposed', `governance:${digest}`)]);
    } finally {
      await store.close();
    }
    // ...so this user may approve it.
    const approved = await runCli(['config', 'approve', '--config', file]);
    assert.equal(approved.code, 0, approved.stderr);
    assert.match(approved.stdout, /proposed by cli:someone-else\) as cli:/);
    const service = await start();
    try {
      const entries = await service.store.listAudit(0, 100);
      assert.deepEqual(
        entries.filter((e) => e.subject === `governance:${digest}`).map((e) => [e.action, e.actor]),
        [
          ['config.proposed', cliActor()],
          ['config.proposed', 'cli:someone-else'],
          ['config.approved', cliActor()],
        ],
      );
    } finally {
      await service.stop();
    }
    // A changed governance is a new digest: not approved.
    const changed: Config = { ...config, finance: { periodClose: { policy: 'reject' } } };
    assert.notEqual(governanceDigest(changed), digest);
    await assert.rejects(
      startService(changed, { logger: pino({ level: 'silent' }), env }),
      /is not approved/,
    );
  });
});
