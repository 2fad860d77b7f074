import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonNumber, parseWithDecimals, stringifyWithDecimals } from './decimal-json.ts';

describe('decimal JSON', () => {
  it('reads every number as the decimal text it was written as, strings untouched', () => {
    const text = '{"a":133.33,"b":[0.1,-2,1e3],"c":"7.5 \\" 12","d":{"e":999999999999999999.99}}';
    assert.deepEqual(parseWithDecimals(text), {
      a: '133.33',
      b: ['0.1', '-2', '1e3'],
      c: '7.5 " 12',
      d: { e: '999999999999999999.99' },
    });
  });
  it('writes decimals as bare JSON numbers, exactly', () => {
    const text = stringifyWithDecimals({
      UnitAmount: jsonNumber('0.30'),
      Quantity: jsonNumber('7.5'),
      Name: '0.1',
    });
    assert.equal(text, '{"UnitAmount":0.30,"Quantity":7.5,"Name":"0.1"}');
    assert.deepEqual(parseWithDecimals(text), { UnitAmount: '0.30', Quantity: '7.5', Name: '0.1' });
  });
  it('refuses a value that is not a decimal', () => {
    assert.throws(() => jsonNumber('1,5'), RangeError);
  });
});
