// withdrawPostedTime deletes the entry's timesheet line. Nothing to delete is success (replayed); an
// invoiced line stays: Tryton refuses to delete it and the correction is a credit note.
import type { WithdrawPostedTime } from '../kit/commands.ts';
import type { PushResult } from '../kit/connector.ts';
import { alreadyInvoiced, linesByEntry } from './lines.ts';
import { ok, reject } from './results.ts';
import type { Books } from './setup.ts';

export async function withdrawPostedTime(books: Books, command: WithdrawPostedTime): Promise<PushResult> {
  const line = (await linesByEntry(books, [command.timeEntryId])).get(command.timeEntryId);
  if (line === undefined) return ok(command.timeEntryId, true);
  if (line.invoice_line !== null)
    return reject('correction.already_invoiced', alreadyInvoiced(command.timeEntryId, line));
  await books.rpc.model('timesheet.line', 'delete', [line.id]);
  return ok(String(line.id), false);
}
