// The pull cursor: the last invoice read, by (write_date, id), so a page resumes exactly after it even
// when several invoices share a timestamp; and how far the statement of periods and rates has gone
// (reference-feed.ts). Opaque to callers: base64url of a small JSON object. A version 1 cursor (invoices
// only, from before periods and rates were read) is still understood: they are then stated from the start.
import type { ReferenceCursor } from './reference-feed.ts';

export interface InvoiceCursor {
  /** RFC 3339 instant (UTC) of the invoice's write_date. */
  readonly at: string;
  readonly id: number;
}

export interface SourceCursor {
  readonly invoices?: InvoiceCursor;
  readonly reference?: ReferenceCursor;
}

export function encodeCursor(cursor: SourceCursor): string {
  const { invoices, reference } = cursor;
  return Buffer.from(
    JSON.stringify({
      v: 2,
      ...(invoices && { at: invoices.at, id: invoices.id }),
      ...(reference && { mark: reference.mark, next: reference.next }),
    }),
  ).toString('base64url');
}

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

export function decodeCursor(text: string): SourceCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const v = value as { v?: unknown; at?: unknown; id?: unknown; mark?: unknown; next?: unknown } | undefined;
  const bad = () => new RangeError(`not a Tryton cursor: "${text}"`);
  if (v?.v !== 1 && v?.v !== 2) throw bad();
  let invoices: InvoiceCursor | undefined;
  if (v.at !== undefined || v.v === 1) {
    if (typeof v.at !== 'string' || !isInteger(v.id)) throw bad();
    invoices = { at: v.at, id: v.id };
  }
  let reference: ReferenceCursor | undefined;
  if (v.v === 2 && v.mark !== undefined) {
    if (typeof v.mark !== 'string' || !(v.next === null || (isInteger(v.next) && v.next >= 0))) throw bad();
    reference = { mark: v.mark, next: v.next };
  }
  return { ...(invoices && { invoices }), ...(reference && { reference }) };
}
