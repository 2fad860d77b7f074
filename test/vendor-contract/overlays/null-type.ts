// The community Harvest description (an OpenAPI 3.0.1 document) writes nullable references as
//   { nullable: true, anyOf: [{ $ref: ... }, { type: 'null' }] }
// `type: 'null'` does not exist in OpenAPI 3.0 (its types are those of JSON Schema draft 4 minus null),
// and `nullable` without a `type` means nothing, so validators refuse the document. The meaning is "this
// object, or null"; the patch says exactly that in 3.0 terms: `anyOf: [<the $ref>, { enum: [null] }]`.

export function patchNullType(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(patchNullType);
  if (typeof node !== 'object' || node === null) return node;
  const o = node as Record<string, unknown>;
  const anyOf = o['anyOf'];
  if (Array.isArray(anyOf) && anyOf.some(isNullType)) {
    const { nullable: _nullable, ...rest } = o;
    return patchNullType({
      ...rest,
      anyOf: anyOf.map((s: unknown) => (isNullType(s) ? { enum: [null] } : s)),
    });
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, patchNullType(v)]));
}

function isNullType(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type === 'null';
}
