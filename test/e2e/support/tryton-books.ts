// What the end-to-end suite reads back from Tryton, as an accountant would: the timesheet lines (hours,
// date, cost), the invoices and their amounts, and which time entry each line books (its uuid is the
// canonical time entry id Ledgerline wrote).
import {
  fromDate,
  fromDecimal,
  timedeltaToHours,
  type WireDate,
  type WireDecimal,
  type WireTimeDelta,
} from '../../../src/connectors/tryton/codec.ts';
import type { TrytonRpc } from '../../../src/connectors/tryton/rpc-client.ts';

/** A Redmine time entry as the test made it, and what Tryton should hold for it when approved. */
export interface ExpectedEntry {
  readonly id: number;
  readonly projectId: number;
  readonly userId: number;
  /** Decimal string, at most 2 decimals. */
  readonly hours: string;
  readonly spentOn: string;
  readonly approved: boolean;
  readonly rate: string;
  readonly costRate: string;
}

export interface BookedLine {
  readonly id: number;
  readonly entryId: number | undefined;
  readonly hours: string | undefined;
  readonly date: string;
  readonly costPrice: string;
  readonly invoiceLine: number | null;
}

interface WireLine {
  id: number;
  uuid: string | null;
  duration: WireTimeDelta;
  date: WireDate;
  cost_price: WireDecimal;
  invoice_line: number | null;
}

/** Hundredths of an hour x cents, in 1e-4 of the currency: exact. */
const units = (decimal: string, scale: number): bigint => {
  const [int = '0', frac = ''] = decimal.split('.');
  return BigInt(int) * 10n ** BigInt(scale) + BigInt(frac.padEnd(scale, '0').slice(0, scale) || '0');
};
const decimal = (n: bigint, scale: number): string => {
  const s = n.toString().padStart(scale + 1, '0');
  return `${s.slice(0, -scale)}.${s.slice(-scale)}`;
};

/** Σ hours x rate of the entries, rounded once to the cent half-even, as Tryton rounds an invoice line. */
export function centsHalfEven(entries: readonly ExpectedEntry[]): string {
  const exact = entries.reduce((sum, e) => sum + units(e.hours, 2) * units(e.rate, 2), 0n); // 1e-4
  const cents = exact / 100n;
  const rest = exact % 100n;
  const rounded = rest > 50n || (rest === 50n && cents % 2n === 1n) ? cents + 1n : cents;
  return decimal(rounded, 2);
}

const normal = (d: string): string => units(d, 4).toString();

export class TrytonBooks {
  constructor(readonly rpc: TrytonRpc) {}

  async lines(): Promise<BookedLine[]> {
    const rows = (await this.rpc.model(
      'timesheet.line',
      'search_read',
      [],
      0,
      null,
      [['id', 'ASC']],
      ['uuid', 'duration', 'date', 'cost_price', 'invoice_line'],
    )) as WireLine[];
    return rows.map((r) => {
      const match = /^time:redmine:([0-9]+)$/.exec(r.uuid ?? '');
      return {
        id: r.id,
        entryId: match?.[1] === undefined ? undefined : Number(match[1]),
        hours: timedeltaToHours(r.duration),
        date: fromDate(r.date),
        costPrice: fromDecimal(r.cost_price),
        invoiceLine: r.invoice_line,
      };
    });
  }

  /** Every way Tryton differs from the approved entries (empty when it holds exactly them). */
  async compare(approved: readonly ExpectedEntry[]): Promise<string[]> {
    const problems: string[] = [];
    const byEntry = new Map<number, BookedLine[]>();
    for (const line of await this.lines()) {
      if (line.entryId === undefined) {
        problems.push(`line ${line.id} books no Redmine entry`);
        continue;
      }
      byEntry.set(line.entryId, [...(byEntry.get(line.entryId) ?? []), line]);
    }
    const wanted = new Map(approved.map((e) => [e.id, e]));
    for (const [entryId, lines] of byEntry) {
      if (lines.length > 1) problems.push(`entry ${entryId} has ${lines.length} lines`);
      if (!wanted.has(entryId)) problems.push(`entry ${entryId} is booked but not approved (or deleted)`);
    }
    for (const e of approved) {
      const line = byEntry.get(e.id)?.[0];
      if (!line) {
        problems.push(`entry ${e.id} is not booked`);
        continue;
      }
      if (line.hours === undefined || normal(line.hours) !== normal(e.hours))
        problems.push(`entry ${e.id}: ${line.hours ?? '?'} h in Tryton, ${e.hours} h in Redmine`);
      if (line.date !== e.spentOn) problems.push(`entry ${e.id}: dated ${line.date}, not ${e.spentOn}`);
      if (normal(line.costPrice) !== normal(e.costRate))
        problems.push(`entry ${e.id}: cost price ${line.costPrice}, not ${e.costRate}`);
    }
    return problems;
  }

  /** The company employee Ledgerline created for a canonical resource id. */
  async employeeOf(resourceId: string): Promise<number> {
    const [identifier] = (await this.rpc.model(
      'party.identifier',
      'search_read',
      [['code', '=', resourceId]],
      0,
      1,
      null,
      ['party'],
    )) as { party: number }[];
    const [employee] = (await this.rpc.model(
      'company.employee',
      'search',
      [['party', '=', identifier?.party ?? -1]],
      0,
      1,
      null,
    )) as number[];
    if (employee === undefined) throw new Error(`no Tryton employee for ${resourceId}`);
    return employee;
  }

  /** Time entry id -> the number of the invoice that bills it. */
  async invoiceNumbersByEntry(): Promise<Map<number, string>> {
    const lines = (await this.lines()).filter((l) => l.invoiceLine !== null && l.entryId !== undefined);
    const invoiceLines = (await this.rpc.model(
      'account.invoice.line',
      'read',
      [...new Set(lines.map((l) => l.invoiceLine))],
      ['invoice'],
    )) as { id: number; invoice: number }[];
    const invoices = (await this.rpc.model(
      'account.invoice',
      'read',
      [...new Set(invoiceLines.map((l) => l.invoice))],
      ['number'],
    )) as { id: number; number: string | null }[];
    const invoiceOfLine = new Map(invoiceLines.map((l) => [l.id, l.invoice]));
    const numberOf = new Map(invoices.map((i) => [i.id, i.number]));
    const out = new Map<number, string>();
    for (const l of lines) {
      const number = numberOf.get(invoiceOfLine.get(l.invoiceLine ?? -1) ?? -1);
      if (l.entryId !== undefined && number) out.set(l.entryId, number);
    }
    return out;
  }

  /** The untaxed amount of every invoice billing any of these entries, summed. */
  async invoicedAmountOf(entries: readonly ExpectedEntry[]): Promise<string> {
    const ids = new Set(entries.map((e) => e.id));
    const lines = (await this.lines()).filter((l) => l.entryId !== undefined && ids.has(l.entryId));
    const invoiceLines = (await this.rpc.model(
      'account.invoice.line',
      'read',
      [...new Set(lines.flatMap((l) => (l.invoiceLine === null ? [] : [l.invoiceLine])))],
      ['invoice'],
    )) as { invoice: number }[];
    const invoices = (await this.rpc.model(
      'account.invoice',
      'read',
      [...new Set(invoiceLines.map((l) => l.invoice))],
      ['untaxed_amount'],
    )) as { untaxed_amount: WireDecimal }[];
    return decimal(
      invoices.reduce((sum, i) => sum + units(fromDecimal(i.untaxed_amount), 2), 0n),
      2,
    );
  }
}
