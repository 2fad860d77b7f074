// Canonical commands into Harvest: the ERP's invoice becomes a Harvest invoice of the project's client
// (number, dates and lines as the ERP issued them, so the delivery manager sees what was billed), and
// money received becomes a payment on it. Harvest has no idempotency keys: the key is written into the
// invoice's notes and the payment's notes, and looked up first.
import type { RecordInvoiceStatus, RecordPayment, TargetCommand } from '../kit/commands.ts';
import type { PushResult } from '../kit/connector.ts';
import { jsonNumber } from '../kit/decimal-json.ts';
import { bodyOrRefusal, pushInOrder } from '../kit/push-in-order.ts';
import { keyOf, marker } from '../kit/record-marker.ts';
import type { HarvestHttp, HarvestRequest } from './client/harvest-http.ts';
import {
  HarvestPayloadError,
  page,
  parseInvoice,
  parsePayment,
  parseProject,
  type HarvestInvoice,
} from './vendor/wire.ts';

async function call(http: HarvestHttp, request: HarvestRequest): Promise<unknown> {
  return bodyOrRefusal(await http.send(request));
}

async function clientOf(http: HarvestHttp, projectId: string): Promise<string> {
  const body = await call(http, { method: 'GET', path: `/projects/${encodeURIComponent(projectId)}` });
  return parseProject(body as Record<string, unknown>, 'project').clientId;
}

/** The client's invoice with this number, following Harvest's pages. */
async function findInvoice(
  http: HarvestHttp,
  clientId: string,
  number: string,
): Promise<HarvestInvoice | undefined> {
  for (let pageNo: number | undefined = 1; pageNo !== undefined;) {
    const body = await call(http, {
      method: 'GET',
      path: '/invoices',
      query: { client_id: clientId, page: String(pageNo), per_page: '100' },
    });
    const p = page(body, 'invoices', parseInvoice);
    const found = p.records.find((i) => i.number === number);
    if (found) return found;
    pageNo = p.nextPage;
  }
  return undefined;
}

async function recordInvoice(http: HarvestHttp, command: RecordInvoiceStatus): Promise<PushResult> {
  const { invoice } = command;
  const clientId = await clientOf(http, command.projectExternalId);
  const notes = `Issued in the ERP as ${invoice.number}: ${invoice.status}. ${marker(invoice.id)}`;
  const existing = await findInvoice(http, clientId, invoice.number);
  if (existing) {
    // Harvest's state follows its own sending and payments; the ERP's status is kept in the notes.
    const body = await call(http, { method: 'GET', path: `/invoices/${existing.id}` });
    const held = (body as { notes?: unknown }).notes;
    if (held === notes) return { outcome: 'ok', externalId: existing.id, replayed: true };
    await call(http, { method: 'PATCH', path: `/invoices/${existing.id}`, body: { notes } });
    return { outcome: 'ok', externalId: existing.id, replayed: false };
  }
  const currency = invoice.currency;
  const lines = invoice.lines.map((l) => ({
    project_id: jsonNumber(command.projectExternalId),
    kind: 'Service',
    description: l.description,
    quantity: jsonNumber(l.quantity),
    unit_price: jsonNumber(l.unitPrice.amount),
  }));
  const tax = invoice.totals.tax.amount;
  const taxLine = /^-?0+(\.0+)?$/.test(tax)
    ? []
    : [
        {
          kind: 'Service',
          description: `Tax (${currency})`,
          quantity: jsonNumber('1'),
          unit_price: jsonNumber(tax),
        },
      ];
  const created = await call(http, {
    method: 'POST',
    path: '/invoices',
    body: {
      client_id: jsonNumber(clientId),
      number: invoice.number,
      currency,
      issue_date: invoice.issueDate,
      due_date: invoice.dueDate,
      payment_term: 'custom',
      subject: `Invoice ${invoice.number}`,
      notes,
      line_items: [...lines, ...taxLine],
    },
  });
  return {
    outcome: 'ok',
    externalId: parseInvoice(created as Record<string, unknown>, 'invoice').id,
    replayed: false,
  };
}

async function recordPayment(http: HarvestHttp, command: RecordPayment): Promise<PushResult> {
  const clientId = await clientOf(http, command.projectExternalId);
  const invoice = await findInvoice(http, clientId, command.invoiceNumber);
  if (!invoice)
    return {
      outcome: 'retry',
      reasonCode: 'harvest.invoice_not_found',
      message: `invoice ${command.invoiceNumber} is not in Harvest yet (its status comes first)`,
    };
  const listed = await call(http, { method: 'GET', path: `/invoices/${invoice.id}/payments` });
  const found = page(listed, 'invoice_payments', parsePayment).records.find(
    (p) => p.notes !== undefined && keyOf(p.notes) === command.idempotencyKey,
  );
  if (found) return { outcome: 'ok', externalId: found.id, replayed: true };
  const { payment } = command;
  const created = await call(http, {
    method: 'POST',
    path: `/invoices/${invoice.id}/payments`,
    body: {
      amount: jsonNumber(payment.amount.amount),
      paid_date: payment.receivedDate,
      notes: `${payment.reference ?? 'Payment'} ${marker(command.idempotencyKey)}`,
    },
  });
  return {
    outcome: 'ok',
    externalId: parsePayment(created as Record<string, unknown>, 'payment').id,
    replayed: false,
  };
}

async function pushOne(http: HarvestHttp, command: TargetCommand): Promise<PushResult> {
  switch (command.kind) {
    case 'recordInvoiceStatus':
      return recordInvoice(http, command);
    case 'recordPayment':
      return recordPayment(http, command);
    default:
      return {
        outcome: 'reject',
        reasonCode: 'harvest.unsupported_command',
        message: `the Harvest connector does not carry out ${command.kind}`,
      };
  }
}

export function pushCommands(http: HarvestHttp, commands: readonly TargetCommand[]): Promise<PushResult[]> {
  return pushInOrder(
    commands,
    (command) => pushOne(http, command),
    HarvestPayloadError,
    'harvest.bad_response',
  );
}
