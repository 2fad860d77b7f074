// Canonical JSON (keys sorted at every level, no whitespace), so that two bodies that differ only in
// key order get the same idempotency fingerprint. Serialising with the native JSON.stringify (after a
// sorted copy, skipped when the keys are already in order) is several times faster than assembling
// the string piece by piece; this runs once per operation on the hot path.
import { hash } from 'node:crypto';

function isSorted(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(isSorted);
  const record = value as Record<string, unknown>;
  let previous = '';
  for (const key of Object.keys(record)) {
    if (key <= previous && previous !== '') return false;
    if (key === '__proto__' || !isSorted(record[key])) return false;
    previous = key;
  }
  return true;
}

function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortedCopy);
  const record = value as Record<string, unknown>;
  // No prototype, so a "__proto__" key in the input stays an ordinary key.
  const copy = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(record).sort()) copy[key] = sortedCopy(record[key]);
  return copy;
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(isSorted(value) ? value : sortedCopy(value)) ?? 'null';
}

/** sha256 of the canonical JSON (base64); what an idempotency key is bound to. */
export function fingerprint(value: unknown): string {
  return hash('sha256', canonicalJson(value), 'base64');
}
