// Tryton as a source. First the company's accounting periods and the currency rates into its currency
// (reference-feed.ts): AccountingPeriodChanged and FxRatePublished, whenever they changed. Then customer
// invoices past draft, read incrementally by (write_date, id): InvoiceIssued (and PaymentReceived per
// payment line). Every event is checked against the contract before it leaves.
// Tryton has no change feed and no webhooks: a posted, paid or cancelled invoice is written, which moves
// its write_date past the cursor, so polling sees every state change.
// Invoices of projects Ledgerline did not provision (no canonical id on the work) are skipped; invoices
// that cannot be mapped are reported and skipped; the cursor moves past both.
import type { Static, TSchema } from '@sinclair/typebox';
import { type CanonicalEvent } from '../../contracts/index.ts';
import { checkCanonical } from '../kit/check-canonical.ts';
import type { IncomingWebhook, PulledPage, SourceMemory, WebhookOutcome } from '../kit/connector.ts';
import { SourceRequestRejectedError, SourceUnavailableError } from '../kit/source-errors.ts';
import { fromDate, fromDateTime, toDateTime } from './codec.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { mapInvoice, type InvoiceContext } from './map-invoice.ts';
import { readWorks } from './projects.ts';
import { referencePage } from './reference-feed.ts';
import {
  IdentifierRow,
  InvoiceLineRow,
  InvoiceRow,
  LineRow,
  MoveLineRow,
  rows,
  TimesheetWorkRow,
  type WorkRow,
} from './records.ts';
import { projectIdOfComment, timeEntryIdOfLine } from './refs.ts';
import { failureOf } from './results.ts';
import type { Books } from './setup.ts';

const INVOICE_FIELDS = [
  'number',
  'state',
  'type',
  'party',
  'invoice_date',
  'currency.code',
  'untaxed_amount',
  'tax_amount',
  'total_amount',
  'amount_to_pay',
  'lines',
  'lines_to_pay',
  'payment_lines',
  'write_date',
];
const CUSTOMER = /^customer:[A-Za-z0-9._-]+:[A-Za-z0-9._/-]+$/;
const MAX_PAGE = 200;

/** `read` of these ids, checked row by row against `schema`; no call for no ids. */
async function readIds<S extends TSchema>(
  books: Books,
  schema: S,
  model: string,
  ids: readonly number[],
  fields: readonly string[],
): Promise<Static<S>[]> {
  if (ids.length === 0) return [];
  return books.rpc.modelChecked(rows(schema), model, 'read', [...ids], [...fields]);
}

/** The canonical project id of each timesheet work (through its project work, or that task's parent). */
async function projectsOfTimesheetWorks(books: Books, tworkIds: number[]): Promise<Map<number, string>> {
  const tworks = await readIds(books, TimesheetWorkRow, 'timesheet.work', tworkIds, ['origin']);
  const origin = new Map<number, number>();
  for (const t of tworks) {
    const match = /^project\.work,([0-9]+)$/.exec(t.origin ?? '');
    if (match) origin.set(t.id, Number(match[1]));
  }
  const works = new Map((await readWorks(books, [...new Set(origin.values())])).map((w) => [w.id, w]));
  const parentIds = [...works.values()].flatMap((w) =>
    w.type === 'task' && w.parent !== null ? [w.parent] : [],
  );
  const parents = new Map((await readWorks(books, [...new Set(parentIds)])).map((w) => [w.id, w]));
  const projectOf = (w: WorkRow | undefined): WorkRow | undefined =>
    w?.type === 'project' ? w : w?.parent == null ? undefined : parents.get(w.parent);
  const result = new Map<number, string>();
  for (const [twork, workId] of origin) {
    const id = projectIdOfComment(projectOf(works.get(workId))?.comment ?? null);
    if (id !== undefined) result.set(twork, id);
  }
  return result;
}

