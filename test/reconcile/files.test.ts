// Record files: CSV and JSONL round trips, what a bad line says, and the threaded file run giving the
// report of a run in one thread.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRecordFile, recordsOf } from '../../src/reconcile/files/record-file.ts';
import { recordCsvHeader, recordCsvLine } from '../../src/reconcile/files/write-record-csv.ts';
import { reconcileFiles } from '../../src/reconcile/files/reconcile-files.ts';
import { fileReconciliationReader } from '../../src/reconcile/files/file-reader.ts';
import { reconcile } from '../../src/reconcile/engine.ts';
import type { ReconRecord } from '../../src/reconcile/record.ts';
import { cost, expense, time } from './records.ts';

const records: ReconRecord[] = [
  time('time:psa:1', { id: 'BL-0000001' }),
  cost('time:psa:1', { period: '2026-11', date: '2026-10-31' }),
  expense('expense:psa:"E,1"', { project: 'project:psa:P, "quoted"', amount: '-145.60', reversal: true }),
  expense('expense:psa:E2', {
    currency: 'USD',
    amount: '1000.00',
    functional: { amount: '791.20', currency: 'GBP' },
  }),
  time('time:psa:2', { amount: '0', amountUnknown: true }),
  {
    type: 'payment',
    ref: 'payment:erp:PAY-1',
    entity: 'LL-UK',
    project: '',
    date: '2026-10-15',
    amount: '1200.00',
    currency: 'GBP',
  },
];

async function readAll(path: string): Promise<ReconRecord[]> {
  const all: ReconRecord[] = [];
  for await (const r of recordsOf(openRecordFile(path))) all.push(r);
  return all;
}

