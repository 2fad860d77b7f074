// Xero Accounting behind the spec-driven mock: just enough state for the connector and the quote-to-cash
// flow (contacts, invoices with their lines and totals, manual journals, payments), the Idempotency-Key
// replay, `where`/`Statuses`/`If-Modified-Since`/`page`/`pageSize` on reads, and Xero's own refusals
// (a duplicate contact name, an unbalanced journal) as ValidationExceptions. Finance's steps in Xero
// (approving a draft, recording a payment) are methods the test calls.
import { randomUUID } from 'node:crypto';
import type { OpenAPIBackend } from 'openapi-backend';
import { extend, sumDecimals, scaleAmount } from '../../../src/domain/money.ts';
import { JsonDecimal, jsonNumber } from '../../../src/connectors/kit/decimal-json.ts';
import { loadSpec } from '../overlays/index.ts';
import { startSpecMock, type MockAnswer, type MockRequest, type SpecMock } from '../spec-mock.ts';
import { bearerCheck, type IdentityServer } from './identity-server.ts';
import { matches, parseWhere } from './where-filter.ts';

export const XERO_ACCOUNTING_OPERATIONS = [
  'getContacts',
  'createContacts',
  'getInvoices',
  'createInvoices',
  'updateInvoice',
  'getPayments',
  'getManualJournals',
  'createManualJournals',
] as const;

type Rec = Record<string, unknown>;

/** A field as text: decimal-json reads numbers as strings, and the mock keeps them as JsonDecimal. */
function text(v: unknown, fallback = ''): string {
  if (typeof v === 'string') return v;
  if (v instanceof JsonDecimal) return v.text;
  return fallback;
}

/** Tax rates of the demo organisation by TaxType (percent). */
const TAX_RATES: Readonly<Record<string, string>> = { NONE: '0', OUTPUT2: '20', EXEMPTOUTPUT: '0' };

export interface XeroAccountingMock extends SpecMock {
  readonly basePath: string;
  readonly tenantId: string;
  readonly contacts: Rec[];
  readonly invoices: Rec[];
  readonly payments: Rec[];
  readonly journals: Rec[];
  /** Finance approves a draft: it gets its number and due date (30 days). */
  approve(invoiceId: string): Rec;
  /** Finance records money received against an approved invoice. */
  pay(invoiceId: string, amount: string, date: string): Rec;
}

function msDate(ms: number): string {
  return `/Date(${ms}+0000)/`;
}

function dayMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function validation(message: string): MockAnswer {
  return { status: 400, body: { ErrorNumber: 10, Type: 'ValidationException', Message: message } };
}

