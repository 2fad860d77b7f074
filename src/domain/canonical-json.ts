// Canonical JSON: object keys sorted (UTF-16 code-unit order) at every level, no whitespace, so the same
// value always gives the same text and digests over it are stable. Native JSON.stringify over a sorted
// copy (skipped where keys are already in order) is several times faster than a replacer function or
// assembling the text piece by piece. As in any JavaScript object, integer-like keys ("2", "10") come
// first in numeric order; digests already stored were made with that same order.

/** Whether JSON.stringify would already write the keys in canonical order (and call no toJSON). */
function isCanonical(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(isCanonical);
  const record = value as Record<string, unknown>;
  if (typeof record['toJSON'] === 'function') return false;
  let previous: string | undefined;
  for (const key of Object.keys(record)) {
    if (previous !== undefined && key <= previous) return false;
    if (!isCanonical(record[key])) return false;
    previous = key;
  }
  return true;
}

function sortedCopy(value: unknown, key: string): unknown {
  let v = value;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function')
    v = (v as { toJSON: (key: string) => unknown }).toJSON(key);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((item, i) => sortedCopy(item, String(i)));
  const record = v as Record<string, unknown>;
  // No prototype, so a "__proto__" key stays an ordinary own key.
  const copy = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(record).sort()) copy[k] = sortedCopy(record[k], k);
  return copy;
}

/** The canonical text; `undefined` (or a function) at the top gives `undefined`, as JSON.stringify does. */
export function canonicalJsonText(value: unknown): string | undefined {
  // Typed string, but undefined for undefined or a function, as its specification says.
  const text: string | undefined = JSON.stringify(isCanonical(value) ? value : sortedCopy(value, ''));
  return text;
}
