import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalJsonText } from './canonical-json.ts';

/** The definition canonical JSON had before it was made fast (sign-off chains and source digests stored
 * since were made with it): a replacer that rebuilds every object from its sorted entries. */
function reference(value: unknown): string | undefined {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

// Keys that test the edges: integer-like ones (which objects enumerate first, in numeric order), the empty
// key, "__proto__", and keys that differ in case or only by a prefix.
const edgeKey = fc.constantFrom(
  '0',
  '1',
  '2',
  '10',
  '01',
  '-1',
  '4294967295',
  '',
  '__proto__',
  'a',
  'A',
  'ab',
  'b',
);
const key = fc.oneof(fc.string(), edgeKey);
const leaf = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: true }),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc
    .array(fc.tuple(key, tie('value')), { maxLength: 6 })
    // Own keys as JSON.parse makes them ("__proto__" included), in the order drawn.
    .map((entries) => {
      const o: Record<string, unknown> = {};
      for (const [k, v] of entries)
        Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
      return o;
    }),
}));

describe('canonical JSON', () => {
  it('writes exactly what the replacer definition wrote, for any value', () => {
    fc.assert(
      fc.property(value, (v) => {
        assert.equal(canonicalJsonText(v), reference(v));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes JSON text as parsed from the wire the same way', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const parsed: unknown = JSON.parse(JSON.stringify(v));
        assert.equal(canonicalJsonText(parsed), reference(parsed));
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts keys at every level and puts integer-like keys first, in numeric order', () => {
    assert.equal(
      canonicalJsonText({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 'x' } }),
      '{"a":{"c":"x","d":[2,{"y":2,"z":1}]},"b":1}',
    );
    assert.equal(
      canonicalJsonText({ b: 1, 10: 'ten', 2: 'two', a: 0 }),
      '{"2":"two","10":"ten","a":0,"b":1}',
    );
    assert.equal(canonicalJsonText(JSON.parse('{"b":1,"__proto__":{"x":1}}')), '{"__proto__":{"x":1},"b":1}');
    assert.equal(canonicalJsonText({ at: new Date(0) }), '{"at":"1970-01-01T00:00:00.000Z"}');
    assert.equal(canonicalJsonText(undefined), undefined);
  });
});
