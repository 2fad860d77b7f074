// Splits the keys of a run between threads: a key's part is a stable hash of its type and ref, so each
// thread sees every record of its keys from both sides, and no other thread sees them (ADR 12).

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv(hash: number, text: string, from: number, to: number): number {
  let h = hash;
  for (let i = from; i < to; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h;
}

/** The part (0 .. parts-1) of the key (type, ref): FNV-1a of `type,ref`. */
export function partOf(type: string, ref: string, parts: number): number {
  const h = fnv(fnv(FNV_OFFSET, type, 0, type.length), ',', 0, 1);
  return (fnv(h, ref, 0, ref.length) >>> 0) % parts;
}

/**
 * The part of a CSV line whose first two columns are type and ref, read off the line without splitting it
 * (the same hash as `partOf`); undefined when only a parse can tell (a quote in those columns).
 */
export function partOfCsvLine(line: string, parts: number): number | undefined {
  const first = line.indexOf(',');
  const second = first < 0 ? -1 : line.indexOf(',', first + 1);
  if (second < 0) return undefined;
  if (line.lastIndexOf('"', second) >= 0) return undefined;
  return (fnv(FNV_OFFSET, line, 0, second) >>> 0) % parts;
}

const JSON_TYPE = '{"type":"';
const JSON_REF = '","ref":"';

/**
 * The part of a JSONL line that starts `{"type":"...","ref":"...` (as Ledgerline writes records), read
 * off the line without parsing it; undefined when only a parse can tell (another key order, an escape).
 */
export function partOfJsonlLine(line: string, parts: number): number | undefined {
  if (!line.startsWith(JSON_TYPE)) return undefined;
  const typeEnd = line.indexOf('"', JSON_TYPE.length);
  if (typeEnd < 0 || !line.startsWith(JSON_REF, typeEnd)) return undefined;
  const refStart = typeEnd + JSON_REF.length;
  const refEnd = line.indexOf('"', refStart);
  if (refEnd < 0) return undefined;
  // An escaped character would hash differently from its parsed value.
  const backslash = line.indexOf('\\');
  if (backslash >= 0 && backslash < refEnd) return undefined;
  let h = fnv(FNV_OFFSET, line, JSON_TYPE.length, typeEnd);
  h = fnv(h, ',', 0, 1);
  return (fnv(h, line, refStart, refEnd) >>> 0) % parts;
}
