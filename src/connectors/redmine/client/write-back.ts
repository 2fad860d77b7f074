// Invoice and payment status written back to the time entries they concern, in the time-entry custom
// fields Invoice number, Invoice status and Payment status. Writes are absolute values, so a resend
// changes nothing; entries that already hold the values are not written, and a command whose entries all
// held them answers `replayed`. The sweep's fingerprint leaves these fields (and updated_on) out, so a
// write-back never reads as a revision of the time.
import type { InvoiceStatus } from '../../../contracts/index.ts';
import type { RecordInvoiceStatus, RecordPayment } from '../../kit/commands.ts';
import type { PushResult } from '../../kit/connector.ts';
import { compileChecker } from '../../kit/schema-checker.ts';
import { TimeEntryList, maxPageSize, type RedmineTimeEntry } from '../vendor/wire.ts';
import { customValue, type FieldIds } from './custom-fields.ts';
import { failureOf, type Failure } from './push-outcome.ts';
import type { RedmineHttp } from './redmine-http.ts';

const checkEntries = compileChecker(TimeEntryList);
const NATIVE = /^[1-9][0-9]{0,15}$/;

type Values = ReadonlyMap<number, string>;

/** The Payment status shown for an invoice status. */
export function paymentStatusOf(status: Exclude<InvoiceStatus, 'draft'>): string {
  if (status === 'paid') return 'paid';
  if (status === 'part-paid') return 'part-paid';
  return 'unpaid';
}

