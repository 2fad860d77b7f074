// Xero Accounting as a source: approved sales invoices, then customer payments, each read by
// If-Modified-Since and Xero's `page`/`pageSize` in update order. The cursor keeps, per kind, the newest
// update already read and the page within the current pass; records updated at that instant are read
// again and come back under the same event ids (the intake drops them).
import { collectEvents } from '../kit/collect-events.ts';
import type { PulledPage } from '../kit/connector.ts';
import { SourceRequestRejectedError } from '../kit/source-errors.ts';
import { sourceBodyOf } from '../kit/source-outcome.ts';
import type { XeroHttp } from './client/xero-http.ts';
import { invoiceEvent, paymentEvent, type Mapped } from './map-events.ts';
import { parseInvoices, parsePayments } from './vendor/wire.ts';

interface Cursor {
  readonly phase: 'invoices' | 'payments';
  readonly page: number;
  /** Newest update (ms) read in earlier passes, per kind. */
  readonly since: { readonly invoices: number; readonly payments: number };
  /** Newest update read so far in this pass. */
  readonly newest: number;
}

const START: Cursor = { phase: 'invoices', page: 1, since: { invoices: 0, payments: 0 }, newest: 0 };

function decode(cursor: string | undefined): Cursor {
  if (cursor === undefined) return START;
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if ((c.phase === 'invoices' || c.phase === 'payments') && Number.isInteger(c.page) && c.page >= 1)
      return c;
  } catch {
    // fall through
  }
  throw new SourceRequestRejectedError(`not a Xero cursor: ${cursor}`, 400);
}

function encode(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export interface XeroSourceOptions {
  readonly system: string;
  readonly legalEntityId: string;
  readonly onSkipped: (message: string) => void;
}

export async function pullXero(
  http: XeroHttp,
  options: XeroSourceOptions,
  cursorText: string | undefined,
  limit: number,
): Promise<PulledPage> {
  const cursor = decode(cursorText);
  // Xero's pageSize is 1 to 1000.
  const pageSize = Math.min(Math.max(1, limit), 1000);
  const invoices = cursor.phase === 'invoices';
  const since = invoices ? cursor.since.invoices : cursor.since.payments;
  const outcome = await http.send({
    method: 'GET',
    path: invoices ? '/Invoices' : '/Payments',
    query: {
      where: invoices ? 'Type=="ACCREC"' : 'PaymentType=="ACCRECPAYMENT"',
      ...(invoices ? { Statuses: 'AUTHORISED,PAID,VOIDED' } : {}),
      order: 'UpdatedDateUTC ASC',
      page: String(cursor.page),
      pageSize: String(pageSize),
    },
    ...(since > 0 ? { ifModifiedSince: new Date(since).toISOString() } : {}),
  });
  const body = sourceBodyOf(outcome, 'xero', 401);
  let updated: number[];
  let mapped: Mapped[];
  if (invoices) {
    const list = parseInvoices(body);
    updated = list.map((r) => r.updatedMs);
    mapped = list.map((i) => invoiceEvent(i, options.system, options.legalEntityId));
  } else {
    const list = parsePayments(body);
    updated = list.map((r) => r.updatedMs);
    mapped = list.map((p) => paymentEvent(p, options.system));
  }
  const events = collectEvents(mapped, options.onSkipped);
  const newest = Math.max(cursor.newest, ...updated);
  let next: Cursor;
  let hasMore = true;
  if (updated.length >= pageSize) next = { ...cursor, page: cursor.page + 1, newest };
  else if (invoices)
    next = {
      phase: 'payments',
      page: 1,
      since: { ...cursor.since, invoices: Math.max(since, newest) },
      newest: 0,
    };
  else {
    next = {
      phase: 'invoices',
      page: 1,
      since: { ...cursor.since, payments: Math.max(since, newest) },
      newest: 0,
    };
    hasMore = false;
  }
  return { events, nextCursor: encode(next), hasMore };
}
