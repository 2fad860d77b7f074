// Segregation of duties at period close (issue 8): the person who ran a period's corrections
// (`reconcile --period P --repair`) cannot sign that period off; another person can. Real CLI, real
// SQLite store, record files.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/child-service.ts';
import { writeOfflineConfig } from '../support/offline-config.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { recordCsvHeader, recordCsvLine } from '../../src/reconcile/files/write-record-csv.ts';
import { auditEntry, cliActor } from '../../src/audit/record.ts';
import { correctorsOf } from '../../src/reconcile/segregation.ts';
import { time } from '../reconcile/records.ts';

describe('segregation of duties: corrections and sign-off', () => {
  let dir = '';
  let config = '';
  let agreed = '';
  let lacking = '';
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledgerline-sod-'));
    config = writeOfflineConfig(dir);
    await openSqliteStore(join(dir, 'ledgerline.sqlite')).close();
    const csv = (records: readonly ReturnType<typeof time>[]) =>
      `${[recordCsvHeader, ...records.map(recordCsvLine)].join('\n')}\n`;
    agreed = join(dir, 'agreed.csv');
    lacking = join(dir, 'lacking.csv');
    writeFileSync(agreed, csv([time('time:psa:1', { id: 'psa-1' }), time('time:psa:2', { id: 'psa-2' })]));
    writeFileSync(lacking, csv([time('time:psa:1', { id: 'BL-1' })]));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const signOff = (period: string) =>
    runCli([
      'reconcile',
      'sign-off',
      '--period',
      period,
      '--config',
      config,
      '--source',
      agreed,
      '--target',
      agreed,
      '--by',
      'Ada Lovelace',
    ]);

  it('refuses the sign-off of a period to the actor who ran its repair, and records the repair', async () => {
    const repaired = await runCli([
      'reconcile',
      '--period',
      '2026-10',
      '--config',
      config,
      '--source',
      agreed,
      '--target',
      lacking,
      '--repair',
    ]);
    assert.equal(repaired.code, 1, `differences found: ${repaired.stderr}`);

    const refused = await signOff('2026-10');
    assert.equal(refused.code, 1, refused.stdout);
    assert.match(
      refused.stderr,
      /ran corrections for 2026-10 .*may not also sign it off \(segregation of duties\)/,
    );
    assert.match(refused.stderr, /nothing was signed/);

    const store = openSqliteStore(join(dir, 'ledgerline.sqlite'));
    try {
      assert.deepEqual(await store.listSignOffs(), [], 'nothing was signed');
      const repairs = (await store.listAudit(0, 100)).filter((e) => e.action === 'period.repaired');
      assert.deepEqual(
        repairs.map((e) => [e.actor, e.subject]),
        [[cliActor(), 'period:2026-10']],
      );
    } finally {
      await store.close();
    }
  });

  it("lets another person sign off a period someone else corrected; an entity's repair blocks that entity and the whole period only", async () => {
    const store = openSqliteStore(join(dir, 'ledgerline.sqlite'));
    try {
      await store.appendAudit([
        auditEntry('cli:someone-else', 'period.repaired', 'period:2026-09', { entity: null }),
        auditEntry(cliActor(), 'period.repaired', 'period:2026-08', { entity: 'LL-DE' }),
      ]);
      assert.deepEqual(await correctorsOf(store, '2026-08', 'LL-UK'), []);
      assert.deepEqual(await correctorsOf(store, '2026-08', 'LL-DE'), [cliActor()]);
      assert.deepEqual(await correctorsOf(store, '2026-08', undefined), [cliActor()]);
    } finally {
      await store.close();
    }
    const signed = await signOff('2026-09');
    assert.equal(signed.code, 0, signed.stderr);
    assert.match(signed.stdout, /signed off 2026-09 .* by Ada Lovelace/);
  });

  it('takes the identities security.people names as one person: a repair under an API key blocks their sign-off at the terminal', async () => {
    config = writeOfflineConfig(dir, {
      security: { people: { ada: [cliActor(), 'apikey:ada-laptop'], grace: ['apikey:grace-ci'] } },
    });
    const store = openSqliteStore(join(dir, 'ledgerline.sqlite'));
    try {
      await store.appendAudit([
        auditEntry('apikey:ada-laptop', 'period.repaired', 'period:2026-07', { entity: null }),
        auditEntry('apikey:grace-ci', 'period.repaired', 'period:2026-06', { entity: null }),
      ]);
    } finally {
      await store.close();
    }
    const refused = await signOff('2026-07');
    assert.equal(refused.code, 1, refused.stdout);
    assert.ok(
      refused.stderr.includes(
        `ada (as ${cliActor()}) ran corrections for 2026-07 (reconcile --repair, as apikey:ada-laptop), so may not also sign it off (segregation of duties): nothing was signed.`,
      ),
      refused.stderr,
    );
    const signed = await signOff('2026-06');
    assert.equal(signed.code, 0, signed.stderr);
    assert.match(signed.stdout, /signed off 2026-06 .* by Ada Lovelace/);
  });
});
