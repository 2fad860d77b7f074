// Tryton's typed JSON values both ways, without a server.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  fixedDecimal,
  floatQuantity,
  fromDate,
  fromDateTime,
  fromDecimal,
  hoursToTimedelta,
  moneyAmount,
  normalizeDecimal,
  timedeltaToHours,
  toDate,
  toDateTime,
  toDecimal,
} from './codec.ts';

describe('Tryton value codec', () => {
  test('decimals stay strings and round-trip', () => {
    assert.deepEqual(toDecimal('120.50'), { __class__: 'Decimal', decimal: '120.50' });
    assert.equal(fromDecimal(toDecimal('120.50')), '120.5');
    assert.equal(fromDecimal({ __class__: 'Decimal', decimal: '0.0000' }), '0');
    assert.equal(fromDecimal({ __class__: 'Decimal', decimal: '-007.10' }), '-7.1');
    assert.equal(normalizeDecimal('-0.00'), '0');
    assert.equal(fixedDecimal('1662.6', 2), '1662.60');
    assert.throws(() => fixedDecimal('1.005', 2), RangeError);
    assert.equal(moneyAmount('120.0000'), '120.00');
    assert.equal(moneyAmount('155.5025'), '155.5025');
    assert.throws(() => toDecimal('1e3'), RangeError);
    assert.throws(() => toDecimal('12,5'), RangeError);
  });

  test('dates and datetimes round-trip', () => {
    assert.deepEqual(toDate('2026-02-28'), { __class__: 'date', year: 2026, month: 2, day: 28 });
    assert.equal(fromDate(toDate('0999-01-05')), '0999-01-05');
    assert.throws(() => toDate('2026-2-28'), RangeError);
    const wire = {
      __class__: 'datetime' as const,
      year: 2026,
      month: 11,
      day: 26,
      hour: 8,
      minute: 5,
      second: 9,
      microsecond: 42,
    };
    assert.equal(fromDateTime(wire), '2026-11-26T08:05:09.000042Z');
    assert.deepEqual(toDateTime(fromDateTime(wire)), wire);
    assert.deepEqual(toDateTime('2026-11-26T08:05:09Z'), { ...wire, microsecond: 0 });
    assert.throws(() => toDateTime('2026-11-26T08:05:09+01:00'), RangeError);
  });

  test('hours become timedelta seconds exactly, and back', () => {
    assert.deepEqual(hoursToTimedelta('7.25'), { __class__: 'timedelta', seconds: 26100 });
    assert.deepEqual(hoursToTimedelta('0.01'), { __class__: 'timedelta', seconds: 36 });
    assert.deepEqual(hoursToTimedelta('0.1'), { __class__: 'timedelta', seconds: 360 });
    assert.deepEqual(hoursToTimedelta('99.99'), { __class__: 'timedelta', seconds: 359964 });
    for (let h = 0; h < 2400; h += 7) {
      const hours = normalizeDecimal(`${Math.trunc(h / 100)}.${String(h % 100).padStart(2, '0')}`);
      assert.equal(timedeltaToHours(hoursToTimedelta(hours)), hours);
    }
    assert.equal(timedeltaToHours({ __class__: 'timedelta', seconds: 3600.0 }), '1');
    assert.equal(timedeltaToHours({ __class__: 'timedelta', seconds: 100 }), undefined); // not whole hundredths
    assert.throws(() => hoursToTimedelta('7.255'), RangeError);
    assert.throws(() => hoursToTimedelta('-1'), RangeError);
  });

  test("an invoice line's float quantity becomes a decimal string", () => {
    assert.equal(floatQuantity(9.08), '9.08');
    assert.equal(floatQuantity(0.1 + 0.2), '0.3');
    assert.equal(floatQuantity(12), '12');
    assert.throws(() => floatQuantity(Number.NaN), RangeError);
  });
});
