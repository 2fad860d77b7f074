// Canonical commands into Xero Accounting. A project's customer is a Contact (ContactNumber = the
// canonical customer id); its billable time and rebilled expenses are lines of the project's one DRAFT
// sales invoice (Reference = the canonical project id), which finance reviews and approves in Xero; a time
// cost is a manual journal when cost accounts are configured (Xero has no project cost ledger).
import type {
  PostBillableLine,
  PostCost,
  PostExpense,
  ProvisionProject,
  TargetCommand,
} from '../kit/commands.ts';
import type { PushResult } from '../kit/connector.ts';
import { jsonNumber } from '../kit/decimal-json.ts';
import { bodyOrRefusal, pushInOrder } from '../kit/push-in-order.ts';
import { negateAmount } from '../../domain/money.ts';
import type { XeroHttp } from './client/xero-http.ts';
import { keyOf, marker, whereEquals } from './markers.ts';
import {
  parseContacts,
  parseInvoices,
  XeroPayloadError,
  type XeroContact,
  type XeroInvoice,
  type XeroLine,
} from './vendor/wire.ts';

export interface XeroPushSettings {
  /** Revenue account of time and rebilled expenses, e.g. "200" (Sales). */
  readonly salesAccountCode: string;
  /** Xero TaxType per Ledgerline tax code; a line without a mapped code takes the account's default. */
  readonly taxTypes: Readonly<Record<string, string>>;
  /** Accounts of the cost journal; without them a cost posting is refused. */
  readonly costJournal: { readonly debitAccountCode: string; readonly creditAccountCode: string } | undefined;
}

