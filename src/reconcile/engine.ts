// The reconciliation engine: a hash join of two record streams on (type, ref). Records stream in from
// either side in any order and any interleaving; each is counted into the control totals at once and kept
// as one packed string under its key (ADR 12). At the end every key in scope is netted per side and
// classified. Pure: no I/O, usable in process with arrays (tests) or streams of a million records.
import { classify } from './classify.ts';
import { Groups, type Side } from './groups.ts';
import { keySide, sideState, type SideState } from './key-side.ts';
import {
  Field,
  RECORD,
  SAME,
  assertPackable,
  bookedPeriodOf,
  hasBody,
  isSingle,
  keyOf,
  packBody,
  packWithId,
  recordsOf,
  refOfKey,
  typeOfKey,
  unpack,
} from './packed-record.ts';
import type { ReconRecord } from './record.ts';
import { compareDifferences } from './report-order.ts';
import {
  differenceClasses,
  type Difference,
  type DifferenceClass,
  type ReconcileScope,
  type ReconciliationReport,
} from './report.ts';

const PERIOD = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
const DATE = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

export function assertPeriod(period: string): void {
  if (!PERIOD.test(period)) throw new RangeError(`period must be YYYY-MM, e.g. 2026-10 (got "${period}")`);
}

function assertDates(r: ReconRecord): void {
  if (!DATE.test(r.date)) throw new RangeError(`record ${JSON.stringify(r.ref)}: date must be YYYY-MM-DD`);
  if (r.period !== undefined && !PERIOD.test(r.period))
    throw new RangeError(`record ${JSON.stringify(r.ref)}: period must be YYYY-MM`);
}

const otherSide: Record<Side, Side> = { source: 'target', target: 'source' };

export class ReconciliationRun {
  readonly #scope: ReconcileScope;
  /** key -> slot in the two arrays below. */
  readonly #slots = new Map<string, number>();
  readonly #packed: Record<Side, (string | undefined)[]> = { source: [], target: [] };
  readonly #groups: Groups;
  readonly #read = { source: 0, target: 0 };

  constructor(scope: ReconcileScope) {
    assertPeriod(scope.period);
    this.#scope = scope;
    this.#groups = new Groups(scope.period);
  }

  /** Records taken in so far per side (after the entity filter). */
  get read(): Readonly<Record<Side, number>> {
    return this.#read;
  }

  add(side: Side, record: ReconRecord): void {
    if (this.#scope.entity !== undefined && record.entity !== this.#scope.entity) return;
    assertPackable(record);
    assertDates(record);
    this.#read[side] += 1;
    const group = this.#groups.add(side, record, record.period ?? record.date.slice(0, 7));
    const key = keyOf(record.type, record.ref);
    let slot = this.#slots.get(key);
    if (slot === undefined) {
      slot = this.#slots.size;
      this.#slots.set(key, slot);
    }
    const list = this.#packed[side];
    // A write past the end would turn the array into a slow dictionary: fill the gap first.
    while (list.length < slot) list.push(undefined);
    const held = list[slot];
    const body = packBody(record, group);
    let packed: string;
    // The usual case: the other side holds this very record already. Keep only "same, with this id".
    const counterpart = this.#packed[otherSide[side]][slot];
    if (counterpart !== undefined && hasBody(counterpart, body)) packed = [SAME, record.id ?? ''].join('');
    else packed = packWithId(body, record.id);
    list[slot] = held === undefined ? packed : [held, packed].join(RECORD);
  }

  report(): ReconciliationReport {
    const counts = Object.fromEntries(differenceClasses.map((c) => [c, 0])) as Record<
      DifferenceClass,
      number
    >;
    const differences: Difference[] = [];
    let keys = 0;
    const { period } = this.#scope;
    for (const [key, slot] of this.#slots) {
      const sourcePacked = this.#packed.source[slot];
      const targetPacked = this.#packed.target[slot];
      // Fast path: one record on each side, the same but for its id, so no difference.
      if (
        sourcePacked !== undefined &&
        targetPacked !== undefined &&
        ((isSingle(sourcePacked) && targetPacked.charAt(0) === SAME && !targetPacked.includes(RECORD)) ||
          (isSingle(targetPacked) && sourcePacked.charAt(0) === SAME && !sourcePacked.includes(RECORD)))
      ) {
        if (bookedPeriodOf(isSingle(sourcePacked) ? sourcePacked : targetPacked) === period) keys += 1;
        continue;
      }
      const source = this.#state(sourcePacked, targetPacked);
      const target = this.#state(targetPacked, sourcePacked);
      if (!(source?.inPeriod === true || target?.inPeriod === true)) continue;
      keys += 1;
      const found = classify(source, target);
      if (found === undefined) continue;
      counts[found] += 1;
      differences.push(this.#difference(found, key, source, target));
    }
    differences.sort(compareDifferences);
    return {
      period,
      ...(this.#scope.entity === undefined ? {} : { entity: this.#scope.entity }),
      ok: differences.length === 0,
      read: { ...this.#read },
      keys,
      counts,
      totals: this.#groups.rows(),
      differences,
    };
  }

  #state(packed: string | undefined, other: string | undefined): SideState | undefined {
    return packed === undefined
      ? undefined
      : sideState(recordsOf(packed, other), this.#groups, this.#scope.period);
  }

  #difference(
    found: DifferenceClass,
    key: string,
    source: SideState | undefined,
    target: SideState | undefined,
  ): Difference {
    const type = typeOfKey(key);
    const ref = refOfKey(key);
    const records = (state: SideState | undefined) =>
      (state?.records ?? []).map((fields) =>
        unpack(type, ref, fields, this.#groups.get(fields[Field.group] ?? -1)),
      );
    const sourceRecords = records(source);
    const targetRecords = records(target);
    const first = sourceRecords[0] ?? targetRecords[0];
    return {
      class: found,
      type,
      ref,
      entity: first?.entity ?? '',
      project: first?.project ?? '',
      ...(source ? { source: keySide(source) } : {}),
      ...(target ? { target: keySide(target) } : {}),
      records: { source: sourceRecords, target: targetRecords },
    };
  }
}

export type RecordSource = Iterable<ReconRecord> | AsyncIterable<ReconRecord>;

async function drain(records: RecordSource, take: (r: ReconRecord) => void): Promise<void> {
  if (Symbol.asyncIterator in records) for await (const r of records) take(r);
  else for (const r of records) take(r);
}

/**
 * Reconciles `source` (where the records come from) against `target` (where they should have arrived)
 * for one period, optionally one entity. Both are read at once, in any order.
 */
export async function reconcile(
  source: RecordSource,
  target: RecordSource,
  scope: ReconcileScope,
): Promise<ReconciliationReport> {
  const run = new ReconciliationRun(scope);
  await Promise.all([drain(source, (r) => run.add('source', r)), drain(target, (r) => run.add('target', r))]);
  return run.report();
}
