// Literal expectations pin the rounding rules; fast-check properties cover what examples cannot.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  add,
  currencyExponent,
  extend,
  formatDecimal,
  multiply,
  parseDecimal,
  round,
  sumDecimals,
  totalsByCurrency,
  type Decimal,
  type Money,
} from './money.ts';

const gbp = (amount: string): Money => ({ amount, currency: 'GBP' });

describe('extend', () => {
  it('rounds 7.5 x 133.33 GBP (999.975) half-up to 999.98', () => {
    assert.deepEqual(extend('7.5', gbp('133.33')), { amount: '999.98', currency: 'GBP' });
  });

  it('rounds 0.25 x 62.50 (15.625) half-up to 15.63 and half-even to 15.62', () => {
    assert.equal(extend('0.25', gbp('62.50')).amount, '15.63');
    assert.equal(extend('0.25', gbp('62.50'), 'half-even').amount, '15.62');
  });

  it('breaks 0.125-style ties by mode: half-up away from zero, half-even to the even digit', () => {
    assert.equal(extend('0.125', gbp('1')).amount, '0.13');
    assert.equal(extend('0.125', gbp('1'), 'half-even').amount, '0.12');
    assert.equal(extend('0.135', gbp('1'), 'half-even').amount, '0.14');
    assert.equal(extend('0.5', gbp('0.25'), 'half-even').amount, '0.12');
    // Not a tie: both modes round to nearest.
    assert.equal(extend('0.1251', gbp('1'), 'half-even').amount, '0.13');
    assert.equal(extend('0.1249', gbp('1')).amount, '0.12');
  });

  it('rounds JPY to whole yen: 1.5 x 1001 = 1501.5 -> 1502', () => {
    assert.deepEqual(extend('1.5', { amount: '1001', currency: 'JPY' }), { amount: '1502', currency: 'JPY' });
    assert.equal(extend('1.5', { amount: '1003', currency: 'JPY' }).amount, '1505');
    assert.equal(extend('1.5', { amount: '1003', currency: 'JPY' }, 'half-even').amount, '1504');
  });

  it('rounds KWD to 3 decimals', () => {
    assert.equal(extend('3', { amount: '1', currency: 'KWD' }).amount, '3.000');
    assert.equal(extend('2.5', { amount: '0.105', currency: 'KWD' }).amount, '0.263');
    assert.equal(extend('2.5', { amount: '0.105', currency: 'KWD' }, 'half-even').amount, '0.262');
    assert.equal(extend('7.25', { amount: '12.345', currency: 'KWD' }).amount, '89.501');
  });

  it('pads to the currency exponent', () => {
    assert.equal(extend('8', gbp('100')).amount, '800.00');
    assert.equal(extend('0', gbp('133.33')).amount, '0.00');
  });

  it('rounds negative amounts symmetrically, never producing -0.00', () => {
    assert.equal(extend('-7.5', gbp('133.33')).amount, '-999.98');
    assert.equal(extend('-0.25', gbp('62.50')).amount, '-15.63');
    assert.equal(extend('-0.25', gbp('62.50'), 'half-even').amount, '-15.62');
    assert.equal(extend('1', gbp('-0.005')).amount, '-0.01');
    assert.equal(extend('1', gbp('-0.005'), 'half-even').amount, '0.00');
    assert.equal(extend('-1', gbp('-0.004')).amount, '0.00');
  });

  it('rejects non-decimal input and unknown currencies', () => {
    assert.throws(() => extend('7,5', gbp('1')), RangeError);
    assert.throws(() => extend('1', { amount: '1', currency: 'XXY' }), RangeError);
  });
});

describe('currencyExponent', () => {
  it('knows EUR 2, JPY 0, KWD 3', () => {
    assert.equal(currencyExponent('EUR'), 2);
    assert.equal(currencyExponent('JPY'), 0);
    assert.equal(currencyExponent('KWD'), 3);
    assert.equal(currencyExponent('EUR'), 2, 'cached value');
  });

  it('throws RangeError for unknown or malformed codes', () => {
    for (const code of ['XXY', 'eur', 'EURO', '']) assert.throws(() => currencyExponent(code), RangeError);
  });
});

describe('parseDecimal and formatDecimal', () => {
  it('parses into units and scale', () => {
    assert.deepEqual(parseDecimal('150.00'), { units: 15000n, scale: 2 });
    assert.deepEqual(parseDecimal('-0.50'), { units: -50n, scale: 2 });
    assert.deepEqual(parseDecimal('7'), { units: 7n, scale: 0 });
  });

  it('rejects anything but plain decimals', () => {
    for (const text of ['', '.5', '1.', '+1', ' 1', '1e3', '1,5', '0x10', 'NaN'])
      assert.throws(() => parseDecimal(text), RangeError, text);
  });

  it('formats small and negative values with leading zeros', () => {
    assert.equal(formatDecimal({ units: 5n, scale: 3 }), '0.005');
    assert.equal(formatDecimal({ units: -5n, scale: 3 }), '-0.005');
    assert.equal(formatDecimal({ units: -1234n, scale: 0 }), '-1234');
  });

  it('rounds up to more digits by padding', () => {
    assert.equal(formatDecimal(round(parseDecimal('1.5'), 3, 'half-up')), '1.500');
  });
});

