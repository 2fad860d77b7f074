// Not a defect patch: Xero Accounting's description has some 250 operations and compiling validators for
// all of them takes over a minute. Only the operations a connector calls are kept. This is stricter, not
// looser: a request to any operation left out matches nothing and is recorded as a contract violation.

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];

export function keepOperations(
  doc: Record<string, unknown>,
  operationIds: ReadonlySet<string>,
): Record<string, unknown> {
  const paths = (doc['paths'] ?? {}) as Record<string, Record<string, unknown>>;
  const kept: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(paths)) {
    const ops = Object.fromEntries(
      Object.entries(item).filter(
        ([k, v]) =>
          !METHODS.includes(k) || operationIds.has((v as { operationId?: string }).operationId ?? ''),
      ),
    );
    if (Object.keys(ops).some((k) => METHODS.includes(k))) kept[path] = ops;
  }
  const missing = [...operationIds].filter(
    (id) =>
      !Object.values(kept).some((item) =>
        Object.values(item).some((op) => (op as { operationId?: string }).operationId === id),
      ),
  );
  if (missing.length > 0) throw new Error(`operations not in the description: ${missing.join(', ')}`);
  return { ...doc, paths: kept };
}
