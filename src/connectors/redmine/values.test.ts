// Pure value handling, no server: hours rounding, rate fields, the cursor, the memory marks and the
// time entry transitions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeCursor, encodeCursor, sweepStart } from './client/cursor.ts';
import { decimalField } from './client/decimal-field.ts';
import { decodeMark, encodeMark, hashOf } from './client/fingerprint.ts';
import { hoursFromFloat } from './client/hours.ts';
import { transition } from './client/time-transition.ts';

describe('hoursFromFloat', () => {
  it('writes whole hundredths without trailing zeros', () => {
    assert.equal(hoursFromFloat(2), '2');
    assert.equal(hoursFromFloat(2.5), '2.5');
    assert.equal(hoursFromFloat(1.33), '1.33');
    assert.equal(hoursFromFloat(0), '0');
    assert.equal(hoursFromFloat(99.99), '99.99');
  });

  it('rounds the decimal Redmine printed half-up, not the binary float', () => {
    assert.equal(hoursFromFloat(1.333), '1.33');
    assert.equal(hoursFromFloat(0.125), '0.13');
    // 1.005 and 0.105 are a hair below as binary floats; their printed form is what was meant.
    assert.equal(hoursFromFloat(1.005), '1.01');
    assert.equal(hoursFromFloat(0.105), '0.11');
    assert.equal(hoursFromFloat(7.999), '8');
    assert.equal(hoursFromFloat(1e-7), '0');
  });

  it('refuses what is no day of hours', () => {
    for (const bad of [-0.5, 100, 99.995, Number.NaN, Number.POSITIVE_INFINITY])
      assert.equal(hoursFromFloat(bad), undefined, String(bad));
  });

  it('gives back any hundredths exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), (cents) => {
        const whole = Math.floor(cents / 100);
        const rest = String(cents % 100)
          .padStart(2, '0')
          .replace(/0+$/, '');
        assert.equal(hoursFromFloat(cents / 100), rest === '' ? String(whole) : `${whole}.${rest}`);
      }),
    );
  });
});

describe('decimalField', () => {
  it('reads plain decimals and treats blank as unset', () => {
    assert.deepEqual(decimalField('150', 'Bill rate'), { ok: true, value: '150' });
    assert.deepEqual(decimalField(' 80.25 ', 'Bill rate'), { ok: true, value: '80.25' });
    assert.deepEqual(decimalField('', 'Bill rate'), { ok: true, value: undefined });
    assert.deepEqual(decimalField(null, 'Bill rate'), { ok: true, value: undefined });
  });

  it('refuses, naming the field, what it would have to guess or round', () => {
    for (const bad of ['1e2', '1.1234567', '-5', '007', '12,50', 'abc']) {
      const result = decimalField(bad, 'project 7: Bill rate');
      assert.equal(result.ok, false, bad);
      assert.match(result.ok ? '' : result.message, /project 7: Bill rate/);
    }
  });
});

describe('cursor', () => {
  it('round-trips and stays opaque', () => {
    const cursor = {
      ...sweepStart(3),
      from: '2026-10-27',
      phase: 'time' as const,
      project: 12,
      offset: 40,
      after: 991,
    };
    const text = encodeCursor(cursor);
    assert.match(text, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeCursor(text), cursor);
  });

  it('refuses anything else', () => {
    const foreign = [
      'garbage!',
      '42',
      Buffer.from(JSON.stringify({ ...sweepStart(1), v: 2 })).toString('base64url'),
      Buffer.from(JSON.stringify({ ...sweepStart(1), extra: 1 })).toString('base64url'),
      Buffer.from(JSON.stringify({ ...sweepStart(1), phase: 'issues' })).toString('base64url'),
    ];
    for (const text of foreign) assert.throws(() => decodeCursor(text), RangeError, text);
  });
});

describe('memory marks', () => {
  it('round-trip with and without a work date', () => {
    const mark = { rev: 3, state: 'approved', hash: hashOf(['x']), spentOn: '2026-11-20' };
    assert.deepEqual(decodeMark(encodeMark(mark), 'time entry 1'), mark);
    const project = { rev: 1, state: 'active', hash: hashOf(['p']) };
    assert.deepEqual(decodeMark(encodeMark(project), 'project 1'), project);
  });

  it('refuse a fingerprint some other connector wrote', () => {
    assert.throws(() => decodeMark('sha256:abc', 'time entry 9'), /time entry 9/);
  });

  it('hash the values in order', () => {
    assert.equal(hashOf(['1', 2, null]), hashOf(['1', 2, null]));
    assert.notEqual(hashOf(['a', 'b']), hashOf(['b', 'a']));
    assert.notEqual(hashOf(['1']), hashOf([1]));
    assert.match(hashOf([]), /^[0-9a-f]{16}$/);
  });
});

describe('time entry transitions', () => {
  const seen = (approved: boolean, hash = 'a'.repeat(16)) => ({ approved, hash, spentOn: '2026-11-20' });
  const mark = (state: string, rev = 1, hash = 'a'.repeat(16)) => ({
    rev,
    state,
    hash,
    spentOn: '2026-11-20',
  });

  it('approves what is first seen approved, and ignores unapproved time never approved', () => {
    assert.deepEqual(transition(seen(true), undefined), { happening: 'approved', next: mark('approved') });
    assert.deepEqual(transition(seen(false), undefined), { happening: undefined });
  });

  it('revises an approved entry only when what matters changed', () => {
    assert.deepEqual(transition(seen(true), mark('approved', 2)), { happening: undefined });
    assert.deepEqual(transition(seen(true, 'b'.repeat(16)), mark('approved', 2)), {
      happening: 'revised',
      next: mark('approved', 3, 'b'.repeat(16)),
    });
  });

  it('withdraws a taken-back approval and approves it again with a new revision', () => {
    assert.deepEqual(transition(seen(false), mark('approved', 2)), {
      happening: 'unapproved',
      next: mark('withdrawn', 3),
    });
    assert.deepEqual(transition(seen(false), mark('withdrawn', 3)), { happening: undefined });
    assert.deepEqual(transition(seen(true), mark('withdrawn', 3)), {
      happening: 'approved',
      next: mark('approved', 4),
    });
  });
});
