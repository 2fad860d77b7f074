// Xero's descriptions put keywords beside a `$ref`, e.g.
//   LineAmountTypes: { $ref: '#/components/schemas/LineAmountTypes', type: string }
// In OpenAPI 3.0 a Reference Object has no other fields ("This object cannot be extended with additional
// properties and any properties added SHALL be ignored"), so the document fails the 3.0 meta-schema. The
// siblings are dropped, which is exactly how a conforming 3.0 reader must read them; the `$ref` (an enum
// or object schema) keeps all the constraint.

export function dropRefSiblings(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(dropRefSiblings);
  if (typeof node !== 'object' || node === null) return node;
  const o = node as Record<string, unknown>;
  if (typeof o['$ref'] === 'string') return { $ref: o['$ref'] };
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, dropRefSiblings(v)]));
}
