// Where two JSON payloads differ, one line per differing leaf, for a reader to see what changed. Two texts
// that parse alike but differ byte for byte (key order, spacing) are reported as such.
function walk(path: string, stored: unknown, derived: unknown, out: string[]): void {
  if (
    stored !== null &&
    derived !== null &&
    typeof stored === 'object' &&
    typeof derived === 'object' &&
    Array.isArray(stored) === Array.isArray(derived)
  ) {
    const a = stored as Record<string, unknown>;
    const b = derived as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) {
      const next = Array.isArray(stored) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
      walk(next, a[key], b[key], out);
    }
    return;
  }
  if (JSON.stringify(stored) !== JSON.stringify(derived))
    out.push(
      `${path === '' ? '(payload)' : path}: stored ${JSON.stringify(stored) ?? '(absent)'}, derived ${JSON.stringify(derived) ?? '(absent)'}`,
    );
}

export function payloadDifferences(stored: string, derived: string): string[] {
  const out: string[] = [];
  let a: unknown;
  let b: unknown;
  try {
    a = JSON.parse(stored);
    b = JSON.parse(derived);
  } catch {
    return ['the stored payload is not JSON'];
  }
  walk('commands', a, b, out);
  if (out.length === 0 && stored !== derived)
    out.push('the same values, but not the same bytes (key order or spacing)');
  return out;
}
