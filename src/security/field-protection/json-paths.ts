// Visiting the values at schema-derived paths (`*` = every array item) in a parsed JSON document.

/** Calls `visit` with each value found at `path` and the concrete path to it (array indexes filled in);
 * what `visit` answers replaces the value (undefined leaves it). Mutates `root`'s copies only: callers
 * pass a freshly parsed document. */
export function rewriteAt(
  root: unknown,
  path: readonly string[],
  visit: (value: unknown, at: string) => unknown,
  at: readonly string[] = [],
): void {
  const [head, ...rest] = path;
  if (head === undefined || root === null || typeof root !== 'object') return;
  if (head === '*') {
    if (!Array.isArray(root)) return;
    root.forEach((item: unknown, index) => {
      if (rest.length === 0) {
        const next = visit(item, [...at, String(index)].join('.'));
        if (next !== undefined) root[index] = next;
      } else rewriteAt(item, rest, visit, [...at, String(index)]);
    });
    return;
  }
  const record = root as Record<string, unknown>;
  if (!Object.hasOwn(record, head)) return;
  if (rest.length === 0) {
    const next = visit(record[head], [...at, head].join('.'));
    if (next !== undefined) record[head] = next;
  } else rewriteAt(record[head], rest, visit, [...at, head]);
}

/** Replaces every value anywhere in the document for which `match` holds, passing its dotted path. */
export function rewriteMatching(
  root: unknown,
  match: (value: unknown) => boolean,
  replace: (value: unknown, at: string) => unknown,
  at: readonly string[] = [],
): unknown {
  if (match(root)) return replace(root, at.join('.'));
  if (Array.isArray(root)) {
    root.forEach((item: unknown, i) => {
      root[i] = rewriteMatching(item, match, replace, [...at, String(i)]);
    });
  } else if (root !== null && typeof root === 'object') {
    const record = root as Record<string, unknown>;
    for (const key of Object.keys(record))
      record[key] = rewriteMatching(record[key], match, replace, [...at, key]);
  }
  return root;
}
