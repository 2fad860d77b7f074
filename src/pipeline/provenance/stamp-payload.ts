// Stamping each command of an outbox payload with its source digest. The payload is JSON.stringify's
// output for an array of command objects; the digest is appended as each object's last member by editing
// the text, which gives the same bytes as parsing, spreading `{ ...command, sourceDigest }` and
// serialising again, at a fraction of the cost (this runs under the store's write lock for every delivery).

const quote = 0x22;
const backslash = 0x5c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;

function stampedByParsing(payload: string, sourceDigest: string): string {
  const commands = JSON.parse(payload) as Record<string, unknown>[];
  return JSON.stringify(commands.map((c) => ({ ...c, sourceDigest })));
}

/** The commands of a delivery, each stamped with the digest of the event that caused it. */
export function stampedPayload(payload: string, sourceDigest: string): string {
  // A command that already names a digest is replaced in place by the spread: only parsing does that.
  if (payload.includes('"sourceDigest"') || payload.charCodeAt(0) !== openBracket)
    return stampedByParsing(payload, sourceDigest);
  const member = `"sourceDigest":${JSON.stringify(sourceDigest)}`;
  const parts: string[] = [];
  let from = 0;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < payload.length; i += 1) {
    const c = payload.charCodeAt(i);
    if (inString) {
      if (c === backslash) i += 1;
      else if (c === quote) inString = false;
      continue;
    }
    if (c === quote) inString = true;
    else if (c === openBrace || c === openBracket) depth += 1;
    else if (c === closeBrace || c === closeBracket) {
      // The end of a command: an object directly inside the top-level array.
      if (c === closeBrace && depth === 2) {
        parts.push(payload.slice(from, i), payload.charCodeAt(i - 1) === openBrace ? member : `,${member}`);
        from = i;
      }
      depth -= 1;
    }
  }
  parts.push(payload.slice(from));
  return parts.join('');
}
