// What an idempotency key is bound to: the method, the path and the body as canonical JSON (keys sorted
// at every level), so a resend that only orders its keys differently is still the same request.
import { createHash } from 'node:crypto';

function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortedCopy);
  const record = value as Record<string, unknown>;
  // No prototype, so a "__proto__" key in the input stays an ordinary key.
  const copy = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(record).sort()) copy[key] = sortedCopy(record[key]);
  return copy;
}

/** `route` is the method and path, e.g. "PUT /api/v2/clients/CU-17". */
export function requestFingerprint(route: string, body: unknown): string {
  const canonical = JSON.stringify(sortedCopy(body ?? null));
  return createHash('sha256').update(`${route}\n${canonical}`).digest('base64');
}