/** The Redmine ids of this system's time entries among canonical ids; others belong to another PSA. */
export function nativeTimeEntryIds(system: string, canonicalIds: readonly string[]): number[] {
  const prefix = `time:${system}:`;
  const ids = canonicalIds
    .filter((id) => id.startsWith(prefix) && NATIVE.test(id.slice(prefix.length)))
    .map((id) => Number(id.slice(prefix.length)));
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** Every time entry of the project whose Invoice number is `number` (the field must be a filter). */
async function entriesWithInvoice(
  http: RedmineHttp,
  fields: FieldIds,
  projectExternalId: string,
  number: string,
): Promise<RedmineTimeEntry[] | Failure> {
  const found: RedmineTimeEntry[] = [];
  for (let offset = 0; ;) {
    const path =
      `/time_entries.json?project_id=${encodeURIComponent(projectExternalId)}` +
      `&cf_${fields.invoiceNumber}=${encodeURIComponent(number)}&sort=id&offset=${offset}&limit=${maxPageSize}`;
    const outcome = await http.send('GET', path);
    const failure = failureOf(outcome, `GET ${path}`);
    if (failure !== undefined) return failure;
    const checked = checkEntries(outcome.kind === 'response' ? outcome.body : undefined);
    if (!checked.ok)
      return {
        outcome: 'reject',
        reasonCode: 'redmine.payload_invalid',
        message: `GET ${path} answered ${checked.errors.join('; ')}`,
      };
    const page = checked.value.time_entries;
    // The filter is trusted to narrow, never to match: the value itself is compared.
    found.push(...page.filter((e) => customValue(e.custom_fields, fields.invoiceNumber) === number));
    offset += page.length;
    if (page.length === 0 || offset >= checked.value.total_count) return found;
  }
}

function holds(e: RedmineTimeEntry | undefined, values: Values): boolean {
  return e !== undefined && [...values].every(([id, value]) => customValue(e.custom_fields, id) === value);
}

/**
 * Redmine answers 403 both for a key without the right and for any change to a closed project's time
 * (closed projects are read-only, even for an administrator); the second needs the project reopened.
 */
async function explainForbidden(http: RedmineHttp, id: number, failure: Failure): Promise<Failure> {
  const shown = await http.send('GET', `/time_entries/${id}.json`);
  const projectId = shown.kind === 'response' && shown.status === 200 ? projectIdOf(shown.body) : undefined;
  if (projectId === undefined) return failure;
  const project = await http.send('GET', `/projects/${projectId}.json`);
  const status =
    project.kind === 'response'
      ? (project.body as { project?: { status?: unknown } } | undefined)?.project?.status
      : undefined;
  if (status !== 5) return failure;
  return {
    outcome: 'reject',
    reasonCode: 'redmine.project_closed',
    message: `time entry ${id} belongs to closed Redmine project ${projectId}, whose time cannot be changed; reopen the project to record the invoice`,
  };
}

function projectIdOf(body: unknown): number | undefined {
  const id = (body as { time_entry?: { project?: { id?: unknown } } } | undefined)?.time_entry?.project?.id;
  return typeof id === 'number' ? id : undefined;
}

/** Writes `values` to every entry that does not hold them yet; stops at the first failure. */
async function writeEntries(
  http: RedmineHttp,
  ids: readonly number[],
  current: ReadonlyMap<number, RedmineTimeEntry>,
  values: Values,
  externalId: string,
): Promise<PushResult> {
  let written = 0;
  for (const id of ids) {
    if (holds(current.get(id), values)) continue;
    const path = `/time_entries/${id}.json`;
    const body = {
      time_entry: { custom_fields: [...values].map(([field, value]) => ({ id: field, value })) },
    };
    const outcome = await http.send('PUT', path, body);
    const failure = failureOf(outcome, `PUT ${path} (time entry ${id})`);
    if (failure !== undefined)
      return outcome.kind === 'response' && outcome.status === 403
        ? explainForbidden(http, id, failure)
        : failure;
    written += 1;
  }
  return { outcome: 'ok', externalId, replayed: written === 0 };
}

export async function writeInvoiceStatus(
  http: RedmineHttp,
  fields: FieldIds,
  system: string,
  { invoice, projectExternalId }: RecordInvoiceStatus,
): Promise<PushResult> {
  const ids = nativeTimeEntryIds(
    system,
    invoice.lines.flatMap((line) => line.timeEntryIds ?? []),
  );
  if (ids.length === 0)
    return {
      outcome: 'reject',
      reasonCode: 'redmine.no_time_entries',
      message: `invoice ${invoice.number} names no time entry of ${system} (InvoiceLine.timeEntryIds); Redmine shows invoices only on time entries`,
    };
  const marked = await entriesWithInvoice(http, fields, projectExternalId, invoice.number);
  if (!Array.isArray(marked)) return marked;
  const values: Values = new Map([
    [fields.invoiceNumber, invoice.number],
    [fields.invoiceStatus, invoice.status],
    [fields.paymentStatus, paymentStatusOf(invoice.status)],
  ]);
  return writeEntries(http, ids, new Map(marked.map((e) => [e.id, e])), values, invoice.number);
}

/**
 * A payment against an invoice: Redmine is told money arrived. Whether the invoice is now settled is the
 * invoice status's business (recordInvoiceStatus writes 'paid'), so a payment never downgrades 'paid';
 * it writes 'part-paid', or 'unpaid' when the payment was reversed.
 */
export async function writePayment(
  http: RedmineHttp,
  fields: FieldIds,
  { payment, invoiceNumber, projectExternalId }: RecordPayment,
): Promise<PushResult> {
  const marked = await entriesWithInvoice(http, fields, projectExternalId, invoiceNumber);
  if (!Array.isArray(marked)) return marked;
  if (marked.length === 0)
    return {
      outcome: 'reject',
      reasonCode: 'redmine.invoice_not_found',
      message: `no time entry of Redmine project ${projectExternalId} carries invoice number ${invoiceNumber}; record the invoice status first`,
    };
  let replayed = true;
  for (const e of marked) {
    const now = customValue(e.custom_fields, fields.paymentStatus);
    const status = payment.status === 'reversed' ? 'unpaid' : now === 'paid' ? 'paid' : 'part-paid';
    const result = await writeEntries(
      http,
      [e.id],
      new Map([[e.id, e]]),
      new Map([[fields.paymentStatus, status]]),
      payment.id,
    );
    if (result.outcome !== 'ok') return result;
    replayed &&= result.replayed;
  }
  return { outcome: 'ok', externalId: payment.id, replayed };
}
