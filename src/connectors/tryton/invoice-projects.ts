// Tryton's own project invoicing (the "Invoice" button of a project, `project.work.invoice`): one draft
// customer invoice per project with one line per rate task, every invoiced timesheet line linked to its
// invoice line. Posting assigns the number and makes the invoice visible to `pull`; Tryton refuses it when
// the invoice date's period is closed (`period_closed`, the drafts stay for finance).
import { Type } from '@sinclair/typebox';
import { fromDecimal, moneyAmount, WireDecimal } from './codec.ts';
import { asPeriodClosed } from './periods.ts';
import { readProjects } from './projects.ts';
import { Ids, rows } from './records.ts';
import { TrytonCallError } from './rpc-failure.ts';
import type { Books } from './setup.ts';

export interface CreatedInvoice {
  readonly externalId: string;
  readonly number: string | undefined;
  readonly state: string;
  readonly total: string;
}

const ToInvoice = Type.Object({
  id: Type.Integer(),
  amount_to_invoice: Type.Union([WireDecimal, Type.Null()]),
});
const Created = Type.Object({
  id: Type.Integer(),
  number: Type.Union([Type.String(), Type.Null()]),
  state: Type.String(),
  total_amount: WireDecimal,
});

async function projectIds(books: Books, externalIds: readonly string[] | undefined): Promise<number[]> {
  if (externalIds === undefined)
    return books.rpc.modelChecked(
      Ids,
      'project.work',
      'search',
      [
        ['type', '=', 'project'],
        ['company', '=', books.company],
        ['project_invoice_method', '=', 'timesheet'],
      ],
      0,
      null,
      [['id', 'ASC']],
    );
  const found = await readProjects(books, externalIds);
  const missing = externalIds.filter((id) => !found.has(id));
  if (missing.length > 0)
    throw new TrytonCallError({
      retryable: false,
      reasonCode: 'tryton.project_not_found',
      message: `no Tryton project work ${missing.join(', ')}`,
    });
  return [...found.values()].map((w) => w.id);
}

export async function invoiceProjects(
  books: Books,
  options: { readonly projectExternalIds?: readonly string[]; readonly post: boolean },
): Promise<CreatedInvoice[]> {
  const candidates = await projectIds(books, options.projectExternalIds);
  if (candidates.length === 0) return [];
  const amounts = await books.rpc.modelChecked(rows(ToInvoice), 'project.work', 'read', candidates, [
    'amount_to_invoice',
  ]);
  const due = amounts
    .filter((w) => w.amount_to_invoice !== null && !/^(-|0$)/.test(fromDecimal(w.amount_to_invoice)))
    .map((w) => w.id);
  if (due.length === 0) return [];
  const [last] = await books.rpc.modelChecked(Ids, 'account.invoice', 'search', [], 0, 1, [['id', 'DESC']]);
  await books.rpc.model('project.work', 'invoice', due);
  // The button answers nothing; what it made are the company's customer invoices created since.
  const created = await books.rpc.modelChecked(
    Ids,
    'account.invoice',
    'search',
    [
      ['id', '>', last ?? 0],
      ['type', '=', 'out'],
      ['company', '=', books.company],
    ],
    0,
    null,
    [['id', 'ASC']],
  );
  if (options.post && created.length > 0)
    // Posting makes the accounting move: into a closed period Tryton refuses (`period_closed`).
    await books.rpc.model('account.invoice', 'post', created).catch(async (error: unknown) => {
      throw await asPeriodClosed(books, error);
    });
  const read = await books.rpc.modelChecked(rows(Created), 'account.invoice', 'read', created, [
    'number',
    'state',
    'total_amount',
  ]);
  return read.map((i) => ({
    externalId: String(i.id),
    number: i.number ?? undefined,
    state: i.state,
    total: moneyAmount(fromDecimal(i.total_amount)),
  }));
}
