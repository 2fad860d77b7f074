// `ledgerline reconcile` as an operator runs it, on record files: exit codes, the three formats, sign-offs
// and their chain, the parallel run against Ledgerline's postings, and a connector without a reader.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, writeConfig } from '../support/child-service.ts';
import { offlineSecrets, writeOfflineConfig } from '../support/offline-config.ts';
import { redmineTrytonConfig } from '../support/redmine-tryton-config.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { commandDelivery } from '../../src/pipeline/command-payload.ts';
import type { PostBillableLine, PostCost, PostExpense } from '../../src/connectors/kit/commands.ts';
import { recordCsvHeader, recordCsvLine } from '../../src/reconcile/files/write-record-csv.ts';
import { openRecordFile, recordsOf } from '../../src/reconcile/files/record-file.ts';
import type { ReconRecord } from '../../src/reconcile/record.ts';
import { exampleEvents } from '../../src/contracts/export/examples.ts';
import { cost, expense, time } from './records.ts';

const source: ReconRecord[] = [
  time('time:psa:1', { id: 'psa-1' }),
  cost('time:psa:1', { id: 'psa-1' }),
  time('time:psa:2', { id: 'psa-2' }),
  time('time:psa:3', { id: 'psa-3' }),
  expense('expense:psa:E1', { id: 'E1' }),
  time('time:psa:4', { id: 'psa-4', date: '2026-10-31' }),
  time('time:psa:5', {
    id: 'psa-5',
    entity: 'LL-DE',
    project: 'project:psa:P-2',
    currency: 'EUR',
    amount: '1160.00',
  }),
];
const target: ReconRecord[] = [
  time('time:psa:1', { id: 'BL-1' }),
  cost('time:psa:1', { id: 'CP-1' }),
  // time:psa:2 is missing
  time('time:psa:3', { id: 'BL-3', amount: '999.99' }),
  expense('expense:psa:E1', { id: 'EX-1' }),
  expense('expense:psa:E1', { id: 'EX-2' }),
  time('time:psa:4', { id: 'BL-4', date: '2026-10-31', period: '2026-11' }),
  time('time:psa:5', {
    id: 'BL-5',
    entity: 'LL-DE',
    project: 'project:psa:P-2',
    currency: 'EUR',
    amount: '1160.00',
  }),
  time('time:psa:9', { id: 'BL-9' }),
];

function csv(records: readonly ReconRecord[]): string {
  return `${[recordCsvHeader, ...records.map(recordCsvLine)].join('\n')}\n`;
}

