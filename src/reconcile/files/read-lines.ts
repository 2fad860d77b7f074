// Reads a text file as batches of lines, streaming in 1 MB chunks: never the whole file in one string, and
// one batch per chunk instead of one promise per line. Line numbers count from 1; CRLF is accepted.
import { createReadStream } from 'node:fs';

export interface LineBatch {
  /** Number of the first line in `lines`. */
  readonly firstLine: number;
  readonly lines: readonly string[];
  /** Bytes of the file read so far. */
  readonly bytesRead: number;
}

export async function* readLineBatches(file: string): AsyncGenerator<LineBatch> {
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  stream.setEncoding('utf8');
  let carry = '';
  let next = 1;
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = carry === '' ? chunk : carry + chunk;
    const lines = text.split('\n');
    carry = lines.pop() ?? '';
    yield { firstLine: next, lines: lines.map(withoutCr), bytesRead: stream.bytesRead };
    next += lines.length;
  }
  if (carry !== '') yield { firstLine: next, lines: [withoutCr(carry)], bytesRead: stream.bytesRead };
}

function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
