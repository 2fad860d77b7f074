// Timesheet lines by time entry: the line's `uuid` is the canonical time entry id (Tryton keeps it unique),
// so one search finds every line a batch may already have booked.
import { LineRow, rows } from './records.ts';
import type { Books } from './setup.ts';

export const LINE_FIELDS = [
  'uuid',
  'description',
  'work',
  'employee',
  'date',
  'duration',
  'cost_price',
  'invoice_line',
] as const;

export async function linesByEntry(
  books: Books,
  timeEntryIds: readonly string[],
): Promise<Map<string, LineRow>> {
  const ids = [...new Set(timeEntryIds)];
  if (ids.length === 0) return new Map();
  const found = await books.rpc.modelChecked(
    rows(LineRow),
    'timesheet.line',
    'search_read',
    [['uuid', 'in', ids]],
    0,
    null,
    [['id', 'ASC']],
    [...LINE_FIELDS],
  );
  return new Map(found.flatMap((line) => (line.uuid === null ? [] : [[line.uuid, line] as const])));
}

export async function readLines(books: Books, ids: readonly number[]): Promise<LineRow[]> {
  if (ids.length === 0) return [];
  return books.rpc.modelChecked(rows(LineRow), 'timesheet.line', 'read', [...ids], [...LINE_FIELDS]);
}

export const alreadyInvoiced = (timeEntryId: string, line: LineRow) =>
  `time entry ${timeEntryId} is on Tryton timesheet line ${line.id}, already invoiced (invoice line ${String(line.invoice_line)}): a correction needs a credit note in Tryton`;
