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

/** `root` with the values at `path` replaced by what `visit` answers (undefined leaves a value), copying
 * only the objects and arrays on the way to a replaced value: the caller's document is never changed, and
 * the rest of it is shared rather than cloned. */
export function replacedAt(
  root: unknown,
  path: readonly string[],
  visit: (value: unknown, at: string) => unknown,
  at = '',
): unknown {
  const [head, ...rest] = path;
  if (head === undefined || root === null || typeof root !== 'object') return root;
  const step = (value: unknown, name: string): unknown => {
    const here = at === '' ? name : `${at}.${name}`;
    if (rest.length > 0) return replacedAt(value, rest, visit, here);
    const next = visit(value, here);
    return next === undefined ? value : next;
  };
  if (head === '*') {
    if (!Array.isArray(root)) return root;
    const items = root as readonly unknown[];
    let copy: unknown[] | undefined;
    items.forEach((item, index) => {
      const next = step(item, String(index));
      if (next !== item) (copy ??= [...items])[index] = next;
    });
    return copy ?? root;
  }
  const record = root as Record<string, unknown>;
  if (!Object.hasOwn(record, head)) return root;
  const next = step(record[head], head);
  return next === record[head] ? root : { ...record, [head]: next };
}
