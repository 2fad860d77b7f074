// Xero's `where` filter, the part the connectors use: `Field=="value"` terms joined by AND.

export type Where = readonly (readonly [field: string, value: string])[];

export function parseWhere(text: string | null): Where {
  if (text === null || text.trim() === '') return [];
  return text.split(/\s+AND\s+/).map((term) => {
    const m = /^\s*([A-Za-z.]+)\s*==\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(term);
    if (!m) throw new Error(`the mock does not understand the where term ${term}`);
    return [m[1] ?? '', (m[2] ?? '').replace(/\\"/g, '"')] as const;
  });
}

export function matches(record: Readonly<Record<string, unknown>>, where: Where): boolean {
  return where.every(([field, value]) => {
    const actual = field
      .split('.')
      .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], record);
    return actual === value;
  });
}
