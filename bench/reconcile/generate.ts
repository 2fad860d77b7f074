// Generates the two sides of a period for the reconciliation benchmark: a services firm's month of time,
// cost, expenses, milestone billing, invoices and payments on the source side, and the target side that
// booked them, with a known number of differences of every class seeded in. Same seed, same files.
import { closeSync, openSync, writeSync } from 'node:fs';
import { extend, sumDecimals } from '../../src/domain/money.ts';
import { createPrng } from '../../src/connectors/sandbox-kit/prng.ts';
import { recordCsvHeader, recordCsvLine } from '../../src/reconcile/files/write-record-csv.ts';
import type { ReconRecord, TransactionType } from '../../src/reconcile/record.ts';
import { differenceClasses, type DifferenceClass } from '../../src/reconcile/report.ts';

export const benchPeriod = '2026-10';

export interface GeneratedSides {
  readonly sourceRecords: number;
  readonly targetRecords: number;
  /** Differences of each class the engine must find, exactly. */
  readonly seeded: Readonly<Record<DifferenceClass, number>>;
  /** Keys reversed and reposted on the target side: they net to no difference. */
  readonly reposted: number;
}

const entities = [
  { id: 'LL-UK', currency: 'GBP' },
  { id: 'LL-DE', currency: 'EUR' },
  { id: 'LL-US', currency: 'USD' },
] as const;
const projectsPerEntity = 200;
const rates = ['95.00', '120.00', '133.33', '145.00', '160.00', '185.50'];
const costRates = ['48.00', '55.50', '62.50', '70.00', '80.00'];
const quarterHours = ['0.25', '0.5', '1', '1.5', '2', '3.75', '4', '6', '7.5', '8'];

/** One type per position in a cycle of 20: the mix of a services firm's month. */
const cycle: readonly TransactionType[] = [
  ...Array<TransactionType>(8).fill('billable-time'),
  ...Array<TransactionType>(7).fill('cost'),
  'expense',
  'expense',
  'milestone-billing',
  'invoice',
  'payment',
];

class LineWriter {
  readonly #fd: number;
  #buffer: string[] = [];
  #size = 0;

  constructor(path: string, header: string | undefined) {
    this.#fd = openSync(path, 'w');
    if (header !== undefined) this.line(header);
  }

  line(text: string): void {
    this.#buffer.push(text);
    this.#size += text.length + 1;
    if (this.#size > 1 << 20) this.flush();
  }

  flush(): void {
    if (this.#buffer.length > 0) writeSync(this.#fd, `${this.#buffer.join('\n')}\n`);
    this.#buffer = [];
    this.#size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.#fd);
  }
}

function day(i: number, entries: number): string {
  return `${benchPeriod}-${String(1 + Math.floor((i * 30) / entries)).padStart(2, '0')}`;
}

/** Writes `entries` source records (and about as many target records) to the two files. */
export function generateSides(options: {
  readonly entries: number;
  readonly sourceFile: string;
  readonly targetFile: string;
  readonly format: 'csv' | 'jsonl';
  readonly seed?: number;
}): GeneratedSides {
  const { entries, format } = options;
  const prng = createPrng(options.seed ?? 2026);
  const encode = format === 'csv' ? recordCsvLine : (r: ReconRecord) => JSON.stringify(r);
  const header = format === 'csv' ? recordCsvHeader : undefined;
  const source = new LineWriter(options.sourceFile, header);
  const target = new LineWriter(options.targetFile, header);
  // One difference of each class (and one repost) every `every` records, at distinct offsets.
  const every = Math.max(10, Math.floor(entries / Math.max(1, Math.floor(entries / 1000))));
  const seeded = Object.fromEntries(differenceClasses.map((c) => [c, 0])) as Record<DifferenceClass, number>;
  let reposted = 0;
  let sourceRecords = 0;
  let targetRecords = 0;
  const toSource = (r: ReconRecord) => {
    source.line(encode(r));
    sourceRecords += 1;
  };
  const toTarget = (r: ReconRecord) => {
    target.line(encode(r));
    targetRecords += 1;
  };
  let targetIds = 0;
  const targetId = () => `ERP-${String((targetIds += 1)).padStart(8, '0')}`;

  for (let i = 0; i < entries; i += 1) {
    const type = cycle[i % cycle.length] ?? 'cost';
    const entity = entities[prng.int(0, entities.length - 1)] ?? entities[0];
    const project = `project:psa:P-${entity.id.slice(3)}-${prng.int(1, projectsPerEntity)}`;
    const hours = type === 'billable-time' || type === 'cost' ? prng.pick(quarterHours) : undefined;
    const rate = type === 'cost' ? prng.pick(costRates) : prng.pick(rates);
    const amount =
      hours !== undefined
        ? extend(hours, { amount: rate, currency: entity.currency }).amount
        : `${prng.int(20, 4000)}.${String(prng.int(0, 99)).padStart(2, '0')}`;
    const record: ReconRecord = {
      type,
      ref: `${type}:psa:${i + 1}`,
      entity: entity.id,
      project: type === 'payment' ? '' : project,
      date: day(i, entries),
      ...(hours === undefined ? {} : { hours }),
      amount,
      currency: entity.currency,
      id: `PSA-${i + 1}`,
    };
    const slot = i % every;
    // The seeded differences, each at its own offset in the cycle of `every` records.
    if (slot === 1) {
      toSource(record);
      seeded.missing_in_target += 1;
    } else if (slot === 2) {
      toTarget({ ...record, id: targetId() });
      seeded.extra_in_target += 1;
    } else if (slot === 3) {
      toSource(record);
      toTarget({ ...record, id: targetId() });
      toTarget({ ...record, id: targetId() });
      seeded.duplicate += 1;
    } else if (slot === 4) {
      toSource(record);
      toTarget({ ...record, amount: sumDecimals([amount, '0.01'], 2), id: targetId() });
      seeded.amount_drift += 1;
    } else if (slot === 5) {
      const functional = { amount, currency: 'EUR' };
      toSource({ ...record, functional });
      toTarget({
        ...record,
        functional: { amount: sumDecimals([amount, '0.02'], 2), currency: 'EUR' },
        id: targetId(),
      });
      seeded.fx_difference += 1;
    } else if (slot === 6) {
      toSource({ ...record, date: `${benchPeriod}-31` });
      toTarget({ ...record, date: `${benchPeriod}-31`, period: '2026-11', id: targetId() });
      seeded.period_mismatch += 1;
    } else if (slot === 7) {
      // Posted, reversed and posted again: nets to the source's one record, no difference.
      toSource(record);
      const first = { ...record, id: targetId() };
      toTarget(first);
      toTarget({
        ...first,
        id: targetId(),
        reversal: true,
        amount: `-${amount}`,
        ...(hours === undefined ? {} : { hours: `-${hours}` }),
      });
      toTarget({ ...record, id: targetId() });
      reposted += 1;
    } else {
      toSource(record);
      toTarget({ ...record, id: targetId() });
    }
  }
  source.close();
  target.close();
  return { sourceRecords, targetRecords, seeded, reposted };
}
