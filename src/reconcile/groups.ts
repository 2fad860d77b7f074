// Records fall into groups of one entity, project, transaction type and currency: the rows of the control
// totals. A record refers to its group by number (packed-record.ts), and a group sums the records of each
// side that are booked in the period, exactly, as they stream in. A few thousand groups at most, whatever
// the record count.
import { DecimalSum, difference } from './decimal-sum.ts';
import { detach } from './packed-record.ts';
import type { ReconRecord, TransactionType } from './record.ts';
import { compareTotalsRows } from './report-order.ts';
import { amountDecimals, hoursDecimals } from './scales.ts';
import type { SideTotals, TotalsRow } from './report.ts';

export type Side = 'source' | 'target';

class SideSums {
  /** Records counted (postings and reversals alike): a group nobody counted into is no row. */
  records = 0;
  /** Postings less reversals. */
  count = 0;
  unpriced = 0;
  readonly hours = new DecimalSum();
  readonly amount = new DecimalSum();
  readonly functional = new Map<string, DecimalSum>();

  add(r: ReconRecord): void {
    this.records += 1;
    this.count += r.reversal === true ? -1 : 1;
    if (r.hours !== undefined) this.hours.add(r.hours);
    if (r.amountUnknown === true) this.unpriced += 1;
    else this.amount.add(r.amount);
    if (r.functional) {
      let sum = this.functional.get(r.functional.currency);
      if (!sum) this.functional.set(r.functional.currency, (sum = new DecimalSum()));
      sum.add(r.functional.amount);
    }
  }

  totals(hoursScale: number, amountScale: number): SideTotals {
    return {
      count: this.count,
      hours: this.hours.format(hoursScale),
      amount: this.amount.format(amountScale),
      unpriced: this.unpriced,
      functional: Object.fromEntries(
        [...this.functional]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([c, s]) => [c, s.format(amountDecimals(c))]),
      ),
    };
  }
}

export interface Group {
  /** Its number, as packed records write it. */
  readonly tag: string;
  readonly entity: string;
  readonly project: string;
  readonly type: TransactionType;
  readonly currency: string;
  readonly source: SideSums;
  readonly target: SideSums;
}

function matches(group: Group, r: ReconRecord): boolean {
  return (
    group.project === r.project &&
    group.type === r.type &&
    group.entity === r.entity &&
    group.currency === r.currency
  );
}

export class Groups {
  readonly #period: string;
  /** Groups by project, then a short list to scan: no key string to build per record. */
  readonly #byProject = new Map<string, Group[]>();
  readonly #groups: Group[] = [];
  /** Records of one group tend to come together: the last one found saves the look-up. */
  #last: Group | undefined;

  constructor(period: string) {
    this.#period = period;
  }

  /** The group whose `tag` is given (a packed record's group field). */
  get(tag: string | number): Group {
    const group = this.#groups[Number(tag)];
    if (!group) throw new RangeError(`no record group ${tag}`);
    return group;
  }

  /** The record's group (created on first sight); its sums take the record if it is booked in the period. */
  add(side: Side, r: ReconRecord, booked: string): Group {
    let group = this.#last;
    if (!group || !matches(group, r)) {
      group = this.#find(r);
      this.#last = group;
    }
    if (booked === this.#period) group[side].add(r);
    return group;
  }

  #find(r: ReconRecord): Group {
    let list = this.#byProject.get(r.project);
    if (!list) {
      list = [];
      this.#byProject.set(detach(r.project), list);
    }
    for (const group of list)
      if (group.type === r.type && group.entity === r.entity && group.currency === r.currency) return group;
    // Copies, not slices of an input buffer that would stay alive with them.
    const group: Group = {
      tag: String(this.#groups.length),
      entity: detach(r.entity),
      project: detach(r.project),
      type: r.type,
      currency: detach(r.currency),
      source: new SideSums(),
      target: new SideSums(),
    };
    this.#groups.push(group);
    list.push(group);
    return group;
  }

  /** Totals of the groups any record booked in the period was counted into, sorted. */
  rows(): TotalsRow[] {
    return this.#groups
      .filter((g) => g.source.records + g.target.records > 0)
      .sort(compareTotalsRows)
      .map((g) => {
        // Both sides and the difference at one scale, so the columns compare digit for digit.
        const hoursScale = Math.max(hoursDecimals, g.source.hours.scale, g.target.hours.scale);
        const amountScale = Math.max(
          amountDecimals(g.currency),
          g.source.amount.scale,
          g.target.amount.scale,
        );
        return {
          entity: g.entity,
          project: g.project,
          type: g.type,
          currency: g.currency,
          source: g.source.totals(hoursScale, amountScale),
          target: g.target.totals(hoursScale, amountScale),
          difference: {
            count: g.target.count - g.source.count,
            hours: difference(g.target.hours, g.source.hours, hoursScale),
            amount: difference(g.target.amount, g.source.amount, amountScale),
          },
        };
      });
  }
}