export async function startXeroAccountingMock(identity: IdentityServer): Promise<XeroAccountingMock> {
  const api: OpenAPIBackend = await loadSpec('xero-accounting', XERO_ACCOUNTING_OPERATIONS);
  const tenantId = randomUUID();
  const basePath = '/api.xro/2.0';
  const contacts: Rec[] = [];
  const invoices: Rec[] = [];
  const payments: Rec[] = [];
  const journals: Rec[] = [];
  const replays = new Map<string, MockAnswer>();
  // A logical clock: every write is one second after the last, so update order is total.
  let clock = Date.parse('2026-07-01T00:00:00Z');
  const tick = (): string => msDate((clock += 1000));
  let numbers = 0;

  const page = (req: MockRequest, rows: Rec[], key: string): MockAnswer => {
    const since = req.headers['if-modified-since'];
    const sinceMs = since === undefined ? 0 : Date.parse(since);
    const updated = (r: Rec): number => Number(/\((\d+)/.exec(String(r['UpdatedDateUTC']))?.[1] ?? 0);
    let list = rows.filter((r) => updated(r) >= sinceMs && matches(r, parseWhere(req.query.get('where'))));
    const statuses = req.query.get('Statuses');
    if (statuses !== null) list = list.filter((r) => statuses.split(',').includes(String(r['Status'])));
    if (req.query.get('order') === 'UpdatedDateUTC ASC')
      list = [...list].sort((a, b) => updated(a) - updated(b));
    const pageNo = Number(req.query.get('page') ?? '1');
    const size = Number(req.query.get('pageSize') ?? '100');
    const slice = req.query.has('page') ? list.slice((pageNo - 1) * size, pageNo * size) : list;
    return {
      status: 200,
      body: {
        pagination: {
          page: pageNo,
          pageSize: size,
          pageCount: Math.ceil(list.length / size),
          itemCount: list.length,
        },
        [key]: slice,
      },
    };
  };

  /** Answers a write once per Idempotency-Key; a repeat gets the first answer, as Xero documents. */
  const once = (req: MockRequest, write: () => MockAnswer): MockAnswer => {
    const key = req.headers['idempotency-key'];
    const seen = key === undefined ? undefined : replays.get(`${req.operationId}|${key}`);
    if (seen) return seen;
    const answer = write();
    if (key !== undefined && answer.status < 300) replays.set(`${req.operationId}|${key}`, answer);
    return answer;
  };

  const priceLines = (lines: Rec[], currency: string): Rec[] =>
    lines.map((l) => {
      const quantity = text(l['Quantity'], '1');
      const unit = text(l['UnitAmount'], '0');
      const net = extend(quantity, { amount: unit, currency }).amount;
      const taxType = typeof l['TaxType'] === 'string' ? l['TaxType'] : 'NONE';
      const rate = TAX_RATES[taxType] ?? '0';
      return {
        LineItemID: typeof l['LineItemID'] === 'string' ? l['LineItemID'] : randomUUID(),
        Description: l['Description'],
        Quantity: jsonNumber(quantity),
        UnitAmount: jsonNumber(unit),
        AccountCode: l['AccountCode'],
        TaxType: taxType,
        LineAmount: jsonNumber(net),
        TaxAmount: jsonNumber(scaleAmount(net, rate, currency, { percent: true })),
      };
    });

  const total = (inv: Rec): void => {
    const lines = inv['LineItems'] as Rec[];
    const sub = sumDecimals(
      lines.map((l) => text(l['LineAmount'])),
      2,
    );
    const tax = sumDecimals(
      lines.map((l) => text(l['TaxAmount'])),
      2,
    );
    const gross = sumDecimals([sub, tax], 2);
    const paid = text(inv['AmountPaid'], '0');
    inv['SubTotal'] = jsonNumber(sub);
    inv['TotalTax'] = jsonNumber(tax);
    inv['Total'] = jsonNumber(gross);
    inv['AmountPaid'] = jsonNumber(paid);
    inv['AmountDue'] = jsonNumber(sumDecimals([gross, paid.startsWith('-') ? paid.slice(1) : `-${paid}`], 2));
  };

  const handlers = {
    getContacts: (req: MockRequest) => page(req, contacts, 'Contacts'),
    createContacts: (req: MockRequest) =>
      once(req, () => {
        const created: Rec[] = [];
        for (const c of (req.body as { Contacts: Rec[] }).Contacts) {
          if (contacts.some((x) => x['Name'] === c['Name']))
            return validation(
              `The contact name ${String(c['Name'])} is already assigned to another contact.`,
            );
          const contact = { ...c, ContactID: randomUUID(), ContactStatus: 'ACTIVE', UpdatedDateUTC: tick() };
          contacts.push(contact);
          created.push(contact);
        }
        return { status: 200, body: { Contacts: created } };
      }),
    getInvoices: (req: MockRequest) => page(req, invoices, 'Invoices'),
    createInvoices: (req: MockRequest) =>
      once(req, () => {
        const created: Rec[] = [];
        for (const i of (req.body as { Invoices: Rec[] }).Invoices) {
          const contactId = (i['Contact'] as Rec | undefined)?.['ContactID'];
          const contact = contacts.find((c) => c['ContactID'] === contactId);
          if (!contact) return validation('A Contact must be specified for this type of transaction');
          const currency = text(i['CurrencyCode'], 'GBP');
          const date = text(i['Date'], '2026-07-01');
          const invoice: Rec = {
            InvoiceID: randomUUID(),
            Type: i['Type'],
            Status: i['Status'] ?? 'DRAFT',
            Reference: i['Reference'],
            Contact: {
              ContactID: contact['ContactID'],
              Name: contact['Name'],
              ContactNumber: contact['ContactNumber'],
            },
            CurrencyCode: currency,
            LineAmountTypes: i['LineAmountTypes'] ?? 'Exclusive',
            Date: msDate(dayMs(date)),
            DateString: `${date}T00:00:00`,
            LineItems: priceLines((i['LineItems'] ?? []) as Rec[], currency),
            UpdatedDateUTC: tick(),
          };
          total(invoice);
          invoices.push(invoice);
          created.push(invoice);
        }
        return { status: 200, body: { Invoices: created } };
      }),
    updateInvoice: (req: MockRequest) =>
      once(req, () => {
        const invoice = invoices.find((i) => i['InvoiceID'] === req.params['InvoiceID']);
        if (!invoice) return { status: 404, body: { Message: 'not found' } };
        if (invoice['Status'] !== 'DRAFT')
          return validation(
            'This document cannot be edited as it has a payment or credit note allocated to it.',
          );
        const [change] = (req.body as { Invoices: Rec[] }).Invoices;
        if (change?.['LineItems'] !== undefined)
          invoice['LineItems'] = priceLines(change['LineItems'] as Rec[], String(invoice['CurrencyCode']));
        total(invoice);
        invoice['UpdatedDateUTC'] = tick();
        return { status: 200, body: { Invoices: [invoice] } };
      }),
    getPayments: (req: MockRequest) => page(req, payments, 'Payments'),
    getManualJournals: (req: MockRequest) => page(req, journals, 'ManualJournals'),
    createManualJournals: (req: MockRequest) =>
      once(req, () => {
        const created: Rec[] = [];
        for (const j of (req.body as { ManualJournals: Rec[] }).ManualJournals) {
          const lines = (j['JournalLines'] ?? []) as Rec[];
          if (
            sumDecimals(
              lines.map((l) => String(l['LineAmount'])),
              2,
            ) !== '0.00'
          )
            return validation('The total debits must equal the total credits.');
          const journal: Rec = {
            ...j,
            JournalLines: lines.map((l) => ({ ...l, LineAmount: jsonNumber(String(l['LineAmount'])) })),
            ManualJournalID: randomUUID(),
            UpdatedDateUTC: tick(),
          };
          journals.push(journal);
          created.push(journal);
        }
        return { status: 200, body: { ManualJournals: created } };
      }),
  };

  const mock = await startSpecMock({ api, basePath, handlers, authorize: bearerCheck(identity) });
  return {
    ...mock,
    basePath,
    tenantId,
    contacts,
    invoices,
    payments,
    journals,
    approve(invoiceId) {
      const invoice = invoices.find((i) => i['InvoiceID'] === invoiceId);
      if (!invoice) throw new Error(`no invoice ${invoiceId}`);
      numbers += 1;
      const issued = Number(/\((\d+)/.exec(String(invoice['Date']))?.[1] ?? 0);
      const due = new Date(issued + 30 * 86_400_000).toISOString().slice(0, 10);
      Object.assign(invoice, {
        Status: 'AUTHORISED',
        InvoiceNumber: `INV-${String(numbers).padStart(4, '0')}`,
        DueDate: msDate(dayMs(due)),
        DueDateString: `${due}T00:00:00`,
        UpdatedDateUTC: tick(),
      });
      return invoice;
    },
    pay(invoiceId, amount, date) {
      const invoice = invoices.find((i) => i['InvoiceID'] === invoiceId);
      if (invoice?.['Status'] !== 'AUTHORISED') throw new Error(`invoice ${invoiceId} is not approved`);
      invoice['AmountPaid'] = jsonNumber(sumDecimals([text(invoice['AmountPaid']), amount], 2));
      total(invoice);
      if (text(invoice['AmountDue']) === '0.00') invoice['Status'] = 'PAID';
      invoice['UpdatedDateUTC'] = tick();
      const payment: Rec = {
        PaymentID: randomUUID(),
        Date: msDate(dayMs(date)),
        Amount: jsonNumber(amount),
        Reference: `Bank transfer ${date}`,
        Status: 'AUTHORISED',
        PaymentType: 'ACCRECPAYMENT',
        Invoice: {
          InvoiceID: invoiceId,
          InvoiceNumber: invoice['InvoiceNumber'],
          CurrencyCode: invoice['CurrencyCode'],
          Type: 'ACCREC',
        },
        UpdatedDateUTC: tick(),
      };
      payments.push(payment);
      return payment;
    },
  };
}
