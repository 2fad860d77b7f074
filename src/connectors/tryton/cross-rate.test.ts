// Rates into the company currency from Tryton's rates against a common base, computed by hand.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { crossRate } from './cross-rate.ts';

describe('cross rate into the company currency', () => {
  test('exact quotients keep only their digits', () => {
    assert.equal(crossRate('1', '1.25'), '0.8'); // 1 / 1.25
    assert.equal(crossRate('1.000000', '0.500000'), '2');
    assert.equal(crossRate('1.085000', '1.085000'), '1');
  });

  test('inexact quotients are rounded half-up at the 10th fractional digit', () => {
    // 1 / 1.1 = 0.90909090909|09... -> the 11th digit is 9: up
    assert.equal(crossRate('1', '1.1'), '0.9090909091');
    // 1 / 3 = 0.33333333333|3... -> down
    assert.equal(crossRate('1', '3'), '0.3333333333');
    // 2 / 3 = 0.66666666666|6... -> up
    assert.equal(crossRate('2', '3'), '0.6666666667');
    // 0.86 / 1.0865 = 0.79153244362|63... (a company not at the base: both rates count) -> down
    assert.equal(crossRate('0.86', '1.0865'), '0.7915324436');
    // an exact half: 0.0000000000|5 -> half-up
    assert.equal(crossRate('0.00000000005', '1'), '0.0000000001');
  });

  test('a zero rate, or one that rounds to zero, is no rate', () => {
    assert.equal(crossRate('0', '1.1'), undefined);
    assert.equal(crossRate('1', '0.000000'), undefined);
    assert.equal(crossRate('0.00000000004', '1'), undefined);
  });
});
