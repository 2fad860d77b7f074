// The pull cursor: the last invoice read, by (write_date, id), so a page resumes exactly after it even
// when several invoices share a timestamp. Opaque to callers: base64url of a small JSON object.
export interface InvoiceCursor {
  /** RFC 3339 instant (UTC) of the invoice's write_date. */
  readonly at: string;
  readonly id: number;
}

export function encodeCursor(cursor: InvoiceCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, at: cursor.at, id: cursor.id })).toString('base64url');
}

export function decodeCursor(text: string): InvoiceCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const v = value as { v?: unknown; at?: unknown; id?: unknown } | undefined;
  if (v?.v !== 1 || typeof v.at !== 'string' || typeof v.id !== 'number' || !Number.isInteger(v.id))
    throw new RangeError(`not a Tryton invoice cursor: "${text}"`);
  return { at: v.at, id: v.id };
}