describe('record files', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledgerline-recon-files-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, lines: readonly string[]): string {
    const path = join(dir, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  }

  it('reads back what the CSV writer wrote, quotes, reversals, functional amounts and unknown amounts too', async () => {
    const path = write('round-trip.csv', [recordCsvHeader, ...records.map(recordCsvLine)]);
    assert.deepEqual(await readAll(path), records);
    assert.equal(
      recordCsvLine(records[2] as ReconRecord),
      'expense,"expense:psa:""E,1""",LL-UK,"project:psa:P, ""quoted""",2026-10-05,,,-145.60,GBP,,,true,',
    );
    assert.equal(
      recordCsvLine(records[4] as ReconRecord),
      'billable-time,time:psa:2,LL-UK,project:psa:P-1,2026-10-05,,7.50,,GBP,,,,',
    );
  });

  it('reads JSONL records, and CSV with the columns in another order, CRLF line ends and a BOM', async () => {
    const jsonl = write(
      'round-trip.jsonl',
      records.map((r) => JSON.stringify(r)),
    );
    assert.deepEqual(await readAll(jsonl), records);
    const reordered = join(dir, 'reordered.csv');
    writeFileSync(
      reordered,
      '\uFEFFamount,currency,ref,type,entity,date\r\n12.50,EUR,X-1,expense,LL-DE,2026-10-01\r\n\r\n',
    );
    assert.deepEqual(await readAll(reordered), [
      {
        type: 'expense',
        ref: 'X-1',
        entity: 'LL-DE',
        project: '',
        date: '2026-10-01',
        amount: '12.50',
        currency: 'EUR',
      },
    ]);
  });

  it('names file and line of a bad record and says what to write instead', async () => {
    const cases: [string, string[], RegExp][] = [
      [
        'amount.csv',
        [recordCsvHeader, recordCsvLine(time('T1')), recordCsvLine(time('T2')).replace('999.98', '999,98')],
        /amount\.csv:3: 14 fields where the header has 13 \(quote a value holding a comma\)/,
      ],
      [
        'decimal.csv',
        [recordCsvHeader, recordCsvLine(time('T1', { amount: '1e3' }))],
        /decimal\.csv:2: amount "1e3" is not a decimal \(write it with a point and no separators, e\.g\. 1234\.50\)/,
      ],
      [
        'date.csv',
        [recordCsvHeader, recordCsvLine(time('T1', { date: '2026-02-30' }))],
        /date\.csv:2: date "2026-02-30" is not a calendar date YYYY-MM-DD/,
      ],
      [
        'type.csv',
        [recordCsvHeader, recordCsvLine(time('T1')).replace('billable-time', 'timesheet')],
        /type\.csv:2: type "timesheet" is not one of billable-time, cost, expense, milestone-billing, invoice, payment/,
      ],
      [
        'currency.csv',
        [recordCsvHeader, recordCsvLine(time('T1', { currency: 'XXY' }))],
        /currency\.csv:2: currency "XXY" is not an ISO 4217 currency code/,
      ],
      ['header.csv', ['type,ref,amount'], /header\.csv:1: the header lacks entity, date, currency/],
      [
        'unknown.csv',
        ['type,ref,entity,date,amount,currency,colour'],
        /unknown\.csv:1: the header has unknown column\(s\) "colour"/,
      ],
      [
        'quote.csv',
        [recordCsvHeader, 'cost,"T1,LL-UK,,2026-10-01,,,1.00,GBP,,,,'],
        /quote\.csv:2: a quoted field is not closed/,
      ],
      [
        'number.jsonl',
        ['{"type":"cost","ref":"T1","entity":"LL-UK","date":"2026-10-01","amount":12.5,"currency":"GBP"}'],
        /number\.jsonl:1: amount is a JSON number; write it as a string, e\.g\. "12\.5"/,
      ],
      ['broken.jsonl', [JSON.stringify(time('T1')), '{"type":'], /broken\.jsonl:2: not JSON/],
      ['empty.csv', [], /empty\.csv: is empty: a CSV record file starts with its header line/],
    ];
    for (const [name, lines, message] of cases)
      await assert.rejects(readAll(write(name, lines)), message, name);
    assert.throws(
      () => openRecordFile(join(dir, 'records.xlsx')),
      /records\.xlsx: name a \.csv or \.jsonl file/,
    );
    assert.throws(() => openRecordFile(join(dir, 'absent.csv')), /absent\.csv: cannot be read/);
  });

  it('reads a file as a reconciliation reader: the records dated or booked in the period, of the entity', async () => {
    const path = write('reader.csv', [
      recordCsvHeader,
      ...[
        time('T1'),
        time('T2', { date: '2026-09-30', period: '2026-10' }),
        time('T3', { date: '2026-09-30' }),
        time('T4', { date: '2026-10-31', period: '2026-11' }),
        time('T5', { entity: 'LL-DE' }),
      ].map(recordCsvLine),
    ]);
    const reader = fileReconciliationReader(path);
    assert.equal(reader.system, 'reader.csv');
    const refs = async (scope: { period: string; entity?: string }) => {
      const seen: string[] = [];
      for await (const r of reader.read(scope)) seen.push(r.ref);
      return seen;
    };
    assert.deepEqual(await refs({ period: '2026-10' }), ['T1', 'T2', 'T4', 'T5']);
    assert.deepEqual(await refs({ period: '2026-10', entity: 'LL-UK' }), ['T1', 'T2', 'T4']);
    assert.deepEqual(await refs({ period: '2026-11' }), ['T4']);
  });

  it('gives the same report split over two threads as in one, and the first bad line of a split read', async () => {
    const source: string[] = [recordCsvHeader];
    const target: string[] = [recordCsvHeader];
    const sourceRecords: ReconRecord[] = [];
    const targetRecords: ReconRecord[] = [];
    for (let i = 0; i < 3000; i += 1) {
      const r =
        i % 3 === 0 ? expense(`E${i}`, { amount: `${i}.10` }) : time(`T${i}`, { hours: `${i % 8}.5` });
      if (i % 101 !== 0) sourceRecords.push(r);
      if (i % 103 !== 0) targetRecords.push(i % 107 === 0 ? { ...r, amount: '1.00' } : r);
    }
    source.push(...sourceRecords.map(recordCsvLine));
    target.push(...targetRecords.map(recordCsvLine));
    const files = {
      source: write('split-source.csv', source),
      target: write('split-target.csv', target),
      scope: { period: '2026-10' },
    };
    const inOne = await reconcile(sourceRecords, targetRecords, files.scope);
    const split = await reconcileFiles(files, { threads: 2, heapMb: 64 });
    assert.deepEqual(split, inOne);
    assert.deepEqual(split.counts, {
      missing_in_target: 29,
      extra_in_target: 29,
      duplicate: 0,
      amount_drift: 28,
      fx_difference: 0,
      period_mismatch: 0,
    });
    assert.deepEqual(await reconcileFiles(files, { threads: 0, heapMb: 0 }), inOne);
    const jsonl = {
      ...files,
      source: write(
        'split-source.jsonl',
        sourceRecords.map((r) => JSON.stringify(r)),
      ),
      target: write(
        'split-target.jsonl',
        targetRecords.map((r) => JSON.stringify(r)),
      ),
    };
    assert.deepEqual(await reconcileFiles(jsonl, { threads: 2, heapMb: 64 }), inOne);

    const bad = [...target];
    bad[2000] = recordCsvLine(time('T-bad', { amount: 'x' }));
    bad[1000] = recordCsvLine(time('T-worse', { amount: 'y' }));
    await assert.rejects(
      reconcileFiles({ ...files, target: write('split-bad.csv', bad) }, { threads: 2, heapMb: 64 }),
      /split-bad\.csv:1001: amount "y" is not a decimal/,
    );
  });
});