async function call(http: XeroHttp, request: Parameters<XeroHttp['send']>[0]): Promise<unknown> {
  return bodyOrRefusal(await http.send(request));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A customer named by a Xero contact id (a Xero Projects project of the same organisation): that contact,
 * when the organisation has it.
 */
async function organisationContact(http: XeroHttp, customerId: string): Promise<XeroContact | undefined> {
  const nativeId = customerId.split(':')[2] ?? '';
  if (!UUID.test(nativeId)) return undefined;
  return parseContacts(await call(http, { method: 'GET', path: '/Contacts', query: { IDs: nativeId } }))[0];
}

async function provisionProject(http: XeroHttp, command: ProvisionProject): Promise<PushResult> {
  const { project } = command;
  if (project.customerId === undefined)
    return {
      outcome: 'reject',
      reasonCode: 'xero.customer_missing',
      message: `project ${project.id} has no customer`,
    };
  const found = parseContacts(
    await call(http, {
      method: 'GET',
      path: '/Contacts',
      query: { where: whereEquals('ContactNumber', project.customerId) },
    }),
  );
  const existing = found[0] ?? (await organisationContact(http, project.customerId));
  if (existing) return { outcome: 'ok', externalId: existing.ContactID, replayed: true };
  const created = parseContacts(
    await call(http, {
      method: 'PUT',
      path: '/Contacts',
      idempotencyKey: command.idempotencyKey,
      body: {
        Contacts: [
          {
            Name: project.customerName ?? project.customerId,
            ContactNumber: project.customerId,
            DefaultCurrency: project.currency,
          },
        ],
      },
    }),
  );
  const contact = created[0];
  if (!contact) throw new XeroPayloadError('PUT /Contacts answered no contact');
  return { outcome: 'ok', externalId: contact.ContactID, replayed: false };
}

interface NewLine {
  readonly key: string;
  readonly projectId: string;
  readonly contactId: string;
  readonly currency: string;
  readonly date: string;
  readonly description: string;
  readonly quantity: string;
  readonly unitAmount: string;
  readonly taxCode: string | undefined;
}

function wireLine(line: XeroLine): Record<string, unknown> {
  return {
    ...(line.LineItemID === undefined ? {} : { LineItemID: line.LineItemID }),
    Description: line.Description,
    Quantity: jsonNumber(line.Quantity),
    UnitAmount: jsonNumber(line.UnitAmount),
    ...(line.AccountCode === undefined ? {} : { AccountCode: line.AccountCode }),
    ...(line.TaxType === undefined ? {} : { TaxType: line.TaxType }),
  };
}

function lineIdOf(invoice: XeroInvoice, key: string): string | undefined {
  const line = invoice.LineItems.find((l) => keyOf(l.Description) === key);
  return line === undefined ? undefined : `${invoice.InvoiceID}/${line.LineItemID ?? key}`;
}

async function addLine(http: XeroHttp, settings: XeroPushSettings, line: NewLine): Promise<PushResult> {
  // Every invoice of the project, whatever its status: a line already approved is still a replay.
  const invoices = parseInvoices(
    await call(http, {
      method: 'GET',
      path: '/Invoices',
      query: { where: `Type=="ACCREC" AND ${whereEquals('Reference', line.projectId)}` },
    }),
  );
  for (const invoice of invoices) {
    const id = lineIdOf(invoice, line.key);
    if (id !== undefined) return { outcome: 'ok', externalId: id, replayed: true };
  }
  const taxType = line.taxCode === undefined ? undefined : settings.taxTypes[line.taxCode];
  const added = {
    Description: `${line.description} ${marker(line.key)}`,
    Quantity: jsonNumber(line.quantity),
    UnitAmount: jsonNumber(line.unitAmount),
    AccountCode: settings.salesAccountCode,
    ...(taxType === undefined ? {} : { TaxType: taxType }),
  };
  const draft = invoices.find((i) => i.Status === 'DRAFT' && i.CurrencyCode === line.currency);
  const answer = draft
    ? await call(http, {
        method: 'POST',
        path: `/Invoices/${encodeURIComponent(draft.InvoiceID)}`,
        idempotencyKey: line.key,
        // Xero replaces the line items of an invoice it is sent: the existing ones go with the new one.
        body: {
          Invoices: [{ InvoiceID: draft.InvoiceID, LineItems: [...draft.LineItems.map(wireLine), added] }],
        },
      })
    : await call(http, {
        method: 'PUT',
        path: '/Invoices',
        idempotencyKey: line.key,
        body: {
          Invoices: [
            {
              Type: 'ACCREC',
              Contact: { ContactID: line.contactId },
              Reference: line.projectId,
              CurrencyCode: line.currency,
              Date: line.date,
              LineAmountTypes: 'Exclusive',
              Status: 'DRAFT',
              LineItems: [added],
            },
          ],
        },
      });
  const [invoice] = parseInvoices(answer);
  const id = invoice === undefined ? undefined : lineIdOf(invoice, line.key);
  if (id === undefined) throw new XeroPayloadError(`Xero's answer does not hold the line ${line.key}`);
  return { outcome: 'ok', externalId: id, replayed: false };
}

function billableLine(command: PostBillableLine): NewLine {
  return {
    key: command.idempotencyKey,
    projectId: command.projectId,
    contactId: command.projectExternalId,
    currency: command.rate.currency,
    date: command.booking?.postingDate ?? command.workDate,
    description: `${command.description} (${command.workDate}, ${command.resourceId})`,
    quantity: command.hours,
    unitAmount: command.rate.amount,
    taxCode: command.tax?.code,
  };
}

function expenseLine(command: PostExpense): NewLine {
  const { expense } = command;
  return {
    key: command.idempotencyKey,
    projectId: expense.projectId,
    contactId: command.projectExternalId,
    currency: expense.amount.currency,
    date: command.booking?.postingDate ?? expense.incurredDate,
    description: `${expense.description} (${expense.category}, ${expense.incurredDate})`,
    quantity: '1',
    unitAmount: expense.amount.amount,
    taxCode: undefined,
  };
}

interface JournalEntry {
  readonly key: string;
  readonly narration: string;
  readonly date: string;
  readonly amount: string;
  readonly kind: string;
}

/** A cost (time, or an expense the client is not recharged) as a balanced manual journal. */
async function postJournal(
  http: XeroHttp,
  settings: XeroPushSettings,
  entry: JournalEntry,
): Promise<PushResult> {
  const accounts = settings.costJournal;
  if (!accounts)
    return {
      outcome: 'reject',
      reasonCode: 'xero.unsupported_command',
      message: `${entry.kind}: Xero Accounting has no project cost ledger and no costJournal accounts are configured`,
    };
  const narration = `${entry.narration} ${marker(entry.key)}`;
  const found = await call(http, {
    method: 'GET',
    path: '/ManualJournals',
    query: { where: whereEquals('Narration', narration) },
  });
  const existing = journalIds(found)[0];
  if (existing !== undefined) return { outcome: 'ok', externalId: existing, replayed: true };
  const created = await call(http, {
    method: 'PUT',
    path: '/ManualJournals',
    idempotencyKey: entry.key,
    body: {
      ManualJournals: [
        {
          Narration: narration,
          Date: entry.date,
          Status: 'POSTED',
          LineAmountTypes: 'NoTax',
          JournalLines: [
            { LineAmount: jsonNumber(entry.amount), AccountCode: accounts.debitAccountCode },
            { LineAmount: jsonNumber(negateAmount(entry.amount)), AccountCode: accounts.creditAccountCode },
          ],
        },
      ],
    },
  });
  const id = journalIds(created)[0];
  if (id === undefined) throw new XeroPayloadError('PUT /ManualJournals answered no journal');
  return { outcome: 'ok', externalId: id, replayed: false };
}

function costEntry(command: PostCost): JournalEntry {
  return {
    key: command.idempotencyKey,
    kind: command.kind,
    narration: `Cost of ${command.timeEntryId} on ${command.projectId}`,
    date: command.booking?.postingDate ?? command.workDate,
    // The journal is in the organisation's base currency: the booked functional amount when there is one.
    amount: command.booking?.functional.amount ?? command.amount.amount,
  };
}

function expenseCostEntry(command: PostExpense): JournalEntry {
  return {
    key: command.idempotencyKey,
    kind: command.kind,
    narration: `Expense ${command.expense.id} on ${command.expense.projectId}`,
    date: command.booking?.postingDate ?? command.expense.incurredDate,
    amount: command.booking?.functional.amount ?? command.expense.amount.amount,
  };
}

function journalIds(body: unknown): string[] {
  const journals = (body as { ManualJournals?: unknown } | undefined)?.ManualJournals;
  if (!Array.isArray(journals)) throw new XeroPayloadError('the answer has no ManualJournals array');
  return journals.flatMap((j) => {
    const id = (j as { ManualJournalID?: unknown }).ManualJournalID;
    return typeof id === 'string' ? [id] : [];
  });
}

async function pushOne(
  http: XeroHttp,
  settings: XeroPushSettings,
  command: TargetCommand,
): Promise<PushResult> {
  switch (command.kind) {
    case 'provisionProject':
      return provisionProject(http, command);
    case 'postBillableLine':
      return addLine(http, settings, billableLine(command));
    case 'postExpense':
      // Recharged to the client: a line of the project's invoice; otherwise a cost of the firm.
      return command.expense.billable
        ? addLine(http, settings, expenseLine(command))
        : postJournal(http, settings, expenseCostEntry(command));
    case 'postCost':
      return postJournal(http, settings, costEntry(command));
    default:
      return {
        outcome: 'reject',
        reasonCode: 'xero.unsupported_command',
        message: `Xero Accounting does not carry out ${command.kind}`,
      };
  }
}

export function pushCommands(
  http: XeroHttp,
  settings: XeroPushSettings,
  commands: readonly TargetCommand[],
): Promise<PushResult[]> {
  return pushInOrder(
    commands,
    (command) => pushOne(http, settings, command),
    XeroPayloadError,
    'xero.bad_response',
  );
}
