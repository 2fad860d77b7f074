// A quarter of expenses, project by project and week by week: travel, hotels, meals, mileage and the odd
// licence, by team members on the days they worked there. Recharged to the client on time-and-materials
// and retainer work, rarely on fixed fees (the fee covers them); paid back to the consultant unless bought
// on the company card. Most are approved by the project's manager; a few are rejected with a reason, and
// part of the last week is still waiting.
import type { FirmExpense } from '../firm.ts';
import type { Prng } from '../../sandbox-kit/prng.ts';
import type { ExpenseCategory } from '../vendor/delivery-records.ts';
import { amountOf } from './amounts.ts';
import { approvalInstant, type WorkDay } from './calendar.ts';
import { rejectionReasons } from './services-catalogue.ts';
import type { ServiceBilling, ServiceProject } from './services-firm.ts';
import { WeightedPicker } from '../../sandbox-kit/weighted.ts';

const categories = new WeightedPicker<ExpenseCategory>(
  ['rail', 'airfare', 'taxi', 'hotel', 'meals', 'mileage', 'software', 'other'],
  [25, 8, 12, 20, 20, 10, 3, 2],
);

/** Whole-unit ranges in GBP, scaled to the entity's price level; mileage is priced per unit instead. */
const ranges: Readonly<Record<Exclude<ExpenseCategory, 'mileage'>, readonly [number, number, string]>> = {
  rail: [40, 260, 'Rail fare to the client site'],
  airfare: [90, 650, 'Return flight for the steering committee'],
  taxi: [12, 85, 'Taxi between station and client office'],
  hotel: [95, 320, 'Hotel near the client site, one night'],
  meals: [8, 75, 'Working dinner with the project team'],
  software: [10, 150, 'Diagramming tool licence, one month'],
  other: [5, 120, 'Printing of workshop materials'],
};

const weeklyChance: Readonly<Record<ServiceBilling, number>> = {
  time_and_materials: 0.55,
  fixed_fee: 0.45,
  retainer: 0.3,
};

export function makeExpenses(
  rng: Prng,
  days: readonly WorkDay[],
  projects: readonly ServiceProject[],
): FirmExpense[] {
  const expenses: FirmExpense[] = [];
  const weeks = Math.floor(days.length / 5);
  for (const project of projects) {
    for (let week = 0; week < weeks; week++) {
      if (!rng.chance(weeklyChance[project.billing])) continue;
      for (let n = rng.int(1, 3); n > 0; n--) {
        const d = week * 5 + rng.int(0, 4);
        const day = days[d];
        if (!day || (project.lastDay !== undefined && d > project.lastDay)) continue;
        expenses.push(expense(rng, expenses.length + 1, project, day, week === weeks - 1));
      }
    }
  }
  return expenses;
}

function expense(
  rng: Prng,
  n: number,
  project: ServiceProject,
  day: WorkDay,
  lastWeek: boolean,
): FirmExpense {
  const { currency, rateFactorPercent, utcOffset, country } = project.company;
  const category = categories.pick(rng);
  let amount: string;
  let description: string;
  if (category === 'mileage') {
    // Miles at 45 pence in the UK, kilometres at 30 cents elsewhere, priced in whole cents.
    const uk = country === 'GB';
    const distance = rng.int(10, uk ? 300 : 480);
    const cents = distance * (uk ? 45 : 30);
    amount = amountOf(Math.floor(cents / 100), cents % 100, currency);
    description = `Mileage to the client site, ${distance} ${uk ? 'miles' : 'km'}`;
  } else {
    const [low, high, text] = ranges[category];
    amount = amountOf(Math.floor((rng.int(low, high) * rateFactorPercent) / 100), rng.int(0, 99), currency);
    description = text;
  }
  const recharged = project.billing === 'fixed_fee' ? 0.15 : 0.85;
  const status = lastWeek && rng.chance(0.5) ? 'submitted' : rng.chance(0.03) ? 'rejected' : 'approved';
  const reviewed = status !== 'submitted';
  return {
    id: `E-${n}`,
    user_id: rng.pick(project.team).user.id,
    project_id: project.record.id,
    spent_on: day.date,
    category,
    amount,
    currency,
    billable: rng.chance(recharged),
    // Software is bought on the company card; so is some travel.
    reimbursable: category !== 'software' && rng.chance(0.85),
    receipt_ref: category === 'mileage' || rng.chance(0.04) ? null : `RCPT-${String(200_000 + n)}`,
    description,
    status,
    reviewed_at: reviewed ? approvalInstant(rng, day, utcOffset) : null,
    reviewed_by: reviewed ? project.manager.user.id : null,
    rejection_reason: status === 'rejected' ? rng.pick(rejectionReasons) : null,
  };
}