describe('ledgerline reconcile on files', () => {
  let dir = '';
  let sourceFile = '';
  let targetFile = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledgerline-recon-cli-'));
    sourceFile = join(dir, 'psa.csv');
    targetFile = join(dir, 'erp.jsonl');
    writeFileSync(sourceFile, csv(source));
    writeFileSync(targetFile, `${target.map((r) => JSON.stringify(r)).join('\n')}\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const files = () => ['--source', sourceFile, '--target', targetFile];

  it('exits 0 with "No differences." when the files agree', async () => {
    const result = await runCli([
      'reconcile',
      '--period',
      '2026-10',
      '--source',
      sourceFile,
      '--target',
      sourceFile,
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /Reconciliation of 2026-10, every entity: psa\.csv \(source\) against psa\.csv \(target\)/,
    );
    assert.match(result.stdout, /No differences\.\n$/);
    assert.equal(result.stderr, '', 'nothing on stderr for a small run');
  });

  it('exits 1 and prints the totals and every class of difference as a table, capped per class', async () => {
    const result = await runCli(['reconcile', '--period', '2026-10', ...files(), '--limit', '1']);
    assert.equal(result.code, 1, result.stderr);
    const out = result.stdout;
    assert.match(out, /7 records read from psa\.csv, 8 from erp\.jsonl; 8 references in the period/);
    assert.match(
      out,
      /LL-UK\s+project:psa:P-1\s+billable-time\s+GBP\s+4\s+30\.00\s+3999\.92\s+3\s+22\.50\s+2999\.95\s+-1\s+-999\.97\n/,
    );
    assert.match(
      out,
      /LL-UK\s+project:psa:P-1\s+expense\s+GBP\s+1\s+0\.00\s+145\.60\s+2\s+0\.00\s+291\.20\s+1\s+145\.60/,
    );
    assert.match(out, /5 difference\(s\)/);
    assert.match(
      out,
      /missing_in_target: 1 \(in psa\.csv, not in erp\.jsonl\)\n {2}billable-time time:psa:2 \(LL-UK project:psa:P-1\)/,
    );
    assert.match(out, /extra_in_target: 1 \(in erp\.jsonl, not in psa\.csv\)\n {2}billable-time time:psa:9/);
    assert.match(
      out,
      /duplicate: 1 .*\n {2}expense expense:psa:E1[^\n]*\n {4}psa\.csv: 1 live, 0\.00 h, 145\.60 GBP, booked 2026-10\n {4}erp\.jsonl: 2 live, 0\.00 h, 291\.20 GBP, booked 2026-10/,
    );
    assert.match(out, / {6}erp\.jsonl: 2026-10-05 {2}145\.60 GBP {2}id EX-2/);
    assert.match(out, /amount_drift: 1 .*\n {2}billable-time time:psa:3/);
    assert.match(
      out,
      /period_mismatch: 1 .*\n {2}billable-time time:psa:4[^\n]*\n {4}psa\.csv: 1 live, 7\.50 h, 999\.98 GBP, booked 2026-10\n {4}erp\.jsonl: 1 live, 7\.50 h, 999\.98 GBP, booked 2026-11/,
    );
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, `${recordCsvHeader}\n`);
    const capped = await runCli([
      'reconcile',
      '--period',
      '2026-10',
      '--source',
      sourceFile,
      '--target',
      empty,
      '--limit',
      '2',
    ]);
    assert.equal(capped.code, 1);
    assert.match(
      capped.stdout,
      /missing_in_target: 7 \(in psa\.csv, not in empty\.csv\)\n {2}billable-time time:psa:1 (.*\n){4} {2}billable-time time:psa:2 (.*\n){4} {2}\.\.\. and 5 more \(all of them: --format json or --format csv\)\n$/,
    );
  });

  it('prints the whole report as JSON, and one entity only when asked', async () => {
    const result = await runCli(['reconcile', '--period', '2026-10', ...files(), '--format', 'json']);
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as {
      source: string;
      target: string;
      counts: Record<string, number>;
      differences: {
        class: string;
        ref: string;
        records: { source: ReconRecord[]; target: ReconRecord[] };
      }[];
    };
    assert.equal(report.source, 'psa.csv');
    assert.deepEqual(report.counts, {
      missing_in_target: 1,
      extra_in_target: 1,
      duplicate: 1,
      amount_drift: 1,
      fx_difference: 0,
      period_mismatch: 1,
    });
    assert.deepEqual(
      report.differences.map((d) => [d.class, d.ref]),
      [
        ['missing_in_target', 'time:psa:2'],
        ['extra_in_target', 'time:psa:9'],
        ['duplicate', 'expense:psa:E1'],
        ['amount_drift', 'time:psa:3'],
        ['period_mismatch', 'time:psa:4'],
      ],
    );
    assert.deepEqual(
      report.differences[2]?.records.target.map((r) => r.id),
      ['EX-1', 'EX-2'],
    );

    const de = await runCli([
      'reconcile',
      '--period',
      '2026-10',
      ...files(),
      '--entity',
      'LL-DE',
      '--format',
      'json',
    ]);
    assert.equal(de.code, 0, de.stderr);
    assert.deepEqual((JSON.parse(de.stdout) as { read: unknown }).read, { source: 1, target: 1 });
  });

  it('draws progress on stderr when asked, leaving stdout to the report', async () => {
    const result = await runCli([
      'reconcile',
      '--period',
      '2026-10',
      ...files(),
      '--format',
      'json',
      '--progress',
    ]);
    assert.equal(result.code, 1, result.stderr);
    // Without a terminal: a plain line now and then, and the finished state last.
    assert.match(result.stderr, /reading\s+█{28}\s+100%\s+source 7, target 8 records, [\d,]+\/s\n$/);
    assert.ok(
      result.stderr.split('\n').every((line) => line === '' || line.startsWith('reading ')),
      result.stderr,
    );
    assert.equal((JSON.parse(result.stdout) as { period: string }).period, '2026-10');
  });

  it('writes the records behind the differences as CSV that reads back as a record file', async () => {
    const result = await runCli(['reconcile', '--period', '2026-10', ...files(), '--format', 'csv']);
    assert.equal(result.code, 1, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines[0], `class,side,${recordCsvHeader}`);
    assert.equal(lines.length, 1 + 9);
    assert.equal(lines[1], `missing_in_target,source,${recordCsvLine(time('time:psa:2', { id: 'psa-2' }))}`);
    const targetSide = join(dir, 'target-side.csv');
    writeFileSync(
      targetSide,
      [lines[0], ...lines.slice(1).filter((l) => l.split(',')[1] === 'target')].join('\n'),
    );
    const back: ReconRecord[] = [];
    for await (const r of recordsOf(openRecordFile(targetSide))) back.push(r);
    assert.deepEqual(back, [
      time('time:psa:9', { id: 'BL-9' }),
      expense('expense:psa:E1', { id: 'EX-1' }),
      expense('expense:psa:E1', { id: 'EX-2' }),
      time('time:psa:3', { id: 'BL-3', amount: '999.99' }),
      time('time:psa:4', { id: 'BL-4', date: '2026-10-31', period: '2026-11' }),
    ]);
  });

  it('exits 2 with a message that says what to fix', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      `${recordCsvHeader}\n${recordCsvLine(time('T1'))}\n${recordCsvLine(time('T2', { currency: 'GB' }))}\n`,
    );
    const cases: [string[], RegExp][] = [
      [
        ['reconcile', '--period', '2026-10', '--source', bad, '--target', targetFile],
        /bad\.csv:3: currency "GB" is not an ISO 4217 currency code/,
      ],
      [
        ['reconcile', '--source', sourceFile, '--target', targetFile],
        /name the period: ledgerline reconcile --period 2026-10/,
      ],
      [
        ['reconcile', '--period', '2026-1', ...files()],
        /--period must be a month YYYY-MM, e\.g\. 2026-10 \(got "2026-1"\)/,
      ],
      [
        ['reconcile', '--period', '2026-10', ...files(), '--format', 'xml'],
        /--format must be table, json or csv/,
      ],
      [
        ['reconcile', '--period', '2026-10', '--source', sourceFile],
        /name both files: --source FILE --target FILE/,
      ],
      [['reconcile', '--period', '2026-10'], /name what to compare: --config FILE/],
      [
        ['reconcile', '--period', '2026-10', ...files(), '--repair'],
        /--repair queues events in Ledgerline: name its store with --config FILE/,
      ],
      [
        ['reconcile', '--period', '2026-10', '--source', join(dir, 'none.csv'), '--target', targetFile],
        /none\.csv: cannot be read/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    }
  });

  it('signs off only without differences or with a reason, keeps the chain, and lists and verifies it', async () => {
    const config = writeOfflineConfig(dir);
    await openSqliteStore(join(dir, 'ledgerline.sqlite')).close();
    const signOff = (...args: string[]) =>
      runCli(['reconcile', 'sign-off', '--period', '2026-10', '--config', config, ...args]);

    const refused = await signOff(...files(), '--by', 'Ada Lovelace');
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /5 difference\(s\) open in 2026-10: nothing was signed\. Resolve them \(ledgerline reconcile --period 2026-10\), or sign off with --accept-differences "REASON"/,
    );
    const clean = await signOff('--source', sourceFile, '--target', sourceFile, '--by', 'Ada Lovelace');
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /signed off 2026-10 \(psa\.csv against psa\.csv\) as #1 by Ada Lovelace at /);
    const accepted = await signOff(
      ...files(),
      '--entity',
      'LL-UK',
      '--by',
      'Grace Hopper',
      '--accept-differences',
      'duplicate expense credited in November',
    );
    assert.equal(accepted.code, 0, accepted.stderr);
    assert.match(accepted.stdout, /signed off 2026-10 for LL-UK .* as #2 by Grace Hopper/);
    assert.match(accepted.stdout, /5 difference\(s\) accepted: duplicate expense credited in November/);

    const store = openSqliteStore(join(dir, 'ledgerline.sqlite'));
    try {
      const audited = (await store.listAudit(0, 10)).filter((e) => e.action === 'sign-off.recorded');
      assert.deepEqual(
        audited.map((e) => [e.subject, (JSON.parse(e.detail) as { signedBy: string }).signedBy]),
        [
          ['sign-off:1', 'Ada Lovelace'],
          ['sign-off:2', 'Grace Hopper'],
        ],
      );
      assert.ok(audited.every((e) => e.actor.startsWith('cli:')));
    } finally {
      await store.close();
    }

    const listed = await runCli(['reconcile', 'sign-offs', '--config', config]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(
      listed.stdout,
      /#1 2026-10 every entity signed by Ada Lovelace at .*: 0 difference\(s\)\n {3}totals sha256 [0-9a-f]{64} {2}verified/,
    );
    assert.match(
      listed.stdout,
      /#2 2026-10 LL-UK signed by Grace Hopper .*: 5 difference\(s\) accepted \(duplicate expense credited in November\)/,
    );
    assert.match(listed.stdout, /chain of 2 sign-off\(s\) verified\n$/);
    const json = await runCli([
      'reconcile',
      'sign-offs',
      '--config',
      config,
      '--period',
      '2026-09',
      '--json',
    ]);
    assert.deepEqual(JSON.parse(json.stdout), { chain: 'verified', signOffs: [] });

    const db = new Database(join(dir, 'ledgerline.sqlite'));
    try {
      assert.throws(() => db.prepare('DELETE FROM reconciliation_sign_offs').run(), /immutable/);
      db.exec('DROP TRIGGER reconciliation_sign_offs_no_update');
      db.prepare(
        "UPDATE reconciliation_sign_offs SET totals = replace(totals, '468.75', '0.01') WHERE seq = 1",
      ).run();
    } finally {
      db.close();
    }
    const broken = await runCli(['reconcile', 'sign-offs', '--config', config]);
    assert.equal(broken.code, 1);
    assert.match(
      broken.stdout,
      /#1 .*\n {3}totals sha256 [0-9a-f]{64} {2}BROKEN: its totals were altered after signing/,
    );
    assert.match(broken.stdout, /chain BROKEN: 1 of 2 sign-off\(s\) no longer verify/);
  });

  it('compares a legacy export with what Ledgerline posted, and says what it cannot repair', async () => {
    const parallel = mkdtempSync(join(dir, 'parallel-'));
    const config = writeOfflineConfig(parallel);
    const store = openSqliteStore(join(parallel, 'ledgerline.sqlite'));
    try {
      const project = exampleEvents.ProjectActivated.data;
      const entry = {
        idempotencyKey: '',
        timeEntryId: 'time:psa:1',
        projectId: project.id,
        projectExternalId: 'PRJ-000001',
        resourceId: 'resource:psa:U-1',
        workDate: '2026-10-05',
        hours: '7.50',
      };
      const billable: PostBillableLine = {
        ...entry,
        kind: 'postBillableLine',
        idempotencyKey: 'time:psa:1/billable-line',
        rate: { amount: '133.33', currency: 'GBP' },
        amount: { amount: '999.98', currency: 'GBP' },
        description: 'Workshop',
      };
      const costLine: PostCost = {
        ...entry,
        kind: 'postCost',
        idempotencyKey: 'time:psa:1/cost',
        costRate: { amount: '62.50', currency: 'GBP' },
        amount: { amount: '468.75', currency: 'GBP' },
      };
      const expensePosting: PostExpense = {
        kind: 'postExpense',
        idempotencyKey: 'expense:psa:E1/posting',
        projectExternalId: 'PRJ-000001',
        expense: {
          ...exampleEvents.ExpenseApproved.data,
          id: 'expense:psa:E1',
          projectId: project.id,
          incurredDate: '2026-10-06',
          amount: { amount: '145.60', currency: 'GBP' },
        },
      };
      const [outcome] = await store.ingest([
        {
          event: { ...exampleEvents.TimeApproved, id: 'evt-1', subject: 'time:psa:1' },
          receivedAt: 1_000,
          queue: 'transactional',
        },
      ]);
      assert.equal(outcome?.status, 'accepted');
      await store.applyDecisions(
        [
          {
            seq: outcome?.seq ?? 0,
            kind: 'deliver',
            deliveries: [
              commandDelivery(
                'sandbox-erp',
                'postTimeEntry',
                'transactional',
                project.id,
                'time:psa:1/postings',
                [billable, costLine],
              ),
              commandDelivery(
                'sandbox-erp',
                'postExpense',
                'transactional',
                project.id,
                'expense:psa:E1/posting',
                [expensePosting],
              ),
            ],
            upserts: [{ kind: 'project', id: project.id, data: project }],
          },
        ],
        2_000,
      );
      const rows = await store.claimDeliveries('sandbox-erp', 10, 3_000, 1_000);
      await store.completeDeliveries(
        rows.map((r) => ({
          seq: r.seq,
          outcome: 'ok',
          replayed: false,
          externalRefs:
            r.kind === 'postExpense'
              ? [{ key: 'expense:psa:E1/posting', externalId: 'EX-0000001' }]
              : [
                  { key: 'time:psa:1/billable-line', externalId: 'BL-0000001' },
                  { key: 'time:psa:1/cost', externalId: 'CP-0000001' },
                ],
        })),
        4_000,
        () => [],
      );
    } finally {
      await store.close();
    }
    const entity = exampleEvents.ProjectActivated.data.legalEntityId ?? '';
    const legacy = join(parallel, 'legacy.csv');
    const projectId = exampleEvents.ProjectActivated.data.id;
    writeFileSync(
      legacy,
      csv([
        time('time:psa:1', { entity, project: projectId, id: 'L-1' }),
        cost('time:psa:1', { entity, project: projectId, id: 'L-2' }),
        expense('expense:psa:E1', { entity, project: projectId, date: '2026-10-06', id: 'L-3' }),
        time('time:psa:7', { entity, project: projectId, id: 'L-4' }),
        {
          type: 'invoice',
          ref: 'UK-2026-000001',
          entity,
          project: projectId,
          date: '2026-10-31',
          amount: '1000.00',
          currency: 'GBP',
        },
      ]),
    );
    const result = await runCli([
      'reconcile',
      'parallel-run',
      '--legacy',
      legacy,
      '--period',
      '2026-10',
      '--config',
      config,
      '--repair',
    ]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stdout,
      /Reconciliation of 2026-10, every entity: legacy legacy\.csv \(source\) against ledgerline \(target\)/,
    );
    assert.match(result.stdout, /4 records read from legacy legacy\.csv, 3 from ledgerline/);
    assert.match(
      result.stdout,
      /Not compared: invoice \(Ledgerline posts no invoices: the ERP issues them\)/,
    );
    assert.match(result.stdout, /1 difference\(s\)\n\nmissing_in_target: 1 .*\n {2}billable-time time:psa:7/);
    assert.match(
      result.stderr,
      /not queued, never received by Ledgerline: 1\n {2}billable-time time:psa:7: never received from psa: read the source again/,
    );

    const json = await runCli([
      'reconcile',
      'parallel-run',
      '--legacy',
      legacy,
      '--period',
      '2026-10',
      '--config',
      config,
      '--format',
      'json',
    ]);
    const report = JSON.parse(json.stdout) as {
      totals: { type: string; target: { count: number; amount: string } }[];
    };
    assert.deepEqual(
      report.totals.map((t) => [t.type, t.target.count, t.target.amount]),
      [
        ['billable-time', 1, '999.98'],
        ['cost', 1, '468.75'],
        ['expense', 1, '145.60'],
      ],
    );
    assert.equal(readFileSync(legacy, 'utf8').split('\n')[0], recordCsvHeader);
  });

  it('exits 3 naming the system when a configured system cannot be read (the outside)', async () => {
    const other = mkdtempSync(join(dir, 'unreachable-'));
    const config = writeOfflineConfig(other);
    await openSqliteStore(join(other, 'ledgerline.sqlite')).close();
    const result = await runCli(['reconcile', '--period', '2026-10', '--config', config], offlineSecrets);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /reading sandbox-(psa|erp) failed: /);
    assert.equal(result.stdout, '');
  });

  it('names a configured system whose connector has no reconciliation reader (usage)', async () => {
    const other = mkdtempSync(join(dir, 'real-'));
    const passwordFile = join(other, 'tryton-password');
    writeFileSync(passwordFile, 'secret\n');
    const config = redmineTrytonConfig({
      dir: other,
      trytonDatabase: 'ledgerline',
      redmineProjects: [1],
      redmineKeyEnv: 'TEST_REDMINE_KEY',
      redminePollMs: 5_000,
      delivery: { batchSize: 10, concurrency: 1, maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
    });
    const { erp } = config.systems;
    assert.equal(erp.connector, 'tryton');
    const file = writeConfig(other, {
      ...config,
      systems: { ...config.systems, erp: { ...erp, password: { file: passwordFile } } },
    });
    await openSqliteStore(join(other, 'ledgerline.sqlite')).close();
    const result = await runCli(['reconcile', '--period', '2026-10', '--config', file], {
      TEST_REDMINE_KEY: 'k',
    });
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /no reconciliation reader for redmine \(redmine\), tryton \(tryton\): export its records to a CSV or JSONL file and reconcile with --source FILE --target FILE/,
    );
  });
});
