// timesheet_cost prices a timesheet line at the employee's cost price in force on the line's date (the
// latest `company.employee_cost_price` dated on or before it) and copies it onto the line whenever the
// line is created or written (`sync_cost`). So posting a cost means: make the price in force on the work
// date equal the cost rate, then create or write the line.
// A dated price also holds for the employee's later dates until the next dated price: Tryton models cost
// per employee over time, not per entry.
import { fromDate, normalizeDecimal, toDate, toDecimal, fromDecimal } from './codec.ts';
import { CostPriceRow, rows } from './records.ts';
import type { Books } from './setup.ts';

export interface CostNeed {
  readonly employee: number;
  readonly date: string;
  /** Decimal string. */
  readonly costRate: string;
}

interface Dated {
  id: number | undefined;
  date: string;
  price: string;
}

function inForce(prices: readonly Dated[], date: string): Dated | undefined {
  let found: Dated | undefined;
  for (const p of prices) if (p.date <= date) found = p;
  return found;
}

/**
 * Ensures each need's price is in force on its date; answers how many prices it created or changed.
 * Needs are applied in date order per employee, so a batch spanning price changes ends consistent.
 */
export async function ensureCostPrices(books: Books, needs: readonly CostNeed[]): Promise<number> {
  if (needs.length === 0) return 0;
  const employees = [...new Set(needs.map((n) => n.employee))];
  const existing = await books.rpc.modelChecked(
    rows(CostPriceRow),
    'company.employee_cost_price',
    'search_read',
    [['employee', 'in', employees]],
    0,
    null,
    [
      ['date', 'ASC'],
      ['id', 'ASC'],
    ],
    ['employee', 'date', 'cost_price'],
  );
  const byEmployee = new Map<number, Dated[]>();
  for (const row of existing) {
    const list = byEmployee.get(row.employee) ?? [];
    list.push({ id: row.id, date: fromDate(row.date), price: fromDecimal(row.cost_price) });
    byEmployee.set(row.employee, list);
  }
  const creates: { employee: number; dated: Dated }[] = [];
  const writes = new Map<number, string>();
  const sorted = [...needs].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const need of sorted) {
    const price = normalizeDecimal(need.costRate);
    const list = byEmployee.get(need.employee) ?? [];
    byEmployee.set(need.employee, list);
    const current = inForce(list, need.date);
    if (current?.price === price) continue;
    if (current?.date === need.date) {
      current.price = price;
      if (current.id !== undefined) writes.set(current.id, price);
      continue;
    }
    const added: Dated = { id: undefined, date: need.date, price };
    list.push(added);
    list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    creates.push({ employee: need.employee, dated: added });
  }
  if (creates.length > 0)
    await books.rpc.model(
      'company.employee_cost_price',
      'create',
      creates.map(({ employee, dated }) => ({
        employee,
        date: toDate(dated.date),
        cost_price: toDecimal(dated.price),
      })),
    );
  if (writes.size > 0)
    await books.rpc.model(
      'company.employee_cost_price',
      'write',
      ...[...writes].flatMap(([id, price]) => [[id], { cost_price: toDecimal(price) }]),
    );
  return creates.length + writes.size;
}
