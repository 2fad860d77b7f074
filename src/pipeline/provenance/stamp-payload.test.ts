import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stampedPayload } from './stamp-payload.ts';

const digest = 'a'.repeat(64);

function byParsing(payload: string): string {
  const commands = JSON.parse(payload) as Record<string, unknown>[];
  return JSON.stringify(commands.map((c) => ({ ...c, sourceDigest: digest })));
}

describe('stampedPayload', () => {
  it('gives the bytes parsing, spreading and serialising give, for any array of objects', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.string(), fc.jsonValue())), (commands) => {
        const payload = JSON.stringify(commands);
        assert.equal(stampedPayload(payload, digest), byParsing(payload));
      }),
      { numRuns: 500 },
    );
  });

  it('stamps commands whose strings hold braces, quotes and escapes', () => {
    const payload = JSON.stringify([
      { kind: 'postCost', description: 'a "}" and a \\ and {[', amount: { amount: '1.00', currency: 'EUR' } },
      {},
      { nested: [{ a: 1 }, []] },
    ]);
    assert.equal(stampedPayload(payload, digest), byParsing(payload));
  });

  it('replaces a digest a command already carries, as the spread does', () => {
    const payload = JSON.stringify([{ kind: 'postCost', sourceDigest: 'old' }]);
    assert.deepEqual(JSON.parse(stampedPayload(payload, digest)), [
      { kind: 'postCost', sourceDigest: digest },
    ]);
  });
});
