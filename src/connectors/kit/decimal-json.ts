// JSON whose numbers are decimals. Vendors such as Xero and Harvest put money in JSON numbers; a JS
// number would round it, so numbers are read as decimal strings and written from decimal strings,
// never passing through a float.

const SENTINEL = '\u0000decimal:';
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A decimal string that is to be written as a JSON number. */
export class JsonDecimal {
  constructor(readonly text: string) {
    if (!DECIMAL.test(text)) throw new RangeError(`not a decimal: "${text}"`);
  }
  toJSON(): string {
    return `${SENTINEL}${this.text}`;
  }
}

export function jsonNumber(text: string): JsonDecimal {
  return new JsonDecimal(text);
}

/** JSON.stringify, with every JsonDecimal written as a bare number. */
export function stringifyWithDecimals(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0000decimal:(-?\d+(?:\.\d+)?)"/g, '$1');
}

/**
 * JSON.parse, with every number kept as the decimal string it was written as (exponents are expanded
 * only when integral: they do not occur in the vendors' money).
 */
export function parseWithDecimals(text: string): unknown {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === '"') {
      // Copy a string verbatim, escapes included.
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
      const literal = match?.[0] ?? c;
      out += `"${literal}"`;
      i += literal.length;
    } else {
      out += c;
      i += 1;
    }
  }
  return JSON.parse(out) as unknown;
}
