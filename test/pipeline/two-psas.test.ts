// Several PSAs into one ERP (after an acquisition): two real sandbox PSAs whose native ids collide feed
// one sandbox ERP. Canonical ids carry the system, so each PSA's projects and time stay apart.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import type { Config } from '../../src/config/schema.ts';
import { startSandboxErp, type SandboxErp } from '../../src/connectors/sandbox-erp/server.ts';
import { startSandboxPsa, type SandboxPsa } from '../../src/connectors/sandbox-psa/server.ts';
import { tinyFirm } from '../../src/connectors/sandbox-psa/test-support/tiny-firm.ts';
import { startService, type RunningService } from '../../src/service/start-service.ts';
import { legalEntities } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';

describe('two PSAs with colliding native ids into one ERP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledgerline-two-psas-'));
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const apiKey = randomBytes(16).toString('hex');
  let psaA: SandboxPsa;
  let psaB: SandboxPsa;
  let erp: SandboxErp;
  let service: RunningService;

  before(async () => {
    psaA = await startSandboxPsa({ webhookSecret: secret });
    psaB = await startSandboxPsa({ webhookSecret: secret });
    erp = await startSandboxErp({ apiKey });
    const psa = (id: string, url: string): Config['systems']['psa'][number] => ({
      id,
      connector: 'sandbox-psa',
      baseUrl: url,
      webhookSecret: { env: 'TWO_PSA_SECRET' },
      poll: { intervalMs: 100, pageSize: 100 },
    });
    const config: Config = {
      store: { sqlite: join(dir, 'ledgerline.sqlite') },
      http: { host: '127.0.0.1', port: 0, bodyLimitBytes: 262_144 },
      legalEntities,
      systems: {
        psa: [psa('psa-a', psaA.url), psa('psa-b', psaB.url)],
        erp: {
          id: 'sandbox-erp',
          connector: 'sandbox-erp',
          baseUrl: erp.url,
          apiKey: { env: 'TWO_PSA_ERP' },
        },
      },
      delivery: { batchSize: 100, concurrency: 2, maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 500 },
    };
    service = await startService(config, {
      logger: pino({ level: 'silent' }),
      env: { TWO_PSA_SECRET: secret, TWO_PSA_ERP: apiKey },
    });
  });

  after(async () => {
    await service.stop();
    await Promise.all([psaA.close(), psaB.close(), erp.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('provisions and posts both firms in full, each under its own canonical ids', async () => {
    const firm = tinyFirm();
    // P-1002 bills reverse charge in Germany, which the sandbox ERP's company does not allow by default.
    erp.enableTaxCode('LL-DE', 'reverse-charge');
    const seededA = psaA.seed(firm);
    // The same native ids (P-1001, U-1, time entry 100001, ...); only the project codes differ, as the
    // ERP keeps one code per project.
    const seededB = psaB.seed({
      ...firm,
      projects: firm.projects.map((p) => ({ ...p, code: `B-${p.code}` })),
    });
    assert.equal(seededA.activities, seededB.activities);
    // P-1003 lacks its company and tax treatment: it is refused, and its approvals wait for it.
    const postable = firm.time_entries.filter((e) => e.status === 'approved' && e.project_id !== 'P-1003');
    await waitFor(
      'both firms posted',
      () => {
        const r = erp.report();
        return r.costPostings.count === 2 * postable.length || undefined;
      },
      30_000,
    );
    const report = erp.report();
    assert.equal(report.duplicateSourceRefs, 0, 'no source reference posted twice');
    assert.equal(report.costPostings.count, 2 * postable.length);
    assert.equal(report.projects, 4, 'P-1001 and P-1002 of each PSA');
    for (const project of ['project:psa-a:P-1001', 'project:psa-b:P-1001']) {
      const context = await service.store.loadContext({ xrefs: [`${project}|sandbox-erp`], master: [] });
      assert.match(context.xrefs.get(`${project}|sandbox-erp`) ?? '', /^PRJ-/, `${project} is in the ERP`);
    }
    const a = await service.store.loadContext({ xrefs: ['project:psa-a:P-1001|sandbox-erp'], master: [] });
    const b = await service.store.loadContext({ xrefs: ['project:psa-b:P-1001|sandbox-erp'], master: [] });
    assert.notEqual(
      a.xrefs.get('project:psa-a:P-1001|sandbox-erp'),
      b.xrefs.get('project:psa-b:P-1001|sandbox-erp'),
      'P-1001 of each PSA is its own ERP project',
    );
  });
});