async function contexts(books: Books, invoices: readonly InvoiceRow[]): Promise<Map<number, InvoiceContext>> {
  const lineIds = invoices.flatMap((i) => i.lines);
  const lines = await readIds(books, InvoiceLineRow, 'account.invoice.line', lineIds, [
    'type',
    'description',
    'quantity',
    'unit_price',
    'amount',
    'taxes',
  ]);
  const timesheet =
    lineIds.length === 0
      ? []
      : await books.rpc.modelChecked(
          rows(LineRow),
          'timesheet.line',
          'search_read',
          [['invoice_line', 'in', lineIds]],
          0,
          null,
          [['id', 'ASC']],
          ['uuid', 'description', 'work', 'employee', 'date', 'duration', 'cost_price', 'invoice_line'],
        );
  const projectByTwork = await projectsOfTimesheetWorks(books, [...new Set(timesheet.map((l) => l.work))]);
  const entries = new Map<number, string[]>();
  const projectByLine = new Map<number, string>();
  for (const t of timesheet) {
    if (t.invoice_line === null) continue;
    const entry = timeEntryIdOfLine(t);
    if (entry !== undefined) entries.set(t.invoice_line, [...(entries.get(t.invoice_line) ?? []), entry]);
    const project = projectByTwork.get(t.work);
    if (project !== undefined) projectByLine.set(t.invoice_line, project);
  }
  const identifiers = await books.rpc.modelChecked(
    rows(IdentifierRow),
    'party.identifier',
    'search_read',
    [['party', 'in', [...new Set(invoices.map((i) => i.party))]]],
    0,
    null,
    [['id', 'ASC']],
    ['code', 'party'],
  );
  const moveIds = invoices.flatMap((i) => [...i.lines_to_pay, ...i.payment_lines]);
  const moves = new Map(
    (
      await readIds(
        books,
        MoveLineRow,
        'account.move.line',
        [...new Set(moveIds)],
        ['date', 'debit', 'credit', 'maturity_date', 'description'],
      )
    ).map((m) => [m.id, m]),
  );
  const result = new Map<number, InvoiceContext>();
  for (const invoice of invoices) {
    const projectId = invoice.lines.map((l) => projectByLine.get(l)).find((p) => p !== undefined);
    const customerId = identifiers.find((i) => i.party === invoice.party && CUSTOMER.test(i.code))?.code;
    if (projectId === undefined || customerId === undefined) continue;
    const due = invoice.lines_to_pay
      .map((id) => moves.get(id)?.maturity_date)
      .flatMap((d) => (d == null ? [] : [fromDate(d)]))
      .sort()[0];
    result.set(invoice.id, {
      projectId,
      customerId,
      lines: lines.filter((l) => invoice.lines.includes(l.id)),
      timeEntries: entries,
      dueDate: due,
      payments: invoice.payment_lines.flatMap((id) => moves.get(id) ?? []),
    });
  }
  return result;
}

function sourceError(error: unknown): Error {
  const failure = failureOf(error);
  if (failure.retryable)
    return new SourceUnavailableError(
      failure.reasonCode === 'tryton.unreachable'
        ? 'source.unreachable'
        : failure.reasonCode === 'tryton.rate_limited'
          ? 'source.rate_limited'
          : 'source.unavailable',
      failure.message,
      failure.retryAfterMs,
      undefined,
    );
  return failure.reasonCode === 'tryton.unauthorized'
    ? new SourceRequestRejectedError(failure.message, 401, 'source.unauthorized')
    : new SourceRequestRejectedError(`${failure.reasonCode}: ${failure.message}`, 400);
}

export function createTrytonSource(
  books: () => Promise<Books>,
  memory: SourceMemory | undefined,
  report: (message: string) => void,
) {
  return {
    async pull(cursor: string | undefined, limit: number): Promise<PulledPage> {
      const start = cursor === undefined ? {} : decodeCursor(cursor);
      if (!Number.isInteger(limit) || limit < 1)
        throw new RangeError(`limit must be a positive integer: ${limit}`);
      try {
        const b = await books();
        // Periods and rates first: a page of them, and the invoices on the next pull.
        const reference = await referencePage(b, memory, start.reference, limit, report);
        if (reference !== undefined)
          return {
            events: reference.events,
            remember: reference.remember,
            nextCursor: encodeCursor({ ...start, reference: reference.cursor }),
            hasMore: true,
          };
        const after = start.invoices;
        const since =
          after === undefined
            ? []
            : [
                [
                  'OR',
                  [['write_date', '>', toDateTime(after.at)]],
                  [
                    ['write_date', '=', toDateTime(after.at)],
                    ['id', '>', after.id],
                  ],
                ],
              ];
        const page = await b.rpc.modelChecked(
          rows(InvoiceRow),
          'account.invoice',
          'search_read',
          [
            ['type', '=', 'out'],
            ['company', '=', b.company],
            ['state', 'in', ['posted', 'paid', 'cancelled']],
            ['write_date', '!=', null],
            ...since,
          ],
          0,
          Math.min(limit, MAX_PAGE),
          [
            ['write_date', 'ASC'],
            ['id', 'ASC'],
          ],
          INVOICE_FIELDS,
        );
        const found = await contexts(b, page);
        const events: CanonicalEvent[] = [];
        for (const invoice of page) {
          const context = found.get(invoice.id);
          if (context === undefined) continue; // not a project Ledgerline provisioned
          const mapped = mapInvoice(invoice, context, b.system, b.legalEntityId);
          if (!mapped.ok) {
            if (invoice.state !== 'cancelled') report(mapped.message);
            continue;
          }
          for (const event of mapped.events) {
            const checked = checkCanonical(event, `Tryton invoice ${invoice.id}`);
            if (checked.ok && checked.event) events.push(checked.event);
            else if (!checked.ok) report(checked.message);
          }
        }
        const last = page.at(-1);
        return {
          events,
          nextCursor:
            last === undefined
              ? undefined
              : encodeCursor({ ...start, invoices: { at: fromDateTime(last.write_date), id: last.id } }),
          hasMore: page.length === Math.min(limit, MAX_PAGE),
        };
      } catch (error) {
        throw sourceError(error);
      }
    },

    receiveWebhook(_webhook: IncomingWebhook): WebhookOutcome {
      return {
        ok: false,
        status: 422,
        reasonCode: 'webhook.not_supported',
        message: 'Tryton sends no webhooks; its invoices are read by polling (pull)',
      };
    },
  };
}