describe('totalsByCurrency', () => {
  it('sums exactly per currency, in currency-code order, at each exponent', () => {
    const totals = totalsByCurrency([
      { amount: '999.98', currency: 'GBP' },
      { amount: '1000', currency: 'JPY' },
      { amount: '10.10', currency: 'EUR' },
      { amount: '-250', currency: 'JPY' },
      { amount: '0.205', currency: 'EUR' },
      { amount: '15.63', currency: 'GBP' },
      { amount: '0.001', currency: 'KWD' },
    ]);
    assert.deepEqual(totals, { EUR: '10.31', GBP: '1015.61', JPY: '750', KWD: '0.001' });
    assert.deepEqual(Object.keys(totals), ['EUR', 'GBP', 'JPY', 'KWD']);
  });

  it('is empty for no amounts and rejects unknown currencies', () => {
    assert.deepEqual(totalsByCurrency([]), {});
    assert.throws(() => totalsByCurrency([{ amount: '1', currency: 'XXY' }]), RangeError);
  });
});

describe('sumDecimals', () => {
  it('adds exactly and formats at the scale', () => {
    assert.equal(sumDecimals(['7.25', '0.5', '1'], 2), '8.75');
    assert.equal(sumDecimals(['0.1', '0.2'], 1), '0.3');
    assert.equal(sumDecimals(['0.125'], 2), '0.13');
    assert.equal(sumDecimals(['-0.125'], 2), '-0.13');
    assert.equal(sumDecimals(['10', '-2.5'], 0), '8');
    assert.equal(sumDecimals([], 2), '0.00');
  });
});

// Generators: decimals as (units, scale) and as the canonical strings the contracts carry.
const decimal = fc
  .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 8 }))
  .map(([units, scale]): Decimal => ({ units, scale }));
const canonicalDecimal = fc
  .stringMatching(/^-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?$/)
  .filter((s) => !/^-0(\.0+)?$/.test(s)); // -0 has no BigInt form and formats as 0
const mode = fc.constantFrom<'half-up' | 'half-even'>('half-up', 'half-even');
const positiveAmount = fc
  .bigInt({ min: 0n, max: 10n ** 9n })
  .map((units) => formatDecimal({ units, scale: 2 }));

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

describe('money properties', () => {
  it('parse and format round-trip', () => {
    fc.assert(
      fc.property(decimal, (d: Decimal) => {
        assert.deepEqual(parseDecimal(formatDecimal(d)), d);
      }),
    );
    fc.assert(
      fc.property(canonicalDecimal, (s) => {
        assert.equal(formatDecimal(parseDecimal(s)), s);
      }),
    );
  });

  it('round(x) is within half a minor unit of x', () => {
    fc.assert(
      fc.property(decimal, fc.integer({ min: 0, max: 6 }), mode, (x, scale, m) => {
        const rounded = round(x, scale, m);
        assert.equal(rounded.scale, scale);
        if (x.scale <= scale) {
          assert.equal(rounded.units, x.units * 10n ** BigInt(scale - x.scale));
          return;
        }
        const step = 10n ** BigInt(x.scale - scale); // one minor unit, in x's units
        const error = abs(rounded.units * step - x.units);
        assert.ok(2n * error <= step, `${formatDecimal(x)} -> ${formatDecimal(rounded)}`);
      }),
    );
  });

  it('summing rounded lines with exact addition is order-independent', () => {
    const line = fc.record({
      hours: fc.integer({ min: 0, max: 9999 }).map((h) => formatDecimal({ units: BigInt(h), scale: 2 })),
      rate: fc.record({ amount: positiveAmount, currency: fc.constantFrom('EUR', 'JPY', 'KWD') }),
    });
    const linesAndOrder = fc
      .array(line, { maxLength: 30 })
      .chain((lines) =>
        fc.tuple(
          fc.constant(lines),
          fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length }),
        ),
      );
    fc.assert(
      fc.property(linesAndOrder, mode, ([lines, shuffled], m) => {
        const amounts = lines.map((l) => extend(l.hours, l.rate, m));
        const reordered = shuffled.map((l) => extend(l.hours, l.rate, m));
        assert.deepEqual(totalsByCurrency(reordered), totalsByCurrency(amounts));
        const scale = 3;
        assert.equal(
          sumDecimals(
            reordered.map((a) => a.amount),
            scale,
          ),
          sumDecimals(
            amounts.map((a) => a.amount),
            scale,
          ),
        );
      }),
    );
  });

  it('is exact where binary floats are not (0.29 * 100)', () => {
    assert.notEqual(0.29 * 100, 29); // 28.999999999999996 as a double
    assert.equal(extend('100', gbp('0.29')).amount, '29.00');
    assert.equal(formatDecimal(multiply(parseDecimal('0.29'), parseDecimal('100'))), '29.00');
    assert.equal(formatDecimal(add(parseDecimal('0.1'), parseDecimal('0.2'))), '0.3');
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 10000 }), (cents, q) => {
        const price = formatDecimal({ units: cents, scale: 2 });
        // quantity x price in integer cents is the exact answer; extend must agree to the digit.
        assert.equal(
          extend(String(q), gbp(price)).amount,
          formatDecimal({ units: cents * BigInt(q), scale: 2 }),
        );
        assert.equal(extend('100', gbp(price)).amount, `${cents}.00`);
      }),
    );
  });
});
