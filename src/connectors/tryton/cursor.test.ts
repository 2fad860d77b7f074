// The source cursor without a server: invoices and the statement of periods and rates, and a cursor
// saved before periods and rates were read.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeCursor, encodeCursor } from './cursor.ts';

const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('Tryton source cursor', () => {
  test('round-trips invoices and the reference statement, each optional', () => {
    const both = {
      invoices: { at: '2026-11-26T11:26:22.793553Z', id: 7 },
      reference: { mark: 'sXZr2dWZD1r_6xryc_sOYh', next: 20 },
    };
    assert.deepEqual(decodeCursor(encodeCursor(both)), both);
    const done = { reference: { mark: 'm', next: null } };
    assert.deepEqual(decodeCursor(encodeCursor(done)), done);
    assert.deepEqual(decodeCursor(encodeCursor({})), {});
  });

  test('a version 1 cursor is the invoices only: periods and rates are then stated from the start', () => {
    assert.deepEqual(decodeCursor(raw({ v: 1, at: '2026-11-26T11:26:22.793553Z', id: 3 })), {
      invoices: { at: '2026-11-26T11:26:22.793553Z', id: 3 },
    });
  });

  test('anything else is refused', () => {
    for (const text of ['', 'x', raw({ v: 3 }), raw({ v: 1 }), raw({ v: 2, mark: 'm', next: -1 })])
      assert.throws(() => decodeCursor(text), RangeError, text);
  });
});
