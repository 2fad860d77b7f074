// A thread reads a line's key part off the raw line when it can; that must be the part of the parsed
// record, or a key's records would be split between threads.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { partOf, partOfCsvLine, partOfJsonlLine } from '../../src/reconcile/partition.ts';
import { recordCsvLine } from '../../src/reconcile/files/write-record-csv.ts';
import { time } from './records.ts';

describe('key parts', () => {
  it('reads the same part off a CSV or JSONL line as from the parsed record, or says it cannot', () => {
    const refs = [
      'time:psa:1',
      'time:psa:2',
      'T-ü-3',
      'a"quoted"ref',
      'back\\slash',
      'x,y',
      ...Array.from({ length: 50 }, (_, i) => `r${i}`),
    ];
    let fromLine = 0;
    for (const ref of refs)
      for (const parts of [2, 3]) {
        const record = time(ref);
        const expected = partOf(record.type, record.ref, parts);
        for (const got of [
          partOfCsvLine(recordCsvLine(record), parts),
          partOfJsonlLine(JSON.stringify(record), parts),
        ])
          if (got !== undefined) {
            assert.equal(got, expected, ref);
            fromLine += 1;
          }
      }
    assert.equal(partOfCsvLine(recordCsvLine(time('a"quoted"ref')), 2), undefined);
    assert.equal(partOfCsvLine(recordCsvLine(time('x,y')), 2), undefined);
    assert.equal(partOfJsonlLine(JSON.stringify(time('back\\slash')), 2), undefined);
    assert.equal(partOfJsonlLine(JSON.stringify({ ref: 'r1', type: 'cost' }), 2), undefined);
    // 56 refs, 2 part counts, 2 formats; a quote or comma in CSV (2 refs) and an escape in JSON (the quoted
    // ref and the backslash) leave 8 lines to the parser.
    assert.equal(fromLine, 56 * 2 * 2 - 8);
    const spread = new Set(refs.map((r) => partOf('cost', r, 2)));
    assert.deepEqual([...spread].sort(), [0, 1]);
  });
});
